"""The demo's language offers: integration courses of every type, job-related language courses
(Berufssprachkurse) and language practice, all translated into en, ar, uk and fa.

Course planning finds on purpose: a clash (VHS and Euro-Schulen start general integration
courses in the same ISO week three weeks ahead in Magdeburg) and a gap (Oschersleben, which has
integration courses, has none starting for ten weeks). Every other course type, level and town
has at most one provider starting in any week, so these stay the only clash. Past runs (running
or finished) give the council report's 12 months of course starts something to show."""

from __future__ import annotations

from typing import Any

from koko_offers.demo.course_texts import COURSE_TEXTS, VARIANTS
from koko_offers.demo.entries import TRANSLATED_LANGUAGES, OfferEntry, RunEntry

_IK_FEE = "Kostenbefreiung beim BAMF möglich; sonst 2,29 € je Unterrichtseinheit."
_IK_ELIGIBILITY = (
    "Mit Berechtigung oder Verpflichtung des BAMF, der Ausländerbehörde oder des Jobcenters."
)
_BSK_ELIGIBILITY = "Mit Berechtigungsschein des BAMF, über Jobcenter oder Agentur für Arbeit."
_DEFAULTS: dict[str, dict[str, Any]] = {
    "BAMF_IK_JUGEND": {"target_groups": ("youth_under_27",), "min_age": 16, "max_age": 27},
    "BAMF_IK_ELTERN": {"target_groups": ("parents",), "childcare": True},
    "BAMF_IK_FRAUEN": {"target_groups": ("women", "parents"), "childcare": True},
}


def course(
    slug: str,
    provider: str,
    location: str,
    code: str,
    place: str,
    runs: tuple[RunEntry, ...],
    *,
    variant: str | None = None,
    **fields: Any,
) -> OfferEntry:
    """A language course of course type `code` whose title names the type and the place."""
    texts = COURSE_TEXTS[code]

    def title(language: str) -> str:
        name = texts[language][0]
        if variant is not None:
            name += f" ({VARIANTS[variant][language]})"
        return f"{name} – {place}"

    integration = code.startswith("BAMF_IK")
    values: dict[str, Any] = {
        "cost_options": ("bamf", "jobcenter"),
        "eligibility_note": _IK_ELIGIBILITY if integration else _BSK_ELIGIBILITY,
        "fee_note": _IK_FEE if integration else None,
        "residence_statuses": ("any",),
        **_DEFAULTS.get(code, {}),
        **fields,
    }
    return OfferEntry(
        slug,
        provider,
        location,
        "language_course",
        title("de"),
        texts["de"][1],
        course_type=code,
        runs=runs,
        translations={lang: (title(lang), texts[lang][1]) for lang in TRANSLATED_LANGUAGES},
        **values,
    )


_R = RunEntry
_EVENING = "evening"

MAGDEBURG_COURSES: tuple[OfferEntry, ...] = (
    # General integration courses (B1): VHS, Euro-Schulen and BBI never share a week but one.
    course(
        "vhs-ik-allgemein",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BAMF_IK_ALLG",
        "Altstadt",
        (
            _R(1, capacity=25, booked=25, status="full", waitlist=6, weeks=30),
            # The clash: the Monday of the week three weeks ahead (Euro-Schulen: its Wednesday).
            _R(3, capacity=25, booked=19, weeks=30, weekday=1),
            _R(12, capacity=25, booked=4, weeks=30, status="planned"),
            _R(-20, capacity=25, booked=25, weeks=30, status="running"),
        ),
        support_languages=("ar", "uk", "ru"),
    ),
    course(
        "vhs-ik-abend",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BAMF_IK_ALLG",
        "Altstadt",
        (_R(7, capacity=20, booked=8, time_of_day=_EVENING, weeks=52),),
        variant="abends",
        cost_options=("bamf",),
    ),
    course(
        "vhs-ik-olvenstedt",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "BAMF_IK_ALLG",
        "Olvenstedt",
        (
            _R(-6, capacity=20, booked=20, status="running", weeks=30),
            _R(20, capacity=20, booked=2, weeks=30, status="planned"),
        ),
        support_languages=("ar", "fa"),
    ),
    course(
        "euroschulen-ik-allgemein",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BAMF_IK_ALLG",
        "Stadtfeld Ost",
        (
            _R(3, capacity=22, booked=10, weeks=30, weekday=3),
            _R(18, capacity=22, booked=3, weeks=30, status="planned"),
            _R(-30, capacity=22, booked=21, weeks=30, weekday=3, status="finished"),
        ),
        support_languages=("ar", "ku", "tr"),
    ),
    course(
        "euroschulen-ik-abend",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BAMF_IK_ALLG",
        "Stadtfeld Ost",
        (_R(11, capacity=20, booked=6, time_of_day=_EVENING, weeks=50),),
        variant="abends",
    ),
    course(
        "bbi-ik-buckau",
        "bbi-magdeburg",
        "bbi-buckau",
        "BAMF_IK_ALLG",
        "Buckau",
        (
            _R(5, capacity=20, booked=15, weeks=30),
            _R(15, capacity=20, booked=5, weeks=30),
            _R(-14, capacity=20, booked=20, weeks=30, status="running"),
        ),
        support_languages=("ru", "uk"),
    ),
    course(
        "bbi-ik-neue-neustadt",
        "bbi-magdeburg",
        "bbi-neue-neustadt",
        "BAMF_IK_ALLG",
        "Neue Neustadt",
        (
            _R(9, capacity=20, booked=11, weeks=30),
            _R(22, capacity=20, booked=0, weeks=30, status="planned"),
            _R(-40, capacity=20, booked=18, weeks=30, status="finished"),
        ),
    ),
    # Special integration courses
    course(
        "ib-ik-jugend",
        "ib-magdeburg",
        "ib-sudenburg",
        "BAMF_IK_JUGEND",
        "Sudenburg",
        (
            _R(1, capacity=18, booked=16, weeks=40),
            _R(16, capacity=18, booked=0, weeks=40),
            _R(-25, capacity=18, booked=18, weeks=40, status="running"),
        ),
        cost_options=("bamf",),
        support_languages=("ar", "uk", "fa"),
    ),
    course(
        "ib-ik-jugend-nord",
        "ib-magdeburg",
        "ib-neustaedter-see",
        "BAMF_IK_JUGEND",
        "Neustädter See",
        (_R(8, capacity=16, booked=9, weeks=40),),
        cost_options=("bamf",),
        support_languages=("ar", "ps", "fa"),
    ),
    course(
        "bbi-ik-eltern",
        "bbi-magdeburg",
        "bbi-neue-neustadt",
        "BAMF_IK_ELTERN",
        "Neue Neustadt",
        (_R(6, capacity=15, booked=7, weeks=40, childcare=True),),
        support_languages=("ar", "ro", "bg"),
    ),
    course(
        "vhs-ik-eltern-entwurf",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "BAMF_IK_ELTERN",
        "Olvenstedt",
        (_R(20, capacity=15, booked=0, status="planned", weeks=40),),
        status="draft",
    ),
    course(
        "vhs-ik-frauen",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "BAMF_IK_FRAUEN",
        "Olvenstedt",
        (
            _R(4, capacity=15, booked=9, weeks=40, childcare=True),
            _R(-45, capacity=15, booked=15, weeks=40, childcare=True, status="finished"),
        ),
        cost_options=("bamf",),
        support_languages=("ar", "fa", "ku"),
    ),
    course(
        "euroschulen-ik-frauen",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BAMF_IK_FRAUEN",
        "Stadtfeld Ost",
        (_R(13, capacity=15, booked=3, weeks=40, childcare=True),),
        support_languages=("ar", "ti", "so"),
    ),
    course(
        "vhs-ik-alpha",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "BAMF_IK_ALPHA",
        "Olvenstedt",
        (_R(2, capacity=16, booked=13, weeks=45, childcare=True),),
        cost_options=("bamf",),
        support_languages=("ar", "fa", "ti"),
        childcare=True,
    ),
    course(
        "ib-ik-alpha",
        "ib-magdeburg",
        "ib-sudenburg",
        "BAMF_IK_ALPHA",
        "Sudenburg",
        (_R(10, capacity=14, booked=10, weeks=45),),
        support_languages=("ar", "ps", "dar"),
    ),
    course(
        "euroschulen-ik-zweitschrift",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BAMF_IK_ZWEITSCHRIFT",
        "Stadtfeld Ost",
        (_R(6, capacity=18, booked=12, weeks=40),),
        support_languages=("ar", "uk", "ru"),
    ),
    course(
        "bbi-ik-foerder",
        "bbi-magdeburg",
        "bbi-buckau",
        "BAMF_IK_FOERDER",
        "Buckau",
        (_R(14, capacity=18, booked=4, weeks=40),),
    ),
    course(
        "vhs-ik-intensiv",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BAMF_IK_INTENSIV",
        "Altstadt",
        (_R(8, capacity=20, booked=17, time_of_day="full_time", weeks=16),),
        support_languages=("en", "uk"),
    ),
    # Job-related language courses
    course(
        "euroschulen-bsk-a2",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BSK_A2",
        "Stadtfeld Ost",
        (_R(6, capacity=20, booked=17, weeks=20),),
    ),
    course(
        "bbi-bsk-a2",
        "bbi-magdeburg",
        "bbi-buckau",
        "BSK_A2",
        "Buckau",
        (_R(17, capacity=20, booked=2, weeks=20, status="planned"),),
    ),
    course(
        "bbi-bsk-b1",
        "bbi-magdeburg",
        "bbi-neue-neustadt",
        "BSK_B1",
        "Neue Neustadt",
        (_R(4, capacity=20, booked=14, weeks=20),),
    ),
    course(
        "ib-bsk-b1",
        "ib-magdeburg",
        "ib-sudenburg",
        "BSK_B1",
        "Sudenburg",
        (_R(19, capacity=18, booked=1, weeks=20, status="planned"),),
    ),
    course(
        "ib-bsk-b2",
        "ib-magdeburg",
        "ib-sudenburg",
        "BSK_B2",
        "Sudenburg",
        (
            _R(5, capacity=20, booked=11, weeks=16),
            _R(14, capacity=20, booked=2, status="planned", weeks=16),
        ),
    ),
    course(
        "vhs-bsk-b2-abend",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BSK_B2",
        "Altstadt",
        (_R(10, capacity=18, booked=9, time_of_day=_EVENING, weeks=30),),
        variant="abends",
    ),
    course(
        "euroschulen-bsk-b2",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BSK_B2",
        "Stadtfeld Ost",
        (_R(21, capacity=20, booked=0, weeks=16, status="planned"),),
    ),
    course(
        "bbi-bsk-b2-online",
        "bbi-magdeburg",
        "bbi-buckau",
        "BSK_B2",
        "Buckau",
        (_R(12, capacity=16, booked=6, time_of_day=_EVENING, weeks=24),),
        variant="online",
        format="online",
    ),
    course(
        "vhs-bsk-c1",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BSK_C1",
        "Altstadt",
        (_R(9, capacity=16, booked=10, weeks=20),),
        support_languages=("en",),
    ),
    course(
        "ib-bsk-c1",
        "ib-magdeburg",
        "ib-sudenburg",
        "BSK_C1",
        "Sudenburg",
        (_R(24, capacity=16, booked=0, weeks=20, status="planned"),),
    ),
    course(
        "vhs-bsk-c2",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "BSK_C2",
        "Altstadt",
        (_R(16, capacity=14, booked=5, time_of_day=_EVENING, weeks=24),),
        variant="abends",
    ),
    course(
        "euroschulen-bsk-pflege",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "BSK_ANERKENNUNG",
        "Stadtfeld Ost",
        (_R(9, capacity=16, booked=6, weeks=24),),
        cost_options=("bamf",),
    ),
    course(
        "bbi-bsk-pflege",
        "bbi-magdeburg",
        "bbi-neue-neustadt",
        "BSK_ANERKENNUNG",
        "Neue Neustadt",
        (_R(20, capacity=16, booked=3, weeks=24, status="planned"),),
    ),
    course(
        "bbi-bsk-gewerbe",
        "bbi-magdeburg",
        "bbi-buckau",
        "BSK_GEWERBE",
        "Buckau",
        (_R(11, capacity=18, booked=8, time_of_day="full_time", weeks=16),),
    ),
)

BOERDE_COURSES: tuple[OfferEntry, ...] = (
    course(
        "vhs-boerde-ik-haldensleben",
        "vhs-boerde",
        "vhs-haldensleben",
        "BAMF_IK_ALLG",
        "Haldensleben",
        (_R(2, capacity=20, booked=14, weeks=30), _R(19, capacity=20, booked=1, weeks=30)),
    ),
    # The gap: the only integration course in Oschersleben starts ten weeks ahead.
    course(
        "vhs-boerde-ik-oschersleben",
        "vhs-boerde",
        "vhs-oschersleben",
        "BAMF_IK_ALLG",
        "Oschersleben",
        (_R(10, capacity=18, booked=3, weeks=30, status="planned"),),
        cost_options=("bamf",),
    ),
    course(
        "vhs-boerde-ik-wolmirstedt",
        "vhs-boerde",
        "vhs-wolmirstedt",
        "BAMF_IK_ALLG",
        "Wolmirstedt",
        (_R(7, capacity=18, booked=10, weeks=30),),
    ),
    course(
        "vhs-boerde-ik-wanzleben",
        "vhs-boerde",
        "vhs-wanzleben",
        "BAMF_IK_ALLG",
        "Wanzleben",
        (_R(13, capacity=16, booked=4, weeks=30, status="planned"),),
    ),
    course(
        "vhs-boerde-alpha-haldensleben",
        "vhs-boerde",
        "vhs-haldensleben",
        "BAMF_IK_ALPHA",
        "Haldensleben",
        (_R(5, capacity=14, booked=8, weeks=45, childcare=True),),
    ),
    course(
        "vhs-boerde-frauen-wolmirstedt",
        "vhs-boerde",
        "vhs-wolmirstedt",
        "BAMF_IK_FRAUEN",
        "Wolmirstedt",
        (_R(15, capacity=14, booked=5, weeks=40, childcare=True),),
    ),
    course(
        "vhs-boerde-bsk-wolmirstedt",
        "vhs-boerde",
        "vhs-wolmirstedt",
        "BSK_B2",
        "Wolmirstedt",
        (_R(8, capacity=16, booked=15, weeks=16),),
    ),
    course(
        "vhs-boerde-bsk-a2-haldensleben",
        "vhs-boerde",
        "vhs-haldensleben",
        "BSK_A2",
        "Haldensleben",
        (_R(12, capacity=16, booked=6, weeks=20),),
    ),
    course(
        "vhs-boerde-bsk-b1-oschersleben",
        "vhs-boerde",
        "vhs-oschersleben",
        "BSK_B1",
        "Oschersleben",
        (_R(4, capacity=14, booked=9, weeks=20),),
    ),
    # No longer offered: kept archived so that partner feeds drop it.
    course(
        "vhs-boerde-ik-barleben",
        "vhs-boerde",
        "vhs-wolmirstedt",
        "BAMF_IK_ALLG",
        "Barleben",
        (),
        status="archived",
    ),
)

LANGUAGE_COURSES: tuple[OfferEntry, ...] = (*MAGDEBURG_COURSES, *BOERDE_COURSES)
