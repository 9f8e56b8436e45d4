"""Template articles published once per city fold into one passage that remembers every city."""

import shutil

import pytest

from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.dedup import FoldItem, fold_near_duplicates
from bot.index.store import LoadedIndex
from bot.retrieve.hybrid import HybridRetriever
from bot.text.geo import gazetteer
from tests.conftest import CORPUS, fast_settings

CITIES = ["昌吉", "呼伦贝尔", "兰州", "南宁", "太原", "遂宁", "巴中", "六安", "黑河"]


def city_swapped_corpus(folder):
    """fs-jinan.md copied for other cities, as content sites publish it (generated, never in corpus/)."""
    template = (CORPUS / "fs-jinan.md").read_text(encoding="utf-8")
    for city in CITIES:
        province = gazetteer().province_of(city)
        text = template.replace("id: fs-jinan", f"id: copy-{CITIES.index(city)}")
        text = text.replace("济南", city).replace("山东", province)
        (folder / f"copy-{CITIES.index(city)}.md").write_text(text, encoding="utf-8")
    shutil.copy(CORPUS / "fs-jinan.md", folder / "fs-jinan.md")
    shutil.copy(CORPUS / "fs-national-who-what.md", folder / "fs-national-who-what.md")
    return folder


@pytest.fixture(scope="module")
def swapped(tmp_path_factory):
    root = tmp_path_factory.mktemp("swapped")
    corpus = root / "corpus"
    corpus.mkdir()
    city_swapped_corpus(corpus)
    report = build_index(fast_settings(corpus, root / "index"), progress=False)
    return report, LoadedIndex.load(report.path)


def test_build_reports_how_many_passages_it_folded(swapped):
    report, index = swapped
    per_article = sum(1 for p in index.passages if p.article_id == "fs-jinan")
    assert report.folded == len(CITIES) * per_article
    assert index.manifest["counts"]["folded"] == report.folded
    assert len(index.rows) == per_article + sum(1 for p in index.passages if p.article_id == "fs-national-who-what")


def test_search_never_returns_the_same_text_twice(swapped):
    _, index = swapped
    hits = HybridRetriever(index).run("医保卡里的钱可以给家人用吗 家庭共济", top_k=10)
    blanked = [gazetteer().blank_places(h.passage.text) for h in hits]
    assert len(blanked) == len(set(blanked))


def test_a_folded_passage_remembers_every_city(swapped):
    _, index = swapped
    retriever = HybridRetriever(index)
    hit = retriever.run("家庭共济绑定", city="昌吉", province="新疆", top_k=1)[0]
    assert hit.passage.city == "昌吉"
    assert {m.city for m in retriever.members(hit.passage)} == set(CITIES) | {"济南"}


def test_each_city_is_answered_from_its_own_copy(swapped):
    _, index = swapped
    answer = Answerer(index).answer("昌吉医保个人账户钱可以给家里人用吗")
    local = [c for c in answer.citations if c.region == "昌吉"]
    assert local and "昌吉" in local[0].title
    assert "济南" not in answer.text


def test_different_texts_do_not_fold():
    items = [
        FoldItem("职工医保个人账户可以通过家庭共济给近亲属使用，家人要自己参加基本医保。", "2024-01-01", "a"),
        FoldItem("转出地在10个工作日内办完转出手续，转入地在5个工作日内办完转入手续。", "2024-01-01", "b"),
    ]
    assert fold_near_duplicates(items) == [0, 1]


def test_the_newest_copy_represents_its_group():
    text = "济南参保人要先办理家庭共济绑定，家人才能使用个人账户里的钱，具体以当地规定为准。"
    items = [FoldItem(text, "2023-05-01", "old"), FoldItem(text.replace("济南", "青岛"), "2025-05-01", "new")]
    assert fold_near_duplicates(items) == [1, 1]
