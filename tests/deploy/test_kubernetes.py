"""The Kubernetes overlays as a city's operators get them: rendered with `kubectl kustomize`, one
public entrypoint, default-deny networking, hardened pods, and chores whose commands exist.
(`make k8s-check` adds the schema validation and the checkov scan.)"""

from __future__ import annotations

import functools
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from koko_shared.admin.cli import _parser

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = sorted(p.name for p in (ROOT / "deploy" / "kubernetes" / "overlays").iterdir())

pytestmark = pytest.mark.requires_tool("kubectl")


@functools.cache
def render(overlay: str) -> list[dict[str, Any]]:
    result = subprocess.run(
        ["kubectl", "kustomize", str(ROOT / "deploy" / "kubernetes" / "overlays" / overlay)],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def pod_specs(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    specs = {}
    for d in documents:
        if d["kind"] in ("Deployment", "Job"):
            specs[d["metadata"]["name"]] = d["spec"]["template"]
        elif d["kind"] == "CronJob":
            specs[d["metadata"]["name"]] = d["spec"]["jobTemplate"]["spec"]["template"]
    return specs


def by_kind(documents: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents if d["kind"] == kind}


def test_there_are_development_and_production_overlays() -> None:
    assert {"development", "production", "production-cloudnativepg"} <= set(OVERLAYS)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_gateway_is_reachable_from_outside(overlay: str) -> None:
    documents = render(overlay)
    (ingress,) = by_kind(documents, "Ingress").values()
    backends = {
        path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"gateway"}
    assert ingress["spec"]["tls"][0]["secretName"]
    assert ingress["metadata"]["annotations"]["cert-manager.io/cluster-issuer"]
    for service in by_kind(documents, "Service").values():
        assert service["spec"].get("type", "ClusterIP") == "ClusterIP"

    policies = by_kind(documents, "NetworkPolicy")
    deny = policies["default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert "ingress" not in deny and "egress" not in deny
    subgraphs = policies["subgraphs-from-gateway-only"]["spec"]
    sources = [source for rule in subgraphs["ingress"] for source in rule["from"]]
    assert {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}} in sources
    assert all("podSelector" not in s or "gateway" in str(s) for s in sources)
    # offers reads the public API for the monitoring report: to the gateway's port, nothing else
    offers_out = policies["offers-reads-the-public-api"]["spec"]["egress"]
    assert offers_out == [
        {
            "to": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}],
            "ports": [{"protocol": "TCP", "port": 8000}],
        }
    ]
    gateway_in = policies["gateway"]["spec"]["ingress"]
    assert {
        "from": [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "offers"}}}],
        "ports": [{"protocol": "TCP", "port": 8000}],
    } in gateway_in


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_services_and_their_jobs_reach_postgresql(overlay: str) -> None:
    documents = render(overlay)
    clients = {
        name
        for name, template in pod_specs(documents).items()
        if template["metadata"]["labels"].get("koko.io/postgres-client") == "true"
    }
    assert clients == {
        "offers", "surveys", "offers-migrate", "surveys-migrate",
        "surveys-retention-purge", "offers-outbox-purge", "backup",
    }  # fmt: skip
    egress_to_5432 = [
        policy["metadata"]["name"]
        for policy in by_kind(documents, "NetworkPolicy").values()
        for rule in policy["spec"].get("egress", [])
        if any(port.get("port") == 5432 for port in rule.get("ports", []))
        and policy["spec"]["podSelector"] != {"matchLabels": {"cnpg.io/cluster": "koko-postgres"}}
    ]
    assert egress_to_5432 == ["postgres-clients"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_pods_are_non_root_read_only_and_bounded(overlay: str) -> None:
    for name, template in pod_specs(render(overlay)).items():
        spec = template["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in spec["containers"] + spec.get("initContainers", []):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, name
            assert security["allowPrivilegeEscalation"] is False, name
            assert security["capabilities"]["drop"] == ["ALL"], name
            assert {"cpu", "memory"} <= set(container["resources"]["limits"]), name
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), name
            mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts, name  # HOME and caches on a writable volume


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_scales_and_survives_disruptions(overlay: str) -> None:
    documents = render(overlay)
    deployments = set(by_kind(documents, "Deployment"))
    assert deployments == {"offers", "surveys", "gateway"}
    hpas = {
        h["spec"]["scaleTargetRef"]["name"]
        for h in by_kind(documents, "HorizontalPodAutoscaler").values()
    }
    pdbs = {
        p["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]
        for p in by_kind(documents, "PodDisruptionBudget").values()
    }
    assert hpas == pdbs == deployments


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_identity_provider_is_configured(overlay: str) -> None:
    documents = render(overlay)
    config = by_kind(documents, "ConfigMap")["koko-config"]["data"]
    assert config["jwt-issuer"].startswith("https://")
    assert config["jwt-issuer"] != "https://koko.invalid/dev-idp"
    assert config["jwks-url"].startswith(config["jwt-issuer"])
    assert config["jwt-audience"]
    for name, template in pod_specs(documents).items():
        if name in ("offers", "surveys", "gateway"):
            env = {e["name"] for e in template["spec"]["containers"][0]["env"]}
            prefix = name.upper()
            assert {f"{prefix}_JWT_ISSUER", f"{prefix}_JWT_AUDIENCE", f"{prefix}_JWKS_URL"} <= env


def test_the_chores_run_commands_that_exist() -> None:
    documents = render("production")
    specs = pod_specs(documents)
    assert {"offers-migrate", "surveys-migrate"} <= set(by_kind(documents, "Job"))
    cronjobs = by_kind(documents, "CronJob")
    assert set(cronjobs) == {"surveys-retention-purge", "offers-outbox-purge", "backup"}
    commands = [
        container["command"]
        for template in specs.values()
        for container in template["spec"]["containers"] + template["spec"].get("initContainers", [])
        if "command" in container
    ]
    admin = [c for c in commands if c[0] == "koko-admin"]
    assert len(admin) == 4  # two migrations, two backups
    for command in admin:
        args = [a.replace("$(KEEP_DAYS)", "14") for a in command[1:]]
        _parser().parse_args(args)  # exits (fails the test) on an unknown command or option
    assert ["koko-surveys", "purge"] in commands
    assert ["koko-offers", "purge"] in commands
    assert shlex.join(["koko-admin", "database", "backup"]) in {shlex.join(c[:3]) for c in admin}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_metrics_are_scraped_on_their_own_port_which_no_ingress_reaches(overlay: str) -> None:
    documents = render(overlay)
    specs = pod_specs(documents)
    services = by_kind(documents, "Service")
    policies = by_kind(documents, "NetworkPolicy")
    for name, port, metrics_port in (("gateway", 8000, 9000), ("offers", 8001, 9001),
                                     ("surveys", 8002, 9002)):  # fmt: skip
        pod = specs[name]
        assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(metrics_port)
        (container,) = pod["spec"]["containers"]
        assert {"name": "metrics", "containerPort": metrics_port} in container["ports"]
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env[f"{name.upper()}_METRICS_HOST"] == "0.0.0.0"
        # the Services (what the Ingress and the gateway use) carry only the service port
        assert [p["port"] for p in services[name]["spec"]["ports"]] == [port]
    # the ingress controller reaches the gateway's service port only; monitoring the metrics
    ingress_rules = policies["gateway"]["spec"]["ingress"]
    reached = {
        source["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]: {
            p["port"] for p in rule["ports"]
        }
        for rule in ingress_rules
        for source in rule["from"]
        if "namespaceSelector" in source
    }
    assert reached == {"ingress-nginx": {8000}, "monitoring": {9000}}
    monitoring = [
        {p["port"] for p in rule["ports"]}
        for rule in policies["subgraphs-from-gateway-only"]["spec"]["ingress"]
        if any("namespaceSelector" in source for source in rule["from"])
    ]
    assert monitoring == [{9001, 9002}]


def test_with_cloudnativepg_offers_reads_from_the_replicas_too() -> None:
    documents = render("production-cloudnativepg")
    (offers,) = pod_specs(documents)["offers"]["spec"]["containers"][:1]
    env = {e["name"]: e for e in offers["env"]}
    assert env["OFFERS_DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == "offers-database-url"
    read = env["OFFERS_DATABASE_READ_URL"]["valueFrom"]["secretKeyRef"]
    assert read == {"name": "koko", "key": "offers-database-read-url"}
    # the overlays with an external server read from the primary only
    for overlay in ("production", "development"):
        (plain,) = pod_specs(render(overlay))["offers"]["spec"]["containers"][:1]
        assert "OFFERS_DATABASE_READ_URL" not in {e["name"] for e in plain["env"]}
