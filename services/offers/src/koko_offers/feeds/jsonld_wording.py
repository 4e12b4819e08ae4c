"""The words a JSON-LD document adds of its own (who pays what, the teaching unit), in every
served language, and the one language a document is written in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koko_shared.i18n import DEFAULT_LANGUAGE

# The offer's own texts a document shows; all of them must exist in a language to use it.
TEXT_FIELDS = ("title", "description", "fee_note")

# Funders by cost option, as proper names (the same in every language).
FUNDERS = {"bamf": "BAMF", "jobcenter": "Jobcenter", "bildungsgutschein": "Bildungsgutschein"}

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "funded": "Kostenfrei für Teilnehmende, die über {payers} gefördert werden (die meisten).",
        "self_payers": "Teilnehmende ohne Förderung zahlen einen Beitrag je Unterrichtseinheit.",
        "unit": "Unterrichtseinheit (45 Minuten)",
    },
    "en": {
        "funded": "Free for participants funded through {payers} (most participants).",
        "self_payers": "Participants without funding pay a fee per teaching unit.",
        "unit": "teaching unit (45 minutes)",
    },
    "ar": {
        "funded": "مجاني للمشاركين الممولين عن طريق {payers} (معظم المشاركين).",
        "self_payers": "يدفع المشاركون غير الممولين رسماً عن كل وحدة تعليمية.",
        "unit": "وحدة تعليمية (45 دقيقة)",
    },
    "uk": {
        "funded": "Безкоштовно для учасників, яких фінансує {payers} (більшість учасників).",
        "self_payers": "Учасники без фінансування сплачують внесок за кожне навчальне заняття.",
        "unit": "навчальне заняття (45 хвилин)",
    },
    "fa": {
        "funded": "رایگان برای شرکت‌کنندگانی که از طریق {payers} حمایت مالی می‌شوند "
        "(بیشتر شرکت‌کنندگان).",
        "self_payers": "شرکت‌کنندگان بدون حمایت مالی برای هر واحد آموزشی هزینه می‌پردازند.",
        "unit": "واحد آموزشی (45 دقیقه)",
    },
    "ru": {
        "funded": "Бесплатно для участников, финансируемых через {payers} "
        "(большинство участников).",
        "self_payers": "Участники без финансирования платят взнос за каждое учебное занятие.",
        "unit": "учебное занятие (45 минут)",
    },
    "tr": {
        "funded": "{payers} üzerinden desteklenen katılımcılar için ücretsiz "
        "(katılımcıların çoğu).",
        "self_payers": "Desteği olmayan katılımcılar her ders birimi için ücret öder.",
        "unit": "ders birimi (45 dakika)",
    },
}


def document_language(requested: str, offer: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The requested language when every text the offer has exists in it, else German: one
    document never mixes a translated title with a German description."""
    if requested == DEFAULT_LANGUAGE or requested not in WORDS:
        return DEFAULT_LANGUAGE
    if all(texts.get(field) for field in TEXT_FIELDS if offer[field]):
        return requested
    return DEFAULT_LANGUAGE
