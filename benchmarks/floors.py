"""Same-shape floors: the cheapest plain code that fills the toolkit's event shapes.

``generate`` is judged against these, as a ratio measured in the same run: how close the
schema-driven, provider-based generator comes to code written by hand for one schema.

* :func:`realistic_floor` is straight-line code that fills the realistic shapes (the same
  event families in the same shares, the same objects and keys, the same payloads per
  kind, values picked from small tables) from one ``random.Random``, with none of the
  toolkit's coherence rules, dispatch or per-position closures.
* :func:`contract_floor` is Python source generated from the schema walk: one unrolled
  function per object, each optional property on a coin, each leaf one index draw that
  takes an edge value or a random value of the leaf's type, maps and arrays of 0-3/0-4
  entries. Code generation is the floor here because hand-writing 300 optional positions
  is what nobody would do.

Both floors reseed their ``random.Random`` once per event with a 128-bit seed, as
``generate`` did to make event *k* depend on ``(seed, k)`` alone until it seeded once per
block of 16 events (2026-12-06); ``reseed=False`` measures them without it
(``--no-reseed-floor`` in ``bench_generate.py``), the floor ``generate`` is judged by.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from callevent_toolkit.schemas.structure import Node, structure

__all__ = ["contract_floor", "realistic_floor"]

_KIND_TABLE: tuple[tuple[str, str, str, str, str], ...] = ()


def _kinds() -> tuple[tuple[str, str, str, str, str], ...]:
    """(family, group, name, level, payload) rows: the same kinds as the toolkit's."""
    global _KIND_TABLE
    if not _KIND_TABLE:
        from callevent_toolkit.engine._providers import _catalogue as cat

        _KIND_TABLE = tuple(
            (k.family, k.group, k.name, k.level, k.payload)
            for k in (*cat.SDK_EVENTS, *cat.GATEWAY_EVENTS, *cat.RELAY_EVENTS)
        )
    return _KIND_TABLE


_CITIES = (
    ("Ashburn", "Virginia", "US", 39.0438, -77.4874),
    ("Paris", "Île-de-France", "FR", 48.8566, 2.3522),
)
_NAMES = ("MyVoiceApp", "anna69", "jkato", "mooresusan")
_REGIONS = (("ashburn", "us1"), ("dublin", "ie1"), ("tokyo", "jp1"))
_BROWSERS = (("Chrome", "Blink"), ("Firefox", "Gecko"), ("Safari", "WebKit"))
_OSES = ("Windows", "Mac OS", "Linux")
_GATEWAYS = ("carrier_edge", "sip_edge", "client_edge")


def _timestamp(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    t = time.gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.{millis:03d}Z"
    )


def _sdk_metadata(rng: random.Random, r: Callable[[], float]) -> dict[str, Any]:
    city, subdivision, country, lat, lon = _CITIES[int(r() * 2)]
    edge_location, region = _REGIONS[int(r() * 3)]
    metadata: dict[str, Any] = {
        "city": city,
        "client_name": _NAMES[int(r() * 4)],
        "country_code": country,
        "country_subdivision": subdivision,
        "ip_address": f"192.0.2.{int(r() * 254) + 1}",
    }
    if r() < 0.9:
        metadata["location"] = {"lat": lat, "lon": lon}
    sdk: dict[str, Any] = {}
    if r() < 0.6:
        name, engine = _BROWSERS[int(r() * 3)]
        major = 120 + int(r() * 20)
        sdk["browser"] = {
            "major": str(major),
            "name": name,
            "version": f"{major}.0.{int(r() * 99)}",
        }
        sdk["edge_location"] = edge_location
        sdk["engine"] = {"name": engine, "version": f"{major}.0"}
        sdk["os"] = {"name": _OSES[int(r() * 3)], "version": "10"}
        sdk["platform"] = "WebRTC"
    else:
        sdk["device"] = {"arch": "arm64", "model": "Pixel 8", "type": "Pixel 8", "vendor": "Google"}
        sdk["edge_location"] = edge_location
        sdk["os"] = {"name": "Android", "version": str(12 + int(r() * 4))}
        sdk["platform"] = "android"
    sdk["region"] = region
    sdk["selected_region"] = "gll" if r() < 0.6 else region
    sdk["type"] = "twilio-js-sdk"
    sdk["version"] = f"2.{int(r() * 18)}.{int(r() * 4)}"
    metadata["sdk"] = sdk
    return metadata


def _sdk_edge(rng: random.Random, r: Callable[[], float], payload: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if payload == "error":
        code = 31000 + int(r() * 9)
        body["error"] = {"code": code, "message": f"ConnectionError ({code}): A connection error"}
    elif payload == "feedback":
        body["feedback"] = {"reason": "echo", "score": 1 + int(r() * 5)}
    elif payload == "ice_candidate_pair":
        protocol = ("udp", "tcp")[int(r() * 2)]
        body["ice_candidate_pair"] = {
            "local": {"protocol": protocol, "type": ("host", "srflx")[int(r() * 2)]},
            "remote": {"protocol": protocol, "type": "host"},
        }
    body["metadata"] = _sdk_metadata(rng, r)
    if payload == "metric":
        count = 3 + int(r() * 3)
        body["metric"] = {
            "threshold": 400,
            "values": [round(401 + 1000 * r(), 2) for _ in range(count)],
        }
    return body


def _relay(r: Callable[[], float], rng: random.Random, name: str, payload: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": name,
        "sequence_number": 1 + int(r() * 400),
        "session_id": f"VX{rng.getrandbits(128):032x}",
    }
    if payload in ("stt_latency", "tts_latency"):
        data[payload] = {"latency_ms": 60 + int(r() * 1000)}
    elif payload == "last_token_received":
        tokens = 4 + int(r() * 900)
        data[payload] = {"total_tokens": tokens, "total_words": max(1, tokens * 3 // 4)}
    elif payload == "error":
        data[payload] = {"error_code": 64105, "message": "WebSocket ended"}
    elif payload:
        data[payload] = {"type": "SPEECH"} if payload == "interrupt" else {"end_status": "ended"}
    return data


_ANCHOR_MS = 1_793_491_200_000
_WINDOW_MS = 30 * 24 * 3600 * 1000
_FAMILIES = ("sdk",) * 6 + ("gateway",) * 3 + ("relay",)


def _realistic_event(rng: random.Random, kinds: dict[str, list[tuple[str, ...]]]) -> dict[str, Any]:
    r = rng.random
    family = _FAMILIES[int(r() * 10)]
    rows = kinds[family]
    _family, group, name, level, payload = rows[int(r() * len(rows))]
    event: dict[str, Any] = {
        "account_sid": f"AC{rng.getrandbits(128):032x}",
        "call_sid": f"CA{rng.getrandbits(128):032x}",
    }
    if family == "relay":
        event["conversation_relay_data"] = _relay(r, rng, name, payload)
        event["edge"] = "unknown_edge"
    elif family == "gateway":
        edge = _GATEWAYS[int(r() * 3)]
        location, region = _REGIONS[int(r() * 3)]
        event[edge] = {
            "metadata": {
                "edge_location": location,
                "external_ip": f"198.51.100.{int(r() * 254) + 1}",
                "region": region,
                "twilio_ip": f"168.86.{128 + int(r() * 64)}.{int(r() * 254) + 1}",
            }
        }
        event["edge"] = edge
    else:
        event["edge"] = "sdk_edge"
    event["group"] = group
    event["level"] = level
    event["name"] = name
    if family == "sdk":
        event["sdk_edge"] = _sdk_edge(rng, r, payload)
    event["timestamp"] = _timestamp(_ANCHOR_MS - _WINDOW_MS + int(r() * _WINDOW_MS))
    return event


def _seeds(seed: int, count: int) -> Iterator[int]:
    zigzag = seed * 2 if seed >= 0 else -seed * 2 - 1
    for index in range(count):
        yield (zigzag << 64) | index


def realistic_floor(count: int, seed: int = 1, *, reseed: bool = True) -> Iterator[dict[str, Any]]:
    """``count`` events of the realistic shapes, from straight-line code."""
    kinds: dict[str, list[tuple[str, ...]]] = {"sdk": [], "gateway": [], "relay": []}
    for row in _kinds():
        kinds[row[0]].append(row)
    rng = random.Random(seed)
    for event_seed in _seeds(seed, count):
        if reseed:
            rng.seed(event_seed)
        yield _realistic_event(rng, kinds)


# ---------------------------------------------------------------------------------------
# contract floor: generated straight-line code


_EDGE_STRINGS = ("", " ", "null", "0", "NaN", "true", "ü", "東京", "😀", "a\x00b", "x" * 256)
_EDGE_INTS = (0, -1, 1, 2**31 - 1, -(2**31), 2**53 + 1, 2**63 - 1, -(2**63))
_EDGE_NUMBERS = (0, 0.0, -0.0, 1.5, -1.5, 0.1, 1e-7, 1e308)
_EDGE_TIMES = ("1970-01-01T00:00:00Z", "2026-11-01T00:00:00.5+14:00", "0001-01-01T00:00:00Z")
_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:/@äöü東京😀"
_KEYS = ("", "a", "en-US", "ü", "a.b", "$ref", "東京")


def _any_string(rng: random.Random) -> str:
    return "".join(rng.choices(_ALPHABET, k=rng.randint(1, 16)))


def _any_time(rng: random.Random) -> str:
    return (
        f"{rng.randint(1, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T"
        f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
    )


class _Emitter:
    """Writes one Python function per object node of the schema walk."""

    def __init__(self) -> None:
        self.functions: list[str] = []
        self.constants: dict[str, Any] = {}

    def constant(self, value: Any) -> str:
        name = f"c{len(self.constants)}"
        self.constants[name] = value
        return name

    def leaf(self, node: Node) -> str:
        if node.kind == "object":
            return f"{self.obj(node)}(rng, r)"
        if node.enum is not None:
            return f"{self.constant(node.enum)}[int(r() * {len(node.enum)})]"
        if node.kind == "boolean":
            return "r() < 0.5"
        if node.kind == "array" and node.items is not None:
            return f"[{self.leaf(node.items)} for _ in range(rng.randint(0, 4))]"
        if node.kind == "map" and node.items is not None:
            keys = self.constant(_KEYS)
            item = self.leaf(node.items)
            key = f"{keys}[int(r() * 7)] + str(rng.randint(0, 999))"
            return f"{{{key}: {item} for _ in range(rng.randint(0, 3))}}"
        edges, general = self._scalar(node)
        table = self.constant(edges)
        return f"({table}[i] if (i := int(r() * {len(edges) * 2})) < {len(edges)} else {general})"

    def _scalar(self, node: Node) -> tuple[tuple[Any, ...], str]:
        lo = -(2**40) if node.minimum is None else int(node.minimum)
        hi = 2**40 if node.maximum is None else int(node.maximum)
        if node.kind == "string" and node.format == "date-time":
            return _EDGE_TIMES, f"{self.constant(_any_time)}(rng)"
        if node.kind == "string":
            return _EDGE_STRINGS, f"{self.constant(_any_string)}(rng)"
        if node.kind == "integer":
            edges = tuple(v for v in _EDGE_INTS if lo <= v <= hi) or (lo,)
            return edges, f"rng.randint({lo}, {hi})"
        edges = tuple(v for v in _EDGE_NUMBERS if lo <= v <= hi) or (lo,)
        return edges, f"round(rng.uniform({lo}, {hi}), rng.randint(0, 6))"

    def obj(self, node: Node) -> str:
        name = f"o{len(self.functions)}"
        self.functions.append("")
        lines = [f"def {name}(rng, r):", "    o = {}"]
        for prop in node.properties:
            store = f"o[{prop.name!r}] = {self.leaf(prop.node)}"
            lines.append(f"    {store}" if prop.required else f"    if r() < 0.5:\n        {store}")
        lines.append("    return o")
        self.functions[int(name[1:])] = "\n".join(lines)
        return name


def _contract_event_function() -> Callable[[random.Random], dict[str, Any]]:
    emitter = _Emitter()
    root = emitter.obj(structure(3))
    namespace: dict[str, Any] = dict(emitter.constants)
    exec("\n\n".join(emitter.functions), namespace)
    top = namespace[root]
    return lambda rng: top(rng, rng.random)  # type: ignore[no-any-return]


def contract_floor(count: int, seed: int = 1, *, reseed: bool = True) -> Iterator[dict[str, Any]]:
    """``count`` events of the contract shapes, from generated straight-line code."""
    make = _contract_event_function()
    rng = random.Random(seed)
    for event_seed in _seeds(seed, count):
        if reseed:
            rng.seed(event_seed)
        yield make(rng)
