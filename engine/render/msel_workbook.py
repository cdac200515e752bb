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

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from engine.read.msel_cells import guarded
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
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _put(cell: Cell | MergedCell, value: str | int | float) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, even when it starts with '=' (openpyxl made it a formula)
        cell.alignment = _WRAP
        if guarded(value):
            cell.quotePrefix = True


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with every entry dated ``ZIP_TIME`` (openpyxl stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
