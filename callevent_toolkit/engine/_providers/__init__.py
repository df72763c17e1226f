"""The provider registry: what a realistic event holds at each position, by path suffix.

A family of events (the CallEvent providers in :mod:`._callevent`; another Twilio Event
Streams schema could bring its own) fills one :class:`Registry`: value providers,
presence rules for optional parts, and the keys of realistic maps, each registered for a
path *suffix* (``("metadata", "region")`` matches the gateway metadata under all three
gateway edges). The compiler looks positions up once, at compile time; per event only
the registered closures run.

Providers receive the per-event :class:`Context`. Facts that several positions share
(the caller's place, the browser) are drawn lazily and once through :meth:`Context.fact`,
keyed by the function that draws them (never a string), so a fact has one type (a frozen
dataclass, see :mod:`._catalogue`) instead of a string key and a tuple read by position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from .._sources import Source

__all__ = [
    "CONTRACT_ONLY",
    "Chooser",
    "Context",
    "Inline",
    "Presence",
    "Provider",
    "Providers",
    "Registry",
    "always",
    "inline",
    "inline_of",
    "lookup",
    "never",
]

T = TypeVar("T")
_MISSING: Any = object()
K = TypeVar("K")
K_co = TypeVar("K_co", covariant=True)


class Chooser(Protocol[K_co]):
    """Draws what an event is (its kind) and where it goes (its edge), first of all."""

    def choose(self, src: Source) -> tuple[K_co, str]:
        """The kind and edge of one event, drawn from ``src``."""


class Context(dict[Any, Any], Generic[K]):
    """Per-event state: the source, the drawn kind and edge, and facts drawn on first use.

    The context *is* the memo of its facts (a dict from the function that draws a fact to
    the fact): :meth:`fact` is then ``dict.__getitem__``, a C call, and only the first
    request of a fact runs Python (``__missing__``). Facts are read several times per
    event (a place feeds six positions), so this halves a realistic event's cost.

    A map entry is built with :meth:`entry`, a context that shares the facts and carries
    the entry's ``key``; nothing writes into a context's attributes while the plan runs,
    so a provider reads the key it was given, not whatever the compiler wrote last.
    """

    __slots__ = ("edge", "key", "kind", "src")

    src: Source
    kind: K
    edge: str
    key: str

    def __init__(self, src: Source, chooser: Chooser[K]) -> None:
        # An event's compiled builder does the same in its first lines (``_compiler``'s
        # ``_OPENING``): change both together.
        self.src = src
        self.kind, self.edge = chooser.choose(src)
        self.key = ""

    def __missing__(self, draw: Any) -> Any:
        made = self[draw] = draw(self)
        return made

    if TYPE_CHECKING:

        def fact(self, draw: Callable[[Context[K]], T]) -> T:
            """The fact ``draw`` makes, drawn the first time any position asks for it."""

    else:
        fact = dict.__getitem__

    def fact_of(self, draw: Callable[[Context[K], str], T], key: str) -> T:
        """The fact ``draw`` makes for ``key`` (one per key: a voice per language)."""
        found: T = self.get((draw, key), _MISSING)
        if found is _MISSING:
            found = self[draw, key] = draw(self, key)
        return found

    def entry(self, key: str) -> Context[K]:
        """The context of the map entry ``key``: same source and facts, its own key."""
        return _Entry(self, key)


class _Entry(Context[K]):
    """A map entry's context: asks its parent for facts, so every entry shares them."""

    __slots__ = ("_parent",)

    def __init__(self, parent: Context[K], key: str) -> None:  # no draw: the parent's kind
        self._parent = parent
        self.src, self.kind, self.edge, self.key = parent.src, parent.kind, parent.edge, key

    def __missing__(self, draw: Any) -> Any:
        made = self[draw] = self._parent[draw]
        return made

    def fact_of(self, draw: Callable[[Context[K], str], T], key: str) -> T:
        return self._parent.fact_of(draw, key)


Provider = Callable[[Context[Any]], Any]
Presence = Callable[[Context[Any]], bool]
MapKeys = Callable[[Context[Any]], list[str]]


@dataclass(frozen=True, slots=True)
class Inline:
    """A provider's body as one Python expression over ``ctx``, for the plan compiler.

    ``expression`` is a :class:`string.Template`: each ``$name`` stands for the value
    ``env`` gives ``name``. The compiler writes the expression into the builder it
    generates for the enclosing object (the names renamed to that builder's globals), so
    a provider that only reads a fact or calls one primitive costs no Python frame of its
    own. Most values of a realistic event are such one-liners, and a frame per value was
    the largest share of the generator's own overhead.
    """

    expression: str
    env: tuple[tuple[str, Any], ...]

    def substitute(self, names: Mapping[str, str]) -> str:
        """The expression with each ``$name`` replaced by ``names[name]``."""
        return Template(self.expression).substitute(names)


def inline(expression: str, **env: Any) -> Callable[[Context[Any]], Any]:
    """A provider (or presence rule) that is ``expression``, a Python expression over ``ctx``.

    It is an ordinary function of the :class:`Context` too (the same expression,
    compiled once here), so anything that calls providers still can; the plan compiler
    finds the expression with :func:`inline_of` and writes it into its generated code.
    ``$name`` in ``expression`` refers to ``env[name]``.
    """
    spec = Inline(expression, tuple(env.items()))
    source = spec.substitute({name: name for name in env})
    fn: Callable[[Context[Any]], Any] = eval(f"lambda ctx: {source}", dict(env))
    fn.inline = spec  # type: ignore[attr-defined]
    return fn


def inline_of(fn: object) -> Inline | None:
    """The :class:`Inline` expression of a provider made by :func:`inline`, else ``None``."""
    spec = getattr(fn, "inline", None)
    return spec if isinstance(spec, Inline) else None


def always(ctx: Context[Any]) -> bool:
    """The presence rule of a part every realistic event has (the compiler drops the call)."""
    return True


def never(ctx: Context[Any]) -> bool:
    """The presence rule of a part no event of a plan has (the compiler leaves it out)."""
    return False


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


ChooserFor = Callable[[Mapping[tuple[str, ...], Any], Iterable[tuple[str, ...]]], Chooser[Any]]


@dataclass(frozen=True, slots=True)
class Providers:
    """Everything realistic about one schema: its value registry and its kind chooser.

    A schema handle is bound to one of these (``engine._families``); the plan compiler and
    :class:`~._plans.EventPlan` read only the bound object, never a module-level table, so
    two versions can share a family's providers (the usual case: v4 reuses v3's) or a
    family can bring its own. ``chooser_for(pins, present)`` narrows the kinds to those the
    pins allow; ``contract_chooser`` is what contract-space plans draw the kind with.
    """

    registry: Registry
    chooser_for: ChooserFor
    contract_chooser: Chooser[Any]


class _NoKind:
    """The chooser of a family without realistic kinds: draws nothing, names no edge."""

    def choose(self, src: Source) -> tuple[None, str]:
        return None, ""


_NO_KIND = _NoKind()

#: A schema with no realistic providers: contract-space values and plain fallbacks only.
CONTRACT_ONLY = Providers(Registry(), lambda pins, present: _NO_KIND, _NO_KIND)
