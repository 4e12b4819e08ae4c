"""Titles and descriptions of the demo's language courses by course type, in German and
translated into English, Arabic, Ukrainian and Farsi; a course's title adds its place."""

from __future__ import annotations

# {course type code: {language: (title, description)}}
COURSE_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "BAMF_IK_ALLG": {
        "de": (
            "Allgemeiner Integrationskurs",
            "Deutsch bis Niveau B1 und Orientierungskurs zu Geschichte, Politik und Zusammenleben "
            "in Deutschland. Abschluss mit dem Deutsch-Test für Zuwanderer und dem Test „Leben in "
            "Deutschland“.",
        ),
        "en": (
            "General integration course",
            "German up to level B1 and an orientation course on history, politics and living "
            "together in Germany. It ends with the German test for immigrants (DTZ) and the test "
            "“Life in Germany”.",
        ),
        "ar": (
            "دورة الاندماج العامة",
            "اللغة الألمانية حتى المستوى B1 ودورة توجيهية حول تاريخ ألمانيا وسياستها "
            "والعيش المشترك فيها. تنتهي الدورة باختبار اللغة الألمانية للمهاجرين "
            "واختبار «الحياة في ألمانيا».",
        ),
        "uk": (
            "Загальний інтеграційний курс",
            "Німецька мова до рівня B1 та орієнтаційний курс з історії, політики й спільного "
            "життя в Німеччині. Завершується тестом з німецької мови для іммігрантів і тестом "
            "«Життя в Німеччині».",
        ),
        "fa": (
            "دوره عمومی ادغام",
            "زبان آلمانی تا سطح B1 و دوره آشنایی با تاریخ، سیاست و زندگی مشترک در آلمان. "
            "پایان دوره با آزمون زبان آلمانی برای مهاجران و آزمون «زندگی در آلمان».",
        ),
    },
    "BAMF_IK_JUGEND": {
        "de": (
            "Jugendintegrationskurs",
            "Integrationskurs für junge Menschen bis 27 Jahre mit Vorbereitung auf Schule, "
            "Ausbildung und Beruf.",
        ),
        "en": (
            "Integration course for young people",
            "Integration course for young people up to 27, preparing for school, vocational "
            "training and work.",
        ),
        "ar": (
            "دورة الاندماج للشباب",
            "دورة اندماج للشباب حتى سن 27 عامًا مع التحضير للمدرسة والتدريب المهني والعمل.",
        ),
        "uk": (
            "Інтеграційний курс для молоді",
            "Інтеграційний курс для молоді до 27 років з підготовкою до школи, професійного "
            "навчання та роботи.",
        ),
        "fa": (
            "دوره ادغام برای جوانان",
            "دوره ادغام برای جوانان تا ۲۷ سال همراه با آمادگی برای مدرسه، آموزش حرفه‌ای و کار.",
        ),
    },
    "BAMF_IK_ELTERN": {
        "de": (
            "Elternintegrationskurs",
            "Integrationskurs für Mütter und Väter mit Themen rund um Kita, Schule und Erziehung.",
        ),
        "en": (
            "Integration course for parents",
            "Integration course for mothers and fathers on day care, school and bringing up "
            "children.",
        ),
        "ar": (
            "دورة الاندماج للآباء والأمهات",
            "دورة اندماج للأمهات والآباء تتناول مواضيع الحضانة والمدرسة وتربية الأطفال.",
        ),
        "uk": (
            "Інтеграційний курс для батьків",
            "Інтеграційний курс для матерів і батьків на теми дитячого садка, школи та виховання.",
        ),
        "fa": (
            "دوره ادغام برای والدین",
            "دوره ادغام برای مادران و پدران با موضوعات مهدکودک، مدرسه و تربیت فرزند.",
        ),
    },
    "BAMF_IK_FRAUEN": {
        "de": (
            "Frauenintegrationskurs",
            "Integrationskurs nur für Frauen, vormittags, mit Kinderbetreuung im Haus.",
        ),
        "en": (
            "Integration course for women",
            "Integration course for women only, in the mornings, with childcare on site.",
        ),
        "ar": (
            "دورة الاندماج للنساء",
            "دورة اندماج للنساء فقط، في الفترة الصباحية، مع رعاية الأطفال في المكان نفسه.",
        ),
        "uk": (
            "Інтеграційний курс для жінок",
            "Інтеграційний курс лише для жінок, у першій половині дня, з доглядом за дітьми на "
            "місці.",
        ),
        "fa": (
            "دوره ادغام برای زنان",
            "دوره ادغام فقط برای زنان، صبح‌ها، همراه با نگهداری از کودکان در همان محل.",
        ),
    },
    "BAMF_IK_ALPHA": {
        "de": (
            "Integrationskurs mit Alphabetisierung",
            "Für Menschen, die nicht oder wenig lesen und schreiben können: Lesen und Schreiben in "
            "lateinischer Schrift und Deutsch bis B1.",
        ),
        "en": (
            "Integration course with literacy training",
            "For people who cannot read and write, or only a little: reading and writing in the "
            "Latin alphabet and German up to B1.",
        ),
        "ar": (
            "دورة الاندماج مع محو الأمية",
            "للأشخاص الذين لا يستطيعون القراءة والكتابة أو يستطيعون قليلًا: القراءة والكتابة "
            "بالحروف اللاتينية واللغة الألمانية حتى المستوى B1.",
        ),
        "uk": (
            "Інтеграційний курс з навчанням грамоти",
            "Для людей, які не вміють або мало вміють читати й писати: читання та письмо "
            "латиницею і німецька мова до рівня B1.",
        ),
        "fa": (
            "دوره ادغام همراه با سوادآموزی",
            "برای کسانی که خواندن و نوشتن نمی‌دانند یا کم می‌دانند: خواندن و نوشتن با خط لاتین و "
            "زبان آلمانی تا سطح B1.",
        ),
    },
    "BAMF_IK_ZWEITSCHRIFT": {
        "de": (
            "Zweitschriftlernerkurs",
            "Für Menschen, die in einer anderen Schrift lesen und schreiben, etwa Arabisch oder "
            "Kyrillisch: lateinische Schrift und Deutsch bis B1.",
        ),
        "en": (
            "Course for second-script learners",
            "For people who read and write another script, such as Arabic or Cyrillic: the "
            "Latin alphabet and German up to B1.",
        ),
        "ar": (
            "دورة لمتعلمي الكتابة الثانية",
            "للأشخاص الذين يقرؤون ويكتبون بخط آخر مثل العربية أو السيريلية: الحروف اللاتينية "
            "واللغة الألمانية حتى المستوى B1.",
        ),
        "uk": (
            "Курс для тих, хто вивчає друге письмо",
            "Для людей, які читають і пишуть іншим письмом, наприклад арабським чи кирилицею: "
            "латинське письмо і німецька мова до рівня B1.",
        ),
        "fa": (
            "دوره برای یادگیرندگان خط دوم",
            "برای کسانی که با خط دیگری مانند عربی یا سیریلیک می‌خوانند و می‌نویسند: خط لاتین و "
            "زبان آلمانی تا سطح B1.",
        ),
    },
    "BAMF_IK_FOERDER": {
        "de": (
            "Förderkurs",
            "Integrationskurs mit zusätzlicher Förderung für Menschen, die schon lange in "
            "Deutschland leben und ihr Deutsch verbessern möchten.",
        ),
        "en": (
            "Remedial integration course",
            "Integration course with extra support for people who have lived in Germany for a "
            "long time and want to improve their German.",
        ),
        "ar": (
            "دورة الاندماج الداعمة",
            "دورة اندماج مع دعم إضافي للأشخاص الذين يعيشون في ألمانيا منذ فترة طويلة ويريدون "
            "تحسين لغتهم الألمانية.",
        ),
        "uk": (
            "Інтеграційний курс з додатковою підтримкою",
            "Інтеграційний курс з додатковою підтримкою для людей, які вже давно живуть у "
            "Німеччині й хочуть покращити свою німецьку.",
        ),
        "fa": (
            "دوره ادغام تقویتی",
            "دوره ادغام با پشتیبانی بیشتر برای کسانی که مدت‌ها در آلمان زندگی می‌کنند و می‌خواهند "
            "آلمانی خود را بهتر کنند.",
        ),
    },
    "BAMF_IK_INTENSIV": {
        "de": (
            "Intensivkurs",
            "Integrationskurs in kürzerer Zeit für Menschen, die schnell lernen: Deutsch bis B1 in "
            "400 Unterrichtseinheiten und Orientierungskurs.",
        ),
        "en": (
            "Intensive integration course",
            "Integration course in less time for fast learners: German up to B1 in 400 teaching "
            "units and the orientation course.",
        ),
        "ar": (
            "دورة الاندماج المكثفة",
            "دورة اندماج في وقت أقصر لمن يتعلمون بسرعة: اللغة الألمانية حتى المستوى B1 في 400 "
            "وحدة تعليمية والدورة التوجيهية.",
        ),
        "uk": (
            "Інтенсивний інтеграційний курс",
            "Інтеграційний курс за коротший час для тих, хто швидко навчається: німецька до "
            "рівня B1 за 400 навчальних одиниць і орієнтаційний курс.",
        ),
        "fa": (
            "دوره فشرده ادغام",
            "دوره ادغام در زمان کوتاه‌تر برای کسانی که سریع یاد می‌گیرند: زبان آلمانی تا سطح B1 در "
            "۴۰۰ واحد درسی و دوره آشنایی.",
        ),
    },
    "BSK_A2": {
        "de": (
            "Berufssprachkurs A2",
            "Spezialmodul für Menschen, die den Integrationskurs ohne B1 abgeschlossen haben: "
            "Deutsch für den Einstieg in Arbeit.",
        ),
        "en": (
            "Job-related language course A2",
            "Special module for people who finished the integration course without reaching B1: "
            "German for starting work.",
        ),
        "ar": (
            "دورة اللغة المهنية A2",
            "وحدة خاصة لمن أنهوا دورة الاندماج دون الوصول إلى المستوى B1: اللغة الألمانية لبدء "
            "العمل.",
        ),
        "uk": (
            "Професійний мовний курс A2",
            "Спеціальний модуль для тих, хто закінчив інтеграційний курс без рівня B1: "
            "німецька мова для початку роботи.",
        ),
        "fa": (
            "دوره زبان شغلی A2",
            "بخش ویژه برای کسانی که دوره ادغام را بدون رسیدن به سطح B1 به پایان رسانده‌اند: زبان "
            "آلمانی برای شروع کار.",
        ),
    },
    "BSK_B1": {
        "de": (
            "Berufssprachkurs B1",
            "Spezialmodul von A2 nach B1: Deutsch für Bewerbung und Arbeitsalltag.",
        ),
        "en": (
            "Job-related language course B1",
            "Special module from A2 to B1: German for job applications and everyday work.",
        ),
        "ar": (
            "دورة اللغة المهنية B1",
            "وحدة خاصة من المستوى A2 إلى B1: اللغة الألمانية لطلبات العمل والحياة العملية اليومية.",
        ),
        "uk": (
            "Професійний мовний курс B1",
            "Спеціальний модуль від A2 до B1: німецька для пошуку роботи та робочих буднів.",
        ),
        "fa": (
            "دوره زبان شغلی B1",
            "بخش ویژه از سطح A2 تا B1: زبان آلمانی برای درخواست کار و کار روزمره.",
        ),
    },
    "BSK_B2": {
        "de": (
            "Berufssprachkurs B2",
            "Deutsch für den Beruf von B1 nach B2: Bewerbung, Arbeitsalltag, Fachsprache.",
        ),
        "en": (
            "Job-related language course B2",
            "German for work from B1 to B2: job applications, everyday work, technical language.",
        ),
        "ar": (
            "دورة اللغة المهنية B2",
            "اللغة الألمانية للعمل من المستوى B1 إلى B2: طلبات العمل والحياة العملية اليومية "
            "واللغة المتخصصة.",
        ),
        "uk": (
            "Професійний мовний курс B2",
            "Німецька для роботи від B1 до B2: пошук роботи, робочі будні, фахова мова.",
        ),
        "fa": (
            "دوره زبان شغلی B2",
            "زبان آلمانی برای کار از سطح B1 تا B2: درخواست کار، کار روزمره و زبان تخصصی.",
        ),
    },
    "BSK_C1": {
        "de": (
            "Berufssprachkurs C1",
            "Deutsch für qualifizierte Berufe von B2 nach C1: Besprechungen, Berichte, "
            "Präsentationen.",
        ),
        "en": (
            "Job-related language course C1",
            "German for qualified jobs from B2 to C1: meetings, reports, presentations.",
        ),
        "ar": (
            "دورة اللغة المهنية C1",
            "اللغة الألمانية للمهن المؤهلة من المستوى B2 إلى C1: الاجتماعات والتقارير والعروض "
            "التقديمية.",
        ),
        "uk": (
            "Професійний мовний курс C1",
            "Німецька для кваліфікованих професій від B2 до C1: наради, звіти, презентації.",
        ),
        "fa": (
            "دوره زبان شغلی C1",
            "زبان آلمانی برای مشاغل تخصصی از سطح B2 تا C1: جلسات، گزارش‌ها و ارائه‌ها.",
        ),
    },
    "BSK_C2": {
        "de": (
            "Berufssprachkurs C2",
            "Deutsch auf höchstem Niveau von C1 nach C2 für akademische und leitende Berufe.",
        ),
        "en": (
            "Job-related language course C2",
            "German at the highest level, from C1 to C2, for academic and management jobs.",
        ),
        "ar": (
            "دورة اللغة المهنية C2",
            "اللغة الألمانية في أعلى مستوى، من C1 إلى C2، للمهن الأكاديمية والقيادية.",
        ),
        "uk": (
            "Професійний мовний курс C2",
            "Німецька найвищого рівня, від C1 до C2, для академічних і керівних професій.",
        ),
        "fa": (
            "دوره زبان شغلی C2",
            "زبان آلمانی در بالاترین سطح، از C1 تا C2، برای مشاغل دانشگاهی و مدیریتی.",
        ),
    },
    "BSK_ANERKENNUNG": {
        "de": (
            "Berufssprachkurs Pflege – Anerkennung",
            "Fachsprache für Pflegekräfte mit ausländischem Abschluss auf dem Weg zur Anerkennung.",
        ),
        "en": (
            "Job-related language course for nursing – recognition",
            "Technical language for nurses with a foreign qualification on the way to its "
            "recognition.",
        ),
        "ar": (
            "دورة اللغة المهنية للتمريض – الاعتراف بالشهادة",
            "اللغة المتخصصة للممرضات والممرضين الحاصلين على مؤهل أجنبي في طريقهم إلى الاعتراف به.",
        ),
        "uk": (
            "Професійний мовний курс для медсестер – визнання",
            "Фахова мова для медсестер і медбратів з іноземною кваліфікацією на шляху до її "
            "визнання.",
        ),
        "fa": (
            "دوره زبان شغلی پرستاری – به رسمیت شناختن مدرک",
            "زبان تخصصی برای پرستاران دارای مدرک خارجی در مسیر به رسمیت شناخته شدن مدرک.",
        ),
    },
    "BSK_GEWERBE": {
        "de": (
            "Berufssprachkurs Gewerbe und Technik",
            "Deutsch für Handwerk, Industrie und Logistik von B1 nach B2 mit Fachwortschatz und "
            "Arbeitssicherheit.",
        ),
        "en": (
            "Job-related language course for trades and technology",
            "German for crafts, industry and logistics from B1 to B2 with technical vocabulary "
            "and occupational safety.",
        ),
        "ar": (
            "دورة اللغة المهنية للحرف والتقنية",
            "اللغة الألمانية للحرف والصناعة والخدمات اللوجستية من المستوى B1 إلى B2 مع المصطلحات "
            "المتخصصة والسلامة المهنية.",
        ),
        "uk": (
            "Професійний мовний курс для ремесел і техніки",
            "Німецька для ремесел, промисловості та логістики від B1 до B2 з фаховою лексикою "
            "та охороною праці.",
        ),
        "fa": (
            "دوره زبان شغلی صنعت و فن",
            "زبان آلمانی برای صنایع دستی، صنعت و لجستیک از سطح B1 تا B2 همراه با واژگان تخصصی و "
            "ایمنی کار.",
        ),
    },
}

# Variants a course's title names in parentheses, translated like the titles.
VARIANTS: dict[str, dict[str, str]] = {
    "abends": {"de": "abends", "en": "evenings", "ar": "مساءً", "uk": "вечорами", "fa": "عصرها"},
    "online": {
        "de": "online",
        "en": "online",
        "ar": "عبر الإنترنت",
        "uk": "онлайн",
        "fa": "آنلاین",
    },
    "samstags": {
        "de": "samstags",
        "en": "Saturdays",
        "ar": "أيام السبت",
        "uk": "щосуботи",
        "fa": "شنبه‌ها",
    },
}
