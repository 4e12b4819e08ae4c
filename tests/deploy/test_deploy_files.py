"""The deployment files stay valid and agree with the services they deploy."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from graphql import parse, validate

from koko_gateway.supergraph.api_schema import build_api_schema
from koko_gateway.supergraph.model import load_supergraph
from tests.e2e.processes import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.requires_tool("docker-compose")
def test_docker_compose_validates_offline() -> None:
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


def test_every_deployment_names_the_public_base_url() -> None:
    """Feeds build absolute links (JSON-LD @id, GeoJSON) from OFFERS_PUBLIC_BASE_URL; without it
    they would name the offers subgraph's internal address behind the gateway."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["offers"]["environment"]["OFFERS_PUBLIC_BASE_URL"]
    offers = (ROOT / "deploy/kubernetes/base/offers.yaml").read_text()
    assert "OFFERS_PUBLIC_BASE_URL" in offers
    for overlay in ("development", "production"):
        text = (ROOT / f"deploy/kubernetes/overlays/{overlay}/kustomization.yaml").read_text()
        assert "/data/public-base-url" in text, overlay
    assert 'env.setdefault("OFFERS_PUBLIC_BASE_URL"' in (ROOT / "deploy/local/run.py").read_text()


def test_compose_serves_metrics_on_unpublished_ports() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for name, metrics_port in (("gateway", "9000"), ("offers", "9001"), ("surveys", "9002")):
        service = compose["services"][name]
        # reachable on the compose network (a Prometheus container), on all interfaces
        assert service["environment"][f"{name.upper()}_METRICS_HOST"] == "0.0.0.0"
        assert metrics_port in service["expose"]
        # and never published to the host
        assert not any(metrics_port in str(port) for port in service.get("ports", []))


def test_the_example_make_run_prints_is_valid_and_opens_in_graphiql() -> None:
    # given the example of the banner
    spec = importlib.util.spec_from_file_location("koko_run", ROOT / "deploy/local/run.py")
    assert spec is not None and spec.loader is not None
    run = importlib.util.module_from_spec(spec)
    sys.modules["koko_run"] = run  # its dataclasses look their module up
    spec.loader.exec_module(run)
    # then it validates against the committed supergraph's API schema ...
    schema = build_api_schema(load_supergraph((ROOT / "deploy/supergraph.graphql").read_text()))
    assert validate(schema, parse(run.EXAMPLE_QUERY)) == []
    # ... and is what the gateway started by `make run` opens GraphiQL on
    source = (ROOT / "deploy/local/run.py").read_text()
    assert 'env.setdefault("GATEWAY_GRAPHIQL_DEFAULT_QUERY", EXAMPLE_QUERY)' in source


def test_the_local_webhook_receiver_checks_signatures_and_prints_deliveries() -> None:
    # given the receiver `make run` tells developers to start, with a subscription's secret
    import base64
    import datetime

    import httpx
    from standardwebhooks.webhooks import Webhook

    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy/local/webhook_receiver.py"), str(port), secret],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert receiver.stdout is not None
        assert "receiving webhooks" in receiver.stdout.readline()
        body = '{"type": "webhook.ping", "data": {"message": "Grüße"}}'
        now = datetime.datetime.now(datetime.UTC)
        signature = Webhook(secret).sign("msg_1", now, body)
        headers = {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
            "content-type": "application/json",
        }
        # when a signed delivery and a forged one arrive (the receiver listens before it says so)
        signed = httpx.post(f"http://127.0.0.1:{port}/", content=body, headers=headers)
        forged = httpx.post(
            f"http://127.0.0.1:{port}/",
            content=body,
            headers={**headers, "webhook-signature": "v1,AAAA"},
        )
    finally:
        receiver.terminate()
        output = receiver.communicate(timeout=10)[0]
    # then both are acknowledged and printed, and the forged one is named invalid
    assert signed.status_code == 204 and forged.status_code == 204
    assert output.count("signature: valid") == 1 and "signature: INVALID" in output
    assert "Grüße" in output
