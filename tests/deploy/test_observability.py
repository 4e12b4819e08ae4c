"""The Prometheus rules and the Grafana dashboard in deploy/observability are well formed and ask
for metrics the services really export (promtool is not available: YAML structure, balanced
expressions and metric names are checked here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "deploy" / "observability"
# Metrics from elsewhere: Prometheus itself and kube-state-metrics.
EXTERNAL = {"up", "kube_cronjob_status_last_successful_time", "kube_job_status_failed"}
FUNCTIONS = {"sum", "rate", "histogram_quantile", "topk", "time", "by", "label_values"}
_SELECTOR = re.compile(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{\[])")
_HISTOGRAM_SUFFIX = re.compile(r"_(bucket|count|sum)$")


def exported_metrics() -> set[str]:
    """Names passed to prometheus_client Counter/Histogram/Gauge/Summary in the services."""
    names = set()
    for path in [
        *(ROOT / "shared" / "src").rglob("*.py"),
        *(ROOT / "services").glob("*/src/**/*.py"),
    ]:
        text = path.read_text()
        names |= set(re.findall(r'(?:Counter|Histogram|Gauge|Summary)\(\s*"([a-z_:]+)"', text))
    return names


def metric_names(expr: str) -> set[str]:
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    return {m for m in _SELECTOR.findall(without_strings) if m not in FUNCTIONS}


def check_expression(expr: str) -> None:
    assert expr.count("(") == expr.count(")"), expr
    assert expr.count("{") == expr.count("}"), expr
    exported = exported_metrics()
    for name in metric_names(expr):
        base = _HISTOGRAM_SUFFIX.sub("", name)
        assert name in EXTERNAL or name in exported or base in exported, (name, expr)


def test_the_services_export_the_metrics_the_files_rely_on() -> None:
    assert {"http_requests_total", "http_request_duration_seconds"} <= exported_metrics()


def test_alert_rules_are_well_formed() -> None:
    rules = yaml.safe_load((FOLDER / "alerts.yaml").read_text())
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert len(alerts) >= 8
    assert len({group["name"] for group in rules["groups"]}) == len(rules["groups"])
    for rule in alerts:
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}, rule
        assert re.fullmatch(r"Koko[A-Za-z]+", rule["alert"])
        assert re.fullmatch(r"[0-9]+[smh]", rule["for"])
        assert rule["labels"]["severity"] in {"critical", "warning", "info"}
        assert rule["annotations"]["summary"]
        check_expression(rule["expr"])
    names = [rule["alert"] for rule in alerts]
    assert len(names) == len(set(names))
    assert {"KokoServiceDown", "KokoDatabaseUnavailable", "KokoBackupMissing"} <= set(names)


def test_grafana_dashboard_is_well_formed() -> None:
    dashboard = json.loads((FOLDER / "grafana-dashboard.json").read_text())
    assert dashboard["uid"] and dashboard["title"] == "Koko"
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)) >= 6
    for panel in dashboard["panels"]:
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            check_expression(target["expr"])
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    assert variables == {"datasource", "service"}


def test_the_checker_catches_an_unknown_metric() -> None:
    try:
        check_expression('rate(koko_made_up_total{service="offers"}[5m])')
    except AssertionError:
        return
    raise AssertionError("an unknown metric passed the check")
