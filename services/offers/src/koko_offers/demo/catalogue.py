"""The demo catalogue of Magdeburg and the Landkreis Börde, gathered from its parts: providers,
locations, offers along the whole education chain with course runs over the next six months,
translations, and two pathways."""

from __future__ import annotations

from koko_offers.demo.entries import (
    LocationEntry,
    OfferEntry,
    PathwayEntry,
    PathwayStepEntry,
    ProviderEntry,
    RunEntry,
)
from koko_offers.demo.locations import LOCATIONS
from koko_offers.demo.offers_counselling import COUNSELLING_OFFERS
from koko_offers.demo.offers_education import EARLY_CHILDHOOD, SCHOOL
from koko_offers.demo.offers_language import LANGUAGE_COURSES
from koko_offers.demo.offers_leisure import LEISURE
from koko_offers.demo.offers_practice import PRACTICE
from koko_offers.demo.offers_work import HIGHER_EDUCATION, VOCATIONAL
from koko_offers.demo.pathways import PATHWAYS
from koko_offers.demo.providers import PROVIDERS

OFFERS: tuple[OfferEntry, ...] = (
    *EARLY_CHILDHOOD,
    *SCHOOL,
    *LANGUAGE_COURSES,
    *PRACTICE,
    *VOCATIONAL,
    *HIGHER_EDUCATION,
    *COUNSELLING_OFFERS,
    *LEISURE,
)

__all__ = [
    "LOCATIONS",
    "OFFERS",
    "PATHWAYS",
    "PROVIDERS",
    "LocationEntry",
    "OfferEntry",
    "PathwayEntry",
    "PathwayStepEntry",
    "ProviderEntry",
    "RunEntry",
]
