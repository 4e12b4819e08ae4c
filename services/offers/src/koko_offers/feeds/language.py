"""The language of a feed response: `lang` parameter, else Accept-Language, else German."""

from __future__ import annotations

from fastapi import Request

from koko_shared.errors import InvalidInput
from koko_shared.i18n import is_language_tag, negotiate, normalize_tag, parse_accept_language


def feed_language(request: Request, lang: str | None) -> str:
    if lang:
        if not is_language_tag(lang):
            raise InvalidInput(
                "'{value}' is not a language tag", field="lang", params={"value": lang[:40]}
            )
        return normalize_tag(lang).split("-")[0] if "-" in lang else normalize_tag(lang)
    tag = negotiate(parse_accept_language(request.headers.get("accept-language")))
    return tag.split("-")[0]
