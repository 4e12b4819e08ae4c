"""Access is decided in the services (and the views they hand over), never in a GraphQL or REST
handler module of the surveys subgraph (issue 21)."""

from __future__ import annotations

from pathlib import Path

import koko_surveys
from koko_shared.testing.resolver_authorization import role_checks


def test_no_resolver_module_checks_roles() -> None:
    # given every GraphQL module (types, queries, mutations, ...) and REST handler module of
    # the surveys subgraph
    package = Path(koko_surveys.__file__).parent
    # when
    found = role_checks(package)
    # then
    assert found == []
