"""How well the import checker flags planted sentences in eval/import_pages.

    python bench/measure_import_checks.py [--split tune|tune_more|fresh|…|fresh10|heldout] [--verbose]

Parses each page of the split with parse_plain_article, checks it against the published corpus
and matches flags to the labels by sentence text (equal, or one containing the other, after
removing whitespace). Prints recall per kind, the share of true sentences flagged, counts and
the time per page. A planted sentence the importer dropped (a footer, a disclaimer) cannot be
flagged and is counted apart as "dropped".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus.checks import KINDS, DraftChecker  # noqa: E402
from bot.corpus.loader import load_corpus  # noqa: E402
from bot.eval.import_pages import LABEL_FILES, labels, parsed_page, related, sentences_of  # noqa: E402


def measure(split: str, verbose: bool = False) -> dict:
    checker_start = time.perf_counter()
    checker = DraftChecker(load_corpus(ROOT / "corpus"))
    build_s = time.perf_counter() - checker_start
    found, planted, dropped = Counter(), Counter(), Counter()
    true_total = true_flagged = 0
    check_s = 0.0
    for path, entry in sorted(labels(split).items()):
        draft = parsed_page(path)
        started = time.perf_counter()
        flags = checker.check(draft)
        check_s += time.perf_counter() - started
        sentences = sentences_of(draft)
        plants = entry.get("planted") or []
        for plant in plants:
            planted[plant["kind"]] += 1
            if not any(related(s, plant["sentence"]) for s in sentences):
                dropped[plant["kind"]] += 1
                continue
            hit = any(f.kind == plant["kind"] and related(f.sentence, plant["sentence"]) for f in flags)
            found[plant["kind"]] += hit
            if verbose and not hit:
                got = [f.kind for f in flags if related(f.sentence, plant["sentence"])]
                print(f"  MISSED {plant['kind']:<11} {got} {path}: {plant['sentence']}")
        flagged = {f.sentence: f for f in flags}
        for sentence in sentences:
            if any(related(sentence, p["sentence"]) for p in plants):
                continue
            true_total += 1
            if sentence in flagged:
                true_flagged += 1
                if verbose:
                    f = flagged[sentence]
                    print(f"  FALSE  {f.kind:<11} {path}: {sentence}  [{f.rule}] {f.why}")
    pages = len(labels(split))
    return dict(split=split, pages=pages, found=found, planted=planted, dropped=dropped,
                true_total=true_total, true_flagged=true_flagged, build_s=build_s,
                ms_per_page=1000 * check_s / max(pages, 1))


def report(result: dict) -> None:
    print(f"split {result['split']}: {result['pages']} pages")
    for kind in KINDS:
        planted, dropped, found = result["planted"][kind], result["dropped"][kind], result["found"][kind]
        checkable = planted - dropped
        recall = found / checkable if checkable else float("nan")
        print(f"  {kind:<11} recall {recall:.2f}  ({found}/{checkable} found; {dropped} dropped by the importer)")
    share = result["true_flagged"] / max(result["true_total"], 1)
    print(f"  true sentences flagged: {share:.1%} ({result['true_flagged']}/{result['true_total']})")
    print(f"  checker build {result['build_s']:.2f} s, check {result['ms_per_page']:.1f} ms per page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=tuple(LABEL_FILES), default="tune")
    parser.add_argument("--verbose", action="store_true", help="list misses and false flags (not for heldout)")
    args = parser.parse_args()
    report(measure(args.split, verbose=args.verbose and args.split != "heldout"))


if __name__ == "__main__":
    main()
