"""The analyst's microdata export: one wave per export (waves side by side only with the panel
view), fresh record ids per export, k over every key column and over what the same analyst
received before, local suppression instead of refusal, every export and page audited."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.errors import InvalidInput, PermissionDenied
from koko_shared.i18n import Message
from koko_shared.pagination import decode_cursor, encode_cursor
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.export import repository
from koko_surveys.export.columns import ExportColumn, columns_of
from koko_surveys.export.errors import ExportNotFound, ExportRefused
from koko_surveys.export.models import MicrodataExport
from koko_surveys.export.protection import (
    REFUSAL_SHARE,
    Dataset,
    Outcome,
    Person,
    Wave,
    blocking_combinations,
    protect_dataset,
    released_row,
)
from koko_surveys.instrument.questions import QuestionSpec, QuestionType
from koko_surveys.study import repository as study_repository
from koko_surveys.study.errors import StudyNotFound
from koko_surveys.study.models import Study
from koko_surveys.wave import repository as wave_repository
from koko_surveys.wave.models import Wave as WaveRow


async def create(
    session: AsyncSession,
    actor: Actor,
    *,
    study_id: UUID,
    waves: Sequence[str] | None,
    columns: Sequence[str] | None,
    free_text: Sequence[str] | None,
    page_size: int,
) -> dict[str, Any]:
    """Make a new export of the named waves and answer its first page."""
    study, regions = await _microdata_study(session, actor, study_id)
    scope = await _waves(session, study, waves)
    if len(scope) > 1 and not await repository.has_panel_access(session, study.id, actor.subject):
        raise PermissionDenied(
            "waves are linked per person only for analysts an admin granted the study's panel "
            "view; export one wave at a time"
        )
    questions = await _questions(session, scope)
    free = _free_text(study, questions, free_text)
    chosen = _columns(study, questions, free, columns)
    # One export of this recipient at a time: the data and the history are read after the
    # previous export committed.
    await repository.lock_recipient(session, study.id, actor.subject)
    people: dict[UUID, Person] = {}
    for interview in await repository.interviews(session, study.id, [w.id for w in scope], regions):
        people.setdefault(interview.subject_id, Person(interview.subject_id)).interviews[
            interview.wave_id
        ] = interview
    dataset = Dataset(
        [Wave(w.id, w.code) for w in scope],
        chosen,
        list(people.values()),
        study.k_anonymity,
        priority=list(dict.fromkeys(columns)) if columns else None,
    )
    history = await repository.received(session, study.id, actor.subject, [w.id for w in scope])
    outcome = protect_dataset(dataset, history)
    report = _report(dataset, outcome, len(history))
    parameters = {"waves": [w.code for w in scope], "freeText": sorted(free), **report}
    if dataset.people and (not outcome.released() or outcome.cost_share > REFUSAL_SHARE):
        few = len(dataset.people) < dataset.k
        blocking = (
            []
            if few
            else blocking_combinations(dataset.records(outcome.level), outcome.key_names, dataset.k)
        )
        await audit.record(
            session,
            actor,
            "microdata.export_refused",
            study.id,
            {**parameters, "blocking": blocking},
        )
        if few:
            why = Message("fewer than {k} people in this export's scope", k=dataset.k)
        elif not outcome.released():
            why = Message("no {k} people can be released alike", k=dataset.k)
        else:
            why = Message(
                "to give every person a group of at least {k} alike, {share} of the key values "
                "would have to be suppressed or withheld (at most {limit})",
                k=dataset.k,
                share=f"{outcome.cost_share:.0%}",
                limit=f"{REFUSAL_SHARE:.0%}",
            )
        message = (
            "export refused: {why}; the combinations in `blocking` hold the most rare records: "
            "leave some of their columns out (`columns`)"
            if blocking
            else "export refused: {why}"
        )
        raise ExportRefused(message, {"summary": report, "blocking": blocking}, why=why)
    export = await _store(session, actor, study, dataset, outcome, report)
    await audit.record(
        session, actor, "microdata.exported", study.id, {"export": str(export.id), **parameters}
    )
    return await _page(session, export, scope, after=0, page_size=page_size)


async def next_page(
    session: AsyncSession, actor: Actor, *, study_id: UUID, cursor: str, page_size: int, hours: int
) -> dict[str, Any]:
    """The next page of an export, read back exactly as it was made (only by its recipient,
    within `hours` of its making). `cursor` is what the client sent as `after`."""
    study, _regions = await _microdata_study(session, actor, study_id)
    export_ref, after = decode_cursor(cursor, arity=2, field="after")
    try:
        export_id, position = UUID(str(export_ref)), int(after)
    except (TypeError, ValueError):
        raise InvalidInput("cursor is not valid", field="after") from None
    export = await repository.get_export(session, export_id)
    if (
        export is None
        or export.study_id != study.id
        or export.recipient != actor.subject
        or export.created_at is None
        or export.created_at < datetime.now(UTC) - timedelta(hours=hours)
    ):
        raise ExportNotFound()
    waves = await wave_repository.waves_of(session, [study.id])
    scope = [w for w in waves[study.id] if w.id in export.wave_ids]
    page = await _page(session, export, scope, after=position, page_size=page_size)
    await audit.record(
        session,
        actor,
        "microdata.page_read",
        study.id,
        {"export": str(export.id), "after": position, "rows": len(page["items"])},
    )
    return page


async def _microdata_study(
    session: AsyncSession, actor: Actor, study_id: UUID
) -> tuple[Study, list[str] | None]:
    study = await study_repository.get(session, study_id)
    if study is None or not authorization.acts_in_region(actor, study):
        raise StudyNotFound(study_id)
    regions = authorization.microdata_regions(actor, study)
    authorization.require(regions != [], "microdata are for analysts of the study's region only")
    return study, regions


async def _waves(session: AsyncSession, study: Study, refs: Sequence[str] | None) -> list[WaveRow]:
    waves = (await wave_repository.waves_of(session, [study.id]))[study.id]
    codes = ", ".join(w.code for w in waves) or "none"
    if not refs:
        if len(waves) == 1:
            return waves
        raise InvalidInput(
            "name the wave to export (`wave`): one of {codes}",
            field="wave",
            params={"codes": codes},
        )
    chosen = []
    for ref in dict.fromkeys(refs):
        wave = next((w for w in waves if ref in (w.code, str(w.id))), None)
        if wave is None:
            raise InvalidInput(
                "no wave '{wave}' in this study: one of {codes}",
                field="wave",
                params={"wave": ref[:64], "codes": codes},
            )
        chosen.append(wave)
    return sorted(chosen, key=lambda w: w.position)


async def _questions(session: AsyncSession, waves: list[WaveRow]) -> list[QuestionSpec]:
    specs: list[QuestionSpec] = []
    for wave in waves:
        versions = await wave_repository.wave_versions(session, wave.id)
        for version, _instrument in sorted(versions, key=lambda v: (v[1].code, v[0].version)):
            specs.extend(QuestionSpec.model_validate(q) for q in version.questions)
    return specs


def _free_text(
    study: Study, questions: list[QuestionSpec], wanted: Sequence[str] | None
) -> set[str]:
    texts = {q.name for q in questions if q.type == QuestionType.TEXT}
    asked = set(wanted or [])
    unreviewed = sorted(q for q in asked if q not in study.reviewed_free_text or q not in texts)
    if unreviewed:
        raise InvalidInput(
            "free-text answers of {questions} are not released: only questions the study marked "
            "as reviewed",
            field="freeText",
            params={"questions": ", ".join(unreviewed)},
        )
    return asked


def _columns(
    study: Study, questions: list[QuestionSpec], free: set[str], wanted: Sequence[str] | None
) -> list[ExportColumn]:
    available = columns_of(
        questions, non_identifying=set(study.non_identifying_questions), free_text=free
    )
    if not wanted:
        return available
    names = {c.name for c in available}
    unknown = sorted(set(wanted) - names)
    if unknown:
        raise InvalidInput(
            "no column {unknown}; columns are {columns}",
            field="columns",
            params={
                "unknown": ", ".join(u[:64] for u in unknown[:5]),
                "columns": ", ".join(sorted(names)),
            },
        )
    # Free text asked for by `freeText` is released even when `columns` does not name it.
    return [c for c in available if c.name in wanted or c.kind == "text"]


def _report(dataset: Dataset, outcome: Outcome, earlier: int) -> dict[str, Any]:
    released = outcome.released()
    return {
        "k": dataset.k,
        "generalisation": outcome.level.name,
        "records": len(released),
        "withheld": len(outcome.protection.withheld),
        "suppressedValues": outcome.protection.suppressed_values,
        "suppressed": outcome.suppressed_per_column(),
        "keyColumns": outcome.key_names,
        "nonIdentifyingColumns": [c.name for c in dataset.columns if not c.identifying],
        "bands": {c.name: c.bands.describe() for c in dataset.columns if c.bands is not None},
        "earlierExportsChecked": earlier,
    }


async def _store(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    dataset: Dataset,
    outcome: Outcome,
    report: dict[str, Any],
) -> MicrodataExport:
    released = outcome.released()
    # Row order and ids are random: neither says anything about a person or their submission.
    order = sorted(released, key=lambda _: secrets.randbits(64))
    ids: set[str] = set()
    classes: dict[tuple[Any, ...], int] = {}
    records = []
    for position, index in enumerate(order, start=1):
        record_id = secrets.token_hex(8)
        while record_id in ids:
            record_id = secrets.token_hex(8)
        ids.add(record_id)
        key = outcome.protection.keys[index]
        person = dataset.people[index]
        records.append(
            {
                "position": position,
                "subject_id": person.subject_id,
                "class_number": classes.setdefault(tuple(map(repr, key)), len(classes) + 1),
                "suppressed": sorted(outcome.key_names[c] for c in outcome.protection.masks[index]),
                "row": released_row(dataset, person, key, outcome.level, record_id),
            }
        )
    export = await repository.add_export(
        session,
        MicrodataExport(
            study_id=study.id,
            recipient=actor.subject,
            wave_ids=[w.id for w in dataset.waves],
            linked=dataset.linked,
            key_columns=outcome.key_names,
            generalisation=outcome.level.name,
            record_count=len(records),
            report=report,
        ),
    )
    await repository.add_records(session, export.id, records)
    return export


async def _page(
    session: AsyncSession,
    export: MicrodataExport,
    scope: list[WaveRow],
    *,
    after: int,
    page_size: int,
) -> dict[str, Any]:
    rows = await repository.page(session, export.id, after, page_size + 1)
    if any(row is None for _, row in rows):
        raise ExportNotFound()
    page, more = rows[:page_size], len(rows) > page_size
    return {
        "export": str(export.id),
        "study": str(export.study_id),
        "waves": [w.code for w in scope],
        "linked": export.linked,
        "summary": export.report,
        "items": [row for _, row in page],
        "nextCursor": encode_cursor([str(export.id), page[-1][0]]) if more and page else None,
    }
