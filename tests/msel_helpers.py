"""Spreadsheets for the MSEL tests, written here (openpyxl, the csv module), never copied."""

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

HSEEP_HEADER = ["Event Number", "Designated Scenario Time", "Event Type", "Inject Mode", "From", "To",
                "Message", "Expected Participant Response", "Exercise Objective", "Notes"]

PACK = """\
pack: msel_test
actors:
  alpha: {name: Alpha}
  bravo: {name: Bravo}
state:
  alerts: {type: int, initial: 0}
events:
  alert: {fields: {level: {type: enum, values: [low, high]}, count: {type: int}}}
  briefing: {}
rules:
  - id: R-alert
    on: alert
    then: [{add: {alerts: 1}}]
"""


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, sheet: str = "MSEL",
               merge: Sequence[str] = (), cached: dict[str, object] | None = None) -> str:
    """A workbook with one sheet of ``rows``; ``merge`` ranges merged; a formula cell (a string
    starting with '=') gets the saved value ``cached[ref]`` when given, as Excel would save it
    (a text starting with '#' is saved as an error value such as #REF!)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for ref in merge:
        ws.merge_cells(ref)
    buf = io.BytesIO()
    wb.save(buf)
    data = _with_cached_values(buf.getvalue(), cached or {})
    path.write_bytes(data)
    return str(path)


def _with_cached_values(data: bytes, cached: dict[str, object]) -> bytes:
    if not cached:
        return data
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = content.decode()
                for ref, value in cached.items():
                    kind = "" if not isinstance(value, str) else ' t="e"' if value.startswith("#") else ' t="str"'
                    text = re.sub(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>',
                                  rf'<c r="{ref}"\1{kind}><f>\2</f><v>{value}</v>', text)
                content = text.encode()
            dst.writestr(info, content)
    return out.getvalue()


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, delimiter: str = ",", bom: bool = False,
              encoding: str = "utf-8") -> str:
    """A CSV file of ``rows``."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes((("\ufeff" if bom else "") + buf.getvalue()).encode(encoding))
    return str(path)


def hseep_rows(*rows: Sequence[object]) -> list[list[object]]:
    """The HSEEP header, then ``rows`` padded to its width."""
    return [HSEEP_HEADER, *([*r, *[""] * (len(HSEEP_HEADER) - len(r))] for r in rows)]


_WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="MSEL" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>'),
}


def write_big_xlsx(path: Path, header: Sequence[str], row: Sequence[str], rows: int) -> str:
    """A minimal workbook of ``rows`` copies of ``row`` under ``header`` (inline strings, rows
    without numbers, as the format allows), written in chunks: a million rows in a second."""
    def cells(values: Sequence[str]) -> bytes:
        return ("<row>" + "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values) + "</row>").encode()

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _WORKBOOK_PARTS.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            f.write(cells(header))
            block = cells(row) * 10_000
            for _ in range(rows // 10_000):
                f.write(block)
            f.write(cells(row) * (rows % 10_000))
            f.write(b"</sheetData></worksheet>")
    return str(path)
