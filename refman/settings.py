"""Settings for the stages that reach the network: options first, then environment, then defaults.

No global state: a :class:`Settings` value is built once (by the CLI or the caller) and passed in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

__all__ = ["DEFAULT_CROSSREF_URL", "DEFAULT_DOIORG_URL", "Settings"]

DEFAULT_CROSSREF_URL = "https://api.crossref.org"
#: doi.org: which agency registered a DOI (``/ra/{doi}``), and its metadata by content negotiation.
DEFAULT_DOIORG_URL = "https://doi.org"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """Where to reach Crossref, who we are (polite pool), where the cache lives, whether to go online.

    Environment: ``REFMAN_CROSSREF_URL``, ``REFMAN_DOIORG_URL`` (doi.org, asked for DOIs Crossref
    does not hold), ``REFMAN_MAILTO``, ``REFMAN_CACHE_DIR``, ``REFMAN_OFFLINE=1``, and the plugins
    to use: ``REFMAN_PARSER`` (a ``refman.parsers`` name), ``REFMAN_RESOLVER`` (a
    ``refman.resolvers`` name).
    """

    crossref_url: str = DEFAULT_CROSSREF_URL
    doiorg_url: str = DEFAULT_DOIORG_URL
    mailto: str | None = None
    cache_dir: Path = Path(platformdirs.user_cache_dir("refman"))
    offline: bool = False
    refresh: bool = False
    parser: str = "default"
    resolver: str = "crossref"

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        crossref_url: str | None = None,
        doiorg_url: str | None = None,
        mailto: str | None = None,
        cache_dir: str | Path | None = None,
        offline: bool | None = None,
        refresh: bool = False,
        parser: str | None = None,
        resolver: str | None = None,
    ) -> Settings:
        """Settings from explicit options (when not None), else the environment, else defaults."""
        e = os.environ if env is None else env
        return cls(
            crossref_url=(crossref_url or e.get("REFMAN_CROSSREF_URL") or DEFAULT_CROSSREF_URL).rstrip("/"),
            doiorg_url=(doiorg_url or e.get("REFMAN_DOIORG_URL") or DEFAULT_DOIORG_URL).rstrip("/"),
            mailto=mailto or e.get("REFMAN_MAILTO") or None,
            cache_dir=Path(cache_dir or e.get("REFMAN_CACHE_DIR") or platformdirs.user_cache_dir("refman")),
            offline=offline if offline is not None else _flag(e.get("REFMAN_OFFLINE")),
            refresh=refresh,
            parser=parser or e.get("REFMAN_PARSER") or "default",
            resolver=resolver or e.get("REFMAN_RESOLVER") or "crossref",
        )
