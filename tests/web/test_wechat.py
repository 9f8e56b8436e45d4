"""The WeChat Official Account endpoint with real signed XML, plain and encrypted (安全模式)."""

import base64
import hashlib
import itertools
import logging
import secrets
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx
import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.api.app import create_app
from bot.api.wechat import signature_of
from bot.api.wechat_crypto import WeChatCrypto, WeChatCryptoError, WrongAppIdError
from tests.conftest import serve_in_thread

TOKEN = "wx-test-token"
ADMIN = {"Authorization": "Bearer wx-admin"}
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # the shape of WeChat's sample key
APP_ID = "wx2c2769f8efd9abc2"
MSG_IDS = itertools.count(int(time.time()) * 1000)


@pytest.fixture(scope="module")
def wx_app(built_settings, tmp_path_factory):
    settings = built_settings.model_copy(update={"wechat_token": TOKEN, "admin_token": "wx-admin",
                                                 "wechat_aes_key": AES_KEY, "wechat_app_id": APP_ID,
                                                 "db_path": tmp_path_factory.mktemp("wx") / "wx.sqlite3"})
    return create_app(settings)


@pytest.fixture(scope="module")
def url(wx_app):
    with serve_in_thread(wx_app) as base:
        yield base


@pytest.fixture(scope="module")
def tight_url(built_settings, tmp_path_factory):
    """Plain mode only, a tight per-address limit and a tight per-OpenID one."""
    settings = built_settings.model_copy(update={"wechat_token": TOKEN, "admin_token": "wx-admin",
                                                 "rate_limit_per_minute": 2, "wechat_per_minute": 3,
                                                 "db_path": tmp_path_factory.mktemp("wx") / "tight.sqlite3"})
    with serve_in_thread(create_app(settings)) as base:
        yield base


def signed(timestamp=None, nonce=None, token=TOKEN):
    """Query parameters as WeChat signs them, with a fresh nonce unless told otherwise."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = str(secrets.randbelow(10**10)) if nonce is None else nonce
    return {"signature": signature_of(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}


def text_message(openid, content, msg_type="text", msg_id=None):
    msg_id = next(MSG_IDS) if msg_id is None else msg_id
    return (f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>").encode()


def post(url, body, params=None):
    return httpx.post(f"{url}/wechat", params=params or signed(), content=body, headers={"content-type": "text/xml"},
                      timeout=30)


def content_of(response):
    assert response.status_code == 200, response.text
    return ET.fromstring(response.text).findtext("Content")


def turns(url, openid):
    r = httpx.get(f"{url}/api/sessions/wx-{openid}", headers=ADMIN)
    assert r.status_code == 200, r.text
    return r.json()["turns"]


def test_server_check_echoes_with_a_good_signature(url):
    r = httpx.get(f"{url}/wechat", params={**signed(), "echostr": "hello123"})
    assert r.status_code == 200 and r.text == "hello123"
    bad = httpx.get(f"{url}/wechat", params={**signed(token="wrong"), "echostr": "x"})
    assert bad.status_code == 403


def test_text_message_gets_an_xml_answer_with_sources(url):
    r = post(url, text_message("oUser123", "济南医保卡里的钱可以给家人用吗"))
    assert r.status_code == 200 and "xml" in r.headers["content-type"]
    reply = ET.fromstring(r.text)
    assert reply.findtext("ToUserName") == "oUser123" and reply.findtext("FromUserName") == "gh_account"
    assert reply.findtext("MsgType") == "text"
    content = reply.findtext("Content")
    assert "家庭共济" in content and "来源：" in content and "[1]" in content


def test_one_session_per_openid(url):
    post(url, text_message("oAlice", "医保的钱能取吗"))
    post(url, text_message("oBob", "济南医保余额怎么查"))
    alice = ET.fromstring(post(url, text_message("oAlice", "我在菏泽")).text).findtext("Content")
    assert "菏泽" in alice and ("取" in alice or "提取" in alice or "支取" in alice)


def test_stale_timestamp_and_bad_signature_are_refused(url):
    assert post(url, text_message("o1", "你好"), signed(timestamp=int(time.time()) - 3600)).status_code == 403
    assert post(url, text_message("o1", "你好"), signed(token="nope")).status_code == 403


def test_malformed_xml_is_refused(url):
    assert post(url, b"<xml><ToUserName>oops").status_code == 400


def test_entity_tricks_do_nothing(url):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
            b"<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>"
            b"<Content>&lol2;</Content></xml>")
    assert post(url, bomb).status_code == 400
    external = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b"<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType>"
                b"<Content>&e;</Content></xml>")
    r = post(url, external)
    assert r.status_code == 400 and "root:" not in r.text


def test_non_text_messages_get_a_polite_text_reply(url):
    r = post(url, text_message("oPic", "", msg_type="image"))
    assert r.status_code == 200 and "文字" in ET.fromstring(r.text).findtext("Content")


# A signature, timestamp or nonce that cannot be WeChat's is refused like a wrong one, never a 500.

@contextmanager
def logged_errors():
    """Error records from the app or uvicorn (which logs a 500's traceback) while the block runs."""
    records = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "uvicorn.error")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def arabic_indic(digits):
    return "".join(chr(0x0660 + int(d)) for d in digits)


@pytest.mark.parametrize("params", [
    lambda: {**signed(), "signature": "é" * 40},
    lambda: {**signed(), "signature": "\u00e9"},
    lambda: signed(timestamp="²³"),  # str.isdigit() says yes, int() says no
    lambda: signed(timestamp=arabic_indic(str(int(time.time())))),
    lambda: signed(nonce="é<n>"),
], ids=["non-ascii-signature", "short-non-ascii-signature", "superscript-timestamp", "arabic-timestamp",
        "odd-nonce"])
def test_odd_signature_parts_are_refused_without_an_error(url, params):
    with logged_errors() as errors:
        r = post(url, text_message("oOdd", "你好"), params())
        check = httpx.get(f"{url}/wechat", params={**params(), "echostr": "x"})
    assert (r.status_code, check.status_code) == (403, 403)
    assert not errors


# WeChat resends a slow reply's message with the same MsgId: it is handled once.

def test_a_resent_message_is_answered_once(url):
    body = text_message("oResend", "济南医保卡里的钱可以给家人用吗")
    first, again = content_of(post(url, body)), content_of(post(url, body))  # each signed afresh
    assert first == again and "家庭共济" in first
    assert len(turns(url, "oResend")) == 1
    assert content_of(post(url, text_message("oResend", "济南医保卡里的钱可以给家人用吗"))) == first
    assert len(turns(url, "oResend")) == 2  # a new MsgId is a new message


def test_a_resent_handover_request_makes_one_handoff(url):
    body = text_message("oHandover", "转人工")
    assert content_of(post(url, body)) == content_of(post(url, body))
    handoffs = httpx.get(f"{url}/api/handoffs", params={"limit": 500}, headers=ADMIN).json()
    assert [h["session_id"] for h in handoffs].count("wx-oHandover") == 1


def test_copies_arriving_together_are_answered_once(wx_app, url, monkeypatch):
    service = wx_app.state.bot.chat
    answer = service.chat

    def slow_chat(*args, **kwargs):  # the later copies arrive while the first is still answered
        time.sleep(0.5)
        return answer(*args, **kwargs)

    monkeypatch.setattr(service, "chat", slow_chat)
    body = text_message("oTogether", "医保的钱能取吗")
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda _: content_of(post(url, body)), range(4)))
    assert len(set(replies)) == 1 and replies[0]
    assert len(turns(url, "oTogether")) == 1


# A signed query is good for one request only.

def test_a_signed_query_cannot_be_replayed(url):
    params = signed()
    assert post(url, text_message("oFirst", "你好"), params).status_code == 200
    assert post(url, text_message("oIntruder", "转人工"), params).status_code == 403
    check = {**signed(), "echostr": "hello"}
    assert httpx.get(f"{url}/wechat", params=check).status_code == 200
    assert httpx.get(f"{url}/wechat", params=check).status_code == 403


# Safe mode (安全模式), with an AES implementation of the test's own to check the module against.

def aes(plain_or_cipher, decrypt=False, key_text=AES_KEY):
    key = base64.b64decode(key_text + "=")
    cipher = Cipher(algorithms.AES(key), modes.CBC(key[:16]))
    worker = cipher.decryptor() if decrypt else cipher.encryptor()
    return worker.update(plain_or_cipher) + worker.finalize()


def seal(xml, prefix=None, app_id=APP_ID):
    message = xml.encode()
    plain = (prefix or secrets.token_bytes(16)) + len(message).to_bytes(4, "big") + message + app_id.encode()
    pad = 32 - len(plain) % 32
    return base64.b64encode(aes(plain + bytes([pad]) * pad)).decode()


def unseal(encrypted):
    plain = aes(base64.b64decode(encrypted), decrypt=True)
    plain = plain[:-plain[-1]]
    length = int.from_bytes(plain[16:20], "big")
    return plain[20:20 + length].decode(), plain[20 + length:].decode()


HAND_MADE_XML = "<xml><Content>你好</Content></xml>"
# seal(HAND_MADE_XML, prefix=bytes(range(16))), worked out once and kept
HAND_MADE_VECTOR = ("IG+0eOkLdhYW9kHtuT3HYylxtRPO82KhEOvngKt97EgXEL3yUopnokb1N/rvwOU84JRxsYFuSyQjIaLXUYbq3GXH"
                    "E6oGKG2Oxbw3ID57t4mgUBAMGeSEDdcmekcghMUv")


def test_crypto_matches_a_vector_made_by_hand():
    crypto = WeChatCrypto(AES_KEY, APP_ID)
    assert seal(HAND_MADE_XML, prefix=bytes(range(16))) == HAND_MADE_VECTOR
    assert crypto.encrypt(HAND_MADE_XML, prefix=bytes(range(16))) == HAND_MADE_VECTOR
    assert crypto.decrypt(HAND_MADE_VECTOR) == HAND_MADE_XML


@pytest.mark.parametrize("size", [0, 1, 25, 26, 27, 300])  # 26 fills the blocks exactly: a whole pad block
def test_crypto_round_trips_with_the_independent_implementation(size):
    crypto = WeChatCrypto(AES_KEY, APP_ID)
    xml = "x" * size
    assert unseal(crypto.encrypt(xml)) == (xml, APP_ID)
    assert crypto.decrypt(seal(xml)) == xml
    assert len(base64.b64decode(crypto.encrypt(xml))) % 32 == 0


@pytest.mark.parametrize("garbage", [
    "not base64!", "", "é", base64.b64encode(b"x" * 48).decode(),
    base64.b64encode(aes(b"\0" * 32)).decode(),  # a pad byte of 0
    base64.b64encode(aes(bytes(16) + (9999).to_bytes(4, "big") + bytes([12]) * 12)).decode(),  # length too big
])
def test_crypto_refuses_what_wechat_did_not_encrypt(garbage):
    with pytest.raises(WeChatCryptoError):
        WeChatCrypto(AES_KEY, APP_ID).decrypt(garbage)


def test_crypto_refuses_another_app_id_and_bad_keys():
    with pytest.raises(WrongAppIdError):
        WeChatCrypto(AES_KEY, APP_ID).decrypt(seal("<xml/>", app_id="wx0000000000000000"))
    for key in ("short", "é" * 43, AES_KEY + "A"):
        with pytest.raises(WeChatCryptoError):
            WeChatCrypto(key, APP_ID)


def msg_signature_of(*parts):
    """WeChat's msg_signature, worked out here rather than by the module under test."""
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def safe_params(encrypted, token=TOKEN):
    params = {**signed(), "encrypt_type": "aes", "openid": "oWhoever"}
    return {**params, "msg_signature": msg_signature_of(token, params["timestamp"], params["nonce"], encrypted)}


def envelope(encrypted, plain_fields=b""):
    return b"<xml><ToUserName>gh_account</ToUserName>" + plain_fields + f"<Encrypt>{encrypted}</Encrypt></xml>".encode()


def opened(response):
    """The reply inside an encrypted response, after checking its signature."""
    assert response.status_code == 200, response.text
    outer = ET.fromstring(response.text)
    encrypted, timestamp, nonce = (outer.findtext(tag) for tag in ("Encrypt", "TimeStamp", "Nonce"))
    assert encrypted and timestamp and nonce, response.text
    assert outer.findtext("MsgSignature") == msg_signature_of(TOKEN, timestamp, nonce, encrypted)
    assert outer.find("Content") is None
    xml, app_id = unseal(encrypted)
    assert app_id == APP_ID
    return ET.fromstring(xml)


def test_safe_mode_message_gets_an_encrypted_answer(url):
    encrypted = seal(text_message("oSafe", "济南医保卡里的钱可以给家人用吗").decode())
    reply = opened(post(url, envelope(encrypted), safe_params(encrypted)))
    assert reply.findtext("ToUserName") == "oSafe" and reply.findtext("FromUserName") == "gh_account"
    assert "家庭共济" in reply.findtext("Content") and "来源：" in reply.findtext("Content")


def test_compatible_mode_is_answered_encrypted(url):
    plain = text_message("oCompat", "济南医保卡里的钱可以给家人用吗")
    encrypted = seal(plain.decode())
    body = plain.replace(b"</xml>", f"<Encrypt>{encrypted}</Encrypt></xml>".encode())
    assert "家庭共济" in opened(post(url, body, safe_params(encrypted))).findtext("Content")


def test_safe_mode_refusals(url):
    good = seal(text_message("oSafeBad", "你好").decode())
    assert post(url, envelope(good), safe_params(good, token="other")).status_code == 403
    assert post(url, envelope(good), {**safe_params(good), "msg_signature": "é" * 40}).status_code == 403
    without = {k: v for k, v in safe_params(good).items() if k != "msg_signature"}
    assert post(url, envelope(good), without).status_code == 403
    elsewhere = seal(text_message("oSafeBad", "你好").decode(), app_id="wx0000000000000000")
    assert post(url, envelope(elsewhere), safe_params(elsewhere)).status_code == 403
    for garbage in ("bm90IGEgY2lwaGVydGV4dA==", base64.b64encode(aes(b"\0" * 32)).decode()):
        assert post(url, envelope(garbage), safe_params(garbage)).status_code == 400
    inner_garbage = seal("<xml><ToUserName>oops")
    assert post(url, envelope(inner_garbage), safe_params(inner_garbage)).status_code == 400
    no_encrypt = {**signed(), "encrypt_type": "aes", "msg_signature": "0" * 40}
    assert post(url, b"<xml><ToUserName>gh_account</ToUserName></xml>", no_encrypt).status_code == 400


def test_safe_mode_without_a_key_says_how_to_configure_it(tight_url):
    encrypted = seal(text_message("oNoKey", "你好").decode())
    r = post(tight_url, envelope(encrypted), safe_params(encrypted))
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert isinstance(detail, dict) and "BOT_WECHAT_AES_KEY" in detail["en"] and "安全模式" in detail["zh"]


# WeChat's users share a few Tencent addresses: limited per OpenID, not per address.

def test_wechat_skips_the_per_address_limit(tight_url):
    for n in range(4):  # the per-address limit is 2 a minute
        assert "频繁" not in content_of(post(tight_url, text_message(f"oCrowd{n}", "你好")))


def test_one_openid_over_its_limit_gets_a_text_reply(tight_url):
    replies = [content_of(post(tight_url, text_message("oChatty", "你好"))) for _ in range(4)]
    assert not any("频繁" in reply for reply in replies[:3])
    assert "消息太频繁" in replies[3]
    assert len(turns(tight_url, "oChatty")) == 3  # the bot did not run for the fourth


def test_a_web_client_cannot_reach_a_wechat_conversation(url):
    content_of(post(url, text_message("oCarol", "我手机13812345678，济南医保余额怎么查")))
    before = turns(url, "oCarol")
    session = "wx-oCarol"
    for path, body in (("/api/chat", {"session_id": session, "message": "我刚才问了什么"}),
                       ("/api/assist", {"session_id": session, "message": "我刚才问了什么"}),
                       ("/api/feedback", {"session_id": session, "turn_id": before[0]["id"], "helpful": False})):
        r = httpx.post(f"{url}{path}", json=body)
        assert r.status_code == 404, (path, r.text)
    assert turns(url, "oCarol") == before  # nothing read, nothing written
    web = httpx.post(f"{url}/api/sessions").json()["session_id"]
    assert web.startswith("s-")
