"""Expected failures of catalogue writes: violations with a translatable message, raised as the
shared domain errors so that REST renders them as problem+json and GraphQL as payload errors."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from koko_shared.errors import Conflict, DomainError, ErrorCode, FieldError, InvalidInput, NotFound
from koko_shared.errors import PermissionDenied as SharedPermissionDenied
from koko_shared.i18n import Msgid, translate


@dataclass(frozen=True, slots=True)
class Violation:
    """One expected failure: `field` is the camelCase input path (or None for the whole input);
    `key` is the msgid of a message in the service's catalogues (koko_offers/locale), rendered
    in the request language."""

    code: ErrorCode
    key: str
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message_in(self, language: str) -> str:
        params = self.params
        if "what" in params:  # the kind of record, e.g. Offer -> Angebot
            params = {**params, "what": Msgid(f"entity.{params['what']}")}
        return translate(self.key, language, **params)

    def as_field_error(self) -> FieldError:
        return FieldError(self.code, self.message_in("en"), self.field)


class _CatalogueErrorMixin:
    violations: list[Violation]


def _init(error: DomainError, violations: list[Violation]) -> None:
    first = violations[0]
    DomainError.__init__(
        error,
        first.message_in("en"),
        field=first.field,
        errors=[v.as_field_error() for v in violations],
    )


class CatalogueInvalid(_CatalogueErrorMixin, InvalidInput):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        _init(self, violations)


class CatalogueNotFound(_CatalogueErrorMixin, NotFound):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        _init(self, violations)


class CatalogueConflict(_CatalogueErrorMixin, Conflict):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        _init(self, violations)


class CataloguePermissionDenied(_CatalogueErrorMixin, SharedPermissionDenied):
    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        _init(self, violations)


CatalogueError = (
    CatalogueInvalid | CatalogueNotFound | CatalogueConflict | CataloguePermissionDenied
)


def invalid(field: str | None, key: str, **params: Any) -> CatalogueInvalid:
    return CatalogueInvalid([Violation(ErrorCode.BAD_USER_INPUT, key, field, params)])


def not_found(field: str | None, what: str, value: object) -> CatalogueNotFound:
    return CatalogueNotFound(
        [Violation(ErrorCode.NOT_FOUND, "not_found", field, {"what": what, "value": value})]
    )


def permission_denied() -> CataloguePermissionDenied:
    return CataloguePermissionDenied([Violation(ErrorCode.FORBIDDEN, "permission_denied")])


def version_conflict(expected: int, current: int) -> CatalogueConflict:
    return CatalogueConflict(
        [
            Violation(
                ErrorCode.CONFLICT,
                "version_conflict",
                "expectedVersion",
                {"expected": expected, "current": current},
            )
        ]
    )


def violations_of(error: DomainError) -> list[Violation]:
    """Violations of any domain error, also one raised by shared code (its message is the
    msgid)."""
    if isinstance(error, _CatalogueErrorMixin):
        return error.violations
    return [Violation(e.code, e.message, e.field, dict(e.params or {})) for e in error.errors]


@dataclass(slots=True)
class Violations:
    """Collects every violation of one input, so that a client sees all mistakes at once."""

    items: list[Violation] = dataclasses.field(default_factory=list)

    def add(self, code: ErrorCode, key: str, field: str | None, **params: Any) -> None:
        self.items.append(Violation(code, key, field, params))

    def invalid(self, field: str | None, key: str, **params: Any) -> None:
        self.add(ErrorCode.BAD_USER_INPUT, key, field, **params)

    def has(self, field: str) -> bool:
        return any(v.field == field for v in self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        if all(v.code == ErrorCode.NOT_FOUND for v in self.items):
            raise CatalogueNotFound(self.items)
        raise CatalogueInvalid(self.items)
