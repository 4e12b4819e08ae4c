"""The demo's offers of early childhood education (Kita, parent-child groups) and school (school
registration, DaZ and preparatory classes, school counselling). Only some are translated: the
others show the fallback to German on purpose."""

from __future__ import annotations

from koko_offers.demo.entries import OfferEntry, RunEntry

_O = OfferEntry
_CHILDREN = ("children", "parents")

EARLY_CHILDHOOD: tuple[OfferEntry, ...] = (
    _O(
        "stadt-kita-platz",
        "stadt-magdeburg-bildung",
        "stadt-schulamt",
        "kita",
        "Kita-Platz finden und beantragen",
        "Beratung zum Rechtsanspruch auf einen Kita-Platz und Hilfe beim Antrag im Kita-Portal.",
        target_groups=("parents",),
        support_languages=("ar", "uk", "ru"),
        translations={
            "en": (
                "Finding and applying for a day care place",
                "Advice on the right to a day care place and help with the application.",
            ),
            "uk": (
                "Як знайти місце в дитячому садку і подати заяву",
                "Консультації щодо права на місце в дитсадку та допомога із заявою.",
            ),
        },
    ),
    _O(
        "kita-regenbogen-sprachkita",
        "kita-regenbogen",
        "kita-regenbogen-haus",
        "kita",
        "Sprach-Kita Regenbogen",
        "Alltagsintegrierte Sprachbildung für Kinder von 1 bis 6 Jahren, freie Plätze ab Frühjahr.",
        target_groups=_CHILDREN,
        min_age=1,
        max_age=6,
        support_languages=("ar", "ru"),
        cost_options=("free", "fee"),
        fee_note="Elternbeitrag nach Einkommen; im Asylverfahren übernimmt ihn die Stadt.",
    ),
    _O(
        "kita-pusteblume-brueckenangebot",
        "kita-pusteblume",
        "kita-pusteblume-haus",
        "kita",
        "Brückenangebot: Spielgruppe vor dem Kita-Start",
        "Kinder ohne Kita-Platz spielen zweimal pro Woche in der Kita und lernen den Alltag "
        "kennen.",
        target_groups=_CHILDREN,
        min_age=2,
        max_age=6,
        runs=(RunEntry(2, capacity=10, booked=6, weeks=12, time_of_day="part_time"),),
    ),
    _O(
        "awo-kita-olvenstedt",
        "awo-magdeburg",
        "awo-olvenstedt",
        "kita",
        "AWO Kita im Familienzentrum Olvenstedt",
        "Kita mit mehrsprachigen Fachkräften und Elternarbeit im Familienzentrum.",
        target_groups=_CHILDREN,
        min_age=1,
        max_age=6,
        support_languages=("ar", "ku"),
    ),
    _O(
        "kita-boerdespatzen-eingewoehnung",
        "kita-boerdespatzen",
        "kita-boerdespatzen-haus",
        "kita",
        "Kita Bördespatzen: Eingewöhnung mit Sprachmittlung",
        "Eingewöhnung neu zugewanderter Kinder mit Sprachmittlerinnen in Haldensleben.",
        target_groups=_CHILDREN,
        min_age=1,
        max_age=6,
        support_languages=("uk", "ar"),
    ),
    _O(
        "landkreis-boerde-tagespflege",
        "landkreis-boerde-bildung",
        "landkreis-haldensleben",
        "kita",
        "Kindertagespflege im Landkreis Börde",
        "Vermittlung von Tagesmüttern und Tagesvätern in den Gemeinden des Landkreises.",
        target_groups=("parents",),
    ),
    _O(
        "caritas-elterncafe",
        "caritas-magdeburg",
        "caritas-buckau",
        "parent_child",
        "Elterncafé Buckau",
        "Offener Treff für Eltern mit kleinen Kindern: Fragen zu Kita und Schule, Deutsch üben.",
        target_groups=_CHILDREN,
        childcare=True,
        support_languages=("ar", "ro"),
    ),
    _O(
        "kita-pusteblume-eltern-kind",
        "kita-pusteblume",
        "kita-pusteblume-haus",
        "parent_child",
        "Eltern-Kind-Gruppe Pusteblume",
        "Singen, Spielen und Austausch für Eltern mit Kindern unter drei Jahren, jeden Mittwoch.",
        target_groups=_CHILDREN,
        max_age=3,
        translations={
            "en": (
                "Parent and child group Pusteblume",
                "Singing, playing and talking for parents with children under three, every "
                "Wednesday.",
            ),
        },
    ),
    _O(
        "awo-griffbereit",
        "awo-magdeburg",
        "awo-olvenstedt",
        "parent_child",
        "Griffbereit – mehrsprachige Eltern-Kind-Gruppe",
        "Eltern stärken die Familiensprache und lernen spielerisch Deutsch mit ihren Kindern.",
        target_groups=_CHILDREN,
        support_languages=("ar", "ru", "tr"),
        runs=(RunEntry(3, capacity=12, booked=5, weeks=20, weekday=3),),
    ),
    _O(
        "stadtbibliothek-vorlesen",
        "stadtbibliothek-magdeburg",
        "stadtbibliothek-reform",
        "parent_child",
        "Mehrsprachiges Vorlesen in Reform",
        "Bilderbücher auf Deutsch und in anderen Sprachen für Kinder ab drei mit ihren Eltern.",
        target_groups=_CHILDREN,
        min_age=3,
        support_languages=("ar", "uk", "fa"),
    ),
    _O(
        "awo-boerde-familienfruehstueck",
        "awo-boerde",
        "awo-oschersleben",
        "parent_child",
        "Familienfrühstück Oschersleben",
        "Gemeinsames Frühstück für Familien mit kleinen Kindern, Beratung zu Kita und Gesundheit.",
        target_groups=_CHILDREN,
    ),
)

SCHOOL: tuple[OfferEntry, ...] = (
    _O(
        "stadt-daz",
        "stadt-magdeburg-bildung",
        "stadt-schulamt",
        "daz_class",
        "Schulanmeldung und DaZ-Klassen",
        "Anmeldung neu zugewanderter Kinder und Jugendlicher in der Schule; Vermittlung in "
        "Klassen mit Deutsch als Zweitsprache.",
        target_groups=("children", "youth_under_27", "parents"),
        min_age=6,
        max_age=18,
        support_languages=("ar", "uk"),
        translations={
            "uk": (
                "Запис до школи та класи DaZ",
                "Запис новоприбулих дітей і підлітків до школи; направлення до класів з "
                "німецькою як другою мовою.",
            )
        },
    ),
    _O(
        "gs-westring-daz",
        "gs-westring",
        "gs-westring-haus",
        "daz_class",
        "DaZ-Fördergruppen an der Grundschule am Westring",
        "Deutsch als Zweitsprache in kleinen Gruppen neben dem Unterricht der Regelklasse.",
        target_groups=("children",),
        min_age=6,
        max_age=10,
    ),
    _O(
        "gms-kannenstieg-vorbereitung",
        "gms-kannenstieg",
        "gms-kannenstieg-haus",
        "daz_class",
        "Vorbereitungsklasse Kannenstieg",
        "Ein Jahr intensiv Deutsch für Jugendliche von 10 bis 16, danach schrittweise in die "
        "Regelklasse.",
        target_groups=("children", "youth_under_27"),
        min_age=10,
        max_age=16,
        translations={
            "en": (
                "Preparatory class Kannenstieg",
                "One year of intensive German for young people aged 10 to 16, then step by step "
                "into a regular class.",
            )
        },
    ),
    _O(
        "bbs-beims-sprachklasse",
        "bbs-hermann-beims",
        "bbs-beims-haus",
        "daz_class",
        "Berufsvorbereitungsjahr mit Sprachförderung",
        "Für schulpflichtige Jugendliche ab 16: Deutsch, Mathematik und Berufsfelder, mit "
        "Hauptschulabschluss.",
        target_groups=("youth_under_27",),
        min_age=16,
        max_age=21,
        runs=(RunEntry(10, capacity=18, booked=11, time_of_day="full_time", weeks=44),),
    ),
    _O(
        "landkreis-boerde-schulanmeldung",
        "landkreis-boerde-bildung",
        "landkreis-haldensleben",
        "daz_class",
        "Schulanmeldung im Landkreis Börde",
        "Erstgespräch, Sprachstandsfeststellung und Zuweisung an eine Schule mit Sprachförderung.",
        target_groups=("children", "youth_under_27", "parents"),
        min_age=6,
        max_age=18,
        support_languages=("uk", "ar"),
    ),
    _O(
        "bbs-boerde-sprachklasse",
        "bbs-boerde",
        "bbs-boerde-haldensleben",
        "daz_class",
        "Sprachklasse an den BbS Börde",
        "Berufsschulpflichtige Jugendliche lernen Deutsch und bereiten sich auf eine Ausbildung "
        "vor.",
        target_groups=("youth_under_27",),
        min_age=16,
        max_age=21,
        runs=(RunEntry(18, capacity=16, booked=4, time_of_day="full_time", weeks=40),),
    ),
    _O(
        "stadt-schulberatung",
        "stadt-magdeburg-bildung",
        "stadt-schulamt",
        "school_counselling",
        "Schullaufbahnberatung für zugewanderte Familien",
        "Welche Schulform passt, wie werden Zeugnisse anerkannt, welche Abschlüsse sind möglich?",
        target_groups=("parents", "youth_under_27"),
        support_languages=("ar", "uk", "fa"),
        translations={
            "en": (
                "School career advice for immigrant families",
                "Which type of school fits, how are school reports recognised, which "
                "qualifications are possible?",
            )
        },
    ),
    _O(
        "ib-schulsozialarbeit",
        "ib-magdeburg",
        "ib-neustaedter-see",
        "school_counselling",
        "Bildungsberatung für Jugendliche",
        "Unterstützung beim Schulabschluss, bei Nachhilfe und beim Übergang in Ausbildung.",
        target_groups=("youth_under_27",),
        min_age=12,
        max_age=27,
    ),
    _O(
        "landkreis-boerde-schulabschluss",
        "landkreis-boerde-bildung",
        "landkreis-haldensleben",
        "school_counselling",
        "Beratung zum Nachholen von Schulabschlüssen",
        "Wege zum Haupt- und Realschulabschluss für junge Erwachsene im Landkreis.",
        target_groups=("youth_under_27", "adults"),
    ),
    _O(
        "vhs-schulabschluss",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "school_counselling",
        "Hauptschulabschluss für Erwachsene",
        "Abendkurs zur Vorbereitung auf die Prüfung zum Hauptschulabschluss, mit Deutschförderung.",
        target_groups=("adults", "youth_under_27"),
        min_age=18,
        runs=(RunEntry(14, capacity=16, booked=7, time_of_day="evening", weeks=40),),
    ),
)
