"""A service that refuses its configuration says so in one line and exits, without a traceback.

    with refusing_to_start("koko-offers"):
        settings = OffersSettings()
        app = create_app(settings)

A weak, default or committed key, a missing key or database URL in production
(`koko_shared.secrets.InsecureConfiguration`) or a setting that does not validate ends the
process with exit code 2 and `koko-offers: refusing to start: <what, naming the setting>` on
stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from koko_shared.secrets import InsecureConfiguration

EXIT_CODE = 2


@contextmanager
def refusing_to_start(program: str) -> Iterator[None]:
    try:
        yield
    except InsecureConfiguration as exc:
        _refuse(program, str(exc))
    except ValidationError as exc:
        _refuse(program, "; ".join(_reason(error) for error in exc.errors()))


def _reason(error: object) -> str:
    details = error if isinstance(error, dict) else {}
    field = ".".join(str(part) for part in details.get("loc", ()))
    message = str(details.get("msg", error)).removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def _refuse(program: str, reason: str) -> None:
    print(f"{program}: refusing to start: {reason}", file=sys.stderr, flush=True)
    raise SystemExit(EXIT_CODE) from None
