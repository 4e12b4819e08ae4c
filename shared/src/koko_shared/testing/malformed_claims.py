"""Token claims that do not describe a valid actor (issue 8.4): each must be a 401 with a clear
message at the gateway and at every subgraph, never a 500 and never a wider grant."""

from __future__ import annotations

from typing import Any

MAGDEBURG = "150030000000"

# (label, claims, words the refusal must contain)
MALFORMED_CLAIMS: list[tuple[str, dict[str, Any], str]] = [
    ("grants as a string", {"sub": "x", "koko_grants": "coordinator"}, "must be a list"),
    ("grants as an object", {"sub": "x", "koko_grants": {"role": "admin"}}, "must be a list"),
    ("grant as a string", {"sub": "x", "koko_grants": ["coordinator"]}, "must be an object"),
    (
        "unknown role",
        {"sub": "x", "koko_grants": [{"role": "superuser", "region": MAGDEBURG}]},
        "unknown role",
    ),
    ("grant without region", {"sub": "x", "koko_grants": [{"role": "coordinator"}]}, "no region"),
    (
        "empty region",
        {"sub": "x", "koko_grants": [{"role": "coordinator", "region": ""}]},
        "no region",
    ),
    (
        "region not an ARS",
        {"sub": "x", "koko_grants": [{"role": "coordinator", "region": "15003"}]},
        "not a Regionalschlüssel",
    ),
    (
        "region of no state",
        {"sub": "x", "koko_grants": [{"role": "coordinator", "region": "990030000000"}]},
        "not a Regionalschlüssel",
    ),
    (
        "all regions for a non-admin",
        {"sub": "x", "koko_grants": [{"role": "coordinator", "region": "*"}]},
        "only admin",
    ),
    (
        "region as a number",
        {"sub": "x", "koko_grants": [{"role": "coordinator", "region": 150030000000}]},
        "no region",
    ),
    (
        "studies as a string",
        {"sub": "x", "koko_grants": [{"role": "analyst", "region": MAGDEBURG, "studies": "s1"}]},
        "studies",
    ),
    ("subject missing", {"koko_grants": []}, "subject"),
]
