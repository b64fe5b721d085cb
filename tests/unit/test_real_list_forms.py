"""Reference forms and list layouts that real lists print, each found among the misses of
``refman eval extract`` (tests/data/extract_gold) or of ``bench/extract_split.py`` (GROBID's
reference segmenter data) and fixed by a general rule.

SOURCES: the strings are quoted as the articles in ``tests/data/extract_gold`` print them (sources
in its README) or as GROBID's reference segmenter data (Apache-2.0,
``../shared/data/parsing/grobid/reference_segmenter_tei``) holds them; a few are shortened, which
is said where it is done.
"""

from __future__ import annotations

import pytest

from refman.extract import extract_article
from refman.extract.reflist import find_reference_lists
from refman.extract.text import split_lines
from refman.model import Name
from refman.parse import parse_reference


def _family(name: Name) -> str:
    if name.literal:
        return name.literal
    return " ".join(p for p in (name.non_dropping_particle, name.family) if p)


def _entries(text: str) -> list[str]:
    return [e.raw for found in find_reference_lists(split_lines(text)) for e in found.entries]


# --- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "families"),
    [
        (  # a name broken at a line end, "Trib- ble"
            "Stephan Vogel, Ying Zhang, Fei Huang, Alicia Trib- ble, Ashish Venogupal, Bing Zhao, Alex "
            "Waibel. 2003. The CMU Statistical Translation System, Proceedings of MT-Summit IX.",
            ["Vogel", "Zhang", "Huang", "Tribble", "Venogupal", "Zhao", "Waibel"],
        ),
        (  # an OCR comma inside initials, "Э,Б."
            "Кошляков Н.С., Глинер Э,Б., Смирнов М.М. Уравнения в частных производных математической "
            "физики. М., 1970.",
            ["Кошляков", "Глинер", "Смирнов"],
        ),
        (  # the list's full stop right after a family name
            "S.E. Robertson, and S. Walker. 1997. On relevance weights with little relevance "
            "information. In 1997 Proceedings of ACM SIGIR. pp. 16-24.",
            ["Robertson", "Walker"],
        ),
        (  # the labeller stops the author run at "Christopher Wilhelm,"
            "Jake Poznanski, Jon Borchardt, Jason Dunkelberger, Regan Huff, Daniel Lin, Aman Rangpur, "
            "Christopher Wilhelm, Kyle Lo, and Luca Soldaini. olmocr: Unlocking trillions of tokens in "
            "pdfs with vision language models. arXiv preprint arXiv:2502.18443, 2025.",
            ["Poznanski", "Borchardt", "Dunkelberger", "Huff", "Lin", "Rangpur", "Wilhelm", "Lo", "Soldaini"],
        ),
    ],
)
def test_author_lists_as_printed(raw: str, families: list[str]) -> None:
    assert [_family(n) for n in parse_reference(raw).author] == families


def test_the_rest_of_a_cut_list_leaves_the_title() -> None:
    ref = parse_reference(
        "Shuai Bai, Keqin Chen, Xuejing Liu, Jialin Wang, Wenbin Ge, Sibo Song, Kai Dang, Peng Wang, "
        "Shijie Wang, Jun Tang, et al. Qwen2. 5-vl technical report. arXiv preprint arXiv:2502.13923, 2025."
    )
    assert [_family(n) for n in ref.author][-2:] == ["Wang", "Tang"]
    assert ref.title == "Qwen2. 5-vl technical report"
    assert ref.refman.extra["et_al"] is True


def test_a_journal_abbreviation_after_a_physics_list_is_no_name() -> None:
    """SOURCE: GROBID's data (AnyStyle's gold.xml has it too). The list goes on past "Mur- phy,"
    and ends at "M. Stutzmann,"; "J. Appl. Phys." is not read as a last author."""
    ref = parse_reference(
        "O. Ambacher, B. Foutz, J. Smart, J. R. Shealy, N. G. Weimann, K. Chu, M. Mur- phy, "
        "A. J. Sierakowski, W. J. Schaff, L. F. Eastman, R. Dimitrov, A. Mitchell, and M. Stutzmann, "
        "J. Appl. Phys. 87, pp. 334–344 (2000)"
    )
    assert [_family(n) for n in ref.author][-2:] == ["Mitchell", "Stutzmann"]


# --- short entries that name a work and its maker --------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "maker", "title"),
    [
        ("OpenAI. Gpt-4 technical report, 2023.", ["OpenAI"], "Gpt-4 technical report"),
        ("Marker. URL https://github.com/datalab-to/marker.", [], "Marker"),
        (
            "Google DeepMind. Gemini 3.0. https://blog.google/products-and-platforms/products/gemini/"
            "gemini-3-collection/, 2025.",
            ["Google DeepMind"],
            "Gemini 3.0",
        ),
        (
            "High-flyer. HAI-LLM: Efficient and lightweight training tool for large models, 2023. URL "
            "https://www.high-flyer.cn/en/blog/hai-llm.",
            ["High-flyer"],
            "HAI-LLM: Efficient and lightweight training tool for large models",
        ),
        (
            "chatdoc.com. Ocrflux. https://github.com/chatdoc-com/OCRFlux, 2025. Accessed:2025-09-25.",
            ["chatdoc.com"],
            "Ocrflux",
        ),
    ],
)
def test_a_work_and_its_maker(raw: str, maker: list[str], title: str) -> None:
    ref = parse_reference(raw)
    assert [_family(n) for n in ref.author] == maker
    assert ref.title == title
    assert ref.container_title is None


# --- titles and containers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title", "container"),
    [
        (  # the title's capitals ("ВВЭР-Т") taken for an author
            "Пономарев+Степной Н.Н., Лунин Г.Л., Морозов А.Г. и др. Легководный ториевый реактор ВВЭР-Т. "
            "// Атомная Энергия. – 1998. – Т. 85. – Вып. 4. – C. 263-277.",
            "Легководный ториевый реактор ВВЭР-Т",
            "Атомная Энергия",
        ),
        (  # ". /" ends the title; what follows names proceedings
            "Frybort J. Equilibrium thorium fuel loading in VVER-1000 reactor. / Proс. of the 2014 XV-th "
            "International Scientific Conference on Electric Power Engineering on 12-14 May 2014. – Prague, "
            "Czech Republic, 2014. – PP. 693-697.",
            "Equilibrium thorium fuel loading in VVER-1000 reactor",
            "Proс. of the 2014 XV-th International Scientific Conference on Electric Power Engineering on "
            "12-14 May",
        ),
        (  # ACL: "Title. Venue." with no "In"
            "Paul B. Kantor, Ellen Voorhees. 1996. Report on the TREC-5 Confusion Track. The Fifth Text "
            "Retrieval Conference.",
            "Report on the TREC-5 Confusion Track",
            "The Fifth Text Retrieval Conference",
        ),
        (  # the container starts with the end of the title
            "Richard Zens, Franz Josef Och and Hermann Ney. 2002. Phrase-Based Statistical Machine Transla- "
            "tion. Proceedings of the 25th Annual German Con- ference on AI: Advances in Artificial "
            "Intelligence. pp. 18-22.",
            "Phrase-Based Statistical Machine Transla- tion",
            "Proceedings of the 25th Annual German Con- ference on AI: Advances in Artificial Intelligence",
        ),
        (  # the site after "//" inside the material designation
            "Опера Бастилии [Электронный ресурс] // Википедия. – Режим доступа: "
            "https://ru.wikipedia.org/wiki/Опера_Бастилии (дата обращения 16.03.2019).",
            "Опера Бастилии",
            "Википедия",
        ),
        (  # a word of the container labelled as pages
            "Patrick Lewis, Ethan Perez, Aleksandra Piktus, et al. Retrieval-augmented generation for "
            "knowledge-intensive nlp tasks. Advances in neural information processing systems, "
            "33:9459–9474, 2020.",
            "Retrieval-augmented generation for knowledge-intensive nlp tasks",
            "Advances in neural information processing systems",
        ),
        (  # a journal read as a publisher
            "Омаров А., Курбанбаев О. Об одном алгоритме решения обратных задач теплопроводности в "
            "бесконечном цилиндре в конусе. Вестн. КГУ, 2009. 2. С. 23-26.",
            "Об одном алгоритме решения обратных задач теплопроводности в бесконечном цилиндре в конусе",
            "Вестн. КГУ",
        ),
        (  # "режим доступа" in lower case after the site
            "На крыше Александринки покажут европейское кино [Электронный ресурс] // Афиша СПб «KudaGo»/ – "
            "режим доступа : https://kudago.com/spb/news/ (дата обращения 03.03.2019).",
            "На крыше Александринки покажут европейское кино",
            "Афиша СПб «KudaGo»",
        ),
    ],
)
def test_titles_and_containers_as_printed(raw: str, title: str, container: str) -> None:
    ref = parse_reference(raw)
    assert ((ref.title or "").rstrip("."), ref.container_title) == (title, container)


def test_a_second_title_run_that_opens_with_v_sb_is_the_container() -> None:
    ref = parse_reference(
        "Белова Е.О. Оценка конкурентоспособности и формирования конкурентных преимуществ предприятия / "
        "Е.О. Белова.  В сб.: Современные проблемы управления и регулирования: теория, методология, "
        "практика. II Международная  научно-практическая конференция. / Под общ. ред. Г.Ю. Гуляева, "
        "2017. С. 130-133."
    )
    assert ref.title == "Оценка конкурентоспособности и формирования конкурентных преимуществ предприятия"
    assert (ref.container_title or "").startswith("Современные проблемы управления и регулирования")


# --- list layouts (GROBID's reference segmenter data) ----------------------------------------


def test_ditto_entries_as_ocr_prints_them() -> None:
    """SOURCE: GROBID, 0006-8101 (shortened): a ditto on a line of its own, "9" for an OCR'd dash,
    year-led works with a letter after the year."""
    text = (
        "References\n"
        "Baker, H. G. 1959. Reproductive methods as factors in speciation in flowering plants. Cold\n"
        "Spring Har-\n"
        "bor Symposium on Quantitative Biology 24: 177-191.\n"
        "--..\n"
        "1960. Apomixis and polyembryony in Pachira oleaginea (Bombacaceae). Amer. J. Bot. 47:\n"
        "296-302.\n"
        "9 1988a. Systematics and ecology of rain forest trees. Taxon 37: 622~529.\n"
        "9 1988b. Dipterocarp biology as a window to the understanding of tropical forest structure. Ann.\n"
        "Rev. Ecol. Syst. 19: 347-370.\n"
    )
    assert [e.split(".")[0] for e in _entries(text)] == ["Baker, H", "--", "9 1988a", "9 1988b"]


def test_a_label_on_a_line_of_its_own_opens_its_entry() -> None:
    """SOURCE: GROBID, 40-1706.08132 (shortened)."""
    text = (
        "References\n"
        "[Ahl78]\n"
        "Lars V. Ahlfors, Complex analysis, third ed., McGraw-Hill Book Co., New York, 1978.\n"
        "[AKa]\n"
        "Jørgen E. Andersen and Rinat M. Kashaev, Complex Quantum Chern-Simons, arXiv:1409.1208,\n"
        "Preprint 2014.\n"
    )
    assert _entries(text) == [
        "[Ahl78] Lars V. Ahlfors, Complex analysis, third ed., McGraw-Hill Book Co., New York, 1978.",
        "[AKa] Jørgen E. Andersen and Rinat M. Kashaev, Complex Quantum Chern-Simons, arXiv:1409.1208, "
        "Preprint 2014.",
    ]


def test_works_of_one_numbered_entry() -> None:
    """SOURCE: GROBID, 0704_0020, 1708.00649 and 0951-7715_24_7_004 (shortened): works after a
    line-end ";", after a citation's end, and on lines of their own."""
    text = (
        "References\n"
        "[1] J. G. Koerner and G. A. Schuler, Z. Phys. C 46, 93 (1990);\n"
        "F. J. Gilman and R. L. Singleton, Jr., Phys. Rev. D 41, 142\n"
        "(1990).\n"
        "[2] T. Sterling, J. Greensite, Nucl. Phys. B 220 (1983) 327.  M. Panero, JHEP 0505 (2005) 066\n"
        "[hep-lat/0503024].\n"
        "[3] Karassiov V P 1992 J. Sov. Laser Res. 13 188\n"
        "Karassiov V P 1994 J. Phys. A: Math. Gen. 27 153\n"
    )
    starts = [e.split(",")[0].split(" 1992")[0].split(" 1994")[0] for e in _entries(text)]
    assert starts == ["J. G. Koerner and G. A. Schuler", "F. J. Gilman and R. L. Singleton", "T. Sterling",
                      "M. Panero", "Karassiov V P", "Karassiov V P"]  # fmt: skip


def test_an_entry_without_its_year_goes_on_and_a_lost_number_opens_one() -> None:
    """SOURCE: GROBID, 6.v90-133 and 7.v90-084 (shortened): an unnumbered list of capitals whose
    journal line starts like a name ("J. Chem. Soc."), and a number the rest of the list lost."""
    text = (
        "References\n"
        "M. KENNEDY, C. J. MOODY, C. W. REES et J. J. VAQUERO.\n"
        "J. Chem. Soc. Perkin Trans. 1, 1395 (1987).\n"
        "B. TABYAOUI, T. AUBERT, M. FARNIER et R. GUILARD. Synth.\n"
        "Commun. 18, 1475 (1988).\n"
        "A. V. RUDNEV, A. V. VANNIKOV et N. A. BAKH. Khim. Vys.\n"
        "Energ. 6, 473 (1972) (Traduction anglaise : High Energy Chem.\n"
        "6,416(1973)).\n"
        "K. OKAZAKI et G. R. FREEMAN. Can. J. Chem. 56, 2305 (1978).\n"
        "A. V. VANNIKOV. Usp. Khim. 44, 1931 (1975) (Traduction\n"
        "anglaise : Russ. Chem. Rev. 44, 906 (1975)).\n"
        "A. M. BRODSKY et A. V. TSAREVSKY. Int. J. Radiat. Phys. Chem.\n"
        "8, 455 (1976).\n"
        "J. P. KEENE. Radiat. Res. 22, 1 (1964).\n"
        "21. E. J. HART et M. ANBAR. The hydrated electron. Wiley, New\n"
        "York, NY. 1970. p. 39.\n"
    )
    assert [e[:12] for e in _entries(text)] == [
        "M. KENNEDY, ",
        "B. TABYAOUI,",
        "A. V. RUDNEV",
        "K. OKAZAKI e",
        "A. V. VANNIK",
        "A. M. BRODSK",
        "J. P. KEENE.",
        "21. E. J. HA",
    ]


def test_a_year_led_ditto_entry_takes_the_authors_before_it() -> None:
    """SOURCE: tests/data/extract_gold/en_thesis_stanford_bb599nz4341.txt (shortened): a hanging
    list whose ditto dash was lost, leaving "(1970):" indented."""
    text = (
        "Body of the thesis cites Rosse (1967, 1970).\n\n"
        "Bibliography\n\n"
        "Rosse, J. N. (1967): “Daily Newspapers, Monopolistic Competition, and Economies\n"
        "  of Scale,” The American Economic Review, 57(2), 522–533.\n\n"
        "         (1970): “Estimating Cost Function Parameters without Using Cost Data:\n"
        "  Illustrated Methodology,” Econometrica, 38(2), 256–75.\n"
    )
    refs = extract_article(text, "a").references
    assert [(_family(r.author[0]), r.year) for r in refs] == [("Rosse", 1967), ("Rosse", 1970)]
    assert (
        refs[1].title
        == "Estimating Cost Function Parameters without Using Cost Data: Illustrated Methodology"
    )


def test_the_kind_of_work_and_the_volume_leave_the_title() -> None:
    textbook = parse_reference(
        "Снегирёв А.Ю. Высокопроизводительные вычисления в технической физике. Численное моделирование "
        "турбулентных течений: Учеб. пособ. – СПб.: СПбПУ, 2009. – 143 с."
    )
    assert textbook.title == (
        "Высокопроизводительные вычисления в технической физике. Численное моделирование турбулентных течений"
    )
    assert textbook.refman.extra["title_info"] == "Учеб. пособ"
    volume = parse_reference(
        "Топоров В. Н. Святость и святые в русской духовной культуре. Том 1. Первый век  христианства на "
        "Руси. М.: Гнозис – Школа «Языки русской культуры», 1995."
    )
    assert (volume.title, volume.volume) == ("Святость и святые в русской духовной культуре", "1")
    assert volume.extra["volume-title"] == "Первый век христианства на Руси"
    parts = parse_reference(
        "Gopinatha Rao T. A. Elements of Hindu Iconography. Vol. II. Pt I–II. Delhi: Motilal  Banarsidass "
        "Publishers, 1997."
    )
    assert (parts.title, parts.volume, parts.extra["part-number"]) == (
        "Elements of Hindu Iconography",
        "II",
        "I–II",
    )


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        (
            "Дудников А.А. Программа моделирования изотопной кинетики в многокомпонентных структурах ядерной "
            "энергетики «ISTAR». / Свидетельство о государственной регистрации ПрЭВМ, рег. № 2020619218 от "
            "13.08.2020. Электронный ресурс: https://www.elibrary.ru/item.asp?id=43889370 (дата доступа "
            "19.09.2022).",
            2020,
        ),
        (
            "Uranium 2020: Resources, production and demand. / Technical report of Nuclear Energy Agency "
            "Organisation for Economic Co-Operation and Development. – 2020. Электронный ресурс: "
            "https://oecd-nea.org/upload/docs/application/pdf/2020-12/7555_web.pdf (дата доступа "
            "01.07.2022).",
            2020,
        ),
        (  # SOURCE: AnyStyle gold.xml
            "Donoso, José. El obsceno pájaro de la noche. Barcelona: Seix Barral,1970.",
            1970,
        ),
    ],
)
def test_a_year_the_labeller_missed(raw: str, year: int) -> None:
    assert parse_reference(raw).year == year


def test_an_access_date_is_no_year_of_the_work() -> None:
    ref = parse_reference(
        "Қазақстан Республикасы Ұлттық экономика министрлігінің Статистика комитеті [Электрондық ресурс]. – "
        "Қол жеткізу режимі: http://stat.gov.kz (қаралған күні: 12.04.2020)."
    )
    assert ref.year is None
