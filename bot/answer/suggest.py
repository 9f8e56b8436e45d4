"""Question completions for the search box: the corpus's question variants and the questions
people ask most, ranked by how well they continue what has been typed."""

from __future__ import annotations

from bot.text.normalise import normalise


def suggest(typed: str, candidates: list[str], limit: int = 8) -> list[str]:
    """Candidates that contain what was typed come first (earlier match first, then shorter),
    then those sharing most of its characters."""
    query = normalise(typed).replace(" ", "")
    if not query:
        return []
    chars = set(query)
    scored: list[tuple[tuple, str]] = []
    seen: set[str] = set()
    for candidate in candidates:
        text = normalise(candidate).replace(" ", "")
        if text in seen:
            continue
        seen.add(text)
        position = text.find(query)
        if position >= 0:
            scored.append(((0, position, len(text)), candidate))
            continue
        shared = len(chars & set(text)) / len(chars)
        if shared >= 0.6 and len(query) >= 2:
            scored.append(((1, -shared, len(text)), candidate))
    scored.sort(key=lambda item: item[0])
    return [candidate for _, candidate in scored[:limit]]
