"""The fields of action the migration puts in the code list, from the programme's documents
(Magdeburg's six fields of its integration guidelines, Kempten's integration concept), labelled in
every served language. `asylum_reception` shows the list's dates: Kempten widened "Asyl" to
"Migration" in 2020, so the entry ends with 2019."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class FieldOfActionEntry:
    code: str
    labels: dict[str, str]
    valid_from: date = date(2016, 1, 1)
    valid_to: date | None = None


def _entry(code: str, *texts: str, **dates: date | None) -> FieldOfActionEntry:
    labels = dict(zip(("de", "en", "ar", "uk", "fa", "ru", "tr"), texts, strict=True))
    return FieldOfActionEntry(code, labels, **dates)  # type: ignore[arg-type]


FIELDS_OF_ACTION: tuple[FieldOfActionEntry, ...] = (
    _entry(
        "language",
        "Sprache und Spracherwerb",
        "Language",
        "اللغة وتعلمها",
        "Мова та її вивчення",
        "زبان و یادگیری آن",
        "Язык и его изучение",
        "Dil ve dil edinimi",
    ),
    _entry(
        "education",
        "Bildung (Kita, Schule, Hochschule)",
        "Education (day care, school, university)",
        "التعليم (الحضانة، المدرسة، الجامعة)",
        "Освіта (садок, школа, університет)",
        "آموزش (مهدکودک، مدرسه، دانشگاه)",
        "Образование (детсад, школа, вуз)",
        "Eğitim (kreş, okul, üniversite)",
    ),
    _entry(
        "work",
        "Ausbildung und Arbeit",
        "Training and work",
        "التدريب المهني والعمل",
        "Професійне навчання і робота",
        "آموزش حرفه‌ای و کار",
        "Профобучение и работа",
        "Mesleki eğitim ve iş",
    ),
    _entry(
        "housing_neighbourhood",
        "Wohnen und Stadtteile",
        "Housing and neighbourhoods",
        "السكن والأحياء",
        "Житло та райони",
        "مسکن و محله‌ها",
        "Жильё и районы",
        "Konut ve mahalleler",
    ),
    _entry(
        "participation",
        "Gesellschaftliche Teilhabe",
        "Participation in society",
        "المشاركة في المجتمع",
        "Участь у житті суспільства",
        "مشارکت اجتماعی",
        "Участие в жизни общества",
        "Toplumsal katılım",
    ),
    _entry("health", "Gesundheit", "Health", "الصحة", "Здоров'я", "سلامت", "Здоровье", "Sağlık"),
    _entry(
        "counselling",
        "Beratung und Erstorientierung",
        "Counselling and first orientation",
        "الاستشارة والتوجيه الأولي",
        "Консультування та первинна орієнтація",
        "مشاوره و آشنایی اولیه",
        "Консультирование и первичная ориентация",
        "Danışmanlık ve ilk yönlendirme",
    ),
    _entry(
        "civic_engagement",
        "Bürgerschaftliches Engagement",
        "Civic engagement",
        "العمل التطوعي والمشاركة المدنية",
        "Громадська активність",
        "مشارکت مدنی و داوطلبی",
        "Гражданская активность",
        "Sivil katılım ve gönüllülük",
    ),
    _entry(
        "intercultural_opening",
        "Interkulturelle Öffnung der Verwaltung",
        "Intercultural opening of the administration",
        "الانفتاح الثقافي للإدارة",
        "Міжкультурна відкритість адміністрації",
        "گشایش بین‌فرهنگی اداره",
        "Межкультурная открытость администрации",
        "Yönetimin kültürlerarası açılımı",
    ),
    _entry(
        "openness",
        "Weltoffenheit und Antidiskriminierung",
        "Openness and anti-discrimination",
        "الانفتاح ومكافحة التمييز",
        "Відкритість і протидія дискримінації",
        "گشودگی و مبارزه با تبعیض",
        "Открытость и противодействие дискриминации",
        "Açıklık ve ayrımcılıkla mücadele",
    ),
    _entry(
        "asylum_reception",
        "Asyl und Erstaufnahme",
        "Asylum and reception",
        "اللجوء والاستقبال الأولي",
        "Притулок і первинний прийом",
        "پناهندگی و پذیرش اولیه",
        "Убежище и первичный приём",
        "İltica ve ilk kabul",
        valid_from=date(2015, 1, 1),
        valid_to=date(2019, 12, 31),
    ),
)
