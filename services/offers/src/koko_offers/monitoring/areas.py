"""Which released area cells belong to the report's region when the study covers a larger one.

Released figures cover the study's whole region; the public API does not narrow them (only the
cells a release stored are public). When the table plan releases an AREA breakdown, some of its
cells are areas (Stadtteile, Ortsteile, Sozialräume) the catalogue defines in the report's region
or in a municipality inside it: those cells are the report region's, as released, with their
signs. An area code is attributed to the report's region only when no region outside it inside
the study's region defines the same code (codes are unique per region, not per study)."""

from __future__ import annotations

from dataclasses import dataclass

from koko_offers.monitoring.gateway import PublicApi
from koko_shared.auth.actor import ars_prefix
from koko_shared.errors import InvalidInput

AREAS = """query MonitoringStudyRegion($ars: String!) {
  region(ars: $ars) { ars name areas { code name } }
  regions(parentArs: $ars) { ars name areas { code name } }
}"""

# The regions inside the study region's children (a state's districts' municipalities), asked
# in one request with one alias per child.
GRANDCHILDREN = "query MonitoringStudyRegionParts {{ {parts} }}"
PART = 'r{index}: regions(parentArs: "{ars}") {{ ars name areas {{ code name }} }}'


@dataclass(frozen=True, slots=True)
class StudyRegion:
    ars: str
    name: str
    # area code -> the regions inside the study region that define it, with the area's name
    owners: dict[str, list[tuple[str, str]]]


def inside(ars: str, region_ars: str) -> bool:
    """Whether `ars` is `region_ars` or a region inside it."""
    return ars_prefix(ars).startswith(ars_prefix(region_ars))


def check_covers(study_region_ars: str, region_ars: str) -> None:
    """A study of another region has nothing to say about this one (422)."""
    if not inside(region_ars, study_region_ars) and not inside(study_region_ars, region_ars):
        raise InvalidInput(
            "the study covers another region than the report's; choose a study of this region",
            field="study",
        )


async def study_region(api: PublicApi, study_region_ars: str) -> StudyRegion:
    """The study's region with every area defined inside it (two requests at most)."""
    data = await api.ask(AREAS, {"ars": study_region_ars})
    top = data["region"] or {"ars": study_region_ars, "name": study_region_ars, "areas": []}
    regions = [top, *data["regions"]]
    children = [r["ars"] for r in data["regions"]]
    if children:
        parts = " ".join(PART.format(index=i, ars=ars) for i, ars in enumerate(children))
        deeper = await api.ask(GRANDCHILDREN.format(parts=parts), {})
        regions += [region for found in deeper.values() for region in found]
    owners: dict[str, list[tuple[str, str]]] = {}
    for region in regions:
        for area in region["areas"]:
            owners.setdefault(area["code"], []).append((region["ars"], area["name"]))
    return StudyRegion(top["ars"], top["name"], owners)


def areas_of(study: StudyRegion, region_ars: str) -> dict[str, str]:
    """Area code -> name of the areas that are the report region's alone."""
    return {
        code: regions[0][1]
        for code, regions in study.owners.items()
        if all(inside(ars, region_ars) for ars, _name in regions)
    }
