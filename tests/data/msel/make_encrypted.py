"""Writes encrypted.xlsx: a small MSEL workbook protected with the password "secret".

Run once by hand (it needs msoffcrypto-tool, which accord itself does not use):
``python tests/data/msel/make_encrypted.py``. The file is committed; tests only read it.
"""

import io
from pathlib import Path

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-not-found]

wb = openpyxl.Workbook()
ws = wb.active
ws.title = "MSEL"
ws.append(["Event Number", "Designated Scenario Time", "Message"])
ws.append(["1", "T+0", "The exercise starts."])
plain = io.BytesIO()
wb.save(plain)
plain.seek(0)
out = io.BytesIO()
OOXMLFile(plain).encrypt("secret", out)
(Path(__file__).parent / "encrypted.xlsx").write_bytes(out.getvalue())
