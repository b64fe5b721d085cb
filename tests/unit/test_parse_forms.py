"""Names, types and fields as real lists write them (issue 15, items 4 and 5), and the language of
an article from its running text (item 6).

Every string here is CONSTRUCTED for these tests in the forms the issue names (invented or
generic works); the real-data figures are in ``tests/integration/test_extract_gold.py``.
"""

from __future__ import annotations

import pytest

from refman.extract import extract_article
from refman.lang import text_language
from refman.model import Name
from refman.parse import parse_reference


def _family(name: Name) -> str:
    if name.literal:
        return name.literal
    return " ".join(p for p in (name.non_dropping_particle, name.family) if p)


@pytest.mark.parametrize(
    ("text", "families"),
    [
        (
            "Peter F. Brown, Stephen A. Della Pietra, and Robert L. Mercer. 1993. The mathematics of "
            "translation. Computational Linguistics, 19(2):263-311.",
            ["Brown", "Della Pietra", "Mercer"],
        ),
        (
            "Michael Collins. 2000. Discriminative reranking for parsing. In Proc. ICML, pp. 175-182.",
            ["Collins"],
        ),
        (
            "Nilsback, M-E. and Zisserman, A. Automated flower classification. In ICVGIP, 2008.",
            ["Nilsback", "Zisserman"],
        ),
        (
            (
                "A. Smith, B. Jones, C. Brown, D. White, and E. Hoque. "
                "Deep learning for charts. In Proc. CVPR, 2019."
            ),
            ["Smith", "Jones", "Brown", "White", "Hoque"],
        ),
        (
            "R. T. de Lima and J. Silva. A study of things. Journal of Stuff, 12(3):1-10, 2020.",
            ["de Lima", "Silva"],
        ),
        (
            "Audet, C., Le Digabel, S., Walt, S. J. van der, & Tribes, C. (2022). Title of it. "
            "ACM Transactions on Mathematical Software, 48(3).",
            ["Audet", "Le Digabel", "van der Walt", "Tribes"],
        ),
        (
            (
                "Brynjolfsson, E., Y. J. Hu, and M. D. Smith (2003): "
                "“Consumer surplus,” Manage. Sci., 49(11), 1580–1596."
            ),
            ["Brynjolfsson", "Hu", "Smith"],
        ),
        (
            "Hunyuan Vision Team, Pengyuan Lyu, Xingyu Wan, et al. Some technical report. arXiv preprint "
            "arXiv:2511.19575, 2025.",
            ["Hunyuan Vision Team", "Lyu", "Wan"],
        ),
        ("OpenAI. Gpt-4 technical report. arXiv preprint arXiv:2303.08774, 2023.", ["OpenAI"]),
        ("Котвич В.Исследование по эвенкийскому языку. Л., 1930. 120 с.", ["Котвич"]),
        ("Әуезов М О. Абай жолы. Алматы: Жазушы, 1997. 400 б.", ["Әуезов"]),
        (
            "Жуков А.Г., ЛукашовЮ.Ю. Концепции оптимизации // Известия вузов. 2019. № 2. С. 5-9.",
            ["Жуков", "Лукашов"],
        ),
        (
            "Овчинников С.Я, Семёнов В.В. Эксплуатационные режимы. М.: Энергоатомиздат, 1988. 359 с.",
            ["Овчинников", "Семёнов"],
        ),
        ("Алаев Л. Б. Южная Индия. Общественный строй. М.: Институт востоковедения, 2011.", ["Алаев"]),
    ],
)
def test_names_in_every_form(text: str, families: list[str]) -> None:
    assert [_family(n) for n in parse_reference(text).author] == families


def test_a_maiden_name_in_parentheses_is_kept() -> None:
    ref = parse_reference("Glaser, M. (Kukartseva). The history of a town. Moscow: Nauka, 2001.")
    assert [_family(n) for n in ref.author] == ["Glaser"]
    assert ref.refman.extra["name_notes"] == ["Glaser, M. (Kukartseva)"]


@pytest.mark.parametrize(
    ("text", "editors"),
    [
        (
            "Лингвистический словарь / Гл.ред. В.Н. Ярцева. М.: Советская энциклопедия, 1990. 685 с.",
            ["Ярцева"],
        ),
        ("Словарь терминов / ред. И.И. Иванов. М.: Наука, 2001. 300 с.", ["Иванов"]),
        ("Қазақ әдебиеті: хрестоматия / құраст. Б. Майтанов. Алматы: Ғылым, 2005. 300 б.", ["Майтанов"]),
        ("Smith, J. (Ed.). Handbook of things. London: Routledge, 2001.", ["Smith"]),
    ],
)
def test_editors_and_compilers_are_never_authors(text: str, editors: list[str]) -> None:
    ref = parse_reference(text)
    assert ref.author == []
    assert [n.family for n in ref.editor] == editors


def test_a_review_is_not_authored_by_its_heading() -> None:
    ref = parse_reference(
        "Рец. на книгу: Иванов И.И. История степи. М.: Наука, 2000 // Вопросы истории. 2001. № 3."
    )
    assert ref.author == []
    assert (ref.title or "").startswith("Рец. на книгу: Иванов И.И. История степи")
    assert ref.year == 2000


def test_a_law_has_a_section_and_a_number() -> None:
    ref = parse_reference(
        "Кодекс Республики Казахстан от 7 июля 2020 года № 360-VI "
        "«О здоровье народа и системе здравоохранения». Ст. 157."
    )
    assert ref.type == "legislation"
    assert ref.extra["section"] == "157"
    assert ref.number == "360-VI"
    assert ref.page is None and ref.issue is None and ref.container_title is None


@pytest.mark.parametrize(
    "text",
    [
        "Smith, J. (2019). Essays on mergers (Doctoral dissertation). Stanford University.",
        "Иванов И.И. Экономика Казахстана: дис. ... канд. экон. наук. Алматы, 2011. 150 с.",
    ],
)
def test_dissertations_are_theses(text: str) -> None:
    assert parse_reference(text).type == "thesis"


def test_an_organisations_web_page() -> None:
    ref = parse_reference(
        "United Nations. World Population Prospects 2019. URL: https://population.un.org/wpp/"
    )
    assert ref.type == "webpage"
    assert [n.literal for n in ref.author] == ["United Nations"]
    assert ref.title == "World Population Prospects 2019"


def test_an_arxiv_id_leaves_the_title_for_its_own_field() -> None:
    ref = parse_reference(
        "Haoran Wei, Yaofeng Sun, and Yukun Li. Deepseek-ocr: Contexts "
        "optical compression. arXiv preprint arXiv:2510.18234, 2025."
    )
    assert ref.title == "Deepseek-ocr: Contexts optical compression"
    assert ref.extra["arxiv"] == "2510.18234"
    assert ref.URL == "https://arxiv.org/abs/2510.18234"
    assert ref.type == "article"
    assert ref.refman.raw and "arXiv:2510.18234" in ref.refman.raw  # nothing is lost


def test_ocr_and_latex_residue_is_stripped() -> None:
    ref = parse_reference("A. Smith and B. Jones. Learning things. In $ \\underline{\\text{ICLR}} $, 2021.")
    assert "$" not in (ref.container_title or "") and "\\" not in (ref.container_title or "")


@pytest.mark.parametrize("city", ["А.", "Алматы", "М.", "СПб.", "Л.", "Астана", "Нур-Султан"])
def test_city_abbreviations_are_places_not_containers(city: str) -> None:
    ref = parse_reference(f"Петров П.П. История степи. {city}, 2011. 200 с.")
    assert ref.publisher_place == city
    assert ref.container_title is None
    assert ref.title == "История степи"


def test_a_container_read_into_the_title_is_split_off() -> None:
    ref = parse_reference(
        "Cao, Y., & Kayser, C. (2019). Causal inference in the multisensory brain. Neuron, 102(5), 1076-1087."
    )
    assert ref.title == "Causal inference in the multisensory brain"
    assert ref.container_title == "Neuron"


KAZAKH_BODY = (
    "Қазақ тілінің сөздік қорын зерттеу бүгінгі таңда өзекті мәселелердің бірі болып табылады және "
    "оны жан-жақты қарастыру қажет.\n"
    "Зерттеудің мақсаты тіл білімінің негізгі ұғымдарын талдау және олардың қолданылу аясын анықтау.\n"
)


def test_the_articles_language_comes_from_its_text_not_its_list() -> None:
    refs = "\n".join(
        (
            f"{k}. Smith J. A study of the language number {k}. "
            f"Journal of Linguistics. 20{k:02}. Vol. {k}. P. 1-9."
        )
        for k in range(1, 13)
    )
    text = (
        "Тіл білімі\n\n" + KAZAKH_BODY + "\nAbstract. This paper studies the vocabulary of the language.\n\n"
    )
    text += "Әдебиеттер\n\n" + refs + "\n"
    assert text_language(text.split("Әдебиеттер")[0]) == "kk"
    assert extract_article(text, "a").metadata.language == "kk"


def test_a_text_without_prose_has_no_language() -> None:
    assert text_language("References\n1. Smith J.\n2. Jones B.") is None


@pytest.mark.parametrize(
    "text",
    [
        "Aaa, B. (2004): “A model of things,” NBER Working Papers 10450, National Bureau of Research.",
        "Aaa, B., and C. Ddd (2007): “A model of things,” Discussion paper, Duke University.",
    ],
)
def test_a_working_paper_is_a_report_with_its_series_as_genre(text: str) -> None:
    ref = parse_reference(text)
    assert ref.title == "A model of things"
    assert ref.container_title is None
    assert ref.type == "report"
    assert "aper" in (ref.genre or "")


def test_a_material_designation_leaves_the_title() -> None:
    ref = parse_reference(
        "Nuclear information and resource service. Электронный ресурс. URL: https://www.nirs.org/"
    )
    assert ref.title == "Nuclear information and resource service"


def test_a_romanised_page_label_in_its_own_gost_area_joins_its_numbers() -> None:
    # a Kazakh "References" copy writes "Б." (бет) as "B."; the parser cut "– B." off into the journal
    ref = parse_reference(
        "Qūrmanğali A.K. Bıtımgershılık operasiialary jäne Qazaqstan [Peacekeeping operations and"
        " Kazakhstan] // Habarşy. Halyqaralyq qatynastar seriiasy. – 2020. – №2(90). – B. 45–56."
    )
    assert ref.page == "45-56"
    assert ref.container_title == "Habarşy. Halyqaralyq qatynastar seriiasy"
