"""The guard the services' tests run over their GraphQL modules finds role checks in types,
queries and mutations modules (roles, grants, the authorization module, a view's reach, a
permission error of their own) and lets them ask a view what it sees."""

from __future__ import annotations

from pathlib import Path

from koko_shared.testing.resolver_authorization import role_checks


def test_the_guard_finds_role_checks_in_resolver_modules(tmp_path: Path) -> None:
    # given a types module that checks a role, a queries module that reads a view's reach and
    # raises a permission error, a module of mutations that imports the authorization checks, a
    # REST handler that checks a role, and a service and a types module that only ask a view
    # what it sees
    (tmp_path / "thing").mkdir()
    (tmp_path / "thing" / "types.py").write_text(
        "def contact(actor, region):\n    return actor.has_role(Role.COORDINATOR, region)\n"
    )
    (tmp_path / "thing" / "queries.py").write_text(
        "from koko_shared.errors import PermissionDenied\n"
        "def things(view):\n"
        "    if not view.full:\n"
        "        raise PermissionDenied('no')\n"
    )
    (tmp_path / "thing" / "disclosure_mutations.py").write_text(
        "from koko_x import authorization\n"
    )
    (tmp_path / "thing" / "service.py").write_text("def f(actor):\n    return actor.roles\n")
    (tmp_path / "thing" / "endpoints.py").write_text(
        "def report(caller, region):\n    return is_coordinator(caller, region)\n"
    )
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "types.py").write_text("def g(view, row):\n    return view.sees(row)\n")
    # when / then
    assert role_checks(tmp_path) == [
        ("thing/disclosure_mutations.py", 1, "authorization"),
        ("thing/endpoints.py", 2, "is_coordinator"),
        ("thing/queries.py", 1, "PermissionDenied"),
        ("thing/queries.py", 3, "full"),
        ("thing/queries.py", 4, "PermissionDenied"),
        ("thing/types.py", 2, "Role"),
        ("thing/types.py", 2, "has_role"),
    ]
