"""``bot import``: articles in the plain-text layout operators collect (see ../shared/seeds/)
turned into corpus files.

The layout: a title line (often ending in a date in brackets), a line with the date, time and
site, the body with short heading lines, then a site disclaimer and a footer of related-article
links. The importer keeps title, date, site, the city named in the title and the body's
sections, and drops the disclaimer and the footer.

Every imported page is a draft (``status: draft``): each of its sentences is checked against the
published articles (bot/corpus/checks.py), and what fails is recorded in the draft's
``review.flags``. Flagged sentences are never indexed or quoted until an editor approves them
(bot/corpus/review.py). A flag on one city-swapped copy's sentence holds for every copy.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from tqdm import tqdm

from bot.understand.intent import topic_scores
from bot.corpus.article import Article, CorpusError, ReviewFlag, render_article
from bot.corpus.loader import load_corpus
from bot.corpus.passages import split_passages
from bot.corpus import review
from bot.text.geo import find_places
from bot.text.segment import tokens

_DATE_SITE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(\S.*)?$")
_TITLE_DATE = re.compile(r"\s*[(（][^()（）]*\d[^()（）]*[)）]\s*$")
_FOOTER_LINK = re.compile(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}")
_DISCLAIMER = re.compile(r"^(温馨提示|[(（]?备注|免责声明|\S{0,8}声明[:：])|仅供参考")
_NUMBERED = re.compile(r"^([一二三四五六七八九十]+、|[0-9]+[.、．])\s*\S")
_LABEL_ONLY = 6  # "步骤:" and "优点:" are labels inside a section, not headings


class ImportRefused(ValueError):
    """A file that is not in the expected layout; the message says why."""


@dataclass(frozen=True)
class Imported:
    source_path: Path
    article: Article
    written_to: Path

    @property
    def flags(self) -> list[ReviewFlag]:
        return self.article.review.flags if self.article.review else []

    def report(self) -> dict:
        return {"path": str(self.source_path), "article": self.article.id, "city": self.article.city,
                "status": self.article.status,
                "flags": [{"sentence": f.sentence, "kind": f.kind, "rule": f.rule} for f in self.flags]}


def parse_plain_article(text: str, origin: str = "<text>") -> Article:
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    content = [line for line in lines if line]
    if len(content) < 3:
        raise ImportRefused(f"{origin}: too short: expected a title line, a date-and-site line and a body")
    title = _TITLE_DATE.sub("", content[0]).strip()
    date_match = _DATE_SITE.match(content[1])
    if not title or date_match is None:
        raise ImportRefused(f"{origin}: line 2 should start with the date (YYYY-MM-DD) and name the site, got {content[1][:40]!r}")
    published, site = date_match.group(1), (date_match.group(2) or "").strip()
    if not site:
        raise ImportRefused(f"{origin}: the date line names no site")
    body_lines = _body(content[2:])
    if not body_lines:
        raise ImportRefused(f"{origin}: no body text before the disclaimer and footer")
    sections = _sections(body_lines)
    questions = [title] + [h for h, _ in sections if h.endswith(("?", "？")) and h != title]
    topics = _topics(title, sections)
    if not topics:
        raise ImportRefused(f"{origin}: no 医保 topic recognised in the title or headings")
    city, province = _place(title)
    fields = dict(
        id="import-" + hashlib.sha1(f"{title}|{published}|{site}".encode()).hexdigest()[:12],
        title=title[:80],
        city=city,
        province=province,
        topics=topics,
        published=published,
        source=f"{site}《{title}》",
        url=None,
        status="draft",
        questions=questions,
        body=_render_body(sections),
    )
    try:
        return Article(**fields)
    except ValidationError as exc:
        fault = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ImportRefused(f"{origin}: {fault}") from exc


def import_files(paths: list[Path], corpus_dir: Path, progress: bool = False) -> tuple[list[Imported], list[str]]:
    """Import what can be imported as checked drafts; return them and one reason per refused file."""
    from bot.corpus.checks import DraftChecker  # the checker loads the published corpus's rules

    existing = _existing(corpus_dir)
    checker = DraftChecker([a for a in existing if a.status == "published"])
    parsed: list[tuple[Path, Article]] = []
    refused: list[str] = []
    for path in tqdm(paths, desc="bot import", unit="page", disable=not progress):
        try:
            parsed.append((path, parse_plain_article(_read(path), origin=str(path))))
        except ImportRefused as exc:
            refused.append(str(exc))
    checked = [(path, article, checker.check(article)) for path, article in parsed]
    shared = _shared_flags(flags for _, _, flags in checked)
    decided = review.decisions(existing)
    done = []
    for path, article, _ in checked:
        flags = [shared[review.placeless(s)].model_copy(update={"sentence": s})
                 for s in _sentences(article) if review.placeless(s) in shared]
        article = article.model_copy(update={"review": review.numbered(flags, decided)})
        target = corpus_dir / f"{article.id}.md"
        _write_atomically(target, render_article(article))
        done.append(Imported(path, article, target))
    return done, refused


def _existing(corpus_dir: Path) -> list[Article]:
    """The corpus as it stands: its published articles are the rules drafts are checked against,
    its drafts hold the decisions editors have taken (none in an empty corpus folder)."""
    try:
        return load_corpus(corpus_dir)
    except CorpusError:
        return []


def _sentences(article: Article) -> list[str]:
    return [s for p in split_passages(article) for s in p.sentences]


def _shared_flags(flag_lists) -> dict[str, ReviewFlag]:
    """Every flag by its place-free sentence: city-swapped copies share their flags."""
    shared: dict[str, ReviewFlag] = {}
    for flags in flag_lists:
        for flag in flags:
            shared.setdefault(review.placeless(flag.sentence), ReviewFlag(
                n=1, sentence=flag.sentence, kind=flag.kind, rule=flag.rule, evidence=flag.evidence, why=flag.why))
    return shared


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path}: cannot be read ({exc.strerror})") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused(f"{path}: not UTF-8 or GB18030 text")


def _body(lines: list[str]) -> list[str]:
    body: list[str] = []
    for line in lines:
        if _DISCLAIMER.search(line) or len(_FOOTER_LINK.findall(line)) >= 2:
            if not body:
                continue  # 「本文仅供参考」 above the article: left out, the article follows
            break  # the disclaimer and the related-links footer close the article
        body.append(line)
    return body


def _is_heading(line: str) -> bool:
    if len(line) > 30:
        return False
    if _NUMBERED.match(line) and len(line) <= 20 and not line.endswith("。"):
        return True
    return len(line) >= _LABEL_ONLY and line.endswith((":", "：", "?", "？"))


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if _is_heading(line):
            sections.append((line.rstrip(":："), []))
        else:
            sections[-1][1].append(line)
    return [(h, body) for h, body in sections if body]


def _render_body(sections: list[tuple[str, list[str]]]) -> str:
    parts = []
    for heading, body in sections:
        if heading:
            parts.append(f"## {heading}")
        parts.append("\n".join(body))
    return "\n\n".join(parts)


def _topics(title: str, sections: list[tuple[str, list[str]]]) -> list[str]:
    headings = " ".join([title] + [h for h, _ in sections])
    scores = topic_scores(tokens(headings))
    found = [t for t, s in sorted(scores.items(), key=lambda kv: -kv[1]) if s >= 1.5]
    if not found:
        body = " ".join(line for _, lines in sections for line in lines)
        scores = topic_scores(tokens(body))
        best = max(scores, key=scores.get)
        found = [best] if scores[best] >= 3 else []
    return found[:3]


def _place(title: str) -> tuple[str | None, str | None]:
    for place in find_places(title):
        return place.city, place.province
    return None, None


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
