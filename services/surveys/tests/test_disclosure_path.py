"""The building blocks every published count goes through: the perturbation table, the cell key
and secondary suppression; and labels in the request language."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.graphql.ids import to_global_id
from koko_surveys.analytics.disclosure import Count, DisclosurePolicy, Sign
from koko_surveys.analytics.ptable import KEY_MODULUS, P_TABLE, perturbation, perturbed, variance
from koko_surveys.analytics.tables import (
    PublishedCell,
    merge,
    secondary_suppression,
    secondary_suppression_of_table,
)

from .conftest import Setup
from .published_ptable import MODULUS, PUBLISHED_ROWS, published_count


def test_every_row_of_the_p_table_is_unbiased_bounded_and_never_negative() -> None:
    for true_count, row in enumerate(P_TABLE):
        assert sum(p for _, p in row) == 1
        assert sum(d * p for d, p in row) == 0
        assert all(-2 <= d <= 2 and true_count + d >= 0 for d, _ in row)
    assert variance(2) == variance(1_000) == 2 and variance(1) == 1 and variance(0) == 0


@pytest.mark.parametrize("true_count", [0, 1, 2, 3, 17, 10_000])
def test_the_implementation_follows_the_published_table_at_every_cut_point(
    true_count: int,
) -> None:
    # given: the keys at, just below and just above every cut point of the published row
    row = PUBLISHED_ROWS[min(true_count, 2)]
    cuts = [sum(p for _d, p in row[: i + 1]) * MODULUS // 10 for i in range(len(row))]
    keys = {0, MODULUS - 1} | {
        c + delta for c in cuts for delta in (-1, 0, 1) if 0 <= c + delta < MODULUS
    }
    # then: the service publishes what the published table says, key by key
    assert [perturbed(true_count, k) for k in sorted(keys)] == [
        published_count(true_count, k) for k in sorted(keys)
    ]


def test_zeros_stay_zero_and_small_counts_are_perturbed_too() -> None:
    # given: 20,000 random cell keys per count
    rng = random.Random(7)
    keys = [rng.randrange(KEY_MODULUS) for _ in range(20_000)]
    # then: 0 is always 0; 1 and 2 leave exact only part of the time, and reach 0 sometimes
    assert {perturbed(0, k) for k in keys} == {0}
    ones = Counter(perturbed(1, k) for k in keys)
    twos = Counter(perturbed(2, k) for k in keys)
    assert set(ones) == {0, 1, 2, 3} and abs(ones[1] / 20_000 - 0.3) < 0.02
    assert set(twos) == {0, 1, 2, 3, 4} and abs(twos[2] / 20_000 - 0.2) < 0.02
    assert abs(sum(v * n for v, n in ones.items()) / 20_000 - 1) < 0.03


def test_cell_keys_pick_perturbations_with_the_table_s_probabilities() -> None:
    # given: 50,000 random cell keys for a count of 20
    rng = random.Random(5)
    drawn = Counter(perturbation(20, rng.randrange(KEY_MODULUS)) for _ in range(50_000))
    # then: each of -2..+2 about a fifth of the time, the same key always the same value
    assert set(drawn) == {-2, -1, 0, 1, 2}
    assert all(abs(n / 50_000 - 0.2) < 0.01 for n in drawn.values())
    assert perturbation(20, 123_456_789) == perturbation(20, 123_456_789)
    assert perturbation(20, 0) == -2 and perturbation(20, KEY_MODULUS - 1) == 2


def test_a_margin_is_a_cell_of_its_own_key() -> None:
    # given: two cells whose keys sum past 2^32
    a, b = Count(4, KEY_MODULUS - 10), Count(6, 25)
    # then
    assert merge([a, b]) == Count(10, 15)
    assert DisclosurePolicy().count(merge([a, b])) == published_count(10, 15)


def test_one_secret_cell_under_a_margin_takes_the_smallest_shown_one_with_it() -> None:
    # given
    policy = DisclosurePolicy()
    secret = PublishedCell(None, None, None, Sign.SECRET)

    def shown(n: int) -> PublishedCell:
        return PublishedCell(n, n, None, Sign.VALUE)

    # when
    alone = secondary_suppression(policy, [shown(12), secret, shown(5), shown(9)], [12, 1, 5, 9])
    two = secondary_suppression(policy, [shown(12), secret, secret], [12, 1, 0])
    # then
    assert [c.sign for c in alone] == [Sign.VALUE, Sign.SECRET, Sign.SECRET, Sign.VALUE]
    assert [c.sign for c in two] == [Sign.VALUE, Sign.SECRET, Sign.SECRET]


async def test_labels_follow_the_request_language_with_german_fallback(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], analyst: dict[str, str]
) -> None:
    # given: one answer is enough to ask for labels
    await client.post(setup.batch_url, json=[setup.row(1)], headers=integrator)
    query = """query($s: ID!, $a: ID!, $b: ID!) {
      indicator(studyId: $s, code: "training_rate", waveId: $a, by: [SEX]) {
        rows { key { value label } } }
      transitions(studyId: $s, fromWaveId: $a, toWaveId: $b, question: "destination") {
        states { code label } cells { fromState fromLabel toState toLabel } } }"""
    variables = {
        "s": to_global_id("Study", setup.study.id),
        "a": to_global_id("Wave", setup.wave1.id),
        "b": to_global_id("Wave", setup.wave2.id),
    }
    # when
    english: dict[str, Any] = (
        await client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={**analyst, "Accept-Language": "en"},
        )
    ).json()["data"]
    # then: fixed code lists in English; choices only labelled in German fall back to German
    sexes = {k["value"]: k["label"] for r in english["indicator"]["rows"] for k in r["key"]}
    assert sexes == {
        "f": "female",
        "m": "male",
        "d": "diverse",
        "x": "no gender entry",
        None: "not stated",
    }
    states = {s["code"]: s["label"] for s in english["transitions"]["states"]}
    assert states["training"] == "training" and states["not_reinterviewed"] == "not re-interviewed"
    assert all(c["fromLabel"] and c["toLabel"] for c in english["transitions"]["cells"])


def test_secondary_suppression_runs_along_every_line_of_a_table() -> None:
    # given: a 2 x 3 table (area x sex); only cell (a, f) is secret
    policy = DisclosurePolicy()
    keys = [(area, sex) for area in ("a", "b") for sex in ("f", "m", "d")]
    counts = {("a", "f"): None, ("a", "m"): 9, ("a", "d"): 4, ("b", "f"): 8, ("b", "m"): 7}
    counts[("b", "d")] = 12
    cells = [
        PublishedCell(counts[k], counts[k], None, Sign.VALUE if counts[k] else Sign.SECRET)
        for k in keys
    ]
    # when
    result = secondary_suppression_of_table(policy, keys, cells, [1, 9, 4, 8, 7, 12])
    # then: area a's row and sex f's column each hold two secrets; no line holds exactly one
    secret = {k for k, c in zip(keys, result, strict=True) if c.sign is Sign.SECRET}
    assert {("a", "f"), ("a", "d"), ("b", "f")} <= secret
    for axis in (0, 1):
        for value in {k[axis] for k in keys}:
            line = [k for k in keys if k[axis] == value]
            assert sum(k in secret for k in line) != 1, (axis, value)


async def _record_keys(session: AsyncSession, setup: Setup) -> dict[str, int]:
    """Record key per submission id (current and superseded rows)."""
    result = await session.execute(
        text("SELECT submission_id, record_key FROM submission WHERE study_id = :s"),
        {"s": setup.study.id},
    )
    return {row.submission_id: int(row.record_key) for row in result}


async def test_a_person_keeps_one_record_key_across_waves_corrections_and_re_adding(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: 200 people in wave 1; person 0 again in wave 2
    await client.post(setup.batch_url, json=[setup.row(n) for n in range(200)], headers=integrator)
    await client.post(
        setup.url(setup.wave2), json=[setup.row(0, submissionId="w2-0")], headers=integrator
    )
    # when: person 1 is corrected, person 2 erased and sent again
    correction = setup.row(1, submissionId="fix-1", supersedes="sub-1")
    await client.post(setup.batch_url, json=[correction], headers=integrator)
    before = await _record_keys(session, setup)
    erase = await client.delete(
        f"/v1/studies/{setup.study.id}/subjects/{setup.row(2)['subject']}", headers=integrator
    )
    assert erase.status_code < 300, erase.text
    await client.post(
        setup.batch_url, json=[setup.row(2, submissionId="again-2")], headers=integrator
    )
    keys = await _record_keys(session, setup)
    # then: one key per person, whatever the row
    assert keys["w2-0"] == keys["sub-0"]
    assert keys["fix-1"] == keys["sub-1"]
    assert "sub-2" not in keys and keys["again-2"] == before["sub-2"]
    people = [keys[f"sub-{n}"] for n in range(3, 200)]
    # and: different people have different keys, spread over [0, 2^32)
    assert len(set(people)) == len(people) and all(0 <= k < KEY_MODULUS for k in people)
    assert 60 < sum(k < KEY_MODULUS // 2 for k in people) < 140
