"""Every relative link in the README and the docs leads to a file that exists and, when it
names one, to a heading that exists in that file; every docs page is reachable from the index."""

from __future__ import annotations

import re
from pathlib import Path

from _docs import DOCS, PAGES, README, ROOT, headings, links, page_id, slug

# Pages written on other branches, which a link may name before that merge (none now).
# Once the file exists it is checked.
_PENDING: set[str] = set()


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for heading in headings(page):
        base = slug(heading)
        anchors.add(f"{base}-{seen[base]}" if base in seen else base)
        seen[base] = seen.get(base, 0) + 1
    return anchors


def _broken(page: Path) -> list[str]:
    broken = []
    for line, target in links(page):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ...
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        where = f"{page_id(page)}:{line}: {target}"
        if not file.is_file():
            pending = file.is_relative_to(ROOT) and file.relative_to(ROOT).as_posix() in _PENDING
            if not pending:
                broken.append(f"{where}: no such file")
        elif anchor and (file.suffix != ".md" or anchor not in _anchors(file)):
            broken.append(f"{where}: no heading with that anchor")
    return broken


def test_every_relative_link_resolves():
    assert [problem for page in PAGES for problem in _broken(page)] == []


def test_the_docs_do_link_to_each_other():
    """Guards the test above against a link pattern that silently matches nothing."""
    relative = [t for page in PAGES for _, t in links(page) if not re.match(r"[a-z]+:", t)]
    assert len(relative) >= 20
    assert any("#" in target for target in relative)


def test_a_broken_link_or_anchor_is_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Title: `code()`\n\n[ok](#title-code) [bad](#nope) [gone](missing.md)\n"
        "```bash\n[not a link](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert _broken(page) == [
        f"{page}:3: #nope: no heading with that anchor",
        f"{page}:3: missing.md: no such file",
    ]


def test_every_docs_page_is_linked_from_the_index_and_the_index_from_the_readme():
    index = DOCS / "index.md"
    linked = {(index.parent / t.partition("#")[0]).resolve() for _, t in links(index)}
    assert set(DOCS.glob("*.md")) - {index} <= linked
    assert index in {(README.parent / t.partition("#")[0]).resolve() for _, t in links(README)}


_REPO_FILE = re.compile(r"\b(?:tests|benchmarks|callevent_toolkit)/[\w/.-]+\.py\b")


def test_every_repository_file_the_docs_name_exists():
    """Files named in prose (`tests/test_timelines.py`) move too when modules are reorganised."""
    named = {
        (page_id(page), name)
        for page in PAGES
        for name in _REPO_FILE.findall(page.read_text(encoding="utf-8"))
    }
    assert len(named) >= 3
    assert [(page, name) for page, name in sorted(named) if not (ROOT / name).is_file()] == []
