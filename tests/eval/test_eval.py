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
