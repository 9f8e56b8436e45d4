"""Benchmark: index build time and in-process `ask` latency.

    python bench/bench_ask.py [--repeat 20] [--index-dir DIR]

Builds the index from the shipped corpus into a scratch folder (timed), then answers a fixed
set of everyday questions after a warm-up and prints the median, 95th and 99th percentile.
Nothing is asserted: the figures are for the README and the closing notes.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.store import LoadedIndex
from bot.settings import Settings

QUESTIONS = [
    ("济南医保卡里的钱可以给家人用吗", None),
    ("医保的钱能不能取出来", None),
    ("换城市工作医保怎么转", None),
    ("医保还剩多少钱怎么查", None),
    ("我爸能用我的医保卡吗", "青岛"),
    ("个人账户能取现吗", "菏泽"),
    ("从济南调到深圳，医保个人账户余额能转过去吗", None),
    ("社保卡还有多少钱", "乌鲁木齐"),
    ("借医保卡给别人用违法吗", None),
    ("12393和12333有什么区别", None),
    ("医保钱包怎么给外省的爸妈转钱", None),
    ("今天天气怎么样", None),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()

    index_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="bench-index-"))
    settings = Settings(index_dir=index_dir)
    started = time.perf_counter()
    report = build_index(settings, progress=False)
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    answerer = Answerer(LoadedIndex.load(report.path))
    load_ms = (time.perf_counter() - started) * 1000

    for question, city in QUESTIONS:  # warm-up: jieba, caches
        answerer.answer(question, city=city)
    timings = []
    for _ in range(args.repeat):
        for question, city in QUESTIONS:
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
