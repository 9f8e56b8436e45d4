"""Shared fixtures: one real index built from the shipped corpus for the whole test run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.store import LoadedIndex
from bot.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("bot")
    settings = Settings(corpus_dir=CORPUS, index_dir=root / "index", db_path=root / "bot.sqlite3")
    build_index(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def index(built_settings) -> LoadedIndex:
    from bot.index.build import current_build

    return LoadedIndex.load(current_build(built_settings.index_dir))


@pytest.fixture(scope="session")
def answerer(index) -> Answerer:
    return Answerer(index)


@pytest.fixture
def small_corpus(tmp_path) -> Path:
    """A copy of a few shipped articles that a test may change freely."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("fs-national-who-what.md", "fs-jinan.md", "wd-national-principle.md", "bq-national-online.md",
                 "tr-national-how.md"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


def fast_settings(corpus: Path, index_dir: Path, **extra) -> Settings:
    """Settings for throw-away builds: a small embedder trained briefly."""
    extra.setdefault("db_path", index_dir.parent / "bot.sqlite3")
    return Settings(corpus_dir=corpus, index_dir=index_dir, embedding_dim=32, train_epochs=1, **extra)
