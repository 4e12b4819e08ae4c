"""All partner feed routes (HSDS, iCalendar, JSON-LD) as one router for the app."""

from __future__ import annotations

from fastapi import APIRouter

from koko_offers.feeds.hsds.router import router as hsds_router

feeds_router = APIRouter()
feeds_router.include_router(hsds_router)
