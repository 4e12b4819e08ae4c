"""graphql-core's own messages in the request language: the validation, variable-coercion and
syntax errors a client meets most (an unknown field or argument, a missing required argument, a
variable of the wrong type, not provided or null, a syntax error) are matched against
graphql-core's message templates and rendered from the catalogues. A message that matches no
template stays as graphql-core wrote it, and English (the default, without Accept-Language) is
never touched.

The templates are graphql-core 3.3.2's (the version uv.lock pins); a test produces each message
with graphql-core itself (shared/tests/test_graphql_core_messages.py), so an upgrade that
rewords one fails there, not silently in front of clients."""

from __future__ import annotations

import re

from koko_shared.i18n import translate

# graphql-core's "Did you mean 'a', 'b' or 'c'?" after an unknown field or argument.
_SUGGESTION = r"(?: Did you mean (?P<suggestions>'[^']*'(?:(?:, |,? or )'[^']*')*)\?)?"
SUGGESTION = "Did you mean {suggestions}?"
_SCALARS = "Int|Float|String|Boolean|ID"
# (graphql-core's message as a pattern, the msgid it is rendered from)
TEMPLATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"Cannot query field '(?P<field>[^']*)' on type '(?P<type>[^']*)'\." + _SUGGESTION
        ),
        "Cannot query field '{field}' on type '{type}'.",
    ),
    (
        re.compile(
            r"Unknown argument '(?P<argument>[^']*)' on field '(?P<field>[^']*)'\." + _SUGGESTION
        ),
        "Unknown argument '{argument}' on field '{field}'.",
    ),
    (
        re.compile(
            r"Argument '(?P<argument>[^']*)' of type '(?P<type>[^']*)' is required, but it was "
            r"not provided\."
        ),
        "Argument '{argument}' of type '{type}' is required, but it was not provided.",
    ),
    (
        re.compile(
            r"Variable '(?P<variable>[^']*)' of type '(?P<type>[^']*)' used in position "
            r"expecting type '(?P<expected>[^']*)'\."
        ),
        "Variable '{variable}' of type '{type}' used in position expecting type '{expected}'.",
    ),
    (
        re.compile(
            r"Variable '(?P<variable>[^']*)' has invalid value: Expected a value of non-null "
            r"type '(?P<type>[^']*)' to be provided\."
        ),
        "Variable '{variable}' of required type '{type}' was not provided.",
    ),
    (
        re.compile(
            r"Variable '(?P<variable>[^']*)' has invalid value: Expected value of non-null "
            r"type '(?P<type>[^']*)' not to be None\."
        ),
        "Variable '{variable}' of non-null type '{type}' must not be null.",
    ),
    (
        re.compile(
            r"Variable '(?P<variable>[^']*)' has invalid value: (?P<scalar>" + _SCALARS + r") "
            r"cannot represent [^:]*value: (?P<value>.*)"
        ),
        "Variable '{variable}' has an invalid value {value}: expected {scalar}.",
    ),
    (
        re.compile(r"Syntax Error: Expected (?P<expected>.+), found (?P<found>.+)\."),
        "Syntax Error: Expected {expected}, found {found}.",
    ),
    (
        re.compile(r"Syntax Error: Unexpected (?P<token>.+)\."),
        "Syntax Error: Unexpected {token}.",
    ),
)
# Every msgid of this module (the catalogue test checks each is translated).
MSGIDS = frozenset({msgid for _, msgid in TEMPLATES} | {SUGGESTION})


def core_message(message: str, language: str) -> str:
    """graphql-core's `message` in `language` where a template matches, else as written."""
    if language == "en":
        return message
    for pattern, msgid in TEMPLATES:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        params = {name: value for name, value in match.groupdict().items() if value is not None}
        suggestions = params.pop("suggestions", None)
        text = translate(msgid, language, **params)
        if suggestions:
            # The names alone: graphql-core's English "or" between them is not carried over.
            names = ", ".join(re.findall(r"'[^']*'", suggestions))
            text += " " + translate(SUGGESTION, language, suggestions=names)
        return text
    return message
