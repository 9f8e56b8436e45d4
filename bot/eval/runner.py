"""`bot eval`: run the evaluation dialogues and measure intent, city, retrieval, key facts and
citations, for BM25 alone, dense alone and the hybrid, on the tuning and the held-back part."""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer.calibration import best_threshold
from bot.answer.compose import Answer, Answerer
from bot.dialog.manager import Dialog
from bot.dialog.state import SessionState
from bot.eval.dataset import Dialogue, Turn
from bot.retrieve.hybrid import Mode

MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
METRICS = ("turns", "intent_accuracy", "city_accuracy", "hit@1", "hit@3", "mrr@10", "key_facts",
           "citation_correctness", "knows_when_not_to_answer")


@dataclass(frozen=True)
class Outcome:
    split: str
    intent_ok: bool | None
    city_ok: bool
    rank: int | None  # rank of the first right article among the answer's passages; None if absent
    ranked: bool  # whether this turn has right articles to rank
    facts_ok: bool | None
    lines: int
    lines_ok: int
    abstain_ok: bool  # said "I do not know" exactly when the corpus cannot answer
    confidence: float
    guessed: bool
    answerable: bool
    turn: Turn
    got: str  # what the bot did, for the failure report: intent, city, status, first articles


SPLITS = ("tune", "heldout")


def run(answerer: Answerer, dialogues: list[Dialogue], mode: Mode = "hybrid") -> list[Outcome]:
    answerer.retriever.mode = mode
    dialog = Dialog(answerer)
    sentences_of = _article_texts(answerer)
    outcomes = []
    for dialogue in dialogues:
        state = SessionState(dialogue.id)
        for turn in dialogue.turns:
            answer = dialog.handle(state, turn.user, turn.city)
            outcomes.append(_judge(dialogue.split, turn, answer, state, sentences_of))
    answerer.retriever.mode = "hybrid"
    return outcomes


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
    return Outcome(
        split=split,
        intent_ok=None if not expect.answerable else answer.intent == expect.intent,
        city_ok=state.city == expect.city,
        rank=rank,
        ranked=bool(expect.articles) and expect.answerable,
        facts_ok=all(f in answer.text for f in expect.facts) if expect.facts and expect.answerable else None,
        lines=len(cited),
        lines_ok=sum(1 for text, article in cited if text in texts.get(article, "")),
        abstain_ok=(answer.status == "unanswerable") == (not expect.answerable),
        confidence=answer.confidence,
        guessed=answer.guessed_topic,
        answerable=expect.answerable,
        turn=turn,
        got=f"{answer.intent} {state.city} {answer.status} {seen[:3] if expect.articles else ''}",
    )


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
    return {
        "turns": len(outcomes),
        "intent_accuracy": share([o.intent_ok for o in outcomes if o.intent_ok is not None]),
        "city_accuracy": share([o.city_ok for o in outcomes]),
        "hit@1": share([o.rank == 1 for o in ranked]),
        "hit@3": share([o.rank is not None and o.rank <= 3 for o in ranked]),
        "mrr@10": sum(1 / o.rank for o in ranked if o.rank) / len(ranked) if ranked else float("nan"),
        "key_facts": share([o.facts_ok for o in outcomes if o.facts_ok is not None]),
        "citation_correctness": sum(o.lines_ok for o in outcomes) / lines if lines else float("nan"),
        "knows_when_not_to_answer": share([o.abstain_ok for o in outcomes]),
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
                                        ("abstain", not o.abstain_ok)) if bad]
        if wrong:
            e = o.turn.expect
            lines.append(f"{','.join(wrong):<14} {o.turn.user}\n    want {e.intent} {e.city} "
                         f"{'answer' if e.answerable else 'abstain'} {list(e.articles)}\n    got  {o.got}")
    return lines


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
