"""The demo regions both services' demo data use: Sachsen-Anhalt, the city of Magdeburg with its
Stadtteile, and the neighbouring Landkreis Börde with some of its municipalities."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DemoRegion:
    ars: str
    name: str
    level: str  # state | district | municipality
    parent_ars: str | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class DemoArea:
    region_ars: str
    code: str
    name: str
    lat: float
    lon: float


SACHSEN_ANHALT = "150000000000"
MAGDEBURG = "150030000000"
BOERDE = "150830000000"

REGIONS: tuple[DemoRegion, ...] = (
    DemoRegion(SACHSEN_ANHALT, "Sachsen-Anhalt", "state", None, 51.95, 11.69),
    DemoRegion(MAGDEBURG, "Magdeburg", "district", SACHSEN_ANHALT, 52.1205, 11.6276),
    DemoRegion(BOERDE, "Landkreis Börde", "district", SACHSEN_ANHALT, 52.2, 11.4),
    DemoRegion("150830040040", "Barleben", "municipality", BOERDE, 52.2, 11.6167),
    DemoRegion("150830270270", "Haldensleben", "municipality", BOERDE, 52.2833, 11.4167),
    DemoRegion("150830440440", "Oschersleben (Bode)", "municipality", BOERDE, 52.0333, 11.2333),
    DemoRegion("150830557557", "Wanzleben-Börde", "municipality", BOERDE, 52.0667, 11.4333),
    DemoRegion("150830565565", "Wolmirstedt", "municipality", BOERDE, 52.25, 11.6333),
)

# Magdeburg's Stadtteile (codes are the city's own, as a city defines its areas itself).
AREAS: tuple[DemoArea, ...] = tuple(
    DemoArea(MAGDEBURG, f"{index:02d}", name, lat, lon)
    for index, (name, lat, lon) in enumerate(
        (
            ("Altstadt", 52.1300, 11.6350),
            ("Werder", 52.1280, 11.6520),
            ("Alte Neustadt", 52.1460, 11.6400),
            ("Neue Neustadt", 52.1560, 11.6320),
            ("Neustädter See", 52.1720, 11.6230),
            ("Kannenstieg", 52.1690, 11.6080),
            ("Neustädter Feld", 52.1560, 11.5980),
            ("Nordwest", 52.1450, 11.6050),
            ("Stadtfeld Ost", 52.1300, 11.6100),
            ("Stadtfeld West", 52.1290, 11.5850),
            ("Diesdorf", 52.1300, 11.5550),
            ("Olvenstedt", 52.1500, 11.5600),
            ("Sudenburg", 52.1120, 11.6130),
            ("Ottersleben", 52.0900, 11.5900),
            ("Lemsdorf", 52.1000, 11.6000),
            ("Leipziger Straße", 52.1050, 11.6300),
            ("Reform", 52.0900, 11.6200),
            ("Hopfengarten", 52.0800, 11.6300),
            ("Buckau", 52.1100, 11.6400),
            ("Fermersleben", 52.0950, 11.6550),
            ("Salbke", 52.0800, 11.6650),
            ("Westerhüsen", 52.0650, 11.6750),
            ("Brückfeld", 52.1250, 11.6700),
            ("Cracau", 52.1200, 11.6800),
            ("Prester", 52.1050, 11.6850),
            ("Rothensee", 52.1850, 11.6500),
        ),
        start=1,
    )
)

HALDENSLEBEN = "150830270270"
# Ortsteile of Haldensleben (Börde): a municipality inside the state-wide school leavers' study
# with areas of its own, so its report shows the study's released area cells. Codes carry the
# town's prefix: a study's area codes must not collide with Magdeburg's.
MUNICIPAL_AREAS: tuple[DemoArea, ...] = (
    DemoArea(HALDENSLEBEN, "HDL-1", "Haldensleben Kernstadt", 52.2870, 11.4110),
    DemoArea(HALDENSLEBEN, "HDL-2", "Althaldensleben", 52.2960, 11.4280),
    DemoArea(HALDENSLEBEN, "HDL-3", "Hundisburg", 52.2650, 11.4150),
    DemoArea(HALDENSLEBEN, "HDL-4", "Wedringen", 52.2560, 11.4550),
)
ALL_AREAS: tuple[DemoArea, ...] = AREAS + MUNICIPAL_AREAS
