"""Numbers leave an export in bands, never exactly: the bands a question declares (`bands`,
lower edges), else five bands of a round width over the question's range (`minimum`/`maximum`,
or a constraint such as `. >= 0 and . <= 240`), else powers of ten (1-9, 10-99, ...)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from koko_surveys.instrument.questions import QuestionSpec, QuestionType

# Bands a range is cut into; a last band narrower than half the width joins the one before.
RANGE_BANDS = 5
_BOUND = re.compile(r"\.\s*(>=|>|<=|<)\s*(-?\d+(?:\.\d+)?)")
_BOUNDS_ONLY = re.compile(
    r"^\s*\.\s*(>=|>|<=|<)\s*-?\d+(\.\d+)?(\s+and\s+\.\s*(>=|>|<=|<)\s*-?\d+(\.\d+)?)*\s*$"
)


@dataclass(frozen=True, slots=True)
class Bands:
    """Lower edges (ascending) and, when the range is known, the top of the last band."""

    edges: tuple[float, ...]
    top: float | None
    integer: bool
    how: str  # declared | range | powers_of_ten

    def widened(self) -> Bands:
        """Every two neighbouring bands as one (the coarsest generalisation step)."""
        if self.how == "powers_of_ten":
            return Bands((), None, self.integer, "powers_of_hundred")
        return Bands(self.edges[::2], self.top, self.integer, self.how)

    def label(self, value: float) -> str:
        if self.how.startswith("powers_of"):
            return _magnitude(value, 2 if self.how == "powers_of_hundred" else 1, self.integer)
        if value < self.edges[0]:
            return f"<{_number(self.edges[0])}"
        index = max(i for i, edge in enumerate(self.edges) if value >= edge)
        low = self.edges[index]
        if index + 1 < len(self.edges):
            high = self.edges[index + 1]
            if self.integer:
                return f"{_number(low)}-{_number(math.ceil(high) - 1)}"
            return f"[{_number(low)},{_number(high)})"
        if self.top is not None and value <= self.top:
            return (
                f"{_number(low)}-{_number(self.top)}"
                if self.integer
                else (f"[{_number(low)},{_number(self.top)}]")
            )
        return f"{_number(low)}+"

    def describe(self) -> dict[str, object]:
        """What the export's answer says about these bands."""
        return {"how": self.how, "edges": [_number(e) for e in self.edges], "top": self.top}


def bands_of(spec: QuestionSpec) -> Bands | None:
    """The bands of an integer or decimal question; None for other types."""
    if spec.type not in (QuestionType.INTEGER, QuestionType.DECIMAL):
        return None
    integer = spec.type == QuestionType.INTEGER
    low, high = question_range(spec)
    if spec.bands:
        return Bands(tuple(spec.bands), high, integer, "declared")
    if low is None or high is None or high <= low:
        return Bands((), None, integer, "powers_of_ten")
    span = high - low + (1 if integer else 0)
    width = _round_width(span / RANGE_BANDS)
    edges = [low + n * width for n in range(RANGE_BANDS + 1) if low + n * width <= high]
    if len(edges) > 1 and high - edges[-1] + (1 if integer else 0) < width / 2:
        edges.pop()
    return Bands(tuple(edges), high, integer, "range")


def question_range(spec: QuestionSpec) -> tuple[float | None, float | None]:
    """`minimum`/`maximum` of the question, else the bounds of a constraint made only of
    comparisons of `.` with numbers joined by `and`."""
    low, high = spec.minimum, spec.maximum
    if spec.constraint and _BOUNDS_ONLY.match(spec.constraint):
        step = 1 if spec.type == QuestionType.INTEGER else 0
        for operator, number in _BOUND.findall(spec.constraint):
            value = float(number)
            if operator in (">=", ">") and low is None:
                low = value + (step if operator == ">" else 0)
            if operator in ("<=", "<") and high is None:
                high = value - (step if operator == "<" else 0)
    return low, high


def _round_width(raw: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least `raw`."""
    if raw <= 0:
        return 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return float(factor * power)
    return float(10 * power)


def _magnitude(value: float, decades: int, integer: bool) -> str:
    if value == 0:
        return "0"
    size = abs(value)
    exponent = max(0, math.floor(math.log10(size)) // decades * decades) if size >= 1 else None
    if exponent is None:
        band = "(0,1)"
    else:
        low, high = 10**exponent, 10 ** (exponent + decades)
        band = f"{low}-{high - 1}" if integer else f"[{low},{high})"
    return band if value > 0 else f"-({band})"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
