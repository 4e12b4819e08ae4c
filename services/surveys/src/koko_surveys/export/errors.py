"""Errors of microdata exports."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from koko_shared.errors import Conflict, ErrorCode, NotFound, problem


class ExportRefused(Conflict):
    """Protecting the export would blank too much (or leave no one): it is refused, naming the
    attribute combinations that block."""

    code = ErrorCode.K_ANONYMITY_NOT_MET

    def __init__(self, message: str, report: dict[str, Any]) -> None:
        super().__init__(message, field="columns")
        self.report = report

    def as_problem(self) -> Response:
        return problem(
            self.status,
            self.code,
            self.message,
            errors=[e.as_dict() for e in self.errors],
            **self.report,
        )


class ExportNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "no such export, or its pages expired: request a new export", field="after"
        )
