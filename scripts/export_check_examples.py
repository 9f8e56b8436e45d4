"""Write bot/data/check_examples.tsv: the labelled sentences the import checker's sentence model
learns from, taken from the pages in eval/import_pages (the splits in LEARNED_FROM; never the
held-back pages).

    python scripts/export_check_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.eval.import_pages import HELD_OUT, LEARNED_FROM, labelled_sentences  # noqa: E402
from bot.settings import PROJECT_ROOT  # noqa: E402

TARGET = PROJECT_ROOT / "bot" / "data" / "check_examples.tsv"
HEADER = """\
# Labelled sentences of imitation content-site pages, for the import checker's sentence model
# (bot/corpus/sentence_model.py). Columns (TAB-separated): sentence, label (true, contradicts,
# unverified, off_topic or boilerplate). Written by scripts/export_check_examples.py from the
# labelled pages of eval/import_pages, splits {splits}; no sentence of a held-back page is among them.
# Edit the pages and their labels, not this file.
"""


def _clean(sentence: str) -> str:
    return " ".join(sentence.split())


def examples() -> list[tuple[str, str]]:
    # a sentence the held-back pages also hold (their writer reused a few) is left out, so that
    # nothing measured on them was learned from
    held_back = {_clean(s) for s, _ in labelled_sentences(HELD_OUT)}
    rows: dict[str, str] = {}
    for split in LEARNED_FROM:
        for sentence, label in labelled_sentences(split):
            if _clean(sentence) not in held_back:
                rows.setdefault(_clean(sentence), label)  # a city-swapped copy says the same once
    return sorted(rows.items())


def main() -> None:
    lines = [HEADER.format(splits=", ".join(LEARNED_FROM))] + [f"{s}\t{label}\n" for s, label in examples()]
    TARGET.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(PROJECT_ROOT)}: {len(lines) - 1} sentences")


if __name__ == "__main__":
    main()
