"""The attacks of issue 16 replayed through the real release path: ingest with the service's own
functions on real PostgreSQL, release waves with `release_wave`, read every value the releases
store (all indicators x all breakdowns, transitions, retention), and guess a person's answer.

The differencing attacker (issue 16, attack 1) knows when the target was surveyed: the target is
one of the 10 people new in wave 2 (a refreshment sample beside 30 people re-interviewed from
wave 1). The strong attacker knows every other new person's answer and where they and the target
live; the re-interviewed people's answers are known only as published in the earlier release.
The attacker's rule: for each category, every published estimate of "re-interviewed + new people
with this answer in wave 2" (the total, and the sums over the area and the sex breakdowns) minus
the re-interviewed ones as the transition matrix publishes them, minus the known new ones, is
the target's indicator plus noise; the answer with the highest posterior (Gaussian noise, the
p-table's variances) is the guess. Against exact counts the same rule names every answer (the
control), so a low gain comes from the release design, not from a weak rule.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_surveys.analytics.ptable import row_of, variance
from koko_surveys.ingest.service import Mode, ingest
from koko_surveys.plan import service as plan_service
from koko_surveys.release import repository as release_repository
from koko_surveys.release import service as release_service
from koko_surveys.release.cells import NO_ANSWER, CellId, Interview, compute
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject import repository as subject_repository
from koko_surveys.subject.pseudonym import load_keys

from .conftest import COORDINATOR, MAGDEBURG, Setup, create_setup, pseudonym

ANSWERS = ("school", "training", "work", "prep", "other")
SHARES = (0.35, 0.25, 0.2, 0.15, 0.05)  # like the Verbleib demo
AREAS = ("01", "02", "03")
SEXES = ("f", "m")
PLAN = {
    "indicators": [{"code": "destination", "question": "destination"}],
    "breakdowns": [["area"], ["sex"]],
    "code_lists": {"area": list(AREAS)},
}
TRIALS = 1000
WORKERS = 4  # release pairs run on this many connections at once


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    answer: str
    area: str
    sex: str


def _person(rng: random.Random, name: str) -> Person:
    return Person(
        name, rng.choices(ANSWERS, weights=SHARES)[0], rng.choice(AREAS), rng.choice(SEXES)
    )


def _row(person: Person, wave: str, version: str, answer: str | None = None) -> dict[str, Any]:
    return {
        "submissionId": f"{wave}-{person.name}",
        "subject": pseudonym(person.name),
        "instrumentVersion": version,
        "attributes": {
            "regionArs": MAGDEBURG,
            "areaCode": person.area,
            "sex": person.sex,
            "birthYear": 2007,
        },
        "consents": [
            {
                "scope": "participation",
                "textVersion": "v1",
                "legalBasis": "consent",
                "givenAt": "2025-01-10T10:00:00Z",
            }
        ],
        "answers": {"destination": answer or person.answer},
    }


class Panel:
    """A study with a plan and wave 1 released (40 people, ingested through the service); a pool
    of people new in wave 2, recorded as subjects (their record keys derived as for any
    subject). Trials store wave 2 in savepoints."""

    def __init__(self, session: AsyncSession, setup: Setup, settings: SurveysSettings) -> None:
        self.session, self.setup = session, setup
        self.keys = load_keys(settings)
        self.today = date.today()
        self.subjects: dict[str, UUID] = {}
        self.spec: dict[str, Any] = {}

    async def ingest(self, wave: Any, rows: list[dict[str, Any]]) -> None:
        result = await ingest(
            self.session,
            COORDINATOR,
            study=self.setup.study,
            wave=wave,
            rows=rows,
            mode=Mode.ATOMIC,
            keys=self.keys,
            today=self.today,
        )
        assert not result.rejected, [r for r in result.results if r.errors]

    async def record(self, names: list[str]) -> None:
        """Subjects for `names` (and the ids of all subjects so far)."""
        study = self.setup.study
        assert study.pseudonym_salt is not None
        rekeyer = self.keys.for_study(study.id, study.pseudonym_salt)
        stored = {rekeyer.rekey(pseudonym(n)): n for n in names}
        ids = await subject_repository.insert_missing(
            self.session,
            study.id,
            [(p, self.keys.current_version, None) for p in stored],
            study.record_key_salt,
        )
        self.subjects.update({stored[p]: i for p, i in ids.items()})

    async def store_wave(self, wave: Any, rows: list[tuple[Person, str]]) -> None:
        """Wave-2 interviews of recorded subjects, in one statement (the trials' fast path;
        every value a release reads is stored as ingest stores it)."""
        document = orjson.dumps(
            [
                {"subject": str(self.subjects[p.name]), "area": p.area, "sex": p.sex, "answer": a}
                for p, a in rows
            ]
        ).decode()
        await self.session.execute(
            text(
                "INSERT INTO submission (id, study_id, wave_id, subject_id, instrument_version_id, "
                "submission_id, content_hash, answers, region_ars, area_code, sex, record_key) "
                "SELECT gen_random_uuid(), :study, :wave, t.subject, v.instrument_version_id, "
                "'w2-' || t.subject, 'x', jsonb_build_object('destination', t.answer), :region, "
                "t.area, t.sex, k.record_key "
                "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
                "AS t(subject uuid, area text, sex text, answer text) "
                "JOIN subject k ON k.id = t.subject "
                "CROSS JOIN (SELECT instrument_version_id FROM wave_instrument_version "
                "WHERE wave_id = :wave LIMIT 1) v"
            ),
            {"study": self.setup.study.id, "wave": wave.id, "region": MAGDEBURG, "rows": document},
        )

    async def release(self, wave: Any) -> dict[CellId, int | None]:
        released = await release_service.release_wave(
            self.session,
            COORDINATOR,
            self.setup.study,
            wave.id,
            today=wave.field_closes_date + timedelta(days=1),
        )
        return (await release_repository.values(self.session, [released.id]))[released.id]


async def _panel(
    maker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    settings: SurveysSettings,
) -> tuple[Panel, list[Person]]:
    """A study with its plan and wave 1 released, in `session`'s transaction (salts and study
    ids, hence the record keys, are new in every run; the rule's seeds are fixed)."""
    setup = await create_setup(maker, aggregates_public=True)
    built = Panel(session, setup, settings)
    plan, _ = await plan_service.define(
        session,
        COORDINATOR,
        setup.study,
        plan_service.NewTablePlan(**PLAN),  # type: ignore[arg-type]
    )
    built.spec = {
        "indicators": plan.indicators,
        "breakdowns": plan.breakdowns,
        "code_lists": plan.code_lists,
    }
    rng = random.Random(16)
    first = [_person(rng, f"first-{n}") for n in range(40)]
    await built.ingest(setup.wave1, [_row(p, "w1", setup.version) for p in first])
    await built.release(setup.wave1)
    await built.record([p.name for p in first])
    return built, first


def _estimate(values: dict[CellId, int | None], answer: str) -> list[int]:
    """The published estimates of everyone in wave 2 with this answer (total, sums over the
    area and the sex breakdowns)."""
    total = values[("indicator", "destination", "", (), answer)] or 0
    by_area = sum(
        values[("indicator", "destination", "area", (a,), answer)] or 0
        for a in (*AREAS, "_other", "")
    )
    by_sex = sum(
        values[("indicator", "destination", "sex", (s,), answer)] or 0
        for s in ("f", "m", "d", "x", "")
    )
    return [total, by_area, by_sex]


def _guess(values: dict[CellId, int | None], known: dict[str, int], exact: bool) -> str:
    states = [*ANSWERS, NO_ANSWER]
    weights = []
    for answer, share in zip(ANSWERS, SHARES, strict=True):
        returning = sum(
            values[("transition", "destination", "", (s,), answer)] or 0 for s in states
        )
        residual = sum(_estimate(values, answer)) / 3 - returning - known[answer]
        noise = 0.0 if exact else float(variance(3)) * (len(states) + (1 + 5 + 5) / 9)
        if exact:
            weights.append(share * (1.0 if abs(residual - 1) < 0.5 else 0.0) + 1e-12 * share)
            continue
        weights.append(share * math.exp((residual - 0.5) / noise))
    return ANSWERS[max(range(len(ANSWERS)), key=lambda i: weights[i])]


def _likelihood(published: int | None, true_count: int) -> float:
    """P(the published value | the true count) under the p-table."""
    return sum(
        float(p) for d, p in row_of(true_count) if max(true_count + d, 0) == (published or 0)
    )


def _omniscient_guess(
    values: dict[CellId, int | None], exact: dict[CellId, int], target: Person
) -> str:
    """The attacker who knows every other answer of wave 2 (re-interviewed people included):
    they know each cell's count without the target, so every cell holding the target is one
    noisy observation of it (the Bayes rule over the three tables)."""
    cells = {"": (), "area": (target.area,), "sex": (target.sex,)}
    weights = []
    for candidate, share in zip(ANSWERS, SHARES, strict=True):
        weight = share
        for dims, key in cells.items():
            for answer in ANSWERS:
                cell: CellId = ("indicator", "destination", dims, key, answer)
                others = exact[cell] - (answer == target.answer)
                weight *= _likelihood(values[cell], others + (answer == candidate))
        weights.append(weight)
    return ANSWERS[max(range(len(ANSWERS)), key=lambda i: weights[i])]


@dataclass(slots=True)
class Hits:
    attacker: int = 0
    control: int = 0
    omniscient: int = 0
    base: int = 0


async def _trials(
    maker: async_sessionmaker[AsyncSession], settings: SurveysSettings, worker: int, trials: int
) -> Hits:
    """`trials` release pairs of one panel, each in a savepoint of one transaction that is
    rolled back at the end (several workers run at once, each on its own connection)."""
    hits = Hits()
    async with maker() as session:
        await session.begin()
        built, first = await _panel(maker, session, settings)
        setup = built.setup
        rng = random.Random(1616 + worker)
        await built.record([f"t{t}-new-{n}" for t in range(trials) for n in range(10)])
        for trial in range(trials):
            target, *others = [_person(rng, f"t{trial}-new-{n}") for n in range(10)]
            returning = rng.sample(first, 30)
            rows = [
                (p, p.answer if rng.random() < 0.6 else rng.choices(ANSWERS, weights=SHARES)[0])
                for p in returning
            ] + [(p, p.answer) for p in (*others, target)]
            savepoint = await session.begin_nested()
            await built.store_wave(setup.wave2, rows)
            # the second release, read in full
            values = await built.release(setup.wave2)
            await savepoint.rollback()
            exact = _exact(built, first, rows)
            known = {a: sum(p.answer == a for p in others) for a in ANSWERS}
            hits.attacker += _guess(values, known, exact=False) == target.answer
            hits.control += _guess(exact, known, exact=True) == target.answer
            hits.omniscient += _omniscient_guess(values, exact, target) == target.answer
            hits.base += target.answer == ANSWERS[0]
        await session.rollback()
    return hits


async def test_a_strong_attacker_gains_at_most_010_over_two_consecutive_releases(
    committing_sessionmaker: async_sessionmaker[AsyncSession], settings: SurveysSettings
) -> None:
    # given: wave 1 released; per trial, 30 of its people re-interviewed (60 % keep their
    # answer) and 10 new ones (the target among them) in wave 2
    # when: wave 2 is released and every stored value of both releases read
    workers = await asyncio.gather(
        *(
            _trials(committing_sessionmaker, settings, worker, TRIALS // WORKERS)
            for worker in range(WORKERS)
        )
    )
    # then
    base = sum(h.base for h in workers) / TRIALS
    gain = sum(h.attacker for h in workers) / TRIALS - base
    control = sum(h.control for h in workers) / TRIALS - base
    omniscient = sum(h.omniscient for h in workers) / TRIALS - base
    print(
        f"base rate {base:.3f}; differencing gain {gain:+.3f}; against exact "
        f"counts {control:+.3f}; knowing every other answer of the wave {omniscient:+.3f}"
    )
    assert control > 0.5, control
    assert gain <= 0.10, gain
    # The limit of any bounded perturbation (README): someone who knows every other answer of
    # a wave reads each cell holding the target as one noisy observation of it. Three tables
    # leave them well short of certainty (0.40 to 0.45 measured; the bound leaves room for the
    # record keys of a run); more breakdowns would give them more observations.
    assert omniscient <= 0.55, omniscient


def _exact(built: Panel, first: list[Person], rows: list[tuple[Person, str]]) -> dict[CellId, int]:
    """The true counts of the same cells (the control: what the attacker would read without
    perturbation)."""

    def interview(person: Person, answer: str) -> Interview:
        dims = {"area": person.area, "sex": person.sex}
        return Interview(built.subjects[person.name], 0, {"destination": answer}, dims)

    earlier = [interview(p, p.answer) for p in first]
    later = [interview(p, a) for p, a in rows]
    cells = compute(built.spec, later, previous=earlier, first=earlier, intake=False)
    return {cell: len(people) for cell, people in cells.members.items()}
