"""Local suppression in the manner of sdcMicro's `localSuppression`: blank single key values of
the rare records, the fewest values first, until every record's key is shared by at least k
records of its stratum.

A suppressed value is a value of its own (sdcMicro's `alpha = 0`): a blanked sex is alike only
with other blanked sexes, never counted as "could be anything". The stratum is what the
recipient already knows about the person from earlier exports, so a group counts only people
alike in everything the recipient holds. A record that cannot be grouped with k - 1 others of
its stratum is withheld: leaving a person out is safe, releasing them rare is not."""

from __future__ import annotations

import secrets
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any


class _Suppressed:
    """The blank of a suppressed value: equal only to itself, so it never meets real data."""

    def __repr__(self) -> str:
        return "*"


STAR = _Suppressed()


@dataclass(slots=True)
class Protection:
    keys: list[list[Any]]  # released key values per record, STAR where suppressed
    masks: list[set[int]]  # suppressed column positions per record
    withheld: set[int]  # records left out
    # Of those, the records of a stratum smaller than k: left out whatever their values.
    unavoidable: set[int]

    @property
    def suppressed_values(self) -> int:
        return sum(len(mask) for i, mask in enumerate(self.masks) if i not in self.withheld)

    def cost(self, columns: int) -> int:
        """Values the recipient does not get because of their values: each blank, and every
        value of a record withheld though its stratum is large enough."""
        avoidable = len(self.withheld - self.unavoidable)
        return self.suppressed_values + avoidable * max(columns, 1)


def protect(
    records: Sequence[Sequence[Hashable]],
    strata: Sequence[Hashable],
    k: int,
    seeds: Sequence[frozenset[int]] | None = None,
    importance: Sequence[int] | None = None,
) -> Protection:
    """Suppress until every (stratum, key) group of the records kept has at least k members.

    1. Rounds of single blanks: for every column, how many rare records become safe when it is
       blanked in them? The column that helps most is blanked in exactly those records (one
       value each); with an `importance` order (column positions, most important first), the
       least important column that helps. Rounds go on while a round makes k records safe.
    2. The records still rare are sorted within their stratum (by importance, else columns with
       few distinct values first) and cut into runs of k to 2k - 1 neighbours (the cut that
       blanks the fewest values, by dynamic programming); in each run the columns whose values
       differ are blanked.
    3. A stratum with fewer than k rare records left: those records are withheld (a stratum
       of fewer than k records is withheld at once: no value can hide them).

    `seeds` start a record from the blanks it had in the recipient's previous export, so
    unchanged data gives the same records again."""
    state = _State(records, strata, k, importance)
    sizes = Counter(state.strata)
    unavoidable = {i for i, stratum in enumerate(state.strata) if sizes[stratum] < k}
    state.withheld |= unavoidable
    for index, seed in enumerate(seeds or ()):
        for column in seed:
            if column < state.columns:
                state.blank(index, column)
    while state.single_blank_round():
        pass
    state.group_rare_runs()
    state.withhold_rare()
    keys = [
        [STAR if code == _BLANK else value for code, value in zip(coded, record, strict=True)]
        for coded, record in zip(state.keys, records, strict=True)
    ]
    return Protection(keys, state.masks, state.withheld, unavoidable)


# Values are coded as small integers per column (equal values, equal codes); a blank is -1.
_BLANK = -1


class _State:
    def __init__(
        self,
        records: Sequence[Sequence[Hashable]],
        strata: Sequence[Hashable],
        k: int,
        importance: Sequence[int] | None,
    ):
        self.k = k
        self.columns = len(records[0]) if records else 0
        self.importance = list(importance) if importance is not None else None
        # A column's rank: 0 for the most important (only with an importance order).
        self.rank = {c: r for r, c in enumerate(self.importance or [])}
        dictionaries: list[dict[Hashable, int]] = [{} for _ in range(self.columns)]
        self.keys = [
            [dictionaries[c].setdefault(value, len(dictionaries[c])) for c, value in enumerate(r)]
            for r in records
        ]
        strata_codes: dict[Hashable, int] = {}
        self.strata = [strata_codes.setdefault(s, len(strata_codes)) for s in strata]
        self.masks: list[set[int]] = [set() for _ in records]
        self.withheld: set[int] = set()
        # 64-bit random codes per (column, value), XORed into a record's hash, so blanking one
        # value updates the hash in constant time. Drawn fresh per export; a collision could
        # only mislead the choice of a column, never safety: groups are always counted exactly.
        self.codes = [
            [secrets.randbits(64) for _ in range(len(d) + 1)] for d in dictionaries
        ]  # index 0 is the blank, value code v is at v + 1
        stratum_codes = [secrets.randbits(64) for _ in strata_codes]
        self.hashes = []
        for index, key in enumerate(self.keys):
            code = stratum_codes[self.strata[index]]
            for column, value in enumerate(key):
                code ^= self.codes[column][value + 1]
            self.hashes.append(code)

    def blank(self, index: int, column: int) -> None:
        value = self.keys[index][column]
        if value == _BLANK:
            return
        self.hashes[index] ^= self.codes[column][value + 1] ^ self.codes[column][0]
        self.keys[index][column] = _BLANK
        self.masks[index].add(column)

    def rare(self) -> list[int]:
        active = [i for i in range(len(self.keys)) if i not in self.withheld]
        exact = Counter((self.strata[i], *self.keys[i]) for i in active)
        return [i for i in active if exact[(self.strata[i], *self.keys[i])] < self.k]

    def single_blank_round(self) -> bool:
        """One round of step 1; False when no column makes k rare records safe."""
        rare = self.rare()
        if len(rare) < self.k:
            return False
        rare_set = set(rare)
        hashes, keys = self.hashes, self.keys
        safe = Counter(hashes[i] for i in range(len(keys)) if i not in rare_set)
        best: tuple[tuple[int, int], int, list[int]] | None = None
        for column in range(self.columns):
            codes = self.codes[column]
            star = codes[0]
            trial = {
                i: hashes[i] ^ codes[keys[i][column] + 1] ^ star
                for i in rare
                if keys[i][column] != _BLANK
            }
            moved = Counter(trial.get(i, hashes[i]) for i in rare)
            helped = [i for i, code in trial.items() if moved[code] + safe[code] >= self.k]
            if len(helped) < self.k:
                continue
            if self.importance is not None:
                score = (self.rank.get(column, self.columns), len(helped))
            else:
                score = (len(helped), -column)
            if best is None or score > best[0]:
                best = (score, column, helped)
        if best is None:
            return False
        for index in best[2]:
            self.blank(index, best[1])
        return True

    def group_rare_runs(self) -> None:
        """Step 2 (and 3 for strata too small to group)."""
        rare = self.rare()
        if not rare:
            return
        keys = self.keys
        order = self.importance or sorted(
            range(self.columns), key=lambda c: (len({keys[i][c] for i in rare}), c)
        )
        by_stratum: dict[int, list[int]] = defaultdict(list)
        for index in rare:
            by_stratum[self.strata[index]].append(index)
        for members in by_stratum.values():
            if len(members) < self.k:
                self.withheld.update(members)
                continue
            members.sort(key=lambda i: [keys[i][c] for c in order])
            for start, end in _cheapest_runs([keys[i] for i in members], self.k):
                run = members[start:end]
                for column in range(self.columns):
                    first = keys[run[0]][column]
                    if any(keys[i][column] != first for i in run):
                        for index in run:
                            self.blank(index, column)

    def withhold_rare(self) -> None:
        """Whatever is still rare (never expected) is not released."""
        self.withheld.update(self.rare())


def _cheapest_runs(keys: list[list[int]], k: int) -> list[tuple[int, int]]:
    """Cut the sorted records into runs of k to 2k - 1 so that the blanks (records of a run times
    columns where the run differs) are fewest. There are at least k records."""
    count = len(keys)
    infinity = float("inf")
    best: list[float] = [0.0] + [infinity] * count
    cut: list[int] = [0] * (count + 1)
    columns = range(len(keys[0])) if keys else range(0)
    for start in range(count):
        if best[start] == infinity:
            continue
        first = keys[start]
        differing = 0
        same = [True] * len(columns)
        for end in range(start + 1, min(start + 2 * k - 1, count) + 1):
            row = keys[end - 1]
            for c in columns:
                if same[c] and row[c] != first[c]:
                    same[c] = False
                    differing += 1
            size = end - start
            if size < k:
                continue
            cost = best[start] + size * differing
            if cost < best[end]:
                best[end], cut[end] = cost, start
    if best[count] == infinity:  # pragma: no cover - every count >= k splits into such runs
        return [(0, count)]
    runs: list[tuple[int, int]] = []
    end = count
    while end > 0:
        runs.append((cut[end], end))
        end = cut[end]
    return runs[::-1]
