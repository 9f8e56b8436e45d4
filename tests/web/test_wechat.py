"""The WeChat Official Account endpoint with real signed XML."""

import time
import xml.etree.ElementTree as ET

import httpx
import pytest

from bot.api.app import create_app
from bot.api.wechat import signature_of
from tests.conftest import serve_in_thread

TOKEN = "wx-test-token"


@pytest.fixture(scope="module")
def url(built_settings, tmp_path_factory):
    settings = built_settings.model_copy(update={"wechat_token": TOKEN,
                                                 "db_path": tmp_path_factory.mktemp("wx") / "wx.sqlite3"})
    with serve_in_thread(create_app(settings)) as base:
        yield base


def signed(timestamp=None, nonce="n0nce", token=TOKEN):
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"signature": signature_of(token, timestamp, nonce), "timestamp": timestamp, "nonce": nonce}


def text_message(openid, content, msg_type="text"):
    return (f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA[{openid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>1</MsgId></xml>").encode()


def post(url, body, params=None):
    return httpx.post(f"{url}/wechat", params=params or signed(), content=body, headers={"content-type": "text/xml"})


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
