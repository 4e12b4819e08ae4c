"""The gettext catalogues: every message translated into every served language with the same
placeholders, and rendered in the request language with German as the fallback."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import koko_gateway
import koko_offers
import koko_surveys
from koko_shared import i18n
from koko_shared.errors import FieldError, InvalidInput
from koko_shared.graphql.core_messages import MSGIDS as CORE_MSGIDS
from koko_shared.graphql.mutations import input_path, mutation_errors
from koko_shared.i18n import SERVED_LANGUAGES, Msgid, catalogue_file, translate
from koko_shared.validation_messages import MSGIDS as VALIDATION_MSGIDS

LOCALE_FOLDERS = {
    "koko_shared": Path(i18n.__file__).parent / "locale",
    "koko_offers": Path(koko_offers.__file__).parent / "locale",
    "koko_surveys": Path(koko_surveys.__file__).parent / "locale",
}


def _catalogue(folder: Path, language: str) -> Catalog:
    with catalogue_file(folder, language).open("rb") as source:
        return read_po(source, locale=language)


def _placeholders(text: str) -> set[str]:
    """Named `{placeholders}` of a message with parameters (literal braces in examples such as
    `{"de": "..."}` are not placeholders)."""
    names = set()
    for _, name, _, _ in string.Formatter().parse(text):
        if name and re.fullmatch(r"\w+", name):
            names.add(name)
    return names


@pytest.mark.parametrize("package", sorted(LOCALE_FOLDERS))
def test_every_message_is_translated_into_every_served_language(package: str) -> None:
    # given: the German catalogue, the fallback, as the list of messages
    folder = LOCALE_FOLDERS[package]
    german = {m.id: m.string for m in _catalogue(folder, "de") if m.id}
    english = {m.id: m.string for m in _catalogue(folder, "en") if m.id}
    assert german, f"{package} has no messages"
    for language in SERVED_LANGUAGES:
        # when
        messages = {m.id: m.string for m in _catalogue(folder, language) if m.id}
        # then: the same msgids, each with a translation whose placeholders match the English
        assert set(messages) == set(german), (package, language, set(messages) ^ set(german))
        for msgid, text in messages.items():
            assert isinstance(text, str) and text.strip(), (package, language, msgid)
            assert _placeholders(text) == _placeholders(english[msgid]), (
                package,
                language,
                msgid,
            )
            if language not in ("en", "de") and msgid in german and german[msgid] == text:
                # A copy of the German text is no translation (names such as "Region" aside, and
                # texts of placeholders and punctuation alone, "{where}: {message}").
                own_words = re.sub(r"\{\w+\}", "", text)
                assert len(text.split()) <= 1 or not re.search(r"\w", own_words), (
                    package,
                    language,
                    msgid,
                )


@pytest.mark.parametrize("package", sorted(LOCALE_FOLDERS))
def test_every_catalogue_compiles(package: str) -> None:
    for language in SERVED_LANGUAGES:
        translations = i18n.compile_catalogue(catalogue_file(LOCALE_FOLDERS[package], language))
        assert translations.info().get("language") == language


def test_a_message_is_rendered_in_the_requested_language_with_its_parameters() -> None:
    assert translate("'{value}' is not a valid id", "de", value="x") == "'x' ist keine gültige ID"
    assert translate("'{value}' is not a valid id", "ar", value="x") == "'x' ليس معرّفًا صالحًا"
    # a parameter that is itself a message is translated with it
    assert translate("not_found", "de", what=Msgid("entity.Offer"), value="7") == (
        "Angebot '7' wurde nicht gefunden."
    )
    assert translate("not_found", "tr", what=Msgid("entity.Offer"), value="7") == (
        "Teklif '7' bulunamadı."
    )


def test_unserved_languages_get_german_and_unknown_messages_stay_as_they_are() -> None:
    assert translate("required", "fr") == "Dieses Feld darf nicht leer sein."
    assert translate("required", "uk-UA") == "Це поле не може бути порожнім."
    assert translate("no such rule, kept as written", "ar") == "no such rule, kept as written"


def test_mutation_errors_give_code_field_path_and_the_message_in_the_request_language() -> None:
    # given
    error = InvalidInput(
        "'{value}' is not the id of a {expected}",
        field="steps.2.offerId",
        params={"value": "abc", "expected": "Offer"},
    )
    # when
    errors = mutation_errors(error, "ru")
    # then
    assert [(e.field, e.path, e.code, e.message) for e in errors] == [
        (
            "steps.2.offerId",
            ["input", "steps", "2", "offerId"],
            "BAD_USER_INPUT",
            "'abc' не является идентификатором типа Offer",
        )
    ]
    assert error.message == "'abc' is not the id of a Offer"  # REST and logs: English
    assert mutation_errors(None, "de") == []
    whole = mutation_errors([FieldError(error.code, "conflicts with stored data")], "fa")
    assert [(e.field, e.path, e.message) for e in whole] == [
        (None, None, "با داده‌های ذخیره‌شده در تعارض است")
    ]


def test_input_path_of_a_mutation_whose_fields_are_its_arguments() -> None:
    assert input_path("waveId", None) == ["waveId"]
    assert input_path(None) is None


# Modules whose every literal message must be in the catalogues: all of surveys (but the demo
# loader, which speaks to operators), the modules of offers a GraphQL operation or a REST client
# reaches, the operation limits, paging rules, GraphQL-over-HTTP rules, credentials, overload and
# request body refusals of koko_shared, and the gateway's refusals of a request and its
# diagnostics of a subgraph that could not answer.
CATALOGUED_MODULES = {
    "koko_surveys": [
        "analytics",
        "authorization.py",
        "codebook",
        "export",
        "graphql",
        "instrument",
        "plan",
        "region",
        "release",
        "study",
        "subject",
        "submission",
    ],
    "koko_offers": [
        "actor",
        "change_log",
        "course_run",
        "meeting",
        "network",
        "offer",
        "planning",
        "provider",
        "region",
        "stale_offer",
        "webhook",
        # REST only
        "feeds",
        "hsds",
        "monitoring",
        "report",
    ],
    "koko_shared": [
        "auth",
        "database/availability.py",
        "graphql",
        "http/body_guard.py",
        "http/gateway_guard.py",
        "http/media_type_guard.py",
        "http/nul_guard.py",
        "http/rate_limit_guard.py",
        "pagination.py",
        "validation_messages.py",
    ],
    "koko_gateway": [
        "app.py",
        "circuit_breaker.py",
        "execution/fetcher.py",
        "execution/shaping.py",
        "gateway.py",
        "preparation.py",
        "refusals.py",
        "security/auth.py",
    ],
}
# The catalogues a package's messages are looked up in: its own and koko_shared's (the gateway
# has none of its own).
PACKAGE_FOLDERS = {
    "koko_gateway": Path(koko_gateway.__file__).parent,
    **{package: folder.parent for package, folder in LOCALE_FOLDERS.items()},
}
# Calls whose argument at the given position is a msgid: error classes and messages by name.
ERROR_CLASSES = {
    "InvalidInput",
    "NotFound",
    "Conflict",
    "PermissionDenied",
    "BelowFloor",
    "WaveNotClosed",
    "TablePlanMissing",
    "RevisionTooSmall",
    "ReleaseUnchanged",
    "InvalidValue",
    "ExpressionError",
    "Unauthenticated",
    "NotWellFormed",
    "Message",
    "Msgid",
    "translate",
    # Errors whose message reaches the client as written: only a catalogue message (rendered
    # before) or a variable may be given, never a literal or an f-string.
    "GraphQLError",
    "RequestError",
}
# The gateway's `refusal(request, status, message, ...)`.
MSGID_ARGUMENT = {
    **dict.fromkeys(ERROR_CLASSES, 0),
    "FieldError": 1,
    "require": 1,
    "refusal": 2,
}


def _name_of(function: ast.expr) -> str | None:
    if isinstance(function, ast.Name):
        return function.id
    if isinstance(function, ast.Attribute):
        return function.attr
    return None


def _literals(node: ast.expr) -> list[str]:
    """The message literals an argument can be: a string, or either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.Tuple) and node.elts:  # (msgid, params)
        return _literals(node.elts[0])
    if isinstance(node, ast.List):  # a list of messages (the gateway's RequestError)
        return [text for item in node.elts for text in _literals(item)]
    if isinstance(node, ast.JoinedStr):
        # An f-string is text no catalogue can hold: it is reported as untranslated.
        return [f"untranslatable f-string: {ast.unparse(node)}"]
    return []


def _raised_messages(folder: Path) -> set[str]:
    messages = set()
    paths = [folder] if folder.is_file() else folder.rglob("*.py")
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                position = MSGID_ARGUMENT.get(_name_of(node.func) or "")
                if position is not None and len(node.args) > position:
                    messages.update(_literals(node.args[position]))
                if _name_of(node.func) == "__init__" and node.args:  # an error class's message
                    messages.update(_literals(node.args[0]))
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_problem"):
                # A function naming a problem returns msgids.
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and inner.value is not None:
                        messages.update(_literals(inner.value))
            elif isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name)
                and (target.id in ("message", "closed") or target.id.endswith("_MESSAGE"))
                for target in node.targets
            ):
                messages.update(_literals(node.value))
    return messages


@pytest.mark.parametrize("package", sorted(CATALOGUED_MODULES))
def test_every_error_message_of_the_catalogued_modules_is_translated(package: str) -> None:
    folders = {LOCALE_FOLDERS["koko_shared"]}
    if package in LOCALE_FOLDERS:
        folders.add(LOCALE_FOLDERS[package])
    german = {m.id for folder in folders for m in _catalogue(folder, "de") if m.id}
    raised: set[str] = set()
    for module in CATALOGUED_MODULES[package]:
        raised |= _raised_messages(PACKAGE_FOLDERS[package] / module)
    assert raised, package
    # An example of a JSON shape is not prose; it stays as written.
    missing = {m for m in raised - german if not m.startswith('expected {"')}
    assert missing == set()


def test_every_refusal_of_a_rest_field_is_translated() -> None:
    # given: the msgids pydantic's error types map to (koko_shared.validation_messages)
    german = {m.id for m in _catalogue(LOCALE_FOLDERS["koko_shared"], "de") if m.id}
    # then
    assert VALIDATION_MSGIDS - german == set()


def test_every_rendering_of_a_graphql_core_message_is_translated() -> None:
    # given: the msgids graphql-core's templates map to (koko_shared.graphql.core_messages)
    german = {m.id for m in _catalogue(LOCALE_FOLDERS["koko_shared"], "de") if m.id}
    # then
    assert CORE_MSGIDS - german == set()
