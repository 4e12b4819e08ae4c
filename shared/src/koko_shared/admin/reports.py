"""`koko-admin report monitoring`: fetch the council's monitoring report from the gateway's
public route (`GET /reports/monitoring`) with a coordinator's token and write it to a file, so
the same release gives the same figures from the command line as from the API."""

from __future__ import annotations

from pathlib import Path

import httpx

from koko_shared.admin.api_keys import AdminError

TIMEOUT_SECONDS = 300.0


def monitoring(
    *,
    gateway_url: str,
    token: str,
    region: str,
    study: str,
    release: str,
    on: str | None,
    output: str,
    language: str,
    out: Path,
    transport: httpx.BaseTransport | None = None,
) -> str:
    """Write the report to `out`; the release id it was made from is returned."""
    params = {"region": region, "study": study, "release": release, "format": output}
    params["lang"] = language
    if on:
        params["date"] = on
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, transport=transport) as client:
            response = client.get(
                f"{gateway_url.rstrip('/')}/reports/monitoring", params=params, headers=headers
            )
    except httpx.HTTPError as exc:
        raise AdminError(f"the gateway at {gateway_url} cannot be reached: {exc}") from exc
    if response.status_code != 200:
        detail = response.text[:500]
        if response.headers.get("content-type", "").startswith("application/problem+json"):
            body = response.json()
            detail = body.get("detail") or body.get("title") or detail
        raise AdminError(f"the report was refused ({response.status_code}): {detail}")
    out.write_bytes(response.content)
    return response.headers.get("x-koko-release", "")
