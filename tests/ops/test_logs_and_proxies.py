"""What `bot serve` writes to its log, and whose client address it believes."""

import httpx

from tests.conftest import bot_env, new_session, serve_in_process

ID_NUMBER, PHONE = "370102199001011234", "13812345678"


def test_the_access_log_has_no_query_strings_and_no_personal_numbers(built_settings, tmp_path):
    log_path = tmp_path / "serve.log"
    env = bot_env(built_settings, BOT_WECHAT_TOKEN="wx-log-token", BOT_DB_PATH=str(tmp_path / "bot.sqlite3"))
    with serve_in_process(env, log_path=log_path) as (url, _):
        for typed in ("身份证", f"身份证{ID_NUMBER}", f"我的电话{PHONE}"):
            httpx.get(f"{url}/api/suggest", params={"q": typed})
        httpx.get(f"{url}/api/search", params={"q": f"身份证{ID_NUMBER} 医保余额"})
        httpx.get(f"{url}/wechat", params={"signature": "0" * 40, "timestamp": "1", "nonce": "n", "echostr": "e"})
        httpx.get(f"{url}/api/x{PHONE}")
        httpx.post(f"{url}/api/chat", json={"session_id": new_session(url), "message": f"我手机{PHONE}能查余额吗"})
    log = log_path.read_text()
    assert "GET /api/search 200" in log and "GET /api/suggest 200" in log and "POST /api/chat 200" in log
    assert "GET /api/x[手机号] 404" in log
    for secret in (ID_NUMBER, PHONE, "signature", "q=", "echostr", "?"):
        assert secret not in log, secret


def _addresses_refused(url: str) -> int:
    """Requests from one client that claims a new address each time; how many got a 429."""
    codes = [httpx.get(f"{url}/api/cities", headers={"x-forwarded-for": f"203.0.113.{i}"}).status_code
             for i in range(8)]
    return codes.count(429)


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(built_settings, tmp_path):
    limited = {"BOT_RATE_LIMIT_PER_MINUTE": "3", "BOT_DB_PATH": str(tmp_path / "bot.sqlite3")}
    with serve_in_process(bot_env(built_settings, **limited)) as (url, _):
        assert _addresses_refused(url) >= 4  # a forged header does not buy a fresh allowance
    trusted = {**limited, "BOT_TRUSTED_PROXIES": '["127.0.0.1"]'}
    with serve_in_process(bot_env(built_settings, **trusted)) as (url, _):
        assert _addresses_refused(url) == 0  # behind our own proxy each address has its own allowance
