"""Reading scenario and library files: UTF-8 text and TOML, with their problems in somsim's words."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from somsim._resources import read_limited
from somsim.scenario.report import Report

__all__ = ["MAX_NESTING", "not_utf8", "parse_toml", "read_text"]

MAX_NESTING = 32  # arrays / inline tables within each other


def not_utf8(e: UnicodeDecodeError) -> tuple[str, int]:
    """The message for a file that is not UTF-8 text, and the line of the first bad byte."""
    line = e.object[: e.start].count(b"\n") + 1
    return (f"the file is not UTF-8 text (got byte 0x{e.object[e.start]:02x} on line {line}; "
            "expected UTF-8: save the file as UTF-8)"), line


def read_text(path: Path) -> str:
    """The text of a file; a byte-order mark (Notepad writes one) is not an error.

    The file must be a regular file of at most 10 MiB (:func:`somsim._resources.read_limited`): a
    FIFO, ``/dev/zero`` or a directory is refused without blocking or reading it.

    Raises
    ------
    InputRefused
        (a UsageError) Not found, not a regular file, too large; its ``reason`` is the message.
    UnicodeDecodeError
        The file is not UTF-8; the caller words the problem for its context.
    """
    return read_limited(path).decode("utf-8-sig")


def _data_depth(x: object, level: int = 0) -> int:
    """The nesting depth of parsed TOML (stops counting just past MAX_NESTING)."""
    if level > MAX_NESTING or not isinstance(x, (dict, list)):
        return level
    items = x.values() if isinstance(x, dict) else x
    return max((_data_depth(v, level + 1) for v in items), default=level)


def _depth(text: str) -> tuple[int, int]:
    """The deepest nesting of brackets/braces outside strings and comments, and its line (a cheap scan)."""
    depth = best = 0
    line = best_line = 1
    quote = ""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            if quote in ('"', "'"):
                quote = ""  # a one-line string cannot span lines (TOML reports that itself)
        elif quote:
            if text.startswith(quote, i) and (quote == "'" or quote == "'''" or text[i - 1] != "\\"):
                i += len(quote)
                quote = ""
                continue
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            continue
        elif c in "[{":
            depth += 1
            if depth > best:
                best, best_line = depth, line
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return best, best_line


def parse_toml(report: Report, text: str, file: str) -> dict | None:
    """Parse `text` as TOML; on a syntax error, report it (with its line and column) and return None."""
    report.read(file, text)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per level: a few hundred levels exhaust the stack
        data = None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        col = f" (at column {m.group(2)})" if m else ""
        report.error(file, "", f"TOML syntax error: {msg}{col}", line)
        return None
    if data is None or _data_depth(data) > MAX_NESTING:
        depth, line = _depth(text)  # scanned only then: the nesting and its line
        report.error(file, "", f"arrays or inline tables nested {depth} deep; at most {MAX_NESTING} levels are "
                               f"accepted (a scenario needs 3)", line)
        return None
    return data
