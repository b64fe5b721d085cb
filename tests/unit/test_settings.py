"""Settings: options beat environment, environment beats defaults."""

from __future__ import annotations

from pathlib import Path

from refman.settings import DEFAULT_CROSSREF_URL, Settings


def test_defaults_without_environment() -> None:
    s = Settings.from_env({})
    assert s.crossref_url == DEFAULT_CROSSREF_URL
    assert s.mailto is None and not s.offline and not s.refresh
    assert "refman" in str(s.cache_dir)


def test_environment_then_options() -> None:
    env = {
        "REFMAN_CROSSREF_URL": "http://127.0.0.1:9/",
        "REFMAN_MAILTO": "a@example.org",
        "REFMAN_CACHE_DIR": "/tmp/rc",
        "REFMAN_OFFLINE": "1",
    }
    s = Settings.from_env(env)
    assert (s.crossref_url, s.mailto, s.cache_dir, s.offline) == (
        "http://127.0.0.1:9",
        "a@example.org",
        Path("/tmp/rc"),
        True,
    )
    o = Settings.from_env(env, crossref_url="http://127.0.0.1:8", offline=False, refresh=True)
    assert (o.crossref_url, o.offline, o.refresh) == ("http://127.0.0.1:8", False, True)
