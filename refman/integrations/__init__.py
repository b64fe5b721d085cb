"""Bridges to other reference managers (each module needs its manager's optional extra installed).

* :mod:`refman.integrations.cobib`: a coBib importer plugin (``cobib import --refman``) and a reader
  for coBib YAML databases (``pip install refman[cobib]``).
"""
