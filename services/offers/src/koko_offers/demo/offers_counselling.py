"""The demo's counselling offers: migration counselling, youth migration services, asylum and
family counselling, and recognition of foreign qualifications, translated into en, ar, uk and
fa."""

from __future__ import annotations

from koko_offers.demo.entries import OfferEntry

_O = OfferEntry
_MC = "migration_counselling"

COUNSELLING_OFFERS: tuple[OfferEntry, ...] = (
    _O(
        "caritas-mbe",
        "caritas-magdeburg",
        "caritas-altstadt",
        _MC,
        "Migrationsberatung für Erwachsene",
        "Beratung zu Aufenthalt, Sprachkursen, Arbeit, Wohnen und Familie. Termine nach "
        "Vereinbarung, auch mit Dolmetschung.",
        support_languages=("ar", "ru", "uk", "en"),
        translations={
            "en": (
                "Migration counselling for adults",
                "Advice on residence, language courses, work, housing and family. Appointments "
                "by arrangement, also with an interpreter.",
            ),
            "ar": (
                "استشارات الهجرة للبالغين",
                "استشارات حول الإقامة ودورات اللغة والعمل والسكن والأسرة. المواعيد بالاتفاق، ومع "
                "مترجم عند الحاجة.",
            ),
            "uk": (
                "Міграційна консультація для дорослих",
                "Консультації щодо перебування, мовних курсів, роботи, житла та сім'ї. Прийом за "
                "домовленістю, також з перекладачем.",
            ),
            "fa": (
                "مشاوره مهاجرت برای بزرگسالان",
                "مشاوره درباره اقامت، کلاس‌های زبان، کار، مسکن و خانواده. وقت ملاقات با هماهنگی "
                "قبلی، در صورت نیاز با مترجم.",
            ),
        },
    ),
    _O(
        "diakonie-mbe",
        "diakonie-magdeburg",
        "diakonie-neue-neustadt",
        _MC,
        "Migrationsberatung der Diakonie",
        "Beratung zu Aufenthalt, Familiennachzug, Sozialleistungen und Sprachkursen in Neue "
        "Neustadt.",
        support_languages=("ar", "fa", "ru"),
        translations={
            "en": (
                "Migration counselling by Diakonie",
                "Advice on residence, family reunification, social benefits and language "
                "courses in Neue Neustadt.",
            ),
            "ar": (
                "استشارات الهجرة لدى دياكوني",
                "استشارات حول الإقامة ولمّ شمل الأسرة والمساعدات الاجتماعية ودورات اللغة في "
                "نويه نويشتات.",
            ),
            "uk": (
                "Міграційна консультація Діаконії",
                "Консультації щодо перебування, возз'єднання сім'ї, соціальних виплат і мовних "
                "курсів у Нойе-Нойштадті.",
            ),
            "fa": (
                "مشاوره مهاجرت دیاکونی",
                "مشاوره درباره اقامت، پیوستن خانواده، مزایای اجتماعی و کلاس‌های زبان در نویه "
                "نویشتات.",
            ),
        },
    ),
    _O(
        "diakonie-psychosozial",
        "diakonie-magdeburg",
        "diakonie-neue-neustadt",
        _MC,
        "Psychosoziale Beratung für Geflüchtete",
        "Gespräche bei Belastung, Trauer und Angst, mit Dolmetschung; Vermittlung in Therapie.",
        target_groups=("refugees", "adults", "youth_under_27"),
        support_languages=("ar", "fa", "ps", "ti"),
        translations={
            "en": (
                "Psychosocial counselling for refugees",
                "Conversations about stress, grief and fear, with interpreters; referral to "
                "therapy.",
            ),
            "ar": (
                "الإرشاد النفسي والاجتماعي للاجئين",
                "جلسات حوار عند الضغط النفسي والحزن والخوف، مع مترجمين؛ والإحالة إلى العلاج.",
            ),
            "uk": (
                "Психосоціальна консультація для біженців",
                "Розмови про стрес, горе та страх, з перекладачами; направлення на терапію.",
            ),
            "fa": (
                "مشاوره روانی-اجتماعی برای پناهجویان",
                "گفت‌وگو درباره فشار روانی، سوگ و ترس، با مترجم؛ معرفی برای درمان.",
            ),
        },
    ),
    _O(
        "drk-familienzusammenfuehrung",
        "drk-magdeburg",
        "drk-stadtfeld",
        _MC,
        "Suchdienst und Familienzusammenführung",
        "Hilfe bei der Suche nach Angehörigen und beim Antrag auf Familiennachzug.",
        support_languages=("ar", "en", "fr"),
        translations={
            "en": (
                "Tracing service and family reunification",
                "Help with finding relatives and applying for family reunification.",
            ),
            "ar": (
                "خدمة البحث عن المفقودين ولمّ شمل الأسرة",
                "المساعدة في البحث عن الأقارب وفي تقديم طلب لمّ شمل الأسرة.",
            ),
            "uk": (
                "Служба розшуку та возз'єднання сімей",
                "Допомога в пошуку родичів і в поданні заяви на возз'єднання сім'ї.",
            ),
            "fa": (
                "خدمات جست‌وجو و پیوستن خانواده",
                "کمک برای پیدا کردن بستگان و درخواست پیوستن خانواده.",
            ),
        },
    ),
    _O(
        "ib-jmd",
        "ib-magdeburg",
        "ib-neustaedter-see",
        _MC,
        "Jugendmigrationsdienst Magdeburg",
        "Begleitung junger Menschen von 12 bis 27 Jahren bei Schule, Ausbildung und Sprachkurs.",
        target_groups=("youth_under_27",),
        min_age=12,
        max_age=27,
        support_languages=("ar", "uk", "fa", "en"),
        translations={
            "en": (
                "Youth migration service Magdeburg",
                "Support for young people aged 12 to 27 with school, vocational training and "
                "language courses.",
            ),
            "ar": (
                "خدمة هجرة الشباب في ماغدبورغ",
                "مرافقة الشباب من سن 12 إلى 27 عامًا في المدرسة والتدريب المهني ودورة اللغة.",
            ),
            "uk": (
                "Молодіжна міграційна служба Магдебурга",
                "Супровід молодих людей від 12 до 27 років у школі, професійному навчанні та на "
                "мовних курсах.",
            ),
            "fa": (
                "خدمات مهاجرت جوانان ماگدبورگ",
                "همراهی جوانان ۱۲ تا ۲۷ ساله در مدرسه، آموزش حرفه‌ای و کلاس زبان.",
            ),
        },
    ),
    _O(
        "caritas-asylverfahren",
        "caritas-magdeburg",
        "caritas-altstadt",
        _MC,
        "Asylverfahrensberatung",
        "Unabhängige Beratung vor und während des Asylverfahrens, zur Anhörung und zu Bescheiden.",
        target_groups=("refugees", "adults"),
        residence_statuses=("asylum_seeker", "tolerated"),
        support_languages=("ar", "fa", "ti", "fr"),
        translations={
            "en": (
                "Asylum procedure counselling",
                "Independent advice before and during the asylum procedure, on the interview "
                "and on decisions.",
            ),
            "ar": (
                "استشارات إجراءات اللجوء",
                "استشارات مستقلة قبل إجراءات اللجوء وخلالها، حول جلسة الاستماع والقرارات.",
            ),
            "uk": (
                "Консультації щодо процедури надання притулку",
                "Незалежні консультації до та під час процедури надання притулку, щодо "
                "співбесіди та рішень.",
            ),
            "fa": (
                "مشاوره روند پناهندگی",
                "مشاوره مستقل پیش از روند پناهندگی و در طول آن، درباره مصاحبه و تصمیم‌ها.",
            ),
        },
    ),
    _O(
        "awo-mbe-boerde",
        "awo-boerde",
        "awo-haldensleben",
        _MC,
        "Migrationsberatung im Landkreis Börde",
        "Beratung für Erwachsene in Haldensleben und mobil in den Gemeinden.",
        support_languages=("ar", "ru"),
        translations={
            "en": (
                "Migration counselling in the district of Börde",
                "Advice for adults in Haldensleben and, on the move, in the municipalities.",
            ),
            "ar": (
                "استشارات الهجرة في منطقة بورده",
                "استشارات للبالغين في هالدنسليبن وبشكل متنقل في البلديات.",
            ),
            "uk": (
                "Міграційна консультація в районі Берде",
                "Консультації для дорослих у Гальденслебені та виїзні консультації в громадах.",
            ),
            "fa": (
                "مشاوره مهاجرت در شهرستان بورده",
                "مشاوره برای بزرگسالان در هالدنسلبن و به‌صورت سیار در شهرها و روستاها.",
            ),
        },
    ),
    _O(
        "diakonie-jmd-boerde",
        "diakonie-boerde",
        "diakonie-wolmirstedt",
        _MC,
        "Jugendmigrationsdienst Börde",
        "Beratung für junge Zugewanderte in Wolmirstedt und Haldensleben, auch per Messenger.",
        target_groups=("youth_under_27",),
        min_age=12,
        max_age=27,
        format="hybrid",
        translations={
            "en": (
                "Youth migration service Börde",
                "Advice for young newcomers in Wolmirstedt and Haldensleben, also by messenger.",
            ),
            "ar": (
                "خدمة هجرة الشباب في بورده",
                "استشارات للشباب القادمين الجدد في فولميرشتيت وهالدنسليبن، وعبر تطبيقات "
                "المراسلة أيضًا.",
            ),
            "uk": (
                "Молодіжна міграційна служба Берде",
                "Консультації для молодих новоприбулих у Вольмірштедті та Гальденслебені, також "
                "через месенджер.",
            ),
            "fa": (
                "خدمات مهاجرت جوانان بورده",
                "مشاوره برای جوانان تازه‌وارد در ولمیرشتت و هالدنسلبن، همچنین از طریق پیام‌رسان.",
            ),
        },
    ),
    _O(
        "jobcenter-boerde-beratung",
        "jobcenter-boerde",
        "jobcenter-haldensleben",
        _MC,
        "Beratung für Neuzugewanderte im Jobcenter Börde",
        "Erstberatung zu Leistungen, Sprachkurs und Arbeitssuche, mit Dolmetschung nach Termin.",
        residence_statuses=(
            "recognised_refugee",
            "subsidiary_protection",
            "temporary_protection_ukraine",
        ),
        support_languages=("uk", "ar"),
        translations={
            "en": (
                "Advice for newcomers at Jobcenter Börde",
                "First advice on benefits, language courses and job search, with an interpreter "
                "by appointment.",
            ),
            "ar": (
                "استشارات للقادمين الجدد في مركز العمل بورده",
                "استشارة أولى حول المساعدات ودورات اللغة والبحث عن عمل، مع مترجم حسب الموعد.",
            ),
            "uk": (
                "Консультації для новоприбулих у Jobcenter Берде",
                "Перша консультація щодо виплат, мовних курсів і пошуку роботи, з перекладачем "
                "за записом.",
            ),
            "fa": (
                "مشاوره برای تازه‌واردان در جاب‌سنتر بورده",
                "مشاوره اولیه درباره مزایا، کلاس زبان و جست‌وجوی کار، با مترجم و با تعیین وقت.",
            ),
        },
    ),
    # Recognition of foreign qualifications
    _O(
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
                "Which office is responsible, which documents do I need, what does the "
                "procedure cost? Advice also online.",
            ),
            "ar": (
                "استشارات الاعتراف بالشهادات المهنية الأجنبية",
                "ما الجهة المختصة؟ ما الوثائق التي أحتاجها؟ كم تكلف الإجراءات؟ الاستشارة متاحة "
                "عبر الإنترنت أيضًا.",
            ),
            "uk": (
                "Консультації з визнання іноземних професійних кваліфікацій",
                "Яка установа відповідальна, які документи потрібні, скільки коштує процедура? "
                "Консультації також онлайн.",
            ),
            "fa": (
                "مشاوره به رسمیت شناختن مدارک حرفه‌ای خارجی",
                "کدام اداره مسئول است، چه مدارکی لازم دارم، هزینه روند چقدر است؟ مشاوره به‌صورت "
                "آنلاین هم ممکن است.",
            ),
        },
    ),
    _O(
        "ihk-anerkennung",
        "ihk-magdeburg",
        "ihk-altstadt",
        "recognition",
        "Anerkennung ausländischer Abschlüsse in IHK-Berufen",
        "Prüfung der Gleichwertigkeit für kaufmännische und gewerblich-technische Berufe über "
        "die IHK FOSA.",
        cost_options=("fee",),
        fee_note="Gebühr je nach Aufwand 100 bis 600 €; Förderung über das Jobcenter möglich.",
        translations={
            "en": (
                "Recognition of foreign qualifications in IHK occupations",
                "Assessment of equivalence for commercial and industrial-technical occupations "
                "through IHK FOSA.",
            ),
            "ar": (
                "الاعتراف بالمؤهلات الأجنبية في مهن غرفة الصناعة والتجارة",
                "تقييم معادلة المؤهلات في المهن التجارية والصناعية التقنية عبر IHK FOSA.",
            ),
            "uk": (
                "Визнання іноземних кваліфікацій у професіях IHK",
                "Перевірка рівноцінності для комерційних і промислово-технічних професій через "
                "IHK FOSA.",
            ),
            "fa": (
                "به رسمیت شناختن مدارک خارجی در مشاغل اتاق صنعت و تجارت",
                "بررسی هم‌ارزی برای مشاغل بازرگانی و صنعتی-فنی از طریق IHK FOSA.",
            ),
        },
    ),
    _O(
        "hwk-anerkennung",
        "hwk-magdeburg",
        "hwk-werder",
        "recognition",
        "Anerkennungsberatung im Handwerk",
        "Beratung und Gleichwertigkeitsprüfung für Handwerksberufe, etwa Elektroniker, "
        "Friseurin oder Kfz-Mechatroniker.",
        translations={
            "en": (
                "Recognition advice for skilled crafts",
                "Advice and equivalence assessment for craft occupations such as electronics "
                "technician, hairdresser or car mechatronics technician.",
            ),
            "ar": (
                "استشارات الاعتراف في الحِرف",
                "استشارة وتقييم معادلة لمهن الحِرف، مثل فني الإلكترونيات أو مصففة الشعر أو فني "
                "ميكاترونيكس السيارات.",
            ),
            "uk": (
                "Консультації з визнання в ремеслах",
                "Консультації та перевірка рівноцінності для ремісничих професій, наприклад "
                "електронік, перукарка чи автомехатронік.",
            ),
            "fa": (
                "مشاوره به رسمیت شناختن مدارک در حرفه‌های فنی",
                "مشاوره و بررسی هم‌ارزی برای حرفه‌های فنی مانند تکنسین الکترونیک، آرایشگر یا "
                "مکانیک خودرو.",
            ),
        },
    ),
    _O(
        "landkreis-boerde-anerkennung",
        "landkreis-boerde-bildung",
        "landkreis-haldensleben",
        "recognition",
        "Anerkennungsberatung im Landkreis Börde",
        "Sprechstunde einmal im Monat in Haldensleben mit dem IQ Netzwerk, sonst per Video.",
        format="hybrid",
        translations={
            "en": (
                "Recognition advice in the district of Börde",
                "Office hours once a month in Haldensleben with the IQ network, otherwise by "
                "video.",
            ),
            "ar": (
                "استشارات الاعتراف بالشهادات في منطقة بورده",
                "ساعات استشارة مرة في الشهر في هالدنسليبن مع شبكة IQ، وفي غير ذلك عبر الفيديو.",
            ),
            "uk": (
                "Консультації з визнання в районі Берде",
                "Прийом раз на місяць у Гальденслебені разом з мережею IQ, в інший час — "
                "відеозв'язком.",
            ),
            "fa": (
                "مشاوره به رسمیت شناختن مدارک در شهرستان بورده",
                "ساعت مشاوره ماهی یک بار در هالدنسلبن با شبکه IQ، در غیر این صورت از طریق تماس "
                "تصویری.",
            ),
        },
    ),
)
