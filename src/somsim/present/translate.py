"""The library's English messages (bad-input problems, usage errors) in the user's language.

The library writes every problem and usage error in English, from many layers (the scenario rules, the
schema and pydantic's own error types, the distribution families, file reading, the analyses' argument
checks); its English text is the API, quoted by tests and users. A language other than English has, in
its locale module, tables of ``code: (pattern, text)``: ``pattern`` is a regular expression that
matches one English message in full and names its values; ``text`` is the message in that language,
with the values put back:

* ``{name}`` — as it is: what the user wrote (``got 'komune'``), a key path, a file name;
* ``{name:n}`` — every number in it in the language's number format (the library's own numbers:
  limits, a probability it computed);
* ``{name:i}`` — an interval ``[a, b]`` in the language's format (``[0,5; 1,5]`` in Danish);
* ``{name:t}`` — a part that is translated in its turn: a word of ``TERMS`` or another pattern of the
  table (the role of a distribution, the reason a file was refused …), else with the words of ``WORDS``
  replaced (``a, b or c``); an absent optional part is empty. ``{name:tn}``: translated, then numbers.

A message that ends in ``; did you mean 'x'?`` keeps the suggestion, in the language's words. A message
no pattern matches is shown as the library wrote it (English): tests/test_language.py runs the bad-input
corpus and the usage errors in Danish and fails on any such message.
"""

from __future__ import annotations

import re
import string
from functools import cache
from typing import Any

from somsim.present.locale import strings

__all__ = ["code_of", "localize_numbers", "translate"]

_HINT = re.compile(r"(?P<rest>.*?)(?P<hint>; did you mean '(?P<word>[^'\n]*)'\?)$", re.S)
_NUMBER = re.compile(r"(?<![\w.'])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w'])"
                     r"|(?<![\w.'])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.'])|(?<![\w.'])-inf\b")


def localize_numbers(text: str, lang: str) -> str:
    """Every number of `text` (written by the library in English format) in the format of `lang`."""
    if lang == "en" or not text:
        return text

    def da(m: re.Match) -> str:
        s = m.group().replace(",", "\0").replace(".", ",").replace("\0", ".")
        return "−" + s[1:] if s.startswith("-") else s

    return _NUMBER.sub(da, text)


def _interval(text: str, lang: str) -> str:
    """``[a, b]`` in the format of `lang`: in Danish ``[a; b]`` with decimal commas."""
    if lang == "en" or not text:
        return text
    return localize_numbers(text, lang).replace(", ", "; ")


@cache
def _compiled(lang: str, table: str) -> tuple[tuple[str, re.Pattern, str], ...]:
    texts = getattr(strings(lang), table, {})
    return tuple((code, re.compile(pattern, re.S), text) for code, (pattern, text) in texts.items())


class _Formatter(string.Formatter):
    def __init__(self, lang: str, table: str):
        super().__init__()
        self.lang, self.table = lang, table

    def format_field(self, value: Any, format_spec: str) -> str:
        text = "" if value is None else str(value)
        if format_spec == "i":
            return _interval(text, self.lang)
        if "t" in format_spec:
            text = _part(text, self.lang, self.table)
        if "n" in format_spec:
            text = localize_numbers(text, self.lang)
        return text


def _part(text: str, lang: str, table: str) -> str:
    """A part of a message: a term, or a message of the table, or (words joined by or/and) as it is."""
    if not text:
        return ""
    terms = getattr(strings(lang), "TERMS", {})
    if text in terms:
        return terms[text]
    found = _match(text, lang, table)
    if found is not None:
        return found[1]
    for en, other in getattr(strings(lang), "WORDS", {}).items():
        text = text.replace(en, other)
    return text


def _match(message: str, lang: str, table: str) -> tuple[str, str] | None:
    """The code of `message` and its text in `lang`, or None when no pattern of `table` matches it."""
    hint = _HINT.fullmatch(message)
    body = hint.group("rest") if hint else message
    for code, pattern, text in _compiled(lang, table):
        m = pattern.fullmatch(body)
        if m is None:
            continue
        out = _Formatter(lang, table).format(text, **m.groupdict())
        if hint:
            out += strings(lang).TERMS["did you mean"].format(word=hint.group("word"))
        return code, out
    if table != "PROBLEMS" and table != "TERMS":  # a usage error can quote a problem (an included library's)
        return _match(message, lang, "PROBLEMS")
    return None


def code_of(message: str, lang: str = "da", table: str = "PROBLEMS") -> str | None:
    """The code of the pattern of `table` (in the locale of `lang`) that matches `message`, or None."""
    found = _match(message, lang, table)
    return None if found is None else found[0]


def translate(message: str, lang: str, table: str = "PROBLEMS") -> str:
    """`message` (the library's English) in `lang`; as it is in English or when no pattern matches.

    Parameters
    ----------
    message : str
        A problem's or usage error's English text.
    lang : str
        "da" or "en".
    table : str
        "PROBLEMS" (bad input of a scenario file) or "USAGE" (a bad argument; may also quote a problem).

    Returns
    -------
    str
        The message in `lang`.
    """
    if lang == "en":
        return message
    found = _match(message, lang, table)
    return message if found is None else found[1]
