"""Publishing instrument versions (from question specs or an XLSForm file). A version is
immutable once published; a change is a new version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import Actor
from koko_shared.database.columns import utcnow
from koko_shared.errors import Conflict, ErrorCode, FieldError, InvalidInput
from koko_shared.i18n import Message, Msgid
from koko_surveys import authorization
from koko_surveys.audit import service as audit
from koko_surveys.instrument import repository
from koko_surveys.instrument.models import Instrument, InstrumentVersion
from koko_surveys.instrument.questions import QuestionSpec, validation_error
from koko_surveys.instrument.xlsform import read_xlsform
from koko_surveys.study.models import Study
from koko_surveys.study.service import require_code


@dataclass(frozen=True, slots=True)
class QuestionList:
    """The questions of a new instrument version as typed specs, read from what a client sent
    (JSON) with every problem of it. The problems are raised by the service once it has
    checked who publishes, so a caller without the right learns nothing about the questions."""

    specs: tuple[QuestionSpec, ...]
    errors: tuple[FieldError, ...] = ()

    @classmethod
    def parse(cls, raw: object) -> QuestionList:
        if not isinstance(raw, list):
            problem = FieldError(
                ErrorCode.BAD_USER_INPUT, "questions is a list of question specs", "questions"
            )
            return cls((), (problem,))
        errors: list[FieldError] = []
        names: set[str] = set()
        specs: list[QuestionSpec] = []
        for position, item in enumerate(raw):
            try:
                spec = QuestionSpec.model_validate(item)
            except ValidationError as exc:
                errors.extend(validation_error(e, f"questions.{position}") for e in exc.errors())
                continue
            if spec.name in names:
                errors.append(
                    FieldError(
                        ErrorCode.DUPLICATE,
                        "question '{name}' appears twice",
                        f"questions.{position}",
                        {"name": spec.name},
                    )
                )
            names.add(spec.name)
            specs.append(spec)
        if not specs and not errors:
            errors.append(
                FieldError(
                    ErrorCode.BAD_USER_INPUT,
                    "an instrument version has at least one question",
                    "questions",
                )
            )
        return cls(tuple(specs), tuple(errors))


@dataclass(frozen=True, slots=True)
class NewInstrumentVersion:
    """What publishes an instrument version: from the GraphQL input, an XLSForm file or code."""

    code: str
    questions: QuestionList
    title: Mapping[str, str] = field(default_factory=dict)
    form_version: str | None = None
    source_filename: str | None = None


async def publish_version(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    code: str,
    questions: list[dict[str, Any]],
    title: dict[str, str] | None = None,
    form_version: str | None = None,
    source_filename: str | None = None,
) -> tuple[Instrument, InstrumentVersion]:
    """`publish` for question specs given as JSON objects (the demo, tests, benchmarks)."""
    new = NewInstrumentVersion(
        code, QuestionList.parse(questions), title or {}, form_version, source_filename
    )
    return await publish(session, actor, study, new)


async def publish(
    session: AsyncSession, actor: Actor, study: Study, new: NewInstrumentVersion
) -> tuple[Instrument, InstrumentVersion]:
    """Publish a new version of the instrument `new.code` (created on first use)."""
    code, title, form_version = new.code, dict(new.title), new.form_version
    require_code(code, "code")
    authorization.require(
        authorization.can_manage(actor, study.region_ars) or authorization.can_write(actor, study),
        "only coordinators of the region or the study's integrators publish instruments",
    )
    if new.questions.errors:
        raise InvalidInput(
            "the instrument version is not valid",
            field="questions",
            errors=list(new.questions.errors),
        )
    normalized = [s.model_dump(mode="json", exclude_none=True) for s in new.questions.specs]
    source_filename = new.source_filename
    instrument = await repository.by_code(session, study.id, code)
    if instrument is None:
        instrument = Instrument(study_id=study.id, code=code, title=title or {})
        session.add(instrument)
        await session.flush()
    version = InstrumentVersion(
        instrument_id=instrument.id,
        version=await repository.next_version(session, instrument.id),
        form_version=form_version,
        status="published",
        questions=normalized,
        source_filename=source_filename,
        published_at=utcnow(),
    )
    session.add(version)
    await session.flush()
    await audit.record(
        session,
        actor,
        "instrument.published",
        study.id,
        {"instrument": code, "version": version.version},
    )
    return instrument, version


async def import_xlsform(
    session: AsyncSession,
    actor: Actor,
    study: Study,
    *,
    content: bytes,
    filename: str,
    code: str | None,
) -> tuple[Instrument, InstrumentVersion]:
    questions, form_version, title, form_id = read_xlsform(content, filename)
    instrument_code = code or form_id
    if not instrument_code:
        raise InvalidInput(
            "name the instrument with `code` (or set form_id in the XLSForm)", field="code"
        )
    # Locked: two uploads of the same form at once are checked one after the other.
    instrument = await repository.by_code(session, study.id, instrument_code, for_update=True)
    if instrument is not None:
        # As ODK Central does: a changed form needs a new `version` in its settings sheet, so
        # two different forms never share a version string.
        existing = await repository.imported_with_form_version(session, instrument.id, form_version)
        if existing is not None:
            shown = (
                Message("version '{version}'", version=form_version)
                if form_version
                else Msgid("no version")
            )
            raise Conflict(
                "an XLSForm with {shown} was already published as {instrument}@{version}; set a "
                "new version in the settings sheet",
                field="version",
                params={
                    "shown": shown,
                    "instrument": instrument_code,
                    "version": existing.version,
                },
            )
    return await publish_version(
        session,
        actor,
        study,
        code=instrument_code,
        questions=questions,
        title=title,
        form_version=form_version,
        source_filename=filename[:255],
    )
