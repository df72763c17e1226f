"""The pen a call script writes with: turns "this happens now" into full CallEvents.

Each step runs the same :class:`~callevent_toolkit.engine.EventPlan` as
:func:`~callevent_toolkit.strategies.call_events`, then stamps the facts a call shares:
``call_sid``, ``account_sid``, a clock that never goes backwards, one ``metadata`` object
per edge (the caller does not move between events), and the Conversation Relay
``session_id`` / ``sequence_number``.

Plans are cached per (version, realistic, kind, edge): building an ``EventPlan`` checks
its pins against the schema, which is far too slow to do per event.

When each event's contents come from a source of their own (the strategies' ``contents``),
nothing ties later draws to the values the writer overwrites, so realistic events are
built by a *lean* plan that does not draw them: no ``call_sid``, ``account_sid`` or
``timestamp`` (stamped by the writer), no kind draw and no pins (the kind is known), and
no ``metadata`` on an edge whose first event already drew it (a copy of that one goes in
its place). The bulk generator's one source keeps the full plan, so its bytes do not move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, cast

import orjson

from ...schemas.structure import structure_for
from .._compiler import compile_plan
from .._families import providers_for
from .._plans import EventPlan, plan_with, schema_of
from .._providers import Context, Presence, Registry, always, inline, never
from .._providers import _catalogue as cat
from .._providers._callevent import ANCHOR_MS, WINDOW_MS, edge_object, rfc3339_ms, sid
from .._providers._kinds import ALL_KINDS
from .._sources import Source, pick

__all__: list[str] = []

Event = dict[str, Any]

_KINDS: dict[tuple[str, str], cat.EventKind] = {(k.group, k.name): k for k in ALL_KINDS}
#: UTC offsets (minutes) contract-space timelines write their timestamps in, drawn per
#: event: the instant is the call's clock, only the rendering differs, so a consumer that
#: orders a call's events by comparing timestamp strings gets them out of order.
_CONTRACT_OFFSETS = (0, 330, -480, 840, -720, 60)
#: Digits of the fraction, drawn per event: ``.123``, ``.123000``, ``.123000000`` are the
#: same instant; RFC 3339 allows any number of digits.
_CONTRACT_DIGITS = (3, 6, 9)


def kind_of(group: str, name: str) -> cat.EventKind:
    """The catalogue entry for ``group``/``name`` (a typo in a script fails loudly)."""
    return _KINDS[(group, name)]


@lru_cache(maxsize=512)
def _plan(version: int, realistic: bool, kind: cat.EventKind, edge: str) -> EventPlan:
    """The plan for one kind of event on one edge (from the engine's one plan cache).

    Cached here too: every event of a timeline asks, and normalising the arguments for
    the engine's cache cost about a tenth of a timeline's own (non-Hypothesis) time.
    """
    target = edge_object(kind, edge)
    present = [target] if target else []
    if kind.family == "relay" and kind.payload:
        present.append(f"conversation_relay_data.{kind.payload}")
    return plan_with(
        version,
        realistic,
        present,
        edge=edge,
        group=kind.group,
        name=kind.name,
        level=kind.level,
    )


#: The value of a position the writer overwrites: not drawn, an empty string written
#: into the builder (an inline provider makes no call).
_BLANK = inline("''")


#: Positions the writer stamps: every event's, and a relay event's session and counter.
_STAMPED = (
    ("call_sid",),
    ("account_sid",),
    ("timestamp",),
    ("conversation_relay_data", "session_id"),
    ("conversation_relay_data", "sequence_number"),
)


class _Known:
    """The kind chooser of a lean plan: the kind and edge are the script's, nothing drawn."""

    __slots__ = ("kind_edge",)

    def __init__(self, kind: cat.EventKind, edge: str) -> None:
        self.kind_edge = (kind, edge)

    def choose(self, src: Source) -> tuple[cat.EventKind, str]:
        return self.kind_edge


Build = Callable[[Source], Event]


class _LeanKind:
    """The lean plans of one kind of event on one edge: for its edge's first event (which
    draws the call's metadata) and for the others (which get a copy of it)."""

    __slots__ = ("before", "first", "later", "target")

    def __init__(self, version: int, kind: cat.EventKind, edge: str) -> None:
        self.target = edge_object(kind, edge)
        self.first = _lean_plan(version, kind, edge, shared=False)
        self.later = _lean_plan(version, kind, edge, shared=True) if self.target else self.first
        #: Where the shared metadata goes back in (:func:`_insert_metadata`).
        self.before = _before_metadata(version, self.target) if self.target else None


#: (version, group, name, edge) -> its lean plans; a dict, not ``lru_cache``: the lookup is
#: per event, and hashing the ``EventKind`` dataclass cost more than the rest of it.
_LEAN_KINDS: dict[tuple[int, str, str, str], _LeanKind] = {}


def _lean_kind(version: int, group: str, name: str, edge: str) -> _LeanKind:
    key = (version, group, name, edge)
    found = _LEAN_KINDS.get(key)
    if found is None:
        found = _LEAN_KINDS[key] = _LeanKind(version, kind_of(group, name), edge)
    return found


def _lean_plan(version: int, kind: cat.EventKind, edge: str, *, shared: bool) -> Build:
    """A realistic event of ``kind`` on ``edge`` without the values the writer stamps.

    Compiled like the plan :func:`_plan` gets from :func:`plan_with` (same schema walk,
    same providers, the same parts present), except that the stamped positions are
    blanks, the kind is not drawn (so no ``edge``/``group``/``name``/``level`` pins are
    needed: their providers read the kind), and with ``shared`` the edge object has no
    ``metadata`` (the writer inserts the call's). About a third of a timeline event's own
    work was drawing values that were then overwritten.
    """
    schema = schema_of(version)
    base = providers_for(schema).registry
    registry = Registry()
    registry.values.update(base.values)
    registry.values.update(dict.fromkeys(_STAMPED, _BLANK))
    registry.presence.update(
        {path: _known_presence(rule, kind, edge) for path, rule in base.presence.items()}
    )
    registry.map_keys.update(base.map_keys)
    target = edge_object(kind, edge)
    present: list[tuple[str, ...]] = [(target,)] if target else []
    if kind.family == "relay" and kind.payload:
        present.append(("conversation_relay_data", kind.payload))
    if shared and target:
        registry.presence[(target, "metadata")] = never  # the writer puts it in
    return compile_plan(
        structure_for(schema), registry, realistic=True, chooser=_Known(kind, edge),
        forced=present,
    )  # fmt: skip


class _NotKnownError(Exception):
    """A presence rule read more than the kind and the edge: it stays a rule."""


class _KindAndEdge:
    """What a lean plan knows before it draws: the kind and the edge, nothing else."""

    __slots__ = ("edge", "kind")

    def __init__(self, kind: cat.EventKind, edge: str) -> None:
        self.kind = kind
        self.edge = edge

    def __getattr__(self, name: str) -> Any:  # the source, a map key: not known yet
        raise _NotKnownError(name)

    def __getitem__(self, fact: Any) -> Any:  # a fact: drawn, so not known yet
        raise _NotKnownError(fact)


def _known_presence(rule: Presence, kind: cat.EventKind, edge: str) -> Presence:
    """``rule`` decided for ``kind`` on ``edge`` where it reads nothing else.

    Most presence rules ask only which edge object or payload the event has, which a lean
    plan knows when it is compiled: deciding them then leaves the other edges' objects
    and payloads out of its builder (a dozen tests an event less) and draws nothing more
    or less. Rules that draw (a location 90 % of the time) or read a fact stay rules.
    """
    if rule is always:
        return rule
    try:
        present = rule(cast("Context[Any]", _KindAndEdge(kind, edge)))
    except _NotKnownError:
        return rule
    return always if present else never


@lru_cache(maxsize=16)
def _before_metadata(version: int, target: str) -> frozenset[str] | None:
    """The properties of edge object ``target`` that come before ``metadata`` in schema
    order, or ``None`` if it is the last one (then appending keeps the order)."""
    node = structure_for(schema_of(version)).property(target)
    names = [p.name for p in node.node.properties] if node is not None else []
    if "metadata" not in names or names[-1] == "metadata":
        return None
    return frozenset(names[: names.index("metadata")])


def _insert_metadata(
    edge_data: dict[str, Any], metadata: Any, before: frozenset[str] | None
) -> None:
    """Put ``metadata`` into ``edge_data`` where the schema order puts it (the lean plan
    left it out; an SDK event's ``metric`` comes after it): after the properties in
    ``before`` (:func:`_before_metadata`), or last where ``before`` is ``None``."""
    if before is None:
        edge_data["metadata"] = metadata
        return
    tail = {key: edge_data.pop(key) for key in [k for k in edge_data if k not in before]}
    edge_data["metadata"] = metadata
    edge_data.update(tail)


class RelaySession:
    """One Conversation Relay WebSocket connection: its id, counter and start time."""

    __slots__ = ("sequence", "session_id", "started_ms")

    def __init__(self, session_id: str, started_ms: int) -> None:
        self.session_id = session_id
        self.sequence = 0
        self.started_ms = started_ms


class CallWriter:
    """Writes the events of one call: shared ids, a monotonic clock, shared metadata."""

    def __init__(
        self,
        src: Source,
        *,
        version: int,
        realistic: bool,
        contents: Callable[[], Source] | None = None,
        start_ms: int | None = None,
        account_sid: str | None = None,
    ) -> None:
        self.src = src
        self._contents = contents or (lambda: src)
        self.version = version
        self.realistic = realistic
        #: Realistic events with their own contents source are built lean (module doc).
        self._lean = contents is not None and realistic
        self.events: list[Event] = []
        #: The instant (epoch ms) of each event, for merging calls into a stream.
        self.instants: list[int] = []
        # A stream call gets its account and start from the stream, but still draws its
        # own: the rest of the call is then exactly the timeline of the same source.
        self.call_sid = sid("CA", src)
        drawn_account = sid("AC", src)
        self.account_sid = drawn_account if account_sid is None else account_sid
        drawn_start = ANCHOR_MS - WINDOW_MS + src.integer(0, WINDOW_MS)
        self.now_ms = drawn_start if start_ms is None else start_ms
        self._metadata: dict[str, Any] = {}
        #: The first metadata of each edge as JSON, for fast copies (realistic only).
        self._metadata_json: dict[str, bytes] = {}

    # -- time ----------------------------------------------------------------------------

    def wait(self, lo_ms: int, hi_ms: int) -> None:
        """Let ``lo_ms``..``hi_ms`` milliseconds pass (shrinks to ``lo_ms``)."""
        self.now_ms += self.src.integer(lo_ms, hi_ms)

    def _timestamp(self) -> str:
        """The clock as RFC 3339: realistic ``...ss.fffZ``; in contract space each event
        draws its own offset and fraction length (shrinking to ``+00:00`` and ``.fff``)."""
        if self.realistic:
            return rfc3339_ms(self.now_ms)
        offset = pick(self.src, _CONTRACT_OFFSETS)
        digits = pick(self.src, _CONTRACT_DIGITS)
        seconds, millis = divmod(self.now_ms, 1000)
        zone = timezone(timedelta(minutes=offset))
        moment = datetime.fromtimestamp(seconds, tz=zone)
        text = moment.isoformat(timespec="seconds")
        fraction = f".{millis:03d}".ljust(digits + 1, "0")
        return f"{text[:19]}{fraction}{text[19:]}"

    # -- events --------------------------------------------------------------------------

    def emit(self, group: str, name: str, edge: str) -> Event:
        """Build, stamp and append one event of ``group``/``name`` on ``edge``."""
        if self._lean:
            return self._emit_lean(_lean_kind(self.version, group, name, edge))
        kind = kind_of(group, name)
        event = _plan(self.version, self.realistic, kind, edge).event(self._contents())
        event["call_sid"] = self.call_sid
        event["account_sid"] = self.account_sid
        event["timestamp"] = self._timestamp()
        if self.realistic:
            self._share_metadata(edge_object(kind, edge), event)
        self.events.append(event)
        self.instants.append(self.now_ms)
        return event

    def _emit_lean(self, lean: _LeanKind) -> Event:
        """:meth:`emit` with the lean plan: the stamped values and a shared metadata are
        not drawn (the same event, field for field and in the same key order)."""
        target = lean.target
        shared = self._metadata_json.get(target) if target else None
        build = lean.first if shared is None else lean.later
        event = build(self._contents())
        event["call_sid"] = self.call_sid
        event["account_sid"] = self.account_sid
        event["timestamp"] = rfc3339_ms(self.now_ms)
        if shared is not None and target is not None:
            _insert_metadata(event[target], orjson.loads(shared), lean.before)
        else:
            self._share_metadata(target, event)
        self.events.append(event)
        self.instants.append(self.now_ms)
        return event

    def gateway(self, edges: tuple[str, ...], name: str) -> None:
        """A call-progress event on every gateway edge of the call, a few ms apart."""
        for position, edge in enumerate(edges):
            if position:
                self.wait(0, 40)
            self.emit("call", name, edge)

    def sdk(self, group: str, name: str) -> Event:
        """A Voice SDK event (``sdk_edge``)."""
        return self.emit(group, name, cat.SDK_EDGE)

    def new_session(self) -> RelaySession:
        """Open a Conversation Relay connection (a reconnect gets a new ``session_id``)."""
        return RelaySession(sid("VX", self.src), self.now_ms)

    def relay(self, session: RelaySession, name: str) -> dict[str, Any]:
        """A Conversation Relay event of ``session``; returns its ``conversation_relay_data``."""
        event = self.emit("conversation_relay", name, cat.NO_EDGE)
        session.sequence += 1
        data: dict[str, Any] = event["conversation_relay_data"]
        data["name"] = name
        data["session_id"] = session.session_id
        data["sequence_number"] = session.sequence
        return data

    def _share_metadata(self, target: str | None, event: Event) -> None:
        """Give every event of an edge the metadata its first event drew: the caller's
        place, SDK and browser, and the media gateway, do not change during a call."""
        edge_data = event.get(target) if target else None
        if target is None or not isinstance(edge_data, dict) or "metadata" not in edge_data:
            return
        first = self._metadata_json.get(target)
        if first is None:
            self._metadata[target] = edge_data["metadata"]
            self._metadata_json[target] = orjson.dumps(edge_data["metadata"])
        else:
            edge_data["metadata"] = orjson.loads(first)

    def finish(self) -> list[Event]:
        """The events, with the client gateway placed at the edge the SDK connected to and
        seeing the SDK's address: the gateway's ``external_ip`` *is* the client's public
        address, so the two agree in every SDK call."""
        client = self._metadata.get(cat.SDK_EDGE, {})
        shared = {
            key: client["sdk"][key]
            for key in ("edge_location", "region")
            if key in client.get("sdk", {})
        }
        if len(shared) < 2:
            shared = {}
        if isinstance(client.get("ip_address"), str):
            shared["external_ip"] = client["ip_address"]
        if shared:
            for event in self.events:
                metadata = event.get("client_edge", {}).get("metadata")
                if metadata is not None:
                    metadata.update(shared)
        return self.events


def copy_json(value: Any) -> Any:
    """A deep copy of plain JSON data (dicts, lists, scalars); faster than ``deepcopy``."""
    if isinstance(value, dict):
        return {k: copy_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) for v in value]
    return value
