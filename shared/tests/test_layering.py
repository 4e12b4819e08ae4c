"""koko_shared is the bottom layer: it imports no service. What it needs of them (a service's
migrations, its demo) it finds through entry points the services register in their pyproject."""

from __future__ import annotations

import ast
from pathlib import Path

from koko_shared.admin.databases import SERVICES, migrations_dir
from koko_shared.admin.demo import demo_loaders

SHARED = Path(__file__).resolve().parents[1] / "src" / "koko_shared"
SERVICE_PACKAGES = ("koko_offers", "koko_surveys", "koko_gateway")


def _names_a_service(name: str | None) -> bool:
    return bool(name) and str(name).split(".")[0] in SERVICE_PACKAGES


def _imports_a_service_by_name(call: ast.Call) -> bool:
    """`import_module("koko_offers.demo")`, `import_module(f"koko_{service}.app")`, ..."""
    if "import" not in ast.unparse(call.func):
        return False
    texts = [ast.unparse(arg) for arg in call.args]
    return any(m in t for t in texts for m in (*SERVICE_PACKAGES, "koko_{"))


def test_koko_shared_imports_no_service() -> None:
    found = []
    for path in sorted(SHARED.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(SHARED)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                found += [where for alias in node.names if _names_a_service(alias.name)]
            elif (isinstance(node, ast.ImportFrom) and _names_a_service(node.module)) or (
                isinstance(node, ast.Call) and _imports_a_service_by_name(node)
            ):
                found.append(where)
    assert found == []


def test_the_services_register_their_spec_and_demo() -> None:
    # when: koko_shared asks the installed packages
    loaders = demo_loaders()
    # then: both services answer, with their own migrations
    assert sorted(loaders) == sorted(SERVICES)
    for service in SERVICES:
        folder = migrations_dir(service)
        assert folder.parts[-3:] == ("services", service, "migrations")
        assert any(folder.glob("*.py"))
