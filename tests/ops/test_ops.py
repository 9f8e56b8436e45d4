"""Probes, metrics and swapping in a new index while requests keep coming."""

import shutil
import threading

import httpx
import pytest

from bot.api.app import create_app
from bot.index.build import build_index, current_build
from tests.conftest import CORPUS, fast_settings, new_session, serve_in_thread

TOKEN = "test-token-123"


def test_probes_and_metrics(built_settings):
    with serve_in_thread(create_app(built_settings)) as url:
        assert httpx.get(f"{url}/healthz").json() == {"status": "ok"}
        ready = httpx.get(f"{url}/readyz").json()
        assert ready["status"] == "ready" and ready["articles"] >= 30
        session = new_session(url)
        httpx.post(f"{url}/api/chat", json={"session_id": session, "message": "济南医保余额怎么查"})
        httpx.post(f"{url}/api/chat", json={"session_id": session, "message": "医保门诊特殊病怎么申请"})
        text = httpx.get(f"{url}/metrics").text
        assert 'bot_http_requests_total{method="POST",route="/api/chat",status="200"}' in text
        assert "bot_http_request_seconds_bucket" in text
        assert 'bot_chat_intents_total{intent="balance_query"}' in text
        assert 'bot_chat_turns_total{status="unanswerable"}' in text


@pytest.fixture
def live(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = fast_settings(corpus, tmp_path / "index", admin_token=TOKEN, rate_limit_per_minute=0)
    build_index(settings, progress=False)
    with serve_in_thread(create_app(settings)) as url:
        yield settings, corpus, url


def _hammer(url, stop, failures, count):
    with httpx.Client() as client:
        session = new_session(url, client)
        while not stop.is_set():
            r = client.post(f"{url}/api/chat", json={"session_id": session, "message": "医保余额怎么查"})
            count.append(1)
            if r.status_code != 200:
                failures.append(r.status_code)


def test_reload_swaps_the_new_index_without_a_failed_request(live):
    settings, corpus, url = live
    stop, failures, count = threading.Event(), [], []
    worker = threading.Thread(target=_hammer, args=(url, stop, failures, count))
    worker.start()
    try:
        extra = (corpus / "bq-jinan.md").read_text(encoding="utf-8")
        extra = extra.replace("id: bq-jinan", "id: bq-jinan-new").replace(
            "## 一句话回答", "## 一句话回答\n济南医保余额也可以在测试新渠道查询。")
        (corpus / "bq-jinan-new.md").write_text(extra, encoding="utf-8")
        new_build = build_index(settings, progress=False).path
        r = httpx.post(f"{url}/admin/reload", headers={"authorization": f"Bearer {TOKEN}"})
        assert r.json() == {"status": "swapped", "build": new_build.name}
        answer = httpx.post(f"{url}/api/chat", json={"session_id": new_session(url),
                                                         "message": "济南医保余额在测试新渠道怎么查"})
        assert "测试新渠道" in answer.text
    finally:
        stop.set()
        worker.join()
    assert failures == [] and len(count) > 5


def test_a_corrupt_new_index_is_refused_and_the_old_one_kept(live, caplog):
    settings, corpus, url = live
    old = httpx.get(f"{url}/readyz").json()["build"]
    (corpus / "fs-jinan.md").write_text((corpus / "fs-jinan.md").read_text(encoding="utf-8") + "\n补充。\n",
                                        encoding="utf-8")
    new_build = build_index(settings, progress=False).path
    (new_build / "dense.faiss").write_bytes(b"not an index")
    with caplog.at_level("WARNING"):
        r = httpx.post(f"{url}/admin/reload", headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 409 and "dense.faiss" in r.json()["detail"]["en"]
    assert httpx.get(f"{url}/readyz").json()["build"] == old
    assert any("keeping" in rec.message and "dense.faiss" in rec.getMessage() for rec in caplog.records)
    assert httpx.post(f"{url}/api/chat", json={"session_id": new_session(url), "message": "医保余额怎么查"}).status_code == 200
    assert current_build(settings.index_dir) == new_build  # what `bot index` wrote is left for a person to see


def test_reload_needs_the_token(live):
    _, _, url = live
    assert httpx.post(f"{url}/admin/reload").status_code == 401
    assert httpx.post(f"{url}/admin/reload", headers={"authorization": "Bearer wrong"}).status_code == 401


def test_reload_is_off_without_a_token(built_settings):
    with serve_in_thread(create_app(built_settings)) as url:
        assert httpx.post(f"{url}/admin/reload", headers={"authorization": "Bearer x"}).status_code == 404
