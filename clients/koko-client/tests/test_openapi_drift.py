"""The client's models are the surveys OpenAPI document's: this fails when either side changes
a field, a type, an enum or the batch route's path, parameters or body types without the other."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from koko_client.models import (
    BATCH_PATH,
    CODEBOOK_PATH,
    CONTENT_TYPES,
    OWN_SUBMISSIONS_PATH,
    BatchResult,
    FieldError,
    Mode,
    OwnSubmission,
    OwnSubmissionPage,
    Problem,
    RowResult,
)
from koko_shared.settings import Environment
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings

_IGNORED = {"title", "description", "examples", "default"}


def _normalized(schema: Any) -> Any:
    """Without titles and descriptions (wording may differ; shapes may not)."""
    if isinstance(schema, dict):
        return {k: _normalized(v) for k, v in schema.items() if k not in _IGNORED}
    if isinstance(schema, list):
        return [_normalized(item) for item in schema]
    return schema


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    settings = SurveysSettings(
        environment=Environment.TEST,
        data_dir=tmp_path_factory.mktemp("surveys"),
        pseudonym_keys='{"1": "' + "ab" * 32 + '"}',
    )
    return create_app(settings).openapi()


@pytest.mark.parametrize(
    "model", [FieldError, RowResult, BatchResult, OwnSubmission, OwnSubmissionPage]
)
def test_the_result_models_are_the_documents_schemas(
    document: dict[str, Any], model: type[BaseModel]
) -> None:
    ours = model.model_json_schema(ref_template="#/components/schemas/{model}")
    ours.pop("$defs", None)
    theirs = document["components"]["schemas"][model.__name__]
    assert _normalized(ours) == _normalized(theirs)


def test_the_problem_model_reads_the_documents_problem(document: dict[str, Any]) -> None:
    theirs = document["components"]["schemas"]["Problem"]
    required = set(theirs.get("required", []))
    fields = Problem.model_fields
    # every field the document requires is one the client reads, as required
    assert required <= {name for name, field in fields.items() if field.is_required()}
    # every field the client reads is in the document
    assert set(fields) <= set(theirs["properties"])


def test_the_batch_route_takes_what_the_client_sends(document: dict[str, Any]) -> None:
    operation = document["paths"][BATCH_PATH]["post"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert {"study_id", "wave_id"} <= set(parameters)
    mode_schema = parameters["mode"]["schema"]
    mode_schema = document["components"]["schemas"].get(
        mode_schema.get("$ref", "").rsplit("/", 1)[-1], mode_schema
    )
    assert set(mode_schema["enum"]) == {m.value for m in Mode}
    assert parameters["idempotency-key"]["in"] == "header"
    assert set(CONTENT_TYPES) <= set(operation["requestBody"]["content"])
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/BatchResult"
    }


def test_the_read_routes_answer_what_the_client_reads(document: dict[str, Any]) -> None:
    listing = document["paths"][OWN_SUBMISSIONS_PATH]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"first", "after"}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/OwnSubmissionPage"
    }
    codebook = document["paths"][CODEBOOK_PATH]["get"]
    assert {"application/json", "text/csv"} <= set(codebook["responses"]["200"]["content"])
    formats = next(p for p in codebook["parameters"] if p["name"] == "format")
    assert {"json", "csv"} <= set(formats["schema"]["anyOf"][0]["enum"])
