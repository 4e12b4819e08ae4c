"""Arguments many fields share, described once: Relay paging and the language of texts."""

from __future__ import annotations

from typing import Annotated

import strawberry

First = Annotated[
    int | None,
    strawberry.argument(description="Page forwards: at most this many items (0–100, default 20)."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Page forwards: the items after this cursor (`endCursor`)."),
]
Last = Annotated[
    int | None,
    strawberry.argument(description="Page backwards: at most this many items (0–100)."),
]
Before = Annotated[
    str | None,
    strawberry.argument(
        description="Page backwards: the items before this cursor (`startCursor`)."
    ),
]
Lang = Annotated[
    str | None,
    strawberry.argument(
        description="Language of the text (BCP 47, e.g. `ar`, `uk`); else the request's "
        "Accept-Language; German when no translation exists."
    ),
]
