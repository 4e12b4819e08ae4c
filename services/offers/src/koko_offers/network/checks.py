"""Checks the writes of the actor network share: dated validity, codes of the field-of-action
list and of target groups, who may publish, and contacts that must name a function rather than a
private person."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers import authorization
from koko_offers.errors import Violations
from koko_offers.field_of_action import repository as field_repository
from koko_offers.offer.models import TARGET_GROUPS
from koko_offers.validation import MAX_LIST_ENTRIES, check_list_size
from koko_shared.auth.actor import Actor
from koko_shared.errors import ErrorCode

# Words of function mailboxes: "integration.buero@", "netzwerk-migration@" are offices.
_FUNCTION_WORDS = frozenset(
    [
        "info",
        "kontakt",
        "contact",
        "office",
        "buero",
        "büro",
        "team",
        "service",
        "beratung",
        "bildung",
        "integration",
        "migration",
        "koordination",
        "bildungskoordination",
        "netzwerk",
        "verwaltung",
        "poststelle",
        "sekretariat",
        "zentrale",
        "anmeldung",
        "sprachkurse",
        "sprachkurs",
        "kurse",
        "jobcenter",
        "agentur",
        "schule",
        "schulleitung",
        "kita",
        "leitung",
        "amt",
        "stadt",
        "landkreis",
        "mail",
        "post",
        "presse",
        "teilhabe",
        "ehrenamt",
        "freiwillige",
        "projekt",
        "projekte",
        "welcome",
        "willkommen",
        "auslaenderbehoerde",
        "ausländerbehörde",
        "jugend",
        "sozial",
    ]
)
_PERSONAL_LOCAL_PART = re.compile(r"^([a-zäöüß]{2,})[._-]([a-zäöüß]{2,})$")


def check_validity(problems: Violations, start: date | None, end: date | None) -> None:
    """A dated validity ends no earlier than it starts (an open end is fine)."""
    if start is not None and end is not None and end < start:
        problems.invalid("validTo", "validity_order")


def dedupe(values: Sequence[str] | None) -> list[str]:
    return list(dict.fromkeys(values or ()))


async def check_fields_of_action(
    session: AsyncSession, problems: Violations, field: str, codes: Sequence[str] | None
) -> None:
    """Every code names a field of action in force today."""
    if not codes:
        return
    check_list_size(problems, field, codes)
    known = {row.code for row in await field_repository.valid_on(session, date.today())}
    for code in codes[:MAX_LIST_ENTRIES]:
        if code not in known:
            problems.invalid(field, "unknown_field_of_action", value=code[:60])


def check_target_groups(problems: Violations, field: str, codes: Sequence[str] | None) -> None:
    if not codes:
        return
    check_list_size(problems, field, codes)
    for code in codes[:MAX_LIST_ENTRIES]:
        if code not in TARGET_GROUPS:
            problems.invalid(
                field, "unknown_target_group", value=code[:60], allowed=", ".join(TARGET_GROUPS)
            )


def check_publishing(
    problems: Violations, actor: Actor, region_ars: str, *, decides_published: bool
) -> None:
    """Only the region's coordinators decide what the public sees (`decides_published`: the
    input sets `published`; an unpublished new record is the default, not a decision)."""
    if decides_published and not authorization.is_coordinator(actor, region_ars):
        problems.add(ErrorCode.FORBIDDEN, "published_by_coordinator", "published")


def looks_personal(email: str) -> bool:
    """`anna.schmidt@...`: two name-like words that are not words of a function mailbox."""
    local = email.split("@", 1)[0].lower()
    match = _PERSONAL_LOCAL_PART.match(local)
    return match is not None and not (set(match.groups()) & _FUNCTION_WORDS)
