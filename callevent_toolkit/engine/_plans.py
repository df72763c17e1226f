"""One event plan per (schema, realistic, pins): the object both faces share.

:class:`EventPlan` ties together the compiled schema plan, the event-kind chooser and the
user's pins. The schema is a :class:`SchemaHandle`; its value providers and kind chooser
come from the handle's binding (:func:`._families.providers_for`), not from a global.
:func:`~callevent_toolkit.strategies.call_events` runs it with a
:class:`HypothesisSource`; :func:`~callevent_toolkit.generation.generate` runs
it with a seeded :class:`RandomSource`. Nothing else builds events.
"""

from __future__ import annotations

import copy
import difflib
import random
import sys
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import _checks
from ..schemas import DEFAULT_VERSION, SchemaHandle
from ..schemas.pointers import path_of, pointer_of
from ..schemas.structure import Node, structure_for
from ..validation import is_valid, validate
from ._compiler import compile_plan
from ._families import providers_for
from ._sources import RandomSource, Source

if TYPE_CHECKING:
    from hypothesis import strategies as st

__all__: list[str] = []

PinPath = tuple[str, ...]

#: Where Hypothesis defines ``SearchStrategy``: a strategy pin exists only once it is loaded.
_STRATEGIES_MODULE = "hypothesis.strategies._internal.strategies"


def _is_strategy(value: object) -> bool:
    """``value`` is a Hypothesis strategy, told without importing Hypothesis.

    The bulk generator and the command line never load Hypothesis (it costs about 0.3 s
    of start-up); a value can only be a strategy if the module defining the class is
    loaded already.
    """
    module = sys.modules.get(_STRATEGIES_MODULE)
    return module is not None and isinstance(value, module.SearchStrategy)


def parse_path(key: object) -> PinPath:
    """``"a.b"``, ``"/a/b"`` or ``("a", "b")`` -> ``("a", "b")``."""
    if isinstance(key, tuple) and key and all(isinstance(step, str) for step in key):
        return key
    if not isinstance(key, str) or not key:
        _checks.fail(
            f"a fixed path must be a dotted string ('sdk_edge.metadata.city'), a JSON pointer "
            f"('/sdk_edge/metadata/city') or a tuple of names, got {key!r}"
        )
    if key.startswith("/"):
        return path_of(key)
    return tuple(key.split("."))


def check_version(version: object) -> int:
    """``version`` if that schema is bundled, else ``InvalidSchemaVersionError``."""
    return _checks.check_version(version).version


def schema_of(version: object) -> SchemaHandle:
    """The handle itself, or the handle of a bundled ``version`` of the default family."""
    if isinstance(version, SchemaHandle):
        return version
    return _checks.check_version(version)


def check_realistic(realistic: object) -> bool:
    """``realistic`` if it is a bool, else :class:`InvalidArgument` (``"yes"`` is not)."""
    return _checks.check_bool("realistic", realistic)


def _dotted(path: PinPath) -> str:
    return ".".join(path)


def _known_paths(root: Node) -> list[str]:
    return [_dotted(n.path) for n in root.walk() if n.path]


def check_pin_paths(root: Node, pins: Mapping[PinPath, Any], schema: SchemaHandle) -> None:
    """Raise :class:`InvalidArgument` for a pin whose path is not in the schema."""
    for path in pins:
        node = root.find(path)
        if node is None or "*" in path:
            close = difflib.get_close_matches(_dotted(path), _known_paths(root), n=3)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            _checks.fail(
                f"fixed path {_dotted(path)!r} is not a position in the {schema.label} schema{hint}"
            )


def collect_pins(
    version: int | SchemaHandle, fixed: Mapping[Any, Any] | None, keywords: Mapping[str, Any]
) -> dict[PinPath, Any]:
    """Merge ``fixed={path: value}`` and top-level ``name=value`` keywords into one dict.

    Checked: an unknown path or keyword raises :class:`InvalidArgument` naming it, with
    the same words for every entry point (strategies, ``generate``, the plugin's factory).
    """
    schema = schema_of(version)
    root = structure_for(schema)
    pins: dict[PinPath, Any] = {}
    if fixed is not None:
        if not isinstance(fixed, Mapping):
            _checks.fail(f"fixed must be a mapping of path to value, got {fixed!r}")
        for key, value in fixed.items():
            pins[parse_path(key)] = value
    for name, value in keywords.items():
        if root.property(name) is None:
            _checks.fail(
                f"{name}={value!r}: {name!r} is not a top-level CallEvent property "
                f"(known: {', '.join(p.name for p in root.properties)}); "
                "pin nested fields with fixed={'a.b.c': value}"
            )
        pins[(name,)] = value
    check_pin_paths(root, pins, schema)
    return pins


def _forced(pins: Mapping[PinPath, Any]) -> set[PinPath]:
    return {path[:end] for path in pins for end in range(1, len(path) + 1)}


class EventPlan:
    """Builds events of one schema, realistic or contract-space, with pins.

    ``version`` is a bundled version of the default family or a :class:`SchemaHandle`;
    the handle's providers and kind chooser are looked up once, here.

    ``present`` lists optional positions that must appear in every event (their ancestors
    too) without fixing their values; the invalid-event mutations use it to reach nested
    objects such as ``sdk_edge.metadata.sdk.browser``.
    """

    def __init__(
        self,
        *,
        version: int | SchemaHandle = DEFAULT_VERSION,
        realistic: bool = True,
        fixed: Mapping[Any, Any] | None = None,
        present: Iterable[Any] = (),
        **keywords: Any,
    ) -> None:
        self.schema = schema_of(version)
        self.version = self.schema.version
        self.realistic = check_realistic(realistic)
        self.root = structure_for(self.schema)
        self.pins = collect_pins(self.schema, fixed, keywords)
        self.present = tuple(parse_path(p) for p in present)
        check_pin_paths(self.root, dict.fromkeys(self.present), self.schema)
        forced = _forced(self.pins) | _forced(dict.fromkeys(self.present))
        providers = providers_for(self.schema)
        chooser = (
            providers.chooser_for(self.pins, self.present)
            if realistic
            else providers.contract_chooser
        )
        self._make = compile_plan(
            self.root, providers.registry, realistic=realistic, chooser=chooser, forced=forced
        )
        self._drawn_pins = any(_is_strategy(v) for v in self.pins.values())
        # per pin, decided once: 0 plain value, 1 container (copied per event), 2 strategy
        self._pin_steps = tuple(
            (path, value, 2 if _is_strategy(value) else int(isinstance(value, (dict, list))))
            for path, value in self.pins.items()
        )
        self._check_plain_pins()

    def refuse_strategy_pins(self) -> None:
        """Raise :class:`InvalidArgument` if a pin is a strategy (bulk generation)."""
        for path, value in self.pins.items():
            if _is_strategy(value):
                _no_strategies_in_bulk(path)(random.Random(0))

    def event(self, src: Source) -> dict[str, Any]:
        """Build one event, drawing every choice from ``src``."""
        event: dict[str, Any] = self._make(src)
        if self.pins:
            self._apply_pins(event, src)
        return event

    def _apply_pins(self, event: dict[str, Any], src: Source) -> None:
        for path, value, step in self._pin_steps:
            if step == 2:
                value = src.draw(_returning(value), _no_strategies_in_bulk(path))
            elif step == 1:
                value = copy.deepcopy(value)
            _set_at(event, path, value)
        if self._drawn_pins and not is_valid(event, version=self.version):
            self._raise_for_pins(event)

    def _check_plain_pins(self) -> None:
        plain = {p: v for p, v in self.pins.items() if not _is_strategy(v)}
        if not plain:
            return
        event: dict[str, Any] = self._make(RandomSource.from_seed(0))
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
                    _checks.fail(
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


def _returning(strategy: st.SearchStrategy[Any]) -> Any:
    return lambda: strategy


def _no_strategies_in_bulk(path: PinPath) -> Any:
    def refuse(_rng: random.Random) -> Any:
        _checks.fail(
            f"fixed value for {_dotted(path)!r} is a Hypothesis strategy; the bulk "
            "generator takes plain values only (use call_events() for strategies)"
        )

    return refuse


def default_plan(version: int | SchemaHandle, realistic: bool) -> EventPlan:
    """The pin-free plan (cached: compiling costs a few milliseconds).

    The arguments are checked before the cache sees them, so an unhashable one gets
    :class:`InvalidArgument` naming it rather than ``TypeError: unhashable type``.
    """
    return plan_with(schema_of(version), check_realistic(realistic))


def plan_with(
    version: int | SchemaHandle,
    realistic: bool,
    present: Iterable[Any] = (),
    **pins: str | int | None,
) -> EventPlan:
    """The plan with ``present`` parts and plain top-level ``pins``, from the one plan cache.

    Every internal user of a fixed plan (invalid events reaching a nested place, call
    scripts writing one kind of event, the fuzzer's complete events) shares this cache, so
    a plan is compiled once per process whoever asks first. ``present`` order does not
    matter: paths are normalised before the cache sees them.
    """
    reach = tuple(sorted({parse_path(p) for p in present}))
    return _cached_plan(schema_of(version), realistic, reach, tuple(sorted(pins.items())))


@lru_cache(maxsize=1024)
def _cached_plan(
    schema: SchemaHandle,
    realistic: bool,
    present: tuple[PinPath, ...],
    pins: tuple[tuple[str, str | int | None], ...],
) -> EventPlan:
    fixed = {(name,): value for name, value in pins}
    return EventPlan(version=schema, realistic=realistic, fixed=fixed, present=present)
