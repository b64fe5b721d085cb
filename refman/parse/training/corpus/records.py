"""Kazakh and Russian works written for refman's corpus (constructed, not real publications).

The vocabulary below (surnames, given names, title phrases, journals, publishers, cities,
conferences, web sites, laws) was written by the refman developers to look like the reference
lists of Kazakh and Russian journals. :func:`make_records` combines it, with a seeded random
generator, into CSL-like records of every common type; :data:`FIXED_RECORDS` are whole records
written out by hand. Nothing here is a real bibliographic record (DOIs use the test prefix
10.5555, URLs are example sites or made-up paths on public sites).
"""

from __future__ import annotations

import random
from typing import Any

__all__ = ["FIXED_RECORDS", "Record", "make_records"]

Record = dict[str, Any]

RU_SURNAMES = [
    "Иванов",
    "Петров",
    "Сидоров",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кудрявцев",
    "Беляев",
    "Тарасов",
    "Белов",
    "Комаров",
    "Виноградов",
    "Богданов",
    "Медведев",
    "Ершов",
    "Широков",
    "Гусев",
    "Титов",
    "Кулагин",
    "Ефимов",
    "Шестаков",
    "Покровский",
    "Вишневский",
    "Соболевский",
    "Жуковский",
    "Гончаров",
    "Ковалёв",
    "Ильин",
    "Громов",
    "Фомин",
    "Давыдов",
]

KK_SURNAMES = [
    "Абаев",
    "Абдуллаев",
    "Ахметов",
    "Байтұрсынов",
    "Бекмұхамбетов",
    "Жұмабаев",
    "Исабеков",
    "Кенжебаев",
    "Қасымов",
    "Құнанбаев",
    "Мұқанов",
    "Нұрпейісов",
    "Оспанов",
    "Сәрсенбаев",
    "Тоқаев",
    "Уәлиханов",
    "Шәріпов",
    "Әбішев",
    "Әлиев",
    "Серікбаев",
    "Төлегенов",
    "Нұрмағамбетов",
    "Ермеков",
    "Қалиев",
    "Мусин",
    "Абдрахманов",
    "Тұрсынбаев",
    "Ыбыраев",
    "Рахымжанов",
    "Дүйсенбаев",
    "Ғабдуллин",
    "Ізтілеуов",
    "Өтепов",
    "Үмбетов",
    "Сейітов",
    "Жақыпов",
    "Бейсенов",
    "Садықов",
    "Есенов",
    "Жүсіпов",
    "Омаров",
    "Тәжібаев",
    "Нұрланов",
    "Смағұлов",
    "Қожахметов",
    "Байжанов",
    "Алдабергенов",
    "Мұхамедов",
    "Сұлтанбеков",
    "Иманғалиев",
    "Әбдіқадыров",
    "Кенесарин",
    "Бекболатов",
    "Жанұзақов",
    "Ерғалиев",
    "Тілеубаев",
]

EN_SURNAMES = [
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Anderson",
    "Thomas",
    "Jackson",
    "White",
    "Harris",
    "Martin",
    "Thompson",
    "Garcia",
    "Martinez",
    "Robinson",
    "Clark",
    "Lewis",
    "Lee",
    "Walker",
    "Hall",
    "Allen",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
    "Phillips",
    "Evans",
    "Turner",
    "Parker",
    "Collins",
    "Edwards",
    "Stewart",
    "Müller",
    "Schmidt",
    "Weber",
    "Kim",
    "Park",
    "Wang",
    "Zhang",
    "Li",
    "Chen",
    "Nguyen",
    "Rossi",
    "Dubois",
]

RU_GIVEN_M = [
    "Иван",
    "Пётр",
    "Алексей",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Владимир",
    "Николай",
    "Михаил",
    "Александр",
    "Виктор",
    "Юрий",
    "Олег",
    "Игорь",
    "Евгений",
    "Павел",
    "Константин",
    "Борис",
    "Григорий",
    "Артём",
]
RU_GIVEN_F = [
    "Анна",
    "Мария",
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Екатерина",
    "Юлия",
    "Людмила",
    "Галина",
    "Марина",
    "Вера",
    "Надежда",
    "Ксения",
    "Дарья",
    "Алла",
]
RU_PATRONYMIC = [
    "Иванович",
    "Петрович",
    "Сергеевич",
    "Николаевич",
    "Владимирович",
    "Александрович",
    "Викторович",
    "Юрьевич",
    "Михайлович",
    "Андреевич",
    "Борисович",
    "Олегович",
]
KK_GIVEN_M = [
    "Асқар",
    "Нұрлан",
    "Ерлан",
    "Қанат",
    "Бауыржан",
    "Ержан",
    "Мұрат",
    "Серік",
    "Ғалым",
    "Дәурен",
    "Ілияс",
    "Өмірзақ",
    "Талғат",
    "Айдар",
    "Бекзат",
    "Жанат",
    "Марат",
    "Нұрсұлтан",
    "Ербол",
    "Қайрат",
    "Әділ",
    "Болат",
]
KK_GIVEN_F = [
    "Айгүл",
    "Гүлнар",
    "Динара",
    "Сәуле",
    "Жанар",
    "Әсел",
    "Ботагөз",
    "Айжан",
    "Гүлмира",
    "Мәдина",
    "Ақмарал",
    "Жұлдыз",
    "Салтанат",
    "Айнұр",
    "Меруерт",
    "Ләззат",
    "Гүлсім",
    "Жансая",
    "Бибігүл",
    "Ұлжан",
]
KK_FATHER = [
    "Бек",
    "Серік",
    "Нұр",
    "Асқар",
    "Марат",
    "Қайрат",
    "Ерлан",
    "Болат",
    "Сәкен",
    "Жұмаш",
    "Оспан",
    "Тоқтар",
]
EN_GIVEN = [
    "John",
    "Mary",
    "James",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Richard",
    "Karen",
    "Thomas",
    "Sarah",
    "Daniel",
    "Laura",
    "Mark",
    "Helen",
    "Peter",
    "Anna",
    "Hans",
    "Ji-won",
    "Wei",
    "Li",
    "Luis",
    "Marco",
]

RU_TITLE_HEAD = [
    "Развитие малого и среднего бизнеса",
    "Цифровая трансформация высшего образования",
    "Проблемы рационального использования водных ресурсов",
    "Историческая память и национальная идентичность",
    "Правовое регулирование земельных отношений",
    "Инвестиционная привлекательность регионов",
    "Формирование профессиональных компетенций будущих учителей",
    "Социально-экономические последствия урбанизации",
    "Особенности перевода фразеологических единиц",
    "Методы оценки кредитного риска",
    "Экологическая безопасность промышленных предприятий",
    "Миграционные процессы в приграничных районах",
    "Государственная политика в сфере занятости",
    "Лексико-семантические особенности публицистического текста",
    "Моделирование теплообмена в пористых средах",
    "Устойчивое развитие сельских территорий",
    "Инновационная активность промышленных предприятий",
    "Трансформация политической системы",
    "Эффективность бюджетных расходов на здравоохранение",
    "Оценка качества питьевой воды",
    "Роль гражданского общества в противодействии коррупции",
    "Становление системы местного самоуправления",
    "Кочевая цивилизация Великой степи",
    "Конкурентоспособность отечественной продукции",
    "Подготовка инженерных кадров",
    "Интеграционные процессы на евразийском пространстве",
    "Электронное правительство",
    "Финансовая грамотность населения",
    "Дистанционное обучение в условиях пандемии",
    "Этнокультурное образование",
]
RU_TITLE_PLACE = [
    "в Казахстане",
    "в Республике Казахстан",
    "в России",
    "в Центральной Азии",
    "в регионах Сибири",
    "в странах ЕАЭС",
    "в современных условиях",
    "в XIX веке",
]
RU_TITLE_TAIL = [
    "теория и практика",
    "опыт и перспективы",
    "проблемы и пути решения",
    "региональный аспект",
    "сравнительный анализ",
    "исторический обзор",
    "эмпирическое исследование",
    "вопросы методологии",
    "основные тенденции",
    "правовой аспект",
]

KK_TITLE_HEAD = [
    "Қазақ тілінің лексикалық қоры",
    "Білім беру жүйесін цифрландыру",
    "Қазақстандағы шағын бизнестің дамуы",
    "Абай шығармашылығындағы философиялық ойлар",
    "Ауыл шаруашылығы өнімдерінің бәсекеге қабілеттілігі",
    "Тарихи сананы қалыптастыру",
    "Жастар арасындағы жұмыссыздық мәселесі",
    "Мемлекеттік тілдің қолданылу аясы",
    "Су ресурстарын тиімді пайдалану",
    "Қазақ халқының дәстүрлі мәдениеті",
    "Болашақ мұғалімдердің кәсіби құзыреттілігі",
    "Көші-қон үдерістерінің әлеуметтік салдары",
    "Экологиялық білім берудің өзекті мәселелері",
    "Жергілікті өзін-өзі басқару жүйесі",
    "Ұлттық валютаның тұрақтылығы",
    "Қазақ әдебиетіндегі көркем бейне",
    "Инновациялық технологияларды енгізу",
    "Туризм саласының даму бағыттары",
    "Алаш зиялыларының ағартушылық қызметі",
    "Мектепке дейінгі білім беру сапасы",
]
KK_TITLE_PLACE = [
    "Қазақстанда",
    "Қазақстан Республикасында",
    "Орталық Азияда",
    "қазіргі кезеңде",
    "XX ғасырдың басында",
    "өңірлерде",
]
KK_TITLE_TAIL = [
    "теория және практика",
    "мәселелер мен келешегі",
    "тарихи талдау",
    "салыстырмалы зерттеу",
    "әдістемелік аспектілері",
    "негізгі үрдістер",
    "құқықтық аспект",
]

EN_TITLES = [
    "Regional inequality in transition economies",
    "Water governance in Central Asia",
    "Language policy and identity in Kazakhstan",
    "Machine learning methods for credit scoring",
    "Heat transfer in porous media: a numerical study",
    "Digital transformation of public administration",
    "Migration and labour markets in post-Soviet states",
    "Teacher education reform: evidence from Central Asia",
    "The political economy of resource-rich states",
    "Nomadic pastoralism and climate change",
    "Corpus-based analysis of Kazakh morphology",
    "Financial literacy and household savings",
]

RU_JOURNALS = [
    "Вопросы экономики",
    "Экономика региона",
    "Вопросы истории",
    "Педагогика",
    "Вопросы философии",
    "Социологические исследования",
    "Вестник КазНУ. Серия экономическая",
    "Вестник Евразийского национального университета им. Л.Н. Гумилева. Серия Исторические науки",
    "Известия НАН РК. Серия общественных и гуманитарных наук",
    "Казахстан-Спектр",
    "Центральная Азия и Кавказ",
    "Вестник Карагандинского университета. Серия История. Философия",
    "Проблемы востоковедения",
    "Евразийский юридический журнал",
    "Мысль",
    "Экономика: стратегия и практика",
    "Известия вузов. Экономика региона",
    "Вестник Московского университета. Серия 6. Экономика",
    "Теплофизика высоких температур",
    "Журнал технической физики",
    "Вопросы языкознания",
    "Высшее образование в России",
    "Государство и право",
    "Мировая экономика и международные отношения",
]
KK_JOURNALS = [
    "ҚазҰУ Хабаршысы. Филология сериясы",
    "Абай атындағы ҚазҰПУ Хабаршысы. Педагогика ғылымдары сериясы",
    "Мемлекеттік басқару және мемлекеттік қызмет",
    "Қазақ тарихы",
    "Ақиқат",
    "Ізденіс",
    "Қарағанды университетінің хабаршысы. Тарих. Философия сериясы",
    "Л.Н. Гумилев атындағы ЕҰУ Хабаршысы",
    "Экономика: стратегия және практика",
    "Тіл және қоғам",
    "Ұлт тағылымы",
    "Қазақстанның ғылымы мен өмірі",
]
EN_JOURNALS = [
    "Journal of Regional Analysis",
    "Central Asian Survey",
    "Europe-Asia Studies",
    "Water Resources Management",
    "International Journal of Heat and Mass Transfer",
    "Post-Soviet Affairs",
    "Language Policy",
    "Journal of Eurasian Studies",
    "Applied Economics",
    "Teaching and Teacher Education",
]
NEWSPAPERS = [
    "Казахстанская правда",
    "Егемен Қазақстан",
    "Российская газета",
    "Литературная газета",
    "Ана тілі",
    "Экспресс К",
    "Жас Алаш",
    "Коммерсантъ",
]

RU_PUBLISHERS = [
    "Наука",
    "Юрайт",
    "Питер",
    "Инфра-М",
    "Проспект",
    "Эксмо",
    "Дашков и К°",
    "Академия",
    "Просвещение",
    "Изд-во МГУ",
    "Изд-во СПбГУ",
    "Высшая школа",
    "Логос",
    "КНОРУС",
    "Статут",
    "УрО РАН",
    "Изд-во ТГУ",
    "Экономика",
    "Весь мир",
    "Альпина Паблишер",
]
KK_PUBLISHERS = [
    "Қазақ университеті",
    "Мектеп",
    "Атамұра",
    "Ғылым",
    "Білім",
    "Жазушы",
    "Фолиант",
    "Дәуір",
    "Арман-ПВ",
    "ЕҰУ баспасы",
    "Экономика",
    "Кітап",
    "Раритет",
    "Жеті жарғы",
    "Эверо",
    "Қазақ энциклопедиясы",
    "Print Express",
    "Lem",
]
EN_PUBLISHERS = [
    "Routledge",
    "Springer",
    "Oxford University Press",
    "Cambridge University Press",
    "Palgrave Macmillan",
    "Elsevier",
    "Wiley",
    "SAGE",
]
RU_PLACES = [
    ("М.", "Москва", "Moscow"),
    ("СПб.", "Санкт-Петербург", "St. Petersburg"),
    ("Новосибирск", "Новосибирск", "Novosibirsk"),
    ("Екатеринбург", "Екатеринбург", "Yekaterinburg"),
    ("Казань", "Казань", "Kazan"),
    ("Томск", "Томск", "Tomsk"),
    ("Ростов н/Д", "Ростов-на-Дону", "Rostov-on-Don"),
    ("Л.", "Ленинград", "Leningrad"),
]
KK_PLACES = [
    ("Алматы", "Алматы", "Almaty"),
    ("Астана", "Астана", "Astana"),
    ("Нур-Султан", "Нур-Султан", "Nur-Sultan"),
    ("Караганда", "Караганда", "Karaganda"),
    ("Шымкент", "Шымкент", "Shymkent"),
    ("Алма-Ата", "Алма-Ата", "Alma-Ata"),
    ("Павлодар", "Павлодар", "Pavlodar"),
    ("Қарағанды", "Қарағанды", "Karagandy"),
    ("Өскемен", "Өскемен", "Oskemen"),
]
EN_PLACES = [
    ("London", "London", "London"),
    ("New York", "New York", "New York"),
    ("Cham", "Cham", "Cham"),
    ("Oxford", "Oxford", "Oxford"),
    ("Berlin", "Berlin", "Berlin"),
]

RU_CONFERENCES = [
    "Актуальные проблемы экономики",
    "Наука и образование – 2019",
    "Сейфуллинские чтения – 15",
    "Современные проблемы гуманитарных наук",
    "Инновационное развитие регионов",
    "Евразийская интеграция: история и современность",
]
KK_CONFERENCES = [
    "Ғылым және білім – 2020",
    "Абай оқулары",
    "Тәуелсіздік және ұлттық идея",
    "Қазіргі білім берудің өзекті мәселелері",
]
RU_CONF_INFO = [
    "материалы междунар. науч.-практ. конф. ({place}, {d1}–{d2} {month} {year} г.)",
    "материалы Междунар. науч. конф.",
    "сб. ст. по материалам Всерос. конф.",
    "тезисы докл. междунар. конф. ({place}, {year})",
    "материалы респ. науч.-практ. конф.",
]
KK_CONF_INFO = [
    "халықаралық ғылыми-тәжірибелік конференция материалдары ({place}, {year} ж.)",
    "халықар. ғыл.-тәжір. конф. материалдары",
    "респ. ғылыми конф. материалдары",
]
RU_MONTHS_GEN = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
KK_MONTHS = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

RU_THESIS = [
    ("дис. ... канд. экон. наук", "08.00.05"),
    ("дис. ... канд. ист. наук", "07.00.02"),
    ("дис. … д-ра пед. наук", "13.00.01"),
    ("автореф. дис. ... канд. филол. наук", "10.02.01"),
    ("дис. ... канд. техн. наук", "05.14.04"),
    ("автореф. дис. … д-ра юрид. наук", "12.00.02"),
]
KK_THESIS = [
    ("философия докторы (PhD) ... дис.", "6D020500"),
    ("PhD ғылыми дәрежесін алу үшін дайындалған дис.", "6D010300"),
    ("пед. ғыл. канд. ... дис.", "13.00.01"),
    ("тарих ғыл. канд. ... дисс. автореф.", "07.00.02"),
]
RU_GENRES = ["учебник", "учеб. пособие", "монография", "учебное пособие", "справочник", "хрестоматия"]
KK_GENRES = ["оқулық", "оқу құралы", "монография", "оқу-әдістемелік құрал", "анықтамалық"]

WEB_SITES = [
    ("Официальный сайт Министерства просвещения Республики Казахстан", "www.gov.kz", "memleket/entities/edu"),
    ("Бюро национальной статистики АСПиР РК", "stat.gov.kz", "official/industry"),
    ("Tengrinews.kz", "tengrinews.kz", "kazakhstan_news"),
    ("Kazinform", "www.inform.kz", "ru/news"),
    ("Zakon.kz", "www.zakon.kz", "news"),
    (
        "Информационно-правовая система нормативных правовых актов Республики Казахстан «Әділет»",
        "adilet.zan.kz",
        "rus/docs",
    ),
    ("Информационная система ПАРАГРАФ", "online.zakon.kz", "Document"),
    ("Официальный сайт Президента Республики Казахстан", "www.akorda.kz", "ru/addresses"),
    ("Росстат", "rosstat.gov.ru", "folder"),
    ("КиберЛенинка", "cyberleninka.ru", "article/n"),
    ("Egemen.kz", "egemen.kz", "article"),
    ("Ult.kz", "ult.kz", "post"),
]
RU_WEB_TITLES = [
    "Статистика образования",
    "Об утверждении Государственной программы развития образования",
    "Численность населения Республики Казахстан",
    "Послание Главы государства народу Казахстана",
    "Итоги социально-экономического развития",
    "Национальный доклад о состоянии окружающей среды",
    "Основные показатели рынка труда",
    "Концепция развития туризма",
]
KK_WEB_TITLES = [
    "Қазақстан халқына Жолдау",
    "Білім беру статистикасы",
    "Халық саны туралы мәліметтер",
    "Мемлекеттік бағдарламаны бекіту туралы",
    "Еңбек нарығының негізгі көрсеткіштері",
]
LAWS = [
    ("О науке", "Закон Республики Казахстан от 18 февраля 2011 года № 407-IV"),
    ("Об образовании", "Закон Республики Казахстан от 27 июля 2007 года № 319-III"),
    ("О языках в Республике Казахстан", "Закон Республики Казахстан от 11 июля 1997 года № 151-I"),
    ("Білім туралы", "Қазақстан Республикасының 2007 жылғы 27 шілдедегі № 319 Заңы"),
    ("Ғылым туралы", "Қазақстан Республикасының 2011 жылғы 18 ақпандағы № 407-IV Заңы"),
    ("Об информации, информатизации и о защите информации", "Федеральный закон от 27.07.2006 № 149-ФЗ"),
]

ORGS_EN = [
    "United Nations",
    "World Bank",
    "OECD",
    "UNESCO",
    "Asian Development Bank",
    "European Commission",
    "International Monetary Fund",
    "Eurasian Development Bank",
    "U.S. Department of State",
    "International Crisis Group",
    "World Health Organization",
    "UNDP",
    "Reuters",
    "BBC News",
    "The Diplomat",
    "Human Rights Watch",
    "U.S. Embassy in Kazakhstan",
    "Council of the European Union",
    "International Energy Agency",
    "Stockholm International Peace Research Institute",
]
ORGS_LOCAL = [
    "ООН",
    "БҰҰ",
    "Всемирный банк",
    "Министерство национальной экономики Республики Казахстан",
    "Қазақстан Республикасы Оқу-ағарту министрлігі",
    "Бюро национальной статистики",
    "Tengrinews.kz",
    "Kazinform",
    "Zakon.kz",
    "Informburo.kz",
    "Vlast.kz",
    "Egemen.kz",
    "Ult.kz",
    "Национальный банк Казахстана",
    "Казахстанский институт стратегических исследований",
    "Qazaqstan tarihy",
    "Forbes Kazakhstan",
    "Курсив",
    "Sputnik Казахстан",
    "Azattyq.org",
]
DOC_TITLES_EN = [
    "Fatalities by nationality and mission",
    "World Development Report 2020",
    "Military expenditure database",
    "Human Development Report 2021/2022",
    "Country partnership framework for Kazakhstan",
    "Peacekeeping operations by region",
    "U.S.-Kazakhstan relations",
    "EU–Central Asia strategy",
    "Troop contributors by country",
    "Kazakhstan: Selected issues",
    "Global tuberculosis report 2023",
    "Energy policy review",
    "Central Asia: Water and conflict",
    "Statistics on international students",
    "The state of the world's children 2021",
    "Women, business and the law 2022",
    "Annual report 2021",
    "Kazakhstan economic update",
    "Education at a glance 2023",
]
DOC_TITLES_LOCAL = [
    "Қазақстандағы бітімгершілік миссиялар қалай жұмыс істейді",
    "Сколько казахстанцев уехали за рубеж в 2023 году",
    "Елдегі инфляция деңгейі төмендеді",
    "Итоги переписи населения 2021 года",
    "Білім беру жүйесіндегі реформалар: не өзгереді",
    "Как изменится система пенсионного обеспечения",
    "Ауыл шаруашылығын субсидиялау ережесі",
    "Доклад о человеческом развитии",
    "Аймақтар бойынша халық саны",
    "Мемлекет басшысы Жолдауының негізгі тезистері",
    "Экспорт зерна вырос на 20 %",
    "Қазақстан – БҰҰ бітімгершілік операцияларына қатысу тарихы",
    "Новые правила въезда для иностранцев",
    "Орталық Азия елдерінің су саясаты",
]

_DOC_HOSTS = ["un.org", "worldbank.org", "stat.gov.kz", "tengrinews.kz", "inform.kz", "oecd.org", "vlast.kz"]

FIXED_RECORDS: list[Record] = [
    {
        "type": "book",
        "lang": "kk",
        "author": [("Байтұрсынов", "Ахмет")],
        "title": "Тіл тағылымы",
        "place": ("Алматы", "Алматы", "Almaty"),
        "publisher": "Ана тілі",
        "year": 1992,
        "npages": "448",
    },
    {
        "type": "book",
        "lang": "ru",
        "author": [("Гумилёв", "Лев Николаевич")],
        "title": "Древние тюрки",
        "place": ("М.", "Москва", "Moscow"),
        "publisher": "Клышников, Комаров и К°",
        "year": 1993,
        "npages": "528",
    },
    {
        "type": "book",
        "lang": "kk",
        "author": [("Әуезов", "Мұхтар")],
        "title": "Абай жолы",
        "genre": "роман-эпопея",
        "volume": "1",
        "place": ("Алматы", "Алматы", "Almaty"),
        "publisher": "Жазушы",
        "year": 2007,
        "npages": "520",
    },
    {
        "type": "article-journal",
        "lang": "ru",
        "author": [("Ахметова", "Гульнара Серикбаевна"), ("Петренко", "Ольга Викторовна")],
        "title": "Языковая ситуация в Казахстане: социолингвистический анализ",
        "container": "Вопросы языкознания",
        "year": 2018,
        "issue": "4",
        "pages": "87–104",
        "doi": "10.5555/vopr.jaz.2018.4.87",
    },
    {
        "type": "chapter",
        "lang": "ru",
        "author": [("Масанов", "Нурболат Эдигеевич")],
        "title": "Кочевая цивилизация казахов",
        "container": "История Казахстана: белые пятна",
        "editor": [("Абылхожин", "Жулдызбек Бекмухамбетович")],
        "place": ("Алматы", "Алматы", "Almaty"),
        "publisher": "Қазақстан",
        "year": 1991,
        "pages": "45–78",
    },
    {
        "type": "webpage",
        "lang": "ru",
        "title": "Послание Главы государства Касым-Жомарта Токаева народу Казахстана",
        "site": "Официальный сайт Президента Республики Казахстан",
        "url": "https://www.akorda.kz/ru/addresses/addresses_of_president/poslanie",
        "accessed": (2021, 9, 1),
    },
    {
        "type": "thesis",
        "lang": "kk",
        "author": [("Сәрсенова", "Айгүл Болатқызы")],
        "title": "Қазақ тіліндегі терминжасам үдерісі",
        "thesis": ("философия докторы (PhD) ... дис.", "6D021200"),
        "place": ("Астана", "Астана", "Astana"),
        "year": 2019,
        "npages": "168",
    },
    {
        "type": "paper-conference",
        "lang": "ru",
        "author": [("Жумабеков", "Ерлан Маратович")],
        "title": "Перспективы развития агропромышленного комплекса",
        "container": "Сейфуллинские чтения – 15",
        "conf_info": "материалы респ. науч.-теорет. конф.",
        "volume": "1",
        "part": "2",
        "place": ("Астана", "Астана", "Astana"),
        "publisher": "КазАТУ",
        "year": 2019,
        "pages": "112–115",
    },
]


def _initials(given: str) -> str:
    parts = [p for p in given.replace("-", " ").split() if p]
    return "".join(p[0] + "." for p in parts)


def _person(rng: random.Random, lang: str) -> tuple[str, str]:
    female = rng.random() < 0.45
    if lang == "en":
        return rng.choice(EN_SURNAMES), rng.choice(EN_GIVEN) + (
            f" {rng.choice('ABCDEFGHJKLMNPRST')}." if rng.random() < 0.4 else ""
        )
    if lang == "kk" or (lang == "ru" and rng.random() < 0.4):
        fam = rng.choice(KK_SURNAMES)
        if female and fam.endswith(("ов", "ев", "ин")):
            fam += "а"
        if rng.random() < 0.5:
            given = (
                rng.choice(KK_GIVEN_F if female else KK_GIVEN_M)
                + " "
                + rng.choice(KK_FATHER)
                + ("қызы" if female else "ұлы")
            )
        else:
            given = (
                rng.choice(KK_GIVEN_F if female else KK_GIVEN_M)
                + " "
                + rng.choice(RU_PATRONYMIC).replace("ич", "на" if female else "ич")
            )
        return fam, given
    fam = rng.choice(RU_SURNAMES)
    if female:
        fam = fam[:-2] + "ая" if fam.endswith("ий") else fam + "а"
    pat = rng.choice(RU_PATRONYMIC)
    if female:
        pat = pat[:-2] + "на"
    return fam, rng.choice(RU_GIVEN_F if female else RU_GIVEN_M) + " " + pat


def _title(rng: random.Random, lang: str) -> str:
    if lang == "en":
        return rng.choice(EN_TITLES)
    head, places, tails = (
        (KK_TITLE_HEAD, KK_TITLE_PLACE, KK_TITLE_TAIL)
        if lang == "kk"
        else (RU_TITLE_HEAD, RU_TITLE_PLACE, RU_TITLE_TAIL)
    )
    title = rng.choice(head)
    r = rng.random()
    if r < 0.35:
        title = (
            f"{rng.choice(places)} {title[0].lower()}{title[1:]}"
            if lang == "kk"
            else f"{title} {rng.choice(places)}"
        )
    if rng.random() < 0.4:
        title += ": " + rng.choice(tails)
    if rng.random() < 0.08:
        title = f"«{rng.choice(head)}» {title[0].lower()}{title[1:]}" if lang != "en" else title
    return title[0].upper() + title[1:]


def _pages(rng: random.Random) -> str:
    a = rng.randint(3, 380)
    return f"{a}–{a + rng.randint(3, 24)}"


def make_records(seed: int = 7, n: int = 520) -> list[Record]:
    """``n`` constructed records of Kazakh, Russian and English works (deterministic for a seed)."""
    rng = random.Random(seed)
    out: list[Record] = []
    types = (
        ["article-journal"] * 34
        + ["book"] * 17
        + ["chapter"] * 8
        + ["paper-conference"] * 11
        + ["thesis"] * 7
        + ["webpage"] * 10
        + ["article-newspaper"] * 4
        + ["legislation"] * 3
        + ["report"] * 3
        + ["document"] * 6
    )
    for k in range(n):
        lang = rng.choices(["ru", "kk", "en"], [0.5, 0.38, 0.12])[0]
        typ = rng.choice(types)
        rec: Record = {"type": typ, "lang": lang, "key": f"rec{k:04d}"}
        nauth = rng.choices([0, 1, 2, 3, 4, 5], [0.04, 0.38, 0.28, 0.18, 0.07, 0.05])[0]
        rec["author"] = [_person(rng, lang) for _ in range(nauth)]
        rec["title"] = _title(rng, lang)
        rec["year"] = rng.randint(1985, 2024)
        places = KK_PLACES if lang == "kk" else RU_PLACES if lang == "ru" else EN_PLACES
        if lang == "ru" and rng.random() < 0.4:
            places = KK_PLACES
        pubs = KK_PUBLISHERS if lang == "kk" else RU_PUBLISHERS if lang == "ru" else EN_PUBLISHERS
        if typ == "article-journal":
            rec["container"] = rng.choice(
                KK_JOURNALS if lang == "kk" else RU_JOURNALS if lang == "ru" else EN_JOURNALS
            )
            if rng.random() < 0.6:
                rec["volume"] = str(rng.randint(1, 90))
            rec["issue"] = str(rng.randint(1, 12))
            if rng.random() < 0.15:
                rec["issue_total"] = str(rng.randint(20, 180))
            rec["pages"] = _pages(rng)
            if rng.random() < 0.3:
                prefix = rng.choice(["vestnik", "jra", "kaznu", "enu", "ekon"])
                rec["doi"] = f"10.5555/{prefix}.{rec['year']}.{rng.randint(1, 99)}.{rng.randint(1, 999)}"
        elif typ in ("book", "report"):
            rec["place"] = rng.choice(places)
            rec["publisher"] = rng.choice(pubs)
            rec["npages"] = str(rng.randint(48, 640))
            if rng.random() < 0.35:
                rec["genre"] = (
                    rng.choice(KK_GENRES if lang == "kk" else RU_GENRES) if lang != "en" else "textbook"
                )
            if rng.random() < 0.2:
                rec["edition"] = str(rng.randint(2, 6))
            if rng.random() < 0.15:
                rec["volume"] = str(rng.randint(1, 5))
            if rng.random() < 0.25:
                group = rng.choice(["5", "601"])
                body = f"{rng.randint(10, 99)}-{rng.randint(100000, 999999)}-{rng.randint(0, 9)}"
                rec["isbn"] = f"978-{group}-{body}"
            if nauth == 0 or rng.random() < 0.1:
                rec["editor"] = [_person(rng, lang) for _ in range(rng.randint(1, 2))]
            if typ == "report":
                rec["genre"] = (
                    "отчет о НИР" if lang == "ru" else "ҒЗЖ есебі" if lang == "kk" else "Technical report"
                )
                rec["number"] = (
                    f"{rng.choice(['WP', 'TR', 'DP', 'NR'])}-{rec['year']}-{rng.randint(1, 40):02d}"
                )
        elif typ == "chapter":
            rec["container"] = _title(rng, lang)
            rec["editor"] = [_person(rng, lang) for _ in range(rng.randint(1, 2))]
            rec["place"] = rng.choice(places)
            rec["publisher"] = rng.choice(pubs)
            rec["pages"] = _pages(rng)
        elif typ == "paper-conference":
            rec["container"] = rng.choice(KK_CONFERENCES if lang == "kk" else RU_CONFERENCES)
            info = rng.choice(KK_CONF_INFO if lang == "kk" else RU_CONF_INFO)
            place = rng.choice(places)
            d1 = rng.randint(1, 27)
            rec["conf_info"] = info.format(
                place=place[1], d1=d1, d2=d1 + 1, month=rng.choice(RU_MONTHS_GEN), year=rec["year"]
            )
            rec["place"] = place
            if rng.random() < 0.6:
                rec["publisher"] = rng.choice(pubs)
            if rng.random() < 0.3:
                rec["volume"] = str(rng.randint(1, 4))
            rec["pages"] = _pages(rng)
        elif typ == "thesis":
            rec["author"] = rec["author"][:1] or [_person(rng, lang)]
            rec["thesis"] = rng.choice(KK_THESIS if lang == "kk" else RU_THESIS)
            rec["place"] = rng.choice(places)
            rec["npages"] = str(rng.randint(20, 400))
        elif typ == "webpage":
            site = rng.choice(WEB_SITES)
            rec["site"] = site[0]
            rec["title"] = (
                rng.choice(KK_WEB_TITLES if lang == "kk" else RU_WEB_TITLES) if lang != "en" else rec["title"]
            )
            rec["url"] = f"https://{site[1]}/{site[2]}/{rng.randint(1000, 99999)}"
            rec["accessed"] = (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.5:
                rec.pop("year")
            if rng.random() < 0.6:
                rec["author"] = []
        elif typ == "document":
            # a page or report of an organisation: "Title. Organisation. URL: ..."
            local = lang != "en" and rng.random() < 0.6
            rec["author"] = [] if rng.random() < 0.75 else rec["author"][:1]
            rec["title"] = rng.choice(DOC_TITLES_LOCAL if local else DOC_TITLES_EN)
            rec["org"] = rng.choice(ORGS_LOCAL if local else ORGS_EN)
            if rng.random() < 0.7:
                slug = "-".join(rec["title"].lower().split()[:4])
                host = rng.choice(_DOC_HOSTS)
                rec["url"] = f"https://www.{host}/{slug}"
                if rng.random() < 0.4:
                    rec["accessed"] = (rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.6:
                rec.pop("year")
            elif rng.random() < 0.4:
                rec["date"] = (rec["year"], rng.randint(1, 12), rng.randint(1, 28))
        elif typ == "article-newspaper":
            rec["container"] = rng.choice(NEWSPAPERS)
            rec["date"] = (rec["year"], rng.randint(1, 12), rng.randint(1, 28))
            if rng.random() < 0.5:
                rec["issue"] = str(rng.randint(1, 250))
            rec["pages"] = str(rng.randint(1, 16))
        elif typ == "legislation":
            law = rng.choice(LAWS)
            rec["author"] = []
            rec["title"], rec["law_info"] = law
            site = rng.choice(WEB_SITES[5:7])
            rec["site"] = site[0]
            rec["url"] = (
                f"https://{site[1]}/{site[2]}/{rng.choice(['Z', 'K', 'V'])}{rng.randint(1000000, 9999999)}_"
            )
            rec["accessed"] = (rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28))
            rec.pop("year")
        out.append(rec)
    for k, rec in enumerate(FIXED_RECORDS):
        out.append(dict(rec, key=f"fixed{k:02d}"))
    return out
