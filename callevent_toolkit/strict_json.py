"""Strict JSON in and out, in one place, with limits that make hostile input harmless.

Why one module: every reader and writer of the toolkit (the NDJSON reader and writer,
:func:`~callevent_toolkit.envelopes.unwrap`, the validators) must refuse the same things
the same way, and the fast path (orjson) and the exact path (:mod:`json`) must never
disagree on what a document means.

* :func:`dumps` writes compact UTF-8 JSON with orjson (about ten times faster than
  :func:`json.dumps`), falls back to :mod:`json` for integers past 64 bits (which orjson
  refuses and contract-space events may hold), and refuses ``NaN``/``Infinity`` and lone
  surrogates with :class:`UnwritableValueError` instead of writing something else.
* :func:`loads` reads one document and raises :class:`StrictJSONError` (a ``ValueError``
  whose ``kind`` says what is wrong) for anything that is not strict JSON or passes a
  limit: ``NaN``/``Infinity``, numbers too large for a double, integers with more digits
  than Python converts (4,300 by default), nesting deeper than :data:`MAX_DEPTH`, and
  duplicate keys (orjson and :mod:`json` silently keep the last value; a contract tool
  must say so). Integers past 64 bits come back exact (orjson would round them to floats).
* :func:`limit_problems` finds, without recursion, what no JSON document can carry in a
  Python value: cycles, nesting past :data:`MAX_DEPTH`, unconvertible integers, NaN.

Duplicate keys are found cheaply: orjson's own rewrite of the parsed value is compared
with the input; only when they differ are key tokens counted (see
:func:`may_repeat_keys`), and only when the count does not rule duplicates out is the
line re-read with an ``object_pairs_hook``.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import orjson

from .errors import UnwritableValueError

__all__ = [
    "MAX_DEPTH",
    "MAX_ITEMS",
    "LimitKind",
    "LimitProblem",
    "StrictJSONError",
    "StrictJSONErrorKind",
    "UnwritableValueError",
    "dumps",
    "dumps_text",
    "int_too_large",
    "limit_problems",
    "loads",
    "may_repeat_keys",
    "needs_exact_reading",
]

#: Deepest nesting accepted (the top-level object or array is level 1). A CallEvent is
#: five levels deep; 100 is far above any real event and far below the recursion limits
#: of :mod:`json` and jsonschema (about 1,000 frames) and orjson's 1,024 levels.
MAX_DEPTH = 100

#: Most values (counted as commas and opening brackets, an upper bound) in one document.
#: A CallEvent has a few dozen; the bound keeps the parsed form of a long line small (a
#: 16 MiB line of ``[{},{},...`` would otherwise become 5 million dicts, 350 MB).
MAX_ITEMS = 100_000
_TOO_MANY_ITEMS = f"more than {MAX_ITEMS:,} values (counting commas and brackets)"

StrictJSONErrorKind = Literal[
    "not-utf8", "not-json", "non-finite-number", "too-deep", "too-large", "duplicate-key"
]
LimitKind = Literal["too-deep", "cyclic", "too-large", "non-finite-number"]

#: orjson reads integers past 64 bits as floats; documents with a run of 20 digits are
#: re-read with :mod:`json`, which keeps them exact. Mapping every digit to "0" and
#: searching for twenty zeros is ten times faster than the regular expression [0-9]{20}.
_DIGITS_AS_ZEROS = bytes.maketrans(b"123456789", b"000000000")
_LONG_DIGIT_RUN = b"0" * 20
_WHITESPACE = b" \t\r\n"
_KEY_END = b'":'


class StrictJSONError(ValueError):
    """A document :func:`loads` refuses: ``kind`` names the rule, ``reason`` says why.

    ``pointers`` lists the places concerned when there are any (each repeated key of a
    ``duplicate-key`` error, as RFC 6901 pointers such as ``/sdk_edge/metadata/city``).
    """

    def __init__(
        self, kind: StrictJSONErrorKind, reason: str, pointers: tuple[str, ...] = ()
    ) -> None:
        super().__init__(reason)
        self.kind: StrictJSONErrorKind = kind
        self.reason = reason
        self.pointers = pointers


@dataclass(frozen=True, slots=True)
class LimitProblem:
    """Something in a Python value that no strict JSON document can carry, and where."""

    pointer: str
    kind: LimitKind
    message: str
    value: Any = None


# --------------------------------------------------------------------------- writing


def dumps(value: Any, *, newline: bool = False) -> bytes:
    """``value`` as compact, strict UTF-8 JSON (with a final newline if ``newline``).

    orjson writes ``NaN`` and ``Infinity`` as ``null``, silently; since only ``null``
    can hide them, the (rare) outputs containing ``null`` are checked and non-finite floats
    raise :class:`UnwritableValueError` instead of being turned into something else.
    """
    try:
        data = orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE if newline else None)
    except orjson.JSONEncodeError as exc:
        if "surrogates" in str(exc):
            raise UnwritableValueError(f"value has no UTF-8 form: {exc}") from exc
        text = dumps_text(value).encode("utf-8")
        return text + b"\n" if newline else text
    if b"null" in data and limit_problems(value, max_depth=sys.maxsize, only_non_finite=True):
        raise UnwritableValueError("NaN and Infinity have no strict JSON form")
    return data


def dumps_text(value: Any) -> str:
    """``value`` as compact strict JSON text, by :func:`json.dumps` (exact for any int)."""
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        text.encode("utf-8")
    except (ValueError, TypeError) as exc:  # UnicodeEncodeError is a ValueError
        raise UnwritableValueError(f"value has no strict JSON form: {exc}") from exc
    except RecursionError:
        raise UnwritableValueError("value is nested too deeply (or holds itself)") from None
    return text


# --------------------------------------------------------------------------- reading


def loads(data: bytes | str, *, allow_duplicate_keys: bool = False) -> Any:
    """One strict JSON document; :class:`StrictJSONError` says what is wrong otherwise.

    ``allow_duplicate_keys`` accepts a repeated key, the last value winning (as orjson
    and :mod:`json` read it), for data known to come from such a writer.
    """
    raw = _as_bytes(data)
    brackets = raw.count(b"[") + raw.count(b"{")
    if brackets + raw.count(b",") > MAX_ITEMS:
        raise StrictJSONError("too-large", _TOO_MANY_ITEMS)
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        value = _slow_loads(raw, exc)
    else:
        if needs_exact_reading(raw):
            value = _exact(raw)
    if brackets > MAX_DEPTH:  # a cheap upper bound on the depth
        _check_depth(value)
    if not allow_duplicate_keys and isinstance(value, dict | list) and may_repeat_keys(raw, value):
        _refuse_duplicates(raw)
    return value


def _as_bytes(data: bytes | str) -> bytes:
    if isinstance(data, str):
        try:
            return data.encode("utf-8")
        except UnicodeEncodeError as exc:
            reason = f"text holds a lone surrogate (character {exc.start + 1})"
            raise StrictJSONError("not-utf8", reason) from None
    return data


def _exact(raw: bytes) -> Any:
    """The document read with :mod:`json` (exact integers), within the same limits."""
    try:
        value = json.loads(raw, parse_int=_checked_int)
    except RecursionError:
        raise _too_deep() from None
    except _TooLargeError as exc:
        raise StrictJSONError("too-large", str(exc)) from None
    return value


def _check_depth(value: Any) -> None:
    for problem in limit_problems(value):
        if problem.kind == "too-deep":
            raise _too_deep()


def _too_deep() -> StrictJSONError:
    return StrictJSONError("too-deep", f"nested deeper than {MAX_DEPTH} levels")


class _TooLargeError(ValueError):
    pass


class _NonFiniteError(ValueError):
    pass


def _checked_int(text: str) -> int:
    limit = sys.get_int_max_str_digits()
    if limit and len(text.lstrip("-")) > limit:
        digits = len(text.lstrip("-"))
        raise _TooLargeError(f"an integer of {digits:,} digits (Python reads at most {limit:,})")
    return int(text)


def _refuse_constant(name: str) -> Any:
    raise _NonFiniteError(f"{name} is not JSON (strict JSON has no NaN or Infinity)")


def _refuse_huge_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _NonFiniteError(f"{text[:40]} is too large for a double")
    return number


def _slow_loads(raw: bytes, error: orjson.JSONDecodeError) -> Any:
    """A document orjson refused, read by :mod:`json`: either it is strict JSON orjson
    cannot hold (an integer past a double's range) or the error is named here, with
    :mod:`json`'s clearer message (and a too-large integer or ``NaN`` told apart)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StrictJSONError("not-utf8", f"not valid UTF-8 (byte {exc.start + 1})") from None
    try:
        value = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_refuse_huge_float,
            parse_int=_checked_int,
        )
    except _NonFiniteError as exc:
        raise StrictJSONError("non-finite-number", str(exc)) from None
    except _TooLargeError as exc:
        raise StrictJSONError("too-large", str(exc)) from None
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as exc:  # its "(char N)" counts characters: left out
        reason = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
        raise StrictJSONError("not-json", reason) from None
    try:
        dumps_text(value)  # json accepts escaped lone surrogates; they are not text
    except UnwritableValueError:
        raise StrictJSONError("not-json", str(error)) from None
    return value


# --------------------------------------------------------------------------- duplicates


def needs_exact_reading(raw: bytes) -> bool:
    """Whether ``raw`` holds a run of 20 digits, which may be an integer past 64 bits that
    orjson reads as the nearest double (:func:`loads` re-reads such text exactly)."""
    return _LONG_DIGIT_RUN in raw.translate(_DIGITS_AS_ZEROS)


def may_repeat_keys(raw: bytes, value: Any) -> bool:
    """``False`` only when ``raw`` surely has no repeated key (cheap; sound).

    Every key of ``raw`` ends in ``"`` then whitespace then ``:``, so with whitespace
    deleted each key gives one ``":``; text inside strings can only add more. orjson's
    rewrite of the parsed value holds each *kept* key once and the same strings (spelled
    the same when ``raw`` has no ``\\u`` escape). So equal counts mean no key was dropped,
    and equal bytes (the common case: files written by orjson) mean it at once.
    """
    try:
        canonical = orjson.dumps(value)
    except orjson.JSONEncodeError:
        return True
    if canonical == raw.rstrip(_WHITESPACE):
        return False
    if b"\\u" in raw:
        return True
    return raw.translate(None, _WHITESPACE).count(_KEY_END) != canonical.translate(
        None, _WHITESPACE
    ).count(_KEY_END)


class _Repeated(dict[str, Any]):
    """An object that had repeated keys (listed in ``repeated``), last value kept."""

    repeated: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    repeated: list[str] = []
    for key, child in pairs:
        if key in result and key not in repeated:
            repeated.append(key)
        result[key] = child
    if not repeated:
        return result
    marked = _Repeated(result)
    marked.repeated = repeated
    return marked


def _refuse_duplicates(raw: bytes) -> None:
    try:
        value = json.loads(raw, object_pairs_hook=_pairs, parse_int=_checked_int)
    except RecursionError:
        raise _too_deep() from None
    pointers = _repeated_keys(value)
    if pointers:
        names = ", ".join(pointers[:5])
        raise StrictJSONError("duplicate-key", f"duplicate key ({names})", tuple(pointers))


def _repeated_keys(value: Any) -> list[str]:
    """Pointers of every repeated key, in document order (no recursion)."""
    found: list[str] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        node, pointer = stack.pop()
        children: list[tuple[str, Any]] = []
        if isinstance(node, dict):
            if isinstance(node, _Repeated):
                found.extend(f"{pointer}/{_escape(key)}" for key in node.repeated)
            children = [(_escape(key), child) for key, child in node.items()]
        elif isinstance(node, list):
            children = [(str(index), child) for index, child in enumerate(node)]
        stack.extend((child, f"{pointer}/{step}") for step, child in reversed(children))
    return found


def _escape(step: str) -> str:
    return step.replace("~", "~0").replace("/", "~1")


# --------------------------------------------------------------------------- limits


@cache
def _smallest_unconvertible(digits: int) -> int:
    return int(10**digits)


def int_too_large(number: int) -> bool:
    """Whether ``number`` has more digits than Python converts to text (4,300 by default,
    see :func:`sys.set_int_max_str_digits`): no JSON text of it can be written or read."""
    limit = sys.get_int_max_str_digits()
    return bool(limit) and abs(number) >= _smallest_unconvertible(limit)


def _int_problem(number: int) -> str | None:
    if int_too_large(number):
        limit = sys.get_int_max_str_digits()
        return f"an integer of more than {limit:,} digits has no JSON text Python can read"
    return None


def limit_problems(
    value: Any, *, max_depth: int = MAX_DEPTH, only_non_finite: bool = False
) -> list[LimitProblem]:
    """What in ``value`` no strict JSON document can carry, in document order.

    Cycles (a container inside itself), nesting deeper than ``max_depth``, integers with
    more digits than Python converts to text, and NaN/Infinity. The walk keeps its own
    stack (no recursion) and visits each container once, so shared sub-objects cannot
    make it exponential; what lies below a cycle or the depth limit is not visited.
    """
    found: list[LimitProblem] = []
    state: dict[int, bool] = {}  # id -> True while on the current path, False when done
    stack: list[tuple[Any, tuple[str, ...], bool]] = [(value, (), False)]
    while stack:
        node, path, leaving = stack.pop()
        if leaving:
            state[id(node)] = False
        elif isinstance(node, float):
            if not math.isfinite(node):
                message = f"{node!r} is not a JSON number (JSON has no NaN or Infinity)"
                found.append(LimitProblem(_pointer(path), "non-finite-number", message, node))
        elif only_non_finite:
            stack.extend(_children(node, path, state, found, max_depth, lenient=True))
        elif isinstance(node, int) and not isinstance(node, bool):
            too_large = _int_problem(node)
            if too_large:
                found.append(LimitProblem(_pointer(path), "too-large", too_large, None))
        else:
            stack.extend(_children(node, path, state, found, max_depth, lenient=False))
    return found


def _children(
    node: Any,
    path: tuple[str, ...],
    state: dict[int, bool],
    found: list[LimitProblem],
    max_depth: int,
    *,
    lenient: bool,
) -> list[tuple[Any, tuple[str, ...], bool]]:
    """The stack entries for a container's children (and for leaving it), or none."""
    if not isinstance(node, Mapping | list | tuple):
        return []
    seen = state.get(id(node))
    if seen is False:
        return []  # already checked by another path
    if seen is True:
        if not lenient:
            message = "the value contains itself (a cycle has no JSON form)"
            found.append(LimitProblem(_pointer(path), "cyclic", message))
        return []
    if len(path) >= max_depth:
        if not lenient:
            message = f"nested deeper than {max_depth} levels"
            found.append(LimitProblem(_pointer(path), "too-deep", message))
        return []
    state[id(node)] = True
    items = node.items() if isinstance(node, Mapping) else enumerate(node)
    entries: list[tuple[Any, tuple[str, ...], bool]] = [(node, path, True)]
    entries.extend((child, (*path, str(key)), False) for key, child in items)
    entries[1:] = entries[:0:-1]
    return entries


def _pointer(path: tuple[str, ...]) -> str:
    return "".join("/" + _escape(step) for step in path)
