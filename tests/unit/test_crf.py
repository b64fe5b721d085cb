"""The sequence labeller: tokens, features, alignment of labelled corpora, the shipped CRF model,
and retraining on a tiny subset (deterministic). The full training runs only by
``python -m refman.parse.training.train``.

Labelled strings below are constructed for these tests unless a comment names their source.
"""

from __future__ import annotations

import ast
import json
from fnmatch import fnmatch
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refman.parse import crf
from refman.parse.evaluate import Example, read_jsonl
from refman.parse.features import sequence_features, word_view
from refman.parse.labeller import label_segments, label_tokens
from refman.parse.labels import LABELS, OTHER, grobid_label
from refman.parse.tokens import tokenize
from refman.parse.training.align import align, to_training
from refman.parse.training.train import train

PARSE = Path(__file__).resolve().parents[2] / "refman" / "parse"
CORPUS = PARSE / "training" / "corpus" / "gost.jsonl"


# --- tokens ------------------------------------------------------------------------------------------


def test_tokens_keep_offsets_and_split_gost_glue() -> None:
    text = "Иванов И.И. Название//Журнал. – 2019.–256 с. URL: http://a.kz/x//y"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == [
        "Иванов", "И.И.", "Название", "//", "Журнал.", "–", "2019.", "–", "256", "с.", "URL:", "http://a.kz/x//y",
    ]  # fmt: skip
    assert all(text[t.start : t.end] == t.text for t in tokens)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_tokens_are_the_non_space_text(text: str) -> None:
    tokens = tokenize(text)
    assert all(text[t.start : t.end] == t.text and t.text.strip() == t.text for t in tokens)
    assert "".join(t.text for t in tokens) == "".join(text.split())


# --- features ----------------------------------------------------------------------------------------


def test_word_features_see_script_case_numbers_and_dictionaries() -> None:
    own = set(word_view("Иванов").own)
    assert {"w=иванов", "sh=Xx", "t=cyr-title"} <= own
    assert "n=year" in word_view("(2020).").own
    assert "k=pages" in word_view("С.").own and "k=pages" in word_view("бет").own
    assert "k=no" in word_view("№").own and "k=vol" in word_view("Т.").own
    assert "k=place" in word_view("Алматы:").own and "k=place" in word_view("СПб.").own
    assert "k=etal" in word_view("др.]").own and "k=access" in word_view("жүгінген").own
    assert "k=month" in word_view("қаңтар").own
    assert "init" in word_view("И.И.,").own
    assert "url" in word_view("https://example.org/a").own
    assert "n=range" in word_view("10–20.").own


def test_sequence_features_add_context_and_state() -> None:
    words = ["Иванов", "И.И.", "Название", "//", "Журнал", "(Томск,", "2019)."]
    feats = sequence_features(words)
    assert len(feats) == len(words)
    assert "-w=<s>" in feats[0] and "+w=</s>" in feats[-1]
    assert "-w=иванов" in feats[1] and "+w=название" in feats[1]
    assert "afterslash" in feats[4] and "afterslash" not in feats[2]
    assert "inparen" in feats[5] and "inparen" in feats[6] and "inparen" not in feats[4]


# --- labels and alignment ----------------------------------------------------------------------------


def test_align_anystyle_segments() -> None:
    segments = [("author", "Smith, J."), ("date", "(2020)."), ("title", "Title."), ("journal", "Journal,"),
                ("volume", "5(2),"), ("pages", "1–2.")]  # fmt: skip
    aligned = align("Smith, J. (2020). Title. Journal, 5(2), 1–2.", segments)
    assert aligned is not None
    _, labels = aligned
    assert labels == ["author", "author", "date", "title", "journal", "volume", "pages"]


def test_align_grobid_other_text_joins_a_neighbour() -> None:
    # GROBID puts "pp." and punctuation outside fields: words join the next field, punctuation the previous
    segments = [
        ("author", "J. Smith"),
        (OTHER, "."),
        ("journal", "Chem. Rev."),
        ("volume", "10"),
        (OTHER, ", pp."),
        ("pages", "265"),
        (OTHER, "("),
        ("date", "1977"),
        (OTHER, ");"),
    ]
    aligned = align("J. Smith. Chem. Rev. 10, pp. 265 (1977);", segments)
    assert aligned is not None
    assert aligned[1] == ["author", "author", "journal", "journal", "volume", "pages", "pages", "date"]


def test_align_refuses_segments_that_do_not_fit() -> None:
    assert align("Smith J. Title.", [("author", "Jones K.")]) is None


def test_grobid_labels_map_to_ours() -> None:
    assert grobid_label("title[@level=a]", True) == "title"
    assert grobid_label("title[@level=m]", True) == "container-title"
    assert grobid_label("title[@level=m]", False) == "title"
    assert grobid_label("biblScope[@unit=page]", True) == "pages"
    assert grobid_label("biblScope[@unit=issue]", True) == "volume"
    assert grobid_label("pubPlace", True) == "location"
    assert grobid_label("idno[@type=DOI]", True) == "doi"


# --- the shipped model -------------------------------------------------------------------------------


def test_shipped_model_loads_and_labels_a_gost_reference() -> None:
    segments = label_segments(
        "Иванов И.И., Петров П.П. Оценка регионов // Вопросы экономики. – 2020. – Т. 5, № 2. – С. 10–20."
    )
    labels = [label for label, _ in segments]
    assert labels == ["author", "title", "journal", "date", "volume", "pages"]


def test_kazakh_book_with_bet_and_city() -> None:
    segments = dict(label_segments("Жұмабаев М. Педагогика. – Алматы: Ана тілі, 1992. – 160 бет."))
    assert segments["location"].startswith("Алматы")
    assert segments["pages"].startswith("160")
    assert segments["date"].startswith("1992")


def test_confidence_is_a_probability() -> None:
    tokens = tokenize("Smith, J. (2020). A title. Journal of Things, 5(2), 10–20.")
    labels, conf = label_tokens(tokens)
    assert len(labels) == len(conf) == len(tokens)
    assert all(0.0 <= c <= 1.0 for c in conf)
    assert set(labels) <= set(LABELS)


def test_identifier_tokens_are_overruled_by_rules() -> None:
    segments = label_segments("Title of a page. Site name. https://example.org/a/b (accessed 1 May 2020).")
    assert ("url", "https://example.org/a/b") in segments


# --- training (tiny, deterministic) ------------------------------------------------------------------


def _tiny_corpus() -> list[Example]:
    examples = read_jsonl(CORPUS.read_text(encoding="utf-8"))
    train_split = [e for e in examples if e.meta.get("split") == "train"]
    return train_split[:: max(1, len(train_split) // 60)][:60]


def test_training_on_a_tiny_subset_is_deterministic(tmp_path: Path) -> None:
    examples = _tiny_corpus()
    assert all(to_training(e) is not None for e in examples)
    a, b = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    meta_a = train(examples, a, {"max_iterations": 15})
    meta_b = train(examples, b, {"max_iterations": 15})
    assert a.read_bytes() == b.read_bytes()
    assert meta_a == meta_b and meta_a["sequences"] == len(examples)
    tagger = crf.tagger_from_bytes(a.read_bytes())
    tagging = tagger.tag(["Иванов", "И.И.", "Книга.", "–", "М.:", "Наука,", "2019."])
    assert len(tagging.labels) == 7 and set(tagging.labels) <= set(LABELS)


def test_model_metadata_describes_the_training() -> None:
    meta = json.loads((PARSE / "model.meta.json").read_text(encoding="utf-8"))
    assert meta["sequences"] > 10_000
    assert set(meta["sources"]) >= {
        "anystyle/core",
        "anystyle/good",
        "anystyle/ugly",
        "constructed",
        "crossref",
        "handwritten",
    }
    assert meta["params"]["c1"] > 0


def test_the_runtime_package_imports_nothing_from_training() -> None:
    package = PARSE.parent
    imports: list[str] = []
    for path in package.rglob("*.py"):
        if "training" in path.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imports.append(node.module)
            elif isinstance(node, ast.Import):
                imports += [alias.name for alias in node.names]
    assert imports and not [m for m in imports if m.startswith("refman.parse.training")]


def test_training_is_left_out_of_the_wheel() -> None:
    """The packages setuptools' ``packages.find`` selects (fnmatch on dotted names)."""
    tomllib = pytest.importorskip("tomllib")
    root = PARSE.parents[1]
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    find = pyproject["tool"]["setuptools"]["packages"]["find"]
    names = [".".join(p.parent.relative_to(root).parts) for p in (root / "refman").rglob("__init__.py")]
    shipped = [
        name
        for name in names
        if any(fnmatch(name, pat) for pat in find["include"])
        and not any(fnmatch(name, pat) for pat in find["exclude"])
    ]
    assert "refman.parse" in shipped and "refman.parse.training.corpus" in names
    assert not [name for name in shipped if name.startswith("refman.parse.training")]


@pytest.mark.parametrize("text", ["", "   ", "....", "(((((", "12345", "—", "//"])
def test_labeller_copes_with_degenerate_strings(text: str) -> None:
    segments = label_segments(text)
    assert all(label in LABELS for label, _ in segments)


def test_a_missing_model_is_an_installation_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from refman.parse import parse_reference

    crf.load_tagger.cache_clear()
    monkeypatch.setattr(crf, "MODEL_RESOURCE", "missing.crfsuite")
    try:
        with pytest.raises(crf.ParserModelError, match=r"missing\.crfsuite"):
            parse_reference("Иванов И.И. Книга. – М.: Наука, 2019. – 256 с.")
    finally:
        crf.load_tagger.cache_clear()
