"""The report's tables for Excel and for scripts: :func:`write_xlsx` and :func:`write_csv`.

Both take a scenario and its summary document (``summary.json`` as a dict) and write the same
numbers: the summary by actor, the result year by year with its bands, the gains by activity, the
inputs with their distributions and sources, the consequence profiles, and the provenance.

* The workbook is for people: Danish (default) or English labels, kroner as ``#,##0 "kr."`` (Excel
  shows the thousands separator of the reader's locale: 4.400.000 kr. in a Danish Excel), shares as
  percentages, frozen header rows, filters, column widths, wrapped text for sources and notes.
* The CSV files are for scripts: UTF-8, comma-separated, a header of English snake_case names, full
  precision numbers with a decimal point, empty cells for missing values.

Every file is written atomically (a temporary file beside the target, then renamed); the six CSV files
are one unit (:class:`somsim._io.OutputSet`). Text cells of the CSV files that a spreadsheet would
take for a formula (beginning with ``= + - @``, tab or CR) get a leading apostrophe (OWASP's rule);
numbers are written as numbers.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from somsim._hygiene import csv_row, csv_safe
from somsim._io import OutputSet, write_with
from somsim.present import tables as TB
from somsim.present.locale import strings
from somsim.scenario.loader import Scenario

__all__ = ["CSV_FILES", "add_csv", "add_xlsx", "csv_tables", "write_csv", "write_xlsx"]

KR = '#,##0 "kr."'
KR_DEC = '#,##0.00 "kr."'
PCT = "0.0%"
INT = "0"

#: the columns of each sheet (key, number format); their labels are the locale's WORKBOOK[sheet][key]
SUMMARY_ROWS = [("gains_pv", KR), ("costs_pv", KR), ("npv", KR), ("npv_per_participant", KR),
                ("break_even_year", INT), ("npv_mean", KR), ("npv_sd", KR), ("npv_mcse", KR), ("npv_p05", KR),
                ("npv_p25", KR), ("npv_p50", KR), ("npv_p75", KR), ("npv_p95", KR), ("prob_positive", PCT),
                ("per_participant_mean", KR), ("per_participant_p05", KR), ("per_participant_p50", KR),
                ("per_participant_p95", KR), ("prob_break_even_by_end", PCT)]
COLUMNS: dict[str, list[tuple[str, str | None]]] = {
    "by_year": [("actor", None), ("year", INT), ("gains", KR), ("costs", KR), ("net", KR), ("cumulative_npv", KR),
                ("cumulative_npv_mean", KR), ("cumulative_npv_p05", KR), ("cumulative_npv_p25", KR),
                ("cumulative_npv_p50", KR), ("cumulative_npv_p75", KR), ("cumulative_npv_p95", KR),
                ("prob_break_even", PCT)],
    "activities": [("activity", None), ("title", None), ("domain", None), ("unit", None), ("kind", None),
                   ("gains_total", KR), ("gains_kommune", KR), ("gains_region", KR), ("gains_stat", KR),
                   ("source", None), ("note", None)],
    "inputs": [("name", None), ("label", None), ("group", None), ("uncertain", None), ("distribution", None),
               ("point", None), ("p05", None), ("p95", None), ("source", None), ("note", None)],
    "consequences": [("activity", None), ("tau", INT), ("per_success", None), ("se", None)],
}


# -- rows shared by both formats -------------------------------------------------------------

def _activity_rows(sc: Scenario, doc: dict, lang: str) -> list[dict[str, Any]]:
    out = []
    for r in TB.activity_rows(sc, doc, lang):
        out.append({"activity": r["activity"], "title": r["title"], "domain": r["domain"], "unit": r["unit"],
                    "kind": r["kind"], **{f"gains_{a}": r["gains_pv"][a] for a in TB.ORDER},
                    "source": r["source"], "note": r["note"]})
    return out


def _consequence_rows(sc: Scenario) -> list[dict[str, Any]]:
    out = []
    for c in sc.consequences:
        for i, q in enumerate(c.per_success):
            out.append({"activity": c.activity.key, "tau": i + 1, "per_success": q,
                        "se": c.se[i] if c.se else None})
    return out


def _about(sc: Scenario, doc: dict) -> list[tuple[str, Any]]:
    prov = doc.get("provenance") or {}
    return [("title", sc.title), ("id", sc.id), ("file", Path(sc.path).name), ("sha256", sc.sha256),
            ("version", doc.get("somsim_version")), ("numpy", prov.get("numpy_version")),
            ("seed", doc.get("seed")), ("draws", doc.get("draws")), ("sampler", doc.get("sampler")),
            ("band_draws", TB.band_draws(doc)), ("price_year", sc.price_year), ("horizon", sc.horizon),
            ("participants", sc.participants), ("discount", sc.discount_rate.describe()),
            ("created", _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")),
            ("schema", doc.get("schema"))]


# -- Excel -----------------------------------------------------------------------------------

def write_xlsx(path: str | Path, sc: Scenario, doc: dict, *, lang: str = "da") -> None:
    """Write the tables to an Excel workbook at `path` (atomically)."""
    wb = workbook(sc, doc, lang=lang)
    write_with(path, lambda tmp: wb.save(tmp), suffix=".xlsx")


def add_xlsx(outputs: OutputSet, path: str | Path, sc: Scenario, doc: dict, *, lang: str = "da") -> None:
    """Add the workbook of :func:`write_xlsx` to a set of outputs written as a unit."""
    wb = workbook(sc, doc, lang=lang)
    outputs.add_file(path, lambda tmp: wb.save(tmp))


def workbook(sc: Scenario, doc: dict, *, lang: str = "da"):
    """The openpyxl Workbook of :func:`write_xlsx` (not saved): one sheet per table, then the provenance."""
    from openpyxl import Workbook

    W = strings(lang).WORKBOOK
    wb = Workbook()
    _summary_sheet(_Sheet(wb.active, W), sc, doc, lang)
    yrows = [{**r, "actor": TB.actor_label(a, lang)} for a in TB.result_keys(doc) for r in TB.by_year_rows(doc, a)]
    cols = [c for c in _columns(W, "by_year") if any(c[0] in r for r in yrows)]  # bands only after a run
    _Sheet(wb.create_sheet(W["sheets"]["by_year"]), W).table(cols, yrows)
    _Sheet(wb.create_sheet(W["sheets"]["activities"]), W).table(_columns(W, "activities"),
                                                               _activity_rows(sc, doc, lang))
    irows = [{**r, "uncertain": W["yes"] if r["uncertain"] else W["no"]} for r in TB.input_rows(sc, lang)]
    _Sheet(wb.create_sheet(W["sheets"]["inputs"]), W).table(_columns(W, "inputs"), irows)
    _Sheet(wb.create_sheet(W["sheets"]["consequences"]), W).table(_columns(W, "consequences"), _consequence_rows(sc))
    _about_sheet(_Sheet(wb.create_sheet(W["sheets"]["about"]), W), sc, doc)
    # the workbook holds values only: scenario text that starts with "=" (a title, a note, a source)
    # would otherwise be stored as a live formula by openpyxl
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.data_type == "f":
                    c.data_type = "s"
    return wb


def _columns(W: dict, sheet: str) -> list[tuple[str, str, str | None]]:
    """(key, label, number format) of each column of `sheet`."""
    return [(key, W[sheet][key], fmt) for key, fmt in COLUMNS[sheet]]


class _Sheet:
    """A worksheet with the workbook's styles: bold shaded headers, frozen panes, filters, column widths."""

    def __init__(self, ws, W: dict):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws, self.W = ws, W
        self.bold = Font(bold=True)
        self.head_fill = PatternFill("solid", fgColor="E8EEF4")
        self.head_border = Border(bottom=Side(style="thin", color="404040"))
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")

    def header(self, row: int, labels: list[str]) -> None:
        """A header row of bold, shaded cells."""
        from openpyxl.styles import Alignment

        for j, text in enumerate(labels, start=1):
            c = self.ws.cell(row=row, column=j, value=text)
            c.font, c.fill, c.border = self.bold, self.head_fill, self.head_border
            c.alignment = Alignment(wrap_text=True, vertical="bottom")

    def widths(self, spec: Mapping[int, float]) -> None:
        """Column widths (characters) by column number."""
        from openpyxl.utils import get_column_letter

        for j, w in spec.items():
            self.ws.column_dimensions[get_column_letter(j)].width = w

    def table(self, cols, rows: list[dict], first_row: int = 1, wide: tuple[str, ...] = ("source", "note")) -> None:
        """A table of `rows` under a header: numbers formatted, long text wrapped, filters and frozen panes."""
        from openpyxl.utils import get_column_letter

        ws = self.ws
        self.header(first_row, [c[1] for c in cols])
        for i, r in enumerate(rows, start=first_row + 1):
            for j, (key, _, fmt) in enumerate(cols, start=1):
                v = r.get(key)
                c = ws.cell(row=i, column=j, value=v)
                if fmt and isinstance(v, (int, float)) and not isinstance(v, bool):
                    c.number_format = fmt
                elif fmt is None and isinstance(v, (int, float)) and TB.finite(v):
                    c.number_format = "#,##0" if abs(v) >= 1000 and float(v).is_integer() else "General"
                c.alignment = self.wrap if key in wide else self.top
        ws.freeze_panes = ws.cell(row=first_row + 1, column=2)
        if rows:
            last = get_column_letter(len(cols))
            ws.auto_filter.ref = f"A{first_row}:{last}{first_row + len(rows)}"
        spec: dict[int, float] = {}
        for j, (key, label, fmt) in enumerate(cols, start=1):
            if key in wide:
                spec[j] = 60
            else:
                longest = max([len(str(label))] + [len(_shown(r.get(key), fmt)) for r in rows[:500]])
                spec[j] = min(48, max(9, longest + 3))
        self.widths(spec)


def _summary_sheet(s: _Sheet, sc: Scenario, doc: dict, lang: str) -> None:
    """Measures down, actors across, as in SØM's own tables; the headline sentence above."""
    from openpyxl.styles import Alignment, Font

    from somsim.present.headline import headline_sentence, is_reconstruction

    ws, W = s.ws, s.W
    ws.title = W["sheets"]["summary"]
    ws["A1"] = sc.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = W["facts"].format(id=sc.id, n=sc.participants, h=sc.horizon, y=sc.price_year)
    ws["A3"] = headline_sentence(doc, "total", lang, numbers=lang, assumed_spreads=is_reconstruction(sc))
    ws["A3"].alignment = Alignment(wrap_text=False)
    hr = 5
    keys = TB.result_keys(doc)  # the committees (§6.5) after the actors
    s.header(hr, [W["measure"]] + [TB.actor_label(a, lang) for a in keys])
    rows = {r["actor"]: r for r in TB.summary_rows(doc, committees=True)}
    i = hr + 1
    for key, fmt in SUMMARY_ROWS:
        if key not in rows["total"]:
            continue
        ws.cell(row=i, column=1, value=W["summary_rows"][key])
        for j, a in enumerate(keys, start=2):
            c = ws.cell(row=i, column=j, value=rows[a][key])
            c.number_format = fmt
        if key in ("npv", "npv_mean"):
            for j in range(1, len(keys) + 2):
                ws.cell(row=i, column=j).font = s.bold
        i += 1
    ws.freeze_panes = ws.cell(row=hr + 1, column=2)
    s.widths({1: 58, **{j: 18 for j in range(2, len(keys) + 2)}})


def _about_sheet(s: _Sheet, sc: Scenario, doc: dict) -> None:
    """The provenance: field and value."""
    from openpyxl.styles import Alignment

    ws, W = s.ws, s.W
    s.header(1, [W["key"], W["value"]])
    for i, (k, v) in enumerate(_about(sc, doc) + [("note", W["about_note"])], start=2):
        ws.cell(row=i, column=1, value=W["about"][k])
        ws.cell(row=i, column=2, value=v).alignment = Alignment(horizontal="left")
    ws.freeze_panes = "A2"
    s.widths({1: 30, 2: 80})


def _shown(v, fmt) -> str:
    if v is None:
        return ""
    if fmt == KR and isinstance(v, (int, float)):
        return f"{v:,.0f} kr."
    if fmt == PCT and isinstance(v, (int, float)):
        return f"{100 * v:.1f}%"
    return str(v)


# -- CSV -------------------------------------------------------------------------------------

#: the files of :func:`write_csv`, in the order written
CSV_FILES = ("summary.csv", "by_year.csv", "activities.csv", "inputs.csv", "consequences.csv", "about.csv")


def _cell(v: Any) -> Any:
    """A CSV cell: empty for None, floats at full precision (numbers stay numbers), text made formula-safe."""
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return csv_safe(v)


def _csv_text(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """CSV text; a text cell that begins with = + - @, tab or CR gets a leading apostrophe (OWASP's rule)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_row(columns))
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def csv_tables(sc: Scenario, doc: dict) -> dict[str, str]:
    """{file name: CSV text} of :func:`write_csv`."""
    summary = TB.summary_rows(doc, committees=True)
    cols = list(summary[0])
    by_year = [r for a in TB.result_keys(doc) for r in TB.by_year_rows(doc, a)]
    ycols = list(dict.fromkeys(k for r in by_year for k in r))
    inputs = TB.input_rows(sc, "en")
    icols = ["name", "label", "group", "uncertain", "distribution", "point", "p05", "p95", "source", "note"]
    acts = _activity_rows(sc, doc, "en")
    acols = ["activity", "title", "domain", "unit", "kind", *(f"gains_{a}" for a in TB.ORDER), "source", "note"]
    about = [{"key": k, "value": v} for k, v in _about(sc, doc)]
    return {
        "summary.csv": _csv_text(summary, cols),
        "by_year.csv": _csv_text(by_year, ycols),
        "activities.csv": _csv_text(acts, acols),
        "inputs.csv": _csv_text([{**r, "group": r["group_key"]} for r in inputs], icols),
        "consequences.csv": _csv_text(_consequence_rows(sc), ["activity", "tau", "per_success", "se"]),
        "about.csv": _csv_text(about, ["key", "value"]),
    }


def write_csv(directory: str | Path, sc: Scenario, doc: dict) -> None:
    """Write the tables as CSV files into `directory` (created if missing), all six as one unit.

    The files are summary.csv, by_year.csv, activities.csv, inputs.csv, consequences.csv and about.csv.
    """
    with OutputSet() as out:
        add_csv(out, directory, sc, doc)


def add_csv(outputs: OutputSet, directory: str | Path, sc: Scenario, doc: dict) -> None:
    """Add the CSV files of :func:`write_csv` (in `directory`, created when the set is written) to a set of outputs."""
    d = Path(directory)
    for name, text in csv_tables(sc, doc).items():
        outputs.add_text(d / name, text)
