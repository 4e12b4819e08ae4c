"""The samples the finder's facets count on (`offer.facets`): per group of menus the first
`sample_size` matches of its filter in id order, a uniform random sample (`offer.counting`).
Groups of a filter without a search are read in one walk of the offer ids instead of one walk
each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true

from koko_offers.offer.counting import offer_conditions
from koko_offers.offer.criteria import OFFER_FREE_SEATS_UNTIL, OfferCriteria
from koko_offers.offer.models import Offer
from koko_offers.offer.text_search import SearchText
from koko_offers.offer.visibility import ReadScope

_OFFER = Offer.__table__  # type: ignore[attr-defined]


def _sampled_columns() -> list[Any]:
    """What the menus count by, per sampled offer."""
    return [
        _OFFER.c.id,
        _OFFER.c.category_code,
        _OFFER.c.course_type_id,
        _OFFER.c.location_id,
        _OFFER.c.target_groups,
        _OFFER.c.childcare,
        OFFER_FREE_SEATS_UNTIL.label("free_seats_until"),
        func.array_cat(_OFFER.c.instruction_languages, _OFFER.c.support_languages).label(
            "languages"
        ),
    ]


def samples(
    groups: Sequence[OfferCriteria], scope: ReadScope, text: SearchText | None, sample_size: int
) -> list[Any]:
    """Per group its sample, a materialized CTE `sample_<number>` with the columns the menus
    count by."""
    if text is None and len(groups) > 1:
        return _walked(groups, scope, sample_size)
    return [
        select(*_sampled_columns())
        .where(*offer_conditions(criteria, scope, text))
        .order_by(_OFFER.c.id)
        .limit(sample_size)
        .cte(f"sample_{number}")
        .prefix_with("MATERIALIZED")
        for number, criteria in enumerate(groups)
    ]


def _walked(groups: Sequence[OfferCriteria], scope: ReadScope, sample_size: int) -> list[Any]:
    """Every group's sample from one walk in id order over the offers that meet the conditions
    all groups share, each offer flagged with the groups it matches and numbered within them;
    the walk stops after the `sample_size`-th offer that matches every group (by then each
    group has its first `sample_size`, as it matches at least those), a window run condition.

    One walk reads the ids once where a walk per group read them once per group: the facets of
    Magdeburg with B1 and free seats walked 12,000, 6,000 and 12,000 index entries for their
    three samples, now 12,000 (docs/benchmarks.md, "The finder's facets steady"). Not for a
    search: without a LIMIT the planner would read every match of the text for the walk."""
    conditions = [offer_conditions(criteria, scope, None) for criteria in groups]
    common = [c for c in conditions[0] if all(_among(c, other) for other in conditions[1:])]
    flags = [
        and_(true(), *[c for c in own if not _among(c, common)]).label(f"in_{number}")
        for number, own in enumerate(conditions)
    ]
    # OFFSET 0: planned on its own (its flags computed once per offer, not again in each
    # window function they are used in), its id order feeding the window without a sort.
    flagged = (
        select(*_sampled_columns(), *flags)
        .where(*common)
        .order_by(_OFFER.c.id)
        .offset(0)
        .subquery("flagged")
    )
    in_group = [flagged.c[f"in_{number}"] for number in range(len(groups))]
    walked_so_far = {"order_by": flagged.c.id, "rows": (None, 0)}
    numbered = select(
        flagged,
        *[
            func.count().filter(flag).over(**walked_so_far).label(f"number_{n}")  # type: ignore[arg-type]
            for n, flag in enumerate(in_group)
        ],
        func.count().filter(and_(*in_group)).over(**walked_so_far).label("in_every_group"),  # type: ignore[arg-type]
    ).subquery("numbered")
    walk = (
        select(numbered)
        .where(
            numbered.c.in_every_group <= sample_size,
            or_(*[numbered.c[flag.name] for flag in in_group]),
        )
        .cte("walk")
        .prefix_with("MATERIALIZED")
    )
    sampled = [walk.c[column.name] for column in flagged.c if not column.name.startswith("in_")]
    return [
        select(*sampled)
        .where(walk.c[f"in_{number}"], walk.c[f"number_{number}"] <= sample_size)
        .cte(f"sample_{number}")
        .prefix_with("MATERIALIZED")
        for number in range(len(groups))
    ]


def _among(condition: ColumnElement[bool], conditions: Sequence[ColumnElement[bool]]) -> bool:
    return any(condition.compare(other) for other in conditions)
