"""China's administrative divisions and finding the places a question names.

The division list is the national administrative-division code table as shipped by the
maintained ``cpca`` package (``cpca/resources/adcodes.csv``); nothing here is typed by hand
except the handful of short names that are also everyday words.

A *city* here is what a person calls their city and what runs its own 医保 pool: a
prefecture-level division (济南, 昌吉, 呼伦贝尔), a municipality (北京), or a county-level
city directly under a province (济源, 仙桃). Districts and counties map to their city.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Short names that are also common words; they count only with their suffix (安康市, 东方市).
AMBIGUOUS_SHORT_NAMES = {"安康", "东方", "阿里", "朝阳", "和平", "白银", "大同", "长安", "合作", "开放", "新华", "城中", "城关", "龙华"}
# Of those, the ones that name only one city, and are that city where 医保 words follow (「白银医保」)
CITY_IN_CONTEXT = {"白银", "安康"}
_CONTEXT_INITIALS = {name[0] for name in CITY_IN_CONTEXT}
_INSURANCE_CONTEXT = re.compile(r"(医保|社保|参保|职工医保|居民医保|医疗保险)")
PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "林区", "盟", "市")


@dataclass(frozen=True)
class Place:
    """A place named in text: ``city`` is None when only a province was named."""

    province: str
    city: str | None = None
    role: str | None = None  # "from" / "to" (where one leaves or goes), "other" (a relative's), "home" (户口)


@dataclass(frozen=True)
class _Entry:
    province: str
    city: str | None
    level: int  # 0 province, 1 city, 2 district/county


def _adcodes_path() -> Path:
    spec = importlib.util.find_spec("cpca")  # locate the data without importing cpca (pandas)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package is not installed; it carries the division table")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def _nation_names() -> tuple[str, ...]:
    path = _adcodes_path().with_name("56_nations.csv")
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(sorted(names, key=len, reverse=True))


def _strip(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:  # 黔东南苗族侗族 -> 黔东南
        changed = False
        for nation in _nation_names():
            if name.endswith(nation) and len(name) - len(nation) >= 2:
                name, changed = name[: -len(nation)], True
    return name


def short_province(name: str) -> str:
    return _strip(name, PROVINCE_SUFFIXES)


def short_city(name: str) -> str:
    return _strip(name, CITY_SUFFIXES)


@dataclass
class Gazetteer:
    """Name → place lookup built from the division table."""

    names: dict[str, _Entry]
    provinces: dict[str, str]  # short province name → full name
    cities: dict[str, str]  # short city name → short province name
    max_len: int

    @classmethod
    def load(cls) -> Gazetteer:
        rows = _read_rows()
        province_of = {code[:2]: short_province(name) for code, name in rows if code.endswith("0000000000")}
        provinces = {short_province(n): n for c, n in rows if c.endswith("0000000000")}
        cities: dict[str, str] = {}
        candidates: dict[str, list[_Entry]] = {}

        def add(name: str, entry: _Entry) -> None:
            candidates.setdefault(name, []).append(entry)

        for code, name in rows:
            prov = province_of.get(code[:2])
            if prov is None or name in PLACEHOLDER_NAMES:
                continue
            level = _level(code)
            if level == 0:
                if code[:2] in MUNICIPALITIES:
                    cities[prov] = prov
                    add(name, _Entry(prov, prov, 1))
                    add(prov, _Entry(prov, prov, 1))
                else:
                    add(name, _Entry(prov, None, 0))
                    add(prov, _Entry(prov, None, 0))
                continue
            if level == 1:
                short = short_city(name)
                cities[short] = prov
                add(name, _Entry(prov, short, 1))
                if short not in AMBIGUOUS_SHORT_NAMES:
                    add(short, _Entry(prov, short, 1))
                continue
            parent = _parent_city(code, province_of)
            if parent is None:
                continue
            add(name, _Entry(prov, parent, 2))
            if name.endswith("市"):  # county-level cities: 昆山 for 昆山市
                short = name[:-1]
                if len(short) >= 2 and short not in AMBIGUOUS_SHORT_NAMES:
                    add(short, _Entry(prov, parent, 3))
        names = {name: _pick(entries) for name, entries in candidates.items()}
        names = {k: v for k, v in names.items() if v is not None}
        return cls(names, provinces, cities, max(map(len, names)))

    def spans(self, text: str) -> list[tuple[int, int, Place]]:
        """Every place name in ``text`` with its position, longest name first at each point."""
        found: list[tuple[int, int, Place]] = []
        i = 0
        while i < len(text):
            match = self._longest_at(text, i)
            if match is None:
                i += 1
                continue
            name, entry = match
            place = Place(entry.province, entry.city, _role(text, i))
            if entry.level == 0 and text[i + len(name) : i + len(name) + 1] == "市":
                place = self._city_named_like_province(name, place)
            end = i + len(name)
            if text[end : end + 1] in _TRAILING_SUFFIX:  # 「新疆省内」「昌吉州」: the suffix belongs to the name
                end += 1
            found.append((i, end, place))
            i = end
        return found

    def find(self, text: str) -> list[Place]:
        """Places named in ``text``, in order, each once."""
        found: list[Place] = []
        for _, _, place in self.spans(text):
            if all((p.province, p.city) != (place.province, place.city) for p in found):
                found.append(place)
        # 「江西宜春」: the city says more than its province.
        with_city = {p.province for p in found if p.city}
        return [p for p in found if p.city or p.province not in with_city]

    def blank_places(self, text: str, mark: str = "〇") -> str:
        """``text`` with every place name replaced by ``mark``: 「济南参保人」 and 「昌吉参保人」 become equal."""
        out, last = [], 0
        for start, end, _ in self.spans(text):
            out.append(text[last:start] + mark)
            last = end
        return "".join(out) + text[last:]

    def province_of(self, city: str) -> str | None:
        return self.cities.get(city)

    def is_city(self, name: str) -> bool:
        return name in self.cities

    def is_province(self, name: str) -> bool:
        return name in self.provinces

    def _longest_at(self, text: str, i: int) -> tuple[str, _Entry] | None:
        for length in range(min(self.max_len, len(text) - i), 1, -1):
            entry = self.names.get(text[i : i + length])
            if entry is not None:
                return text[i : i + length], entry
        if text[i] not in _CONTEXT_INITIALS:
            return None
        for name in CITY_IN_CONTEXT:
            if text.startswith(name, i) and _INSURANCE_CONTEXT.match(text, i + len(name)):
                entry = self.names.get(name + "市")
                if entry is not None:
                    return name, entry
        return None

    def _city_named_like_province(self, name: str, place: Place) -> Place:
        # 「吉林市」: the city 吉林, not the province 吉林.
        if self.cities.get(name) is not None:
            return Place(self.cities[name], name, place.role)
        return place


_TRAILING_SUFFIX = set("省市州盟县区")
_FROM = re.compile(r"(从|由|离开|自)$")
_TO = re.compile(r"(到|去|往|回|来|至|调|调入|转入|转|搬到|迁到|落户|回老家)了?的?$")


def _role(text: str, start: int) -> str | None:
    before = text[max(0, start - 3) : start]
    if _FROM.search(before):
        return "from"
    if _TO.search(before):
        return "to"
    return None


def _pick(entries: list[_Entry]) -> _Entry | None:
    """Resolve a name several divisions share the way a person would: a province or city beats a
    district (吉林 → the province unless 吉林市 is written); two districts of different cities
    with the same name (鼓楼区) say nothing certain, so they are dropped."""
    best = min(e.level for e in entries)
    top = {(e.province, e.city) for e in entries if e.level == best}
    if len(top) > 1:
        return None
    return next(e for e in entries if e.level == best)


@lru_cache(maxsize=1)
def _read_rows() -> tuple[tuple[str, str], ...]:
    with _adcodes_path().open(encoding="utf-8") as handle:
        return tuple((row["adcode"], row["name"]) for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def _rows_dict() -> dict[str, str]:
    return dict(_read_rows())


def _level(code: str) -> int:
    """0 province, 1 city, 2 district or county."""
    if code.endswith("0000000000"):
        return 0
    if code[:2] in MUNICIPALITIES:
        return 2
    if code.endswith("00000000") or code[2:4] == "90":  # 90: county-level city under the province
        return 1
    return 2


def _parent_city(code: str, province_of: dict[str, str]) -> str | None:
    if code[:2] in MUNICIPALITIES:
        return province_of[code[:2]]
    parent_name = _rows_dict().get(code[:4] + "00000000")
    if parent_name is None or parent_name in PLACEHOLDER_NAMES:
        return None
    return short_city(parent_name)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def find_places(text: str) -> list[Place]:
    return gazetteer().find(text)
