"""What a caller sees of a region's network. Coordinators of the region (and admins) see all of
it; everybody else sees what the region published (actors, groups and ties marked published,
a tie only when both its ends are visible); a provider also sees its own actor entry and the ties
it takes part in. Meetings and follow-ups are never public."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from koko_offers.actor.models import Actor as ActorRow
from koko_offers.authorization import acts_for_provider, is_coordinator
from koko_offers.offer.visibility import read_scope
from koko_offers.tie.models import Tie
from koko_offers.working_group.models import WorkingGroup
from koko_shared.auth.actor import Actor


@dataclass(frozen=True, slots=True)
class NetworkView:
    region_ars: str
    full: bool
    # Providers the caller acts for in this region (their actor entries are visible to it).
    own_provider_ids: frozenset[UUID] = frozenset()

    @property
    def label(self) -> str:
        """For caches and file names: which view a rendering shows."""
        if self.full:
            return "full"
        if self.own_provider_ids:
            return "provider:" + ",".join(sorted(str(p) for p in self.own_provider_ids))
        return "public"

    def sees_actor(self, row: ActorRow) -> bool:
        return self.full or row.published or row.provider_id in self.own_provider_ids

    def owns_actor(self, row: ActorRow) -> bool:
        return row.provider_id is not None and row.provider_id in self.own_provider_ids

    def sees_contact_person(self, row: ActorRow) -> bool:
        """A named contact person and their consent: the region's coordinators and the actor."""
        return self.full or self.owns_actor(row)

    def sees_group(self, row: WorkingGroup) -> bool:
        return self.full or row.published

    def sees_tie(
        self, tie: Tie, actors: dict[UUID, ActorRow], groups: dict[UUID, WorkingGroup]
    ) -> bool:
        """`actors`/`groups`: the rows the tie's ends may be among (visible or not)."""
        ends_visible = self._end_visible(tie.source_actor_id, actors) and (
            self._end_visible(tie.target_actor_id, actors)
            if tie.target_actor_id is not None
            else tie.working_group_id in groups and self.sees_group(groups[tie.working_group_id])
        )
        if self.full:
            return ends_visible
        own = any(
            actor_id in actors and self.owns_actor(actors[actor_id])
            for actor_id in (tie.source_actor_id, tie.target_actor_id)
            if actor_id is not None
        )
        return ends_visible and (tie.published or own)

    def _end_visible(self, actor_id: UUID | None, actors: dict[UUID, ActorRow]) -> bool:
        return actor_id in actors and self.sees_actor(actors[actor_id])  # type: ignore[index]


def network_view(actor: Actor, region_ars: str) -> NetworkView:
    if is_coordinator(actor, region_ars):
        return NetworkView(region_ars, full=True)
    own = frozenset(
        provider_id
        for provider_id in read_scope(actor).provider_ids
        if acts_for_provider(actor, region_ars, provider_id)
    )
    return NetworkView(region_ars, full=False, own_provider_ids=own)


def visible_ids(view: NetworkView, rows: Iterable[ActorRow]) -> set[UUID]:
    return {row.id for row in rows if view.sees_actor(row)}
