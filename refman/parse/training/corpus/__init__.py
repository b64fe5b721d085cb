"""refman's labelled Kazakh/Russian reference corpus and the code that builds it.

``gost.jsonl`` holds the labelled strings (one JSON object a line: ``id``, ``text``,
``segments``, ``split``, ``source``, ``type``, ``lang``); README.md says how it was made.
``python -m refman.parse.training.corpus.generate`` rebuilds it deterministically from
:mod:`~refman.parse.training.corpus.records` (works written for refman), Crossref records in the shared
data, the CSL styles there (rendered with citeproc-py) and ``handwritten.txt``.
"""
