"""Code lists every deployment needs: the category taxonomy along the education chain and the
dated course type code list (BAMF integration courses, job-related language courses)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    code: str
    parent: str | None
    de: str
    en: str


CATEGORIES: tuple[CategoryEntry, ...] = (
    CategoryEntry("early_childhood", None, "Frühkindliche Bildung", "Early childhood education"),
    CategoryEntry("kita", "early_childhood", "Kita und Kindertagespflege", "Day care"),
    CategoryEntry("parent_child", "early_childhood", "Eltern-Kind-Angebote", "Parent and child"),
    CategoryEntry("school", None, "Schule", "School"),
    CategoryEntry(
        "daz_class",
        "school",
        "DaZ- und Vorbereitungsklassen",
        "German as a second language classes",
    ),
    CategoryEntry("school_counselling", "school", "Schulberatung", "School counselling"),
    CategoryEntry("language", None, "Sprache", "Language"),
    CategoryEntry("language_course", "language", "Sprachkurse", "Language courses"),
    CategoryEntry(
        "language_practice", "language", "Sprachpraxis und Sprachcafés", "Language practice"
    ),
    CategoryEntry(
        "vocational",
        None,
        "Berufliche Orientierung und Qualifizierung",
        "Vocational orientation and qualification",
    ),
    CategoryEntry(
        "vocational_orientation", "vocational", "Berufsorientierung", "Vocational orientation"
    ),
    CategoryEntry("vocational_training", "vocational", "Ausbildung", "Vocational training"),
    CategoryEntry(
        "qualification", "vocational", "Weiterbildung und Qualifizierung", "Further training"
    ),
    CategoryEntry("higher_education", None, "Hochschulzugang", "Access to higher education"),
    CategoryEntry("counselling", None, "Beratung", "Counselling"),
    CategoryEntry(
        "migration_counselling", "counselling", "Migrationsberatung", "Migration counselling"
    ),
    CategoryEntry(
        "recognition",
        "counselling",
        "Anerkennung ausländischer Abschlüsse",
        "Recognition of foreign qualifications",
    ),
    CategoryEntry(
        "leisure",
        None,
        "Freizeit, Kultur, Sport und Ehrenamt",
        "Leisure, culture, sport and volunteering",
    ),
    CategoryEntry("sport", "leisure", "Sport", "Sport"),
    CategoryEntry("culture", "leisure", "Kultur", "Culture"),
    CategoryEntry("volunteering", "leisure", "Ehrenamt", "Volunteering"),
)


@dataclass(frozen=True, slots=True)
class CourseTypeEntry:
    code: str
    family: str
    de: str
    en: str
    entry_level: str | None
    target_level: str
    teaching_units: int
    valid_from: date


_IK = "integration_course"
_BSK = "job_language_course"
# Teaching units of integration courses: language part + 100 units orientation course.
_IK_SINCE = date(2016, 7, 1)
_BSK_SINCE = date(2016, 7, 1)

COURSE_TYPES: tuple[CourseTypeEntry, ...] = (
    CourseTypeEntry(
        "BAMF_IK_ALLG",
        _IK,
        "Allgemeiner Integrationskurs",
        "General integration course",
        None,
        "B1",
        700,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_JUGEND",
        _IK,
        "Jugendintegrationskurs",
        "Integration course for young people",
        None,
        "B1",
        1000,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_ELTERN",
        _IK,
        "Elternintegrationskurs",
        "Integration course for parents",
        None,
        "B1",
        1000,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_FRAUEN",
        _IK,
        "Frauenintegrationskurs",
        "Integration course for women",
        None,
        "B1",
        1000,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_ALPHA",
        _IK,
        "Integrationskurs mit Alphabetisierung",
        "Integration course with literacy training",
        None,
        "B1",
        1300,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_ZWEITSCHRIFT",
        _IK,
        "Zweitschriftlernerkurs",
        "Course for second-script learners",
        None,
        "B1",
        1000,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_FOERDER",
        _IK,
        "Förderkurs",
        "Remedial integration course",
        None,
        "B1",
        1000,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BAMF_IK_INTENSIV",
        _IK,
        "Intensivkurs",
        "Intensive integration course",
        None,
        "B1",
        500,
        _IK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_A2",
        _BSK,
        "Berufssprachkurs Spezialmodul A2",
        "Job-related language course, special module A2",
        "A1",
        "A2",
        400,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_B1",
        _BSK,
        "Berufssprachkurs Spezialmodul B1",
        "Job-related language course, special module B1",
        "A2",
        "B1",
        400,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_B2",
        _BSK,
        "Berufssprachkurs Basismodul B1 → B2",
        "Job-related language course B1 → B2",
        "B1",
        "B2",
        400,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_C1",
        _BSK,
        "Berufssprachkurs Basismodul B2 → C1",
        "Job-related language course B2 → C1",
        "B2",
        "C1",
        400,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_C2",
        _BSK,
        "Berufssprachkurs Basismodul C1 → C2",
        "Job-related language course C1 → C2",
        "C1",
        "C2",
        400,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_ANERKENNUNG",
        _BSK,
        "Berufssprachkurs Spezialmodul Anerkennung (Gesundheitsberufe)",
        "Job-related language course for recognition (health professions)",
        "B1",
        "B2",
        600,
        _BSK_SINCE,
    ),
    CourseTypeEntry(
        "BSK_GEWERBE",
        _BSK,
        "Berufssprachkurs gewerblich-technisch",
        "Job-related language course for technical trades",
        "B1",
        "B2",
        400,
        _BSK_SINCE,
    ),
)
