"""One event plan per (version, realistic, pins): the object both faces share.

:class:`EventPlan` ties together the compiled schema plan, the event-kind chooser and the
user's pins. :func:`~callevent_toolkit.strategies.call_events` runs it with a
:class:`HypothesisSource`; :func:`~callevent_toolkit.generation.generate` runs
it with a seeded :class:`RandomSource`. Nothing else builds events.
"""

from __future__ import annotations

import copy
import difflib
import random
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from .. import _checks
from ..errors import InvalidArgument
from ..schemas import DEFAULT_VERSION
from ..schemas.pointers import path_of, pointer_of
from ..schemas.structure import Node, structure
from ..validation import is_valid, validate
from ._compiler import compile_plan
from ._providers import Context
from ._providers import _catalogue as cat
from ._providers._callevent import ALL_KINDS, REGISTRY, KindChooser
from ._sources import RandomSource, Source

__all__: list[str] = []

PinPath = tuple[str, ...]


def parse_path(key: object) -> PinPath:
    """``"a.b"``, ``"/a/b"`` or ``("a", "b")`` -> ``("a", "b")``."""
    if isinstance(key, tuple) and key and all(isinstance(step, str) for step in key):
        return key
    if isinstance(key, str) and key:
        if key.startswith("/"):
            return path_of(key)
        return tuple(key.split("."))
    raise InvalidArgument(
        f"a fixed path must be a dotted string ('sdk_edge.metadata.city'), a JSON pointer "
        f"('/sdk_edge/metadata/city') or a tuple of names, got {key!r}"
    )


def check_version(version: object) -> int:
    """``version`` if that schema is bundled, else ``InvalidSchemaVersionError``."""
    return _checks.check_version(version).version


def check_realistic(realistic: object) -> bool:
    """``realistic`` if it is a bool, else :class:`InvalidArgument` (``"yes"`` is not)."""
    return _checks.check_bool("realistic", realistic)


def _dotted(path: PinPath) -> str:
    return ".".join(path)


def _known_paths(root: Node) -> list[str]:
    return [_dotted(n.path) for n in root.walk() if n.path]


def check_pin_paths(root: Node, pins: Mapping[PinPath, Any], version: int) -> None:
    """Raise :class:`InvalidArgument` for a pin whose path is not in the schema."""
    for path in pins:
        node = root.find(path)
        if node is None or "*" in path:
            close = difflib.get_close_matches(_dotted(path), _known_paths(root), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            raise InvalidArgument(
                f"fixed path {_dotted(path)!r} is not a position in the "
                f"VoiceInsights.CallEvent v{version} schema{hint}"
            )


def collect_pins(
    version: int, fixed: Mapping[Any, Any] | None, keywords: Mapping[str, Any]
) -> dict[PinPath, Any]:
    """Merge ``fixed={path: value}`` and top-level ``name=value`` keywords into one dict.

    Checked: an unknown path or keyword raises :class:`InvalidArgument` naming it, with
    the same words for every entry point (strategies, ``generate``, the plugin's factory).
    """
    root = structure(check_version(version))
    pins: dict[PinPath, Any] = {}
    if fixed is not None:
        if not isinstance(fixed, Mapping):
            raise InvalidArgument(f"fixed must be a mapping of path to value, got {fixed!r}")
        for key, value in fixed.items():
            pins[parse_path(key)] = value
    for name, value in keywords.items():
        if root.property(name) is None:
            raise InvalidArgument(
                f"{name}={value!r}: {name!r} is not a top-level CallEvent property "
                f"(known: {', '.join(p.name for p in root.properties)}); "
                "pin nested fields with fixed={'a.b.c': value}"
            )
        pins[(name,)] = value
    check_pin_paths(root, pins, version)
    return pins


_FAMILY_OF_OBJECT = {
    "sdk_edge": "sdk",
    "conversation_relay_data": "relay",
    **dict.fromkeys(cat.GATEWAY_EDGES, "gateway"),
}


class _Allowed:
    """The event families, gateway edges and kinds that the pins leave possible."""

    def __init__(self) -> None:
        self.families = {"sdk", "gateway", "relay"}
        self.edges = list(cat.GATEWAY_EDGES)
        self.kinds = list(ALL_KINDS)

    def by_object(self, path: PinPath, value: Any) -> None:
        """A pin inside an edge object (or the object itself, unless ``None``) means an
        event of that object's family, and of that edge for a gateway object."""
        top = path[0]
        if top in _FAMILY_OF_OBJECT and (len(path) > 1 or value is not None):
            self.families &= {_FAMILY_OF_OBJECT[top]}
            if top in cat.GATEWAY_EDGES:
                self.edges = [top]

    def by_value(self, name: str, value: str) -> None:
        """A top-level ``edge``, ``group``, ``name`` or ``level`` pin narrows the kinds."""
        if name == "edge" and value in _FAMILY_OF_OBJECT:
            self.families &= {_FAMILY_OF_OBJECT[value]}
            self.edges = [value] if value in cat.GATEWAY_EDGES else self.edges
        elif name == "edge" and value == cat.NO_EDGE:
            self.families &= {"relay"}
        elif name in ("group", "name", "level"):
            self.kinds = [k for k in self.kinds if getattr(k, name) == value]


def _chooser_for(pins: Mapping[PinPath, Any], present: Iterable[PinPath] = ()) -> KindChooser:
    """Restrict the realistic event kinds to those that agree with the pins.

    ``present`` paths count like pins on their top-level object (an event that must
    contain ``sdk_edge.feedback`` is an SDK event). Pins that contradict every real kind
    are honoured over realism: the chooser then offers every kind.
    """
    allowed = _Allowed()
    for path in present:
        allowed.by_object(path, _PRESENT)
    for path, value in pins.items():
        allowed.by_object(path, value)
        if len(path) == 1 and isinstance(value, str):
            allowed.by_value(path[0], value)
    matching = [k for k in allowed.kinds if k.family in allowed.families]
    if not matching:
        return KindChooser()
    return KindChooser(matching, allowed.edges)


def _forced(pins: Mapping[PinPath, Any]) -> set[PinPath]:
    return {path[:end] for path in pins for end in range(1, len(path) + 1)}


#: Stands for "must be present, value not pinned" (``EventPlan(present=...)``).
_PRESENT = object()


class EventPlan:
    """Builds events of one schema version, realistic or contract-space, with pins.

    ``present`` lists optional positions that must appear in every event (their ancestors
    too) without fixing their values; the invalid-event mutations use it to reach nested
    objects such as ``sdk_edge.metadata.sdk.browser``.
    """

    def __init__(
        self,
        *,
        version: int = DEFAULT_VERSION,
        realistic: bool = True,
        fixed: Mapping[Any, Any] | None = None,
        present: Iterable[Any] = (),
        **keywords: Any,
    ) -> None:
        self.version = check_version(version)
        self.realistic = check_realistic(realistic)
        self.root = structure(version)
        self.pins = collect_pins(version, fixed, keywords)
        self.present = tuple(parse_path(p) for p in present)
        check_pin_paths(self.root, dict.fromkeys(self.present), version)
        forced = _forced(self.pins) | _forced(dict.fromkeys(self.present))
        self._build = compile_plan(self.root, REGISTRY, realistic=realistic, forced=forced)
        self._chooser = _chooser_for(self.pins, self.present) if realistic else KindChooser()
        self._drawn_pins = any(isinstance(v, st.SearchStrategy) for v in self.pins.values())
        self._check_plain_pins()

    def refuse_strategy_pins(self) -> None:
        """Raise :class:`InvalidArgument` if a pin is a strategy (bulk generation)."""
        for path, value in self.pins.items():
            if isinstance(value, st.SearchStrategy):
                _no_strategies_in_bulk(path)(random.Random(0))

    def event(self, src: Source) -> dict[str, Any]:
        """Build one event, drawing every choice from ``src``."""
        event: dict[str, Any] = self._build(Context(src, self._chooser))
        if self.pins:
            self._apply_pins(event, src)
        return event

    def _apply_pins(self, event: dict[str, Any], src: Source) -> None:
        for path, value in self.pins.items():
            if isinstance(value, st.SearchStrategy):
                value = src.draw(value, _no_strategies_in_bulk(path))
            elif isinstance(value, (dict, list)):
                value = copy.deepcopy(value)
            _set_at(event, path, value)
        if self._drawn_pins and not is_valid(event, version=self.version):
            self._raise_for_pins(event)

    def _check_plain_pins(self) -> None:
        plain = {p: v for p, v in self.pins.items() if not isinstance(v, st.SearchStrategy)}
        if not plain:
            return
        event: dict[str, Any] = self._build(Context(RandomSource.from_seed(0), self._chooser))
        for path, value in plain.items():
            _set_at(event, path, value)
        if not is_valid(event, version=self.version):  # the wording validator only if needed
            self._raise_for_pins(event, plain)

    def _raise_for_pins(
        self, event: dict[str, Any], pins: Mapping[PinPath, Any] | None = None
    ) -> None:
        for violation in validate(event, version=self.version):
            for path in pins if pins is not None else self.pins:
                pointer = pointer_of(path)
                if violation.pointer == pointer or violation.pointer.startswith(pointer + "/"):
                    raise InvalidArgument(
                        f"fixed value for {_dotted(path)!r} is not allowed by the schema: "
                        f"{violation}"
                    )


def _set_at(event: dict[str, Any], path: PinPath, value: Any) -> None:
    """Put ``value`` at ``path``, creating the objects on the way (pins force their
    ancestors present, so they usually exist already)."""
    container = event
    for step in path[:-1]:
        container = container.setdefault(step, {})
    container[path[-1]] = value


def _no_strategies_in_bulk(path: PinPath) -> Any:
    def refuse(_rng: random.Random) -> Any:
        raise InvalidArgument(
            f"fixed value for {_dotted(path)!r} is a Hypothesis strategy; the bulk "
            "generator takes plain values only (use call_events() for strategies)"
        )

    return refuse


def default_plan(version: int, realistic: bool) -> EventPlan:
    """The pin-free plan (cached: compiling costs a few milliseconds).

    The arguments are checked before the cache sees them, so an unhashable one gets
    :class:`InvalidArgument` naming it rather than ``TypeError: unhashable type``.
    """
    return plan_with(check_version(version), check_realistic(realistic))


def plan_with(
    version: int, realistic: bool, present: Iterable[Any] = (), **pins: str | int | None
) -> EventPlan:
    """The plan with ``present`` parts and plain top-level ``pins``, from the one plan cache.

    Every internal user of a fixed plan (invalid events reaching a nested place, call
    scripts writing one kind of event, the fuzzer's complete events) shares this cache, so
    a plan is compiled once per process whoever asks first. ``present`` order does not
    matter: paths are normalised before the cache sees them.
    """
    reach = tuple(sorted({parse_path(p) for p in present}))
    return _cached_plan(version, realistic, reach, tuple(sorted(pins.items())))


@lru_cache(maxsize=1024)
def _cached_plan(
    version: int,
    realistic: bool,
    present: tuple[PinPath, ...],
    pins: tuple[tuple[str, str | int | None], ...],
) -> EventPlan:
    fixed = {(name,): value for name, value in pins}
    return EventPlan(version=version, realistic=realistic, fixed=fixed, present=present)
