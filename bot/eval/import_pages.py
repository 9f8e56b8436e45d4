"""The labelled content-site pages in eval/import_pages: each split's pages, their sentences
as the importer splits them, and each sentence's label (``true`` or the kind planted).

Used by bench/measure_import_checks.py to measure the checks and by
scripts/export_check_examples.py to write the examples the sentence model learns from.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.corpus.article import Article
from bot.corpus.importer import parse_plain_article
from bot.corpus.passages import split_passages
from bot.settings import PROJECT_ROOT

PAGES = PROJECT_ROOT / "eval" / "import_pages"
LABEL_FILES = {"tune": "labels.yaml", "heldout": "labels.yaml", "tune_more": "labels_tune_more.yaml",
               "fresh": "labels_fresh.yaml", "fresh2": "labels_fresh2.yaml", "fresh3": "labels_fresh3.yaml",
               "fresh4": "labels_fresh4.yaml", "fresh5": "labels_fresh5.yaml", "fresh6": "labels_fresh6.yaml", "fresh7": "labels_fresh7.yaml", "fresh8": "labels_fresh8.yaml", "fresh9": "labels_fresh9.yaml", "fresh10": "labels_fresh10.yaml",
               "fresh11": "labels_fresh11.yaml", "fresh12": "labels_fresh12.yaml"}
HELD_OUT = "heldout"  # never read for development or tuning; only measured
# What the sentence model learns from: every split but the held-back one. A new writer's split is
# measured first, as pages the checks have never seen, and only then learned from.
LEARNED_FROM = ("tune", "tune_more", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
                "fresh8", "fresh9", "fresh10", "fresh11", "fresh12")


def bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def related(a: str, b: str) -> bool:
    """One sentence is the other, or holds it (the importer may join a heading or drop a space)."""
    a, b = bare(a), bare(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def labels(split: str, pages: Path = PAGES) -> dict[str, dict]:
    """Page path (relative to ``pages``) → its entry: city, province, planted sentences."""
    entries = yaml.safe_load((pages / LABEL_FILES[split]).read_text(encoding="utf-8"))
    return {path: entry for path, entry in entries.items() if path.startswith(f"{split}/")}


def parsed_page(path: str, pages: Path = PAGES) -> Article:
    return parse_plain_article((pages / path).read_text(encoding="utf-8"), origin=path)


def sentences_of(article: Article) -> list[str]:
    return [s for p in split_passages(article) for s in p.sentences]


def labelled_sentences(split: str, pages: Path = PAGES) -> list[tuple[str, str]]:
    """(sentence, label) for every sentence of the split's pages, ``true`` where nothing was planted."""
    rows = []
    for path, entry in sorted(labels(split, pages).items()):
        planted = entry.get("planted") or []
        for sentence in sentences_of(parsed_page(path, pages)):
            kind = next((p["kind"] for p in planted if related(sentence, p["sentence"])), "true")
            rows.append((sentence, kind))
    return rows
