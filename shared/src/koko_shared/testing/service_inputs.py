"""A guard for the services' contract (issue 21): services take typed inputs, never a
`dict[str, Any]` of values, neither from a resolver or REST handler nor between their own
helpers (a rule across fields reads a typed value of the row after the change)."""

from __future__ import annotations

import ast
from pathlib import Path

# Mappings of values by name: `dict[str, Any]`, `Mapping[str, object]`, ...
_MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping"})
_ANY_VALUE = frozenset({"Any", "object"})


def _name(node: ast.expr) -> str:
    """`Mapping` of both `Mapping` and `collections.abc.Mapping`."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _is_mapping_of_values(annotation: ast.expr | None) -> bool:
    """A mapping from names to values of any type, alone or with None."""
    if annotation is None:
        return False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = (annotation.left, annotation.right)
        values = [s for s in sides if not (isinstance(s, ast.Constant) and s.value is None)]
        return len(values) == 1 and _is_mapping_of_values(values[0])
    if not isinstance(annotation, ast.Subscript) or _name(annotation.value) not in _MAPPINGS:
        return False
    arguments = annotation.slice
    if not isinstance(arguments, ast.Tuple) or len(arguments.elts) != 2:
        return False
    key, value = arguments.elts
    return _name(key) == "str" and _name(value) in _ANY_VALUE


def dict_parameters(package: Path) -> list[tuple[str, str, str]]:
    """(domain, function, parameter) of every function of a `<domain>/service.py` under
    `package`, public or private, module level or nested, with a parameter annotated as a
    mapping of values (`dict[str, Any]`, `Mapping[str, object]`, ..., alone or with None)."""
    found = []
    for path in sorted(package.glob("*/service.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = node.args
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                if _is_mapping_of_values(argument.annotation):
                    found.append((path.parent.name, node.name, argument.arg))
    return found
