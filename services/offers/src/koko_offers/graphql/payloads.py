"""Catalogue mutations on the shared pipeline: database constraints mapped to the input field
they concern; the violations become the payload errors (koko_shared.graphql.mutations)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from koko_offers.errors import CatalogueInvalid, Violation, violations_of
from koko_offers.graphql.context import OffersContext
from koko_shared.errors import DomainError, ErrorCode
from koko_shared.graphql import mutations
from koko_shared.graphql.mutations import sqlstate_of

T = TypeVar("T")

# Constraint name -> (field, code) of the input that caused it.
_CONSTRAINT_FIELDS: dict[str, tuple[str | None, ErrorCode]] = {
    "ck_course_run_dates": ("endDate", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_deadline": ("registrationDeadline", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_capacity_max": ("capacityMax", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_seats_booked": ("seatsBooked", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_seats_within_capacity": ("seatsBooked", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_waitlist": ("waitlistLength", ErrorCode.BAD_USER_INPUT),
    "ck_course_run_status": ("status", ErrorCode.BAD_USER_INPUT),
    "ck_offer_ages": ("maxAge", ErrorCode.BAD_USER_INPUT),
    "ck_offer_status": ("status", ErrorCode.BAD_USER_INPUT),
    "ck_offer_format": ("format", ErrorCode.BAD_USER_INPUT),
    "ck_translation_state": ("state", ErrorCode.BAD_USER_INPUT),
    "fk_offer_category_code_category": ("categoryCode", ErrorCode.NOT_FOUND),
    "fk_offer_course_type_id_course_type": ("courseTypeCode", ErrorCode.NOT_FOUND),
    "fk_offer_location_id_location": ("locationId", ErrorCode.NOT_FOUND),
    "fk_offer_provider_id_provider": ("providerId", ErrorCode.NOT_FOUND),
    "fk_course_run_location_id_location": ("locationId", ErrorCode.NOT_FOUND),
    "fk_course_run_offer_id_offer": ("offerId", ErrorCode.NOT_FOUND),
    "fk_location_area_id_area": ("areaCode", ErrorCode.NOT_FOUND),
    "fk_location_provider_id_provider": ("providerId", ErrorCode.NOT_FOUND),
    "fk_provider_region_ars_region": ("regionArs", ErrorCode.NOT_FOUND),
    "uq_pathway_step_pathway_id_position": ("steps", ErrorCode.CONFLICT),
}


def violation_from_database_error(error: DBAPIError) -> Violation:
    """A constraint the database enforced, described by the input field it concerns."""
    cause = getattr(error.orig, "__cause__", None) or error.orig
    sqlstate = sqlstate_of(error)
    constraint = getattr(cause, "constraint_name", None) or ""
    if sqlstate == "22001":  # string_data_right_truncation
        return Violation(ErrorCode.TOO_LONG, "stored_data_conflict", None, {"constraint": "length"})
    field, code = _CONSTRAINT_FIELDS.get(constraint, (None, ErrorCode.BAD_USER_INPUT))
    return Violation(code, "stored_data_conflict", field, {"constraint": constraint or sqlstate})


def _catalogue_database_error(error: DBAPIError) -> DomainError:
    return CatalogueInvalid([violation_from_database_error(error)])


async def run_mutation(
    context: OffersContext, operation: Callable[[], Awaitable[T]]
) -> tuple[T | None, list[Violation]]:
    """Run one catalogue mutation through the shared pipeline (a savepoint of the request's
    transaction); expected failures come back as violations with translatable messages."""
    value, error = await mutations.run_mutation(
        context.session, operation, database_error=_catalogue_database_error
    )
    return value, violations_of(error) if error is not None else []
