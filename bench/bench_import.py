"""Benchmark: `bot import` of many content-site pages into a copy of the shipped corpus.

    python bench/bench_import.py [--pages 1000]

The pages are the two seed pages (../shared/seeds) and the tuning pages of eval/import_pages,
each copied for other cities (the content sites' own city-swap), so most pages are copies whose
flags fold. Prints the time to import and check them, pages per second, flags per kind and the
peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import re
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.corpus.importer import import_files  # noqa: E402
from bot.text.geo import find_places, gazetteer  # noqa: E402

CITIES = ["济南", "青岛", "淄博", "烟台", "潍坊", "郑州", "洛阳", "长沙", "株洲", "南京", "苏州", "无锡", "杭州", "宁波",
          "成都", "绵阳", "武汉", "宜昌", "西安", "兰州", "昆明", "贵阳", "南宁", "福州", "厦门", "合肥", "太原", "石家庄"]


def templates() -> list[str]:
    pages = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) + sorted((ROOT / "eval" / "import_pages" / "tune").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in pages]


def city_of(text: str) -> str | None:
    places = find_places(text.splitlines()[0])
    return places[0].city if places else None


def generate(folder: Path, count: int) -> list[Path]:
    paths = []
    for n, (text, city) in enumerate(itertools.islice(itertools.cycle(itertools.product(templates(), CITIES)), count)):
        own = city_of(text)
        page = text.replace(own, city) if own else text
        # another day for each round of copies: same title and site, so a distinct article id
        page = re.sub(r"^\d{4}-\d{2}-\d{2}", f"2025-{n // 560 % 12 + 1:02d}-{n // 560 % 28 + 1:02d}", page, count=1, flags=re.M)
        path = folder / f"page-{n:05d}.txt"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    gazetteer()  # loaded once, as in a running CLI
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        pages = generate(Path(tmp), args.pages)
        started = time.perf_counter()
        done, refused = import_files(pages, corpus)
        seconds = time.perf_counter() - started
    kinds = Counter(f.kind for item in done for f in item.flags)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(pages)} pages: {len(done)} imported, {len(refused)} refused in {seconds:.1f} s "
          f"({len(done) / seconds:.0f} pages/s); flags {dict(kinds)}; peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
