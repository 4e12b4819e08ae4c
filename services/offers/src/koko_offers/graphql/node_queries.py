"""Root field `node(id:)`: offers, providers, course runs, locations, pathways, actors, working
groups and ties by global id."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from koko_offers.actor.types import Actor
from koko_offers.course_run.types import CourseRun
from koko_offers.graphql.context import OffersContext
from koko_offers.graphql.node import Node
from koko_offers.location.loaders import location_by_id
from koko_offers.location.types import Location
from koko_offers.offer.types import Offer
from koko_offers.offer.visibility import read_scope
from koko_offers.pathway import repository as pathway_repository
from koko_offers.pathway.types import Pathway
from koko_offers.provider.types import Provider
from koko_offers.tie.types import Tie
from koko_offers.working_group.types import WorkingGroup
from koko_shared.graphql.ids import from_global_id


@strawberry.type
class NodeQueries:
    @strawberry.field(description="Any object of the catalogue by its id; null when unknown.")
    async def node(
        self,
        info: Info[OffersContext, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="Global id (Relay) of any object with an id."),
        ],
    ) -> Node | None:
        type_name, local = from_global_id(id)
        if type_name == "Offer":
            return await Offer.resolve_reference(info, id)
        if type_name == "Provider":
            return await Provider.resolve_reference(info, id)
        if type_name == "CourseRun":
            return await CourseRun.resolve_reference(info, id)
        if type_name == "Actor":
            return await Actor.resolve_reference(info, id)
        if type_name == "WorkingGroup":
            return await WorkingGroup.resolve_reference(info, id)
        if type_name == "Tie":
            return await Tie.resolve_reference(info, id)
        if type_name == "Location":
            row = await location_by_id(info.context).load(local)
            return Location.from_row(row) if row else None
        if type_name == "Pathway":
            pathway = await pathway_repository.get_readable(
                info.context.session, local, read_scope(info.context.actor)
            )
            return Pathway.from_row(pathway) if pathway else None
        return None
