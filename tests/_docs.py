"""The documentation (README.md and every docs/*.md page) as data for the tests that keep it true.

Why one module: a paragraph that moves from the README to a docs page must keep its test, so
the docs tests read every page through these helpers instead of naming one file.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DOCS",
    "PAGES",
    "README",
    "ROOT",
    "Block",
    "blocks",
    "callevent_commands",
    "flat_text",
    "headings",
    "links",
    "page_id",
    "slug",
]

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES: tuple[Path, ...] = (README, *sorted(DOCS.glob("*.md")))

_FENCE = re.compile(r"^```(\S*)\s*$")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_INLINE_CODE = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Block:
    """One fenced code block: where it is (for test ids and tracebacks) and what it holds."""

    page: Path
    line: int  # 1-based line of the block's first code line
    lang: str
    code: str

    @property
    def id(self) -> str:
        return f"{page_id(self.page)}:{self.line}"

    def compiled(self) -> object:
        """The code compiled so that a traceback names the page and its real line number."""
        return compile("\n" * (self.line - 1) + self.code, str(self.page), "exec")


def page_id(page: Path) -> str:
    """The page's path from the repository root (a page elsewhere keeps its full path)."""
    return page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else str(page)


def _split(page: Path) -> tuple[list[Block], list[tuple[int, str]]]:
    """The page's fenced blocks and its prose lines (numbered), fences never mistaken for prose."""
    found: list[Block] = []
    prose: list[tuple[int, str]] = []
    lang: str | None = None
    start = 0
    body: list[str] = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        fence = _FENCE.match(line)
        if lang is None and fence:
            lang, start, body = fence.group(1), number + 1, []
        elif lang is not None and line.rstrip() == "```":
            found.append(Block(page, start, lang, "".join(f"{text}\n" for text in body)))
            lang = None
        elif lang is not None:
            body.append(line)
        else:
            prose.append((number, line))
    assert lang is None, f"{page_id(page)}: a code block opened on line {start - 1} never closes"
    return found, prose


def blocks(lang: str, pages: tuple[Path, ...] = PAGES) -> list[Block]:
    return [block for page in pages for block in _split(page)[0] if block.lang == lang]


def flat_text(page: Path) -> str:
    """The page with every run of whitespace made one space, so claims may wrap lines."""
    return " ".join(page.read_text(encoding="utf-8").split())


def headings(page: Path) -> list[str]:
    """The page's heading texts in order (outside code blocks, where `#` starts a comment)."""
    return [line.lstrip("#").strip() for _, line in _split(page)[1] if re.match(r"#+ ", line)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def links(page: Path) -> list[tuple[int, str]]:
    """Every Markdown link target in the page's prose, with its line (inline code ignored)."""
    return [
        (number, target)
        for number, line in _split(page)[1]
        for target in _LINK.findall(_INLINE_CODE.sub("", line))
    ]


def callevent_commands(page: Path) -> list[tuple[list[str], int]]:
    """The page's `callevent ...` lines in bash blocks, each with the exit status its comment
    states (`# exit 1`), 0 when it states none."""
    commands = []
    for block in blocks("bash", (page,)):
        for line in block.code.splitlines():
            command, _, comment = line.partition("#")
            if command.startswith("callevent "):
                expected = re.search(r"exit (\d)", comment)
                commands.append((shlex.split(command), int(expected[1]) if expected else 0))
    return commands
