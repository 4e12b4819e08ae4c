"""The demo's offers on the way into work and study: vocational orientation, vocational training,
further training and qualification, and access to higher education (German only, some in
English)."""

from __future__ import annotations

from koko_offers.demo.entries import OfferEntry, RunEntry

_O = OfferEntry
_R = RunEntry
_JOBCENTER = ("jobcenter", "bildungsgutschein")
_PROTECTED = ("recognised_refugee", "subsidiary_protection", "temporary_protection_ukraine")
_YOUTH = ("youth_under_27",)

VOCATIONAL: tuple[OfferEntry, ...] = (
    _O(
        "jobcenter-orientierung",
        "jobcenter-magdeburg",
        "jobcenter-altstadt",
        "vocational_orientation",
        "Berufsorientierung für Neuzugewanderte",
        "Zwölf Wochen Orientierung in Berufsfeldern mit Praktikum und Bewerbungstraining.",
        cost_options=_JOBCENTER,
        residence_statuses=_PROTECTED,
        runs=(_R(4, capacity=14, booked=9, time_of_day="full_time", weeks=12),),
        translations={
            "en": (
                "Vocational orientation for newcomers",
                "Twelve weeks exploring occupations, with an internship and application training.",
            )
        },
    ),
    _O(
        "agentur-berufsberatung",
        "agentur-magdeburg",
        "agentur-alte-neustadt",
        "vocational_orientation",
        "Berufsberatung für Erwachsene",
        "Welche Berufe passen zu meinen Erfahrungen? Beratung zu Ausbildung, Umschulung und "
        "Förderung.",
        support_languages=("en", "ar", "uk"),
    ),
    _O(
        "agentur-jugendberufsagentur",
        "agentur-magdeburg",
        "agentur-alte-neustadt",
        "vocational_orientation",
        "Jugendberufsagentur Magdeburg",
        "Berufsberatung, Jobcenter und Jugendhilfe unter einem Dach für junge Menschen bis 25.",
        target_groups=_YOUTH,
        max_age=25,
    ),
    _O(
        "ib-kompetenzfeststellung",
        "ib-magdeburg",
        "ib-sudenburg",
        "vocational_orientation",
        "Kompetenzfeststellung und Praktikum",
        "Drei Wochen praktisch ausprobieren: Metall, Lager, Pflege, Gastronomie.",
        cost_options=("jobcenter",),
        runs=(_R(7, capacity=12, booked=4, time_of_day="full_time", weeks=3),),
    ),
    _O(
        "hwk-werkstatttage",
        "hwk-magdeburg",
        "hwk-werder",
        "vocational_orientation",
        "Werkstatttage im Handwerk",
        "Jugendliche probieren in den Lehrwerkstätten Elektro, Holz, Farbe und Kfz aus.",
        target_groups=_YOUTH,
        min_age=15,
        max_age=27,
        runs=(_R(9, capacity=16, booked=8, time_of_day="full_time", weeks=1),),
    ),
    _O(
        "jobcenter-boerde-orientierung",
        "jobcenter-boerde",
        "jobcenter-haldensleben",
        "vocational_orientation",
        "Perspektiven für Zugewanderte – Börde",
        "Orientierung, Bewerbungen und Betriebsbesuche in Haldensleben und Oschersleben.",
        cost_options=("jobcenter",),
        residence_statuses=_PROTECTED,
        runs=(_R(6, capacity=12, booked=3, weeks=10),),
    ),
    _O(
        "ihk-ausbildungsberatung",
        "ihk-magdeburg",
        "ihk-altstadt",
        "vocational_training",
        "Ausbildungsberatung der IHK",
        "Freie Ausbildungsplätze, Einstiegsqualifizierung und Ausbildungsvertrag: Beratung für "
        "Jugendliche und Betriebe.",
        target_groups=("youth_under_27", "adults"),
    ),
    _O(
        "hwk-ausbildung-handwerk",
        "hwk-magdeburg",
        "hwk-werder",
        "vocational_training",
        "Ausbildung im Handwerk mit Sprachbegleitung",
        "Vermittlung in eine Ausbildung mit ausbildungsbegleitendem Deutschunterricht.",
        target_groups=_YOUTH,
        min_age=16,
        max_age=27,
    ),
    _O(
        "agentur-einstiegsqualifizierung",
        "agentur-magdeburg",
        "agentur-alte-neustadt",
        "vocational_training",
        "Einstiegsqualifizierung (EQ)",
        "Sechs bis zwölf Monate Praktikum im Betrieb als Vorstufe zur Ausbildung, gefördert von "
        "der Agentur für Arbeit.",
        target_groups=_YOUTH,
        runs=(_R(10, capacity=None, booked=5, time_of_day="full_time", weeks=40),),
    ),
    _O(
        "bbs-beims-assistierte-ausbildung",
        "bbs-hermann-beims",
        "bbs-beims-haus",
        "vocational_training",
        "Assistierte Ausbildung mit Fachsprache",
        "Stützunterricht und Fachsprache Deutsch während der Berufsschulzeit.",
        target_groups=_YOUTH,
    ),
    _O(
        "bbs-boerde-pflegehelfer",
        "bbs-boerde",
        "bbs-boerde-haldensleben",
        "vocational_training",
        "Ausbildung Pflegehilfe mit Sprachförderung",
        "Einjährige Ausbildung zur Pflegehelferin oder zum Pflegehelfer mit zusätzlichem "
        "Deutschunterricht.",
        runs=(_R(22, capacity=20, booked=6, time_of_day="full_time", weeks=52),),
    ),
    _O(
        "ib-ausbildung-teilzeit",
        "ib-magdeburg",
        "ib-sudenburg",
        "vocational_training",
        "Teilzeitausbildung für Eltern",
        "Ausbildung in Teilzeit für Mütter und Väter mit Begleitung und Kinderbetreuung.",
        target_groups=("parents", "women"),
        childcare=True,
    ),
    _O(
        "bbi-lagerlogistik",
        "bbi-magdeburg",
        "bbi-buckau",
        "qualification",
        "Qualifizierung Lager und Logistik mit Staplerschein",
        "Zwölf Wochen Fachkraft Lagerlogistik in Teilen, mit Berufssprache und Staplerschein.",
        cost_options=_JOBCENTER,
        runs=(
            _R(3, capacity=14, booked=12, time_of_day="full_time", weeks=12),
            _R(16, capacity=14, booked=2, time_of_day="full_time", weeks=12),
        ),
    ),
    _O(
        "euroschulen-pflegebasis",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "qualification",
        "Pflegebasiskurs",
        "Grundlagen der Pflege mit Praktikum in einer Einrichtung, Einstieg in die Pflegehilfe.",
        cost_options=_JOBCENTER,
        runs=(_R(8, capacity=16, booked=10, time_of_day="full_time", weeks=10),),
    ),
    _O(
        "iq-anpassungsqualifizierung",
        "iq-sachsen-anhalt",
        "iq-altstadt",
        "qualification",
        "Anpassungsqualifizierung Elektrotechnik",
        "Fehlende Inhalte nachholen, wenn die Anerkennung nur teilweise erfolgt ist.",
        runs=(_R(13, capacity=12, booked=5, time_of_day="full_time", weeks=20),),
    ),
    _O(
        "vhs-it-grundlagen",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "qualification",
        "Computer-Grundlagen für den Beruf",
        "E-Mail, Textverarbeitung und Online-Bewerbung in einfacher Sprache.",
        cost_options=("fee", "reduced_fee"),
        fee_note="60 €, ermäßigt 30 €.",
        runs=(_R(5, capacity=12, booked=12, status="full", waitlist=3, weeks=6),),
    ),
    _O(
        "drk-erste-hilfe",
        "drk-magdeburg",
        "drk-stadtfeld",
        "qualification",
        "Erste-Hilfe-Kurs für Führerschein und Beruf",
        "Ein Tag Erste Hilfe, auch mit Übersetzung ins Arabische und Ukrainische.",
        cost_options=("fee",),
        fee_note="45 €.",
        support_languages=("ar", "uk"),
        runs=(
            _R(2, capacity=20, booked=14, time_of_day="weekend", weeks=1, weekday=6),
            _R(11, capacity=20, booked=3, time_of_day="weekend", weeks=1, weekday=6),
        ),
    ),
    _O(
        "vhs-boerde-berufskraftfahrer",
        "vhs-boerde",
        "vhs-oschersleben",
        "qualification",
        "Grundqualifikation Berufskraftfahrer",
        "Vorbereitung auf die Prüfung bei der IHK mit Fachwortschatz Deutsch.",
        cost_options=_JOBCENTER,
        runs=(_R(17, capacity=12, booked=2, time_of_day="full_time", weeks=14),),
    ),
)

HIGHER_EDUCATION: tuple[OfferEntry, ...] = (
    _O(
        "ovgu-studienberatung",
        "ovgu-international",
        "ovgu-campus",
        "higher_education",
        "Studienberatung für Geflüchtete",
        "Wege ins Studium: Hochschulzugang, Studienkolleg, Sprachnachweise, Finanzierung.",
        target_groups=("youth_under_27", "adults", "refugees"),
        support_languages=("en",),
        format="hybrid",
        translations={
            "en": (
                "Study advice for refugees",
                "Ways into university: admission, preparatory college, language certificates, "
                "funding.",
            )
        },
    ),
    _O(
        "ovgu-dsh-vorbereitung",
        "ovgu-international",
        "ovgu-campus",
        "higher_education",
        "Deutschkurs zur DSH-Vorbereitung",
        "Deutsch von B2 bis C1 für Studieninteressierte, Abschluss mit der DSH-Prüfung.",
        target_groups=("youth_under_27", "adults"),
        cost_options=("free", "fee"),
        runs=(_R(15, capacity=25, booked=18, time_of_day="full_time", weeks=16),),
    ),
    _O(
        "ovgu-gasthoerer",
        "ovgu-international",
        "ovgu-campus",
        "higher_education",
        "Gasthörerschaft für Geflüchtete",
        "Vorlesungen besuchen, bevor die Zulassung zum Studium da ist.",
        target_groups=("refugees",),
    ),
    _O(
        "hs-studienorientierung",
        "hs-magdeburg-stendal",
        "hs-herrenkrug",
        "higher_education",
        "Studienorientierung an der Hochschule Magdeburg-Stendal",
        "Schnuppertage in Ingenieur-, Sozial- und Gesundheitsstudiengängen mit Beratung zur "
        "Zulassung.",
        target_groups=("youth_under_27",),
        runs=(_R(6, capacity=30, booked=11, weeks=1, weekday=4),),
    ),
    _O(
        "hs-zeugnisbewertung",
        "hs-magdeburg-stendal",
        "hs-herrenkrug",
        "higher_education",
        "Beratung zu Zeugnisbewertung und uni-assist",
        "Wie werden ausländische Schul- und Hochschulzeugnisse bewertet, wann braucht es "
        "uni-assist?",
        format="online",
        status="draft",
    ),
)
