"""Language negotiation with German fallback, text direction, and translatable messages."""

from __future__ import annotations

import functools
import gettext
import io
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from babel.support import Translations

DEFAULT_LANGUAGE = "de"
# The languages Koko serves whole (code lists, messages, the demo's translations): a request's
# language is negotiated among these through the client's whole Accept-Language list, so
# "fr, en" is answered in English and "es, ar" in Arabic, never a mix.
SERVED_LANGUAGES = ("de", "en", "ar", "uk", "fa", "ru", "tr")
# Scripts written right to left among the languages newcomers bring (BCP-47 primary subtags).
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug", "prs"})
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def is_language_tag(tag: str) -> bool:
    return bool(_LANGUAGE_TAG.fullmatch(tag)) and len(tag) <= 35


def normalize_tag(tag: str) -> str:
    parts = tag.strip().split("-")
    head = parts[0].lower()
    rest = [
        p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower() for p in parts[1:]
    ]
    return "-".join([head, *rest])


def text_direction(tag: str) -> str:
    return "rtl" if tag.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def own_direction(text: str) -> str:
    """The direction of a text by its first strong character (Unicode bidi rule P2), "ltr" when
    it has none: a German address inside an Arabic page stays left to right."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an Accept-Language header, best first (RFC 9110 quality values)."""
    if not header:
        return []
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*" or not is_language_tag(tag):
            continue
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if quality > 0:
            weighted.append((-quality, index, normalize_tag(tag)))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(requested: Iterable[str], available: Iterable[str] | None = None) -> str:
    """The first requested language that is available (exact, then by primary subtag), else de.
    With `available` None, any well-formed requested language is accepted."""
    pool = None if available is None else {normalize_tag(a) for a in available}
    for tag in requested:
        tag = normalize_tag(tag)
        if pool is None or tag in pool:
            return tag
        primary = tag.split("-")[0]
        if primary in pool:
            return primary
    return DEFAULT_LANGUAGE


def served_language(accept_language: str | None) -> str:
    """The one language an operation is answered in: the client's best choice among
    SERVED_LANGUAGES (quality values honoured), else German. Text fields follow it unless they
    name their own `lang`; responses name it in Content-Language."""
    return negotiate(parse_accept_language(accept_language), SERVED_LANGUAGES)


# User-facing messages live in gettext catalogues, one per package that has messages:
# `<package>/locale/<language>/LC_MESSAGES/koko.po`, one file per served language. The .po files
# are the source; they are compiled in memory on first use (no .mo files to keep in step).
# Messages fall back to German, then to the msgid itself.
CATALOGUE_DOMAIN = "koko"
_LOCALE_FOLDERS: list[Path] = []


def register_catalogues(locale_folder: Path) -> None:
    """Add a package's `locale` folder to the catalogues messages are looked up in."""
    if locale_folder not in _LOCALE_FOLDERS:
        _LOCALE_FOLDERS.append(locale_folder)
        _translations.cache_clear()


def catalogue_file(locale_folder: Path, language: str) -> Path:
    return locale_folder / language / "LC_MESSAGES" / f"{CATALOGUE_DOMAIN}.po"


def compile_catalogue(po_file: Path) -> Translations:
    """A .po file as gettext translations (Babel compiles it to .mo in memory). Babel is
    imported here, on the first message rendered, not by every process that imports Koko."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with po_file.open("rb") as source:
        catalogue = read_po(source, locale=po_file.parent.parent.name)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOGUE_DOMAIN)


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    from babel.support import Translations

    merged: gettext.NullTranslations = gettext.NullTranslations()
    for folder in _LOCALE_FOLDERS:
        po_file = catalogue_file(folder, language)
        if not po_file.is_file():
            continue
        translations = compile_catalogue(po_file)
        if isinstance(merged, Translations):
            merged.merge(translations)
        else:
            merged = translations
    if language != DEFAULT_LANGUAGE:
        merged.add_fallback(_translations(DEFAULT_LANGUAGE))
    return merged


def catalogue_language(language: str) -> str:
    """The served language whose catalogue answers a request in `language`."""
    primary = language.split("-")[0].lower()
    return primary if primary in SERVED_LANGUAGES else DEFAULT_LANGUAGE


def problem_language(accept_language: str | None) -> str:
    """The language of a REST problem's texts: the client's best served language when it names
    one (as in `served_language`), English otherwise. REST clients are mostly programs that log
    what they get, and a problem without the header reads as it always did."""
    if not accept_language or not accept_language.strip():
        return "en"
    return served_language(accept_language)


class Translatable(Protocol):
    """A message that renders itself in a language (a field error, a value problem), given as
    a parameter of another message: "row {row}: {message}"."""

    def message_in(self, language: str) -> str: ...


def translate(msgid: str, language: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message `msgid` in `language` with its `{placeholders}` filled in. A parameter that is
    itself a `Msgid` (e.g. the kind of record) or a `Translatable` is translated too."""
    text = _translations(catalogue_language(language)).gettext(msgid)
    if not params:
        return text
    values = {name: _parameter(value, language) for name, value in params.items()}
    return text.format(**values)


def _parameter(value: object, language: str) -> object:
    if isinstance(value, Msgid):
        return translate(value, language)
    # Duck-typed (a runtime Protocol check costs several µs per parameter of every row error).
    render = getattr(value, "message_in", None)
    return render(language) if render is not None else value


class Msgid(str):
    """A message id given as a parameter of another message, translated along with it."""

    __slots__ = ()


class Message:
    """A message with parameters given as a parameter of another message ("survey sheet, row
    {row}" inside "repeat group '{name}' ({where}) ..."), translated along with it."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params

    def message_in(self, language: str) -> str:
        return translate(self.msgid, language, **self.params)

    def __str__(self) -> str:
        return self.message_in("en")


register_catalogues(Path(__file__).parent / "locale")
