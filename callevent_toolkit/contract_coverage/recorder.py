"""The recorder: what the strategies, fixtures and fuzzer notify of each event they hand out.

Why module-level functions guarding one module-level recorder: the strategies run in
every consumer's test suite, and a report is asked for in few of those runs. With no
active recorder, :func:`record` is one global lookup and a comparison, so the strategies
cost nothing extra; the model (which imports the engine) is built only by :func:`start`.

A recorder keeps *observations*, not events: the set of target indices hit so far and
two counters. That is what makes recording cheap in memory and what pytest-xdist workers
send to the controller (:meth:`Recorder.snapshot`, :meth:`Recorder.merge`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import ContractModel
    from .summary import CoverageSummary

__all__ = [
    "Recorder",
    "active",
    "record",
    "record_invalid",
    "record_many",
    "start",
    "stop",
]


class Recorder:
    """Observations of the events fed to tests, against one schema version's model."""

    def __init__(self, version: int = 3) -> None:
        from .model import model

        self.version = version
        self.model: ContractModel = model(version)
        self.seen: set[int] = set()
        self.valid = 0
        self.invalid = 0

    def record(self, event: Any) -> None:
        """A valid event was fed: its presence, value, size and kind targets are seen."""
        self.valid += 1
        self.model.observe(event, self.seen)

    def record_invalid(self, case: Any) -> None:
        """An ``InvalidCallEvent`` was fed: with one broken rule, that rule's target is seen.

        Only the label is read (``case.constraints``): a mutated event's values say
        nothing about the valid contract, so they do not count in the other dimensions.
        """
        self.invalid += 1
        rules: tuple[Any, ...] = tuple(getattr(case, "constraints", ()))
        if len(rules) == 1:
            found = self.model.constraint_target(rules[0].pointer, rules[0].keyword)
            if found is not None:
                self.seen.add(found)

    def record_unlabelled(self, event: Any) -> None:
        """An event of unknown validity (a line of a file): the validator decides.

        Valid: recorded as :meth:`record` does. Exactly one violation: the rule it breaks
        counts as broken alone. More: counted as invalid, nothing else.
        """
        from ..validation import validate

        violations = validate(event, version=self.version)
        if not violations:
            self.record(event)
            return
        self.invalid += 1
        if len(violations) == 1:
            found = self.model.violated_target(violations[0].path, violations[0].keyword)
            if found is not None:
                self.seen.add(found)

    def summary(self) -> CoverageSummary:
        """What was seen so far, as the reports render it."""
        from .summary import summarize

        return summarize(
            self.model, self.seen, valid=self.valid, invalid=self.invalid, version=self.version
        )

    def snapshot(self) -> dict[str, Any]:
        """Plain data (JSON-able, picklable) a pytest-xdist worker sends the controller."""
        targets = self.model.targets
        return {
            "version": self.version,
            "seen": sorted(targets[i].key for i in self.seen),
            "valid": self.valid,
            "invalid": self.invalid,
        }

    def merge(self, snapshot: Mapping[str, Any]) -> None:
        """Add another recorder's :meth:`snapshot` (targets it names that we lack are ignored)."""
        if snapshot.get("version") != self.version:
            return
        index = self.model.index
        self.seen.update(index[key] for key in snapshot.get("seen", ()) if key in index)
        self.valid += int(snapshot.get("valid", 0))
        self.invalid += int(snapshot.get("invalid", 0))


_ACTIVE: Recorder | None = None


def start(version: int = 3) -> Recorder:
    """Make a new recorder the active one (what the plugin does for ``--callevent-report``)."""
    global _ACTIVE
    _ACTIVE = Recorder(version)
    return _ACTIVE


def stop() -> Recorder | None:
    """Deactivate recording; the recorder that was active, if any."""
    global _ACTIVE
    was, _ACTIVE = _ACTIVE, None
    return was


def active() -> Recorder | None:
    """The active recorder, or None when no report was asked for."""
    return _ACTIVE


def record(event: Any, version: int = 3) -> None:
    """Note a valid event handed to a test (a no-op unless a recorder is active)."""
    if _ACTIVE is not None and _ACTIVE.version == version:
        _ACTIVE.record(event)


def record_many(events: Iterable[Any], version: int = 3) -> None:
    """Note several valid events (a timeline, a batch)."""
    if _ACTIVE is not None and _ACTIVE.version == version:
        for event in events:
            _ACTIVE.record(event)


def record_invalid(case: Any, version: int = 3) -> None:
    """Note an ``InvalidCallEvent`` handed to a test (a no-op unless a recorder is active)."""
    if _ACTIVE is not None and _ACTIVE.version == version:
        _ACTIVE.record_invalid(case)
