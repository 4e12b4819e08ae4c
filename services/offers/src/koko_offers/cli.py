"""`koko-offers`: run the offers service alone."""

from __future__ import annotations

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.http.server import serve


def main() -> None:
    settings = OffersSettings()
    serve(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        header_read_timeout=settings.header_read_timeout_seconds,
        limit_concurrency=settings.limit_concurrency,
    )


if __name__ == "__main__":
    main()
