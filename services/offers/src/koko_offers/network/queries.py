"""Root query fields of the network as a whole: `actorNetwork` (figures), `networkCoverage`
(fields of action by area) and `networkChange` (between two days)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.field_of_action.loaders import field_of_action_by_code
from koko_offers.field_of_action.types import FieldOfAction
from koko_offers.graphql.context import OffersContext
from koko_offers.network import change as network_change
from koko_offers.network import coverage as network_coverage
from koko_offers.network import service
from koko_offers.network.figures import figures
from koko_offers.network.scoped import view_of
from koko_offers.network.types import (
    ActorNetwork,
    DegreeChange,
    NetworkChange,
    NetworkCoverage,
    node_id,
)
from koko_offers.offer.types import TargetGroup
from koko_offers.region.validation import validate_ars
from koko_shared.errors import InvalidInput

RegionArs = Annotated[
    str, strawberry.argument(description="Regionalschlüssel (12 digits) of the network's region.")
]
On = Annotated[date | None, strawberry.argument(description="The day to show; default: today.")]
MAX_FILTER_ENTRIES = 50


def _filter(values: list[str] | None, field: str) -> list[str] | None:
    if values is not None and len(values) > MAX_FILTER_ENTRIES:
        raise InvalidInput(
            "{field}: at most {limit} entries",
            field=field,
            params={"field": field, "limit": MAX_FILTER_ENTRIES},
        )
    return values


@strawberry.type
class NetworkQueries:
    @strawberry.field(
        description="The network of a region on a day with its figures: degree and "
        "betweenness per actor, components, brokers. Public: what the region published."
    )
    async def actor_network(
        self, info: Info[OffersContext, None], region_ars: RegionArs, on: On = None
    ) -> ActorNetwork:
        validate_ars(region_ars)
        view = view_of(info.context, region_ars)
        snapshot = await service.snapshot(info.context.session, view, on or date.today())
        return ActorNetwork.of(snapshot, figures(snapshot.graph()))

    @strawberry.field(
        description="Which fields of action have an actor in which area on a day, e.g. who "
        "covers `language` for `PARENTS` in Neue Neustadt; empty cells are gaps."
    )
    async def network_coverage(
        self,
        info: Info[OffersContext, None],
        region_ars: RegionArs,
        on: On = None,
        target_group: Annotated[
            TargetGroup | None,
            strawberry.argument(description="Only actors working with this group (or everyone)."),
        ] = None,
        fields_of_action: Annotated[
            list[str] | None,
            strawberry.argument(description="Only these fields of action (codes); null: all."),
        ] = None,
        area_codes: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Only these areas (area codes, or municipality ARS); null: all."
            ),
        ] = None,
    ) -> NetworkCoverage:
        validate_ars(region_ars)
        session = info.context.session
        snapshot = await service.snapshot(
            session, view_of(info.context, region_ars), on or date.today()
        )
        result = await network_coverage.coverage(
            session,
            snapshot,
            target_group=str(target_group.value) if target_group else None,
            field_codes=_filter(fields_of_action, "fieldsOfAction"),
            area_codes=_filter(area_codes, "areaCodes"),
        )
        rows = await field_of_action_by_code(info.context).load_many(
            [f.code for f in result.fields]
        )
        return NetworkCoverage.of(result, [FieldOfAction.from_row(r) for r in rows if r])

    @strawberry.field(description="How the network changed between two days.")
    async def network_change(
        self,
        info: Info[OffersContext, None],
        region_ars: RegionArs,
        from_: Annotated[date, strawberry.argument(name="from", description="The first day.")],
        to: Annotated[date, strawberry.argument(description="The second day.")],
    ) -> NetworkChange:
        validate_ars(region_ars)
        if to < from_:
            raise InvalidInput("to must not be before from", field="to")
        session, view = info.context.session, view_of(info.context, region_ars)
        before = await service.snapshot(session, view, from_)
        after = await service.snapshot(session, view, to)
        result = network_change.change(before, after)
        return NetworkChange(
            region_ars=region_ars,
            from_date=from_,
            to_date=to,
            components_before=result.components_before,
            components_after=result.components_after,
            brokers_gained=[node_id(n) for n in result.brokers_gained],
            brokers_lost=[node_id(n) for n in result.brokers_lost],
            degree_changes=[
                DegreeChange(id=node_id(d.node), before=d.before, after=d.after)
                for d in result.degree_changes
            ],
            actor_ids=(result.actors_joined, result.actors_left),
            tie_ids=(result.ties_begun, result.ties_ended),
        )
