"""A collection past the old 50 MB cap is read whole (no size cap on collection files)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refman.errors import InputError
from refman.formats.collection import read_collection
from refman.store import MAX_ARTICLE_BYTES
from tests.support.shared import shared_data

_ENTRY_START = re.compile(r"^(@\w+\s*\{)([^,\s]+),", re.MULTILINE)


@pytest.mark.slow
def test_a_bib_file_over_50_mb_is_read(tmp_path: Path) -> None:
    # Real entries (../shared/data/bib/bibliotex_combined.bib, MIT), repeated with new keys until
    # the file is past the old cap: the file is made here, its entries are not.
    source = shared_data("bib", "bibliotex_combined.bib").read_text(encoding="utf-8")
    expected, _ = read_collection(shared_data("bib", "bibliotex_combined.bib"))
    copies = MAX_ARTICLE_BYTES // len(source.encode()) + 1
    big = tmp_path / "big.bib"
    with big.open("w", encoding="utf-8") as out:
        for n in range(copies):
            out.write(_ENTRY_START.sub(rf"\g<1>\g<2>-copy{n},", source))
    assert big.stat().st_size > MAX_ARTICLE_BYTES
    refs, _ = read_collection(big)
    assert len(refs) == copies * len(expected)
    assert refs[-1].title == expected[-1].title
    assert refs[-1].id.endswith(f"-copy{copies - 1}")


def test_a_big_file_that_is_no_collection_gets_one_clear_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.json"
    notes.write_text("just words, " * 1000)
    with pytest.raises(InputError) as info:
        read_collection(notes)
    assert str(info.value).startswith(str(notes)) and "\n" not in str(info.value)
