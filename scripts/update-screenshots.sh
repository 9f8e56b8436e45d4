#!/usr/bin/env bash
# Copy the screenshots the browser tests took (make test) into docs/ for the README.
set -euo pipefail
cd "$(dirname "$0")/.."
for name in chat-phone chat-phone-elder chat-phone-citation chat-desktop assist-desktop assist-phone \
            search-desktop search-phone article-desktop article-phone; do
  cp "test-artifacts/screenshots/$name.png" "docs/$name.png"
done
echo "docs/ screenshots updated"
