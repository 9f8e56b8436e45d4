"""`bot eval`: the evaluation set, the table and the calibrated threshold."""

import json
import math

import pytest

from bot.answer.calibration import best_threshold, calibration_path
from bot.answer.compose import Answerer
from bot.eval.dataset import load_dialogues
from bot.eval.runner import METRICS, MODES, calibrate, evaluate, format_table
from bot.settings import PROJECT_ROOT

DATASET = PROJECT_ROOT / "eval"


@pytest.fixture(scope="module")
def dialogues():
    return load_dialogues(DATASET)


def test_the_set_is_big_enough_and_has_a_held_back_part(dialogues):
    turns = [t for d in dialogues for t in d.turns]
    assert len(turns) >= 120
    assert sum(len(d.turns) > 1 for d in dialogues) >= 10
    heldout = [t for d in dialogues if d.split == "heldout" for t in d.turns]
    assert len(heldout) >= 30
    intents = {t.expect.intent for t in turns}
    assert {"family_sharing", "withdrawal", "transfer", "balance_query", "out_of_scope", "greeting"} <= intents
    assert any(not t.expect.answerable for t in turns)


def test_every_expected_article_exists(dialogues, index):
    ids = {p.article_id for p in index.passages}
    for d in dialogues:
        for t in d.turns:
            assert set(t.expect.articles) <= ids, (d.id, t.user)


def test_table_has_every_metric_for_every_mode_and_split(index, dialogues):
    answerer = Answerer(index)
    results = evaluate(answerer, dialogues[:6] + [d for d in dialogues if d.split == "heldout"][:3])
    assert set(results) == {(s, m) for s in ("tune", "heldout") for m in MODES}
    table = format_table(results)
    for metric in METRICS:
        assert metric in table
    hybrid = results[("tune", "hybrid")]
    assert 0 <= hybrid["hit@3"] <= 1 and hybrid["citation_correctness"] == 1.0


def test_the_shipped_threshold_is_what_calibration_on_the_tuning_part_gives(index, dialogues):
    shipped = json.loads(calibration_path().read_text(encoding="utf-8"))
    threshold, accuracy, used = calibrate(Answerer(index), dialogues)
    assert math.isclose(shipped["min_confidence"], threshold, abs_tol=1e-3)
    assert used > 0 and accuracy >= 0.5


def test_best_threshold_separates_scores():
    scored = [(0.2, False), (0.3, False), (0.7, True), (0.9, True)]
    threshold, accuracy = best_threshold(scored)
    assert 0.3 < threshold <= 0.7 and accuracy == 1.0


def test_lead_line_precision_and_abstain_judge_what_a_reader_sees(index, tmp_path):
    from bot.eval.runner import run, summarise

    (tmp_path / "d.yaml").write_text("""
- id: t1
  split: tune
  turns:
    - user: 北京医保卡的钱怎么转到微信
      expect: {intent: withdrawal, city: 北京, articles: [wd-national-not-allowed], facts: [不能转到微信]}
    - user: 办理退休了医保还要缴费吗
      expect: {intent: account_basics, city: 北京, articles: [], facts: [], answerable: false}
- id: t2
  split: tune
  turns:
    - user: 从郑州调到杭州工作 医保怎么转
      expect: {intent: transfer, city: 郑州, to_city: 杭州, articles: [tr-national-how], facts: [工作日]}
""", encoding="utf-8")
    outcomes = run(Answerer(index), load_dialogues(tmp_path / "d.yaml"))
    first, uncovered, move = outcomes
    assert first.lead_ok is True and first.lines_judged >= 1
    assert uncovered.abstain_ok and uncovered.lead_ok is None and uncovered.lines_judged == 0
    assert move.to_city_ok is True
    m = summarise(outcomes)
    assert m["to_city_accuracy"] == 1.0 and m["abstain_ok"] == 1.0
    assert 0 < m["line_precision"] <= 1 and m["lead_ok"] == (first.lead_ok + move.lead_ok) / 2


def test_fitting_the_reranker_and_the_line_weights_uses_the_tuning_part_only(index, dialogues):
    from bot.eval.runner import calibrate_lines, fit_line_weights, fit_reranker
    from bot.retrieve.rerank import FEATURES

    answerer = Answerer(index)
    tune = [d for d in dialogues if d.split == "tune"][:40]
    weights, bias, pairs = fit_reranker(answerer, tune + [d for d in dialogues if d.split == "heldout"])
    weights_tune_only, _, pairs_tune_only = fit_reranker(answerer, tune)
    assert set(weights) == set(FEATURES) and pairs == pairs_tune_only and weights == weights_tune_only
    line_weights, line_pairs = fit_line_weights(answerer, tune)
    assert line_pairs > 0 and line_weights
    # every feature is built so that more means more relevant: no fitted weight turns one upside down
    assert all(w >= 0 for w in line_weights.values()) and max(line_weights.values()) > 0
    threshold, table = calibrate_lines(answerer, tune, grid=(1.0, 2.0, 3.0))
    assert threshold in (1.0, 2.0, 3.0) and set(table) == {"1.0", "2.0", "3.0"}
