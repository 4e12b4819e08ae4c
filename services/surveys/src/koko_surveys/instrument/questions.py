"""Questions of an instrument version and the validation of answers against them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator
from pydantic_core import ErrorDetails

from koko_shared.errors import ErrorCode, FieldError, InvalidValue, value_error
from koko_shared.i18n import Message, Msgid
from koko_shared.validation_messages import LOCATED, message_of
from koko_surveys.instrument.cell_formats import accepted, read_boolean, read_date
from koko_surveys.instrument.expressions import Evaluator, ExpressionError, compile_expression

QUESTION_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_TEXT_LENGTH = 2_000
# Whole-number answers stay inside what every consumer (PostgreSQL bigint, JavaScript) holds.
MAX_INTEGER = 10**15 - 1


class QuestionType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    DATE = "date"
    BOOLEAN = "boolean"
    SCALE = "scale"
    NOTE = "note"  # text shown to the respondent; takes no answer


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
    minimum: float | None = None  # scale start; range of an integer or decimal question
    maximum: float | None = None  # scale end
    # Lower edges of the bands a number leaves an export in (see export/bands.py).
    bands: list[float] | None = Field(default=None, min_length=1, max_length=50)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not QUESTION_NAME.match(value):
            raise InvalidValue(
                "question name '{name}' must be a letter followed by letters, digits or _",
                name=value,
            )
        return value

    @model_validator(mode="after")
    def _choices(self) -> QuestionSpec:
        is_select = self.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)
        if is_select and not self.choices:
            raise InvalidValue(
                "question '{name}' of type {type} needs a choice list",
                name=self.name,
                type=self.type.value,
            )
        if self.type == QuestionType.NOTE and (self.required or self.constraint):
            raise InvalidValue(
                "note '{name}' takes no answer: it cannot be required or constrained",
                name=self.name,
            )
        if self.type == QuestionType.SCALE and (self.minimum is None or self.maximum is None):
            raise InvalidValue("scale question '{name}' needs a start and an end", name=self.name)
        if self.bands is not None:
            if self.type not in (QuestionType.INTEGER, QuestionType.DECIMAL):
                raise InvalidValue(
                    "only integer and decimal questions have bands ('{name}')", name=self.name
                )
            if any(b >= a for b, a in zip(self.bands, self.bands[1:], strict=False)) or any(
                b != b or b in (float("inf"), float("-inf")) for b in self.bands
            ):
                raise InvalidValue(
                    "bands of '{name}' are finite lower edges, ascending", name=self.name
                )
        for expression in (self.constraint, self.relevant):
            if expression:
                try:
                    compile_expression(expression)
                except ExpressionError as exc:
                    raise InvalidValue(
                        "question '{name}': {problem} in '{expression}'",
                        name=self.name,
                        problem=exc,
                        expression=expression,
                    ) from exc
        return self


@dataclass(slots=True)
class CompiledQuestion:
    spec: QuestionSpec
    codes: frozenset[str]
    constraint: Evaluator | None
    relevant: Evaluator | None
    # Settled when the form is compiled, read per answer: a note takes no answer; the reader
    # of a JSON value and of a CSV cell of the question's type.
    is_note: bool = False
    strict: Callable[[Any], Any] = field(default=lambda value: value)
    from_text: Callable[[Any], Any] = field(default=lambda value: value)

    def __post_init__(self) -> None:
        self.is_note = self.spec.type == QuestionType.NOTE
        self.strict = partial(_strict, self)
        self.from_text = partial(_from_text, self)


@dataclass(slots=True)
class CompiledForm:
    questions: dict[str, CompiledQuestion] = field(default_factory=dict)
    # The questions that take answers, in form order (those checked for every row).
    answerable: tuple[tuple[str, CompiledQuestion], ...] = ()

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
        form.answerable = tuple((n, q) for n, q in form.questions.items() if not q.is_note)
        return form

    def validate(
        self, answers: Mapping[str, Any], *, prefix: str = "answers", text_cells: bool = False
    ) -> tuple[dict[str, Any], list[FieldError]]:
        """Check answers against their question types, choices, relevance, required and
        constraints. Returns the normalized answers and every problem found.

        JSON answers are strict: a whole number is a JSON integer, a number a JSON number, a
        boolean a JSON boolean. With `text_cells` (CSV, where every cell is text) the text of
        a cell is read as the question's type."""
        errors: list[FieldError] = []
        normalized: dict[str, Any] = {}
        questions = self.questions
        for name, value in answers.items():
            question = questions.get(name)
            if question is None:
                name = str(name)[:64]
                errors.append(
                    FieldError(
                        ErrorCode.UNKNOWN_QUESTION,
                        "no question '{name}' in this instrument version",
                        f"{prefix}.{name}",
                        {"name": name},
                    )
                )
                continue
            if value is None or value == "" or value == []:
                continue
            if question.is_note:
                errors.append(
                    FieldError(
                        ErrorCode.NOT_ANSWERABLE,
                        "'{name}' is a note: it takes no answer",
                        f"{prefix}.{name}",
                        {"name": name},
                    )
                )
                continue
            try:
                normalized[name] = (
                    question.from_text(value) if text_cells else question.strict(value)
                )
            except ValueError as exc:
                errors.append(value_error(ErrorCode.INVALID_VALUE, exc, f"{prefix}.{name}"))
        for name, question in self.answerable:
            field_name = f"{prefix}.{name}"
            relevant = question.relevant is None or bool(question.relevant(normalized, None))
            present = name in normalized
            if not relevant:
                if present:
                    errors.append(
                        FieldError(
                            ErrorCode.NOT_RELEVANT,
                            "'{name}' must be empty: its relevance condition is false",
                            field_name,
                            {"name": name},
                        )
                    )
                continue
            if not present:
                if question.spec.required and not any(e.field == field_name for e in errors):
                    errors.append(
                        FieldError(
                            ErrorCode.REQUIRED, "'{name}' is required", field_name, {"name": name}
                        )
                    )
                continue
            if question.constraint is not None and not question.constraint(
                normalized, normalized[name]
            ):
                # The form's own constraint message is shown as the form's author wrote it.
                errors.append(
                    FieldError(
                        ErrorCode.CONSTRAINT,
                        question.spec.constraint_message or "'{name}' violates {constraint}",
                        field_name,
                        None
                        if question.spec.constraint_message
                        else {"name": name, "constraint": question.spec.constraint},
                    )
                )
        return normalized, errors


def validation_error(problem: ErrorDetails, field: str) -> FieldError:
    """A pydantic error of a question spec as a field error in the catalogue's words: raised by
    a validator above (its own message), or pydantic's refusal in the words of the one shared
    mapping (koko_shared.validation_messages) after where in the spec it is ("options: must
    have at least 1 entries")."""
    error = (problem.get("ctx") or {}).get("error")
    if isinstance(error, InvalidValue):
        return error.field_error(ErrorCode.BAD_USER_INPUT, field)
    where = ".".join(str(part) for part in problem.get("loc", ())) or field
    msgid, params = message_of(problem)
    return FieldError(
        ErrorCode.BAD_USER_INPUT,
        LOCATED,
        field,
        {"where": where, "message": Message(msgid, **params)},
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _strict(question: CompiledQuestion, value: Any) -> Any:
    """A JSON answer: the JSON type must be the question's type (no "19" for an integer)."""
    kind = question.spec.type
    if kind == QuestionType.INTEGER:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidValue(
                "expected a whole number (a JSON integer), got {kind}", kind=_json_kind(value)
            )
        return _integer(value)
    if kind in (QuestionType.DECIMAL, QuestionType.SCALE):
        if not _is_number(value):
            raise InvalidValue(
                "expected a number (a JSON number), got {kind}", kind=_json_kind(value)
            )
        return _number(question, float(value))
    if kind == QuestionType.BOOLEAN:
        if not isinstance(value, bool):
            raise InvalidValue(
                "expected true or false (a JSON boolean), got {kind}", kind=_json_kind(value)
            )
        return value
    if kind == QuestionType.SELECT_MULTIPLE:
        if not isinstance(value, list):
            raise InvalidValue(
                "expected a list of choice codes, got {kind}", kind=_json_kind(value)
            )
        return _choices(question, value)
    if not isinstance(value, str):
        raise InvalidValue("expected a JSON string, got {kind}", kind=_json_kind(value))
    return _from_text(question, value)


def _from_text(question: CompiledQuestion, value: Any) -> Any:
    """A CSV cell (text), read as the question's type."""
    kind = question.spec.type
    text = value.strip() if isinstance(value, str) else None
    if kind == QuestionType.INTEGER:
        if text is None or not re.fullmatch(r"-?\d{1,15}", text):
            raise InvalidValue("expected a whole number ({formats})", formats=accepted("integer"))
        return _integer(int(text))
    if kind in (QuestionType.DECIMAL, QuestionType.SCALE):
        try:
            # German spreadsheets write 2,5 for 2.5.
            number = float(str(text).replace(",", ".")) if text is not None else None
        except ValueError:
            number = None
        if number is None:
            raise InvalidValue("expected a number ({formats})", formats=accepted(kind.value))
        return _number(question, number)
    if kind == QuestionType.TEXT:
        if not isinstance(value, str):
            raise InvalidValue("expected text")
        if len(value) > MAX_TEXT_LENGTH:
            raise InvalidValue("text longer than {limit} characters", limit=MAX_TEXT_LENGTH)
        return value
    if kind == QuestionType.SELECT_ONE:
        if text is None or text not in question.codes:
            raise InvalidValue(
                "'{value}' is not one of {codes}", value=value, codes=sorted(question.codes)
            )
        return text
    if kind == QuestionType.SELECT_MULTIPLE:
        if text is None:
            raise InvalidValue("expected choice codes separated by spaces")
        return _choices(question, text.split())
    if kind == QuestionType.DATE:
        return read_date(text).isoformat()
    if kind == QuestionType.BOOLEAN:
        return read_boolean(text)
    raise InvalidValue("unsupported question type {type}", type=kind)


def _integer(value: int) -> int:
    if not -MAX_INTEGER <= value <= MAX_INTEGER:
        raise InvalidValue(
            "expected a whole number of at most {digits} digits", digits=len(str(MAX_INTEGER))
        )
    return value


def _number(question: CompiledQuestion, number: float) -> float | int:
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidValue("expected a finite number")
    if question.spec.type == QuestionType.SCALE:
        low, high = question.spec.minimum or 0.0, question.spec.maximum or 0.0
        if not low <= number <= high:
            raise InvalidValue(
                "expected a value from {low} to {high}", low=f"{low:g}", high=f"{high:g}"
            )
        return int(number) if number.is_integer() else number
    return number


def _choices(question: CompiledQuestion, codes: list[Any]) -> list[str]:
    if not all(isinstance(c, str) for c in codes):
        raise InvalidValue("expected a list of choice codes")
    unknown = [c for c in codes if c not in question.codes]
    if unknown:
        raise InvalidValue(
            "{unknown} not in {codes}", unknown=unknown, codes=sorted(question.codes)
        )
    return sorted(set(codes))


def _json_kind(value: Any) -> Msgid:
    """The JSON kind of a value, a message translated along with the one naming it."""
    if value is None:
        return Msgid("null")
    if isinstance(value, bool):
        return Msgid("a boolean")
    if isinstance(value, int):
        return Msgid("an integer")
    if isinstance(value, float):
        return Msgid("a decimal number")
    if isinstance(value, str):
        return Msgid("a string")
    if isinstance(value, list):
        return Msgid("a list")
    return Msgid("an object")
