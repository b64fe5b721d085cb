"""Collection file formats, pure (values in, values out), one module each:

* :mod:`~refman.formats.csljson`: CSL-JSON, the canonical model (``to_csl_json``, ``from_csl_json``);
* :mod:`~refman.formats.bibtex_writer` and :mod:`~refman.formats.bibtex_reader`: BibTeX and
  biblatex (``to_bibtex``, ``from_bibtex``), mapped by the tables of
  :mod:`~refman.formats.bibtex_tables`;
* :mod:`~refman.formats.latex`: the LaTeX codec (escaping, T2A Cyrillic, decoding);
* :mod:`~refman.formats.cobib`: coBib's YAML databases (needs ``pip install "refman[cobib]"``);
* :mod:`~refman.formats.collection`: the one rule that tells a collection file's kind, and
  ``read_collection(path)``, the one function here that reads a file;
* :mod:`~refman.formats.jsontext`: JSON written by strangers, read safely (nesting, huge numbers,
  lone surrogates), for every reader of JSON.

Every reader returns ``(references, problems)``: each :class:`~refman.errors.Problem` names the
file, the item and the field, the item kept with the bad value set aside or skipped.
"""
