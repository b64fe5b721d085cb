"""Entry-point registries: parsers, resolvers and exporters that other packages can add.

A plugin is any callable registered under one of :data:`GROUPS` in a package's metadata, e.g.::

    [project.entry-points."refman.exporters"]
    ris = "mypkg.ris:to_ris"          # (refs: Sequence[Reference]) -> str

refman registers its own the same way (see pyproject.toml). A plugin that fails to load is
reported, never fatal. ``refman build``, ``refman resolve`` and ``refman parse`` pick their parser
and resolver by name through :func:`parser` and :func:`resolver` (``--parser``/``--resolver``,
``REFMAN_PARSER``/``REFMAN_RESOLVER``); ``refman export`` picks its exporter the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol, cast

from refman.errors import RefmanError
from refman.model import Reference

if TYPE_CHECKING:
    from refman.resolve import ResolveReport
    from refman.settings import Settings

__all__ = ["GROUPS", "Exporter", "Parser", "Registry", "Resolver", "load", "parser", "resolver"]

GROUPS = ("refman.parsers", "refman.resolvers", "refman.exporters")


class Parser(Protocol):
    """A reference-string parser: one string in, one CSL-shaped Reference out, never raising."""

    def __call__(self, raw: str, id: str = "") -> Reference: ...


class Resolver(Protocol):
    """A resolver: references in, the same references (in order) with what it found, and a report.

    ``progress(done, total)`` may be called as work completes. It must not raise for network
    trouble: what it could not check is said in the report.
    """

    def __call__(
        self,
        refs: Sequence[Reference],
        settings: Settings,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[Reference], ResolveReport]: ...


class Exporter(Protocol):
    """An exporter: references in, the text of a file out."""

    def __call__(self, refs: Sequence[Reference]) -> str: ...


@dataclass
class Registry:
    """The plugins of one group: loaded callables by name, and the ones that failed, with why."""

    group: str
    plugins: dict[str, Callable[..., Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def load(group: str) -> Registry:
    """Load every plugin registered under ``group``; failures land in ``Registry.errors``."""
    if group not in GROUPS:
        raise ValueError(f"unknown plugin group {group!r}; choose one of {GROUPS}")
    registry = Registry(group)
    for ep in sorted(entry_points(group=group), key=lambda e: e.name):
        try:
            obj = ep.load()
        except Exception as exc:  # a broken plugin must not break refman
            registry.errors[ep.name] = f"{type(exc).__name__}: {exc}"
            continue
        if callable(obj):
            registry.plugins[ep.name] = obj
        else:
            registry.errors[ep.name] = f"{ep.value} is not callable"
    return registry


def _pick(group: str, name: str) -> Callable[..., Any]:
    """The plugin ``name`` of ``group``; a :class:`RefmanError` naming the choices otherwise."""
    registry = load(group)
    if name in registry.plugins:
        return registry.plugins[name]
    if name in registry.errors:
        raise RefmanError(f"{group} plugin {name!r} failed to load: {registry.errors[name]}")
    known = ", ".join(sorted(registry.plugins)) or "none"
    raise RefmanError(f"no {group} plugin named {name!r} (installed: {known})")


def parser(name: str) -> Parser:
    """The reference parser registered as ``name`` (refman's own is ``default``)."""
    return cast(Parser, _pick("refman.parsers", name))


def resolver(name: str) -> Resolver:
    """The resolver registered as ``name`` (refman's own is ``crossref``)."""
    return cast(Resolver, _pick("refman.resolvers", name))
