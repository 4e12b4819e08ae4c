"""Request bodies of the surveys ingest benchmark: 100,000 submissions of the Verbleib
instrument as JSON, NDJSON or CSV (see surveys_ingest_bench.py)."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import orjson

from koko_shared.demo_regions import AREAS, MAGDEBURG

K1 = b"bench-k1"
DESTINATIONS = ["school", "prep", "training", "university", "work", "searching"]


def rows(count: int, version: str, wave: str, people: str = "person") -> list[dict[str, Any]]:
    """`count` submissions of distinct subjects (`people` names the set: each format ingests
    subjects of its own, so every format pays for inserting its subjects and consents)."""
    result = []
    for n in range(count):
        area = AREAS[n % len(AREAS)].code
        result.append(
            {
                "submissionId": f"{wave}-{n}",
                "subject": hmac.new(K1, f"{people}-{n}".encode(), hashlib.sha256).hexdigest(),
                "instrumentVersion": version,
                "attributes": {
                    "regionArs": MAGDEBURG,
                    "areaCode": area,
                    "sex": "fm"[n % 2],
                    "birthYear": 2004 + n % 5,
                    "originGroup": ("SYR", "UKR", "AFG")[n % 3],
                },
                "consents": [
                    {
                        "scope": "participation",
                        "textVersion": "v1",
                        "legalBasis": "consent",
                        "givenAt": "2025-01-01T00:00:00Z",
                    }
                ],
                "answers": {
                    "destination": DESTINATIONS[n % 6],
                    "certificate": "rsa",
                    "german_level": "B1",
                    "months_in_germany": 12 + n % 50,
                },
            }
        )
    return result


FORMATS = ("json", "ndjson", "csv")
CONTENT_TYPES = {"json": "application/json", "ndjson": "application/x-ndjson", "csv": "text/csv"}
CSV_ANSWERS = ("destination", "certificate", "german_level", "months_in_germany")
CSV_HEADER = (
    "submission_id,subject,instrument_version,region_ars,area_code,sex,birth_year,origin_group,"
    "consent_scopes,consent_text_version,consent_legal_basis,consent_given_at,"
    + ",".join(CSV_ANSWERS)
)


def encode(batch: list[dict[str, Any]], kind: str) -> bytes:
    """One request body of `batch` in the format `kind`."""
    if kind == "json":
        return orjson.dumps(batch)
    if kind == "ndjson":
        return b"\n".join(orjson.dumps(row) for row in batch) + b"\n"
    lines = [CSV_HEADER]
    for row in batch:
        a, c, answers = row["attributes"], row["consents"][0], row["answers"]
        cells = [
            row["submissionId"],
            row["subject"],
            row["instrumentVersion"],
            a["regionArs"],
            a["areaCode"],
            a["sex"],
            str(a["birthYear"]),
            a["originGroup"],
            c["scope"],
            c["textVersion"],
            c["legalBasis"],
            c["givenAt"],
            *(str(answers[name]) for name in CSV_ANSWERS),
        ]
        lines.append(",".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode()
