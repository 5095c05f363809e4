"""Reading scenario and library files: UTF-8 text and TOML, with their problems in somsim's words."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from somsim.scenario.report import Report

__all__ = ["not_utf8", "parse_toml", "read_text"]


def not_utf8(e: UnicodeDecodeError) -> tuple[str, int]:
    """The message for a file that is not UTF-8 text, and the line of the first bad byte."""
    line = e.object[: e.start].count(b"\n") + 1
    return (f"the file is not UTF-8 text (got byte 0x{e.object[e.start]:02x} on line {line}; "
            "expected UTF-8: save the file as UTF-8)"), line


def read_text(path: Path) -> str:
    """The text of a file; a byte-order mark (Notepad writes one) is not an error.

    Raises
    ------
    OSError, UnicodeDecodeError
        As :meth:`pathlib.Path.read_text`; the caller words the problem for its context.
    """
    return path.read_text(encoding="utf-8-sig")


def parse_toml(report: Report, text: str, file: str) -> dict | None:
    """Parse `text` as TOML; on a syntax error, report it (with its line and column) and return None."""
    report.read(file, text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        col = f" (at column {m.group(2)})" if m else ""
        report.error(file, "", f"TOML syntax error: {msg}{col}", line)
        return None
