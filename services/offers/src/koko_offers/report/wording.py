# ruff: noqa: E501 (one line per language entry reads better than wrapped sentences)
"""The words of the monthly overview and the iCalendar feed in every language Koko serves, and
the text direction each is written in."""

from __future__ import annotations

from koko_shared.i18n import DEFAULT_LANGUAGE, text_direction

WORDS: dict[str, dict[str, str]] = {
    "de": {
        "title": "Sprachkursübersicht", "subtitle": "Integrations- und Berufssprachkurse mit Kursbeginn im {month}",
        "starts": "Kursstarts", "as_of": "Stand", "page": "Seite", "page_of": "von",
        "none": "Für {month} sind keine Kursstarts gemeldet.", "start": "Kursbeginn", "end": "Kursende",
        "times": "Zeiten", "seats": "Freie Plätze", "childcare": "Kinderbetreuung",
        "provider": "Träger und Kontakt", "place": "Kursort", "target_level": "Zielniveau",
        "full": "ausgebucht", "waitlist": "Warteliste", "on_request": "auf Anfrage", "of": "von",
        "yes": "ja", "no": "nein", "full_time": "Vollzeit", "part_time": "Teilzeit",
        "evening": "Abendkurs", "weekend": "Wochenendkurs",
        "disclaimer": "Angaben der Kursträger ohne Gewähr. Freie Plätze nach dem letzten Stand der Träger; bitte vor der Anmeldung beim Träger nachfragen.",
        "course_start": "Kursbeginn", "organizer": "Anbieter", "deadline": "Anmeldeschluss",
        "contact": "Kontakt", "calendar": "Kursstarts",
        "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "weekdays": "Mo Di Mi Do Fr Sa So",
    },
    "en": {
        "title": "Language course overview", "subtitle": "Integration and job-related language courses starting in {month}",
        "starts": "course starts", "as_of": "As of", "page": "Page", "page_of": "of",
        "none": "No course starts are reported for {month}.", "start": "Start", "end": "End",
        "times": "Times", "seats": "Free places", "childcare": "Childcare",
        "provider": "Provider and contact", "place": "Location", "target_level": "target level",
        "full": "fully booked", "waitlist": "waiting list", "on_request": "on request", "of": "of",
        "yes": "yes", "no": "no", "full_time": "full-time", "part_time": "part-time",
        "evening": "evening course", "weekend": "weekend course",
        "disclaimer": "Information from the course providers, without guarantee. Free places as last reported; please ask the provider before registering.",
        "course_start": "Course starts", "organizer": "Provider", "deadline": "Registration deadline",
        "contact": "Contact", "calendar": "Course starts",
        "months": "January February March April May June July August September October November December",
        "weekdays": "Mon Tue Wed Thu Fri Sat Sun",
    },
    "ar": {
        "title": "نظرة عامة على دورات اللغة", "subtitle": "دورات الاندماج ودورات اللغة المهنية التي تبدأ في {month}",
        "starts": "بدايات دورات", "as_of": "الحالة في", "page": "صفحة", "page_of": "من",
        "none": "لا توجد بدايات دورات مُبلَّغ عنها في {month}.", "start": "بداية الدورة", "end": "نهاية الدورة",
        "times": "المواعيد", "seats": "الأماكن الشاغرة", "childcare": "رعاية الأطفال",
        "provider": "الجهة المنظمة والتواصل", "place": "مكان الدورة", "target_level": "المستوى المستهدف",
        "full": "مكتملة", "waitlist": "قائمة الانتظار", "on_request": "عند الطلب", "of": "من",
        "yes": "نعم", "no": "لا", "full_time": "دوام كامل", "part_time": "دوام جزئي",
        "evening": "دورة مسائية", "weekend": "دورة نهاية الأسبوع",
        "disclaimer": "المعلومات مقدمة من الجهات المنظمة دون ضمان. الأماكن الشاغرة حسب آخر تحديث؛ يرجى الاستفسار لدى الجهة المنظمة قبل التسجيل.",
        "course_start": "بداية الدورة", "organizer": "الجهة المنظمة", "deadline": "آخر موعد للتسجيل",
        "contact": "التواصل", "calendar": "بدايات الدورات",
        "months": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
        "weekdays": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
    },
    "uk": {
        "title": "Огляд мовних курсів", "subtitle": "Інтеграційні та професійні мовні курси з початком у {month}",
        "starts": "початків курсів", "as_of": "Станом на", "page": "Сторінка", "page_of": "з",
        "none": "На {month} не повідомлено про початок курсів.", "start": "Початок", "end": "Кінець",
        "times": "Час", "seats": "Вільні місця", "childcare": "Догляд за дітьми",
        "provider": "Організатор і контакт", "place": "Місце проведення", "target_level": "цільовий рівень",
        "full": "місць немає", "waitlist": "лист очікування", "on_request": "за запитом", "of": "з",
        "yes": "так", "no": "ні", "full_time": "повний день", "part_time": "неповний день",
        "evening": "вечірній курс", "weekend": "курс вихідного дня",
        "disclaimer": "Дані організаторів без гарантії. Вільні місця за останніми даними; перед записом уточніть в організатора.",
        "course_start": "Початок курсу", "organizer": "Організатор", "deadline": "Кінцевий термін запису",
        "contact": "Контакт", "calendar": "Початок курсів",
        "months": "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень",
        "weekdays": "Пн Вт Ср Чт Пт Сб Нд",
    },
    "fa": {
        "title": "مرور کلی دوره‌های زبان", "subtitle": "دوره‌های ادغام و دوره‌های زبان شغلی که در {month} شروع می‌شوند",
        "starts": "شروع دوره", "as_of": "وضعیت در", "page": "صفحه", "page_of": "از",
        "none": "برای {month} شروع دوره‌ای گزارش نشده است.", "start": "شروع دوره", "end": "پایان دوره",
        "times": "زمان‌ها", "seats": "جاهای خالی", "childcare": "نگهداری از کودک",
        "provider": "برگزارکننده و تماس", "place": "محل دوره", "target_level": "سطح هدف",
        "full": "تکمیل", "waitlist": "فهرست انتظار", "on_request": "با درخواست", "of": "از",
        "yes": "بله", "no": "خیر", "full_time": "تمام‌وقت", "part_time": "پاره‌وقت",
        "evening": "دوره عصر", "weekend": "دوره آخر هفته",
        "disclaimer": "اطلاعات برگزارکنندگان بدون ضمانت. جاهای خالی طبق آخرین گزارش؛ لطفاً پیش از ثبت‌نام از برگزارکننده بپرسید.",
        "course_start": "شروع دوره", "organizer": "برگزارکننده", "deadline": "مهلت ثبت‌نام",
        "contact": "تماس", "calendar": "شروع دوره‌ها",
        "months": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
        "weekdays": "دوشنبه سه‌شنبه چهارشنبه پنجشنبه جمعه شنبه یکشنبه",
    },
    "ru": {
        "title": "Обзор языковых курсов", "subtitle": "Интеграционные и профессиональные языковые курсы с началом в {month}",
        "starts": "начал курсов", "as_of": "По состоянию на", "page": "Страница", "page_of": "из",
        "none": "На {month} о начале курсов не сообщалось.", "start": "Начало", "end": "Окончание",
        "times": "Время", "seats": "Свободные места", "childcare": "Присмотр за детьми",
        "provider": "Организатор и контакт", "place": "Место проведения", "target_level": "целевой уровень",
        "full": "мест нет", "waitlist": "лист ожидания", "on_request": "по запросу", "of": "из",
        "yes": "да", "no": "нет", "full_time": "полный день", "part_time": "неполный день",
        "evening": "вечерний курс", "weekend": "курс выходного дня",
        "disclaimer": "Данные организаторов без гарантии. Свободные места по последним данным; перед записью уточните у организатора.",
        "course_start": "Начало курса", "organizer": "Организатор", "deadline": "Срок записи",
        "contact": "Контакт", "calendar": "Начало курсов",
        "months": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
        "weekdays": "Пн Вт Ср Чт Пт Сб Вс",
    },
    "tr": {
        "title": "Dil kursları genel görünümü", "subtitle": "{month} ayında başlayan uyum ve mesleki dil kursları",
        "starts": "kurs başlangıcı", "as_of": "Durum", "page": "Sayfa", "page_of": "/",
        "none": "{month} için bildirilmiş kurs başlangıcı yok.", "start": "Başlangıç", "end": "Bitiş",
        "times": "Saatler", "seats": "Boş yerler", "childcare": "Çocuk bakımı",
        "provider": "Kurum ve iletişim", "place": "Kurs yeri", "target_level": "hedef seviye",
        "full": "dolu", "waitlist": "bekleme listesi", "on_request": "talep üzerine", "of": "/",
        "yes": "evet", "no": "hayır", "full_time": "tam zamanlı", "part_time": "yarı zamanlı",
        "evening": "akşam kursu", "weekend": "hafta sonu kursu",
        "disclaimer": "Bilgiler kurumlara aittir, garanti verilmez. Boş yerler son bildirime göredir; kayıttan önce kuruma sorunuz.",
        "course_start": "Kurs başlangıcı", "organizer": "Kurum", "deadline": "Son kayıt tarihi",
        "contact": "İletişim", "calendar": "Kurs başlangıçları",
        "months": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
        "weekdays": "Pzt Sal Çar Per Cum Cmt Paz",
    },
}  # fmt: skip


def language_of(tag: str) -> str:
    """The served language for a BCP 47 tag (`ar-SY` → `ar`); German for any other."""
    primary = tag.split("-")[0].lower()
    return primary if primary in WORDS else DEFAULT_LANGUAGE


def words(language: str) -> dict[str, str]:
    return WORDS[language_of(language)]


def month_name(language: str, month: int) -> str:
    return words(language)["months"].split()[month - 1]


def weekday_name(language: str, weekday: int) -> str:
    """ISO weekday 1 (Monday) to 7."""
    return words(language)["weekdays"].split()[weekday - 1]


def direction(language: str) -> str:
    return text_direction(language_of(language))
