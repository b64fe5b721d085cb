"""refman's version, in one place (read by the package, the HTTP clients' User-Agent and setuptools)."""

__version__ = "0.1.0"
