"""The sentence model's second reading: what it learns from, and what it adds to the rules on
pages written here, checked against the real published corpus."""

from __future__ import annotations

import pytest

from bot.corpus.importer import parse_plain_article
from bot.corpus.passages import split_passages
from bot.corpus.sentence_model import check_examples
from bot.eval.import_pages import HELD_OUT, LEARNED_FROM, PAGES, labelled_sentences
from tests.corpus.test_checks import _checker, _published


def _flags(city: str, *paragraphs: str):
    text = "\n\n".join([f"{city}医保个人账户余额能提取吗？转移接续和家庭共济", "2025-09-01 10:00:00某某资讯网", *paragraphs]) + "\n"
    draft = parse_plain_article(text, "test")
    return {f.sentence: f for f in _checker().check(draft)}, draft


needs_pages = pytest.mark.skipif(not (PAGES / "labels.yaml").exists(), reason="eval/import_pages is not there")


@needs_pages
def test_no_held_back_sentence_is_learned_from():
    learned = {sentence for sentence, _ in check_examples()}
    held_back = {" ".join(s.split()) for s, _ in labelled_sentences(HELD_OUT)}
    assert held_back and not held_back & learned
    assert HELD_OUT not in LEARNED_FROM


@needs_pages
def test_the_shipped_examples_are_what_the_export_writes():
    from scripts.export_check_examples import examples

    assert sorted(check_examples()) == examples()


@pytest.mark.parametrize("claim", [
    "换了工作城市以后，原来账户里攒下的钱就全部归零了。",
    "医保钱包的钱转给家人以后，还可以再转回银行卡。",
])
def test_a_false_claim_no_rule_knows_is_flagged_with_the_closest_applicable_rule(claim):
    flags, _ = _flags("长沙", "长沙职工医保参保人的个人账户问题。", claim, "办理转移接续不收取费用。")
    flag = flags.get(claim)
    assert flag is not None and flag.kind == "contradicts" and flag.by_model, flag
    assert "模型判断" in flag.why
    article = {a.id: a for a in _published()}[flag.rule]
    assert article.city is None and article.province is None  # 长沙 has only national rules
    assert flag.evidence in [s for p in split_passages(article) for s in p.sentences]


def test_the_evidence_comes_from_an_article_that_applies_to_the_page():
    claim = "换了工作城市以后，原来账户里攒下的钱就全部归零了。"
    flags, _ = _flags("东莞", "东莞职工医保参保人的个人账户问题。", claim)
    article = {a.id: a for a in _published()}[flags[claim].rule]
    assert article.city is None and article.province in (None, "广东")


def test_a_close_restatement_of_a_published_sentence_is_not_flagged():
    """The model reads it as a contradiction; most of its words, with the same negation, are an
    applicable published sentence's, so it is not flagged."""
    restated = "12333是人力资源社会保障部门的热线，查医保余额要打12393。"
    reading = _checker()._model.read([restated])[0]
    assert reading is not None and reading.kind == "contradicts"
    flags, draft = _flags("长沙", "长沙职工医保参保人的个人账户问题。", restated)
    assert restated in [s for p in split_passages(draft) for s in p.sentences]
    assert restated not in flags


def test_the_published_sentences_read_as_true():
    """Each published sentence is a true example the model learns from: none reads as a flag."""
    sentences = [s for a in _published() for p in split_passages(a) for s in p.sentences]
    readings = _checker()._model.read(sentences)
    assert sum(r is not None for r in readings) <= 0.01 * len(sentences)
