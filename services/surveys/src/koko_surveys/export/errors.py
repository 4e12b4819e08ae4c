"""Errors of microdata exports."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response

from koko_shared.errors import Conflict, ErrorCode, NotFound, domain_problem
from koko_shared.i18n import Message


class ExportRefused(Conflict):
    """Protecting the export would blank too much (or leave no one): it is refused, naming the
    attribute combinations that block."""

    code = ErrorCode.K_ANONYMITY_NOT_MET

    def __init__(self, message: str, report: dict[str, Any], *, why: Message) -> None:
        super().__init__(message, field="columns", params={"why": why})
        self.report = report

    def as_problem(self, language: str) -> Response:
        """The refusal in `language`, with the report of what blocks."""
        return domain_problem(self, language, **self.report)


class ExportNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__(
            "no such export, or its pages expired: request a new export", field="after"
        )
