"""A guard for the services' contract (issue 21): services take typed inputs, never a
`dict[str, Any]` of values from a resolver or REST handler."""

from __future__ import annotations

import ast
from pathlib import Path


def dict_parameters(package: Path) -> list[tuple[str, str, str]]:
    """(domain, function, parameter) of every public function of a `<domain>/service.py` under
    `package` with a parameter annotated `dict[str, Any]` (alone or with None)."""
    found = []
    for path in sorted(package.glob("*/service.py")):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if node.name.startswith("_"):
                continue
            arguments = node.args
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                annotation = ast.unparse(argument.annotation) if argument.annotation else ""
                if annotation.replace(" ", "") in ("dict[str,Any]", "dict[str,Any]|None"):
                    found.append((path.parent.name, node.name, argument.arg))
    return found
