"""Warnings and bad-input problems in the user's language.

The library writes each :class:`~somsim.errors.Problem` in English (its ``message``) and, where it can,
names it with a ``code`` and its values (``params``); here the code becomes the locale's sentence
(``WARNINGS``) with the values in the language's number format. A problem without a code, or a code
the locale does not know, is shown as the library wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from somsim._text import number
from somsim.present.locale import strings
from somsim.present.report.format import sig, value

__all__ = ["format_params", "problem_line", "problem_text", "update_warning", "update_warning_lines",
           "warning_lines"]


def format_params(params: Iterable[tuple[str, Any]], lang: str) -> dict[str, str]:
    """The values of a message as text: years as written, counts with thousands, other numbers to 3 digits."""
    out: dict[str, str] = {}
    for k, v in params:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            out[k] = str(v)
        elif k == "year":
            out[k] = str(v)
        elif isinstance(v, int):
            out[k] = number(v, 0, lang)
        elif v != 0 and abs(v) < 1e-4:  # a tiny probability: 1,9e-08
            out[k] = f"{v:.2g}".replace(".", "," if lang == "da" else ".").replace("-", "−")
        else:
            out[k] = value(sig(v, 3), lang)
    return out


def problem_text(p, lang: str, table: str = "WARNINGS") -> str:
    """The message of problem `p` in `lang`: by its code, else by its English text (:mod:`somsim.present.translate`).

    A message the locale does not know is shown as the library wrote it.
    """
    texts = getattr(strings(lang), table, {})
    if p.code and isinstance(texts.get(p.code), str):
        return texts[p.code].format(**format_params(p.params, lang))
    from somsim.present.translate import translate

    return translate(p.message, lang)


def problem_line(p, lang: str, table: str = "WARNINGS") -> str:
    """``FILE[:LINE]: key.path: message`` with the message in `lang`."""
    where = p.file if p.line is None else f"{p.file}:{p.line}"
    return f"{where}: {p.path or '(file)'}: {problem_text(p, lang, table)}"


def warning_lines(warnings: Iterable, lang: str) -> list[str]:
    """One line per warning, headed 'advarsel:' (da) or 'warning:' (en)."""
    word = strings(lang).CONSOLE["warning"]
    return [f"{word}: {problem_line(w, lang)}" for w in warnings]


def update_warning(u, lang: str) -> str | None:
    """The warning of one ``[[observation]]`` update (an :class:`somsim.decide.update.InputUpdate`) in `lang`."""
    from somsim.decide.update import ESS_WARN

    if not u.warning:
        return None
    texts = strings(lang).WARNINGS
    if u.ess is not None and u.ess < ESS_WARN and "low_ess" in texts:
        return texts["low_ess"].format(ess=number(u.ess, 1, lang), draws=number(u.draws or 0, 0, lang),
                                       limit=number(ESS_WARN, 0, lang))
    return u.warning


def update_warning_lines(upd, lang: str) -> list[str]:
    """The warnings of the ``[[observation]]`` updates (:class:`somsim.decide.update.Update`), one line each."""
    word = strings(lang).CONSOLE["warning"]
    return [f"{word}: {u.name}: {update_warning(u, lang)}" for u in upd.inputs if u.warning]
