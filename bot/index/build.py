"""``bot index``: corpus → passages → BM25 + FAISS, written as one build folder and swapped in
atomically.

Layout under ``index_dir``::

    builds/<stamp>/manifest.json   corpus hash, model, dims, counts, build time, file checksums
    builds/<stamp>/passages.jsonl  one passage per line with its article's metadata
    builds/<stamp>/bm25/           bm25s index over jieba tokens
    builds/<stamp>/dense.faiss     passage vectors
    builds/<stamp>/embedder/       the trained static embedder (default embedder only)
    current -> builds/<stamp>      a symlink replaced in one rename, so readers never see half a build
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import bm25s
import faiss
import numpy as np
from tqdm import tqdm

from bot.corpus.article import Article
from bot.corpus.loader import corpus_hash, load_corpus
from bot.corpus.passages import index_text, split_passages
from bot.index.dedup import FoldItem, fold_near_duplicates
from bot.index.embedders import SentenceTransformerEmbedder, StaticLookupEmbedder
from bot.settings import TRAINED_STATIC, Settings
from bot.text.segment import tokens
from bot.understand import facets

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each build step at DEBUG
MANIFEST = "manifest.json"
FORMAT_VERSION = 3


@dataclass(frozen=True)
class BuildReport:
    path: Path
    articles: int
    passages: int
    folded: int  # passages folded into a near-duplicate from another article
    seconds: float
    stale: list[str]  # ids of articles older than the configured age


def text_rules_hash() -> str:
    """Hash of the dictionary, synonyms and stop words: changing them changes every token."""
    digest = hashlib.sha256(str(FORMAT_VERSION).encode())
    data = resources.files("bot.data")
    for name in ("userdict.txt", "synonyms.tsv", "stopwords.txt"):
        digest.update(data.joinpath(name).read_bytes())
    digest.update(Path(facets.__file__).read_bytes())  # the heading rules give each unit its facets
    return digest.hexdigest()


def build_key(settings: Settings) -> dict[str, object]:
    """What a build depends on; a different key means the index must be rebuilt."""
    key: dict[str, object] = {
        "corpus_hash": corpus_hash(settings.corpus_dir),
        "text_rules_hash": text_rules_hash(),
        "model": settings.embedding_model,
        "fold": settings.fold_near_duplicates,
        "hnsw_min_rows": settings.hnsw_min_rows,
    }
    if settings.embedding_model == TRAINED_STATIC:
        key.update(dim=settings.embedding_dim, epochs=settings.train_epochs, seed=settings.train_seed,
                   max_pairs=settings.train_max_pairs, members=settings.train_members)
    return key


def current_build(index_dir: Path) -> Path | None:
    link = index_dir / "current"
    if not (link / MANIFEST).is_file():
        return None
    return link.resolve()


def needs_rebuild(settings: Settings) -> bool:
    build = current_build(settings.index_dir)
    if build is None:
        return True
    try:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True  # an unreadable manifest: a new build is the way back
    return manifest.get("key") != build_key(settings)


def finished_builds(index_dir: Path) -> list[Path]:
    """Completed builds, newest first (half-written ones start with a dot)."""
    builds = index_dir / "builds"
    if not builds.is_dir():
        return []
    return sorted((p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)


def checksum_fault(build: Path) -> str | None:
    """What is wrong with a build's files (one missing, one not matching the manifest), or None."""
    try:
        files = json.loads((build / MANIFEST).read_text(encoding="utf-8"))["files"]
        for name, expected in files.items():
            path = build / name
            if not path.is_file():
                return f"{name} is missing"
            if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
                return f"{name} does not match its checksum in the manifest"
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"{MANIFEST} cannot be read ({type(exc).__name__})"
    return None if files else f"{MANIFEST} lists no files"


def passes_checksums(build: Path) -> bool:
    return checksum_fault(build) is None


def build_index(settings: Settings, progress: bool = True) -> BuildReport:
    """Build a complete index in a new folder, then point ``current`` at it.

    Any failure leaves the previous build in place and removes the half-written folder.
    """
    started = time.perf_counter()
    key = build_key(settings)
    articles = load_corpus(settings.corpus_dir)  # raises CorpusError before anything is written
    builds = settings.index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_partials(builds)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    work = builds / f".partial-{stamp}-{os.getpid()}"
    try:
        report = _write_build(settings, articles, key, work, started, progress)
        final = builds / stamp
        work.rename(final)
        _point_current(settings.index_dir, final)
        _remove_old_builds(builds, keep=final)
        return BuildReport(final, report.articles, report.passages, report.folded, report.seconds, report.stale)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _write_build(
    settings: Settings, articles: list[Article], key: dict[str, object], work: Path, started: float, progress: bool
) -> BuildReport:
    work.mkdir(parents=True)
    by_id = {a.id: a for a in articles}
    steps = tqdm(total=5, desc="bot index", unit="step", disable=not progress)

    steps.set_postfix_str("passages")
    passages = [p for a in articles for p in split_passages(a)]
    if settings.fold_near_duplicates:
        representative = fold_near_duplicates(
            [FoldItem(p.text, _iso(by_id[p.article_id].published), p.article_id) for p in passages]
        )
    else:
        representative = list(range(len(passages)))
    _write_passages(work / "passages.jsonl", passages, by_id, representative)
    indexed = [p for i, p in enumerate(passages) if representative[i] == i]
    texts = [index_text(by_id[p.article_id], p) for p in indexed]
    steps.update()

    steps.set_postfix_str("bm25")
    corpus_tokens = [tokens(t) or ["∅"] for t in texts]
    bm25 = bm25s.BM25()
    bm25.index(corpus_tokens, show_progress=False)
    bm25.save(str(work / "bm25"), show_progress=False)
    steps.update()

    steps.set_postfix_str("embedder")
    embedder, embedder_info = _make_embedder(settings, articles, indexed, texts, work)
    steps.update()

    steps.set_postfix_str("vectors")
    vectors = embedder.encode(texts)
    dense = make_dense_index(vectors, settings.hnsw_min_rows)
    faiss.write_index(dense, str(work / "dense.faiss"))
    steps.update()

    seconds = time.perf_counter() - started
    stale = _stale_articles(articles, settings.stale_after_days)
    manifest = {
        "format": FORMAT_VERSION,
        "key": key,
        "embedder": embedder_info,
        "dimensions": int(vectors.shape[1]),
        "dense_index": type(dense).__name__,
        "counts": {"articles": len(articles), "passages": len(passages), "indexed": len(indexed),
                   "folded": len(passages) - len(indexed)},
        "build_seconds": round(seconds, 3),
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "stale_articles": stale,
        "files": _checksums(work),
    }
    (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    steps.update()
    steps.close()
    return BuildReport(work, len(articles), len(passages), len(passages) - len(indexed), seconds, stale)


HNSW_NEIGHBOURS = 32
HNSW_EF_SEARCH = 128


def make_dense_index(vectors: np.ndarray, hnsw_min_rows: int) -> faiss.Index:
    """Exact inner product for a corpus of ordinary size; HNSW once exact search would be slow
    (``bench/bench_build.py`` measures its recall against exact search)."""
    if len(vectors) < hnsw_min_rows:
        index = faiss.IndexFlatIP(vectors.shape[1])
    else:
        index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    index.add(vectors)
    return index


def _make_embedder(settings: Settings, articles, passages, texts, work: Path):
    if settings.embedding_model == TRAINED_STATIC:
        from bot.index.train_static import train_static_embedder  # torch only at build time

        # the trainer prints its summary with print(): standard output belongs to the command
        with contextlib.redirect_stdout(sys.stderr):
            folder = train_static_embedder(
                articles, passages, texts, work / "embedder",
                dim=settings.embedding_dim, epochs=settings.train_epochs, seed=settings.train_seed,
                max_pairs=settings.train_max_pairs, members=settings.train_members,
            )
        return StaticLookupEmbedder.load(folder), {"kind": "static", "model": TRAINED_STATIC,
                                                   "members": settings.train_members}
    embedder = SentenceTransformerEmbedder(settings.embedding_model)
    return embedder, {"kind": "sentence-transformers", "model": settings.embedding_model}


def _write_passages(path: Path, passages, by_id: dict[str, Article], representative: list[int]) -> None:
    """Every passage, folded or not; ``group`` names the passage that stands for it in the index."""
    with path.open("w", encoding="utf-8") as handle:
        for i, p in enumerate(passages):
            article = by_id[p.article_id]
            record = {
                **asdict(p),
                "title": article.title,
                "city": article.city,
                "province": article.province_name,
                "topics": list(article.topics),
                "published": _iso(article.published),
                "source": article.source,
                "url": article.url,
                "reviewed": article.reviewed,
                "facets": list(p.facets),
                "applies_when": list(article.applies_when),
                "questions": article.questions if p.position == 0 else list(p.questions),
                "phrasings": article.phrasings if p.position == 0 else [],
                "group": passages[representative[i]].id,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _stale_articles(articles: list[Article], max_age_days: int) -> list[str]:
    """Articles older than the limit, and those whose source gave no date (nobody knows how old)."""
    today = datetime.now(timezone.utc).date()
    return sorted(a.id for a in articles if a.published is None or (today - a.published).days > max_age_days)


def _iso(day) -> str:
    """An article's date as stored in the index: ISO, or empty when the source gave none (which
    sorts before every date, so an undated text never wins as the newer one)."""
    return day.isoformat() if day else ""


def _checksums(folder: Path) -> dict[str, str]:
    sums = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            sums[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _point_current(index_dir: Path, build: Path) -> None:
    tmp_link = index_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(build.relative_to(index_dir))
    os.replace(tmp_link, index_dir / "current")  # one rename: readers see the old or the new build


def _remove_old_builds(builds: Path, keep: Path) -> None:
    """Keep the new build and the newest good one before it: a server may still be reading it,
    and it is the way back if the new one is ever damaged. Damaged builds go."""
    spare = None
    for old in finished_builds(builds.parent):
        if old == keep:
            continue
        if spare is None and passes_checksums(old):
            spare = old
            continue
        shutil.rmtree(old, ignore_errors=True)


def _remove_abandoned_partials(builds: Path) -> None:
    """Half-written builds of processes that no longer run (a killed `bot index`)."""
    for partial in builds.glob(".partial-*"):
        pid = partial.name.rsplit("-", 1)[-1]
        if not (pid.isdigit() and _running(int(pid))):
            shutil.rmtree(partial, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
