"""The recorder: hears of each event the strategies, fixtures and fuzzer hand a test.

Why through the engine's hand-out hook (:func:`~callevent_toolkit.engine.observe`): the
strategies run in every consumer's test suite, and a report is asked for in few of those
runs. With no recorder installed, a hand-out costs one global lookup and a comparison; the
model is built only by :func:`start`, which installs a :class:`Recorder` as the engine's
observer. At load time this module imports only the schema package (for the default version), so
importing it loads neither Hypothesis nor the validator.

A recorder keeps *observations*, not events: the set of target indices hit so far and
two counters. That is what makes recording cheap in memory and what pytest-xdist workers
send to the controller (:meth:`Recorder.snapshot`, :meth:`Recorder.merge`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..schemas import DEFAULT_VERSION

if TYPE_CHECKING:
    from .model import ContractModel
    from .summary import CoverageSummary

__all__ = ["Recorder", "active", "start", "stop"]


class Recorder:
    """Observations of the events fed to tests, against one schema version's model."""

    def __init__(self, version: int = DEFAULT_VERSION) -> None:
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
        from ..validation import is_valid, validate

        if is_valid(event, version=self.version):  # the fast verdict first: most lines pass
            self.record(event)
            return
        violations = validate(event, version=self.version)
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


def start(version: int = DEFAULT_VERSION) -> Recorder:
    """Make a new recorder the engine's observer (what the plugin does for a report)."""
    from ..engine import set_observer

    started = Recorder(version)
    set_observer(started)
    return started


def stop() -> Recorder | None:
    """Stop recording; the recorder that was observing, if any."""
    from ..engine import current_observer, set_observer

    was = current_observer()
    if not isinstance(was, Recorder):
        return None
    set_observer(None)
    return was


def active() -> Recorder | None:
    """The recorder observing the hand-outs, or None when no report was asked for."""
    from ..engine import current_observer

    found = current_observer()
    return found if isinstance(found, Recorder) else None
