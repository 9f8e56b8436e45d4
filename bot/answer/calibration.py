"""The "I do not know" threshold: calibrated on the evaluation set's tuning part and stored in
``bot/data/calibration.json`` by ``bot eval --calibrate``."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

CALIBRATION_FILE = "calibration.json"


def calibration_path() -> Path:
    return Path(str(resources.files("bot.data").joinpath(CALIBRATION_FILE)))


def load_min_confidence(override: float | None = None) -> float:
    if override is not None:
        return override
    path = calibration_path()
    if not path.is_file():
        return 0.0
    return float(json.loads(path.read_text(encoding="utf-8"))["min_confidence"])


def load_line_threshold() -> float | None:
    """The relevance a line after the lead must reach, when one has been calibrated."""
    path = calibration_path()
    if not path.is_file():
        return None
    value = json.loads(path.read_text(encoding="utf-8")).get("line_threshold")
    return None if value is None else float(value)


def load_line_weights() -> dict[str, float] | None:
    """The fitted weights of the line features, when ``bot eval --calibrate`` has fitted them."""
    path = calibration_path()
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("line_weights")


def save_calibration(values: dict[str, float], details: dict) -> Path:
    path = calibration_path()
    rounded = {k: round(v, 4) for k, v in values.items()}
    path.write_text(json.dumps({**rounded, **details}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def best_threshold(scored: list[tuple[float, bool]]) -> tuple[float, float]:
    """The threshold that best separates answerable (True) from unanswerable (False) questions by
    confidence, and its accuracy; ties go to the lower threshold (answer rather than refuse)."""
    if not scored:
        return 0.0, 1.0
    candidates = sorted({0.0} | {round(c, 4) for c, _ in scored})
    best, best_accuracy = 0.0, -1.0
    for i, t in enumerate(candidates):
        # midpoint between neighbouring scores, so a score equal to the threshold passes
        threshold = t if i == 0 else (candidates[i - 1] + t) / 2
        accuracy = sum((c >= threshold) == ok for c, ok in scored) / len(scored)
        if accuracy > best_accuracy:
            best, best_accuracy = threshold, accuracy
    return best, best_accuracy
