"""`identity`: answers `whoami` from the signed identity header, verified exactly as Koko's
services verify it."""

from __future__ import annotations

import strawberry
from strawberry.federation import Schema

from koko_shared.auth.identity import IDENTITY_HEADER, verify_identity

FEDERATION_VERSION = "2.9"
SECRET = "identity-secret-for-gateway-tests"


@strawberry.type
class Whoami:
    subject: str
    roles: list[str]


@strawberry.type
class Query:
    @strawberry.field
    def whoami(self, info: strawberry.Info) -> Whoami:
        actor = verify_identity(info.context["request"].headers[IDENTITY_HEADER], SECRET)
        return Whoami(subject=actor.subject, roles=[g.role.value for g in actor.grants])


schema = Schema(query=Query, federation_version=FEDERATION_VERSION)
