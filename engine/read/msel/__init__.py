"""Spreadsheet MSELs (``accord msel import``): a workbook's sheet or a CSV file read as rows
of cells, and the platforms' column sets that give the rows their meaning.

Part of the ``read`` stage: may import ``engine.errors`` and ``engine.read``.

Modules:
- ``sheets``: opens a sheet, ``xlsx_file`` (openpyxl, streamed, formulas never evaluated)
  or ``csv_file`` (UTF-8 with or without BOM, ``;`` or ``,``), as rows of ``cells``;
- ``profiles``: the platforms' column sets (hseep, blueprint, openaev, conducttr);
  ``mapping``: an office's own mapping file; ``table``: finds the header, splits rows by field;
- ``times``: reads the time notations (``T+2d6h``, ``D+2 H+3 M+45``, ``09:05`` …),
  ``time_formats`` writes them.
"""

__all__ = ["cells", "csv_file", "mapping", "profiles", "sheets", "table", "time_formats", "times", "xlsx_file"]
