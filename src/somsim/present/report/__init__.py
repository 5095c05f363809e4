"""The report: one self-contained HTML file in Danish or English (plots embedded, no network, no script).

:func:`build_report` runs the base case and a probabilistic run (unless given a result), draws the
plots (:mod:`somsim.present.plots`) and fills ``templates/report.html.j2`` with
:func:`report_context`, which calls one builder per section (:mod:`~somsim.present.report.sections`,
:mod:`~somsim.present.report.sensitivity`, :mod:`~somsim.present.report.method`); the words are in
:mod:`somsim.present.locale`. :func:`write_report` writes the file atomically. Every piece of
scenario text is escaped by Jinja's autoescape, and a Content-Security-Policy in the page forbids
scripts and every request that is not an embedded image.

With ``analyses=True`` the report adds a tornado, Sobol' indices and a value-of-information ranking
from small runs (:mod:`~somsim.present.report.analyses`); a method that fails is named in the report.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["build_report", "render", "report_context", "summary_document", "write_report"]

# imported on first use: the formatting helpers of this package (``format``) serve the command line's
# tables too, and ``somsim check`` must not pay for matplotlib and Jinja2
_WHERE = {"build_report": "build", "render": "build", "summary_document": "build", "write_report": "build",
          "report_context": "context"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
