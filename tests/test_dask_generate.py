"""``callevent generate --dask``: partition files on a real cluster, byte-identical to one
machine, resumable from their manifest, never written over someone else's files.

The cluster is the session's ``LocalCluster`` (2 worker processes), reached by its
``tcp://`` address exactly as a remote one would be.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _cli import callevent

from callevent_toolkit import generate
from callevent_toolkit.cli import _progress, run
from callevent_toolkit.jobs import parse_cluster_address
from callevent_toolkit.ndjson import dumps_line

slow = pytest.mark.slow


def _parts(directory: Path, pattern: str = "part-*.ndjson") -> list[Path]:
    return sorted(directory.glob(pattern))


def _concatenated(directory: Path) -> bytes:
    return b"".join(path.read_bytes() for path in _parts(directory))


def _dask_run(address: str, out: Path, *args: str) -> tuple[int, str]:
    result = callevent("generate", *args, "--dask", address, "-o", str(out))
    return result.status, result.err


@slow
@pytest.mark.parametrize(
    "options",
    [
        ["--count", "1100", "--seed", "7", "--partition-size", "250"],
        ["--count", "700", "--seed", "3", "--contract", "--partition-size", "250"],
        ["--count", "900", "--seed", "5", "--invalid-ratio", "0.3", "--partition-size", "250"],
        ["--count", "60", "--seed", "2", "--timelines", "--partition-size", "25"],
        [
            "--count",
            "500",
            "--seed",
            "4",
            "--envelope",
            "kinesis",
            "--start",
            "250",
            "--partition-size",
            "200",
        ],
    ],
    ids=["realistic", "contract", "invalid-ratio", "timelines", "kinesis-start"],
)
def test_parts_concatenated_are_the_one_machine_bytes(dask_address, tmp_path, options):
    size = options.index("--partition-size")
    single = callevent("generate", *options[:size])
    assert single.status == 0
    status, err = _dask_run(dask_address, tmp_path / "out", *options)
    assert status == 0, err
    parts = _parts(tmp_path / "out")
    assert len(parts) >= 2
    assert [p.name for p in parts] == [f"part-{i:05d}.ndjson" for i in range(len(parts))]
    assert _concatenated(tmp_path / "out") == single.out.encode()


@slow
def test_gzip_parts_decompress_to_the_one_machine_bytes(dask_address, tmp_path):
    args = ["--count", "600", "--seed", "9", "--gzip"]
    assert callevent("generate", *args, "-o", str(tmp_path / "one.ndjson.gz")).status == 0
    status, err = _dask_run(dask_address, tmp_path / "out", *args, "--partition-size", "200")
    assert status == 0, err
    parts = _parts(tmp_path / "out", "part-*.ndjson.gz")
    assert [p.name for p in parts] == [
        "part-00000.ndjson.gz",
        "part-00001.ndjson.gz",
        "part-00002.ndjson.gz",
    ]
    one = gzip.decompress((tmp_path / "one.ndjson.gz").read_bytes())
    assert b"".join(gzip.decompress(p.read_bytes()) for p in parts) == one
    # the members concatenated are one valid gzip stream, as `cat part-* | gunzip` reads it
    assert gzip.decompress(b"".join(p.read_bytes() for p in parts)) == one


@slow
def test_labels_are_written_per_part_lines_of_the_part_indices_of_the_run(dask_address, tmp_path):
    args = ["--count", "500", "--seed", "11", "--invalid-ratio", "0.4"]
    labels = tmp_path / "labels.ndjson"
    assert (
        callevent(
            "generate", *args, "-o", str(tmp_path / "one.ndjson"), "--labels", str(labels)
        ).status
        == 0
    )
    status, err = _dask_run(dask_address, tmp_path / "out", *args, "--partition-size", "200")
    assert status == 0, err
    one = [json.loads(line) for line in labels.read_text().splitlines()]
    label_files = _parts(tmp_path / "out", "labels-*.ndjson")
    assert [p.name for p in label_files] == [
        "labels-00000.ndjson",
        "labels-00001.ndjson",
        "labels-00002.ndjson",
    ]
    per_part = [[json.loads(line) for line in p.read_text().splitlines()] for p in label_files]
    assert [len(labels) for labels in per_part] == [200, 200, 100]
    for part, labels in enumerate(per_part):
        for offset, label in enumerate(labels):
            assert label["line"] == offset + 1
            assert {**label, "line": None} == {**one[part * 200 + offset], "line": None}
    assert any(not label["valid"] for labels in per_part for label in labels)


@slow
def test_a_rerun_rewrites_only_the_missing_part_with_the_same_bytes(dask_address, tmp_path):
    out = tmp_path / "out"
    args = ["--count", "1000", "--seed", "21", "--partition-size", "250"]
    assert _dask_run(dask_address, out, *args)[0] == 0
    before = {p.name: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns) for p in _parts(out)}
    (out / "part-00002.ndjson").unlink()
    (out / "notes.txt").write_text("mine")  # a run's own directory may hold a user's file
    status, err = _dask_run(dask_address, out, *args)
    assert status == 0, err
    assert "4 parts of 1,000 events" in err
    assert "1 written, 3 already there" in err
    after = {p.name: (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns) for p in _parts(out)}
    assert after.keys() == before.keys()
    for name in before:
        assert after[name][0] == before[name][0]
        assert (after[name] == before[name]) is (name != "part-00002.ndjson"), name
    assert (
        _concatenated(out) == callevent("generate", "--count", "1000", "--seed", "21").out.encode()
    )
    # a finished run has nothing left to do: it needs no cluster (nothing listens on port 9)
    status, err = _dask_run("tcp://127.0.0.1:9", out, *args)
    assert status == 0, err
    assert "0 written, 4 already there" in err
    assert (out / "notes.txt").read_text() == "mine"


@slow
def test_a_failed_run_keeps_the_parts_it_wrote_and_a_rerun_finishes_it(dask_address, tmp_path):
    out = tmp_path / "out"
    args = ["--count", "600", "--seed", "3", "--partition-size", "200"]
    assert _dask_run(dask_address, out, *args)[0] == 0
    (out / "part-00001.ndjson").unlink()
    (out / "part-00001.ndjson").mkdir()  # the worker cannot put the part there
    status, err = _dask_run(dask_address, out, *args)
    assert status == 2
    assert f"callevent: cannot write {out / 'part-00001.ndjson'}: Is a directory\n" in err
    assert "Traceback" not in err
    manifest = json.loads((out / "_manifest.json").read_text())
    assert [part["done"] for part in manifest["parts"]] == [True, False, True]
    assert not (out / "_SUCCESS").exists()
    (out / "part-00001.ndjson").rmdir()
    status, err = _dask_run(dask_address, out, *args)
    assert status == 0, err
    assert "1 written, 2 already there" in err
    assert _concatenated(out) == callevent("generate", *args[:4]).out.encode()


@slow
def test_a_part_cut_short_is_written_again(dask_address, tmp_path):
    out = tmp_path / "out"
    args = ["--count", "400", "--seed", "5", "--partition-size", "200"]
    assert _dask_run(dask_address, out, *args)[0] == 0
    whole = (out / "part-00001.ndjson").read_bytes()
    (out / "part-00001.ndjson").write_bytes(whole[:100])
    status, err = _dask_run(dask_address, out, *args)
    assert status == 0, err
    assert "1 written, 1 already there" in err
    assert (out / "part-00001.ndjson").read_bytes() == whole


@slow
def test_the_manifest_lists_parts_counts_seed_and_options(dask_address, tmp_path):
    out = tmp_path / "out"
    args = ["--count", "450", "--seed", "8", "--invalid-ratio", "0.2", "--partition-size", "200"]
    assert _dask_run(dask_address, out, *args)[0] == 0
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["complete"] is True
    run_ = manifest["run"]
    assert (run_["seed"], run_["count"], run_["start"], run_["partition_size"]) == (8, 450, 0, 200)
    assert (run_["version"], run_["toolkit"]) == (
        3,
        importlib.metadata.version("callevent-toolkit"),
    )
    assert (run_["invalid_ratio"], run_["realistic"], run_["gzip"], run_["unit"]) == (
        0.2,
        True,
        False,
        "events",
    )
    assert [(p["name"], p["first"], p["count"], p["labels"]) for p in manifest["parts"]] == [
        ("part-00000.ndjson", 0, 200, "labels-00000.ndjson"),
        ("part-00001.ndjson", 200, 200, "labels-00001.ndjson"),
        ("part-00002.ndjson", 400, 50, "labels-00002.ndjson"),
    ]
    for part in manifest["parts"]:
        assert part["done"] is True
        assert part["bytes"] == (out / part["name"]).stat().st_size
    assert (out / "_SUCCESS").read_bytes() == b""


@slow
def test_a_file_url_is_written_through_fsspec(dask_address, tmp_path):
    url = (tmp_path / "out").as_uri()
    assert url.startswith("file:///")
    result = callevent(
        "generate",
        "--count",
        "300",
        "--seed",
        "1",
        "--partition-size",
        "100",
        "--dask",
        dask_address,
        "-o",
        url,
    )
    assert result.status == 0, result.err
    assert (
        _concatenated(tmp_path / "out")
        == callevent("generate", "--count", "300", "--seed", "1").out.encode()
    )


@slow
def test_the_dashboard_link_is_printed_and_quiet_prints_nothing(dask_address, tmp_path):
    status, err = _dask_run(dask_address, tmp_path / "a", "--count", "10")
    assert status == 0
    assert err.startswith("callevent: Dask dashboard: http://127.0.0.1:")
    status, err = _dask_run(dask_address, tmp_path / "b", "--count", "10", "--quiet")
    assert (status, err) == (0, "")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@slow
def test_a_terminal_gets_a_progress_bar(dask_address, tmp_path, monkeypatch):
    monkeypatch.setattr(_progress, "_DELAY_S", 0.0)
    err = _Terminal()
    args = ["generate", "--count", "400", "--partition-size", "100", "--dask", dask_address]
    assert run([*args, "-o", str(tmp_path / "out")], io.StringIO(), err) == 0
    assert "400/400" in err.getvalue()
    assert "events/s" in err.getvalue()


def test_a_directory_holding_other_files_is_refused_and_left_alone(tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "precious.ndjson").write_bytes(b"mine\n")
    result = callevent("generate", "--count", "10", "--dask", "tcp://127.0.0.1:9", "-o", str(out))
    assert result.status == 2
    assert "is not empty and holds no _manifest.json" in result.err
    assert [p.name for p in out.iterdir()] == ["precious.ndjson"]
    assert (out / "precious.ndjson").read_bytes() == b"mine\n"


@slow
def test_another_runs_directory_is_refused_and_left_alone(dask_address, tmp_path):
    out = tmp_path / "out"
    assert _dask_run(dask_address, out, "--count", "100", "--seed", "1")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    status, err = _dask_run(dask_address, out, "--count", "100", "--seed", "2")
    assert status == 2
    assert "holds another run (seed 1 there, 2 now)" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_file_where_the_directory_should_be_is_refused(tmp_path):
    (tmp_path / "out").write_text("x")
    result = callevent("generate", "--count", "1", "--dask", "local", "-o", str(tmp_path / "out"))
    assert (result.status, result.err) == (
        2,
        f"callevent: {tmp_path / 'out'} exists and is not a directory\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--dask", "local"], "--dask writes partition files: give -o DIR"),
        (
            ["--dask", "local", "-o", "d", "--labels", "l.ndjson"],
            "labels are written beside each part",
        ),
        (["--dask", "local", "-o", "d", "--shard", "1/2"], "drop --shard and --jobs"),
        (["--dask", "local", "-o", "d", "--jobs", "2"], "drop --shard and --jobs"),
        (["--dask", "local", "-o", "d", "--stream"], "--stream runs on one machine: drop --dask"),
        (["--partition-size", "10", "-o", "d"], "--partition-size sizes the parts of a --dask run"),
    ],
)
def test_options_that_make_no_sense_with_dask_are_usage_errors(
    args, message, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    result = callevent("generate", "--count", "5", *args)
    assert result.status == 2
    assert message in result.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", ["bogus", "local:0", "local:x", "tcp//host:1", ""])
def test_a_bad_dask_address_is_a_usage_error(text):
    result = callevent("generate", "--count", "1", "--dask", text, "-o", "d")
    assert result.status == 2
    assert "argument --dask" in result.err


@pytest.mark.parametrize(
    ("text", "scheduler", "workers"),
    [
        ("local", None, None),
        ("local:3", None, 3),
        ("tcp://10.1.2.3:8786", "tcp://10.1.2.3:8786", None),
        ("tls://h:1", "tls://h:1", None),
    ],
)
def test_cluster_addresses(text, scheduler, workers):
    address = parse_cluster_address(text)
    assert (address.scheduler, address.workers, address.is_local) == (
        scheduler,
        workers,
        scheduler is None,
    )


_MODULES_AFTER = """
import io, json, sys
import callevent_toolkit
from callevent_toolkit.cli import run
run(["generate", "--count", "3", "-o", sys.argv[1]], io.StringIO(), io.StringIO())
run(["validate", sys.argv[1]], io.StringIO(), io.StringIO())
loaded = {m.split(".")[0] for m in sys.modules}
print(json.dumps(sorted(loaded & {"dask", "distributed", "fsspec"})))
print("callevent_toolkit.jobs.dask" in sys.modules)
"""


def test_nothing_of_dask_is_imported_without_dask(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", _MODULES_AFTER, str(tmp_path / "e.ndjson")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines() == ["[]", "False"]


_WITHOUT_DASK = """
import io, sys
sys.modules["dask"] = None  # `import dask` now raises ImportError, as without the extra
from callevent_toolkit.cli import run
err = io.StringIO()
status = run(sys.argv[1:], io.StringIO(), err)
print(status, err.getvalue().strip())
"""


@pytest.mark.parametrize(
    "command", [["generate", "--count", "3", "-o", "out"], ["validate", "x.ndjson"]]
)
def test_dask_without_the_extra_is_a_usage_error_naming_it(command, tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", _WITHOUT_DASK, *command, "--dask", "local:1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert out.stdout.strip() == (
        "2 callevent: running on Dask needs dask: pip install 'callevent-toolkit[dask]'"
    )
    assert list(tmp_path.iterdir()) == []


def test_the_event_bag_is_generate_whatever_the_partitioning():
    from callevent_toolkit.jobs.dask import event_bag

    expected = [dumps_line(e) for e in generate(230, seed=4, start=10, invalid_ratio=0.2)]
    for partitions in (1, 3, 7):
        bag = event_bag(230, seed=4, start=10, partitions=partitions, invalid_ratio=0.2)
        assert bag.npartitions == partitions
        assert [dumps_line(e) for e in bag.compute(scheduler="sync")] == expected
    assert event_bag(0, seed=1).compute(scheduler="sync") == []


@slow
def test_the_event_bag_on_the_cluster(dask_address):
    from distributed import Client

    from callevent_toolkit.jobs.dask import event_bag

    with Client(dask_address) as client:
        events = client.compute(event_bag(500, seed=6, partitions=4)).result()
    assert events == list(generate(500, seed=6))


def test_an_unreachable_scheduler_is_a_connection_error():
    from callevent_toolkit.jobs.dask import connect

    with (
        pytest.raises(
            ConnectionError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
        ),
        connect("tcp://127.0.0.1:9", timeout=0.5),
    ):
        pass
