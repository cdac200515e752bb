"""Render: what writes files for people, from records and analyses.

Markdown, HTML (jinja2 templates in ``templates/``, package data), charts (``charts/``, the
only place that imports matplotlib), the MSEL, events CSV, the after-action report, the
players' handout, safe spreadsheet cells (``cells``) and safe writing (``output``).

May import: ``engine.errors``, ``read``, ``check``, ``simulate``, ``analyse``.

Modules:
- ``run_files``: every file of one run; ``formats``: their names by format (imports nothing,
  for ``accord run --help``); ``report_md``, ``report_html``, ``aar_md``; ``glance`` and
  ``glance_md`` (a run report's first screen), ``print_timeline`` (its timeline on paper);
- ``msel``, ``events_csv``, ``handout``, ``starter`` (``accord new``);
- spreadsheet MSELs: ``msel_export`` (a scenario in a platform's columns, CSV and Markdown),
  ``msel_workbook`` (XLSX), ``cells`` (the formula-injection guard every spreadsheet cell
  passes), ``csv_file`` (the one CSV dialect every CSV is written in), and for
  ``accord msel import``: ``msel_rows`` (rows → injects), ``msel_payload`` (payload cells,
  mapping rules), ``msel_scenario`` (the document around them),
  ``scenario_yaml`` (plain data → YAML text) and ``msel_import`` (the whole import, checked);
- ``compare_report``, ``compare_cells`` (one cell's text), ``compare_diff`` (the differences view);
  ``paired_cells`` (paired differences as text); ``sweep_report``, ``sweep_html``, ``sweep_paired``
  (the sweep's paired view), ``sweep_files``, ``per_run``; ``forecast_report`` (a forecast's files);
- ``html_page``, ``md``: shared page layout, Markdown text and cells made inert; ``percent``:
  percentages as people read them (one decimal); ``output``:
  writing files without harming what a path points at, folders all or nothing;
  ``beside``: jobs in forked children (the charts' PNGs, while the text files render);
- ``charts``: timeline, comparison and distribution charts (PNG and SVG).
"""

__all__ = [
    "aar_md", "beside", "cells", "charts", "compare_cells", "compare_diff", "compare_report", "csv_file",
    "events_csv", "forecast_report", "formats", "glance", "glance_md", "handout", "html_page", "md", "msel",
    "msel_export", "msel_import", "msel_payload", "msel_rows", "msel_scenario", "msel_workbook", "output",
    "paired_cells", "per_run", "percent", "print_timeline", "report_html", "report_md", "run_files",
    "scenario_yaml", "starter", "sweep_files", "sweep_html", "sweep_paired", "sweep_report",
]
