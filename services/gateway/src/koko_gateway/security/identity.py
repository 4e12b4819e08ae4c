"""The caller's identity as each subgraph receives it: signed per request for each subgraph (its
name is the audience), so a header captured at one subgraph is refused by the others.

The request handler sets the actor for the request; the subgraph client asks for the header of
its own subgraph just before it sends (one signature per subgraph and request)."""

from __future__ import annotations

from contextvars import ContextVar, Token

from koko_shared.auth.actor import Actor
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner


class RequestIdentity:
    def __init__(self, signer: IdentitySigner, actor: Actor) -> None:
        self.signer = signer
        self.actor = actor
        self._signed: dict[str, str] = {}

    def header_for(self, subgraph: str) -> str:
        value = self._signed.get(subgraph)
        if value is None:
            value = self._signed[subgraph] = self.signer.sign(self.actor, subgraph)
        return value


_current: ContextVar[RequestIdentity | None] = ContextVar("koko_request_identity", default=None)


def bind_identity(signer: IdentitySigner, actor: Actor) -> Token[RequestIdentity | None]:
    return _current.set(RequestIdentity(signer, actor))


def reset_identity(token: Token[RequestIdentity | None]) -> None:
    _current.reset(token)


def identity_headers(subgraph: str) -> dict[str, str]:
    """The signed identity header for a fetch to `subgraph`, or none outside a request."""
    identity = _current.get()
    return {IDENTITY_HEADER: identity.header_for(subgraph)} if identity is not None else {}


def current_actor() -> Actor | None:
    """The caller of the request being served (None outside a request): what makes two fetches
    with the same body the same fetch (koko_gateway.execution.inflight)."""
    identity = _current.get()
    return identity.actor if identity is not None else None
