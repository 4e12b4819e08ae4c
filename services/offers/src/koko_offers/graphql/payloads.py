"""How every catalogue mutation runs: inside a savepoint of the request's transaction, so that a
failing mutation leaves nothing behind, with expected failures turned into payload errors.

Services validate before they write; database constraint violations are mapped here as a
safety net, never shown as internal errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from koko_offers.errors import CONFLICT, INVALID, NOT_FOUND, TOO_LONG, Violation, violations_of
from koko_offers.graphql.context import OffersContext
from koko_shared.errors import DomainError

T = TypeVar("T")
E = TypeVar("E")

# Constraint name -> (field, code) of the input that caused it.
_CONSTRAINT_FIELDS: dict[str, tuple[str | None, str]] = {
    "ck_course_run_dates": ("endDate", INVALID),
    "ck_course_run_deadline": ("registrationDeadline", INVALID),
    "ck_course_run_capacity_max": ("capacityMax", INVALID),
    "ck_course_run_seats_booked": ("seatsBooked", INVALID),
    "ck_course_run_seats_within_capacity": ("seatsBooked", INVALID),
    "ck_course_run_waitlist": ("waitlistLength", INVALID),
    "ck_course_run_status": ("status", INVALID),
    "ck_offer_ages": ("maxAge", INVALID),
    "ck_offer_status": ("status", INVALID),
    "ck_offer_format": ("format", INVALID),
    "ck_translation_state": ("state", INVALID),
    "fk_offer_category_code_category": ("categoryCode", NOT_FOUND),
    "fk_offer_course_type_id_course_type": ("courseTypeCode", NOT_FOUND),
    "fk_offer_location_id_location": ("locationId", NOT_FOUND),
    "fk_offer_provider_id_provider": ("providerId", NOT_FOUND),
    "fk_course_run_location_id_location": ("locationId", NOT_FOUND),
    "fk_course_run_offer_id_offer": ("offerId", NOT_FOUND),
    "fk_location_area_id_area": ("areaCode", NOT_FOUND),
    "fk_location_provider_id_provider": ("providerId", NOT_FOUND),
    "fk_provider_region_ars_region": ("regionArs", NOT_FOUND),
    "uq_pathway_step_pathway_id_position": ("steps", CONFLICT),
}


def violation_from_database_error(error: DBAPIError) -> Violation:
    """A constraint the database enforced, described by the input field it concerns."""
    cause = getattr(error.orig, "__cause__", None) or error.orig
    sqlstate = getattr(cause, "sqlstate", None)
    constraint = getattr(cause, "constraint_name", None) or ""
    if sqlstate == "22001":  # string_data_right_truncation
        return Violation(TOO_LONG, "stored_data_conflict", None, {"constraint": "length"})
    field, code = _CONSTRAINT_FIELDS.get(constraint, (None, INVALID))
    return Violation(code, "stored_data_conflict", field, {"constraint": constraint or sqlstate})


async def run_mutation(
    context: OffersContext, operation: Callable[[], Awaitable[T]]
) -> tuple[T | None, list[Violation]]:
    """Run one mutation in a savepoint: on any expected failure everything it wrote is rolled
    back and the violations are returned; unexpected errors propagate (masked at the top)."""
    session = context.session
    try:
        async with session.begin_nested():
            return await operation(), []
    except DomainError as exc:
        return None, violations_of(exc)
    except DBAPIError as exc:
        # IntegrityError (23xxx) and DataError (22xxx) are the client's input; anything else
        # (lost connection, ...) is ours.
        sqlstate = getattr(getattr(exc.orig, "__cause__", None) or exc.orig, "sqlstate", "")
        if not str(sqlstate).startswith(("22", "23")):
            raise
        return None, [violation_from_database_error(exc)]


def payload_errors(
    violations: list[Violation], language: str, error_type: Callable[..., E], codes: type[Enum]
) -> list[E]:
    """Violations as the domain's GraphQL error type with its code enum, in the request
    language."""
    known = {member.value for member in codes}
    return [
        error_type(
            field=v.field,
            code=codes(v.code if v.code in known else INVALID),
            message=v.message(language),
        )
        for v in violations
    ]
