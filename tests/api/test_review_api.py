"""The review queue API over HTTP: GET /api/review and POST /api/review/{id}, on a temporary corpus
folder holding a few published articles and two imported drafts with flagged sentences.

The decisions land in the drafts' own front matter, so each test re-reads the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import httpx
import pytest

from bot.api.app import create_app
from bot.corpus.article import Article, Review, ReviewFlag, parse_article, render_article
from tests.conftest import CORPUS, serve_in_thread

TOKEN = "review-test-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
PUBLISHED = ("fs-national-who-what.md", "hl-12393-vs-12333.md", "wd-national-principle.md", "fs-jinan.md")

# what the published wd-national-principle says, and the draft sentence that says the opposite
RULE_ID = "wd-national-principle"
RULE_SENTENCE = "医保个人账户余额平时不能提取现金，也不能挪作医疗以外的用途。"
CONTRADICTING = "在济南，个人账户里的余额随时都能取成现金。"
UNVERIFIED = "每位参保人一年最多可以给家人划转8000元。"
OFF_TOPIC = "小区停车位的申请方式另见物业通知。"
BOILERPLATE = "欢迎关注本站公众号，获取更多生活资讯。"
HOTLINE_CLAIM = "12393热线全年每天24小时都有人工接听。"


def jinan_draft() -> Article:
    body = "\n".join([
        "## 一句话回答",
        f"济南职工医保个人账户的钱可以通过家庭共济给近亲属用。{UNVERIFIED}",
        "",
        "## 其他说明",
        f"{CONTRADICTING}{OFF_TOPIC}",
        "",
        f"{BOILERPLATE}",
    ])
    flags = [
        ReviewFlag(n=1, sentence=CONTRADICTING, kind="contradicts", rule=RULE_ID, evidence=RULE_SENTENCE,
                   why="已发布的文章说个人账户余额平时不能取现金。"),
        ReviewFlag(n=2, sentence=UNVERIFIED, kind="unverified", why="已审文章里找不到8000元这个数。"),
        ReviewFlag(n=3, sentence=OFF_TOPIC, kind="off_topic", why="讲的是停车位，和医保个人账户无关。"),
        ReviewFlag(n=4, sentence=BOILERPLATE, kind="boilerplate", why="网站的推广语，不是政策内容。"),
    ]
    return Article(id="imp-jinan-sharing", title="济南家庭共济怎么用（导入稿）", city="济南", province="山东",
                   topics=["family_sharing"], published=dt.date(2025, 3, 9), source="某生活资讯网《济南医保共济指南》",
                   questions=["济南医保的钱能给家人用吗"], status="draft", review=Review(flags=flags), body=body)


def hotline_draft() -> Article:
    body = "## 一句话回答\n12393是全国统一的医保服务热线。" + HOTLINE_CLAIM
    flags = [ReviewFlag(n=1, sentence=HOTLINE_CLAIM, kind="unverified", why="接听时间各地不同，没有查到出处。")]
    return Article(id="imp-hotline-hours", title="12393医保热线几点能打通", topics=["hotline"], published=None,
                   source="某便民网站《医保热线时间》", questions=["12393几点有人接"], status="draft",
                   review=Review(flags=flags), body=body)


DRAFT_FILES = {"imp-jinan-sharing.md": jinan_draft, "imp-hotline-hours.md": hotline_draft}


def write_drafts(folder: Path) -> None:
    for name, make in DRAFT_FILES.items():
        (folder / name).write_text(render_article(make()), encoding="utf-8")


def make_review_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in PUBLISHED:
        shutil.copy(CORPUS / name, folder / name)
    write_drafts(folder)
    return folder


def review_settings(built_settings, root: Path, token: str | None = TOKEN):
    # its own index folder: an index built from this corpus must not replace the session's shared one
    return built_settings.model_copy(update={"corpus_dir": make_review_corpus(root / "corpus"), "admin_token": token,
                                             "db_path": root / "review.sqlite3", "index_dir": root / "index",
                                             "embedding_dim": 32, "train_epochs": 1})


@pytest.fixture(scope="module")
def served(built_settings, tmp_path_factory):
    settings = review_settings(built_settings, tmp_path_factory.mktemp("review-api"))
    with serve_in_thread(create_app(settings)) as url:
        yield url, settings.corpus_dir


@pytest.fixture
def server(served):
    """The module's server with both drafts back as first written (no decisions yet)."""
    url, corpus = served
    write_drafts(corpus)
    return url, corpus


def flags_of(path: Path) -> dict[int, str]:
    return {f.n: f.decision for f in parse_article(path).review.flags}


# 1. the token

def test_listing_needs_the_operator_token(server):
    url, _ = server
    assert httpx.get(f"{url}/api/review").status_code == 401
    wrong = httpx.get(f"{url}/api/review", headers={"authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"]["zh"] and wrong.json()["detail"]["en"]
    refused = httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [1]},
                         headers={"authorization": "Bearer not-the-token"})
    assert refused.status_code == 401


def test_without_an_admin_token_the_api_and_the_page_are_off(built_settings, tmp_path):
    settings = review_settings(built_settings, tmp_path, token=None)
    with serve_in_thread(create_app(settings)) as url:
        assert httpx.get(f"{url}/api/review", headers=AUTH).status_code == 404
        assert httpx.post(f"{url}/api/review/imp-jinan-sharing", json={}, headers=AUTH).status_code == 404
        assert httpx.get(f"{url}/admin/review").status_code == 404
        assert httpx.head(f"{url}/admin/review").status_code == 404
    assert flags_of(settings.corpus_dir / "imp-jinan-sharing.md") == {1: "pending", 2: "pending", 3: "pending",
                                                                       4: "pending"}


def test_the_page_is_served_with_a_token_configured(server):
    url, _ = server
    page = httpx.get(f"{url}/admin/review")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "/static/review.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert httpx.head(f"{url}/admin/review").status_code == 200


# 2. the listing

def test_lists_only_the_drafts_with_their_flags(server):
    url, _ = server
    r = httpx.get(f"{url}/api/review", headers=AUTH)
    assert r.status_code == 200
    drafts = {d["id"]: d for d in r.json()}
    assert set(drafts) == {"imp-jinan-sharing", "imp-hotline-hours"}  # the published copies are not listed
    jinan = drafts["imp-jinan-sharing"]
    assert {k: jinan[k] for k in ("title", "city", "province", "published", "source", "file")} == {
        "title": "济南家庭共济怎么用（导入稿）", "city": "济南", "province": "山东", "published": "2025-03-09",
        "source": "某生活资讯网《济南医保共济指南》", "file": "imp-jinan-sharing.md"}
    assert [f["kind"] for f in jinan["flags"]] == ["contradicts", "unverified", "off_topic", "boilerplate"]
    first = jinan["flags"][0]
    assert first == {"n": 1, "sentence": CONTRADICTING, "kind": "contradicts", "rule": RULE_ID,
                     "evidence": RULE_SENTENCE, "why": "已发布的文章说个人账户余额平时不能取现金。", "decision": "pending"}
    hotline = drafts["imp-hotline-hours"]
    assert hotline["published"] is None and hotline["city"] is None and hotline["province"] is None


# 3. decisions

def test_approve_and_reject_are_written_to_the_front_matter(server):
    url, corpus = server
    r = httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [2], "reject": [1, 4]}, headers=AUTH)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "draft" and body["reindex_needed"] is True
    assert [f["decision"] for f in body["flags"]] == ["rejected", "approved", "pending", "rejected"]
    assert flags_of(corpus / "imp-jinan-sharing.md") == {1: "rejected", 2: "approved", 3: "pending", 4: "rejected"}
    # a later decision on the same flag replaces the earlier one
    assert httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [1]}, headers=AUTH).status_code == 200
    article = parse_article(corpus / "imp-jinan-sharing.md")
    assert flags_of(corpus / "imp-jinan-sharing.md")[1] == "approved"
    assert article.status == "draft" and CONTRADICTING in article.body
    listed = {d["id"]: d for d in httpx.get(f"{url}/api/review", headers=AUTH).json()}
    assert [f["decision"] for f in listed["imp-jinan-sharing"]["flags"]] == ["approved", "approved", "pending", "rejected"]


def test_publishing_waits_for_every_flag(server):
    url, corpus = server
    path = corpus / "imp-jinan-sharing.md"
    early = httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [1, 2], "publish": True}, headers=AUTH)
    assert early.status_code == 409
    assert "发布" in early.json()["detail"]["zh"] and "publish" in early.json()["detail"]["en"]
    assert parse_article(path).status == "draft"
    assert flags_of(path) == {1: "pending", 2: "pending", 3: "pending", 4: "pending"}  # refused as a whole

    done = httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [2], "reject": [1, 3, 4], "publish": True},
                      headers=AUTH)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "published" and done.json()["reindex_needed"] is True
    article = parse_article(path)
    assert article.status == "published"
    assert article.unquotable() == {CONTRADICTING, OFF_TOPIC, BOILERPLATE}
    ids = [d["id"] for d in httpx.get(f"{url}/api/review", headers=AUTH).json()]
    assert ids == ["imp-hotline-hours"]  # no longer in the queue
    again = httpx.post(f"{url}/api/review/imp-jinan-sharing", json={"approve": [1]}, headers=AUTH)
    assert again.status_code == 404


# 4. refusals

def test_unknown_draft_is_404(server):
    url, _ = server
    for article_id in ("no-such-draft", "fs-jinan"):  # fs-jinan exists, but is published
        r = httpx.post(f"{url}/api/review/{article_id}", json={"approve": [1]}, headers=AUTH)
        assert r.status_code == 404
        assert r.json()["detail"]["zh"] == "没有这篇待审稿件"
        assert article_id in r.json()["detail"]["en"]


def test_unknown_flag_number_is_409_and_changes_nothing(server):
    url, corpus = server
    r = httpx.post(f"{url}/api/review/imp-hotline-hours", json={"approve": [1], "reject": [7]}, headers=AUTH)
    assert r.status_code == 409
    assert "7" in r.json()["detail"]["zh"] and "no flag 7" in r.json()["detail"]["en"]
    both = httpx.post(f"{url}/api/review/imp-hotline-hours", json={"approve": [1], "reject": [1]}, headers=AUTH)
    assert both.status_code == 409
    assert flags_of(corpus / "imp-hotline-hours.md") == {1: "pending"}


@pytest.mark.parametrize("body", [
    {"approve": "1"}, {"approve": [1], "force": True}, {"publish": "soon"}, {"reject": [{"n": 1}]}, [1, 2],
])
def test_malformed_bodies_are_422(server, body):
    url, corpus = server
    r = httpx.post(f"{url}/api/review/imp-hotline-hours", json=body, headers=AUTH)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["zh"] and r.json()["detail"]["en"]
    assert flags_of(corpus / "imp-hotline-hours.md") == {1: "pending"}


def test_not_json_is_422(server):
    url, _ = server
    r = httpx.post(f"{url}/api/review/imp-hotline-hours", content=b"approve=1",
                   headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 422
