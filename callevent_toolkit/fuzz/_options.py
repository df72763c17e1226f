"""``FuzzOptions``: every setting of a fuzz run, in one checked, frozen object.

Why one object: the options used to be listed by ``fuzz_handler``, by ``assert_handles``,
by the replay text and by the CLI, and the lists drifted. Now ``fuzz_handler`` builds (or
takes) a :class:`FuzzOptions`, the report carries it (with the seed actually used), and
each face renders it in its own syntax: :meth:`FuzzOptions.python_arguments` for the
``fuzz_handler(...)`` replay, the CLI for its ``callevent fuzz`` command line. The fuzzer
owns no command-line text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, fields, replace
from typing import Any

from .._checks import (
    check_bool,
    check_int,
    check_optional_seed,
    check_positive_seconds,
)
from ..engine import check_version, menu_for
from ..errors import InvalidArgument
from ..schemas import DEFAULT_VERSION

__all__ = ["DEFAULT_TIMEOUT", "PHASES", "FuzzOptions"]

DEFAULT_TIMEOUT = 5.0
"""Seconds one call may take before it counts as a hang (generous: CI machines are slow)."""

PHASES = ("coverage", "random")
"""The phases of a run, in the order they run: the deterministic coverage cases, then
the random (Hypothesis) searches."""

Rejects = tuple[type[BaseException], ...]


@dataclass(frozen=True)
class FuzzOptions:
    """How to fuzz a handler; every field is checked when the object is made.

    ``valid``/``invalid`` choose the questions (a handler that trusts an upstream check
    takes ``invalid=False``). ``keywords``/``skip_keywords`` narrow the invalid events to
    some kinds of rule (a consumer that tolerates unknown fields skips
    ``additionalProperties``). ``phases`` picks the coverage phase, the random searches or
    both. With ``factory=True`` the handler argument is a factory called with no
    arguments for a fresh handler per example (stateful handlers, so shrinking is not
    flaky). ``seed=None`` means a random seed; the report's options hold the one used.
    """

    valid: bool = True
    invalid: bool = True
    rejects: Rejects = (Exception,)
    max_examples: int = 200
    seed: int | None = None
    timeout: float | None = DEFAULT_TIMEOUT
    version: int = DEFAULT_VERSION
    keywords: tuple[str, ...] | None = None
    skip_keywords: tuple[str, ...] = ()
    phases: tuple[str, ...] = PHASES
    factory: bool = False

    def __post_init__(self) -> None:
        for name in ("valid", "invalid", "factory"):
            check_bool(name, getattr(self, name))
        if not (self.valid or self.invalid):
            raise InvalidArgument("valid=False and invalid=False leaves nothing to fuzz")
        object.__setattr__(self, "rejects", _rejects(self.rejects))
        check_int("max_examples", self.max_examples, minimum=1)
        check_optional_seed(self.seed)
        check_positive_seconds("timeout", self.timeout)
        check_version(self.version)
        object.__setattr__(self, "phases", _phases(self.phases))
        self._set_keywords()

    def _set_keywords(self) -> None:
        keywords = None if self.keywords is None else _names("keywords", self.keywords)
        skipped = _names("skip_keywords", self.skip_keywords)
        menu_for(self.version, keywords)  # unknown names are refused, naming the known ones
        if skipped:
            menu_for(self.version, skipped)
        object.__setattr__(self, "keywords", keywords)
        object.__setattr__(self, "skip_keywords", skipped)
        if self.invalid and not self.invalid_keywords():
            raise InvalidArgument(
                f"keywords={keywords!r} and skip_keywords={skipped!r} leave no kind of rule "
                "to break (pass invalid=False for valid events only)"
            )

    @classmethod
    def build(cls, options: FuzzOptions | None = None, **changes: Any) -> FuzzOptions:
        """``options`` (default: the defaults) with ``changes``; an unknown name is an error."""
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(changes) - set(known))
        if unknown:
            raise InvalidArgument(
                f"unknown fuzz option(s) {', '.join(unknown)} (known: {', '.join(known)})"
            )
        if options is not None and not isinstance(options, FuzzOptions):
            raise InvalidArgument(f"options must be a FuzzOptions, got {options!r}")
        return replace(options, **changes) if options is not None else cls(**changes)

    def invalid_keywords(self) -> tuple[str, ...]:
        """The kinds of rule the invalid events break, in constraint-list order."""
        every = dict.fromkeys(t.constraint.keyword for t in menu_for(self.version, None))
        chosen = every if self.keywords is None else {k: None for k in every if k in self.keywords}
        return tuple(k for k in chosen if k not in self.skip_keywords)

    def changed(self) -> dict[str, Any]:
        """The fields that differ from the defaults, in field order."""
        default = FuzzOptions()
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    def python_arguments(self) -> str:
        """The keyword arguments of a ``fuzz_handler(...)`` call that repeats this run."""
        parts = []
        changed = self.changed()
        ordered = {"seed": changed.pop("seed")} if "seed" in changed else {}
        for name, value in {**ordered, **changed}.items():
            if name == "rejects":
                value = f"({', '.join(cls.__qualname__ for cls in value)},)"
                parts.append(f"{name}={value}")
            else:
                parts.append(f"{name}={value!r}")
        return ", ".join(parts)


def _rejects(rejects: object) -> Rejects:
    classes = rejects if isinstance(rejects, tuple) else (rejects,)
    if not classes or not all(
        isinstance(cls, type) and issubclass(cls, BaseException) for cls in classes
    ):
        raise InvalidArgument(
            f"rejects must be an exception class or a non-empty tuple of them, got {rejects!r}"
        )
    return classes


def _names(option: str, names: object) -> tuple[str, ...]:
    if isinstance(names, str) or not isinstance(names, Collection):
        raise InvalidArgument(
            f"{option} must be a collection of names such as ('required', 'type'), "
            f"got {option}={names!r}"
        )
    if not all(isinstance(name, str) for name in names):
        raise InvalidArgument(f"{option} must hold strings, got {option}={names!r}")
    return tuple(dict.fromkeys(sorted(names)))


def _phases(phases: object) -> tuple[str, ...]:
    chosen = _names("phases", phases)
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise InvalidArgument(
            f"phases must be a non-empty collection of {', '.join(map(repr, PHASES))}, "
            f"got phases={phases!r}"
        )
    return tuple(p for p in PHASES if p in chosen)
