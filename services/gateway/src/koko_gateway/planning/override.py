"""Progressive @override: which labels are active for one request.

A `percent(x)` label is active in x % of requests, drawn per request as Apollo Router does; the
plan is cached per set of active labels. Other (custom) labels stay inactive: the field is
resolved by the subgraph it was overridden from until the label is switched on by a release.
"""

from __future__ import annotations

import random
import re

_PERCENT = re.compile(r"^percent\((\d+(?:\.\d+)?)\)$")


class OverrideLabels:
    def __init__(self, labels: set[str]) -> None:
        self.percentages: list[tuple[str, float]] = []
        for label in sorted(labels):
            match = _PERCENT.match(label)
            if match:
                self.percentages.append((label, float(match.group(1))))

    def draw(self) -> frozenset[str]:
        """The labels active for one request (the empty set when the supergraph has none)."""
        if not self.percentages:
            return frozenset()
        return frozenset(
            label for label, percent in self.percentages if random.random() * 100 < percent
        )
