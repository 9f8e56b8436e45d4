"""Shared fixtures: one real index built from the shipped corpus for the whole test run."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from hypothesis import settings as hypothesis_settings

import pytest

from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.store import LoadedIndex
from bot.settings import PROJECT_ROOT, Settings

# jieba and the gazetteer load on first use; timing deadlines would only measure that
hypothesis_settings.register_profile("project", deadline=None)
hypothesis_settings.load_profile("project")

CORPUS = PROJECT_ROOT / "corpus"
SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("bot")
    settings = Settings(corpus_dir=CORPUS, index_dir=root / "index", db_path=root / "bot.sqlite3",
                        rate_limit_per_minute=0)
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_in_thread(app):
    """A real uvicorn server on a free local port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def new_session(url: str, client: httpx.Client | None = None) -> str:
    """A conversation the server issued (POST /api/sessions)."""
    r = (client or httpx).post(f"{url}/api/sessions", timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["session_id"]


def bot_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {**os.environ, "BOT_CORPUS_DIR": str(settings.corpus_dir), "BOT_INDEX_DIR": str(settings.index_dir),
           "BOT_DB_PATH": str(settings.db_path), "BOT_RATE_LIMIT_PER_MINUTE": "0",
           "BOT_EMBEDDING_DIM": str(settings.embedding_dim), "BOT_TRAIN_EPOCHS": str(settings.train_epochs)}
    env.update(extra)
    return env


@contextlib.contextmanager
def serve_in_process(env: dict[str, str], timeout: float = 90, log_path: Path | None = None):
    """`bot serve` in its own process; yields (base URL, Popen). With ``log_path`` everything it
    writes (the access log included) goes to that file."""
    port = free_port()
    log = open(log_path, "w") if log_path else None
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], env=env,
                            stdout=log or subprocess.DEVNULL, stderr=log or subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + timeout
    try:
        while time.time() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited: {(log_path.read_text() if log else proc.stderr.read())[-2000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("server did not become ready")
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if log:
            log.close()
