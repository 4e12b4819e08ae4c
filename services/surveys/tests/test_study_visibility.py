"""Which studies an actor sees is decided in SQL, once (so lists page and count in the
database, and single studies load through the same condition): for every kind of actor and
study, lists, counts and lookups by id show what the rule says, written out here by hand."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.auth.actor import ALL_REGIONS, Actor, Grant, Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG, SACHSEN_ANHALT
from koko_shared.graphql.ids import to_global_id
from koko_shared.pagination import PageRequest
from koko_surveys.study import repository, service
from koko_surveys.study.models import Study

HALDENSLEBEN = "150830270270"


def _study(code: str, region: str, *, public: bool = False) -> Study:
    return Study(region_ars=region, code=code, title={}, kind="intake", aggregates_public=public)


# Who sees which of the studies below: public aggregates to everyone; a region's analysts and
# coordinators its studies, those inside it and those covering it; integrators the studies their
# grant names inside the grant's region.
EXPECTED = {
    "public": ["md-public"],
    "analyst of Magdeburg": ["land", "md", "md-public"],
    "coordinator of the Börde": ["boerde", "haldensleben", "land", "md-public"],
    "coordinator of Haldensleben": ["boerde", "haldensleben", "land", "md-public"],
    "analyst of the state": ["boerde", "haldensleben", "land", "md", "md-public"],
    "admin": ["boerde", "haldensleben", "land", "md", "md-public"],
    "integrator by code": ["md", "md-public"],
    "integrator by id": ["md", "md-public"],
    "integrator by global id": ["md", "md-public"],
    "integrator elsewhere": ["md-public"],
    "provider": ["md-public"],
}


async def test_every_role_sees_the_studies_the_rule_says(session: AsyncSession) -> None:
    # given studies of a state, two districts and a town, public and internal
    studies = [
        _study("land", SACHSEN_ANHALT),
        _study("md", MAGDEBURG),
        _study("md-public", MAGDEBURG, public=True),
        _study("boerde", BOERDE),
        _study("haldensleben", HALDENSLEBEN),
    ]
    session.add_all(studies)
    await session.flush()
    named = studies[1]
    actors = {
        "public": Actor("public"),
        "analyst of Magdeburg": Actor("a", (Grant(Role.ANALYST, MAGDEBURG),)),
        "coordinator of the Börde": Actor("c", (Grant(Role.COORDINATOR, BOERDE),)),
        "coordinator of Haldensleben": Actor("h", (Grant(Role.COORDINATOR, HALDENSLEBEN),)),
        "analyst of the state": Actor("s", (Grant(Role.ANALYST, SACHSEN_ANHALT),)),
        "admin": Actor("x", (Grant(Role.ADMIN, ALL_REGIONS),)),
        "integrator by code": Actor("i", (Grant(Role.INTEGRATOR, MAGDEBURG, studies=("md",)),)),
        "integrator by id": Actor(
            "j", (Grant(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(str(named.id),)),)
        ),
        "integrator by global id": Actor(
            "k",
            (Grant(Role.INTEGRATOR, MAGDEBURG, studies=(to_global_id("Study", named.id),)),),
        ),
        "integrator elsewhere": Actor("l", (Grant(Role.INTEGRATOR, BOERDE, studies=("md",)),)),
        "provider": Actor("p", (Grant(Role.PROVIDER, MAGDEBURG, organization="x"),)),
    }
    ours = {s.id for s in studies}
    for name, actor in actors.items():
        # when
        page = await repository.visible_page(
            session, actor, region_ars=None, request=PageRequest(size=100)
        )
        count = await repository.count_visible(session, actor, region_ars=None)
        one_by_one = [
            s.code for s in studies if await service.find_visible_study(session, actor, s.id)
        ]
        # then: the list, the count and each lookup by id agree with the rule
        seen = sorted(s.code for s in page.rows if s.id in ours)
        assert seen == EXPECTED[name], name
        assert sorted(one_by_one) == EXPECTED[name], name
        assert count - len(page.rows) == 0, name


async def test_studies_of_a_region_include_larger_studies_covering_it(
    session: AsyncSession,
) -> None:
    # given
    studies = [
        _study("land", SACHSEN_ANHALT, public=True),
        _study("boerde", BOERDE, public=True),
        _study("haldensleben", HALDENSLEBEN, public=True),
        _study("md", MAGDEBURG, public=True),
    ]
    session.add_all(studies)
    await session.flush()
    # when
    rows = await repository.visible_for_region(session, Actor("public"), BOERDE)
    # then: the Börde's own, the town's inside it and the state's covering it; not Magdeburg's
    ours = {s.id for s in studies}
    assert [s.code for s in rows if s.id in ours] == ["boerde", "haldensleben", "land"]
