"""Where ``--dask`` runs: ``local``, ``local:W`` or a scheduler address, read without Dask.

The command line checks the option before anything is imported, so a typo is a usage
error at once, and a run without ``--dask`` never loads Dask at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._checks import fail

__all__ = ["ClusterAddress", "parse_cluster_address"]

_LOCAL = re.compile(r"local(?::(\d+))?")
_REMOTE = re.compile(r"[a-z][a-z0-9+.-]*://\S+")


@dataclass(frozen=True, slots=True)
class ClusterAddress:
    """A cluster to start here (``scheduler is None``: ``workers`` processes, or one per
    core when ``workers`` is ``None``) or a running scheduler to connect to."""

    scheduler: str | None = None
    workers: int | None = None

    @property
    def is_local(self) -> bool:
        return self.scheduler is None


def parse_cluster_address(text: str) -> ClusterAddress:
    """``local`` (a worker per core), ``local:W`` (W workers) or ``SCHEME://HOST:PORT``
    (``tcp://10.0.0.5:8786``, ``tls://...``: a running scheduler)."""
    local = _LOCAL.fullmatch(text)
    if local:
        workers = None if local[1] is None else int(local[1])
        if workers == 0:
            fail(f"local:W needs at least one worker, got {text!r}")
        return ClusterAddress(workers=workers)
    if _REMOTE.fullmatch(text):
        return ClusterAddress(scheduler=text)
    return fail(
        "expected local, local:W (W workers) or a scheduler address such as "
        f"tcp://HOST:8786, got {text!r}"
    )
