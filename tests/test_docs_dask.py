"""docs/dask.md's remote-cluster commands run as written against a real cluster.

The page's ``sh`` block is what a reader types against a remote scheduler. Here the
session's ``LocalCluster`` (two worker processes) stands in, reached by its ``tcp://``
address exactly as the remote one would be, and a ``file://`` directory stands in for the
bucket; the ``dask scheduler`` / ``dask worker`` lines are how that cluster is started and
are not run. Nothing else in the commands is changed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from _cli import callevent
from _docs import DOCS, blocks

from callevent_toolkit.cli import build_parser

PAGE = DOCS / "dask.md"
_SCHEDULER = "tcp://10.0.0.5:8786"
_BUCKET = "s3://callevent-corpus/"


def _remote_commands() -> list[list[str]]:
    (block,) = blocks("sh", (PAGE,))
    return [
        shlex.split(line.partition("#")[0])
        for line in block.code.splitlines()
        if line.startswith("callevent ")
    ]


def test_the_remote_block_uses_a_scheduler_address_and_a_bucket():
    commands = _remote_commands()
    assert [argv[1] for argv in commands] == ["generate", "validate"]
    for argv in commands:
        assert argv[argv.index("--dask") + 1] == _SCHEDULER
        assert any(arg.startswith(_BUCKET) for arg in argv)
        build_parser().parse_args(argv[1:])


@pytest.mark.slow
def test_the_remote_commands_run_unchanged_against_a_cluster_address(dask_address, tmp_path):
    bucket = (tmp_path / "bucket").as_uri() + "/"
    statuses = []
    for argv in _remote_commands():
        argv = [arg.replace(_SCHEDULER, dask_address).replace(_BUCKET, bucket) for arg in argv[1:]]
        result = callevent(*argv)
        statuses.append(result.status)
        assert "Traceback" not in result.err
    assert statuses == [0, 0]
    generate = _remote_commands()[0]
    count, seed = generate[generate.index("--count") + 1], generate[generate.index("--seed") + 1]
    parts = sorted((tmp_path / "bucket" / "seed-7").glob("part-*.ndjson"))
    assert len(parts) == 4
    one = callevent("generate", "--count", count, "--seed", seed).out.encode()
    assert b"".join(part.read_bytes() for part in parts) == one


def test_the_benchmark_table_states_its_date_and_load():
    text = PAGE.read_text(encoding="utf-8")
    assert re.search(r"20\d\d-\d\d-\d\d \d\d:\d\d UTC", text)
    assert "load average:" in text
    assert re.search(r"\| 2 workers / 1 worker \| [\d.]+x \| [\d.]+x \|", text)


def test_the_page_is_linked_from_the_index_and_the_readme():
    assert "(dask.md)" in (DOCS / "index.md").read_text(encoding="utf-8")
    assert "(docs/dask.md)" in (Path(DOCS).parent / "README.md").read_text(encoding="utf-8")
