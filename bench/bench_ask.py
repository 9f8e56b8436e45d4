"""Benchmark: index build time and in-process `ask` latency.

    python bench/bench_ask.py [--repeat 20] [--index-dir DIR]

Builds the index from the shipped corpus into a scratch folder (timed), then answers every
question of the evaluation set after a warm-up and prints the median, 95th and 99th percentile.
Nothing is asserted: the figures are for the README and the closing notes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bot.answer.calibration import load_min_confidence
from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.store import LoadedIndex
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def eval_questions() -> list[tuple[str, str | None]]:
    """Every user turn of the evaluation set, with the city field its request sends."""
    from bot.eval.dataset import load_dialogues

    from bot.text.geo import find_places

    def city_of(field: str | None) -> str | None:
        places = find_places(field) if field else []
        return places[0].city if places else None

    return [(t.user, city_of(t.city)) for d in load_dialogues(ROOT / "eval") for t in d.turns]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()

    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="bench-index-"))
    settings = Settings(index_dir=index_dir)
    started = time.perf_counter()
    report = build_index(settings, progress=False)
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    answerer = Answerer(LoadedIndex.load(report.path), min_confidence=load_min_confidence())
    load_ms = (time.perf_counter() - started) * 1000

    questions = eval_questions()
    for question, city in questions:  # warm-up: jieba, caches
        answerer.answer(question, city=city)
    timings = []
    for _ in range(args.repeat):
        for question, city in questions:
            t0 = time.perf_counter()
            answerer.answer(question, city=city)
            timings.append((time.perf_counter() - t0) * 1000)

    print(f"corpus: {report.articles} articles, {report.passages} passages")
    print(f"index build: {build_seconds:.1f} s (embedder training included)")
    print(f"index load: {load_ms:.0f} ms")
    print(f"ask latency over {len(timings)} answers: p50 {statistics.median(timings):.2f} ms, "
          f"p95 {percentile(timings, 0.95):.2f} ms, p99 {percentile(timings, 0.99):.2f} ms, "
          f"max {max(timings):.2f} ms")


if __name__ == "__main__":
    main()
