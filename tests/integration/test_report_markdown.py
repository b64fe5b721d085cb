"""report.md from a real `refman build` shows text from data as text: rendered by a CommonMark
renderer (tests/support/markdown.py), the HTML holds no tag, link, image or emphasis made of an
article's file name (``<img src=x onerror=alert(1)>.md``), titles, names or problems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.markdown import assert_literal

MD_NAME = "<img src=x onerror=alert(1)>.md"
MD_ARTICLE = """# Title [x](javascript:alert(1)) <script>alert(1)</script> `code` | pipe

Text citing [1] and [2].

## References

1. Smith J. [click](javascript:alert(1)) and ![img](https://evil.example/x.png) <b>bold</b>. 2020.
2. Doe J. `rm -rf` | a | b &amp; &lt;i&gt; ~~gone~~. 2019. https://evil.example/a_b
"""
TXT_NAME = "raw *text* <b> &amp; [y](javascript:x).txt"
TXT_ARTICLE = """Plain text article

Text citing [1] and [2].

References

1. Kim A. `rm -rf` | a | b &amp; [y](javascript:alert(1)). 2015.
2. Park B. 1) www.evil.example and https://evil.example/x_y?a=1&b=2 #tag ~~s~~ $x^2$. 2016.
"""
# What must reach the data for the test to mean something (the article readers strip some markup).
PAYLOADS = ("<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "`rm -rf`", "&amp;", "| a |", "<b>")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mdbuild")
    (root / "articles").mkdir()
    (root / "articles" / MD_NAME).write_text(MD_ARTICLE, encoding="utf-8")
    (root / "articles" / TXT_NAME).write_text(TXT_ARTICLE, encoding="utf-8")
    env = {**os.environ, "REFMAN_CACHE_DIR": str(root / "cache"), "REFMAN_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "refman", "build", str(root), "--offline"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return root


def _data_strings(root: Path) -> list[str]:
    """The article ids, titles and names the report shows, as the build stored them."""
    out = [Path(MD_NAME).stem, Path(TXT_NAME).stem]
    for item in json.loads((root / "references.json").read_text(encoding="utf-8")):
        out += [
            item.get("title", ""),
            *(n.get("family") or n.get("literal", "") for n in item.get("author", [])),
        ]
    return [s for s in out if s]


def test_the_payloads_reach_the_data(built: Path) -> None:
    data = " ".join(_data_strings(built))
    assert all(payload in data for payload in PAYLOADS), data


@pytest.mark.parametrize("linkify", [False, True], ids=["commonmark+tables", "with-bare-url-links"])
def test_report_md_renders_data_as_literal_text(built: Path, linkify: bool) -> None:
    assert_literal((built / "report.md").read_text(encoding="utf-8"), _data_strings(built), linkify)
