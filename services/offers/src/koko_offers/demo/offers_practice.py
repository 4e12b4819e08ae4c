"""The demo's language practice offers (language cafés, reading cafés, mentoring), translated
into en, ar, uk and fa."""

from __future__ import annotations

from koko_offers.demo.entries import OfferEntry, RunEntry

_O = OfferEntry

PRACTICE: tuple[OfferEntry, ...] = (
    _O(
        "caritas-sprachcafe",
        "caritas-magdeburg",
        "caritas-altstadt",
        "language_practice",
        "Sprachcafé",
        "Deutsch sprechen im Alltag mit ehrenamtlichen Sprachpatinnen und Sprachpaten, jeden "
        "Donnerstag.",
        translations={
            "en": (
                "Language café",
                "Speak everyday German with volunteer language mentors, every Thursday.",
            ),
            "ar": (
                "مقهى اللغة",
                "تحدث الألمانية اليومية مع مرشدات ومرشدين لغويين متطوعين، كل يوم خميس.",
            ),
            "uk": (
                "Мовне кафе",
                "Розмовляйте німецькою про повсякденне життя з волонтерами — мовними "
                "наставниками, щочетверга.",
            ),
            "fa": ("کافه زبان", "صحبت به زبان آلمانی روزمره با راهنمایان زبان داوطلب، هر پنجشنبه."),
        },
    ),
    _O(
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
        # Online: seats are not limited (no maximum).
        runs=(RunEntry(2, capacity=None, booked=7, time_of_day="evening", weeks=10),),
        translations={
            "en": (
                "Practise German online",
                "Online conversation course at A2 for everyone who cannot come to a course in "
                "person because of time or distance.",
            ),
            "ar": (
                "تدرّب على الألمانية عبر الإنترنت",
                "دورة محادثة عبر الإنترنت بمستوى A2 لكل من لا يستطيع حضور دورة في المكان بسبب "
                "الوقت أو المسافة.",
            ),
            "uk": (
                "Практика німецької онлайн",
                "Онлайн-курс розмовної мови рівня A2 для всіх, хто через брак часу чи відстань "
                "не може відвідувати курс очно.",
            ),
            "fa": (
                "تمرین آلمانی به‌صورت آنلاین",
                "دوره مکالمه آنلاین در سطح A2 برای همه کسانی که به دلیل وقت یا فاصله نمی‌توانند "
                "در کلاس حضوری شرکت کنند.",
            ),
        },
    ),
    _O(
        "stadtbibliothek-lesecafe",
        "stadtbibliothek-magdeburg",
        "stadtbibliothek-zentral",
        "language_practice",
        "Lesecafé Deutsch in der Zentralbibliothek",
        "Gemeinsam einfache Texte lesen und darüber sprechen, mit Tipps zu Büchern und Apps zum "
        "Deutschlernen.",
        translations={
            "en": (
                "German reading café at the central library",
                "Read simple texts together and talk about them, with tips on books and apps for "
                "learning German.",
            ),
            "ar": (
                "مقهى القراءة بالألمانية في المكتبة المركزية",
                "قراءة نصوص بسيطة معًا والتحدث عنها، مع نصائح حول الكتب والتطبيقات لتعلم الألمانية.",
            ),
            "uk": (
                "Читацьке кафе німецькою в Центральній бібліотеці",
                "Разом читаємо прості тексти й обговорюємо їх, з порадами щодо книжок і "
                "застосунків для вивчення німецької.",
            ),
            "fa": (
                "کافه کتاب‌خوانی آلمانی در کتابخانه مرکزی",
                "خواندن متن‌های ساده با هم و گفت‌وگو درباره آن‌ها، همراه با معرفی کتاب‌ها و "
                "اپلیکیشن‌های یادگیری آلمانی.",
            ),
        },
    ),
    _O(
        "freiwilligenagentur-sprachpaten",
        "freiwilligenagentur-magdeburg",
        "freiwilligenagentur-altstadt",
        "language_practice",
        "Sprachpatenschaften",
        "Ehrenamtliche treffen sich einmal pro Woche mit einer Person, die Deutsch lernt, zum "
        "Sprechen und Üben.",
        translations={
            "en": (
                "Language mentoring",
                "Volunteers meet once a week with a person learning German to talk and practise.",
            ),
            "ar": (
                "الرعاية اللغوية",
                "يلتقي متطوعون مرة في الأسبوع بشخص يتعلم الألمانية للتحدث والتدرب.",
            ),
            "uk": (
                "Мовне наставництво",
                "Волонтери раз на тиждень зустрічаються з людиною, яка вивчає німецьку, щоб "
                "розмовляти й практикуватися.",
            ),
            "fa": (
                "همیاری زبانی",
                "داوطلبان هفته‌ای یک بار با فردی که آلمانی یاد می‌گیرد دیدار می‌کنند تا با هم صحبت "
                "و تمرین کنند.",
            ),
        },
    ),
    _O(
        "drk-frauen-deutschtreff",
        "drk-magdeburg",
        "drk-stadtfeld",
        "language_practice",
        "Deutsch-Treff für Frauen",
        "Gesprächsrunde für Frauen mit Kinderbetreuung: Alltag, Gesundheit und Behörden auf "
        "Deutsch.",
        target_groups=("women", "parents"),
        childcare=True,
        support_languages=("ar", "fa"),
        translations={
            "en": (
                "German meeting point for women",
                "Conversation group for women with childcare: everyday life, health and public "
                "offices in German.",
            ),
            "ar": (
                "ملتقى اللغة الألمانية للنساء",
                "حلقة حوار للنساء مع رعاية الأطفال: الحياة اليومية والصحة والتعامل مع الدوائر "
                "الرسمية باللغة الألمانية.",
            ),
            "uk": (
                "Німецька зустріч для жінок",
                "Розмовна група для жінок із доглядом за дітьми: повсякдення, здоров'я та "
                "установи — німецькою.",
            ),
            "fa": (
                "پاتوق آلمانی برای زنان",
                "گروه گفت‌وگو برای زنان همراه با نگهداری از کودکان: زندگی روزمره، سلامت و ادارات "
                "به زبان آلمانی.",
            ),
        },
    ),
    _O(
        "bibliothek-haldensleben-sprachtreff",
        "bibliothek-haldensleben",
        "bibliothek-haldensleben-haus",
        "language_practice",
        "Sprachtreff in der Stadtbibliothek Haldensleben",
        "Offener Treff zum Deutschsprechen mit Ehrenamtlichen, jeden Dienstagnachmittag.",
        translations={
            "en": (
                "Language meeting at Haldensleben library",
                "Open meeting to speak German with volunteers, every Tuesday afternoon.",
            ),
            "ar": (
                "ملتقى اللغة في مكتبة مدينة هالدنسليبن",
                "لقاء مفتوح للتحدث بالألمانية مع متطوعين، كل يوم ثلاثاء بعد الظهر.",
            ),
            "uk": (
                "Мовна зустріч у міській бібліотеці Гальденслебена",
                "Відкрита зустріч для розмов німецькою з волонтерами, щовівторка після обіду.",
            ),
            "fa": (
                "پاتوق زبان در کتابخانه شهر هالدنسلبن",
                "دیدار آزاد برای صحبت به آلمانی با داوطلبان، هر سه‌شنبه بعدازظهر.",
            ),
        },
    ),
    _O(
        "awo-boerde-sprachcafe",
        "awo-boerde",
        "awo-oschersleben",
        "language_practice",
        "Sprachcafé Oschersleben",
        "Deutsch üben bei Kaffee und Tee im AWO Familienzentrum, Kinder sind willkommen.",
        target_groups=("adults", "parents"),
        translations={
            "en": (
                "Language café Oschersleben",
                "Practise German over coffee and tea at the AWO family centre; children are "
                "welcome.",
            ),
            "ar": (
                "مقهى اللغة في أوشرسليبن",
                "تدرّب على الألمانية مع القهوة والشاي في مركز الأسرة التابع لـ AWO، والأطفال مرحب "
                "بهم.",
            ),
            "uk": (
                "Мовне кафе в Ошерслебені",
                "Практикуйте німецьку за кавою та чаєм у сімейному центрі AWO, діти — бажані "
                "гості.",
            ),
            "fa": (
                "کافه زبان اشرسلبن",
                "تمرین آلمانی با قهوه و چای در مرکز خانواده AWO؛ کودکان هم خوش آمدند.",
            ),
        },
    ),
)
