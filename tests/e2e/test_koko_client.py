"""`koko-client submit` against the real system: an integration script reads the wave's codebook,
writes a CSV as German Excel saves it and posts it through the gateway with the command line
client; dry run, partial, a replay under the same Idempotency-Key and a refused atomic batch
each print their rows and exit by outcome."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import from_global_id
from tests.e2e.conftest import System

pytestmark = pytest.mark.e2e

SACHSEN_ANHALT = "150000000000"
EXAMPLES = Path(__file__).resolve().parents[2] / "clients" / "koko-client" / "examples"
STUDIES = """{ studies { edges { node { id code waves {
  id code fieldOpensDate fieldClosesDate closed } } } } }"""


async def _open_wave(system: System) -> tuple[str, str]:
    """The demo school leavers' study and a wave of it open today (ids as REST prints them)."""
    admin = system.tokens.for_role(Role.ADMIN, "*")
    data = await system.subgraph("surveys", STUDIES, headers=admin)
    today = date.today().isoformat()
    for edge in data["studies"]["edges"]:
        study = edge["node"]
        if study["code"] != "verbleib-schulabgaenger":
            continue
        for wave in study["waves"]:
            if not wave["closed"] and wave["fieldOpensDate"] <= today <= wave["fieldClosesDate"]:
                return str(from_global_id(study["id"])[1]), str(from_global_id(wave["id"])[1])
    raise AssertionError("the demo has no open wave of the school leavers' study")


def _excel_csv(codebook: dict[str, Any], rows: list[dict[str, str]]) -> bytes:
    version = codebook["instrumentVersions"][0]["reference"]
    yesterday = date.today() - timedelta(days=1)
    header = [
        "submission_id",
        "subject",
        "instrument_version",
        "submitted_at",
        "sex",
        "consent_scopes",
        "consent_text_version",
        "consent_legal_basis",
        "consent_given_at",
        "destination",
        "satisfaction",
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for cells in rows:
        row = {
            "subject": hashlib.sha256(cells["submission_id"].encode()).hexdigest(),
            "instrument_version": version,
            "submitted_at": f"{yesterday:%d.%m.%Y} 10:00",
            "sex": "w",
            "consent_scopes": " ".join(codebook["consents"]["required"]),
            "consent_text_version": "v1",
            "consent_legal_basis": "consent",
            "consent_given_at": "10.01.2025 09:30",
            "destination": "training",
            "satisfaction": "4,5",
            **cells,
        }
        writer.writerow([row[c] for c in header])
    return out.getvalue().encode("cp1252")


def _run(system: System, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _command(system, token, "submit", *args)


def _command(system: System, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "koko_client.cli", *args]
    command += ["--url", system.gateway.url]
    env = {**os.environ, "KOKO_TOKEN": token}
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


async def test_koko_client_submits_a_german_excel_csv_through_the_gateway(
    system: System, tmp_path: Path
) -> None:
    # given the codebook of an open wave, read by an integrator of the study
    study_id, wave_id = await _open_wave(system)
    headers = system.tokens.for_role(
        Role.INTEGRATOR, SACHSEN_ANHALT, studies=(study_id,), subject="e2e-koko-client"
    )
    token = headers["Authorization"].removeprefix("Bearer ")
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(
            f"{system.gateway.url}/v1/studies/{study_id}/waves/{wave_id}/codebook",
            headers=headers,
        )
    assert response.status_code == 200, response.text
    codebook = response.json()
    # and a CSV of two good rows and one whose scale value is out of range
    batch = tmp_path / "verbleib.csv"
    batch.write_bytes(
        _excel_csv(
            codebook,
            [
                {"submission_id": "e2e-client-1"},
                {"submission_id": "e2e-client-2", "sex": "m", "satisfaction": "2"},
                {"submission_id": "e2e-client-3", "satisfaction": "9"},
            ],
        )
    )
    ids = ["--study", study_id, "--wave", wave_id]

    # when: a dry run
    dry = _run(system, token, str(batch), *ids, "--idempotency-key", "e2e-1-dry", "--dry-run")
    # then: every row's verdict, nothing stored, exit 1 (a row failed)
    assert dry.returncode == 1, dry.stderr
    assert "answers.satisfaction" in dry.stdout and "dry_run:" in dry.stdout

    # when: the batch in partial mode, then the same again (a retry of the script)
    first = _run(system, token, str(batch), *ids, "--idempotency-key", "e2e-1")
    again = _run(system, token, str(batch), *ids, "--idempotency-key", "e2e-1")
    # then: two rows stored, the third rejected; the retry replays the answer
    assert first.returncode == again.returncode == 1, first.stderr
    assert "2 created" in first.stdout and "1 rejected" in first.stdout
    assert "replayed" in again.stderr and "2 created" in again.stdout

    # when: an atomic batch with the failing row under a new key
    atomic = _run(system, token, str(batch), *ids, "--idempotency-key", "e2e-2", "--mode", "atomic")
    # then: refused as a whole (exit 2), with the rows shown
    assert atomic.returncode == 2, atomic.stdout + atomic.stderr
    assert "BATCH_REJECTED" in atomic.stderr and "answers.satisfaction" in atomic.stdout

    # and the integrator reads back exactly the two stored rows, as German Excel meant them
    listed = _command(system, token, "submissions", "--study", study_id, "--wave", wave_id)
    assert listed.returncode == 0, listed.stderr
    assert "e2e-client-1" in listed.stdout and "e2e-client-2" in listed.stdout
    assert "e2e-client-3" not in listed.stdout and "2 submissions" in listed.stdout
    async with httpx.AsyncClient(timeout=30) as client:
        one = await client.get(
            f"{system.gateway.url}/v1/studies/{study_id}/submissions/e2e-client-1",
            headers=headers,
        )
    assert one.json()["attributes"]["sex"] == "f"
    assert one.json()["answers"]["satisfaction"] == 4.5


def test_a_usage_mistake_exits_64_without_a_request(tmp_path: Path) -> None:
    batch = tmp_path / "rows.xlsx"
    batch.write_bytes(b"not a batch")
    command = [sys.executable, "-m", "koko_client.cli", "submit", str(batch)]
    args = ["--study", "s", "--wave", "w", "--idempotency-key", "k", "--token", "t"]
    result = subprocess.run(command + args, capture_output=True, text=True, timeout=60)
    assert result.returncode == 64
    assert ".csv, .json, .ndjson or .jsonl" in result.stderr


async def test_the_readme_example_file_is_accepted_by_the_demo(system: System) -> None:
    # given the example batch the README posts to the demo's open wave
    study_id, wave_id = await _open_wave(system)
    headers = system.tokens.for_role(
        Role.INTEGRATOR, SACHSEN_ANHALT, studies=(study_id,), subject="e2e-readme"
    )
    token = headers["Authorization"].removeprefix("Bearer ")
    # when it is checked as the README does
    result = _run(
        system,
        token,
        str(EXAMPLES / "verbleib-followup.csv"),
        *("--study", study_id, "--wave", wave_id),
        *("--idempotency-key", "readme-example", "--dry-run"),
    )
    # then every row would be stored
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 created" in result.stdout
    # and the codebook the README fetches names the example's instrument version
    codebook = _command(system, token, "codebook", "--study", study_id, "--wave", wave_id, "--csv")
    assert codebook.returncode == 0, codebook.stderr
    assert "verbleib@1;destination;select_one;yes" in codebook.stdout
    foreign = _command(system, token, "codebook", "--study", study_id, "--wave", study_id)
    assert foreign.returncode == 2 and "404" in foreign.stderr
