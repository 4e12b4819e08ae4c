"""`submissionsIngest`: the batch ingest through GraphQL, for small writes."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from koko_shared.errors import ErrorCode, FieldError
from koko_shared.graphql.ids import local_id
from koko_shared.graphql.mutations import mutation_errors, run_mutation
from koko_shared.graphql.schema import MutationError
from koko_surveys.graphql.context import SurveysContext
from koko_surveys.ingest.inputs import SubmissionInput
from koko_surveys.ingest.payloads import SubmissionsIngestPayload
from koko_surveys.ingest.service import BatchRejected, BatchResult, Mode, ingest
from koko_surveys.ingest.types import SubmissionMode, SubmissionResult
from koko_surveys.study import service as study_service
from koko_surveys.wave import service as wave_service


def _row(item: SubmissionInput) -> dict[str, Any]:
    row: dict[str, Any] = {
        "submissionId": item.submission_id,
        "subject": item.subject,
        "instrumentVersion": item.instrument_version,
        "answers": item.answers,
    }
    for key, value in (
        ("supersedes", item.supersedes),
        ("submittedAt", item.submitted_at),
        ("informant", item.informant),
        ("attributes", item.attributes),
        ("consents", item.consents),
    ):
        if value is not None:
            row[key] = value
    return row


def _payload(
    batch: BatchResult, errors: list[MutationError], language: str
) -> SubmissionsIngestPayload:
    summary = batch.summary()
    return SubmissionsIngestPayload(
        results=[
            SubmissionResult(
                row=r.row,
                submission_id=r.submission_id,
                status=r.status.value,
                errors=mutation_errors(r.errors, language, argument=None),
            )
            for r in batch.results
        ],
        created=summary["created"],
        unchanged=summary["unchanged"],
        conflict=summary["conflict"],
        rejected=summary["rejected"],
        errors=errors,
    )


@strawberry.type
class SubmissionMutations:
    @strawberry.mutation(
        description="Store up to 100 submissions of a wave (same rules as the REST batch)."
    )
    async def submissions_ingest(
        self,
        info: Info[SurveysContext, None],
        study_id: Annotated[
            strawberry.ID, strawberry.argument(description="Global id of the study.")
        ],
        wave_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="Global id of the wave the interviews belong to."),
        ],
        submissions: Annotated[
            list[SubmissionInput],
            strawberry.argument(
                description="The interviews, one per row (a limited number per call)."
            ),
        ],
        mode: Annotated[
            SubmissionMode,
            strawberry.argument(
                description="How to treat failing rows; default PARTIAL (store every valid row)."
            ),
        ] = Mode.PARTIAL,  # type: ignore[valid-type,assignment]
    ) -> SubmissionsIngestPayload:
        context = info.context
        empty = BatchResult(Mode(mode), [])
        if len(submissions) > context.settings.max_graphql_rows:
            too_many = FieldError(
                ErrorCode.TOO_MANY,
                "at most {limit} submissions per mutation; use the REST batch",
                "submissions",
                {"limit": context.settings.max_graphql_rows},
            )
            return _payload(
                empty,
                mutation_errors([too_many], context.language, argument=None),
                context.language,
            )
        session = context.session

        async def run() -> BatchResult:
            # As over REST: a study the caller may not see is NOT_FOUND, like an unknown one.
            study = await study_service.writable_study(
                session, context.actor, local_id(study_id, "Study", field="studyId")
            )
            wave = await wave_service.wave_of(
                session, study, local_id(wave_id, "Wave", field="waveId")
            )
            return await ingest(
                session,
                context.actor,
                study=study,
                wave=wave,
                rows=[_row(s) for s in submissions],
                mode=Mode(mode),
                keys=context.keys,
            )

        # In a savepoint: an unexpected failure undoes only this mutation's writes.
        batch, error = await run_mutation(session, run)
        if batch is None:
            return _payload(
                empty, mutation_errors(error, context.language, argument=None), context.language
            )
        if batch.rejected:
            refused = BatchRejected(batch)
            whole = FieldError(refused.code, refused.msgid, "submissions", refused.params)
            return _payload(
                batch,
                mutation_errors([whole], context.language, argument=None),
                context.language,
            )
        return _payload(batch, [], context.language)
