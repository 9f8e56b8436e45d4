"""`bot eval`: run the evaluation dialogues and measure intent, city, retrieval, key facts and
citations, for BM25 alone, dense alone and the hybrid, on the tuning and the held-back part."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bot.answer.calibration import best_threshold
from bot.answer.compose import Answer, Answerer
from bot.dialog.manager import Dialog
from bot.dialog.state import SessionState
from bot.eval.dataset import Dialogue, Turn
from bot.retrieve.hybrid import Mode
from bot.answer.lines import LINE_FEATURES
from bot.text.sentences import split_sentences
from bot.retrieve.rerank import FEATURES, features

MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
METRICS = ("turns", "intent_accuracy", "city_accuracy", "to_city_accuracy", "hit@1", "hit@3", "mrr@10", "key_facts",
           "lead_ok", "line_precision", "citation_correctness", "abstain_ok")


@dataclass(frozen=True)
class Outcome:
    split: str
    intent_ok: bool | None
    city_ok: bool
    rank: int | None  # rank of the first right article among the answer's passages; None if absent
    ranked: bool  # whether this turn has right articles to rank
    facts_ok: bool | None
    lead_ok: bool | None  # the lead line holds one of the turn's key facts
    lines: int
    lines_ok: int
    lines_judged: int  # answer lines of a turn with right articles
    lines_right: int  # of those, lines whose article is among the right ones
    to_city_ok: bool | None
    abstain_ok: bool  # said "I do not know" exactly when the corpus cannot answer
    confidence: float
    guessed: bool
    answerable: bool
    turn: Turn
    got: str  # what the bot did, for the failure report: intent, city, status, first articles


SPLITS = ("tune", "heldout")


def run(answerer: Answerer, dialogues: list[Dialogue], mode: Mode = "hybrid") -> list[Outcome]:
    answerer.retriever.mode = mode
    try:
        sentences_of = _article_texts(answerer)
        return [_judge(dialogue.split, turn, answer, state, sentences_of)
                for dialogue, turn, answer, state in _conversations(answerer, dialogues)]
    finally:
        answerer.retriever.mode = "hybrid"


def _conversations(answerer: Answerer, dialogues: list[Dialogue]):
    """Each turn of each dialogue, answered in conversation order: (dialogue, turn, answer, state)."""
    dialog = Dialog(answerer)
    for dialogue in dialogues:
        state = SessionState(dialogue.id)
        for turn in dialogue.turns:
            answer = dialog.handle(state, turn.user, turn.city)
            yield dialogue, turn, answer, state


def _judge(split: str, turn: Turn, answer: Answer, state: SessionState, texts: dict[str, str]) -> Outcome:
    expect = turn.expect
    rank = None
    seen: list[str] = []
    if expect.articles:
        for hit in answer.hits:
            if hit.passage.article_id not in seen:
                seen.append(hit.passage.article_id)
        rank = next((i for i, a in enumerate(seen[:10], 1) if a in expect.articles), None)
    cited = [(line.text, c.article_id) for line in answer.lines for c in answer.citations if c.n in line.refs]
    judged = expect.answerable and bool(expect.articles) and answer.status == "answered"
    has_facts = bool(expect.facts) and expect.answerable
    lead = answer.lines[0].text if answer.lines else ""
    return Outcome(
        split=split,
        intent_ok=None if not expect.answerable else answer.intent == expect.intent,
        city_ok=state.city == expect.city,
        rank=rank,
        ranked=bool(expect.articles) and expect.answerable,
        facts_ok=all(f in answer.text for f in expect.facts) if has_facts else None,
        lead_ok=any(f in lead for f in expect.facts) if has_facts else None,
        lines=len(cited),
        lines_judged=len(cited) if judged else 0,
        lines_right=sum(1 for _, article in cited if article in expect.articles) if judged else 0,
        to_city_ok=state.to_city == expect.to_city if expect.checks_to_city else None,
        lines_ok=sum(1 for text, article in cited if _quotes(text, texts.get(article, ""))),
        abstain_ok=(answer.status == "unanswerable") == (not expect.answerable),
        confidence=answer.confidence,
        guessed=answer.guessed_topic,
        answerable=expect.answerable,
        turn=turn,
        got=f"{answer.intent} {state.city} {answer.status} {seen[:3] if expect.articles else ''} lead: {lead[:60]}",
    )


def _quotes(line: str, article_text: str) -> bool:
    """Every sentence of the line is a sentence of the cited article (a lead may join two)."""
    return all(sentence in article_text for sentence in split_sentences(line))


def _article_texts(answerer: Answerer) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for p in answerer.index.passages:
        texts.setdefault(p.article_id, []).append(p.text)
    return {a: "\n".join(t) for a, t in texts.items()}


def summarise(outcomes: list[Outcome]) -> dict[str, float]:
    def share(values: list[bool]) -> float:
        return sum(values) / len(values) if values else float("nan")

    ranked = [o for o in outcomes if o.ranked]
    lines = sum(o.lines for o in outcomes)
    judged_lines = sum(o.lines_judged for o in outcomes)
    return {
        "turns": len(outcomes),
        "intent_accuracy": share([o.intent_ok for o in outcomes if o.intent_ok is not None]),
        "city_accuracy": share([o.city_ok for o in outcomes]),
        "to_city_accuracy": share([o.to_city_ok for o in outcomes if o.to_city_ok is not None]),
        "hit@1": share([o.rank == 1 for o in ranked]),
        "hit@3": share([o.rank is not None and o.rank <= 3 for o in ranked]),
        "mrr@10": sum(1 / o.rank for o in ranked if o.rank) / len(ranked) if ranked else float("nan"),
        "key_facts": share([o.facts_ok for o in outcomes if o.facts_ok is not None]),
        "lead_ok": share([o.lead_ok for o in outcomes if o.lead_ok is not None]),
        "line_precision": (sum(o.lines_right for o in outcomes) / judged_lines if judged_lines else float("nan")),
        "citation_correctness": sum(o.lines_ok for o in outcomes) / lines if lines else float("nan"),
        "abstain_ok": share([o.abstain_ok for o in outcomes]),
    }


def evaluate(answerer: Answerer, dialogues: list[Dialogue],
             splits: tuple[str, ...] = SPLITS) -> dict[tuple[str, str], dict[str, float]]:
    """Metrics for every (split, mode)."""
    results = {}
    for mode in MODES:
        outcomes = run(answerer, [d for d in dialogues if d.split in splits], mode)
        for split in splits:
            results[(split, mode)] = summarise([o for o in outcomes if o.split == split])
    return results


def failures(answerer: Answerer, dialogues: list[Dialogue]) -> list[str]:
    """One line per tuning turn the hybrid gets wrong (intent, city, article not in the top 3,
    or abstaining wrongly). Held-back turns are never listed: nobody tunes on them."""
    lines = []
    for o in run(answerer, [d for d in dialogues if d.split == "tune"], "hybrid"):
        wrong = [name for name, bad in (("intent", o.intent_ok is False), ("city", not o.city_ok),
                                        ("hit@3", o.ranked and (o.rank is None or o.rank > 3)),
                                        ("abstain", not o.abstain_ok), ("lead", o.lead_ok is False),
                                        ("facts", o.facts_ok is False)) if bad]
        if wrong:
            e = o.turn.expect
            lines.append(f"{','.join(wrong):<14} {o.turn.user}\n    want {e.intent} {e.city} "
                         f"{'answer' if e.answerable else 'abstain'} {list(e.articles)} facts {list(e.facts)}\n    got  {o.got}")
    return lines


def answers(answerer: Answerer, dialogues: list[Dialogue]) -> list[tuple[Turn, Answer]]:
    """Every turn of the dialogues with the hybrid's answer, in conversation order."""
    return [(turn, answer) for _, turn, answer, _ in _conversations(answerer, dialogues)]


def fit_reranker(answerer: Answerer, dialogues: list[Dialogue]) -> tuple[dict[str, float], float, int]:
    """A pairwise logistic regression (a unit of a right article against one of a wrong article,
    retrieved for the same tuning turn) over the reranker's features: it learns which unit should
    come first. Returns the weights, a bias of 0 (only the order matters) and the pairs used."""
    from sklearn.linear_model import LogisticRegression

    differences = []
    for turn, answer in answers(answerer, [d for d in dialogues if d.split == "tune"]):
        if not (turn.expect.articles and turn.expect.answerable and answer.hits and answer.understood):
            continue
        best, steered = max(h.fused for h in answer.hits), max(h.steered for h in answer.hits)
        rows = [(features(answer.understood, h, best, answer.city, answer.province, steered),
                 h.passage.article_id in turn.expect.articles) for h in answer.hits]
        right = [x for x, ok in rows if ok]
        wrong = [x for x, ok in rows if not ok]
        differences.extend(r - w for r in right for w in wrong)
    x = np.array(differences + [-d for d in differences])
    y = np.array([1] * len(differences) + [0] * len(differences))
    model = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False)
    model.fit(x, y)
    weights = dict(zip(FEATURES, (float(w) for w in model.coef_[0]), strict=True))
    return weights, 0.0, len(differences)


def reranker_score(answerer: Answerer, dialogues: list[Dialogue], reranker) -> float:
    """hit@1 + lead_ok of the hybrid on the tuning turns with ``reranker`` in place."""
    saved = answerer.reranker
    answerer.reranker = reranker
    try:
        m = summarise(run(answerer, [d for d in dialogues if d.split == "tune"], "hybrid"))
    finally:
        answerer.reranker = saved
    return round(m["hit@1"] + m["lead_ok"], 4)


def fit_line_weights(answerer: Answerer, dialogues: list[Dialogue]) -> tuple[dict[str, float], int]:
    """Pairwise logistic regression, with weights kept non-negative, over the line features of
    the sentences each tuning turn's answer could quote: a sentence holding one of the turn's
    key facts should outrank one that does not. Returns the weights and the number of pairs."""
    differences = []
    for turn, answer in answers(answerer, [d for d in dialogues if d.split == "tune"]):
        if not (turn.expect.facts and turn.expect.answerable and answer.hits and answer.understood):
            continue
        _, candidates = answerer.lines.candidates(answer.understood, answer.hits, answer.city, answer.province)
        right = [v for _, sentence, v in candidates if any(f in sentence for f in turn.expect.facts)]
        wrong = [v for _, sentence, v in candidates if not any(f in sentence for f in turn.expect.facts)]
        differences.extend(r - w for r in right for w in wrong)
    if not differences:
        return {}, 0
    return dict(zip(LINE_FEATURES, (float(w) for w in _non_negative_pairwise(np.array(differences))), strict=True)), \
        len(differences)


def _non_negative_pairwise(differences: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Logistic regression on pair differences (the first of each pair should win) with every
    weight kept at zero or above. Each line feature is built so that more means more relevant;
    an unconstrained fit on the tuning part flipped signs (a lower-ranked article preferred) and
    lost held-back key facts that the constrained one keeps."""
    from scipy.optimize import minimize
    from scipy.special import expit

    n = len(differences)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = differences @ w
        value = np.logaddexp(0.0, -margin).sum() + 0.5 * l2 * w @ w
        grad = -(differences.T @ expit(-margin)) + l2 * w
        return value / n, grad / n

    start = np.ones(differences.shape[1])
    return minimize(loss, start, jac=True, method="L-BFGS-B", bounds=[(0.0, None)] * differences.shape[1]).x


LINE_PRECISION_FLOOR = 0.92


def calibrate_lines(answerer: Answerer, dialogues: list[Dialogue],
                    grid: tuple[float, ...] = tuple(x / 4 for x in range(-4, 25)),
                    tolerance: float = 0.03) -> tuple[float, dict]:
    """The line threshold: the strictest one (fewest lines) whose key-fact share on the tuning
    turns stays within ``tolerance`` (three points) of the best any threshold reaches, raised until
    line precision there reaches ``LINE_PRECISION_FLOOR``. A line that adds no key fact is padding,
    so fewer lines win whenever they say as much."""
    tune = [d for d in dialogues if d.split == "tune"]
    saved = answerer.lines.threshold
    table: dict[float, dict[str, float]] = {}
    try:
        for threshold in grid:
            answerer.lines.threshold = threshold
            outcomes = run(answerer, tune, "hybrid")
            m = summarise(outcomes)
            answered = [o for o in outcomes if o.lines]
            table[threshold] = {"key_facts": round(m["key_facts"], 4), "line_precision": round(m["line_precision"], 4),
                                "lines_per_answer": round(sum(o.lines for o in answered) / max(len(answered), 1), 2)}
    finally:
        answerer.lines.threshold = saved
    best_facts = max(row["key_facts"] for row in table.values())
    chosen = max(t for t, row in table.items() if row["key_facts"] >= best_facts - tolerance)
    # lines on other articles' subjects are padding too: the threshold is raised, if it must be, until
    # line precision on the tuning turns reaches LINE_PRECISION_FLOOR (it has run a point or two above
    # the held-back turns')
    precise = [t for t in sorted(table) if t >= chosen and table[t]["line_precision"] >= LINE_PRECISION_FLOOR]
    return (precise[0] if precise else chosen), {str(t): row for t, row in table.items()}


def calibrate(answerer: Answerer, dialogues: list[Dialogue]) -> tuple[float, float, int]:
    """The confidence threshold that best tells answerable from unanswerable questions among the
    tuning turns whose topic had to be guessed. Returns (threshold, accuracy, turns used)."""
    saved = answerer.min_confidence
    answerer.min_confidence = 0.0
    try:
        outcomes = run(answerer, [d for d in dialogues if d.split == "tune"], "hybrid")
    finally:
        answerer.min_confidence = saved
    scored = [(o.confidence, o.answerable) for o in outcomes if o.guessed]
    threshold, accuracy = best_threshold(scored)
    return threshold, accuracy, len(scored)


def format_table(results: dict[tuple[str, str], dict[str, float]]) -> str:
    columns = [(split, mode) for split in SPLITS for mode in MODES if (split, mode) in results]
    header = f"{'metric':<26}" + "".join(f"{split + '/' + mode:>16}" for split, mode in columns)
    rows = [header, "-" * len(header)]
    for metric in METRICS:
        cells = []
        for column in columns:
            value = results[column][metric]
            cells.append(f"{int(value):>16d}" if metric == "turns" else f"{value:>16.3f}")
        rows.append(f"{metric:<26}" + "".join(cells))
    return "\n".join(rows)
