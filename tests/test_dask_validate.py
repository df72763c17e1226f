"""``callevent validate --dask`` and ``validate_files_dask``: files and byte ranges checked
on a real cluster, one report merged, identical to the one-machine report byte for byte.

The corpus has problems in many ranges of a large plain file, bad lines of every kind, a
gzip file, a corrupt gzip file, an empty file and a missing one; ranges are made small
(``--range-bytes``) so that a few hundred kilobytes are cut into dozens of ranges.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from _cli import callevent

from callevent_toolkit import generate
from callevent_toolkit.cli import _progress, run
from callevent_toolkit.ndjson import dumps_line, line_ranges

slow = pytest.mark.slow

RANGE = "12000"


def _events(count: int, seed: int, ratio: float) -> bytes:
    return b"".join(dumps_line(e) for e in generate(count, seed=seed, invalid_ratio=ratio))


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> list[str]:
    """Relative names (the report prints them as given), in the order they are checked."""
    monkeypatch.chdir(tmp_path)
    big = bytearray(_events(700, 3, 0.25))
    for offset, bad in [
        (20_000, b"\n"),
        (60_000, b"not json at all\n"),
        (100_000, b"\xef\xbb\xbf{}\n"),
        (140_000, b"\xff\xfe broken utf-8\n"),
        (220_000, b"[1, 2, 3]\n"),
        (300_000, b'{"a": NaN}\n'),
    ]:
        cut = big.index(b"\n", offset) + 1
        big[cut:cut] = bad
    Path("big.ndjson").write_bytes(bytes(big))
    Path("small.ndjson").write_bytes(_events(40, 9, 0.5) + b'{"truncated": ')
    Path("packed.ndjson.gz").write_bytes(gzip.compress(_events(300, 5, 0.3), mtime=0))
    Path("corrupt.ndjson.gz").write_bytes(gzip.compress(_events(200, 6, 0.3), mtime=0)[:-5000])
    Path("empty.ndjson").write_bytes(b"")
    return [
        "big.ndjson",
        "small.ndjson",
        "packed.ndjson.gz",
        "missing.ndjson",
        "corrupt.ndjson.gz",
        "empty.ndjson",
    ]


def _without_dashboard(err: str) -> str:
    return "".join(line for line in err.splitlines(keepends=True) if "Dask dashboard" not in line)


def _same_report(address: str, args: list[str]) -> tuple[str, str]:
    one = callevent("validate", *args)
    many = callevent("validate", "--dask", address, "--range-bytes", RANGE, *args)
    assert many.out == one.out
    assert many.status == one.status
    assert _without_dashboard(many.err) == one.err
    assert many.err.startswith("callevent: Dask dashboard: http://127.0.0.1:")
    return one.out, one.err


def test_the_corpus_has_problems_in_many_ranges(corpus):
    """Guards the tests below: the big file's problems lie in many of its ranges."""
    size = Path("big.ndjson").stat().st_size
    assert size // int(RANGE) >= 20
    lines = Path("big.ndjson").read_bytes().splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    report = callevent("validate", "big.ndjson").out
    bad = {
        int(line.split(":")[1]) for line in report.splitlines() if line.startswith("big.ndjson:")
    }
    assert len({starts[number - 1] // int(RANGE) for number in bad}) >= 15


@slow
@pytest.mark.parametrize(
    "options",
    [[], ["--format", "json"], ["--max-errors", "7"], ["--format", "json", "--max-errors", "0"]],
    ids=["text", "json", "max-errors", "json-max-errors-0"],
)
def test_the_report_is_the_one_machine_report(dask_address, corpus, options):
    out, err = _same_report(dask_address, [*options, *corpus])
    assert "callevent: missing.ndjson: No such file or directory" in err
    assert "callevent: corrupt.ndjson.gz: Compressed file ended" in err
    assert "empty.ndjson" in out


@slow
def test_fail_fast_stops_where_one_machine_stops(dask_address, corpus):
    Path("late.ndjson").write_bytes(_events(400, 1, 0.0) + b"oops\n" + _events(400, 2, 0.5))
    out, _ = _same_report(dask_address, ["--fail-fast", "late.ndjson", *corpus])
    assert "late.ndjson:401: not JSON" in out
    assert "big.ndjson" not in out
    out, _ = _same_report(dask_address, ["--fail-fast", "--format", "json", *corpus])
    assert '"stopped_early": true' in out


@slow
def test_lines_longer_than_a_range_are_still_read_once(dask_address, corpus):
    """Ranges of 300 bytes against lines of about 600: most ranges hold no line start."""
    Path("long.ndjson").write_bytes(_events(30, 4, 0.5) + b"x" * 2000 + b"\n" + _events(5, 1, 1.0))
    one = callevent("validate", "long.ndjson", "small.ndjson")
    many = callevent(
        "validate", "--dask", dask_address, "--range-bytes", "300", "long.ndjson", "small.ndjson"
    )
    assert one.status == 1
    assert (many.out, many.status) == (one.out, one.status)


@slow
def test_globs_expand_as_a_shell_expands_them(dask_address, corpus):
    shell = sorted(name for name in corpus if name.endswith(".ndjson") and Path(name).exists())
    one = callevent("validate", *shell)
    many = callevent("validate", "--dask", dask_address, "--range-bytes", RANGE, "*.ndjson")
    assert (many.out, many.status) == (one.out, one.status)
    nothing = callevent("validate", "--dask", dask_address, "nothing-*.ndjson")
    assert nothing.status == 2
    assert "callevent: nothing-*.ndjson: No such file or directory" in nothing.err


@slow
def test_file_urls_are_read_through_fsspec(dask_address, corpus):
    url = Path("big.ndjson").resolve().as_uri()
    one = callevent("validate", "big.ndjson")
    many = callevent("validate", "--dask", dask_address, "--range-bytes", RANGE, url)
    assert many.status == one.status == 1
    assert many.out == one.out.replace("big.ndjson", url)
    pattern = Path("big.ndjson").resolve().parent.as_uri() + "/b*.ndjson"
    globbed = callevent("validate", "--dask", dask_address, "--range-bytes", RANGE, pattern)
    assert globbed.out == many.out


@slow
def test_the_api_uses_the_default_client_when_given_none(dask_address, corpus):
    from distributed import Client

    from callevent_toolkit.jobs.dask import validate_files_dask

    with Client(dask_address):
        report = validate_files_dask(["small.ndjson"])
    assert report.status == 1
    assert [s.lines for s in report.files] == [len(Path("small.ndjson").read_bytes().splitlines())]


def test_the_api_without_any_client_says_so():
    from callevent_toolkit import InvalidArgument
    from callevent_toolkit.jobs.dask import validate_files_dask

    with pytest.raises(InvalidArgument, match="no Dask client: pass client="):
        validate_files_dask(["x.ndjson"])


@slow
def test_validate_files_dask_returns_the_merged_report(dask_address, corpus):
    from distributed import Client

    from callevent_toolkit.jobs.dask import validate_files_dask

    one = callevent("validate", *corpus)
    with Client(dask_address) as client:
        report = validate_files_dask(corpus, client=client, range_bytes=int(RANGE))
    shown = [line for line in one.out.splitlines() if line.split(":")[0] in corpus and ":" in line]
    problems = [str(problem) for problem in report.problems]
    assert problems == [line for line in shown if not line.endswith(": empty, no events")]
    assert report.status == one.status == 2
    assert [s.file for s in report.files] == corpus
    by_file = {s.file: s for s in report.files}
    assert by_file["missing.ndjson"].error == "No such file or directory"
    assert by_file["big.ndjson"].lines == len(Path("big.ndjson").read_bytes().splitlines())
    total = sum(s.lines for s in report.files)
    assert f"{total:,} lines checked in 6 file(s)" in one.out
    assert report.stopped is False


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@slow
def test_a_terminal_gets_a_progress_bar_of_parts(dask_address, corpus, monkeypatch):
    monkeypatch.setattr(_progress, "_DELAY_S", 0.0)
    err = _Terminal()
    status = run(
        ["validate", "--dask", dask_address, "--range-bytes", RANGE, "big.ndjson"],
        io.StringIO(),
        err,
    )
    assert status == 1
    assert " parts/s" in err.getvalue()


def test_range_bytes_also_cuts_the_ranges_of_jobs(corpus, monkeypatch):
    from callevent_toolkit.cli import _validate

    cuts = []

    def spy(path, part_bytes, **within):
        cuts.append((part_bytes, within))
        return line_ranges(path, part_bytes, **within)

    monkeypatch.setattr(_validate, "line_ranges", spy)
    one = callevent("validate", "big.ndjson")
    pool = callevent("validate", "--jobs", "2", "--range-bytes", RANGE, "big.ndjson")
    assert (pool.out, pool.status) == (one.out, one.status)
    assert cuts[0] == (int(RANGE), {})  # the whole file; then the last units, finer
    assert all(within and part < int(RANGE) for part, within in cuts[1:])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-"], "not '-' (stdin)"),
        (["--jobs", "2", "x.ndjson"], "drop --jobs"),
        (["--envelope", "webhook", "x.ndjson"], "--envelope cannot be combined with --dask"),
        (["--max-line-bytes", "9", "x.ndjson"], "not passed to Dask workers"),
        (["--allow-duplicate-keys", "x.ndjson"], "not passed to Dask workers"),
    ],
)
def test_options_that_make_no_sense_with_dask_are_usage_errors(args, message):
    result = callevent("validate", "--dask", "local:1", *args)
    assert (result.status, result.out) == (2, "")
    assert message in result.err
