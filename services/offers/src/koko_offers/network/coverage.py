"""Coverage of the fields of action by area: for each field of action in force on the day and
each area of the region (its Stadtteile, else its municipalities, else the region as a whole),
the actors working in that field that serve the area. An empty cell is a gap ("who covers
language for parents in Neue Neustadt?" — nobody). `Coverage.as_dict()` is the stable form a
report stores beside its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.actor.models import Actor
from koko_offers.field_of_action import repository as field_repository
from koko_offers.network.service import Snapshot
from koko_offers.region import repository as region_repository


@dataclass(frozen=True, slots=True)
class CoverageArea:
    code: str  # area code, or the municipality's / region's ARS
    name: str
    kind: str  # area | municipality | region


@dataclass(frozen=True, slots=True)
class CoverageField:
    code: str
    labels: dict[str, str]


@dataclass(frozen=True, slots=True)
class Coverage:
    region_ars: str
    region_name: str
    on: date
    target_group: str | None
    view: str  # full | public | provider:...
    fields: list[CoverageField]
    areas: list[CoverageArea]
    # (field code, area code) -> ids of the actors covering it, by name
    cells: dict[tuple[str, str], list[UUID]]
    names: dict[UUID, str]

    @property
    def gaps(self) -> list[tuple[str, str]]:
        return [key for key, actors in self.cells.items() if not actors]

    @property
    def covered_share(self) -> float:
        """Share of (field, area) cells with at least one actor; 0 without cells."""
        return (len(self.cells) - len(self.gaps)) / len(self.cells) if self.cells else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "regionArs": self.region_ars,
            "regionName": self.region_name,
            "on": self.on.isoformat(),
            "targetGroup": self.target_group,
            "view": self.view,
            "fields": [{"code": f.code, "labels": f.labels} for f in self.fields],
            "areas": [{"code": a.code, "name": a.name, "kind": a.kind} for a in self.areas],
            "cells": [
                {
                    "field": field,
                    "area": area,
                    "actors": [{"id": str(a), "name": self.names[a]} for a in actors],
                }
                for (field, area), actors in self.cells.items()
            ],
            "coveredShare": round(self.covered_share, 4),
        }


def serves(actor: Actor, area: CoverageArea) -> bool:
    if not (actor.area_codes or actor.municipality_ars):
        return True
    if area.kind == "area":
        return area.code in actor.area_codes
    return area.code in actor.municipality_ars


def works_with(actor: Actor, target_group: str | None) -> bool:
    return target_group is None or not actor.target_groups or target_group in actor.target_groups


async def areas_of(session: AsyncSession, snapshot: Snapshot) -> list[CoverageArea]:
    region = snapshot.region
    areas = (await region_repository.areas_of(session, [region.ars]))[region.ars]
    result = [CoverageArea(a.code, a.name, "area") for a in areas]
    result += [
        CoverageArea(m.ars, m.name, "municipality")
        for m in await region_repository.children(session, region.ars)
        if m.level == "municipality"
    ]
    return result or [CoverageArea(region.ars, region.name, "region")]


async def coverage(
    session: AsyncSession,
    snapshot: Snapshot,
    *,
    target_group: str | None = None,
    field_codes: list[str] | None = None,
    area_codes: list[str] | None = None,
) -> Coverage:
    fields = [
        CoverageField(row.code, dict(row.label))
        for row in await field_repository.valid_on(session, snapshot.on)
        if field_codes is None or row.code in field_codes
    ]
    areas = [
        a for a in await areas_of(session, snapshot) if area_codes is None or a.code in area_codes
    ]
    actors = sorted(snapshot.actors, key=lambda a: (snapshot.name_of(a).lower(), a.id))
    cells = {
        (field.code, area.code): [
            actor.id
            for actor in actors
            if field.code in actor.fields_of_action
            and serves(actor, area)
            and works_with(actor, target_group)
        ]
        for field in fields
        for area in areas
    }
    return Coverage(
        region_ars=snapshot.region.ars,
        region_name=snapshot.region.name,
        on=snapshot.on,
        target_group=target_group,
        view=snapshot.view.label,
        fields=fields,
        areas=areas,
        cells=cells,
        names={a.id: snapshot.name_of(a) for a in actors},
    )
