"""What a ``send`` run did, as data and as text or JSON.

Counts requests (every POST, retries included) apart from deliveries (the bodies the
sink had to deliver) and events (the CloudEvent ids inside them), because at-least-once
delivery is judged on events: a duplicate body that failed does not matter when its
events were acknowledged by another request.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["SendReport", "percentile"]

_PERCENTILES = (50, 90, 99)


def percentile(values: list[float], rank: int) -> float | None:
    """The nearest-rank ``rank``-th percentile of ``values`` (``None`` when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(math.ceil(rank / 100 * len(ordered)) - 1, 0)
    return ordered[index]


@dataclass
class SendReport:
    """The outcome of posting a stream of deliveries to one URL.

    ``requests`` counts every POST; ``retried`` those that repeated a failed one;
    ``acknowledged`` the deliveries that got a 2xx answer; ``failed`` those that ran out
    of attempts. ``by_status`` counts answers by HTTP status, or ``timeout`` /
    ``connection-error`` when none came. ``latencies_ms`` holds the time to every answer
    (a request that timed out or never connected has none). ``events`` is the set of
    CloudEvent ids to deliver and ``acknowledged_ids`` those acknowledged at least once.
    """

    url: str
    deliveries: int = 0
    requests: int = 0
    retried: int = 0
    acknowledged: int = 0
    failed: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    events: set[str] = field(default_factory=set)
    acknowledged_ids: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """Every event was acknowledged at least once."""
        return self.events <= self.acknowledged_ids

    @property
    def missing(self) -> list[str]:
        """The ids never acknowledged, sorted."""
        return sorted(self.events - self.acknowledged_ids)

    def latency(self) -> dict[str, float | None]:
        """``p50``/``p90``/``p99`` of the answer times, in ms."""
        return {f"p{rank}": percentile(self.latencies_ms, rank) for rank in _PERCENTILES}

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "url": self.url,
            "ok": self.ok,
            "deliveries": self.deliveries,
            "requests": self.requests,
            "retried": self.retried,
            "acknowledged": self.acknowledged,
            "failed": self.failed,
            "events": len(self.events),
            "events_acknowledged": len(self.events & self.acknowledged_ids),
            "missing_ids": self.missing,
            "by_status": dict(sorted(self.by_status.items())),
            "latency_ms": self.latency(),
        }

    def __str__(self) -> str:
        statuses = ", ".join(f"{status} x{n}" for status, n in sorted(self.by_status.items()))
        latency = ", ".join(
            f"{name} {'-' if value is None else f'{value:.1f}'}"
            for name, value in self.latency().items()
        )
        lines = [
            f"sent {self.requests} requests for {self.deliveries} deliveries to {self.url}",
            f"acknowledged {self.acknowledged}, retried {self.retried}, failed {self.failed}",
            f"events acknowledged: {len(self.events & self.acknowledged_ids)} "
            f"of {len(self.events)}",
            f"by status: {statuses or 'none'}",
            f"latency ms: {latency}",
        ]
        if not self.ok:
            shown = ", ".join(self.missing[:5])
            more = len(self.missing) - 5
            lines.append(f"never acknowledged: {shown}" + (f" and {more} more" if more > 0 else ""))
        return "\n".join(lines)
