"""Conformance checks against the bundled CallEvent schema, with errors as data.

Two validators, one verdict:

* :func:`validate` uses :mod:`jsonschema` (``Draft7Validator`` with its format checker)
  because its error objects carry the path, keyword and a readable message; it is slow
  (hundreds of full events per second) so it only runs where messages are wanted.
* :func:`is_valid` uses a compiled ``jsonschema_rs`` validator (tens of thousands of events
  per second) for yes/no questions. Its ``date-time`` check is replaced by the same
  ``rfc3339_validator`` function jsonschema uses, so the two agree even on the corner cases
  where the libraries differ out of the box (a leap second ``23:59:60`` is rejected by both;
  see the README's "What counts as valid").

Pointers of :class:`Violation` point at the broken value itself: for ``required`` that is
the missing property (``/call_sid``), for ``additionalProperties`` the unexpected one, so
that every violation names exactly one place in the event.

Values no JSON document can carry are refused by both, with the same verdict, before
any schema is consulted (jsonschema would recurse until ``RecursionError`` or fail to
print an integer): a cycle (keyword ``cyclic``), nesting deeper than
:data:`~callevent_toolkit.strict_json.MAX_DEPTH` levels (``too-deep``) and an integer with
more digits than Python converts to text, 4,300 by default (``too-large``). For such a
value :func:`validate` returns only these violations and :func:`is_valid` is ``False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from .schemas import DEFAULT_VERSION, schema_handle
from .schemas.pointers import json_path, path_of, pointer_of
from .schemas.structure import structure
from .strict_json import MAX_DEPTH, int_too_large, limit_problems

if TYPE_CHECKING:  # jsonschema is imported when a message is first needed (see below)
    import jsonschema
    from jsonschema.exceptions import ValidationError

__all__ = [
    "CompiledCheck",
    "Violation",
    "compiled_check",
    "format_violations",
    "is_valid",
    "json_path",
    "validate",
]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: where (``pointer``), which rule (``keyword``) and why (``message``).

    ``value`` is the offending value (the containing object for ``required``); it does not
    take part in equality, so violations compare by place and rule.
    """

    pointer: str
    keyword: str
    message: str
    value: Any = field(default=None, compare=False, hash=False, repr=False)

    @property
    def path(self) -> tuple[str, ...]:
        """The pointer split into steps (``~0``/``~1`` unescaped)."""
        return path_of(self.pointer)

    @property
    def json_path(self) -> str:
        """The place as ``$.sdk_edge.metadata.location.lat`` (what the messages show)."""
        return json_path(self.path)

    def __str__(self) -> str:
        return f"{self.json_path}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        """``{"pointer", "keyword", "message"}``: the form labels and reports write.

        ``value`` is left out (it may be anything, even unserialisable); ``json_path`` is
        derived from ``pointer``. :meth:`from_dict` reads it back.
        """
        return {"pointer": self.pointer, "keyword": self.keyword, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Violation:
        """The violation :meth:`to_dict` wrote (extra keys, such as ``json_path``, ignored)."""
        return cls(str(data["pointer"]), str(data["keyword"]), str(data["message"]))


def _check_format_support() -> jsonschema.FormatChecker:
    """jsonschema's draft-07 format checker, refused if it cannot check ``date-time``."""
    import jsonschema

    checker: jsonschema.FormatChecker = jsonschema.Draft7Validator.FORMAT_CHECKER
    if "date-time" not in checker.checkers:  # pragma: no cover - guarded by the dependency
        raise RuntimeError(
            "jsonschema cannot check 'date-time' without the rfc3339-validator package; "
            "install it (pip install rfc3339-validator) or every malformed timestamp passes"
        )
    return checker


@cache
def _message_validator(version: int) -> jsonschema.Draft7Validator:
    """The reference validator that words the messages (jsonschema, with formats).

    jsonschema and its dependencies take about 0.15 s to import, more than a strategy's
    first example or a one-line ``callevent validate`` needs: they are imported here, the
    first time an event has to be explained, not when this module loads.
    """
    import jsonschema

    schema = schema_handle(version)
    return jsonschema.Draft7Validator(
        schema.document, registry=schema.registry, format_checker=_check_format_support()
    )


#: A subset of what ``validate_rfc3339`` accepts that needs no calendar: year not 0000,
#: day 01-28 (valid in every month). Most timestamps match it, for a third of the cost.
_SURELY_DATETIME = re.compile(
    r"(?!0000)\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)",
    re.ASCII,
).fullmatch


def _is_datetime(text: str) -> bool:
    # Exactly jsonschema's own check: it upper-cases first, because RFC 3339 allows a
    # lower-case "t" and "z" and rfc3339_validator alone refuses them.
    upper = text.upper()
    if _SURELY_DATETIME(upper) is not None:
        return True
    # imported at the first timestamp that needs it (3 ms with six, at every start else)
    from rfc3339_validator import validate_rfc3339

    return bool(validate_rfc3339(upper))


@dataclass(frozen=True, slots=True)
class _FastCheck:
    """A compiled validator plus the checks run beside it on the events it accepts.

    jsonschema_rs calls a Python format function through its bindings at four times the
    cost of calling it directly, so when ``date-time`` is the schema's only format the
    compiled validator runs with formats off and the few ``date-time`` positions (one,
    ``timestamp``, in v3) are checked by ``beside``, with the very same function.
    ``beside`` also refuses an integer Python cannot print at an ``integer`` position:
    jsonschema_rs accepts one there (10**5000, even past a ``maximum``), which
    ``validate`` refuses as ``too-large``; at ``number`` positions jsonschema_rs refuses
    it already (``tests/test_hostile_values.py`` checks every numeric position).
    """

    validator: Any
    #: Whether every value the schema accepts is shallow and acyclic (no walk needed).
    bounded: bool
    #: ``False`` for an event with a bad ``date-time`` or an unprintable integer; when
    #: ``bounded``, the whole verdict (the compiled validator is called first, inside).
    beside: Callable[[Any], bool]
    #: ``beside`` without the integer test, for values orjson parsed: its integers fit
    #: in 64 bits, so none is unprintable.
    beside_parsed: Callable[[Any], bool]
    #: See :func:`_rounding_safe`.
    rounding_safe: bool


def _is_bounded(nodes: list[Any]) -> bool:
    """Whether every value the schema accepts is shallow and acyclic: every object closed
    (each position has one JSON type, see ``structure``) and the tree not too deep. Then
    an event jsonschema_rs accepts needs no :func:`limit_problems` walk (the hot path)."""
    closed = all(node.closed for node in nodes if node.kind == "object")
    return closed and max(len(node.path) for node in nodes) < MAX_DEPTH


@cache
def _fast_check(version: int) -> _FastCheck:
    import jsonschema_rs  # here, not when the module loads: a file whose every block the
    # pre-filter takes needs no compiled check (``validate`` starts 10 ms sooner)

    schema = schema_handle(version).document
    nodes = structure(version).walk()
    bounded = _is_bounded(nodes)
    leaves: dict[tuple[str, ...], str] = {n.path: "integer" for n in nodes if n.kind == "integer"}
    if {node.format for node in nodes if node.format} <= {"date-time"}:
        # jsonschema-rs's own date-time (in Rust) accepts a superset of _is_datetime's:
        # the two differ only on second 60 and year 0000, re-checked beside.
        leaves.update((n.path, "date-time") for n in nodes if n.format == "date-time")
        validator = jsonschema_rs.Draft7Validator(schema, validate_formats=True)
    else:
        validator = jsonschema_rs.Draft7Validator(
            schema, formats={"date-time": _is_datetime}, validate_formats=True
        )
    first = validator.is_valid if bounded else None
    dates = {path: test for path, test in leaves.items() if test == "date-time"}
    return _FastCheck(
        validator,
        bounded,
        _compiled_beside(_trie(leaves), first),
        _compiled_beside(_trie(dates), first),
        _rounding_safe(schema),
    )


def _rounding_safe(schema: Any) -> bool:
    """Whether reading an integer of 20 digits or more as the nearest double (as orjson
    does past 64 bits) can never change a verdict: no ``multipleOf``, and every number
    the schema compares with below 2**53, so an integer that large and its double lie on
    the same side of it. Then only lines the fast check rejects are re-read exactly."""
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "multipleOf" in node:
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, int | float) and not isinstance(node, bool) and abs(node) >= 2**53:
            return False
    return True


#: Positions as nested dicts, each ending in what is checked there:
#: ``{"sdk_edge": {"error": {"code": "integer"}}, "timestamp": "date-time"}``.
_Trie = dict[str, "_Trie | str"]

#: Fewest bits of an integer Python may refuse to print (the digit limit is at least 640,
#: and 10**640 has 2,127 bits): smaller integers skip the exact test.
_FEWEST_UNPRINTABLE_BITS = 2_000

#: The test at a position, ``{v}`` standing for the value there; each returns ``False``.
_LEAF_TESTS = {
    "integer": (
        f"{{v}}.__class__ is int and {{v}}.bit_length() > {_FEWEST_UNPRINTABLE_BITS}"
        " and too_large({v})"
    ),
    "date-time": (
        "{v}.__class__ is str and (':60' in {v} or {v}[:4] == '0000') and not is_datetime({v})"
    ),
}


def _trie(leaves: Mapping[tuple[str, ...], str]) -> _Trie:
    """``{("a", "b"): "integer"}`` as ``{"a": {"b": "integer"}}``."""
    root: _Trie = {}
    for path, test in leaves.items():
        node = root
        for step in path[:-1]:
            child = node.setdefault(step, {})
            assert isinstance(child, dict)  # a position never has positions below it
            node = child
        node[path[-1]] = test
    return root


def _compiled_beside(
    trie: _Trie, first: Callable[[Any], bool] | None = None
) -> Callable[[Any], bool]:
    """The checks of ``trie`` as one function, compiled to straight-line code once per
    schema: it runs for every event :func:`is_valid` accepts, and unrolled an absent key
    costs one ``dict.get`` (a recursive walk of the same positions cost three times as
    much, ``benchmarks/bench_is_valid.py``)."""
    lines = ["def beside(v0):"]
    if first is not None:  # one call for the whole verdict
        lines.append("    if not first(v0):\n        return False")
    _unrolled(trie, 0, "    ", lines)
    lines.append("    return True")
    namespace: dict[str, Any] = {
        "too_large": int_too_large,
        "is_datetime": _is_datetime,
        "first": first,
    }
    exec(compile("\n".join(lines), "<is_valid: checks beside>", "exec"), namespace)
    check: Callable[[Any], bool] = namespace["beside"]
    return check


def _unrolled(trie: _Trie, depth: int, pad: str, lines: list[str]) -> None:
    """Lines checking the positions of ``trie`` below variable ``v{depth}``
    (``*``: every map value or array item)."""
    here, child = f"v{depth}", f"v{depth + 1}"
    named = [(step, below) for step, below in trie.items() if step != "*"]
    if named:
        lines.append(f"{pad}if {here}.__class__ is dict:")
        for step, below in named:
            lines.append(f"{pad}    {child} = {here}.get({step!r})")
            _position(below, depth + 1, pad + "    ", lines)
    if "*" in trie:
        lines.append(
            f"{pad}for {child} in ({here}.values() if {here}.__class__ is dict "
            f"else {here} if {here}.__class__ is list else ()):"
        )
        _position(trie["*"], depth + 1, pad + "    ", lines)


def _position(below: _Trie | str, depth: int, pad: str, lines: list[str]) -> None:
    if isinstance(below, dict):
        _unrolled(below, depth, pad, lines)
    else:
        lines.append(f"{pad}if {_LEAF_TESTS[below].format(v=f'v{depth}')}:")
        lines.append(f"{pad}    return False")


def _violations_of(error: ValidationError) -> Iterator[Violation]:
    """The :class:`Violation` objects of one jsonschema error, each naming one place.

    jsonschema reports ``required`` and ``additionalProperties`` on the *containing*
    object; a consumer wants the missing or unexpected property, and one error with two
    unexpected names is two things to fix, so those are re-pointed (and split).
    """
    path = tuple(str(step) for step in error.absolute_path)
    keyword = str(error.validator)
    instance = error.instance
    if keyword == "required" and isinstance(instance, Mapping):
        for name in error.validator_value:  # type: ignore[union-attr]
            if name not in instance and error.message == f"{name!r} is a required property":
                yield Violation(pointer_of((*path, name)), keyword, error.message, instance)
                return
    if keyword == "additionalProperties" and isinstance(instance, Mapping):
        schema = error.schema if isinstance(error.schema, Mapping) else {}
        known = schema.get("properties", {})
        for name in instance:
            if name not in known:
                yield Violation(
                    pointer_of((*path, str(name))),  # a non-str key is not JSON either
                    keyword,
                    f"additional property {name!r} is not allowed",
                    instance[name],
                )
        return
    yield Violation(pointer_of(path), keyword, error.message, instance)


def validate(event: Any, *, version: int = DEFAULT_VERSION) -> list[Violation]:
    """Every rule ``event`` breaks, best match first (empty when it conforms).

    Formats are checked (``timestamp`` must be an RFC 3339 ``date-time``). The first item
    is jsonschema's :func:`~jsonschema.exceptions.best_match`; the rest follow in the
    order the validator found them, then any NaN or infinity jsonschema let through (as
    ``type`` violations: jsonschema counts them as numbers, jsonschema-rs and every strict
    JSON parser do not). A value with a cycle, nesting past the depth limit or an
    unconvertible integer gives only ``cyclic``/``too-deep``/``too-large`` violations
    (see the module notes): the schema is not consulted for it.
    """
    validator = _message_validator(schema_handle(version).version)
    limits = limit_problems(event)
    unrepresentable = [p for p in limits if p.kind != "non-finite-number"]
    if unrepresentable:
        return [Violation(p.pointer, p.kind, p.message, p.value) for p in unrepresentable]
    errors = list(validator.iter_errors(event))
    found: list[Violation] = []
    if errors:
        from jsonschema.exceptions import best_match

        best = best_match(errors)
        ordered = [best] + [e for e in errors if e is not best]
        found = [v for error in ordered for v in _violations_of(error)]
    places = {(v.pointer, v.keyword) for v in found}
    found += [
        Violation(p.pointer, "type", p.message, p.value)
        for p in limits
        if (p.pointer, "type") not in places
    ]
    return found


def is_valid(event: Any, *, version: int = DEFAULT_VERSION) -> bool:
    """Whether ``event`` conforms, decided by the compiled validator (fast).

    Always the same verdict as ``not validate(event)``, also for the values no JSON can
    carry (cycles, nesting past the limit, unconvertible integers).
    """
    if version.__class__ is not int:  # checked before the cache sees it (cheap: hot path)
        schema_handle(version)
    check = _fast_check(version)
    try:
        if check.bounded:
            return check.beside(event)  # the compiled validator, then the checks beside
        if not check.validator.is_valid(event):
            return False
    except (ValueError, TypeError, OverflowError):
        # Python values jsonschema_rs cannot map to JSON (huge ints, odd types):
        # let the reference validator decide rather than guess.
        return not validate(event, version=version)
    return not limit_problems(event) and check.beside(event)


@dataclass(frozen=True, slots=True)
class CompiledCheck:
    """:func:`is_valid` of one schema version as a bare function, for loops over many
    values that orjson parsed from JSON text (``callevent validate``'s fast path).

    ``accepts`` skips the per-call argument check and dispatch, and the search for
    integers too large to print (orjson reads none: its integers fit in 64 bits). It is
    for orjson's values only: it may raise for Python values no JSON parser makes (odd
    types), and accept an unprintable integer, both of which :func:`is_valid` handles.
    ``rounding_safe`` says that a parser reading integers past 64 bits as the nearest
    double (orjson) cannot change a verdict of ``accepts``, so only the values it rejects
    need the exact reading.
    """

    accepts: Callable[[Any], bool]
    rounding_safe: bool


def compiled_check(version: int = DEFAULT_VERSION) -> CompiledCheck:
    """The :class:`CompiledCheck` of schema ``version`` (built once per version)."""
    check = _fast_check(schema_handle(version).version)
    if check.bounded:
        return CompiledCheck(check.beside_parsed, check.rounding_safe)
    return CompiledCheck(partial(is_valid, version=version), check.rounding_safe)


def format_violations(violations: Sequence[Violation], *, limit: int = 1) -> str:
    """``$.path: message`` for the first ``limit`` violations, then how many more there are.

    ``limit=0`` gives only the count. A negative ``limit`` is refused rather than read as a
    slice from the end, which would hide the *first* (best-matching) violations.
    """
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be an int of at least 0, got {limit=}")
    shown = [str(v) for v in violations[:limit]]
    rest = len(violations) - len(shown)
    if rest > 0:
        shown.append(f"... and {rest} more error{'s' if rest != 1 else ''}")
    return "\n".join(shown)
