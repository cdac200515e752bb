"""An MSEL sheet as an XLSX workbook (openpyxl): styled header, frozen, sized, wrapped.

Text cells are written as text, never as formulas (openpyxl turns any string starting with
``=`` into a formula unless told otherwise), and a cell a spreadsheet would read as a
formula gets Excel's own quote prefix (the cell style's ``quotePrefix``), so its text is
unchanged. The bytes depend on the sheet only: the document's dates and the ZIP entries'
times are fixed, so one scenario always gives the same file.
"""

import io
import zipfile
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from engine.read.msel.cells import guarded
from engine.render.msel_export import Sheet, widths

FIXED_TIME = datetime(2000, 1, 1)  # the workbook's created/modified dates: any constant will do
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry holds
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WRAP = Alignment(wrap_text=True, vertical="top")


def render_sheet_xlsx(sheet: Sheet, name: str = "MSEL") -> bytes:
    """The sheet as an XLSX workbook with one worksheet called ``name``."""
    wb = Workbook()
    ws = wb.worksheets[0]
    if not isinstance(ws, Worksheet):  # pragma: no cover - a new workbook's sheet is a worksheet
        raise TypeError(type(ws).__name__)
    ws.title = name[:31]  # Excel's limit
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
    for r, row in enumerate(sheet.rows, start=2):
        for c, value in enumerate(row, start=1):
            _put(ws.cell(row=r, column=c), value)
    for i, width in enumerate(widths(sheet.headers, sheet.rows), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    buf = io.BytesIO()
    # ExcelWriter rather than wb.save, which stamps the time of day into the properties.
    ExcelWriter(wb, _DatedZip(buf, "w", zipfile.ZIP_DEFLATED)).save()
    return buf.getvalue()


def _put(cell: Cell | MergedCell, value: str | int | float) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with '=' (openpyxl made it a formula)
        cell.alignment = _WRAP
        if guarded(value):
            cell.quotePrefix = True


class _DatedZip(zipfile.ZipFile):
    """A ZIP whose entries all carry ``ZIP_TIME``: zipfile dates an entry with the current
    time (``writestr``) or the file's (``write``, which openpyxl uses for worksheets)."""

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        with open(filename, "rb") as f:
            self.writestr(str(arcname or filename), f.read(), compress_type, compresslevel)
