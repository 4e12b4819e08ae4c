"""Every application/problem+json body comes from one builder (koko_shared.errors
.problem_document): a module that writes its own problem document fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import orjson

from koko_shared.errors import ErrorCode, problem, problem_bytes, problem_document

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "shared" / "src", *sorted((ROOT / "services").glob("*/src"))]
BUILDER = ROOT / "shared" / "src" / "koko_shared" / "errors.py"
# Modules that name the media type without writing a body: the OpenAPI documents describe
# problem responses; the admin CLI reads them.
NAMES_THE_MEDIA_TYPE = {
    ROOT / "shared" / "src" / "koko_shared" / "http" / "openapi.py",
    ROOT / "shared" / "src" / "koko_shared" / "admin" / "reports.py",
}
PROBLEM_MARKS = ("urn:koko:problem:", "application/problem+json")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _writers() -> list[str]:
    found = []
    for source in SOURCES:
        for path in sorted(source.rglob("*.py")):
            if path == BUILDER:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = _docstrings(tree)
            for node in ast.walk(tree):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Name | ast.Attribute):
                    name = node.id if isinstance(node, ast.Name) else node.attr
                    if name == "PROBLEM_TYPE_PREFIX":
                        found.append(f"{where} builds a problem type itself")
                if not isinstance(node, ast.Constant) or id(node) in docstrings:
                    continue
                value = node.value
                text = value.decode("latin-1") if isinstance(value, bytes) else value
                if not isinstance(text, str) or path in NAMES_THE_MEDIA_TYPE:
                    continue
                if text.startswith(PROBLEM_MARKS) or (
                    isinstance(value, bytes) and any(m in text for m in PROBLEM_MARKS)
                ):
                    found.append(f"{where} writes {text[:40]!r}")
    return found


def test_no_module_writes_a_problem_document_of_its_own() -> None:
    assert _writers() == []


def test_the_builder_writes_type_title_status_detail_and_extra_members() -> None:
    # when
    document = problem_document(
        422, ErrorCode.BATCH_REJECTED, "2 of 3 rows failed", "atomic", rows=[1, 2]
    )
    refusal = orjson.loads(
        problem_bytes(401, ErrorCode.IDENTITY_INVALID, "No", "key differs", graphql=True)
    )
    response = problem(401, ErrorCode.UNAUTHENTICATED, "Sign in")
    # then
    assert document == {
        "type": "urn:koko:problem:BATCH_REJECTED",
        "title": "2 of 3 rows failed",
        "status": 422,
        "detail": "atomic",
        "rows": [1, 2],
    }
    assert refusal["errors"] == [
        {
            "message": "key differs",
            "code": "IDENTITY_INVALID",
            "extensions": {"code": "IDENTITY_INVALID"},
        }
    ]
    assert response.media_type == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert orjson.loads(response.body)["type"] == "urn:koko:problem:UNAUTHENTICATED"
