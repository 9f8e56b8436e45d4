"""The evaluation set: dialogues of user turns with what a right answer holds.

Shape (``eval/dialogues.yaml``)::

    - id: d001
      split: tune            # tune: may be looked at when tuning; heldout: never
      turns:
        - user: 济南医保卡里的钱可以给家人用吗
          city: null         # optional city field sent with the request
          expect: {intent: family_sharing, city: 济南, articles: [fs-jinan], facts: [家庭共济],
                   needs_city: false, answerable: true}
        - user: 从郑州调到杭州 医保怎么转
          expect: {intent: transfer, city: 郑州, to_city: 杭州, articles: [tr-national-how], facts: [参保凭证]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

SPLITS = ("tune", "heldout")


@dataclass(frozen=True)
class Expect:
    intent: str
    city: str | None
    articles: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    needs_city: bool | None = None
    answerable: bool = True
    to_city: str | None = None  # where a move goes; checked only when the turn gives it
    checks_to_city: bool = False


@dataclass(frozen=True)
class Turn:
    user: str
    expect: Expect
    city: str | None = None


@dataclass(frozen=True)
class Dialogue:
    id: str
    split: str
    turns: tuple[Turn, ...] = field(default=())


class DatasetError(ValueError):
    pass


def load_dialogues(path: Path) -> list[Dialogue]:
    """One YAML file, or every ``*.yaml`` in a folder (ids must be unique across them)."""
    path = Path(path)
    if path.is_dir():
        dialogues: list[Dialogue] = []
        for file in sorted(path.glob("*.yaml")):
            dialogues.extend(load_dialogues(file))
        if len({d.id for d in dialogues}) != len(dialogues):
            raise DatasetError(f"{path}: a dialogue id is used in two files")
        return dialogues
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise DatasetError(f"{path}: expected a list of dialogues")
    dialogues, seen = [], set()
    for item in raw:
        try:
            dialogue = _dialogue(item)
        except (KeyError, TypeError, ValueError) as exc:
            raise DatasetError(f"{path}: dialogue {item.get('id', '?') if isinstance(item, dict) else '?'}: {exc}") from exc
        if dialogue.id in seen:
            raise DatasetError(f"{path}: dialogue id {dialogue.id} is used twice")
        seen.add(dialogue.id)
        dialogues.append(dialogue)
    return dialogues


def _dialogue(item: dict) -> Dialogue:
    if item["split"] not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    turns = []
    for t in item["turns"]:
        e = t["expect"]
        expect = Expect(
            intent=str(e["intent"]),
            city=e.get("city"),
            articles=tuple(e.get("articles") or ()),
            facts=tuple(str(f) for f in e.get("facts") or ()),
            needs_city=e.get("needs_city"),
            answerable=bool(e.get("answerable", True)),
            to_city=e.get("to_city"),
            checks_to_city="to_city" in e,
        )
        turns.append(Turn(str(t["user"]), expect, t.get("city")))
    if not turns:
        raise ValueError("no turns")
    return Dialogue(str(item["id"]), item["split"], tuple(turns))
