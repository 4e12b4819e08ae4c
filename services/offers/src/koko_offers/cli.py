"""`koko-offers`: run the offers service alone."""

from __future__ import annotations

import uvicorn

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings


def main() -> None:
    settings = OffersSettings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")


if __name__ == "__main__":
    main()
