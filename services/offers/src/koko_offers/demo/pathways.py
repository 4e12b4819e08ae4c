"""The demo's pathways (Prozessketten) in Magdeburg: into vocational training, and into work
with a foreign qualification."""

from __future__ import annotations

from koko_offers.demo.entries import PathwayEntry, PathwayStepEntry
from koko_shared.demo_regions import MAGDEBURG

PATHWAYS: tuple[PathwayEntry, ...] = (
    PathwayEntry(
        "ausbildung",
        MAGDEBURG,
        "Vom Integrationskurs in die Ausbildung",
        "Prozesskette für Erwachsene, die in Magdeburg eine Berufsausbildung beginnen möchten.",
        "vocational_training",
        (
            PathwayStepEntry(
                "Beratung",
                "Erstberatung zu Aufenthalt, Sprachkurs und Anerkennung.",
                categories=("migration_counselling",),
                offers=("caritas-mbe",),
            ),
            PathwayStepEntry(
                "Integrationskurs",
                "Deutsch bis B1 mit Orientierungskurs.",
                categories=("language_course",),
                offers=("vhs-ik-allgemein", "euroschulen-ik-allgemein", "ib-ik-jugend"),
            ),
            PathwayStepEntry(
                "Berufssprachkurs",
                "Deutsch für den Beruf bis B2.",
                offers=("ib-bsk-b2", "euroschulen-bsk-a2"),
                conditions="Integrationskurs abgeschlossen",
            ),
            PathwayStepEntry(
                "Berufsorientierung",
                "Berufsfelder kennenlernen, Praktikum, Bewerbung.",
                categories=("vocational_orientation",),
                offers=("jobcenter-orientierung",),
            ),
            PathwayStepEntry(
                "Ausbildung",
                "Bewerbung auf einen Ausbildungsplatz mit Unterstützung der Agentur für Arbeit.",
                categories=("vocational_training",),
            ),
        ),
    ),
    PathwayEntry(
        "anerkennung",
        MAGDEBURG,
        "Mit ausländischem Abschluss in den Beruf",
        "Prozesskette für Menschen mit Berufs- oder Hochschulabschluss aus dem Ausland.",
        "employment",
        (
            PathwayStepEntry(
                "Anerkennungsberatung",
                "Zuständige Stelle und Unterlagen klären.",
                categories=("recognition",),
                offers=("iq-anerkennung",),
            ),
            PathwayStepEntry(
                "Fachsprache",
                "Berufssprachkurs mit Bezug zum Anerkennungsverfahren.",
                offers=("euroschulen-bsk-pflege",),
            ),
            PathwayStepEntry(
                "Anpassungsqualifizierung",
                "Fehlende Inhalte nachholen, wenn die Anerkennung nur teilweise erfolgt.",
                categories=("qualification",),
            ),
        ),
    ),
)
