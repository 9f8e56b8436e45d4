"""An article: the front-matter fields every corpus file must carry, and its body."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.text.geo import gazetteer

Topic = Literal[
    "family_sharing",
    "withdrawal",
    "transfer",
    "balance_query",
    "fraud",
    "e_voucher",
    "insured_place",
    "hotline",
    "account_basics",
]
CORE_TOPICS = ("family_sharing", "withdrawal", "transfer", "balance_query")
Facet = Literal["yes_no", "who", "what_pays", "how", "how_long", "materials", "conditions", "cost", "amount", "why",
                "lookup", "which_rules", "consequence", "whose"]


class Section(BaseModel):
    """What the front matter may add to one section (keyed by its heading): the facets it
    answers where the heading does not say, and question variants it answers directly."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    facets: list[Facet] = []
    questions: list[str] = []
FlagKind = Literal["contradicts", "unverified", "off_topic", "boilerplate"]
Decision = Literal["pending", "approved", "rejected"]


class ReviewFlag(BaseModel):
    """One sentence of an imported draft that failed a check, and what an editor decided."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=1)
    sentence: str = Field(min_length=1)
    kind: FlagKind
    rule: str | None = None  # the published article it contradicts
    evidence: str | None = None  # that article's sentence
    why: str = ""
    decision: Decision = "pending"

    @property
    def quotable(self) -> bool:
        return self.decision == "approved"


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    flags: list[ReviewFlag] = []


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n(.*)\Z", re.S)


class _PlainLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so pydantic judges them (and names the field)."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class CorpusError(ValueError):
    """A corpus file that cannot be used; the message names the file and the field."""


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,80}$")
    title: str = Field(min_length=4, max_length=80)
    city: str | None = None
    province: str | None = None
    topics: list[Topic] = Field(min_length=1)
    published: dt.date | None  # the source's own date; null when the source gave none
    source: str = Field(min_length=2)  # the public citation: publisher, title (and its date)
    note: str | None = None  # editors' provenance remarks; never shown on a public page
    url: str | None = None
    questions: list[str] = Field(min_length=1)  # how people ask it; also offered as suggestions
    phrasings: list[str] = []  # how people really type it (typos, dialect): matched and learnt from, never shown
    applies_when: list[str] = []  # words one of which a question must hold for the article to answer it (退休)
    sections: dict[str, Section] = {}  # heading → facets and question variants of that section
    status: Literal["published", "draft"] = "published"  # draft: imported, not yet vetted by an editor
    review: Review | None = None  # a draft's flagged sentences and the editors' decisions
    body: str = Field(min_length=10)

    @property
    def reviewed(self) -> bool:
        return self.status == "published"

    def unquotable(self) -> set[str]:
        """Sentences that must never be indexed or quoted: flagged and not approved."""
        return {f.sentence for f in (self.review.flags if self.review else []) if not f.quotable}

    @field_validator("questions", "phrasings")
    @classmethod
    def _questions_not_blank(cls, value: list[str]) -> list[str]:
        if any(not q or not str(q).strip() for q in value):
            raise ValueError("a question variant is empty")
        return [str(q).strip() for q in value]

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """Pages link the citation: only an http(s) address may become a link."""
        if value is not None and not re.fullmatch(r"https?://[^\s<>\"']+", value.strip(), re.I):
            raise ValueError("must be an http:// or https:// address")
        return value.strip() if value else None

    @model_validator(mode="after")
    def _sections_exist(self) -> Article:
        headings = set(re.findall(r"^##\s+(.+?)\s*$", self.body, re.M))
        unknown = sorted(set(self.sections) - headings)
        if unknown:
            raise ValueError(f"sections: no section headed {unknown[0]!r} in the body")
        return self

    @model_validator(mode="after")
    def _place_is_known(self) -> Article:
        geo = gazetteer()
        if self.city is not None:
            province = geo.province_of(self.city)
            if province is None:
                raise ValueError(f"city: '{self.city}' is not a known city (use the common name, e.g. 济南)")
            if self.province is not None and self.province != province:
                raise ValueError(f"province: '{self.city}' is in {province}, not {self.province}")
        elif self.province is not None and not geo.is_province(self.province):
            raise ValueError(f"province: '{self.province}' is not a known province (use e.g. 山东)")
        return self

    @property
    def region(self) -> str | None:
        """The place the article speaks for: its city, its province, or None when national."""
        return self.city or self.province

    @property
    def province_name(self) -> str | None:
        if self.city is not None:
            return gazetteer().province_of(self.city)
        return self.province


def parse_article(path: Path) -> Article:
    """Read one corpus file; raise CorpusError naming the file and the field on any fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise CorpusError(f"{path}: no front matter block (a '---' line, the fields, a '---' line)")
    try:
        fields = yaml.load(match.group(1), Loader=_PlainLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(fields, dict):
        raise CorpusError(f"{path}: front matter must be a mapping of fields")
    try:
        return Article(**fields, body=match.group(2).strip())
    except ValidationError as exc:
        raise CorpusError(f"{path}: {_describe(exc)}") from exc
    except TypeError as exc:
        raise CorpusError(f"{path}: {exc}") from exc


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "article"
        parts.append(f"field '{field}': {error['msg']}")
    return "; ".join(parts)


def render_article(article: Article) -> str:
    """The corpus-file text of an article (used by the importer)."""
    fields = article.model_dump(exclude={"body"}, mode="json")
    front = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{article.body.strip()}\n"
