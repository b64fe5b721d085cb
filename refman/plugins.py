"""Entry-point registries: parsers, resolvers and exporters that other packages can add.

A plugin is any callable registered under one of :data:`GROUPS` in a package's metadata, e.g.::

    [project.entry-points."refman.exporters"]
    ris = "mypkg.ris:to_ris"          # (refs: Sequence[Reference]) -> str

refman registers its own the same way (see pyproject.toml). A plugin that fails to load is
reported, never fatal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from refman.model import Reference

__all__ = ["GROUPS", "Exporter", "Parser", "Registry", "load"]

GROUPS = ("refman.parsers", "refman.resolvers", "refman.exporters")


class Parser(Protocol):
    """A reference-string parser: one string in, one CSL-shaped Reference out, never raising."""

    def __call__(self, raw: str, id: str = "") -> Reference: ...


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
