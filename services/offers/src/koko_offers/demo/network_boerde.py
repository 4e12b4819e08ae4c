"""The demo network of the Landkreis Börde, after the district's report in the programme
brochure: the Netzwerk „Migration im Landkreis Börde" with its working groups, the Amt für
Migration and its Bildungskoordination, the Jobcenter, the Kreisvolkshochschule, welfare
associations and volunteers in the towns."""

from __future__ import annotations

from datetime import date

from koko_offers.demo.entries import BARLEBEN, HALDENSLEBEN, OSCHERSLEBEN, WANZLEBEN, WOLMIRSTEDT
from koko_offers.demo.network_entries import (
    ActorEntry,
    FollowUpEntry,
    GroupEntry,
    MeetingEntry,
    NetworkEntry,
    TieEntry,
)
from koko_shared.demo_regions import BOERDE

_A = ActorEntry
_T = TieEntry

ACTORS = (
    _A(
        "bildungskoordination",
        "administration",
        ("education", "language", "work"),
        provider="landkreis-boerde-bildung",
        role="Bildungskoordination für Neuzugewanderte",
        mailbox="bildungskoordination",
    ),
    _A(
        "amt-migration",
        "administration",
        ("counselling", "participation"),
        name="Landkreis Börde – Amt für Migration",
        role="Amtsleitung Migration",
        mailbox="migration",
    ),
    _A(
        "jobcenter",
        "jobcenter",
        ("work", "language"),
        provider="jobcenter-boerde",
        role="Team Migration",
        mailbox="team-migration",
    ),
    _A(
        "agentur",
        "employment_agency",
        ("work",),
        name="Agentur für Arbeit Magdeburg – Geschäftsstelle Haldensleben",
        role="Berufsberatung",
        mailbox="berufsberatung",
    ),
    _A(
        "kvhs",
        "vhs",
        ("language", "education"),
        provider="vhs-boerde",
        role="Integrationskurse",
        mailbox="integrationskurse",
    ),
    _A(
        "awo",
        "welfare_association",
        ("counselling", "participation"),
        provider="awo-boerde",
        areas=(HALDENSLEBEN, OSCHERSLEBEN),
        role="Migrationsberatung",
        mailbox="mbe",
    ),
    _A(
        "diakonie",
        "welfare_association",
        ("counselling", "health"),
        provider="diakonie-boerde",
        areas=(HALDENSLEBEN, WOLMIRSTEDT),
        role="Flüchtlingssozialarbeit",
        mailbox="beratung",
    ),
    _A(
        "bbs",
        "school",
        ("education", "work"),
        provider="bbs-boerde",
        targets=("youth_under_27",),
        role="Sprachklassen",
        mailbox="sprachklassen",
    ),
    _A(
        "kita",
        "kita",
        ("education",),
        provider="kita-boerdespatzen",
        targets=("children", "parents"),
        areas=(HALDENSLEBEN,),
        role="Kita-Leitung",
        mailbox="leitung",
    ),
    _A(
        "tsv",
        "culture_sport",
        ("participation",),
        provider="tsv-barleben",
        areas=(BARLEBEN,),
        role="Integration durch Sport",
        mailbox="sport",
    ),
    _A(
        "bibliothek",
        "culture_sport",
        ("language", "participation"),
        provider="bibliothek-haldensleben",
        areas=(HALDENSLEBEN,),
        role="Leseförderung",
        mailbox="lesefoerderung",
    ),
    _A(
        "bamf",
        "bamf",
        ("language",),
        name="BAMF – Regionalkoordination Sachsen-Anhalt",
        role="Regionalkoordination Integrationskurse",
        mailbox="regionalkoordination",
    ),
    _A(
        "lotsen",
        "volunteer_initiative",
        ("civic_engagement", "counselling"),
        name="Integrationslotsen Börde",
        areas=(WANZLEBEN, OSCHERSLEBEN),
        role="Koordination Ehrenamt",
        mailbox="lotsen",
    ),
    _A(
        "frauenverein",
        "migrant_organisation",
        ("participation",),
        name="Internationaler Frauentreff Oschersleben",
        targets=("women",),
        areas=(OSCHERSLEBEN,),
        role="Treffpunkt",
        mailbox="treff",
    ),
)

_M, _C = "member", "chair"
GROUPS = (
    GroupEntry(
        "netzwerk",
        "network",
        "Netzwerk Migration im Landkreis Börde",
        ("participation",),
        (("amt-migration", _C), ("lotsen", _M), ("frauenverein", _M)),
        convenor="amt-migration",
        purpose="Einbindung der Akteure; die Arbeitsgruppen greifen aktuelle Bedarfe auf.",
        since=date(2016, 1, 1),
    ),
    GroupEntry(
        "ag-sprache-bildung",
        "working_group",
        "AG Sprache und Bildung",
        ("language", "education"),
        (
            ("bildungskoordination", _C),
            ("kvhs", _M),
            ("bbs", _M),
            ("kita", _M),
            ("bibliothek", _M),
            ("awo", _M),
        ),
        convenor="bildungskoordination",
        parent="netzwerk",
    ),
    GroupEntry(
        "ag-arbeit",
        "working_group",
        "AG Arbeit und Ausbildung",
        ("work",),
        (("jobcenter", _C), ("agentur", _M), ("bbs", _M), ("bildungskoordination", _M)),
        convenor="jobcenter",
        parent="netzwerk",
    ),
    GroupEntry(
        "runder-tisch",
        "round_table",
        "Runder Tisch Sprachkurse Börde",
        ("language",),
        (("bildungskoordination", _C), ("bamf", _M), ("kvhs", _M), ("jobcenter", _M)),
        convenor="bildungskoordination",
        since=date(2018, 1, 1),
    ),
)

TIES = (
    _T("referral", "jobcenter", "kvhs", date(2016, 1, 1), note="Integrationskurse"),
    _T("referral", "amt-migration", "awo", date(2016, 1, 1)),
    _T("referral", "amt-migration", "diakonie", date(2016, 1, 1)),
    _T("cooperation_agreement", "jobcenter", "agentur", date(2016, 1, 1)),
    _T("working_contact", "bildungskoordination", "amt-migration", date(2017, 7, 1)),
    _T("working_contact", "lotsen", "tsv", date(2019, 5, 1)),
    _T("funding", "amt-migration", "lotsen", date(2018, 1, 1)),
)

MEETINGS = (
    MeetingEntry(
        "runder-tisch-1",
        "runder-tisch",
        30,
        "Runder Tisch Sprachkurse – Herbst",
        ("bildungskoordination", "bamf", "kvhs", "jobcenter"),
        ("Fahrtwege zu den Kursorten im ländlichen Raum",),
        ("Die KVHS prüft einen Kursort in Oschersleben.",),
        "Teilnehmende aus dem Süden des Landkreises fahren über eine Stunde nach "
        "Haldensleben. Geprüft wird ein zweiter Kursort.",
        (FollowUpEntry("Räume für einen Kursort in Oschersleben anfragen", "kvhs", 21),),
    ),
)

BOERDE_NETWORK = NetworkEntry(BOERDE, ACTORS, GROUPS, TIES, MEETINGS)
