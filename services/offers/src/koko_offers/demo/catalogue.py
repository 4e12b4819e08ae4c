"""The demo catalogue of Magdeburg and the Landkreis Börde: providers, locations, offers along
the education chain, course runs around today, translations and two pathways.

Names of organisations are typical of the region; addresses, contacts and seat numbers are made
up for the demo."""

from __future__ import annotations

from dataclasses import dataclass, field

from koko_shared.demo_regions import BOERDE, MAGDEBURG

HALDENSLEBEN = "150830270270"
OSCHERSLEBEN = "150830440440"
WOLMIRSTEDT = "150830565565"


@dataclass(frozen=True, slots=True)
class ProviderEntry:
    slug: str
    region_ars: str
    name: str
    kind: str
    description: str
    bamf_provider_number: str | None = None


@dataclass(frozen=True, slots=True)
class LocationEntry:
    slug: str
    provider: str
    name: str
    street: str
    postal_code: str
    city: str
    lat: float
    lon: float
    area_code: str | None = None  # Magdeburg's Stadtteil
    barrier_free: bool | None = True
    transit_note: str | None = None
    appointment_only: bool = False


@dataclass(frozen=True, slots=True)
class RunEntry:
    starts_in_days: int
    capacity: int | None = 20
    booked: int = 12
    time_of_day: str = "part_time"
    status: str = "open"
    weeks: int = 26  # length, for the end date
    childcare: bool = False
    waitlist: int = 0


@dataclass(frozen=True, slots=True)
class OfferEntry:
    slug: str
    provider: str
    location: str | None
    category: str
    title: str
    description: str
    course_type: str | None = None
    target_groups: tuple[str, ...] = ("adults",)
    residence_statuses: tuple[str, ...] = ("any",)
    instruction_languages: tuple[str, ...] = ("de",)
    support_languages: tuple[str, ...] = ()
    cost_options: tuple[str, ...] = ("free",)
    childcare: bool = False
    format: str = "in_person"
    min_age: int | None = None
    max_age: int | None = None
    eligibility_note: str | None = None
    fee_note: str | None = None
    runs: tuple[RunEntry, ...] = ()
    # {language: (title, description)}; translations made without review are marked as such.
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)
    status: str = "published"


PROVIDERS: tuple[ProviderEntry, ...] = (
    ProviderEntry(
        "vhs-magdeburg",
        MAGDEBURG,
        "Volkshochschule Magdeburg",
        "vhs",
        "Kommunale Volkshochschule: Integrations- und Berufssprachkurse, Alphabetisierung, "
        "Einbürgerungstests.",
        "DEMO-IK-1001",
    ),
    ProviderEntry(
        "ib-magdeburg",
        MAGDEBURG,
        "Internationaler Bund – Bildungszentrum Magdeburg",
        "free_provider",
        "Freier Träger der Jugend-, Sozial- und Bildungsarbeit: Jugendintegrationskurse, "
        "Berufssprachkurse, Jugendmigrationsdienst.",
        "DEMO-IK-1002",
    ),
    ProviderEntry(
        "euroschulen-magdeburg",
        MAGDEBURG,
        "Euro-Schulen Magdeburg",
        "free_provider",
        "Sprach- und Berufsfachschule: Integrationskurse und Berufssprachkurse.",
        "DEMO-IK-1003",
    ),
    ProviderEntry(
        "caritas-magdeburg",
        MAGDEBURG,
        "Caritasverband Magdeburg – Migrationsdienst",
        "counselling_service",
        "Migrationsberatung für Erwachsene (MBE), Elterncafés und ehrenamtliche Sprachpaten.",
    ),
    ProviderEntry(
        "iq-sachsen-anhalt",
        MAGDEBURG,
        "IQ Netzwerk Sachsen-Anhalt – Anerkennungsberatung Magdeburg",
        "counselling_service",
        "Beratung zur Anerkennung ausländischer Berufs- und Studienabschlüsse.",
    ),
    ProviderEntry(
        "jobcenter-magdeburg",
        MAGDEBURG,
        "Jobcenter Landeshauptstadt Magdeburg",
        "jobcenter",
        "Grundsicherung für Arbeitsuchende, Förderung beruflicher Weiterbildung.",
    ),
    ProviderEntry(
        "stadt-magdeburg-bildung",
        MAGDEBURG,
        "Landeshauptstadt Magdeburg – Fachbereich Schule und Sport",
        "municipality",
        "Schulanmeldung für neu zugewanderte Kinder und Jugendliche, Kita-Platzvergabe.",
    ),
    ProviderEntry(
        "ovgu-international",
        MAGDEBURG,
        "Otto-von-Guericke-Universität – International Office",
        "university",
        "Studienberatung für internationale Studieninteressierte und Geflüchtete.",
    ),
    ProviderEntry(
        "sv-sudenburg",
        MAGDEBURG,
        "SV Sudenburg 1990 e. V.",
        "association",
        "Sportverein mit offenen Trainings für Kinder, Jugendliche und Erwachsene.",
    ),
    ProviderEntry(
        "vhs-boerde",
        BOERDE,
        "Kreisvolkshochschule Börde",
        "vhs",
        "Volkshochschule des Landkreises mit Standorten in Haldensleben, Oschersleben und "
        "Wolmirstedt.",
        "DEMO-IK-2001",
    ),
    ProviderEntry(
        "awo-boerde",
        BOERDE,
        "AWO Kreisverband Börde",
        "association",
        "Migrationsberatung, Kinder- und Jugendhilfe im Landkreis Börde.",
    ),
)

LOCATIONS: tuple[LocationEntry, ...] = (
    LocationEntry(
        "vhs-leibnizstrasse",
        "vhs-magdeburg",
        "VHS Haus Leibnizstraße",
        "Leibnizstraße 23",
        "39104",
        "Magdeburg",
        52.1262,
        11.6330,
        "01",
        transit_note="Straßenbahn 2, 5, 9 bis Hasselbachplatz",
    ),
    LocationEntry(
        "vhs-olvenstedt",
        "vhs-magdeburg",
        "VHS Außenstelle Olvenstedt",
        "Olvenstedter Scheid 9",
        "39130",
        "Magdeburg",
        52.1520,
        11.5620,
        "12",
        transit_note="Straßenbahn 1, 6 bis Olvenstedter Platz",
    ),
    LocationEntry(
        "ib-sudenburg",
        "ib-magdeburg",
        "IB Bildungszentrum Sudenburg",
        "Halberstädter Straße 40",
        "39112",
        "Magdeburg",
        52.1150,
        11.6090,
        "13",
    ),
    LocationEntry(
        "ib-neustaedter-see",
        "ib-magdeburg",
        "IB Jugendmigrationsdienst Neustädter See",
        "Pablo-Neruda-Straße 5",
        "39126",
        "Magdeburg",
        52.1710,
        11.6240,
        "05",
    ),
    LocationEntry(
        "euroschulen-stadtfeld",
        "euroschulen-magdeburg",
        "Euro-Schulen Stadtfeld",
        "Große Diesdorfer Straße 60",
        "39110",
        "Magdeburg",
        52.1285,
        11.6020,
        "09",
    ),
    LocationEntry(
        "caritas-altstadt",
        "caritas-magdeburg",
        "Caritas Beratungszentrum",
        "Max-Josef-Metzger-Straße 1",
        "39104",
        "Magdeburg",
        52.1255,
        11.6370,
        "01",
        appointment_only=True,
    ),
    LocationEntry(
        "caritas-buckau",
        "caritas-magdeburg",
        "Caritas Familientreff Buckau",
        "Schönebecker Straße 80",
        "39104",
        "Magdeburg",
        52.1090,
        11.6410,
        "19",
        barrier_free=False,
    ),
    LocationEntry(
        "iq-altstadt",
        "iq-sachsen-anhalt",
        "IQ Anerkennungsberatung",
        "Breiter Weg 193",
        "39104",
        "Magdeburg",
        52.1295,
        11.6350,
        "01",
        appointment_only=True,
    ),
    LocationEntry(
        "jobcenter-altstadt",
        "jobcenter-magdeburg",
        "Jobcenter Magdeburg",
        "Otto-von-Guericke-Straße 4",
        "39104",
        "Magdeburg",
        52.1310,
        11.6330,
        "01",
    ),
    LocationEntry(
        "stadt-schulamt",
        "stadt-magdeburg-bildung",
        "Schulverwaltungsamt",
        "Julius-Bremer-Straße 10",
        "39104",
        "Magdeburg",
        52.1340,
        11.6390,
        "01",
    ),
    LocationEntry(
        "ovgu-campus",
        "ovgu-international",
        "Campus Universitätsplatz",
        "Universitätsplatz 2",
        "39106",
        "Magdeburg",
        52.1390,
        11.6450,
        "02",
    ),
    LocationEntry(
        "sv-sudenburg-platz",
        "sv-sudenburg",
        "Sportplatz Sudenburg",
        "Lemsdorfer Weg 12",
        "39112",
        "Magdeburg",
        52.1080,
        11.6060,
        "13",
    ),
    LocationEntry(
        "vhs-haldensleben",
        "vhs-boerde",
        "KVHS Haldensleben",
        "Bornsche Straße 1",
        "39340",
        "Haldensleben",
        52.2870,
        11.4090,
        None,
    ),
    LocationEntry(
        "vhs-oschersleben",
        "vhs-boerde",
        "KVHS Oschersleben",
        "Halberstädter Straße 12",
        "39387",
        "Oschersleben (Bode)",
        52.0310,
        11.2270,
        None,
    ),
    LocationEntry(
        "vhs-wolmirstedt",
        "vhs-boerde",
        "KVHS Wolmirstedt",
        "August-Bebel-Straße 5",
        "39326",
        "Wolmirstedt",
        52.2490,
        11.6290,
        None,
    ),
    LocationEntry(
        "awo-haldensleben",
        "awo-boerde",
        "AWO Beratungsstelle Haldensleben",
        "Hagenstraße 20",
        "39340",
        "Haldensleben",
        52.2890,
        11.4120,
        None,
        appointment_only=True,
    ),
)

_IK_RUN = RunEntry(21, capacity=25, booked=19, weeks=30)
_IK_FULL = RunEntry(7, capacity=25, booked=25, status="full", waitlist=6, weeks=30)
_BSK_RUN = RunEntry(35, capacity=20, booked=11, weeks=16)

OFFERS: tuple[OfferEntry, ...] = (
    OfferEntry(
        "vhs-ik-allgemein",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "language_course",
        "Allgemeiner Integrationskurs",
        "Deutsch lernen bis Niveau B1 mit Orientierungskurs zu Geschichte, Politik und "
        "Zusammenleben in Deutschland. Abschluss mit dem Deutsch-Test für Zuwanderer und dem Test "
        "Leben in Deutschland.",
        course_type="BAMF_IK_ALLG",
        cost_options=("bamf", "jobcenter"),
        support_languages=("ar", "uk", "ru"),
        eligibility_note="Mit Berechtigung oder Verpflichtung des BAMF, der Ausländerbehörde oder "
        "des Jobcenters.",
        fee_note="Kostenbefreiung beim BAMF möglich; sonst 2,29 € je Unterrichtseinheit.",
        runs=(_IK_FULL, _IK_RUN, RunEntry(84, capacity=25, booked=4, weeks=30, status="planned")),
        translations={
            "en": (
                "General integration course",
                "Learn German up to level B1 with an orientation course on history, politics and "
                "living together in Germany.",
            ),
            "ar": ("دورة الاندماج العامة", "تعلم اللغة الألمانية حتى المستوى B1 مع دورة توجيهية."),
            "uk": (
                "Загальний інтеграційний курс",
                "Вивчення німецької мови до рівня B1 з орієнтаційним курсом.",
            ),
        },
    ),
    OfferEntry(
        "vhs-ik-abend",
        "vhs-magdeburg",
        "vhs-leibnizstrasse",
        "language_course",
        "Integrationskurs am Abend",
        "Integrationskurs in Teilzeit für Berufstätige: dreimal pro Woche abends.",
        course_type="BAMF_IK_ALLG",
        cost_options=("bamf",),
        runs=(RunEntry(49, capacity=20, booked=8, time_of_day="evening", weeks=52),),
        translations={
            "en": (
                "Evening integration course",
                "Part-time integration course for people in work: three evenings a week.",
            )
        },
    ),
    OfferEntry(
        "vhs-ik-alpha",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "language_course",
        "Integrationskurs mit Alphabetisierung",
        "Für Menschen, die nicht oder wenig lesen und schreiben können: Lesen und Schreiben in "
        "lateinischer Schrift und Deutsch bis B1.",
        course_type="BAMF_IK_ALPHA",
        cost_options=("bamf",),
        support_languages=("ar", "fa", "ti"),
        childcare=True,
        runs=(RunEntry(14, capacity=16, booked=13, weeks=45, childcare=True),),
        translations={
            "en": (
                "Integration course with literacy training",
                "For people who cannot read or write, or only a little.",
            ),
            "ar": (
                "دورة الاندماج مع محو الأمية",
                "للأشخاص الذين لا يستطيعون القراءة والكتابة أو يستطيعون قليلاً.",
            ),
            "fa": (
                "دوره ادغام همراه با سوادآموزی",
                "برای کسانی که خواندن و نوشتن نمی‌دانند یا کم می‌دانند.",
            ),
        },
    ),
    OfferEntry(
        "vhs-ik-frauen",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "language_course",
        "Frauenintegrationskurs mit Kinderbetreuung",
        "Integrationskurs nur für Frauen, vormittags, mit Kinderbetreuung im Haus.",
        course_type="BAMF_IK_FRAUEN",
        target_groups=("women", "parents"),
        cost_options=("bamf",),
        support_languages=("ar", "fa", "ku"),
        childcare=True,
        runs=(RunEntry(28, capacity=15, booked=9, weeks=40, childcare=True),),
        translations={
            "en": (
                "Integration course for women with childcare",
                "Integration course for women only, mornings, with childcare on site.",
            ),
            "ar": (
                "دورة الاندماج للنساء مع رعاية الأطفال",
                "دورة اندماج للنساء فقط، صباحاً، مع رعاية الأطفال.",
            ),
            "fa": (
                "دوره ادغام ویژه زنان با نگهداری از کودکان",
                "دوره ادغام فقط برای زنان، صبح‌ها، با نگهداری از کودکان.",
            ),
        },
    ),
    OfferEntry(
        "ib-ik-jugend",
        "ib-magdeburg",
        "ib-sudenburg",
        "language_course",
        "Jugendintegrationskurs",
        "Integrationskurs für junge Menschen bis 27 Jahre mit Vorbereitung auf Schule, "
        "Ausbildung und Beruf.",
        course_type="BAMF_IK_JUGEND",
        target_groups=("youth_under_27",),
        min_age=16,
        max_age=27,
        cost_options=("bamf",),
        support_languages=("ar", "uk", "fa"),
        runs=(
            RunEntry(10, capacity=18, booked=16, weeks=40),
            RunEntry(115, capacity=18, booked=0, status="planned", weeks=40),
        ),
        translations={
            "en": (
                "Integration course for young people",
                "Integration course for young people up to 27, preparing for school, training "
                "and work.",
            ),
            "uk": ("Інтеграційний курс для молоді", "Інтеграційний курс для молоді до 27 років."),
        },
    ),
    OfferEntry(
        "ib-bsk-b2",
        "ib-magdeburg",
        "ib-sudenburg",
        "language_course",
        "Berufssprachkurs B2",
        "Deutsch für den Beruf von B1 nach B2: Bewerbung, Arbeitsalltag, Fachsprache.",
        course_type="BSK_B2",
        cost_options=("bamf", "jobcenter"),
        runs=(_BSK_RUN, RunEntry(98, capacity=20, booked=2, status="planned", weeks=16)),
        translations={
            "en": (
                "Job-related language course B2",
                "German for work from B1 to B2: applications, everyday work, technical language.",
            )
        },
    ),
    OfferEntry(
        "euroschulen-ik-allgemein",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "language_course",
        "Integrationskurs in Stadtfeld",
        "Allgemeiner Integrationskurs vormittags mit Prüfungsvorbereitung.",
        course_type="BAMF_IK_ALLG",
        cost_options=("bamf", "jobcenter"),
        # Starts the same week as the VHS course: a clash for course planning.
        runs=(RunEntry(23, capacity=22, booked=10, weeks=30),),
    ),
    OfferEntry(
        "euroschulen-bsk-a2",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "language_course",
        "Berufssprachkurs A2 für den Einstieg in Arbeit",
        "Spezialmodul für Menschen, die den Integrationskurs ohne B1 abgeschlossen haben.",
        course_type="BSK_A2",
        cost_options=("bamf", "jobcenter"),
        runs=(RunEntry(42, capacity=20, booked=17, weeks=20),),
    ),
    OfferEntry(
        "euroschulen-bsk-pflege",
        "euroschulen-magdeburg",
        "euroschulen-stadtfeld",
        "language_course",
        "Berufssprachkurs Pflege – Anerkennung",
        "Fachsprache für Pflegekräfte mit ausländischem Abschluss auf dem Weg zur Anerkennung.",
        course_type="BSK_ANERKENNUNG",
        cost_options=("bamf",),
        runs=(RunEntry(63, capacity=16, booked=6, weeks=24),),
    ),
    OfferEntry(
        "caritas-mbe",
        "caritas-magdeburg",
        "caritas-altstadt",
        "migration_counselling",
        "Migrationsberatung für Erwachsene",
        "Beratung zu Aufenthalt, Sprachkursen, Arbeit, Wohnen und Familie. Termine nach "
        "Vereinbarung, auch mit Dolmetschung.",
        support_languages=("ar", "ru", "uk", "en"),
        translations={
            "en": (
                "Migration counselling for adults",
                "Advice on residence, language courses, work, housing and family.",
            ),
            "ar": (
                "استشارات الهجرة للبالغين",
                "استشارات حول الإقامة ودورات اللغة والعمل والسكن والأسرة.",
            ),
            "uk": (
                "Міграційна консультація для дорослих",
                "Консультації щодо перебування, мовних курсів, роботи, житла та сім'ї.",
            ),
        },
    ),
    OfferEntry(
        "caritas-elterncafe",
        "caritas-magdeburg",
        "caritas-buckau",
        "parent_child",
        "Elterncafé Buckau",
        "Offener Treff für Eltern mit kleinen Kindern: Fragen zu Kita und Schule, Deutsch üben.",
        target_groups=("parents", "children"),
        childcare=True,
        support_languages=("ar", "ro"),
    ),
    OfferEntry(
        "caritas-sprachcafe",
        "caritas-magdeburg",
        "caritas-altstadt",
        "language_practice",
        "Sprachcafé",
        "Deutsch sprechen im Alltag mit ehrenamtlichen Sprachpatinnen und Sprachpaten, jeden "
        "Donnerstag.",
    ),
    OfferEntry(
        "iq-anerkennung",
        "iq-sachsen-anhalt",
        "iq-altstadt",
        "recognition",
        "Anerkennungsberatung für ausländische Berufsabschlüsse",
        "Welche Stelle ist zuständig, welche Unterlagen brauche ich, was kostet das Verfahren? "
        "Beratung auch online.",
        format="hybrid",
        support_languages=("en", "ar", "ru", "uk"),
        translations={
            "en": (
                "Advice on recognising foreign vocational qualifications",
                "Which office is responsible, which documents do I need, what does it cost?",
            )
        },
    ),
    OfferEntry(
        "jobcenter-orientierung",
        "jobcenter-magdeburg",
        "jobcenter-altstadt",
        "vocational_orientation",
        "Berufsorientierung für Neuzugewanderte",
        "Zwölf Wochen Orientierung in Berufsfeldern mit Praktikum und Bewerbungstraining.",
        cost_options=("jobcenter", "bildungsgutschein"),
        residence_statuses=(
            "recognised_refugee",
            "subsidiary_protection",
            "temporary_protection_ukraine",
        ),
        runs=(RunEntry(30, capacity=14, booked=9, time_of_day="full_time", weeks=12),),
    ),
    OfferEntry(
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
        translations={"uk": ("Запис до школи та класи DaZ", "Запис дітей та підлітків до школи.")},
    ),
    OfferEntry(
        "ovgu-studienberatung",
        "ovgu-international",
        "ovgu-campus",
        "higher_education",
        "Studienberatung für Geflüchtete",
        "Wege ins Studium: Hochschulzugang, Studienkolleg, Sprachnachweise, Finanzierung.",
        target_groups=("youth_under_27", "adults", "refugees"),
        support_languages=("en",),
        format="hybrid",
    ),
    OfferEntry(
        "sv-sudenburg-fussball",
        "sv-sudenburg",
        "sv-sudenburg-platz",
        "sport",
        "Offenes Fußballtraining",
        "Jeden Dienstag und Freitag für alle zwischen 8 und 16, ohne Anmeldung.",
        target_groups=("children", "youth_under_27"),
        min_age=8,
        max_age=16,
    ),
    OfferEntry(
        "vhs-boerde-ik-haldensleben",
        "vhs-boerde",
        "vhs-haldensleben",
        "language_course",
        "Integrationskurs Haldensleben",
        "Allgemeiner Integrationskurs der Kreisvolkshochschule in Haldensleben.",
        course_type="BAMF_IK_ALLG",
        cost_options=("bamf", "jobcenter"),
        runs=(RunEntry(17, capacity=20, booked=14, weeks=30),),
    ),
    OfferEntry(
        "vhs-boerde-ik-oschersleben",
        "vhs-boerde",
        "vhs-oschersleben",
        "language_course",
        "Integrationskurs Oschersleben",
        "Allgemeiner Integrationskurs am Standort Oschersleben, vormittags.",
        course_type="BAMF_IK_ALLG",
        cost_options=("bamf",),
        runs=(RunEntry(70, capacity=18, booked=3, weeks=30, status="planned"),),
    ),
    OfferEntry(
        "vhs-boerde-bsk-wolmirstedt",
        "vhs-boerde",
        "vhs-wolmirstedt",
        "language_course",
        "Berufssprachkurs B2 Wolmirstedt",
        "Deutsch für den Beruf B1 → B2 in Wolmirstedt.",
        course_type="BSK_B2",
        cost_options=("bamf", "jobcenter"),
        runs=(RunEntry(56, capacity=16, booked=15, weeks=16),),
    ),
    OfferEntry(
        "awo-mbe-boerde",
        "awo-boerde",
        "awo-haldensleben",
        "migration_counselling",
        "Migrationsberatung im Landkreis Börde",
        "Beratung für Erwachsene in Haldensleben und mobil in den Gemeinden.",
        support_languages=("ar", "ru"),
    ),
    OfferEntry(
        "vhs-online-deutsch",
        "vhs-magdeburg",
        None,
        "language_practice",
        "Deutsch üben online",
        "Online-Konversationskurs A2 für alle, die zeitlich oder räumlich nicht in einen Kurs "
        "vor Ort kommen können.",
        format="online",
        cost_options=("fee", "reduced_fee"),
        fee_note="40 € für 10 Termine, ermäßigt 20 €.",
        runs=(RunEntry(12, capacity=None, booked=7, time_of_day="evening", weeks=10),),
    ),
    OfferEntry(
        "vhs-ik-eltern-entwurf",
        "vhs-magdeburg",
        "vhs-olvenstedt",
        "language_course",
        "Elternintegrationskurs (in Planung)",
        "Integrationskurs für Eltern mit Themen rund um Kita und Schule.",
        course_type="BAMF_IK_ELTERN",
        target_groups=("parents",),
        status="draft",
        runs=(RunEntry(140, capacity=15, booked=0, status="planned", weeks=40),),
    ),
)


@dataclass(frozen=True, slots=True)
class PathwayStepEntry:
    title: str
    note: str
    categories: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    conditions: str | None = None


@dataclass(frozen=True, slots=True)
class PathwayEntry:
    slug: str
    region_ars: str
    title: str
    description: str
    goal: str
    steps: tuple[PathwayStepEntry, ...]


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
