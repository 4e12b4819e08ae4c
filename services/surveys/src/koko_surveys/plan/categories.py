"""Validation of a table plan's indicators and the category an answer falls in."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from koko_shared.errors import InvalidInput
from koko_surveys.graphql.json_inputs import texts
from koko_surveys.study.service import require_code

CATEGORICAL = ("select_one", "boolean", "scale", "integer")
DIMENSIONS = ("area", "cohort", "origin_group", "age_group", "sex")
OPEN_DIMENSIONS = ("area", "origin_group")
MAX_INDICATORS = 20
MAX_CATEGORIES = 30
MAX_BREAKDOWNS = 20
MAX_CODES = 100


def _default_categories(spec: dict[str, Any]) -> list[dict[str, Any]]:
    kind = spec.get("type")
    if kind == "select_one":
        return [
            {"code": c["code"], "label": c.get("label") or {}, "values": [c["code"]]}
            for c in spec.get("choices", [])
        ]
    if kind == "boolean":
        return [
            {"code": "yes", "label": {"de": "ja", "en": "yes"}, "values": [True]},
            {"code": "no", "label": {"de": "nein", "en": "no"}, "values": [False]},
        ]
    raise InvalidInput(
        "question '{name}' is {kind}: give its bands as categories (code, minimum, maximum)",
        field="indicators",
        params={"name": spec.get("name"), "kind": kind},
    )


def _category(raw: object, spec: dict[str, Any], field: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidInput("a category is an object with a code", field=field)
    code = require_code(str(raw.get("code", "")), field=field)
    if code.startswith("_"):
        raise InvalidInput("category codes do not start with '_'", field=field)
    category: dict[str, Any] = {"code": code, "label": texts(raw.get("label"), field)}
    kind = spec["type"]
    if kind in ("select_one", "boolean"):
        values = raw.get("values")
        if not isinstance(values, list) or not values:
            raise InvalidInput("a category lists the answers it holds in `values`", field=field)
        allowed: list[Any] = (
            [c["code"] for c in spec.get("choices", [])] if kind == "select_one" else [True, False]
        )
        wrong = [
            v for v in values if v not in allowed or isinstance(v, bool) != (kind == "boolean")
        ]
        if wrong:
            raise InvalidInput(
                "'{name}' has no answer {value}; answers: {allowed}",
                field=field,
                params={"name": spec["name"], "value": repr(wrong[0]), "allowed": allowed},
            )
        category["values"] = list(values)
        return category
    minimum, maximum = raw.get("minimum"), raw.get("maximum")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (minimum, maximum)):
        raise InvalidInput("a band of a number has integer `minimum` and `maximum`", field=field)
    if minimum > maximum:  # type: ignore[operator]
        raise InvalidInput("a band's minimum is at most its maximum", field=field)
    category["minimum"], category["maximum"] = minimum, maximum
    return category


def _overlap(categories: list[dict[str, Any]]) -> str | None:
    seen: set[Any] = set()
    for category in categories:
        if "values" in category:
            for value in category["values"]:
                if (type(value), value) in seen:
                    return f"answer {value!r} falls in two categories"
                seen.add((type(value), value))
    bands = sorted((c["minimum"], c["maximum"]) for c in categories if "minimum" in c)
    for (_, upper), (lower, _) in pairwise(bands):
        if lower <= upper:
            return "bands overlap"
    return None


def validate_indicators(raw: object, questions: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan's indicators, checked against the study's questions (latest specs by name)."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput("a table plan has at least one indicator", field="indicators")
    if len(raw) > MAX_INDICATORS:
        raise InvalidInput(
            "at most {limit} indicators", field="indicators", params={"limit": MAX_INDICATORS}
        )
    indicators: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        field = f"indicators.{index}"
        if not isinstance(item, dict):
            raise InvalidInput("an indicator is an object (code, question, ...)", field=field)
        code = require_code(str(item.get("code", "")), field=field)
        if ":" in code:
            raise InvalidInput("indicator codes hold no ':'", field=field)
        spec = questions.get(str(item.get("question", "")))
        if spec is None or spec.get("type") not in CATEGORICAL:
            raise InvalidInput(
                "no question '{name}' of a categorical type ({types}) in this study's instruments",
                field=field,
                params={"name": item.get("question"), "types": ", ".join(CATEGORICAL)},
            )
        raw_categories = item.get("categories")
        if raw_categories is not None and not isinstance(raw_categories, list):
            raise InvalidInput("categories is a list of objects", field=field)
        categories = (
            [_category(c, spec, field) for c in raw_categories]
            if raw_categories is not None
            else _default_categories(spec)
        )
        if not categories or len(categories) > MAX_CATEGORIES:
            raise InvalidInput(
                "1 to {limit} categories", field=field, params={"limit": MAX_CATEGORIES}
            )
        if len({c["code"] for c in categories}) != len(categories):
            raise InvalidInput("category codes are unique", field=field)
        problem = _overlap(categories)
        if problem:
            raise InvalidInput(problem, field=field)
        indicators.append(
            {
                "code": code,
                "question": spec["name"],
                "type": spec["type"],
                "label": texts(item.get("label"), field) or spec.get("label") or {},
                "categories": categories,
            }
        )
    if len({i["code"] for i in indicators}) != len(indicators):
        raise InvalidInput("indicator codes are unique in a plan", field="indicators")
    return indicators


def validate_breakdowns(raw: list[list[str]]) -> list[list[str]]:
    if len(raw) > MAX_BREAKDOWNS:
        raise InvalidInput(
            "at most {limit} breakdowns", field="breakdowns", params={"limit": MAX_BREAKDOWNS}
        )
    breakdowns: list[list[str]] = []
    seen: set[frozenset[str]] = {frozenset()}
    for dims in raw:
        if len(dims) > 3 or len(set(dims)) != len(dims):
            raise InvalidInput(
                "a breakdown names one to three different dimensions", field="breakdowns"
            )
        wrong = [d for d in dims if d not in DIMENSIONS]
        if wrong:
            raise InvalidInput(
                "no dimension '{name}'; dimensions: {dimensions}",
                field="breakdowns",
                params={"name": wrong[0], "dimensions": ", ".join(DIMENSIONS)},
            )
        if frozenset(dims) not in seen:
            seen.add(frozenset(dims))
            breakdowns.append(list(dims))
    return breakdowns


def validate_code_lists(raw: object, breakdowns: list[list[str]]) -> dict[str, list[str]]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise InvalidInput(
            'expected {"area": ["01", ...], "origin_group": [...]}', field="codeLists"
        )
    lists: dict[str, list[str]] = {}
    for dimension, codes in raw.items():
        if dimension not in OPEN_DIMENSIONS:
            raise InvalidInput(
                "code lists are given for {dimensions} only",
                field="codeLists",
                params={"dimensions": ", ".join(OPEN_DIMENSIONS)},
            )
        if (
            not isinstance(codes, list)
            or len(codes) > MAX_CODES
            or not all(isinstance(c, str) and c and not c.startswith("_") for c in codes)
            or len(set(codes)) != len(codes)
        ):
            raise InvalidInput(
                "{dimension}: up to {limit} different codes, none empty or starting with '_'",
                field="codeLists",
                params={"dimension": dimension, "limit": MAX_CODES},
            )
        lists[dimension] = list(codes)
    used = {d for dims in breakdowns for d in dims}
    missing = [d for d in OPEN_DIMENSIONS if d in used and not lists.get(d)]
    if missing:
        raise InvalidInput(
            "a breakdown by {dimension} needs its code list (values outside it are published "
            "as _other)",
            field="codeLists",
            params={"dimension": missing[0]},
        )
    return lists


def category_of(indicator: dict[str, Any], answers: dict[str, Any]) -> str | None:
    """The category of the indicator an interview's answer falls in, None when none."""
    if indicator["question"] not in answers:
        return None
    answer = answers[indicator["question"]]
    for category in indicator["categories"]:
        if "values" in category:
            if any(
                answer == v and isinstance(answer, bool) == isinstance(v, bool)
                for v in category["values"]
            ):
                return str(category["code"])
        elif (
            isinstance(answer, int | float)
            and not isinstance(answer, bool)
            and category["minimum"] <= answer <= category["maximum"]
        ):
            return str(category["code"])
    return None
