"""The demo's machine keys (integrator, partner) stay the same across `make run` restarts on one
installation, differ between installations, and the keys file holds each once."""

from __future__ import annotations

import json
from pathlib import Path

from koko_shared.admin import demo
from koko_shared.auth.tokens import hash_api_key

MACHINES = ("integrator API key (demo studies)", "partner API key (Jobcenter feed)")


def _credentials(data_dir: Path, study_ids: list[str]) -> dict[str, str]:
    return demo.credentials(
        data_dir / "dev-idp",
        issuer="https://idp.test/koko",
        audience="koko",
        api_keys_file=data_dir / "dev-idp" / "api-keys.json",
        provider_id="provider-1",
        study_ids=study_ids,
    )


def test_demo_keys_survive_a_restart_and_follow_the_demo_studies(tmp_path: Path) -> None:
    # given a first start
    first = _credentials(tmp_path, ["study-a"])
    # when the demo starts again (the studies' ids may differ in the grant)
    again = _credentials(tmp_path, ["study-a", "study-b"])
    # then the machine keys are the same; the keys file holds each once with the new grant
    assert [first[label] for label in MACHINES] == [again[label] for label in MACHINES]
    keys = json.loads((tmp_path / "dev-idp" / "api-keys.json").read_text())
    demo_entries = {d: e for d, e in keys.items() if e["subject"].startswith("demo-")}
    assert set(demo_entries) == {hash_api_key(again[label]) for label in MACHINES}
    integrator = demo_entries[hash_api_key(again[MACHINES[0]])]
    assert integrator["koko_grants"][0]["studies"] == ["study-a", "study-b"]


def test_two_installations_never_share_demo_keys(tmp_path: Path) -> None:
    one = _credentials(tmp_path / "one", ["study-a"])
    other = _credentials(tmp_path / "other", ["study-a"])
    for label in MACHINES:
        assert one[label] != other[label]
        assert one[label].startswith("koko_") and len(one[label]) > 40
