"""Opening a spreadsheet MSEL: an XLSX workbook's sheet, or a CSV file, read row by row.

The file's first bytes decide, not its name: a ZIP package is a workbook; an OLE compound
file is an old binary ``.xls`` or a password-protected workbook (an encrypted OOXML
package is a compound file holding an ``EncryptedPackage`` stream, [MS-OFFCRYPTO]
2.3.4.4), both refused with what to do; anything else is read as CSV text.
"""

from typing import BinaryIO

from engine.errors import InputError
from engine.read.msel.cells import MAX_SHEET_BYTES, CellMark, Sheet
from engine.read.msel.csv_file import CsvSheet
from engine.read.safe_open import open_regular

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # a compound file's directory entry name


def open_sheet(path: str, sheet: str | None = None) -> Sheet:
    """The sheet ``sheet`` (default: the first) of the workbook at ``path``, or the CSV file.

    Raises InputError for an unreadable, encrypted, legacy (.xls) or damaged file, and for
    an unknown sheet. The caller closes the sheet."""
    where = CellMark(path, 0, 0)
    try:
        # A regular file within MAX_SHEET_BYTES: not /dev/zero, a pipe or a folder (engine/read/safe_open).
        with open_regular(path, limit=MAX_SHEET_BYTES, what="a spreadsheet (.xlsx or .csv)") as f:
            head = f.read(8)
            if head.startswith(CFB_MAGIC):
                raise InputError.at(where, _compound_file(f))
    except OSError as exc:
        raise InputError.at(where, f"cannot read the file: {exc.strerror or exc}") from None
    if head.startswith(ZIP_MAGIC):
        from engine.read.msel.xlsx_file import XlsxSheet  # noqa: PLC0415 - openpyxl loads for workbooks only

        return XlsxSheet.open(path, sheet)
    if path.lower().endswith((".xlsx", ".xlsm")):
        raise InputError.at(where, "damaged workbook: an .xlsx file is a ZIP package, and this one is not")
    if sheet is not None:
        raise InputError.at(where, f"--sheet {sheet}: a CSV file has no sheets")
    try:
        return CsvSheet(path)
    except OSError as exc:
        raise InputError.at(where, f"cannot read the file: {exc.strerror or exc}") from None


def _compound_file(f: BinaryIO) -> str:
    if _holds(f, ENCRYPTED_STREAM):
        return ("the workbook is password-protected (encrypted): open it, remove the password "
                "(File > Info > Protect Workbook > Encrypt with Password) and save it again")
    return "an old binary Excel workbook (.xls): save it as an Excel Workbook (.xlsx) or as CSV UTF-8"


def _holds(f: BinaryIO, needle: bytes, chunk: int = 1 << 20) -> bool:
    """Does the rest of ``f`` contain ``needle``? Read a chunk at a time (the compound
    file's directory, where stream names are, may be anywhere in it)."""
    tail = b""
    while block := f.read(chunk):
        if needle in tail + block:
            return True
        tail = block[-len(needle):]
    return False
