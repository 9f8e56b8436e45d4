"""`bot index`: a manifest that describes the build, and an atomic swap that a failed or
interrupted build cannot break."""

import json
import os

import pytest

from bot.corpus.article import CorpusError
from bot.index import build as build_module
from bot.index.build import build_index, current_build, needs_rebuild
from bot.index.store import CorruptIndexError, LoadedIndex, ensure_index
from tests.conftest import bot_env, fast_settings, serve_in_process


def test_manifest_records_what_the_build_is(index):
    manifest = index.manifest
    assert manifest["counts"]["articles"] == len({p.article_id for p in index.passages})
    assert manifest["counts"]["passages"] == len(index.passages)
    assert manifest["counts"]["indexed"] == len(index.rows) == index.dense.ntotal
    assert manifest["embedder"]["kind"] == "static" and manifest["embedder"]["members"] == 3
    assert manifest["dimensions"] == 3 * 256  # three seeds' vectors side by side
    assert len(manifest["key"]["corpus_hash"]) == 64 and manifest["build_seconds"] > 0
    assert "dense.faiss" in manifest["files"] and "passages.jsonl" in manifest["files"]


def test_a_malformed_article_leaves_the_previous_index(small_corpus, tmp_path):
    settings = fast_settings(small_corpus, tmp_path / "index")
    first = build_index(settings, progress=False).path
    (small_corpus / "broken.md").write_text("---\nid: broken\n---\n正文。", encoding="utf-8")
    with pytest.raises(CorpusError, match="broken.md"):
        build_index(settings, progress=False)
    assert current_build(settings.index_dir) == first
    assert [p.name for p in (settings.index_dir / "builds").iterdir()] == [first.name]


def test_an_interrupted_build_leaves_the_previous_index(small_corpus, tmp_path, monkeypatch):
    settings = fast_settings(small_corpus, tmp_path / "index")
    first = build_index(settings, progress=False).path

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_write_passages", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_index(settings, progress=False)
    assert current_build(settings.index_dir) == first
    assert LoadedIndex.load(first).passages
    assert not any(p.name.startswith(".partial") for p in (settings.index_dir / "builds").iterdir())


def test_index_is_rebuilt_when_the_corpus_changes(small_corpus, tmp_path):
    settings = fast_settings(small_corpus, tmp_path / "index")
    assert needs_rebuild(settings)
    first = ensure_index(settings)
    assert not needs_rebuild(settings)
    assert ensure_index(settings).path == first.path
    path = small_corpus / "fs-jinan.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## 补充\n济南测试补充句子。\n", encoding="utf-8")
    assert needs_rebuild(settings)
    second = ensure_index(settings)
    assert second.path != first.path
    assert any("济南测试补充句子" in p.text for p in second.passages)


def test_a_tampered_index_file_is_detected(small_corpus, tmp_path):
    settings = fast_settings(small_corpus, tmp_path / "index")
    path = build_index(settings, progress=False).path
    (path / "passages.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(CorruptIndexError, match="passages.jsonl"):
        LoadedIndex.load(path)


def test_old_articles_are_reported(small_corpus, tmp_path):
    report = build_index(fast_settings(small_corpus, tmp_path / "index", stale_after_days=365), progress=False)
    assert "tr-national-how" in report.stale
    manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["stale_articles"] == report.stale


def _damage(build):
    (build / "dense.faiss").write_bytes(b"not an index")


def test_a_damaged_current_build_falls_back_to_the_newest_good_one(small_corpus, tmp_path, caplog):
    settings = fast_settings(small_corpus, tmp_path / "index")
    good = build_index(settings, progress=False).path
    damaged = build_index(settings, progress=False).path
    _damage(damaged)
    with caplog.at_level("WARNING", logger="bot.index.store"):
        loaded = ensure_index(settings)
    assert loaded.path == good and loaded.passages
    assert damaged.name in caplog.text and good.name in caplog.text


def test_a_new_build_keeps_the_last_good_one_and_drops_damaged_and_abandoned_ones(small_corpus, tmp_path):
    settings = fast_settings(small_corpus, tmp_path / "index")
    good = build_index(settings, progress=False).path
    damaged = build_index(settings, progress=False).path
    _damage(damaged)
    builds = settings.index_dir / "builds"
    abandoned = builds / ".partial-20260101T000000000000-999999999"  # a killed build's pid
    abandoned.mkdir()
    running = builds / f".partial-20260101T000000000001-{os.getpid()}"  # a build still being written
    running.mkdir()
    newest = build_index(settings, progress=False).path
    assert newest.is_dir() and good.is_dir()  # the way back survives
    assert not damaged.exists() and not abandoned.exists() and running.exists()


def test_bot_serve_starts_on_the_last_good_build_and_says_so(small_corpus, tmp_path):
    import httpx

    settings = fast_settings(small_corpus, tmp_path / "index")
    good = build_index(settings, progress=False).path
    _damage(build_index(settings, progress=False).path)
    log_path = tmp_path / "serve.log"
    with serve_in_process(bot_env(settings), log_path=log_path) as (url, _):
        assert httpx.get(f"{url}/readyz").json()["build"] == good.name
        r = httpx.post(f"{url}/api/sessions")
        assert r.status_code == 201
    assert "damaged" in log_path.read_text() and good.name in log_path.read_text()
