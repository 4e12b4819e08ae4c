"""A guard for the services' contract (issue 21): access is decided in services (or typed REST
dependencies and the views they hand over), never in a GraphQL types, queries or mutations
module or a REST handler. Such a module may ask a view what it sees (`view.sees_actor(row)`),
but does not check roles, grants or a view's reach itself, nor raise a permission error of its
own."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TypeGuard

# GraphQL modules by the end of their name (`types.py`, `node_queries.py`,
# `disclosure_mutations.py`, the inputs and payloads they take and give) and REST handlers.
RESOLVER_MODULES = (
    *("types.py", "queries.py", "mutations.py", "inputs.py", "payloads.py"),
    *("endpoints.py", "router.py", "rest.py"),
)

# Names that decide access: the caller's roles and grants, the authorization modules' checks
# and the permission error.
ROLE_CHECKS = frozenset(
    {
        "roles",
        "Role",
        "has_role",
        "grants_for",
        "is_coordinator",
        "acts_for_provider",
        "require_coordinator",
        "require_provider_or_coordinator",
        "require_owned_reference",
        "can_read_offer",
        "PermissionDenied",
        "permission_denied",
    }
)
# Attributes of a network view that tell its reach (`view.full`): deciding by them is the view's
# business (`view.sees_actor(row)`), not a resolver's.
VIEW_REACH = frozenset({"full", "own_provider_ids"})


def _imports_authorization(node: ast.AST) -> TypeGuard[ast.Import | ast.ImportFrom]:
    """`from koko_x import authorization`, `from koko_x.authorization import ...`,
    `import koko_x.authorization`."""
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        return module.endswith("authorization") or any(
            alias.name == "authorization" for alias in node.names
        )
    if isinstance(node, ast.Import):
        return any(alias.name.endswith(".authorization") for alias in node.names)
    return False


def role_checks(package: Path) -> list[tuple[str, int, str]]:
    """(module, line, name) of every role check in the GraphQL and REST handler modules under
    `package` (`<domain>/types.py`, `graphql/node_queries.py`, `<domain>/endpoints.py`, ...;
    the module relative to `package`)."""
    found = []
    modules = (p for p in package.rglob("*.py") if p.name.endswith(RESOLVER_MODULES))
    for path in sorted(modules):
        module = str(path.relative_to(package))
        for node in ast.walk(ast.parse(path.read_text())):
            if _imports_authorization(node):
                found.append((module, node.lineno, "authorization"))
            elif isinstance(node, ast.ImportFrom):
                names = (alias.name for alias in node.names)
                found.extend((module, node.lineno, n) for n in names if n in ROLE_CHECKS)
            elif isinstance(node, ast.Name) and node.id in ROLE_CHECKS:
                found.append((module, node.lineno, node.id))
            elif isinstance(node, ast.Attribute) and node.attr in ROLE_CHECKS | VIEW_REACH:
                found.append((module, node.lineno, node.attr))
    return sorted(found)
