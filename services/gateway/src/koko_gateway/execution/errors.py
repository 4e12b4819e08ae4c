"""GraphQL errors as the gateway sends them, and the marker left where a fetch failed."""

from __future__ import annotations

from typing import Any

from koko_shared.errors import ErrorCode
from koko_shared.i18n import Message

Path = list[str | int]
GraphQLErrorDict = dict[str, Any]


class FetchFailure:
    """Stands in the merged data for every field a failed subgraph fetch should have provided,
    so the response shaping can null it and report an error at exactly that path."""

    __slots__ = ("code", "message", "service")

    def __init__(
        self,
        service: str,
        message: str | Message,
        code: ErrorCode = ErrorCode.SUBGRAPH_UNAVAILABLE,
    ) -> None:
        self.service = service
        self.message = message
        self.code = code


def error(
    message: str, *, path: Path | None = None, code: ErrorCode | None = None, **extensions: Any
) -> GraphQLErrorDict:
    body: GraphQLErrorDict = {"message": message}
    if path is not None:
        body["path"] = path
    if code is not None:
        extensions = {"code": code, **extensions}
    if extensions:
        body["extensions"] = extensions
    return body
