"""Search engines side by side: Koko's PostgreSQL search (tiers over GIN indexes, the code that
serves `offers(filter: {search})`) against an embedded tantivy index (BM25, fuzzy terms) built
from the same catalogue, on the text searches of a finder: top 20 and the count.

tantivy (PyPI, Rust bindings) is installed by this script into the throwaway folder
`.koko/bench-tantivy`, never into the product. Its index is built from the published offers of
the benchmark catalogue (`offers_search_bench.py` creates it): German title (stemmed), the parts
of the title's words (as PostgreSQL indexes them), everything else (translations, description,
provider, German labels), region district and CEFR level as keyword fields. A tantivy search
alone would not be the whole cost: the page's rows still come from PostgreSQL (and must be
re-checked there, since an index kept in sync through the outbox lags behind), so each tantivy
sample includes reading the 20 rows by id.

    .venv/bin/python tests/benchmarks/offers_search_engines_bench.py [--offers 100000 --runs 500000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from scratch import scratch_folder
from sqlalchemy import text

from koko_offers.generator.database import benchmark_database_name
from koko_offers.offer import counting
from koko_offers.offer.criteria import OfferCriteria, OfferOrder
from koko_offers.offer.search import search
from koko_offers.offer.search_text import prepare_search
from koko_offers.offer.visibility import PUBLIC_SCOPE
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.pagination import PageRequest
from koko_shared.testing.database import data_dir_for_tests

ROOT = Path(__file__).resolve().parents[2]
TANTIVY_DIR = ROOT / ".koko" / "bench-tantivy"
TANTIVY = "tantivy==0.27.0"
MAGDEBURG = "150030000000"


def _tantivy() -> Any:
    if not (TANTIVY_DIR / "tantivy").exists():
        uv = ROOT / ".tools" / "bin" / "uv"
        subprocess.run(
            [str(uv), "pip", "install", "--quiet", "--python", sys.executable, "--target",
             str(TANTIVY_DIR), TANTIVY],
            check=True,
        )  # fmt: skip
    sys.path.insert(0, str(TANTIVY_DIR))
    import tantivy

    return tantivy


@dataclass(frozen=True)
class Case:
    name: str
    search: str
    region: str | None = None
    level: str | None = None


CASES = [
    Case("kurs (a third of the catalogue)", "kurs"),
    Case("Deutschkurs (synonyms)", "Deutschkurs"),
    Case("курс (another language)", "курс"),
    Case("typo: Integrazionskurs", "Integrazionskurs"),
    Case("Sprachkurs Frauen, Magdeburg", "Sprachkurs Frauen", region=MAGDEBURG),
    Case("Integrationskurs, B1", "Integrationskurs", level="B1"),
    Case("narrow: Schwimmkurs Senioren", "Schwimmkurs Senioren"),
]

_ROWS = text(
    """
    SELECT o.id::text, o.title, o.title_key, koko_word_parts(o.title_key) AS parts,
           concat_ws(' ', o.description, p.name, c.label ->> 'de', ct.label ->> 'de',
               (SELECT string_agg(t.text, ' ') FROM translation AS t
                 WHERE t.entity = 'offer' AND t.entity_id = o.id)) AS body,
           left(o.region_ars, 5) AS district, coalesce(ct.target_level, '') AS level
      FROM offer AS o
      JOIN provider AS p ON p.id = o.provider_id
      JOIN category AS c ON c.code = o.category_code
      LEFT JOIN course_type AS ct ON ct.id = o.course_type_id
     WHERE o.status = 'published'
    """
)
_PAGE = text("SELECT id, title, provider_id, location_id FROM offer WHERE id = ANY(:ids)")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return (time.perf_counter() - started) * 1000


def build_index(tantivy: Any, rows: list[Any], folder: str) -> tuple[Any, Any]:
    german = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("german"))
        .build()
    )
    plain = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", tokenizer_name="german")
    builder.add_text_field("words", tokenizer_name="plain")
    builder.add_text_field("body", tokenizer_name="german")
    builder.add_text_field("district", tokenizer_name="raw")
    builder.add_text_field("level", tokenizer_name="raw")
    schema = builder.build()
    index = tantivy.Index(schema, path=folder)
    index.register_tokenizer("german", german)
    index.register_tokenizer("plain", plain)
    writer = index.writer(heap_size=200_000_000)
    for row in rows:
        writer.add_document(
            tantivy.Document(
                id=row.id,
                title=row.title,
                words=f"{row.title_key} {row.parts}",
                body=row.body or "",
                district=row.district,
                level=row.level,
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, schema


def _folder_megabytes(folder: str) -> float:
    return sum(f.stat().st_size for f in Path(folder).iterdir()) / 1e6


def tantivy_query(tantivy: Any, index: Any, schema: Any, case: Case, expansions: list[str]) -> Any:
    """Every word must match (title, word parts, body; a word of 6+ letters also with one typo,
    within two edits for 10+); synonym expansions are alternatives with their own boost."""
    occur = tantivy.Occur

    def word_query(word: str) -> Any:
        options = [
            (occur.Should, tantivy.Query.boost_query(index.parse_query(word, ["title"]), 3.0)),
            (occur.Should, tantivy.Query.term_query(schema, "words", word.lower())),
            (occur.Should, index.parse_query(word, ["body"])),
        ]
        if len(word) >= 6:
            distance = 2 if len(word) >= 10 else 1
            fuzzy = tantivy.Query.fuzzy_term_query(schema, "words", word.lower(), distance)
            options.append((occur.Should, fuzzy))
        return tantivy.Query.boolean_query(options)

    readings = [case.search, *expansions]
    alternatives = []
    for number, reading in enumerate(readings):
        words = [(occur.Must, word_query(w)) for w in reading.split()]
        boost = 1.0 if number == 0 else 2.0
        alternatives.append(
            (occur.Should, tantivy.Query.boost_query(tantivy.Query.boolean_query(words), boost))
        )
    clauses = [(occur.Must, tantivy.Query.boolean_query(alternatives))]
    if case.region:
        district = case.region[:5]
        clauses.append((occur.Must, tantivy.Query.term_query(schema, "district", district)))
    if case.level:
        clauses.append((occur.Must, tantivy.Query.term_query(schema, "level", case.level)))
    return tantivy.Query.boolean_query(clauses)


async def run(args: argparse.Namespace) -> None:
    tantivy = _tantivy()
    url = server_url(data_dir_for_tests()).set(
        database=benchmark_database_name(args.offers, args.runs, args.seed)
    )
    engine = create_engine(url, pool_size=2)
    maker = create_sessionmaker(engine)
    async with maker() as session:
        rows = list((await session.execute(_ROWS)).all())
    folder = str(scratch_folder("koko-tantivy-"))
    started = time.perf_counter()
    index, schema = build_index(tantivy, rows, folder)
    build_seconds = time.perf_counter() - started
    size_mb = _folder_megabytes(folder)
    searcher = index.searcher()
    print(
        f"tantivy index of {len(rows):,} published offers: {build_seconds:.1f} s, {size_mb:.0f} MB"
    )

    results: dict[str, dict[str, list[float]]] = {c.name: {"pg": [], "tv": []} for c in CASES}
    counts: dict[str, tuple[int, int]] = {}
    loads = [os.getloadavg()[0]]

    async def postgres(case: Case) -> int:
        criteria = OfferCriteria(
            search=case.search, region_ars=case.region, levels=[case.level] if case.level else ()
        )
        async with maker() as session, session.begin():
            prepared = await prepare_search(session, criteria.search)
            await search(
                session, criteria, PUBLIC_SCOPE, order=OfferOrder.RELEVANCE,
                request=PageRequest(size=20), text=prepared,
            )  # fmt: skip
            total = await counting.count_offers(session, criteria, PUBLIC_SCOPE, prepared)
        return total.value

    async def expansions(case: Case) -> list[str]:
        async with maker() as session, session.begin():
            prepared = await prepare_search(session, case.search)
        assert prepared is not None
        literal = tuple(w for w in case.search.lower().split())
        return [" ".join(r.words) for r in prepared.readings if r.words != literal]

    readings = {c.name: await expansions(c) for c in CASES}

    async def with_tantivy(case: Case) -> int:
        query = tantivy_query(tantivy, index, schema, case, readings[case.name])
        found = searcher.search(query, limit=20, count=True)
        ids = [searcher.doc(address)["id"][0] for _, address in found.hits]
        async with maker() as session:  # the page's rows, from the system of record
            await session.execute(_PAGE, {"ids": ids})
        return int(found.count)

    for case in CASES:  # warm-up, and the counts each engine reports
        for _ in range(2):
            pg_count = await postgres(case)
            tv_count = await with_tantivy(case)
        counts[case.name] = (pg_count, tv_count)
    for _ in range(args.rounds):
        for case in CASES:
            results[case.name]["pg"].append(await timed(partial(postgres, case)))
            results[case.name]["tv"].append(await timed(partial(with_tantivy, case)))
        loads.append(os.getloadavg()[0])
    await engine.dispose()
    print(
        f"{args.rounds} rounds; load average (1 min) min {min(loads):.2f}, median "
        f"{statistics.median(loads):.2f}, max {max(loads):.2f}"
    )
    print(
        "| search | PostgreSQL p50 / p95 ms | tantivy + rows p50 / p95 ms "
        "| count PostgreSQL | count tantivy |"
    )
    print("|---|---:|---:|---:|---:|")
    for case in CASES:
        pg, tv = results[case.name]["pg"], results[case.name]["tv"]
        pg_count, tv_count = counts[case.name]
        print(
            f"| {case.name} | {statistics.median(pg):.1f} / {percentile(pg, 0.95):.1f} "
            f"| {statistics.median(tv):.1f} / {percentile(tv, 0.95):.1f} "
            f"| {pg_count:,} | {tv_count:,} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=20)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
