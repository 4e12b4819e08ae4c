"""Questions of an instrument version and the validation of answers against them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from koko_shared.errors import FieldError
from koko_surveys.instrument.expressions import Evaluator, ExpressionError, compile_expression

QUESTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_TEXT_LENGTH = 2_000


class QuestionType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    DATE = "date"
    BOOLEAN = "boolean"
    SCALE = "scale"


class Choice(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    label: dict[str, str] = Field(default_factory=dict)


class QuestionSpec(BaseModel):
    name: str
    type: QuestionType
    label: dict[str, str] = Field(default_factory=dict)
    required: bool = False
    choices: list[Choice] = Field(default_factory=list)
    constraint: str | None = None
    constraint_message: str | None = None
    relevant: str | None = None
    minimum: float | None = None  # scale start
    maximum: float | None = None  # scale end

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not QUESTION_NAME.match(value):
            raise ValueError(
                f"question name '{value}' must be a letter followed by letters, digits or _"
            )
        return value

    @model_validator(mode="after")
    def _choices(self) -> QuestionSpec:
        is_select = self.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
        if is_select and not self.choices:
            raise ValueError(f"question '{self.name}' of type {self.type} needs a choice list")
        if self.type == QuestionType.SCALE and (self.minimum is None or self.maximum is None):
            raise ValueError(f"scale question '{self.name}' needs a start and an end")
        for expression in (self.constraint, self.relevant):
            if expression:
                try:
                    compile_expression(expression)
                except ExpressionError as exc:
                    raise ValueError(f"question '{self.name}': {exc} in '{expression}'") from exc
        return self


@dataclass(slots=True)
class CompiledQuestion:
    spec: QuestionSpec
    codes: frozenset[str]
    constraint: Evaluator | None
    relevant: Evaluator | None


@dataclass(slots=True)
class CompiledForm:
    questions: dict[str, CompiledQuestion] = field(default_factory=dict)

    @classmethod
    def from_specs(cls, specs: list[dict[str, Any]]) -> CompiledForm:
        form = cls()
        for raw in specs:
            spec = QuestionSpec.model_validate(raw)
            form.questions[spec.name] = CompiledQuestion(
                spec=spec,
                codes=frozenset(c.code for c in spec.choices),
                constraint=compile_expression(spec.constraint)[0] if spec.constraint else None,
                relevant=compile_expression(spec.relevant)[0] if spec.relevant else None,
            )
        return form

    def validate(
        self, answers: Mapping[str, Any], *, prefix: str = "answers"
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """Coerce answers to their question types and check choices, relevance, required and
        constraints. Returns the normalized answers and every problem found."""
        errors: list[FieldError] = []
        normalized: dict[str, Any] = {}
        for name, value in answers.items():
            question = self.questions.get(name)
            if question is None:
                name = str(name)[:64]
                errors.append(
                    FieldError(
                        "unknown_question",
                        f"no question '{name}' in this instrument version",
                        f"{prefix}.{name}",
                    )
                )
                continue
            if value is None or value == "" or value == []:
                continue
            try:
                normalized[name] = _coerce(question, value)
            except ValueError as exc:
                errors.append(FieldError("invalid_value", str(exc), f"{prefix}.{name}"))
        for name, question in self.questions.items():
            field_name = f"{prefix}.{name}"
            relevant = question.relevant is None or bool(question.relevant(normalized, None))
            present = name in normalized
            if not relevant:
                if present:
                    errors.append(
                        FieldError(
                            "not_relevant",
                            f"'{name}' must be empty: its relevance condition is false",
                            field_name,
                        )
                    )
                continue
            if not present:
                already_reported = any(e.field == field_name for e in errors)
                if question.spec.required and not already_reported:
                    errors.append(FieldError("required", f"'{name}' is required", field_name))
                continue
            if question.constraint is not None and not question.constraint(
                normalized, normalized[name]
            ):
                message = (
                    question.spec.constraint_message
                    or f"'{name}' violates {question.spec.constraint}"
                )
                errors.append(FieldError("constraint", message, field_name))
        return normalized, errors


def _coerce(question: CompiledQuestion, value: Any) -> Any:
    kind = question.spec.type
    if kind == QuestionType.INTEGER:
        if isinstance(value, bool):
            raise ValueError("expected a whole number")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and re.fullmatch(r"-?\d{1,15}", value.strip()):
            return int(value)
        raise ValueError("expected a whole number")
    if kind in (QuestionType.DECIMAL, QuestionType.SCALE):
        number: float
        if isinstance(value, bool):
            raise ValueError("expected a number")
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                raise ValueError("expected a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("expected a finite number")
        if kind == QuestionType.SCALE:
            low, high = question.spec.minimum or 0.0, question.spec.maximum or 0.0
            if not low <= number <= high:
                raise ValueError(f"expected a value from {low:g} to {high:g}")
            return int(number) if number.is_integer() else number
        return number
    if kind == QuestionType.TEXT:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ValueError("expected text")
        text = str(value)
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"text longer than {MAX_TEXT_LENGTH} characters")
        return text
    if kind == QuestionType.SELECT_ONE:
        code = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if code is None or code not in question.codes:
            raise ValueError(f"'{value}' is not one of {sorted(question.codes)}")
        return code
    if kind == QuestionType.SELECT_MULTIPLE:
        codes = value.split() if isinstance(value, str) else value
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ValueError("expected a list of choice codes")
        unknown = [c for c in codes if c not in question.codes]
        if unknown:
            raise ValueError(f"{unknown} not in {sorted(question.codes)}")
        return sorted(set(codes))
    if kind == QuestionType.DATE:
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValueError("expected a date YYYY-MM-DD") from None
    if kind == QuestionType.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "1", "yes", "ja"):
            return True
        if text in ("false", "0", "no", "nein"):
            return False
        raise ValueError("expected true or false")
    raise ValueError(f"unsupported question type {kind}")
