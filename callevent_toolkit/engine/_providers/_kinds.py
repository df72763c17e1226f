"""The CallEvent kind chooser: what an event is and where it goes, drawn first.

Every realistic CallEvent starts with a kind (group, name, level, payload) and an edge
(the SDK, one of three gateway edges, or none for Conversation Relay), because every other
position follows from them. Pins narrow the choice (``level="ERROR"``, a pin inside
``sip_edge``), so the chooser is made per plan by :func:`chooser_for`; contract plans use
:data:`DEFAULT_CHOOSER`. This is the CallEvent family's half of its
:class:`~._providers.Providers` (the registry of values is the other half).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._sources import Source
from . import _catalogue as cat

__all__ = ["ALL_KINDS", "DEFAULT_CHOOSER", "KindChooser", "chooser_for"]

Path = tuple[str, ...]

_FAMILIES = ("sdk", "sdk", "sdk", "sdk", "sdk", "sdk", "gateway", "gateway", "gateway", "relay")
_KINDS: dict[str, tuple[cat.EventKind, ...]] = {
    "sdk": cat.SDK_EVENTS,
    "gateway": cat.GATEWAY_EVENTS,
    "relay": cat.RELAY_EVENTS,
}
ALL_KINDS: tuple[cat.EventKind, ...] = cat.SDK_EVENTS + cat.GATEWAY_EVENTS + cat.RELAY_EVENTS


class KindChooser:
    """Draws the event kind, optionally restricted by pins (``level="ERROR"`` and so on)."""

    __slots__ = ("edges", "families", "kinds")

    def __init__(
        self, allowed: Sequence[cat.EventKind] = ALL_KINDS, edges: Sequence[str] = cat.GATEWAY_EDGES
    ) -> None:
        self.kinds = {f: tuple(k for k in allowed if k.family == f) for f in _KINDS}
        self.families = tuple(f for f in _FAMILIES if self.kinds[f]) or ("sdk",)
        self.edges = tuple(edges) or cat.GATEWAY_EDGES

    def choose(self, src: Source) -> tuple[cat.EventKind, str]:
        family = src.pick(self.families)
        kind = src.pick(self.kinds[family])
        if family == "sdk":
            return kind, cat.SDK_EDGE
        if family == "gateway":
            return kind, src.pick(self.edges)
        return kind, cat.NO_EDGE


DEFAULT_CHOOSER = KindChooser()


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

    def by_object(self, path: Path, value: Any) -> None:
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


def chooser_for(pins: Mapping[Path, Any], present: Iterable[Path] = ()) -> KindChooser:
    """Restrict the realistic event kinds to those that agree with the pins.

    ``present`` paths count like pins on their top-level object (an event that must
    contain ``sdk_edge.feedback`` is an SDK event). Pins that contradict every real kind
    are honoured over realism: the chooser then offers every kind.
    """
    allowed = _Allowed()
    for path in present:
        allowed.by_object(path, True)
    for path, value in pins.items():
        allowed.by_object(path, value)
        if len(path) == 1 and isinstance(value, str):
            allowed.by_value(path[0], value)
    matching = [k for k in allowed.kinds if k.family in allowed.families]
    if not matching:
        return KindChooser()
    return KindChooser(matching, allowed.edges)
