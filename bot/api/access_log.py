"""The access log: one line per request with its method, masked path, status and time.

It replaces uvicorn's own access log, which writes the query string: the search box sends what
is typed there on every keystroke, and WeChat's signed query strings are credentials. Neither a
query string nor an unmasked number ever reaches the log.
"""

from __future__ import annotations

import logging
import sys

from bot.text.mask import mask_pii

log = logging.getLogger("bot.access")


def configure() -> None:
    """Send the access log to standard output, where uvicorn's used to go."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def record(method: str, path: str, status: int, seconds: float) -> None:
    """One line for a finished request (the metrics middleware calls this: it already times it)."""
    if log.isEnabledFor(logging.INFO):
        log.info("%s %s %d %.1fms", method, mask_pii(path).text[:200], status, seconds * 1000)
