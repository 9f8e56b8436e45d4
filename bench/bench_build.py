"""Benchmark: `bot index` on generated corpora of 100, 1,000 and 10,000 articles.

    python bench/bench_build.py [--sizes 100 1000 10000] [--no-fold-also]

Each build runs in its own process; the script prints build time, peak memory (max RSS), index
size, passages, folded near-duplicates and the FAISS index type. With ``--no-fold-also`` the
largest corpus is built a second time without folding, which makes it big enough for HNSW, and
HNSW's recall@10 is measured against exact search over the same vectors.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

BUILD = """
import json, resource, sys, time
from pathlib import Path
from bot.settings import Settings
from bot.index.build import build_index
s = Settings(corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), fold_near_duplicates=sys.argv[3] == "1")
t = time.perf_counter()
r = build_index(s, progress=False)
print(json.dumps({"seconds": time.perf_counter() - t, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "path": str(r.path), "articles": r.articles, "passages": r.passages, "folded": r.folded}))
"""


def build(corpus: Path, index: Path, fold: bool) -> dict:
    out = subprocess.run([sys.executable, "-c", BUILD, str(corpus), str(index), "1" if fold else "0"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    path = Path(result["path"])
    result["size_mb"] = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20
    result["dense"] = json.loads((path / "manifest.json").read_text(encoding="utf-8"))["dense_index"]
    return result


def hnsw_recall(build_dir: Path, queries: int = 300, k: int = 10) -> float:
    import faiss
    import numpy as np

    index = faiss.read_index(str(build_dir / "dense.faiss"))
    vectors = index.storage.reconstruct_n(0, index.ntotal) if hasattr(index, "storage") else None
    if vectors is None:
        return float("nan")
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    rng = np.random.default_rng(0)
    picks = vectors[rng.choice(len(vectors), size=min(queries, len(vectors)), replace=False)]
    probe = picks + rng.normal(0, 0.05, picks.shape).astype("float32")
    _, truth = exact.search(probe, k)
    _, found = index.search(probe, k)
    return float(np.mean([len(set(t) & set(f)) / k for t, f in zip(truth, found, strict=True)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--no-fold-also", action="store_true")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-build-"))
    print(f"{'articles':>8} {'fold':>5} {'passages':>9} {'folded':>7} {'seconds':>8} {'peak MB':>8} {'index MB':>9} dense")
    runs = [(n, True) for n in args.sizes] + ([(max(args.sizes), False)] if args.no_fold_also else [])
    for n, fold in runs:
        corpus = generate_corpus(ROOT / "corpus", scratch / f"corpus-{n}", n)
        r = build(corpus, scratch / f"index-{n}-{int(fold)}", fold)
        print(f"{n:>8} {str(fold):>5} {r['passages']:>9} {r['folded']:>7} {r['seconds']:>8.1f} {r['maxrss_mb']:>8.0f} "
              f"{r['size_mb']:>9.1f} {r['dense']}")
        if r["dense"] != "IndexFlatIP":
            print(f"         HNSW recall@10 against exact search: {hnsw_recall(Path(r['path'])):.3f}")


if __name__ == "__main__":
    main()
