"""Folding near-duplicate passages: the template articles content sites publish once per city.

Passages are compared with their place names blanked out (「济南参保人…」 and 「昌吉参保人…」 read
the same), by MinHash over character 3-grams with datasketch's LSH, confirmed by the MinHash
Jaccard estimate. Each group keeps one passage in the index, the one from the newest article,
and remembers every member, so a search shows the text once while an answer for 昌吉 still
quotes and cites the 昌吉 article.
"""

from __future__ import annotations

from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from bot.text.geo import gazetteer

SHINGLE = 3
NUM_PERM = 64


@dataclass(frozen=True)
class FoldItem:
    """What folding needs to know of a passage."""

    text: str
    published: str  # ISO date: the newest member represents its group
    article_id: str


def shingles(text: str) -> set[bytes]:
    blanked = gazetteer().blank_places(text)
    if len(blanked) <= SHINGLE:
        return {blanked.encode()}
    return {blanked[i : i + SHINGLE].encode() for i in range(len(blanked) - SHINGLE + 1)}


def fold_near_duplicates(items: list[FoldItem], threshold: float = 0.85, min_chars: int = 20) -> list[int]:
    """For each item, the index of the item that represents its group (itself when unique).

    Two passages of the same article never fold together, and very short passages are left
    alone: a one-line heading section says too little to call two articles copies.
    """
    signatures = [_signature(item.text) if len(item.text) >= min_chars else None for item in items]
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, signature in enumerate(signatures):
        if signature is None:
            continue
        for key in lsh.query(signature):
            j = int(key)
            if items[i].article_id != items[j].article_id and signature.jaccard(signatures[j]) >= threshold:
                parent[root(i)] = root(j)
        lsh.insert(str(i), signature)

    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(root(i), []).append(i)
    representative = list(range(len(items)))
    for members in groups.values():
        best = max(members, key=lambda m: (items[m].published, -m))
        for m in members:
            representative[m] = best
    return representative


def _signature(text: str) -> MinHash:
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch(list(shingles(text)))
    return signature
