"""City-swapped copies of the shipped articles, the way content sites publish them: one template
text per city. Written to a scratch folder by the benchmarks, never into corpus/."""

from __future__ import annotations

import re
from pathlib import Path

from bot.corpus.loader import corpus_files
from bot.text.geo import gazetteer

FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)


def generate_corpus(source: Path, target: Path, count: int) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    templates = [p.read_text(encoding="utf-8") for p in corpus_files(source)]
    geo = gazetteer()
    cities = sorted(geo.cities)
    for i in range(count):
        text = templates[i % len(templates)]
        city = cities[(i // len(templates)) % len(cities)]
        (target / f"gen-{i:05d}.md").write_text(_swap(text, i, city, geo.province_of(city)), encoding="utf-8")
    return target


def _swap(text: str, i: int, city: str, province: str) -> str:
    front, body = FRONT.match(text).groups()
    old_city = re.search(r"^city: (.+)$", front, re.M).group(1).strip()
    old_province = re.search(r"^province: (.+)$", front, re.M).group(1).strip()
    front = re.sub(r"^id: .+$", f"id: gen-{i:05d}", front, flags=re.M)
    front = re.sub(r"^city: .+$", f"city: {city}", front, flags=re.M)
    front = re.sub(r"^province: .+$", f"province: {province}", front, flags=re.M)
    for old, new in ((old_city, city), (old_province, province)):
        if old != "null":
            front, body = front.replace(old, new), body.replace(old, new)
    front = re.sub(r"^title: (.+)$", lambda m: f"title: {city}：{m.group(1)}" if city not in m.group(1) else m.group(0),
                   front, flags=re.M)
    body = body.replace("## 一句话回答\n", f"## 一句话回答\n{city}参保人请注意。", 1)
    return f"---\n{front}\n---\n{body}"
