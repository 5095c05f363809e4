"""What a reader sees: plots, the HTML report, Excel and CSV exports, and the command line's tables.

============================  ==================================================================
module                        holds
============================  ==================================================================
:mod:`.plots`                 ``plot_*`` functions: plain data in, a matplotlib Axes out
:mod:`.report`                the HTML report: one builder per section, a Jinja2 template
:mod:`.tables`                the report's tables as rows of plain values (shared by the exports)
:mod:`.exports`               the tables as an Excel workbook and as CSV files
:mod:`.headline`              the sentence a report can quote
:mod:`.console`               rich tables for the command line (built here, printed by :mod:`somsim.cli`)
:mod:`.locale`                every word shown, in Danish (``da``) and English (``en``)
============================  ==================================================================

This layer reads results (summary documents, sensitivity and VOI results) and never computes them,
except :mod:`.report.analyses`, which runs the small analyses a report shows. It never prints.
"""
