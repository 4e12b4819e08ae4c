"""The deployment files stay valid and agree with the services they deploy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_validates_offline() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (CI installs Debian's docker-compose)")
    # when
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    # then
    assert result.returncode == 0, result.stderr


def test_compose_runs_every_service_with_its_image_target() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for service in ("offers", "surveys", "gateway"):
        assert compose["services"][service]["build"]["target"] == service


def test_compose_publishes_only_the_gateway() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    published = {name: s["ports"] for name, s in compose["services"].items() if s.get("ports")}
    assert published == {"gateway": ["8000:8000"]}
    dockerfile = (ROOT / "deploy" / "images" / "Dockerfile").read_text()
    for service in ("offers", "surveys", "gateway"):
        assert f"AS {service}\n" in dockerfile


def test_kubernetes_manifests_probe_health_and_run_unprivileged() -> None:
    folder = ROOT / "deploy" / "kubernetes"
    kustomization = yaml.safe_load((folder / "kustomization.yaml").read_text())
    for resource in kustomization["resources"]:
        assert (folder / resource).exists(), resource
    for service in ("offers", "surveys", "gateway"):
        documents = list(yaml.safe_load_all((folder / f"{service}.yaml").read_text()))
        deployment = next(d for d in documents if d["kind"] == "Deployment")
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]
        assert deployment["spec"]["replicas"] >= 2
