"""The vocabulary of the synthetic catalogue: districts, title words, audiences, topics,
sentences, provider kinds, places and translated titles."""

from __future__ import annotations

# The districts of Sachsen-Anhalt with a rough centre; Magdeburg and Börde come from the demo.
DISTRICTS: tuple[tuple[str, str, float, float], ...] = (
    ("150010000000", "Dessau-Roßlau", 51.8333, 12.2333),
    ("150020000000", "Halle (Saale)", 51.4828, 11.9697),
    ("150810000000", "Altmarkkreis Salzwedel", 52.85, 11.15),
    ("150820000000", "Anhalt-Bitterfeld", 51.75, 12.05),
    ("150840000000", "Burgenlandkreis", 51.15, 11.95),
    ("150850000000", "Harz", 51.8, 10.95),
    ("150860000000", "Jerichower Land", 52.25, 12.05),
    ("150870000000", "Mansfeld-Südharz", 51.5, 11.35),
    ("150880000000", "Saalekreis", 51.4, 11.85),
    ("150890000000", "Salzlandkreis", 51.85, 11.6),
    ("150900000000", "Stendal", 52.6, 11.85),
    ("150910000000", "Wittenberg", 51.85, 12.65),
)

COURSE_WORDS = (
    "Deutschkurs",
    "Sprachkurs",
    "Integrationskurs",
    "Alphabetisierungskurs",
    "Konversationskurs",
    "Berufssprachkurs",
    "Prüfungsvorbereitung",
    "Lerngruppe",
)
OTHER_WORDS = (
    ("migration_counselling", "Migrationsberatung"),
    ("migration_counselling", "Sozialberatung"),
    ("recognition", "Anerkennungsberatung"),
    ("vocational_orientation", "Berufsorientierung"),
    ("vocational_orientation", "Bewerbungstraining"),
    ("qualification", "Qualifizierung"),
    ("parent_child", "Elterncafé"),
    ("parent_child", "Krabbelgruppe"),
    ("kita", "Kita-Sprechstunde"),
    ("daz_class", "Vorbereitungsklasse"),
    ("school_counselling", "Schulsprechstunde"),
    ("higher_education", "Studienberatung"),
    ("language_practice", "Sprachcafé"),
    ("language_practice", "Lesepatenschaft"),
    ("sport", "Fußballtraining"),
    ("sport", "Schwimmkurs"),
    ("culture", "Theaterwerkstatt"),
    ("volunteering", "Ehrenamtsbörse"),
)
AUDIENCES = (
    ("für Frauen", ("women",)),
    ("für Eltern", ("parents",)),
    ("für Jugendliche", ("youth_under_27",)),
    ("für Berufstätige", ("adults",)),
    ("für Senioren", ("seniors",)),
    ("für Geflüchtete", ("refugees",)),
    ("für Kinder", ("children",)),
    ("", ("adults",)),
)
TOPICS = (
    "mit Kinderbetreuung",
    "am Abend",
    "am Wochenende",
    "im Stadtteil",
    "online",
    "mit Praktikum",
    "in der Pflege",
    "im Handwerk",
    "in der Gastronomie",
    "im Einzelhandel",
    "mit Dolmetschung",
    "",
)
SENTENCES = (
    "Der Kurs findet in kleinen Gruppen statt.",
    "Eine Anmeldung ist telefonisch oder per E-Mail möglich.",
    "Die Teilnahme ist kostenlos.",
    "Für Teilnehmende mit Berechtigung übernimmt das BAMF die Kosten.",
    "Kinderbetreuung wird auf Anfrage angeboten.",
    "Die Räume sind barrierefrei erreichbar.",
    "Wir beraten auch auf Arabisch, Ukrainisch, Russisch und Farsi.",
    "Am Ende steht eine Prüfung mit Zertifikat.",
    "Ein Einstufungstest findet vor Kursbeginn statt.",
    "Das Angebot richtet sich an Menschen mit Fluchterfahrung.",
    "Wir unterstützen bei der Suche nach einem Ausbildungsplatz.",
    "Bitte bringen Sie Ihren Aufenthaltstitel mit.",
)
PROVIDER_KINDS = (
    ("Volkshochschule", "vhs"),
    ("Bildungswerk", "free_provider"),
    ("Sprachschule", "free_provider"),
    ("Beratungsstelle", "counselling_service"),
    ("Verein", "association"),
    ("Familienzentrum", "association"),
    ("Berufsbildungszentrum", "free_provider"),
)
PLACES = (
    "Nord",
    "Süd",
    "Mitte",
    "am Markt",
    "am See",
    "an der Elbe",
    "im Zentrum",
    "West",
    "Ost",
)
TRANSLATED_TITLES = {
    "en": "German course",
    "ar": "دورة اللغة الألمانية",
    "uk": "Курс німецької мови",
    "fa": "کلاس زبان آلمانی",
    "ru": "Курс немецкого языка",
    "tr": "Almanca kursu",
}
LANGUAGES = ("ar", "uk", "ru", "fa", "en", "tr", "ku", "ti", "ro", "bg")
