"""`python -m koko_offers.generator --offers 100000 --runs 500000 [--database-url URL] [--seed N]`:
fill a database with a synthetic catalogue (default: the offers service's own database, created
and migrated when missing). Adds to what is there, unless `--fresh` (drop and recreate first) or
`--reuse` (keep the database when it already holds this catalogue, else recreate it)."""

from __future__ import annotations

import argparse
import asyncio
import json

from sqlalchemy import make_url
from sqlalchemy.engine import URL

from koko_offers.app import SPEC
from koko_offers.generator.database import fill, forget_catalogue
from koko_offers.settings import OffersSettings
from koko_shared.database.url import server_url, with_asyncpg


def _default_url() -> URL:
    """`koko_offers` on the shared server as its admin: filling drops and creates the database,
    which the service's own role may not. The service hands it back to its role on its next
    start (koko_shared.database.roles)."""
    return server_url(OffersSettings().data_dir).set(database="koko_offers")


async def _add(url_text: str | None, offers: int, runs: int | None, seed: int) -> None:
    from koko_offers.generator import generate
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.database.migrate import upgrade_head
    from koko_shared.database.url import ensure_database

    url = with_asyncpg(make_url(url_text)) if url_text else _default_url()
    await ensure_database(url)
    await upgrade_head(SPEC.migrations_dir, url)
    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            summary = await generate(session, offers=offers, runs=runs, seed=seed)
    finally:
        await engine.dispose()
    await forget_catalogue(url)  # it no longer holds just the recorded catalogue
    print(summary)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m koko_offers.generator", description=__doc__)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument(
        "--runs", type=int, default=None, help="course runs in all (default ~1.1 per offer)"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database-url", default=None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fresh", action="store_true")
    mode.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    if not (args.fresh or args.reuse):
        asyncio.run(_add(args.database_url, args.offers, args.runs, args.seed))
        return
    url = with_asyncpg(make_url(args.database_url)) if args.database_url else _default_url()
    record = asyncio.run(
        fill(
            url,
            SPEC.migrations_dir,
            offers=args.offers,
            runs=args.runs,
            seed=args.seed,
            reuse=args.reuse,
        )
    )
    print(json.dumps(record))


if __name__ == "__main__":
    main()
