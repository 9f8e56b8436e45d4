"""Imported pages are drafts whose flagged sentences are never indexed or quoted until an editor
approves them; decisions live in the draft's front matter and survive a re-import."""

import json
import shutil

import pytest

from bot.answer.compose import Answerer
from bot.corpus import review
from bot.corpus.article import parse_article
from bot.corpus.importer import import_files
from bot.index.build import build_index, current_build
from bot.index.store import LoadedIndex
from tests.conftest import CORPUS, SEEDS, fast_settings
from tests.test_cli import run_bot

PAGE = """{city}医保个人账户的钱能给家人用吗?(2025年10月08日)

2025-10-08 09:12:00民生快讯网

医保个人账户能不能给家里人用，很多人都关心，下面跟着小编一起来看看吧。

{city}医保个人账户能给家人用吗?

{city}职工医保参保人可以通过家庭共济，把个人账户的钱给已参加基本医保的配偶、父母、子女使用。

家人看病时要用自己的医保凭证，不能拿参保人的医保卡去看病。

有疑问可以拨打全国医保服务热线12333咨询。

个人账户里的钱也可以在银行柜台直接取现。

办理方式:

在国家医保服务平台APP的家庭共济页面绑定家人即可。

觉得有用就赶紧收藏转发给身边的朋友吧!
"""


def _corpus_copy(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    return corpus


def _page(tmp_path, city, name=None):
    path = tmp_path / (name or f"{city}.txt")
    path.write_text(PAGE.format(city=city), encoding="utf-8")
    return path


def _flag_on(item, words):
    return next(f for f in item.flags if words in f.sentence)


def test_an_imported_page_is_a_draft_with_its_flags_in_the_front_matter(tmp_path):
    corpus = _corpus_copy(tmp_path)
    (item,), refused = import_files([_page(tmp_path, "青岛")], corpus)
    assert refused == []
    stored = parse_article(item.written_to)
    assert stored.status == "draft" and stored.review.flags == item.flags
    assert _flag_on(item, "12333").kind == "contradicts" and _flag_on(item, "12333").rule
    assert _flag_on(item, "柜台").kind == "contradicts"
    assert _flag_on(item, "小编").kind == "boilerplate" and _flag_on(item, "收藏").kind == "boilerplate"
    true = ("不能拿参保人的医保卡", "国家医保服务平台APP")
    assert not any(t in f.sentence for f in item.flags for t in true)
    assert all(a.status == "published" for a in map(parse_article, CORPUS.glob("*.md")))


def test_flagged_sentences_are_never_indexed_or_quoted_and_a_draft_is_cited_as_unreviewed(tmp_path):
    corpus = _corpus_copy(tmp_path)
    (item,), _ = import_files([_page(tmp_path, "青岛")], corpus)
    flagged = {f.sentence for f in item.flags}
    settings = fast_settings(corpus, tmp_path / "index")
    build_index(settings, progress=False)
    index = LoadedIndex.load(current_build(settings.index_dir))
    drafts = [p for p in index.passages if p.article_id == item.article.id]
    assert drafts and all(not p.reviewed for p in drafts)
    assert not any(s in p.text for p in index.passages for s in flagged)
    answerer = Answerer(index)
    for question in ("青岛医保热线是12333吗", "青岛医保个人账户的钱能去银行柜台取现吗", "青岛医保卡的钱能给家人用吗"):
        answer = answerer.answer(question)
        assert not any(s in answer.text for s in flagged), (question, answer.text)
    for answer in (answerer.answer("青岛医保卡的钱能给家人用吗"), answerer.answer("青岛家庭共济在哪里绑定家人")):
        for citation in answer.citations:
            if citation.article_id == item.article.id:
                assert citation.reviewed is False and "未经人工审核" in citation.source
                assert citation.as_dict()["reviewed"] is False


def test_city_swapped_copies_share_their_flags(tmp_path):
    corpus = _corpus_copy(tmp_path)
    done, _ = import_files([_page(tmp_path, "青岛"), _page(tmp_path, "淄博")], corpus)
    qingdao, zibo = ({review.placeless(f.sentence): f.kind for f in item.flags} for item in done)
    assert qingdao == zibo and qingdao


def test_an_editors_decision_survives_a_reimport_and_holds_for_a_later_copy(tmp_path):
    corpus = _corpus_copy(tmp_path)
    (item,), _ = import_files([_page(tmp_path, "青岛")], corpus)
    collect = _flag_on(item, "收藏")
    review.decide(corpus, item.article.id, approve=[collect.n])
    (again,), _ = import_files([_page(tmp_path, "青岛")], corpus)
    assert again.article.id == item.article.id and _flag_on(again, "收藏").decision == "approved"
    (copy,), _ = import_files([_page(tmp_path, "淄博")], corpus)
    assert _flag_on(copy, "收藏").decision == "approved" and _flag_on(copy, "12333").decision == "pending"


def test_publishing_needs_every_flag_decided(tmp_path):
    corpus = _corpus_copy(tmp_path)
    (item,), _ = import_files([_page(tmp_path, "青岛")], corpus)
    numbers = [f.n for f in item.flags]
    with pytest.raises(review.ReviewError, match="publish"):
        review.decide(corpus, item.article.id, reject=numbers[:1], publish=True)
    with pytest.raises(review.ReviewError, match="no flag"):
        review.decide(corpus, item.article.id, approve=[99])
    published = review.decide(corpus, item.article.id, reject=numbers, publish=True)
    assert published.status == "published" and all(f.decision == "rejected" for f in published.review.flags)
    assert parse_article(item.written_to).status == "published"
    assert item.article.id not in {a.id for _, a in review.drafts(corpus)}


def test_bot_import_report_and_bot_review(built_settings, tmp_path):
    corpus = _corpus_copy(tmp_path)
    settings = built_settings.model_copy(update={"corpus_dir": corpus})
    report = tmp_path / "report.json"
    out = run_bot(settings, "import", str(_page(tmp_path, "青岛")), "--report", str(report)).stdout
    assert "青岛" in out and "contradicts 2" in out and "boilerplate 2" in out
    (entry,) = json.loads(report.read_text(encoding="utf-8"))
    assert set(entry) == {"path", "article", "city", "status", "flags"} and entry["status"] == "draft"
    assert entry["city"] == "青岛" and all(set(f) == {"sentence", "kind", "rule"} for f in entry["flags"])
    listing = run_bot(settings, "review").stdout
    assert entry["article"] in listing and "12333" in listing and "pending" in listing
    refused = run_bot(settings, "review", entry["article"], "--publish", check=False)
    assert refused.returncode == 2 and "publish" in refused.stderr
    numbers = [str(n) for n in range(1, len(entry["flags"]) + 1)]
    done = run_bot(settings, "review", entry["article"], "--reject", *numbers, "--publish").stdout
    assert "published" in done


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_the_seed_pages_import_as_flagged_drafts(tmp_path):
    corpus = _corpus_copy(tmp_path)
    done, refused = import_files(sorted(SEEDS.glob("*.txt")), corpus)
    assert refused == [] and len(done) == 2
    for item in done:
        kinds = {f.kind for f in item.flags}
        assert {"contradicts", "boilerplate"} <= kinds, item.source_path
    jinan = next(item for item in done if item.article.city == "济南")
    assert any("12333" in f.sentence and f.kind == "contradicts" for f in jinan.flags)
