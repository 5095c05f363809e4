"""The words of everything :mod:`somsim.present` shows, one module per language: Danish and English.

Each language module (:mod:`~somsim.present.locale.da`, :mod:`~somsim.present.locale.en`) holds the
same plain dicts of format strings with named fields: ``REPORT`` and ``WHO`` (the HTML report),
``METHOD`` and ``METHOD_PHRASES`` (its method notes), ``PLOT`` and ``UNITS`` (plots), ``WORKBOOK``
(the Excel export), ``HEADLINE`` (the sentence a report can quote), ``LABELS``, ``ACTOR``, ``GROUP``,
``KIND``, ``FAMILY`` and ``PARAM`` (tables). A translation is a new module with the same keys.
"""

from __future__ import annotations

from types import ModuleType

from somsim.present.locale import da, en

__all__ = ["LANGS", "strings"]

LANGS = ("da", "en")
_LOCALES = {"da": da, "en": en}


def strings(lang: str) -> ModuleType:
    """The locale module of `lang` ("da" or "en"); ValueError for any other language."""
    if lang not in _LOCALES:
        raise ValueError(f"lang must be 'da' or 'en' (got {lang!r})")
    return _LOCALES[lang]
