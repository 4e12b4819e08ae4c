"""The shapes of the demo catalogue's entries (providers, locations, offers, course runs,
pathways) and the Börde municipalities they are placed in."""

from __future__ import annotations

from dataclasses import dataclass, field

BARLEBEN = "150830040040"
HALDENSLEBEN = "150830270270"
OSCHERSLEBEN = "150830440440"
WANZLEBEN = "150830557557"
WOLMIRSTEDT = "150830565565"

# The languages every language course and counselling offer is translated into.
TRANSLATED_LANGUAGES = ("en", "ar", "uk", "fa")


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    slug: str
    region_ars: str
    name: str
    kind: str
    description: str
    bamf_provider_number: str | None = None


@dataclass(frozen=True, slots=True)
class LocationEntry:
    slug: str
    provider: str
    name: str
    street: str
    postal_code: str
    city: str
    lat: float
    lon: float
    area_code: str | None = None  # Magdeburg's Stadtteil
    barrier_free: bool | None = True
    transit_note: str | None = None
    appointment_only: bool = False


@dataclass(frozen=True, slots=True)
class RunEntry:
    """A course run starting on `weekday` (1 = Monday) of the ISO week `week` weeks after the
    current one: runs in the same week stay in the same ISO week whatever day today is, so the
    clashes and gaps of course planning do not depend on the weekday the demo is loaded."""

    week: int
    capacity: int | None = 20
    booked: int = 12
    time_of_day: str = "part_time"
    status: str = "open"
    weeks: int = 26  # length, for the end date
    childcare: bool = False
    waitlist: int = 0
    weekday: int = 1


@dataclass(frozen=True, slots=True)
class OfferEntry:
    slug: str
    provider: str
    location: str | None
    category: str
    title: str
    description: str
    course_type: str | None = None
    target_groups: tuple[str, ...] = ("adults",)
    residence_statuses: tuple[str, ...] = ("any",)
    instruction_languages: tuple[str, ...] = ("de",)
    support_languages: tuple[str, ...] = ()
    cost_options: tuple[str, ...] = ("free",)
    childcare: bool = False
    format: str = "in_person"
    min_age: int | None = None
    max_age: int | None = None
    eligibility_note: str | None = None
    fee_note: str | None = None
    runs: tuple[RunEntry, ...] = ()
    # {language: (title, description)}; translations made without review are marked as such.
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)
    status: str = "published"


@dataclass(frozen=True, slots=True)
class PathwayStepEntry:
    title: str
    note: str
    categories: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    conditions: str | None = None


@dataclass(frozen=True, slots=True)
class PathwayEntry:
    slug: str
    region_ars: str
    title: str
    description: str
    goal: str
    steps: tuple[PathwayStepEntry, ...]
