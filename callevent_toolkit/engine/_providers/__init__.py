"""The provider registry: what a realistic event holds at each position, by path suffix.

A family of events (the CallEvent providers in :mod:`._callevent`; another Twilio Event
Streams schema could bring its own) fills one :class:`Registry`: value providers,
presence rules for optional parts, and the keys of realistic maps, each registered for a
path *suffix* (``("metadata", "region")`` matches the gateway metadata under all three
gateway edges). The compiler looks positions up once, at compile time; per event only
the registered closures run.

Providers receive the per-event :class:`Context`. Facts that several positions share
(the caller's place, the browser) are drawn lazily and once through :meth:`Context.fact`,
keyed by the function that draws them, so a fact has one type (a frozen dataclass, see
:mod:`._catalogue`) instead of a string key and a tuple read by position.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from .._sources import Source

__all__ = ["Chooser", "Context", "Presence", "Provider", "Registry", "lookup"]

T = TypeVar("T")
K = TypeVar("K")
K_co = TypeVar("K_co", covariant=True)
_MISSING: Any = object()


class Chooser(Protocol[K_co]):
    """Draws what an event is (its kind) and where it goes (its edge), first of all."""

    def choose(self, src: Source) -> tuple[K_co, str]:
        """The kind and edge of one event, drawn from ``src``."""


class Context(Generic[K]):
    """Per-event state: the source, the drawn kind and edge, and facts drawn on first use.

    A map entry is built with :meth:`entry`, a context that shares the facts and carries
    the entry's ``key``; nothing writes into a context while the plan runs, so a provider
    reads the key it was given, not whatever the compiler wrote last.
    """

    __slots__ = ("_facts", "edge", "key", "kind", "src")

    src: Source
    kind: K
    edge: str
    key: str
    _facts: dict[Any, Any]

    def __init__(self, src: Source, chooser: Chooser[K]) -> None:
        self.src = src
        self.kind, self.edge = chooser.choose(src)
        self._facts = {}
        self.key = ""

    def fact(self, draw: Callable[[Context[K]], T]) -> T:
        """The fact ``draw`` makes, drawn the first time any position asks for it."""
        facts = self._facts
        found = facts.get(draw, _MISSING)
        if found is _MISSING:
            found = facts[draw] = draw(self)
        return found  # type: ignore[no-any-return]

    def fact_of(self, draw: Callable[[Context[K], str], T], key: str) -> T:
        """The fact ``draw`` makes for ``key`` (one per key: a voice per language)."""
        facts = self._facts
        found = facts.get((draw, key), _MISSING)
        if found is _MISSING:
            found = facts[draw, key] = draw(self, key)
        return found  # type: ignore[no-any-return]

    def entry(self, key: str) -> Context[K]:
        """The context of the map entry ``key``: same source and facts, its own key."""
        child: Context[K] = Context.__new__(Context)
        child.src, child.kind, child.edge = self.src, self.kind, self.edge
        child._facts, child.key = self._facts, key
        return child


Provider = Callable[[Context[Any]], Any]
Presence = Callable[[Context[Any]], bool]
MapKeys = Callable[[Context[Any]], list[str]]


def lookup(table: dict[tuple[str, ...], T], path: tuple[str, ...]) -> T | None:
    """The entry for the longest registered suffix of ``path`` (``None`` if none)."""
    for start in range(len(path)):
        found = table.get(path[start:])
        if found is not None:
            return found
    return None


class Registry:
    """One family's providers: values, presence rules and map keys, by path suffix."""

    __slots__ = ("map_keys", "presence", "values")

    def __init__(self) -> None:
        self.values: dict[tuple[str, ...], Provider] = {}
        self.presence: dict[tuple[str, ...], Presence] = {}
        self.map_keys: dict[tuple[str, ...], MapKeys] = {}

    def value(self, *suffix: str) -> Callable[[Provider], Provider]:
        """Register a value provider for paths ending in ``suffix``."""

        def register(fn: Provider) -> Provider:
            self.values[suffix] = fn
            return fn

        return register

    def present(self, *suffix: str) -> Callable[[Presence], Presence]:
        """Register when the optional property at paths ending in ``suffix`` is present."""

        def register(fn: Presence) -> Presence:
            self.presence[suffix] = fn
            return fn

        return register

    def keys(self, *suffix: str) -> Callable[[MapKeys], MapKeys]:
        """Register the keys a realistic map at paths ending in ``suffix`` holds."""

        def register(fn: MapKeys) -> MapKeys:
            self.map_keys[suffix] = fn
            return fn

        return register
