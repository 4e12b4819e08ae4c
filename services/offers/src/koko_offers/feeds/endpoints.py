"""All partner feed routes (HSDS, iCalendar, JSON-LD, GeoJSON, the actor network) as one router
for the app."""

from __future__ import annotations

from fastapi import APIRouter

from koko_offers.feeds.geojson import router as geojson_router
from koko_offers.feeds.ical import router as ical_router
from koko_offers.feeds.jsonld import router as jsonld_router
from koko_offers.hsds.endpoints import router as hsds_router
from koko_offers.hsds.taxonomy_endpoints import router as hsds_taxonomy_router
from koko_offers.network.endpoints import router as network_router

feeds_router = APIRouter()
feeds_router.include_router(hsds_router)
feeds_router.include_router(hsds_taxonomy_router)
feeds_router.include_router(ical_router)
feeds_router.include_router(jsonld_router)
feeds_router.include_router(geojson_router)
feeds_router.include_router(network_router)
