"""Writes the sample spreadsheet MSELs of this folder; run from the project root:
``python examples/msel/make_samples.py``. Every file is written by accord's own export
(from a bundled scenario) or, for the office's own layout, by this script; nothing is
copied from elsewhere. tests/test_msel_samples.py checks that the files are current.
"""

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from engine import api  # noqa: E402 - the project root goes on the path first
from engine.read.msel.profiles import PROFILES  # noqa: E402
from engine.render.msel_export import msel_sheet, render_sheet_csv  # noqa: E402
from engine.render.msel_workbook import render_sheet_xlsx  # noqa: E402

# sample file → (bundled scenario, profile); the first is the MSEL of a Paris scenario.
EXPORTS = {
    "mnf_deployment.hseep.xlsx": ("scenarios/mnf_deployment.yaml", "hseep"),
    "renewed_attack.blueprint.xlsx": ("scenarios/renewed_attack.yaml", "blueprint"),
    "unclear_attribution.blueprint-mitre.xlsx": ("scenarios/unclear_attribution.yaml", "blueprint-mitre"),
    "ceasefire_holds.openaev.xlsx": ("scenarios/ceasefire_holds.yaml", "openaev"),
    "attack_day_ten.conducttr.csv": ("examples/attack_day_ten.yaml", "conducttr"),
}
# An office's own sheet, read with office_mapping.yaml against rules/mutual_defence.yaml.
OFFICE = [
    ["Serial", "When", "Type", "Headline", "Text", "Channel", "Severity"],
    ["A-1", "T+0", "Inject", "Treaty in force", "The treaty enters into force at midnight.", "treaty", ""],
    ["A-2", "T+3d", "Inject", "Border incident", "Monitors report shots across the border.", "incident", "Minor"],
    ["A-3", "T+10d", "Inject", "Major attack", "Alpha's forces cross the border in strength.", "military", "Major"],
    ["A-4", "T+10d6h", "Inject", "Second incident", "A patrol is fired upon near the crossing.", "report", "Major"],
]


def samples() -> dict[str, bytes]:
    """Every sample file's content, by name."""
    out: dict[str, bytes] = {}
    for name, (scenario, profile) in EXPORTS.items():
        sheet = msel_sheet(api.load(str(ROOT / scenario)), PROFILES[profile])
        out[name] = render_sheet_xlsx(sheet) if name.endswith(".xlsx") else render_sheet_csv(sheet).encode("utf-8")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(OFFICE)
    out["office.csv"] = buf.getvalue().encode("utf-8")
    return out


if __name__ == "__main__":
    for name, content in samples().items():
        (HERE / name).write_bytes(content)
        print(f"wrote examples/msel/{name}")
