"""The demo's providers (Träger) in Magdeburg and the Landkreis Börde.

Names of organisations are typical of the region; addresses, contacts and numbers are made up
for the demo (websites and e-mail addresses are `<slug>.example.org`)."""

from __future__ import annotations

from koko_offers.demo.entries import BARLEBEN, HALDENSLEBEN, ProviderEntry
from koko_shared.demo_regions import BOERDE, MAGDEBURG

_P = ProviderEntry

PROVIDERS: tuple[ProviderEntry, ...] = (
    # --- Magdeburg: language course providers -------------------------------------------------
    _P(
        "vhs-magdeburg",
        MAGDEBURG,
        "Volkshochschule Magdeburg",
        "vhs",
        "Kommunale Volkshochschule: Integrations- und Berufssprachkurse, Alphabetisierung, "
        "Einbürgerungstests.",
        "DEMO-IK-1001",
    ),
    _P(
        "ib-magdeburg",
        MAGDEBURG,
        "Internationaler Bund – Bildungszentrum Magdeburg",
        "free_provider",
        "Freier Träger der Jugend-, Sozial- und Bildungsarbeit: Jugendintegrationskurse, "
        "Berufssprachkurse, Jugendmigrationsdienst.",
        "DEMO-IK-1002",
    ),
    _P(
        "euroschulen-magdeburg",
        MAGDEBURG,
        "Euro-Schulen Magdeburg",
        "free_provider",
        "Sprach- und Berufsfachschule: Integrationskurse und Berufssprachkurse.",
        "DEMO-IK-1003",
    ),
    _P(
        "bbi-magdeburg",
        MAGDEBURG,
        "BBI Bildungs- und Beratungsinstitut Magdeburg",
        "free_provider",
        "Integrationskurse, Berufssprachkurse und Qualifizierungen im Auftrag von Jobcenter "
        "und Agentur für Arbeit.",
        "DEMO-IK-1004",
    ),
    # --- Magdeburg: counselling and welfare associations --------------------------------------
    _P(
        "caritas-magdeburg",
        MAGDEBURG,
        "Caritasverband Magdeburg – Migrationsdienst",
        "counselling_service",
        "Migrationsberatung für Erwachsene (MBE), Elterncafés und ehrenamtliche Sprachpaten.",
    ),
    _P(
        "diakonie-magdeburg",
        MAGDEBURG,
        "Diakonie Mitteldeutschland – Migrationsdienst Magdeburg",
        "counselling_service",
        "Migrationsberatung für Erwachsene und psychosoziale Beratung für Geflüchtete.",
    ),
    _P(
        "awo-magdeburg",
        MAGDEBURG,
        "AWO Kreisverband Magdeburg e. V.",
        "association",
        "Kitas, Familienbildung und Stadtteilarbeit in Olvenstedt und Neustädter See.",
    ),
    _P(
        "drk-magdeburg",
        MAGDEBURG,
        "DRK-Kreisverband Magdeburg e. V.",
        "association",
        "Suchdienst und Familienzusammenführung, Erste-Hilfe-Kurse, Begegnungsangebote.",
    ),
    _P(
        "iq-sachsen-anhalt",
        MAGDEBURG,
        "IQ Netzwerk Sachsen-Anhalt – Anerkennungsberatung Magdeburg",
        "counselling_service",
        "Beratung zur Anerkennung ausländischer Berufs- und Studienabschlüsse.",
    ),
    # --- Magdeburg: public bodies, chambers, employment ---------------------------------------
    _P(
        "jobcenter-magdeburg",
        MAGDEBURG,
        "Jobcenter Landeshauptstadt Magdeburg",
        "jobcenter",
        "Grundsicherung für Arbeitsuchende, Förderung beruflicher Weiterbildung.",
    ),
    _P(
        "agentur-magdeburg",
        MAGDEBURG,
        "Agentur für Arbeit Magdeburg",
        "employment_agency",
        "Berufsberatung, Ausbildungsvermittlung und Förderung von Weiterbildung.",
    ),
    _P(
        "ihk-magdeburg",
        MAGDEBURG,
        "Industrie- und Handelskammer Magdeburg",
        "chamber",
        "Ausbildungsberatung und Anerkennung ausländischer Abschlüsse in IHK-Berufen.",
    ),
    _P(
        "hwk-magdeburg",
        MAGDEBURG,
        "Handwerkskammer Magdeburg",
        "chamber",
        "Ausbildung im Handwerk, Anerkennungsberatung, überbetriebliche Lehrgänge.",
    ),
    _P(
        "stadt-magdeburg-bildung",
        MAGDEBURG,
        "Landeshauptstadt Magdeburg – Fachbereich Schule und Sport",
        "municipality",
        "Schulanmeldung für neu zugewanderte Kinder und Jugendliche, Kita-Platzvergabe.",
    ),
    # --- Magdeburg: Kitas, schools, universities ----------------------------------------------
    _P(
        "kita-regenbogen",
        MAGDEBURG,
        "Kita Regenbogen Neue Neustadt",
        "kita",
        "Städtische Kindertageseinrichtung mit Sprachförderung (Sprach-Kita).",
    ),
    _P(
        "kita-pusteblume",
        MAGDEBURG,
        "Kita Pusteblume Olvenstedt",
        "kita",
        "Kindertageseinrichtung mit mehrsprachigem Team und Eltern-Kind-Gruppe.",
    ),
    _P(
        "gs-westring",
        MAGDEBURG,
        "Grundschule am Westring",
        "school",
        "Grundschule in Stadtfeld mit Sprachfördergruppen Deutsch als Zweitsprache.",
    ),
    _P(
        "gms-kannenstieg",
        MAGDEBURG,
        "Gemeinschaftsschule Kannenstieg",
        "school",
        "Gemeinschaftsschule mit Vorbereitungsklassen für neu zugewanderte Jugendliche.",
    ),
    _P(
        "bbs-hermann-beims",
        MAGDEBURG,
        "Berufsbildende Schulen „Hermann Beims“",
        "school",
        "Berufsbildende Schule mit Berufsvorbereitung und Sprachklassen für Zugewanderte.",
    ),
    _P(
        "ovgu-international",
        MAGDEBURG,
        "Otto-von-Guericke-Universität – International Office",
        "university",
        "Studienberatung für internationale Studieninteressierte und Geflüchtete.",
    ),
    _P(
        "hs-magdeburg-stendal",
        MAGDEBURG,
        "Hochschule Magdeburg-Stendal – International Office",
        "university",
        "Beratung zum Studium an der Hochschule, Sprachkurse und Gasthörerschaft.",
    ),
    # --- Magdeburg: leisure, culture, volunteering --------------------------------------------
    _P(
        "sv-sudenburg",
        MAGDEBURG,
        "SV Sudenburg 1990 e. V.",
        "association",
        "Sportverein mit offenen Trainings für Kinder, Jugendliche und Erwachsene.",
    ),
    _P(
        "usc-magdeburg",
        MAGDEBURG,
        "USC Magdeburg e. V.",
        "association",
        "Universitätssportclub mit Schwimm-, Volleyball- und Leichtathletikgruppen.",
    ),
    _P(
        "stadtbibliothek-magdeburg",
        MAGDEBURG,
        "Stadtbibliothek Magdeburg",
        "other",
        "Zentralbibliothek und Stadtteilbibliotheken mit Medien in vielen Sprachen.",
    ),
    _P(
        "freiwilligenagentur-magdeburg",
        MAGDEBURG,
        "Freiwilligenagentur Magdeburg e. V.",
        "association",
        "Vermittlung ins Ehrenamt, Sprach- und Kulturpatenschaften.",
    ),
    _P(
        "eine-welt-haus",
        MAGDEBURG,
        "Eine-Welt-Haus Magdeburg e. V.",
        "association",
        "Interkulturelles Begegnungszentrum mit Kultur- und Bildungsangeboten.",
    ),
    # --- Landkreis Börde ----------------------------------------------------------------------
    _P(
        "vhs-boerde",
        BOERDE,
        "Kreisvolkshochschule Börde",
        "vhs",
        "Volkshochschule des Landkreises mit Standorten in Haldensleben, Oschersleben und "
        "Wolmirstedt.",
        "DEMO-IK-2001",
    ),
    _P(
        "awo-boerde",
        BOERDE,
        "AWO Kreisverband Börde",
        "association",
        "Migrationsberatung, Kinder- und Jugendhilfe im Landkreis Börde.",
    ),
    _P(
        "diakonie-boerde",
        BOERDE,
        "Diakonisches Werk Haldensleben-Wolmirstedt e. V.",
        "counselling_service",
        "Jugendmigrationsdienst und Familienberatung im Norden des Landkreises.",
    ),
    _P(
        "jobcenter-boerde",
        BOERDE,
        "Jobcenter Börde",
        "jobcenter",
        "Grundsicherung für Arbeitsuchende im Landkreis Börde, Sitz in Haldensleben.",
    ),
    _P(
        "landkreis-boerde-bildung",
        BOERDE,
        "Landkreis Börde – Bildungskoordination für Neuzugewanderte",
        "municipality",
        "Koordination der Bildungsangebote, Schulanmeldung und Übersicht der Sprachkurse.",
    ),
    _P(
        "bbs-boerde",
        BOERDE,
        "Berufsbildende Schulen Landkreis Börde",
        "school",
        "Berufsbildende Schule mit Standorten in Haldensleben und Oschersleben.",
    ),
    _P(
        "kita-boerdespatzen",
        HALDENSLEBEN,
        "Kita Bördespatzen Haldensleben",
        "kita",
        "Kindertageseinrichtung der Stadt Haldensleben.",
    ),
    _P(
        "tsv-barleben",
        BARLEBEN,
        "TSV Barleben 1884 e. V.",
        "association",
        "Sportverein mit Fußball, Turnen und Tischtennis für alle Altersgruppen.",
    ),
    _P(
        "bibliothek-haldensleben",
        HALDENSLEBEN,
        "Stadtbibliothek Haldensleben",
        "other",
        "Öffentliche Bibliothek mit Lesecafé und Medien zum Deutschlernen.",
    ),
)
