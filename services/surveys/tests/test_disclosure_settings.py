"""Floors and who sets disclosure parameters (issue 13, attack 4): no study goes below
minCellCount 3 / k 5, public ones always use the cell key method, only admins change the
parameters, and every change is audited and shown in the study's metadata."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Setup, graphql_data

UPDATE = """mutation($input: StudyDisclosureUpdateInput!) { studyDisclosureUpdate(input: $input) {
  study { disclosure { method minCellCount kAnonymity releaseMinSubmissions reviewedFreeText
    nonIdentifyingQuestions quasiIdentifiers } }
  errors { field code message } } }"""


gql = graphql_data


async def test_a_coordinator_cannot_switch_protection_off(
    client: httpx.AsyncClient, tokens: TestTokens, setup: Setup
) -> None:
    # given: the settings that switched protection off before
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    leaky = {
        "regionArs": MAGDEBURG,
        "code": "leaky",
        "title": {"de": "Leck"},
        "kind": "intake",
        "aggregatesPublic": True,
        "minCellCount": 1,
        "kAnonymity": 2,
    }
    # when
    created = await gql(
        client,
        """mutation($input: StudyCreateInput!) { studyCreate(input: $input) {
          study { id } errors { field code } } }""",
        {"input": leaky},
        coordinator,
    )
    changed = await gql(
        client,
        UPDATE,
        {"input": {"studyId": to_global_id("Study", setup.study.id), "minCellCount": 5}},
        coordinator,
    )
    # then
    assert created["studyCreate"] == {
        "study": None,
        "errors": [{"field": "minCellCount", "code": "BELOW_FLOOR"}],
    }
    assert changed["studyDisclosureUpdate"]["study"] is None
    # German, the language of a request without Accept-Language
    assert "nur Administratoren" in changed["studyDisclosureUpdate"]["errors"][0]["message"]
    marked = await gql(
        client,
        UPDATE,
        {
            "input": {
                "studyId": to_global_id("Study", setup.study.id),
                "nonIdentifyingQuestions": ["destination"],
            }
        },
        coordinator,
    )
    assert marked["studyDisclosureUpdate"]["errors"][0]["code"] == "FORBIDDEN"


async def test_an_admin_changes_parameters_never_below_the_floors(
    client: httpx.AsyncClient, tokens: TestTokens, setup: Setup, session: AsyncSession
) -> None:
    # given
    admin = tokens.for_role(Role.ADMIN, MAGDEBURG)
    study = to_global_id("Study", setup.study.id)
    # when
    too_low = [
        (await gql(client, UPDATE, {"input": {"studyId": study, field: value}}, admin))[
            "studyDisclosureUpdate"
        ]
        for field, value in (
            ("minCellCount", 2),
            ("kAnonymity", 4),
            ("releaseMinSubmissions", 5),
        )
    ]
    not_text = (
        await gql(client, UPDATE, {"input": {"studyId": study, "reviewedFreeText": ["age"]}}, admin)
    )["studyDisclosureUpdate"]
    text_as_non_identifying = (
        await gql(
            client,
            UPDATE,
            {"input": {"studyId": study, "nonIdentifyingQuestions": ["other_text", "nothing"]}},
            admin,
        )
    )["studyDisclosureUpdate"]
    stricter = (
        await gql(
            client,
            UPDATE,
            {
                "input": {
                    "studyId": study,
                    "minCellCount": 5,
                    "kAnonymity": 10,
                    "reviewedFreeText": ["other_text"],
                    "nonIdentifyingQuestions": ["satisfaction"],
                }
            },
            admin,
        )
    )["studyDisclosureUpdate"]
    metadata = await gql(
        client,
        "query($id: ID!) { study(id: $id) { disclosureChanges { changedAt changes { "
        "parameter before after } } } }",
        {"id": study},
        admin,
    )
    # then
    assert [(p["study"], p["errors"][0]["code"]) for p in too_low] == [(None, "BELOW_FLOOR")] * 3
    assert [p["errors"][0]["field"] for p in too_low] == [
        "minCellCount",
        "kAnonymity",
        "releaseMinSubmissions",
    ]
    assert not_text["errors"][0]["field"] == "reviewedFreeText"
    assert text_as_non_identifying["errors"][0]["field"] == "nonIdentifyingQuestions"
    assert "nothing" in text_as_non_identifying["errors"][0]["message"]
    assert stricter["errors"] == []
    assert stricter["study"]["disclosure"] == {
        "method": "cell_key",
        "minCellCount": 5,
        "kAnonymity": 10,
        "releaseMinSubmissions": 10,
        "reviewedFreeText": ["other_text"],
        "nonIdentifyingQuestions": ["satisfaction"],
        "quasiIdentifiers": [
            "regionArs",
            "areaCode",
            "sex",
            "ageGroup",
            "originGroup",
            "cohort",
            "submitted",
            "instrumentVersion",
            "answers",
        ],
    }
    (change,) = metadata["study"]["disclosureChanges"]
    assert change["changedAt"]
    assert change["changes"] == [
        {"parameter": "minCellCount", "before": 3, "after": 5},
        {"parameter": "kAnonymity", "before": 5, "after": 10},
        {"parameter": "reviewedFreeText", "before": [], "after": ["other_text"]},
        {"parameter": "nonIdentifyingQuestions", "before": [], "after": ["satisfaction"]},
    ]
    audited = await session.execute(
        text(
            "SELECT actor FROM audit_entry WHERE study_id = :s "
            "AND action = 'study.disclosure_changed'"
        ),
        {"s": setup.study.id},
    )
    assert len(list(audited)) == 1


async def test_the_database_refuses_parameters_below_the_floors(
    setup: Setup, session: AsyncSession
) -> None:
    # when / then: even a direct write cannot go below a floor
    for statement in (
        "UPDATE study SET min_cell_count = 1 WHERE id = :s",
        "UPDATE study SET k_anonymity = 2 WHERE id = :s",
        "UPDATE study SET release_min_submissions = 1 WHERE id = :s",
    ):
        with pytest.raises(IntegrityError):
            async with session.begin_nested():
                await session.execute(text(statement), {"s": setup.study.id})
