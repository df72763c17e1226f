"""The table-built realistic timestamp is the text ``time.gmtime`` formatting gives."""

from __future__ import annotations

import random
import time

from callevent_toolkit.engine._providers._callevent import ANCHOR_MS, WINDOW_MS, rfc3339_ms


def _by_gmtime(epoch_ms: int) -> str:
    seconds, millis = divmod(epoch_ms, 1000)
    t = time.gmtime(seconds)
    return (
        f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T"
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}.{millis:03d}Z"
    )


def test_rfc3339_ms_matches_gmtime_formatting() -> None:
    rng = random.Random(20261202)
    edges = [0, -1, 999, 1000, 86_399_999, 86_400_000, ANCHOR_MS, ANCHOR_MS - WINDOW_MS]
    edges += [951_782_400_000, 253_402_300_799_999, -62_135_596_800_000]  # 2000-02-29, 9999, 0001
    window = [ANCHOR_MS - WINDOW_MS + rng.randrange(WINDOW_MS + 86_400_000) for _ in range(20_000)]
    anywhere = [rng.randrange(-62_135_596_800_000, 253_402_300_800_000) for _ in range(20_000)]
    for epoch_ms in edges + window + anywhere:
        assert rfc3339_ms(epoch_ms) == _by_gmtime(epoch_ms), epoch_ms
