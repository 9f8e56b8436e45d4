"""Loading a built index: passages, BM25, FAISS and the embedder, checked against the manifest."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import faiss

from bot.index.build import (MANIFEST, build_index, checksum_fault, current_build, finished_builds, needs_rebuild,
                             passes_checksums)
from bot.index.embedders import Embedder, load_embedder
from bot.settings import Settings

log = logging.getLogger(__name__)


class CorruptIndexError(RuntimeError):
    """A build that cannot be used (missing file, checksum mismatch)."""


@dataclass(frozen=True)
class PassageRecord:
    id: str
    article_id: str
    heading: str
    text: str
    position: int
    title: str
    city: str | None
    province: str | None
    topics: tuple[str, ...]
    published: str
    source: str
    url: str | None
    questions: tuple[str, ...] = field(default=())
    phrasings: tuple[str, ...] = field(default=())
    group: str = ""  # id of the passage that stands for this one's near-duplicate group
    facets: tuple[str, ...] = field(default=())  # what this answer unit answers: how_long, materials…
    applies_when: tuple[str, ...] = field(default=())  # the article answers only questions holding one of these
    reviewed: bool = True  # False for an imported draft no editor has published

    @property
    def region(self) -> str | None:
        return self.city or self.province

    @property
    def indexed(self) -> bool:
        return self.group in ("", self.id)


@dataclass
class LoadedIndex:
    """A build in memory. ``rows[i]`` is the passage behind BM25 document i and FAISS vector i;
    ``members[row.id]`` are all the passages (one per article) folded into that row."""

    path: Path
    manifest: dict
    passages: list[PassageRecord]
    bm25: bm25s.BM25
    dense: faiss.Index
    embedder: Embedder
    rows: list[PassageRecord] = field(init=False)
    members: dict[str, list[PassageRecord]] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = [p for p in self.passages if p.indexed]
        self.members = {}
        for p in self.passages:
            self.members.setdefault(p.group or p.id, []).append(p)

    @classmethod
    def load(cls, build: Path) -> LoadedIndex:
        """Load and check a build; anything wrong with it is a CorruptIndexError naming the fault."""
        try:
            return cls._load(build)
        except CorruptIndexError:
            raise
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise CorruptIndexError(f"{build}: cannot be loaded ({type(exc).__name__}: {exc})") from exc

    @classmethod
    def _load(cls, build: Path) -> LoadedIndex:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        _verify(build)
        passages = [_record(json.loads(line)) for line in (build / "passages.jsonl").open(encoding="utf-8")]
        bm25 = bm25s.BM25.load(str(build / "bm25"), show_progress=False)
        dense = faiss.read_index(str(build / "dense.faiss"))
        loaded = cls(build, manifest, passages, bm25, dense, load_embedder(build))
        if dense.ntotal != len(loaded.rows):
            raise CorruptIndexError(f"{build}: dense.faiss holds {dense.ntotal} vectors for {len(loaded.rows)} passages")
        return loaded

    @property
    def article_count(self) -> int:
        return self.manifest["counts"]["articles"]


def _record(raw: dict) -> PassageRecord:
    raw["topics"] = tuple(raw["topics"])
    raw["questions"] = tuple(raw.get("questions") or ())
    raw["phrasings"] = tuple(raw.get("phrasings") or ())
    raw["facets"] = tuple(raw.get("facets") or ())
    raw["applies_when"] = tuple(raw.get("applies_when") or ())
    return PassageRecord(**raw)


def _verify(build: Path) -> None:
    fault = checksum_fault(build)
    if fault:
        raise CorruptIndexError(f"{build}: {fault}")


def ensure_index(settings: Settings, progress: bool = False) -> LoadedIndex:
    """The current index, built first when missing or out of date (corpus, model or rules changed)."""
    if needs_rebuild(settings):
        log.info("index missing or out of date: building")
        build_index(settings, progress=progress)
    build = current_build(settings.index_dir)
    assert build is not None
    try:
        return LoadedIndex.load(build)
    except CorruptIndexError as exc:
        fallback = next((b for b in finished_builds(settings.index_dir) if b != build and passes_checksums(b)), None)
        if fallback is None:
            raise
        log.warning("the current index %s is damaged (%s); starting on %s, the newest build that passes its checksums",
                    build.name, exc, fallback.name)
        return LoadedIndex.load(fallback)
