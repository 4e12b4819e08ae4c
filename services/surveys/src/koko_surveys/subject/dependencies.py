"""FastAPI dependencies of subjects: the app's pseudonym keys, typed (REST handlers and the
GraphQL context opener take them from here, never from `app.state` themselves)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from koko_surveys.subject.pseudonym import PseudonymKeys


def pseudonym_keys(request: Request) -> PseudonymKeys:
    """The keys the app loaded from its settings at start."""
    keys: PseudonymKeys = request.app.state.pseudonym_keys
    return keys


PseudonymKeysDep = Annotated[PseudonymKeys, Depends(pseudonym_keys)]
