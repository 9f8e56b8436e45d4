"""The size limit on its own (no rate limit in the way)."""

import httpx

from bot.api.app import create_app
from tests.conftest import new_session, serve_in_thread


def test_body_over_the_limit_is_refused_before_parsing(built_settings):
    settings = built_settings.model_copy(update={"max_body_bytes": 1024})
    with serve_in_thread(create_app(settings)) as url:
        big = httpx.post(f"{url}/api/chat", content=b'{"message": "' + b"a" * 5000 + b'"}',
                         headers={"content-type": "application/json"})
        assert big.status_code == 413 and "太大" in big.json()["detail"]["zh"]

        def chunks():
            for _ in range(10):
                yield b"x" * 500

        streamed = httpx.post(f"{url}/api/chat", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        ok = httpx.post(f"{url}/api/chat", json={"session_id": new_session(url), "message": "医保余额怎么查"})
        assert ok.status_code == 200
