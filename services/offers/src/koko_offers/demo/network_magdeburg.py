"""The demo network of Magdeburg, after the city's final report: the Netzwerk für Integration
und Migration with its three working groups (Sprache, Ausbildung und Arbeit, (Inter-)Kulturelles
und Soziales), the AG Arbeitsmarktintegration, the administration's internal AG, the round table
of language course providers with the BAMF, and the ties between the Bildungsbüro, Jobcenter,
Agentur für Arbeit, chambers, providers and migrant organisations. Contacts are function
mailboxes; organisations without a demo provider are typical of the region, their details made
up."""

from __future__ import annotations

from datetime import date

from koko_offers.demo.network_entries import (
    FollowUpEntry,
    GroupEntry,
    MeetingEntry,
    NetworkEntry,
    TieEntry,
)
from koko_offers.demo.network_magdeburg_actors import ACTORS
from koko_shared.demo_regions import MAGDEBURG

_T = TieEntry

_M, _C, _G = "member", "chair", "guest"
GROUPS = (
    GroupEntry(
        "netzwerk",
        "network",
        "Netzwerk für Integration und Migration Magdeburg",
        ("participation",),
        (("integration", _C), ("beirat", _M), ("lamsa", _M)),
        convenor="integration",
        purpose="Zusammenschluss der in der Integrationsarbeit tätigen Akteure mit drei "
        "Arbeitsgruppen; jährliches Gespräch der Sprecher mit dem Oberbürgermeister.",
        since=date(2006, 1, 1),
    ),
    GroupEntry(
        "ag-sprache",
        "working_group",
        "AG Sprache",
        ("language",),
        (
            ("bildungsbuero", _C),
            ("vhs", _M),
            ("ib", _M),
            ("euroschulen", _M),
            ("bbi", _M),
            ("caritas", _M),
            ("stadtbibliothek", _M),
            ("welcome-treff", _M),
            ("kita-regenbogen", _M),
        ),
        convenor="bildungsbuero",
        parent="netzwerk",
    ),
    GroupEntry(
        "ag-arbeit",
        "working_group",
        "AG Ausbildung und Arbeit",
        ("work",),
        (
            ("jobcenter", _C),
            ("agentur", _M),
            ("ihk", _M),
            ("hwk", _M),
            ("bbs", _M),
            ("iq", _M),
            ("ib", _M),
            ("bildungsbuero", _M),
        ),
        convenor="jobcenter",
        parent="netzwerk",
    ),
    GroupEntry(
        "ag-kultur",
        "working_group",
        "AG (Inter-)Kulturelles und Soziales",
        ("participation", "housing_neighbourhood"),
        (
            ("integration", _C),
            ("awo", _M),
            ("drk", _M),
            ("eine-welt-haus", _M),
            ("lamsa", _M),
            ("freiwilligenagentur", _M),
            ("sv-sudenburg", _M),
            ("gwa-see", _M),
        ),
        convenor="integration",
        parent="netzwerk",
    ),
    GroupEntry(
        "ag-arbeitsmarkt",
        "working_group",
        "AG Arbeitsmarktintegration von Migranten",
        ("work",),
        (
            ("agentur", _C),
            ("jobcenter", _M),
            ("ihk", _M),
            ("hwk", _M),
            ("iq", _M),
            ("bildungsbuero", _M),
            ("bbi", _M),
        ),
        convenor="agentur",
        purpose="Kontaktbörsen für Unternehmen und Geflüchtete.",
    ),
    GroupEntry(
        "ag-verwaltung",
        "working_group",
        "Verwaltungsinterne AG Integration und Migration",
        ("intercultural_opening",),
        (
            ("integration", _C),
            ("bildungsbuero", _M),
            ("jugendamt", _M),
            ("auslaenderbehoerde", _M),
            ("gesundheitsamt", _M),
            ("fb-schule", _M),
        ),
        convenor="integration",
        published=False,
    ),
    GroupEntry(
        "runder-tisch",
        "round_table",
        "Runder Tisch Sprachkursträger",
        ("language",),
        (
            ("bildungsbuero", _C),
            ("bamf", _M),
            ("vhs", _M),
            ("ib", _M),
            ("euroschulen", _M),
            ("bbi", _M),
            ("jobcenter", _M),
            ("agentur", _G),
        ),
        convenor="bildungsbuero",
        purpose="Abstimmung der Kursangebote der Sprachkursträger unter Beteiligung des BAMF.",
        since=date(2017, 3, 1),
    ),
)

TIES = (
    _T(
        "cooperation_agreement",
        "bildungsbuero",
        "transmit",
        date(2017, 1, 1),
        note="Kooperationsvereinbarung, fortgeschrieben 2019",
    ),
    _T("cooperation_agreement", "jobcenter", "agentur", date(2016, 1, 1)),
    _T("cooperation_agreement", "elterncafe", "kita-regenbogen", date(2025, 9, 1), published=False),
    _T("referral", "jobcenter", "vhs", date(2016, 1, 1), note="Integrationskurse"),
    _T("referral", "jobcenter", "euroschulen", date(2016, 1, 1)),
    _T("referral", "jobcenter", "bbi", date(2017, 6, 1), note="Berufssprachkurse"),
    _T("referral", "agentur", "iq", date(2016, 4, 1), note="Anerkennungsberatung"),
    _T("referral", "auslaenderbehoerde", "caritas", date(2016, 1, 1)),
    _T("referral", "caritas", "vhs", date(2016, 1, 1)),
    _T("referral", "diakonie", "gesundheitsamt", date(2018, 1, 1)),
    _T("referral", "gms-kannenstieg", "jugendamt", date(2018, 8, 1)),
    _T("working_contact", "bildungsbuero", "jobcenter", date(2016, 10, 1)),
    _T("working_contact", "bildungsbuero", "ihk", date(2017, 1, 1)),
    _T("working_contact", "bildungsbuero", "hwk", date(2017, 1, 1)),
    _T("working_contact", "bildungsbuero", "lamsa", date(2018, 1, 1)),
    _T("working_contact", "bildungsbuero", "landesschulamt", date(2017, 1, 1)),
    _T("working_contact", "bildungsbuero", "bamf", date(2016, 10, 1)),
    _T("working_contact", "landesschulamt", "bbs", date(2016, 1, 1)),
    _T("working_contact", "landesschulamt", "gms-kannenstieg", date(2016, 1, 1)),
    _T("working_contact", "stadtbibliothek", "welcome-treff", date(2019, 1, 1)),
    _T("working_contact", "ovgu", "hs-md", date(2016, 1, 1), note="Studienvorbereitung"),
    _T("working_contact", "awo", "gwa-see", date(2017, 1, 1)),
    _T(
        "working_contact",
        "willkommensbuendnis",
        "freiwilligenagentur",
        date(2015, 9, 1),
        until=date(2019, 12, 31),
    ),
    _T("funding", "integration", "lamsa", date(2019, 1, 1), note="Projektförderung"),
    _T("funding", "integration", "eine-welt-haus", date(2018, 1, 1)),
    _T(
        "working_contact",
        "kita-regenbogen",
        "jugendamt",
        date(2020, 1, 1),
        recent_days=30,
        note="Sprach-Kita: Elternarbeit",
    ),
)

MEETINGS = (
    MeetingEntry(
        "runder-tisch-1",
        "runder-tisch",
        120,
        "Runder Tisch Sprachkursträger – Frühjahr",
        ("bildungsbuero", "bamf", "vhs", "ib", "euroschulen", "bbi", "jobcenter"),
        (
            "Kursplanung des zweiten Halbjahres nach dem Rotationsprinzip",
            "Wartelisten der Jugendintegrationskurse",
        ),
        (
            "Die Träger stimmen Kursstarts gleicher Kursart im selben Monat vorab ab.",
            "Die monatliche Sprachkursübersicht wird aus Koko gedruckt.",
        ),
        "Das BAMF berichtet über die Zulassungszahlen. Die Träger melden Wartelisten vor "
        "allem bei Jugendintegrationskursen. Vereinbart wird ein Rotationsprinzip für "
        "Kursstarts, damit nicht zwei Träger in derselben Woche dieselbe Kursart beginnen.",
        (
            FollowUpEntry(
                "Übersicht der Wartelisten an das BAMF senden", "bildungsbuero", -90, "done"
            ),
        ),
    ),
    MeetingEntry(
        "runder-tisch-2",
        "runder-tisch",
        45,
        "Runder Tisch Sprachkursträger – Sommer",
        ("bildungsbuero", "bamf", "vhs", "euroschulen", "bbi", "jobcenter", "agentur"),
        (
            "Kinderbetreuung während der Elternintegrationskurse",
            "Berufssprachkurse für Pflegeberufe",
        ),
        ("Jobcenter und Träger klären den Bedarf an Kinderbetreuung gemeinsam.",),
        "Mehrere Teilnehmende eines Elternintegrationskurses brechen ab, weil die "
        "Kinderbetreuung fehlt. Die Agentur für Arbeit berichtet über die Nachfrage nach "
        "Berufssprachkursen in der Pflege.",
        (
            FollowUpEntry(
                "Kinderbetreuungsplätze für den Elternintegrationskurs abfragen",
                "jobcenter",
                -5,
                "in_progress",
            ),
            FollowUpEntry(
                "Gemeinsamen Starttermin für A2-Kurse in Neustädter See prüfen", "vhs", 14
            ),
        ),
    ),
    MeetingEntry(
        "ag-sprache-1",
        "ag-sprache",
        20,
        "AG Sprache – Sitzung",
        ("bildungsbuero", "vhs", "ib", "caritas", "stadtbibliothek", "welcome-treff"),
        ("Sprachcafés in den Stadtteilen", "Mehrsprachige Elterninformation"),
        ("Die Stadtbibliothek lädt monatlich zum Sprachcafé ein.",),
        "Die AG sammelt die Sprachcafés der Stadtteile; im Norden fehlen Angebote für Eltern.",
        (FollowUpEntry("Angebote für Eltern in Neue Neustadt erfragen", "caritas", 30),),
    ),
)

MAGDEBURG_NETWORK = NetworkEntry(MAGDEBURG, ACTORS, GROUPS, TIES, MEETINGS)
