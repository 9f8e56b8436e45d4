"""From a question to a short answer whose every line quotes and cites an article.

No text is generated: the lead line and the bullets are sentences taken from the retrieved
passages, chosen by how much of the question they share, and the Jinja2 template of the topic
only arranges them, adds the [n] marks and the local caveat.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.answer.calibration import load_line_threshold, load_line_weights
from bot.answer.lines import Chosen, LineChooser, quotable
from bot.answer.questions import QuestionBank
from bot.index.store import LoadedIndex, PassageRecord
from bot.retrieve.hybrid import Hit, HybridRetriever, Mode
from bot.retrieve.rerank import Reranker
from bot.text.geo import gazetteer
from bot.text.segment import tokens
from bot.text.typos import TypoFixer
from bot.understand.intent import CORE_TOPICS, THANKS, Intent
from bot.understand.intent_model import IntentModel
from bot.understand.question import Question, Understander, placed_against_the_asker

TOPIC_NAMES = {
    "family_sharing": "家庭共济",
    "withdrawal": "个人账户提取",
    "transfer": "医保关系转移接续",
    "balance_query": "余额查询",
    "fraud": "冒名就医和套现",
    "e_voucher": "医保电子凭证",
    "insured_place": "参保地",
    "hotline": "医保热线",
    "account_basics": "个人账户",
}
STARTER_QUESTIONS = {
    "family_sharing": "医保卡里的钱能给家人用吗？",
    "withdrawal": "医保个人账户的钱能取出来吗？",
    "transfer": "换城市工作，医保怎么转？",
    "balance_query": "医保卡余额怎么查？",
}
CANNED = ("greeting", "out_of_scope", "handoff")
# 「您是不是想问」 offers only articles at least this similar; below it the reply names what the bot covers
CLOSE_QUESTION = 0.6
# A follow-up's lines are matched against the message, and against the earlier question it leans
# on at this weight (tuning part: lead_ok 0.694 → 0.700; 0 or 2 did worse)
CONTEXT_SHARE = 0.5


@dataclass(frozen=True)
class Citation:
    n: int
    title: str
    source: str
    date: str | None  # None when the source gave no date
    url: str | None
    snippet: str
    region: str | None  # the city or province the article speaks for; None when national
    article_id: str = ""
    reviewed: bool = True  # False: an imported draft; its source says so

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("n", "title", "source", "date", "url", "snippet", "reviewed")}


@dataclass(frozen=True)
class Line:
    label: str | None
    text: str
    refs: tuple[int, ...]


@dataclass
class Answer:
    question: str  # masked
    intent: str
    city: str | None
    province: str | None
    text: str
    to_city: str | None = None  # where a move goes (转入地)
    message: str = ""  # this turn's message as stored (masked); the question may be an earlier one
    facet: str | None = None  # what kind of answer the question asked for
    lines: list[Line] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    needs_city: bool = False
    local_found: bool | None = None  # None when no place is known
    to_local_found: bool = False  # the corpus has an article of the place a move goes to
    pii_kinds: tuple[str, ...] = ()
    confidence: float = 0.0
    status: str = "answered"  # answered, unanswerable, greeting, out_of_scope, handoff
    guessed_topic: bool = False  # no topic word: the topic came from the best passage
    hits: list[Hit] = field(default_factory=list, repr=False)
    understood: Question | None = field(default=None, repr=False)  # the question object the answer was built for

    def as_chat_dict(self, session_id: str) -> dict:
        return {
            "session_id": session_id,
            "message": self.message or self.question,
            "answer": self.text,
            "intent": self.intent,
            "city": self.city,
            "to_city": self.to_city,
            "citations": [c.as_dict() for c in self.citations],
            "suggestions": self.suggestions,
            "needs_city": self.needs_city,
        }

    def render_full(self) -> str:
        """The answer with its numbered sources and follow-up questions, as the CLI prints it."""
        return templates().get_template("_full.j2").render(answer=self).strip()


UNREVIEWED = "（未经人工审核）"


def _public_source(record: PassageRecord) -> str:
    return record.source if record.reviewed else record.source + UNREVIEWED


@lru_cache(maxsize=1)
def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("bot.answer", "templates"),
        autoescape=False,  # plain text for chat; the web front ends escape when they render
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package; no stat() per answer
    )
    env.filters["refs"] = lambda refs: "".join(f"[{n}]" for n in refs)
    return env


class Answerer:
    """Answers one question against a loaded index.

    ``min_confidence`` is the similarity below which a 医保 question that names no topic word gets
    「我不确定」 and the closest known questions; ``line_threshold`` is the relevance a line after
    the lead must reach. Both are calibrated on the evaluation set (``bot eval --calibrate``).

    >>> answerer = Answerer(index)  # doctest: +SKIP
    >>> print(answerer.answer("济南医保卡里的钱可以给家人用吗").text)  # doctest: +SKIP
    可以，济南参保人要先办理家庭共济绑定，家人才能使用个人账户里的钱。[1]
    """

    def __init__(self, index: LoadedIndex, max_passages: int = 4, min_confidence: float = 0.0,
                 line_threshold: float | None = None) -> None:
        self.index = index
        self.questions = QuestionBank(index)
        self.retriever = HybridRetriever(index, questions=self.questions)
        # the article's own questions only: a section's (「转回老家，个账的钱去哪了」 in a withdrawal
        # article) may ask about another topic's subject, and would teach the model that topic wrongly
        self.intent_model = IntentModel.from_questions([(q.text, q.topics[0]) for q in self.questions.own_questions()])
        self.understander = Understander(self.intent_model, TypoFixer.from_texts(_texts_of(index.passages)))
        line_threshold = load_line_threshold() if line_threshold is None else line_threshold
        self.lines = LineChooser(index, **({} if line_threshold is None else {"threshold": line_threshold}),
                                 weights=load_line_weights())
        self.reranker = Reranker.load()
        self.max_passages = max_passages
        self.min_confidence = min_confidence
        self.local_topics = _local_topics(index.passages)
        self._national_questions = _national_questions(index.passages)
        self._cities_by_topic = _cities_by_topic(index.passages)

    def understand(self, message: str) -> Question:
        return self.understander.understand(message)

    def answer(
        self,
        question: str | Question,
        city: str | None = None,
        province: str | None = None,
        topic: str | None = None,
        query: str | None = None,
        mode: Mode | None = None,
        to_city: str | None = None,
        said: str | None = None,
    ) -> Answer:
        """Answer ``question``. The dialog may fix the ``topic`` it carries over from earlier turns
        and give a retrieval ``query`` that adds that context, and what its previous answer ``said``
        first (a follow-up does not lead with it again); otherwise both come from the question, and so
        do the places when none is given."""
        q = question if isinstance(question, Question) else self.understand(question)
        if city is None and province is None:
            origin, destination = q.origin, q.destination
            if origin is None and destination is not None and q.topic != "transfer":
                origin = destination
            if origin is not None:
                city, province = origin.city, origin.province
            if to_city is None and destination is not None and destination is not origin:
                to_city = destination.city or destination.province
        elif city is not None and province is None:
            province = gazetteer().province_of(city)
        q = placed_against_the_asker(q, city, province)
        if topic:
            q = q.with_topic(topic)
        if q.topic in CANNED and not (q.topic == "out_of_scope" and q.not_covered):
            return self.canned(q.topic, q, city, province)
        return self._answer_topic(q, query or q.masked, city, province, to_city, mode, said)

    def classify(self, text: str) -> Intent:
        return self.understand(text).intent

    def canned(self, kind: str, question: Question, city: str | None, province: str | None,
               suggestions: list[str] | None = None) -> Answer:
        answer = Answer(
            question=question.masked, intent=kind, city=city, province=province, text="", status=kind,
            suggestions=suggestions if suggestions is not None else list(STARTER_QUESTIONS.values()),
            pii_kinds=question.pii, facet=question.facet, understood=question,
        )
        template = "thanks" if kind == "greeting" and THANKS.search(question.masked) else kind
        answer.text = templates().get_template(f"{template}.j2").render(answer=answer, place=city or province).strip()
        return answer

    def confidence(self, query: str, vector: np.ndarray | None = None) -> float:
        """How close the question is to something the corpus answers: the best cosine similarity
        to a known question variant or to a passage."""
        vector = self.index.embedder.encode([query]) if vector is None else vector[None, :]
        if not vector.any():
            return 0.0
        passage_best = float(self.index.dense.search(vector, 1)[0][0][0]) if self.index.dense.ntotal else 0.0
        return max(passage_best, self.questions.best_similarity(vector[0]))

    def _answer_topic(self, q: Question, query: str, city: str | None, province: str | None, to_city: str | None,
                      mode: Mode | None, said: str | None = None) -> Answer:
        label = q.topic
        # what is asked, not where: place steering does the where, so a place name in the question
        # must not make another topic's local article match on the name alone
        placeless = q.placeless if query == q.masked else gazetteer().blank_places(query, mark="")
        if q.situation_terms:  # the situation in the articles' words: 「还算数不」 finds 缴费年限
            placeless = f"{placeless} {q.situation_terms}"
        query_vector, placeless_vector = self.index.embedder.encode([query, placeless])
        confidence = self.confidence(query, query_vector)
        if q.not_covered:
            return self._unanswerable(q, query, city, province, confidence, "not_covered")
        topics = (label,) if label in TOPIC_NAMES else ()
        hits = self.retriever.run(placeless, city=city, province=province, topics=topics,
                                  top_k=self.max_passages * 3, mode=mode, vector=placeless_vector,
                                  placeless_vector=placeless_vector, facet=q.facet)
        hits = self.reranker.run(q, hits, city=city, province=province)
        # an article for retirees, or about fraud, is no answer to this question: it does not rank
        context = query if query != q.masked else ""  # the earlier question a follow-up leans on
        hits = [h for h in hits if quotable(h.passage, q, context)]
        guessed = not q.intent.certain or label not in TOPIC_NAMES
        unsure = guessed and confidence < self.min_confidence  # no topic word, and little like the corpus
        moving = to_city is not None and to_city not in (city, province)
        line_vector = query_vector
        if context and hits:
            line_vector, hits = self._as_this_message(q, hits, query_vector, city, province)
        chosen = self.lines.choose(q, hits, city, province, line_vector, moving, context, said) if hits and not unsure else []
        if not chosen:
            return self._unanswerable(q, query, city, province, confidence, label)
        if label not in TOPIC_NAMES:
            label = chosen[0].passage.topics[0]
        lines, citations = _cite(chosen)
        place = city or province
        answer = Answer(
            question=q.masked, intent=label, city=city, province=province, to_city=to_city, text="",
            lines=lines, citations=citations,
            suggestions=self._suggestions(q, label, hits, citations),
            needs_city=place is None and label in CORE_TOPICS,
            local_found=None if place is None else (place, label) in self.local_topics,
            to_local_found=to_city is not None and (to_city, label) in self.local_topics,
            pii_kinds=q.pii, confidence=confidence, hits=hits, guessed_topic=guessed, facet=q.facet, understood=q,
        )
        answer.text = _render_topic(label, answer, place)
        return answer

    def _as_this_message(self, q: Question, hits: list[Hit], query_vector: np.ndarray, city, province
                         ) -> tuple[np.ndarray, list[Hit]]:
        """A follow-up (「在微信哪找」) is retrieved with the earlier question as context, but its
        lines answer this message: the sentences and the sections' question variants are matched
        against it, with the context counting for ``CONTEXT_SHARE``."""
        own = self.index.embedder.encode([q.placeless or q.masked])[0]
        if not own.any():
            return query_vector, hits
        blended = own + CONTEXT_SHARE * query_vector
        blended = blended / max(float(np.linalg.norm(blended)), 1e-12)
        ranks = self.retriever.question_ranks_of(q.placeless or q.masked, city, province, own)
        return blended.astype(np.float32), [replace(h, question_rank=ranks.get(h.passage.id)) for h in hits]

    def _unanswerable(self, q: Question, query: str, city, province, confidence, label) -> Answer:
        closest = [k.text for k in self.questions.nearest_articles(query, k=3) if k.similarity >= CLOSE_QUESTION]
        answer = self.canned("unanswerable", q, city, province, suggestions=closest)
        answer.intent = label if label in TOPIC_NAMES and not q.not_covered else "not_covered"
        answer.confidence = confidence
        answer.guessed_topic = True
        return answer

    def _suggestions(self, q: Question, topic: str, hits: list[Hit], citations: list[Citation]) -> list[str]:
        asked = set(q.tokens)
        seen_titles = {c.title for c in citations}
        pool: list[str] = []
        for hit in hits:  # other questions the retrieved articles answer, then the other topics
            if hit.passage.title not in seen_titles:
                pool.extend(hit.passage.questions[:1])
        for article_questions in self._national_questions.get(topic, [])[:3]:
            pool.extend(article_questions[1:2])
        pool.extend(q for t, q in STARTER_QUESTIONS.items() if t != topic)
        out: list[str] = []
        for text in pool:
            if text not in out and set(tokens(text)) != asked:
                out.append(text)
        return out[:3]

    def city_quick_replies(self, topic: str) -> list[str]:
        """「我在济南」 chips for the cities that have their own article on the topic, most first."""
        return [f"我在{c}" for c in self._cities_by_topic.get(topic, [])[:3]]


def _national_questions(passages: list[PassageRecord]) -> dict[str, list[tuple[str, ...]]]:
    """topic → question variants of each national article on it, in corpus order."""
    by_topic: dict[str, list[tuple[str, ...]]] = {}
    for p in passages:
        if p.position == 0 and p.region is None:
            for topic in p.topics:
                by_topic.setdefault(topic, []).append(p.questions)
    return by_topic


def _cities_by_topic(passages: list[PassageRecord]) -> dict[str, list[str]]:
    """topic → cities with their own passages on it, the most covered first."""
    counts: dict[str, dict[str, int]] = {}
    for p in passages:
        if p.city is not None:
            for topic in p.topics:
                counts.setdefault(topic, {})[p.city] = counts.setdefault(topic, {}).get(p.city, 0) + 1
    return {t: sorted(c, key=lambda city: (-c[city], city)) for t, c in counts.items()}


def _texts_of(passages: list[PassageRecord]):
    for p in passages:
        yield p.text
        yield from p.questions


def _local_topics(passages: list[PassageRecord]) -> set[tuple[str, str]]:
    """(place, topic) pairs the corpus has a local article for; a province's article counts for
    its cities too."""
    geo = gazetteer()
    pairs: set[tuple[str, str]] = set()
    for p in passages:
        if p.region is None:
            continue
        for topic in p.topics:
            pairs.add((p.region, topic))
            if p.city is None:  # provincial article: its cities have it too
                pairs.update((c, topic) for c, prov in geo.cities.items() if prov == p.province)
    return pairs


# words of a heading that say nothing about a sentence under it
LABEL_FILLER = frozenset({"怎么", "什么", "哪些", "为什么", "能", "可以", "吗", "的", "谁", "多久", "要", "不", "办"})


def _cite(chosen: list[Chosen]) -> tuple[list[Line], list[Citation]]:
    numbers: dict[str, int] = {}
    snippets: dict[str, list[str]] = {}
    records: dict[str, PassageRecord] = {}
    lines = []
    labelled: set[str] = set()
    for item in chosen:
        article = item.passage.article_id
        if article not in numbers:
            numbers[article] = len(numbers) + 1
            records[article] = item.passage
        snippets.setdefault(article, []).append(item.sentence)
        label = _label(item, labelled)
        lines.append(Line(label, item.sentence, (numbers[article],)))
    citations = [
        Citation(
            n=numbers[a], title=records[a].title, source=_public_source(records[a]), date=records[a].published or None,
            url=records[a].url, snippet="…".join(snippets[a]), region=records[a].region, article_id=a,
            reviewed=records[a].reviewed,
        )
        for a in numbers
    ]
    return lines, citations


def _label(item: Chosen, labelled: set[str]) -> str | None:
    """A bullet is labelled with its section's heading once, and only when the heading fits it:
    the section's opening sentence, or one sharing a word with the heading (not 「钱归谁：…不能提取现金」)."""
    p = item.passage
    if item.lead or p.position == 0 or not p.heading or p.id in labelled:
        return None
    labelled.add(p.id)
    fits = p.text.startswith(item.sentence) or bool(set(tokens(p.heading)) - LABEL_FILLER & set(tokens(item.sentence)))
    return p.heading if fits else None


def _render_topic(topic: str, answer: Answer, place: str | None) -> str:
    env = templates()
    name = f"{topic}.j2" if topic in TOPIC_NAMES else "general.j2"
    return env.get_template(name).render(answer=answer, place=place, topic_name=TOPIC_NAMES.get(topic, "医保")).strip()
