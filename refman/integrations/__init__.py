"""Bridges into other tools; each imports refman's formats (:mod:`refman.formats`), never the CLI.

* :mod:`refman.integrations.cobib`: a coBib importer plugin (``cobib import --refman``; needs
  ``pip install refman[cobib]``).
* :mod:`refman.integrations.pybtex`: a pybtex database plugin that reads and writes CSL-JSON.
"""
