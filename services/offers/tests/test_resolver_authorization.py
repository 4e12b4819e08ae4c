"""Access is decided in the services (and the views they hand over), never in a GraphQL or REST
handler module of the offers subgraph (issue 21)."""

from __future__ import annotations

from pathlib import Path

import koko_offers
from koko_shared.testing.resolver_authorization import role_checks


def test_no_resolver_module_checks_roles() -> None:
    # given every GraphQL module (types, queries, mutations, ...) and REST handler module of
    # the offers subgraph
    package = Path(koko_offers.__file__).parent
    # when
    found = role_checks(package)
    # then
    assert found == []
