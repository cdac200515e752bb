"""`accord msel import`: a spreadsheet MSEL becomes a scenario, or every problem is reported at
its sheet and cell, exit 2, and nothing is written."""

import json
from datetime import UTC
from pathlib import Path

import pytest
from conftest import write
from msel_helpers import HSEEP_HEADER, PACK, hseep_rows, write_big_xlsx, write_csv, write_xlsx

from engine.cli import main
from engine.read.msel.cells import CellMark
from engine.read.msel.profiles import HSEEP
from engine.read.msel.sheets import open_sheet
from engine.read.msel.table import Table
from engine.read.msel.times import Clock
from engine.read.scenario import Inject
from engine.read.yamlio import load_file, load_text
from engine.render.msel_rows import Checks, Imported, import_rows

DATA = Path(__file__).parent / "data" / "msel"
NARRATIVE = not Inject.model_fields["event"].is_required()
HELD = "hold" in Inject.model_fields
needs_narrative = pytest.mark.skipif(
    not NARRATIVE, reason="narrative injects (SPEC §1.4: an inject without `event:`) are not in the engine yet")
needs_held = pytest.mark.skipif(
    not HELD, reason="held injects (SPEC §1.4: `hold: true`, released by `release:`) are not in the engine yet")

EVENT_HEADER = [*HSEEP_HEADER, "Accord Event", "Accord Payload", "Accord By"]


def event_rows(*rows: list[object]) -> list[list[object]]:
    """HSEEP rows with the three Accord event columns after the ten HSEEP ones."""
    return [EVENT_HEADER, *([*r[:10], *[""] * (10 - len(r[:10])), *r[10:]] for r in rows)]


@pytest.fixture
def pack(tmp_path: Path) -> str:
    return write(tmp_path, "pack.yaml", PACK)


def read_hseep(path: str) -> Imported:
    """The injects of an HSEEP sheet, read without a pack (no event columns)."""
    s = open_sheet(path)
    try:
        return import_rows(Table(s, HSEEP, 100), Clock(None, UTC), Checks())
    finally:
        s.close()


def run_import(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["msel", "import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_hseep_workbook_becomes_a_scenario_that_validates_and_plays(tmp_path, pack, capsys):
    """Rows of pack events import, validate and play; each inject names the row it came from."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(
        ["1", "T+0", "Inject", "Email", "Exercise control", "All players", "The exercise starts.", "", "", "",
         "briefing"],
        ["2", "T+2h", "Inject", "Phone", "Alpha", "Bravo; Charlie", "Alarm raised.", "Acknowledge", "", "Call",
         "alert", "level: high, count: 3", "alpha"],
    ))
    out = tmp_path / "s.yaml"
    code, printed, err = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack, "--out", str(out))
    assert (code, err) == (0, "")
    assert f"wrote {out}: 2 rows: 2 injects (0 narrative, 0 held)" in printed
    data = load_file(str(out)).data
    assert data["rules"] == ["pack.yaml"]
    assert data["injects"][1] == {
        "id": "2", "at": "T+2h", "event": "alert", "with": {"level": "high", "count": 3}, "by": "alpha",
        "narrative": "Alarm raised.", "to": ["Bravo", "Charlie"], "from": "Alpha", "expected_response": "Acknowledge",
        "notes": "Call", "meta": {"msel": {"Inject Mode": "Phone"}}}
    assert f"  # {sheet}:MSEL!3:3\n  - id: \"2\"" in out.read_text()
    assert main(["validate", str(out)]) == 0
    assert main(["run", str(out), "--nominal", "--out", str(tmp_path / "run"), "-q"]) == 0
    state = json.loads((tmp_path / "run" / "results.json").read_text())["state"]
    assert state["alerts"] == 1


def test_dry_run_summarises_and_writes_nothing(tmp_path, pack, capsys):
    """--dry-run counts rows, injects, narrative and held injects, expected actions, section rows."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(
        ["1", "T+0", "Inject", "", "", "", "Go", "", "", "", "briefing"],
        ["2", "T+1h", "Expected Action", "", "", "", "", "Players brief the minister"],
        ["", "", "", "", "", "", "Phase 2"],
        ["3", "T+2h", "Inject", "", "", "", "Alarm", "", "", "", "alert", "level: low"],
    ))
    out = tmp_path / "s.yaml"
    code, printed, _ = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack, "--out", str(out), "--dry-run")
    assert code == 0
    assert printed == (f"{sheet}: 4 rows: 2 injects (0 narrative, 0 held), 1 expected actions, "
                       "1 section rows skipped. (dry run: nothing written)\n")
    assert not out.exists()


def test_expected_action_rows_become_the_expected_response_of_the_inject_above(tmp_path, pack, capsys):
    """An Expected Action row is no inject: its text joins the response expected of the inject before it."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(
        ["1", "T+0", "Inject", "", "", "", "Go", "Acknowledge", "", "", "briefing"],
        ["1.1", "T+30m", "Expected Action", "", "", "", "", "Brief the minister"],
    ))
    code, out, _ = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack)
    assert code == 0
    assert "expected_response: |-\n      Acknowledge\n      Brief the minister" in out


def test_narrative_rows_are_written_without_an_event(tmp_path, capsys):
    """A row no profile or mapping maps to a pack event is a narrative inject: no `event:`."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(["1", "T+0", "Inject", "", "Press", "All", "A news flash."]))
    out = tmp_path / "s.yaml"
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--out", str(out), "--dry-run")
    if not NARRATIVE:  # the engine cannot check it yet: the import says so and writes nothing
        assert code == 2
        assert "event" in err
        return
    assert code == 0


def test_narrative_injects_are_written_in_the_contracts_format(tmp_path):
    """The document for a narrative row has no `event:`, and its text where SPEC §1.4 puts it."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(
        ["1", "T+0", "Inject", "", "Press", "All", "A news flash."],
        ["2", "", "Contingency Inject", "", "Control", "Cell A", "Reminder: decide now."],
    ))
    imported = read_hseep(sheet)
    assert imported.injects == [
        {"id": "1", "at": "T+0", "narrative": "A news flash.", "to": ["All"], "from": "Press"},
        {"id": "2", "hold": True, "narrative": "Reminder: decide now.", "to": ["Cell A"], "from": "Control"},
    ]
    assert imported.places == [CellMark(f"{sheet}:MSEL!", 2, 0), CellMark(f"{sheet}:MSEL!", 3, 0)]
    assert (imported.summary.narrative, imported.summary.held) == (2, 1)


@needs_narrative
@needs_held
def test_narrative_and_held_injects_import_validate_and_play(tmp_path, pack, capsys):
    """A sheet of narrative and contingency rows plays: narrative injects as inject.narrative."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(
        ["1", "T+0", "Inject", "", "Press", "All", "A news flash."],
        ["2", "", "Contingency Inject", "", "Control", "Cell A", "Reminder: decide now."],
    ))
    out = tmp_path / "s.yaml"
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack, "--out", str(out))
    assert (code, err) == (0, "")
    assert main(["run", str(out), "--nominal", "--out", str(tmp_path / "run"), "-q"]) == 0
    events = json.loads((tmp_path / "run" / "results.json").read_text())["events"]
    assert [e["type"] for e in events] == ["inject.narrative"]


def test_each_bad_row_is_reported_at_its_cell_and_nothing_is_written(tmp_path, pack, capsys):
    """Every row's problem, each at its cell, with a did-you-mean; exit 2; no file."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(
        ["1", "T+2x", "Inject", "", "", "", "Go", "", "", "", "briefing"],
        ["2", "T+3h", "Contingency Injct", "", "", "", "Maybe"],
        ["3", "T+4h", "Inject", "", "", "", "Alarm", "", "", "", "alrt"],
        ["4", "T+5h", "Inject", "", "", "", "Alarm", "", "", "", "alert", "levl: high"],
    ))
    out = tmp_path / "s.yaml"
    code, printed, err = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack, "--out", str(out))
    assert code == 2
    assert printed == ""
    assert err.splitlines() == [
        f"{sheet}:MSEL!B2: error: time 'T+2x' is not a duration (did you mean 'T+2d'?)",
        f"{sheet}:MSEL!C3: error: unknown event type 'Contingency Injct' (did you mean 'Contingency Inject'?) "
        "(expected Inject, Contingency Inject, Expected Action)",
        f"{sheet}:MSEL!K4: error: unknown event type 'alrt' (did you mean 'alert'?)",
        f"{sheet}:MSEL!L5: error: 'levl' is not a field of event 'alert' (did you mean 'level'?) (fields: level, count)",
    ]
    assert not out.exists()


def test_an_existing_file_is_left_as_it_was_on_error(tmp_path, capsys):
    """A failed import does not touch the --out file."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(["1", "soon"]))
    out = tmp_path / "s.yaml"
    out.write_text("scenario: mine\n")
    assert run_import(capsys, sheet, "--profile", "hseep", "--out", str(out))[0] == 2
    assert out.read_text() == "scenario: mine\n"


def test_duplicate_event_numbers(tmp_path, capsys):
    """The second use of a number is the error, and it names the first."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(["7", "T+0"], ["7", "T+1h"]))
    code, _, err = run_import(capsys, sheet, "--profile", "hseep")
    assert code == 2
    assert f"{sheet}:MSEL!A3: error: duplicate event number '7' (first at {sheet}:MSEL!A2)" in err


def test_times_out_of_order(tmp_path, capsys):
    """An MSEL runs in time order: a time before the row above is an error at its cell."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(["1", "T+2h"], ["2", "T+1h"]))
    code, _, err = run_import(capsys, sheet, "--profile", "hseep")
    assert code == 2
    assert f"{sheet}:MSEL!B3: error: time 'T+1h' is earlier than 'T+2h' at {sheet}:MSEL!B2" in err


def test_merged_cells_in_the_table_are_refused(tmp_path, capsys):
    """Merged cells below the header hide values; a merged title above it is harmless."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", [["Exercise title"], *hseep_rows(["1", "T+0", "", "", "", "", "a"])],
                       merge=["A1:J1", "G3:I3"])
    code, _, err = run_import(capsys, sheet, "--profile", "hseep")
    assert code == 2
    assert err.splitlines() == [f"{sheet}:MSEL!G3: error: merged cells G3:I3: unmerge them "
                                "(only the first cell holds a value, the others read empty)"]


def test_a_formula_uses_its_saved_value_and_one_without_is_an_error(tmp_path, capsys):
    """Formulas are never evaluated: a saved value is used; none saved is an error at the cell."""
    rows = hseep_rows(["1", "=\"T+\"&\"1h\""], ["2", "=\"T+\"&\"2h\""])
    sheet = write_xlsx(tmp_path / "msel.xlsx", rows, cached={"B2": "T+1h"})
    code, _, err = run_import(capsys, sheet, "--profile", "hseep")
    assert code == 2
    assert err.splitlines() == [f"{sheet}:MSEL!B3: error: formula =\"T+\"&\"2h\" has no saved value (accord never "
                                "evaluates formulas): open and save the workbook in a spreadsheet program, or type the value"]


@pytest.mark.parametrize(("make", "wanted"), [
    (lambda _p: str(DATA / "encrypted.xlsx"), "password-protected"),
    (lambda p: (p / "bad.xlsx").write_bytes(b"PK\x03\x04oops") and str(p / "bad.xlsx"), "damaged workbook"),
    (lambda p: write_csv(p / "m.csv", hseep_rows(["1", "T+0", "", "", "Café"]), encoding="cp1252"), "not UTF-8"),
])
def test_unreadable_files_exit_2_and_write_nothing(tmp_path, capsys, make, wanted):
    """Encrypted, damaged and wrongly encoded files: one clear error, exit 2, no scenario."""
    sheet = make(tmp_path)
    out = tmp_path / "s.yaml"
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--out", str(out))
    assert code == 2
    assert wanted in err
    assert err.startswith(sheet)
    assert not out.exists()


def test_a_missing_sheet(tmp_path, capsys):
    """--sheet names a sheet that is not there: the error lists the sheets."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", hseep_rows(["1", "T+0"]))
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--sheet", "Injects")
    assert code == 2
    assert err == f"{sheet}: error: no sheet 'Injects' (sheets: MSEL)\n"


def test_a_million_rows_stop_at_the_limit(tmp_path, capsys):
    """A million-row sheet is read up to the row limit, then refused at the row past it."""
    sheet = write_big_xlsx(tmp_path / "big.xlsx", ["Designated Scenario Time", "Message"], ["T+0", "m"], 1_000_000)
    out = tmp_path / "s.yaml"
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--out", str(out))
    assert code == 2
    assert f"{sheet}:MSEL!20002:20002: error: more than 20,000 rows: accord imports at most 20,000 (--max-rows)" in err
    assert not out.exists()


def test_a_missing_column_with_did_you_mean_and_unknown_columns_kept(tmp_path, capsys):
    """A required column missing is an error at the header row; an unknown one is a warning
    and its values are kept under meta.msel."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", [["Event Number", "Designated Scenario Tme", "Colour"], ["1", "T+0", "red"]])
    code, _, err = run_import(capsys, sheet, "--profile", "hseep")
    assert code == 2
    assert (f"{sheet}:MSEL!1:1: error: no column 'Designated Scenario Time' in the header row (profile hseep) "
            "(did you mean 'Designated Scenario Tme'?)") in err
    sheet = write_xlsx(tmp_path / "ok.xlsx", [["Event Number", "designated  scenario time", "Colour"], ["1", "T+0", "red"]])
    imported = read_hseep(sheet)
    assert imported.injects == [{"id": "1", "at": "T+0", "meta": {"msel": {"Colour": "red"}}}]
    assert str(imported.warnings[0]) == f"{sheet}:MSEL!C1: warning: unknown column 'Colour': its values are kept under meta.msel"


def test_clock_times_need_start_and_zone_and_are_stored_in_utc(tmp_path, pack, capsys):
    """09:05 in Paris with a 09:00 Paris start: T+5m, start written in UTC; without --start, an error."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(["1", "09:00", "", "", "", "", "", "", "", "", "briefing"],
                                                         ["2", "09:05", "", "", "", "", "", "", "", "", "briefing"]))
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack)
    assert code == 2
    assert f"{sheet}:MSEL!B2: error: time '09:00' is a date or clock time: give --start (T+0) and --tz" in err
    code, out, _ = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack,
                              "--start", "2026-07-01T09:00", "--tz", "Europe/Paris")
    assert code == 0
    assert "start: 2026-07-01T07:00:00Z" in out  # CEST, UTC+2
    assert "at: T+5m" in out


def test_times_before_the_start_move_t0_back(tmp_path, pack, capsys):
    """M-5 is five minutes before the start: T+0 becomes that moment, and the file says so."""
    sheet = write_xlsx(tmp_path / "msel.xlsx", event_rows(["1", "M-5", "", "", "", "", "", "", "", "", "briefing"],
                                                         ["2", "T+0", "", "", "", "", "", "", "", "", "briefing"]))
    code, out, _ = run_import(capsys, sheet, "--profile", "hseep", "--pack", pack, "--start", "2026-03-02T09:00Z")
    assert code == 0
    assert "start: 2026-03-02T08:55:00Z" in out
    assert "T+0 is 5 min before the sheet's start" in out
    assert [i["at"] for i in load_text_data(out)["injects"]] == ["T+0", "T+5m"]


def load_text_data(text: str) -> dict:
    return load_text(text, "out.yaml").data


def test_conducttr_times_are_elapsed_and_csv_may_use_semicolons(tmp_path, pack, capsys):
    """Conducttr's 24-hour clock counts from the start; a ';' CSV with a BOM reads the same."""
    rows = [["Number", "Time", "From", "To", "Subject", "Message", "Accord Event"],
            ["1", "00:00", "Control", "All", "Start", "Go", "briefing"],
            ["2", "26:30", "Control", "All", "Day 2", "Next", "briefing"]]
    sheet = write_csv(tmp_path / "mel.csv", rows, delimiter=";", bom=True)
    code, out, err = run_import(capsys, sheet, "--profile", "conducttr", "--pack", pack)
    assert code == 0
    assert err == f"{sheet}:1:1: warning: no column 'Expected Action' (profile conducttr): its field stays empty\n"
    assert [i["at"] for i in load_text_data(out)["injects"]] == ["T+0", "T+1d2h30m"]
    assert [i["title"] for i in load_text_data(out)["injects"]] == ["Start", "Day 2"]


def test_openaev_section_rows_are_skipped_and_ids_come_from_rows(tmp_path, pack, capsys):
    """In OpenAEV's workbook a row with an empty Timeline is a section heading; with no id
    column, each inject is named after its row."""
    rows = [["Workbook title"], [],
            ["", "Action to be taken", "Timeline", "Teams", "Subject", "Content", "Accord Event"],
            ["", "Prepare", ""],
            ["", "Notify the sponsor", "D+0 H+0 M+0", "Sponsor", "Exercise", "Starts at 09:00", "briefing"],
            ["", "Initial alert", "D+0 H+2 M+0", "SOC, IT Ops", "Alert", "Anomalies", "briefing"]]
    sheet = write_xlsx(tmp_path / "model.xlsx", rows)
    code, out, err = run_import(capsys, sheet, "--profile", "openaev", "--pack", pack)
    assert code == 0
    assert "warning: unknown column 'Subject'" not in err
    injects = load_text_data(out)["injects"]
    assert [(i["id"], i["at"], i["title"], i["to"]) for i in injects] == [
        ("I-5", "T+0", "Notify the sponsor", ["Sponsor"]), ("I-6", "T+2h", "Initial alert", ["SOC", "IT Ops"])]
    assert injects[0]["meta"] == {"msel": {"Subject": "Exercise"}}
    assert "1 section rows skipped" in out


def test_a_mapping_file_maps_columns_and_event_rules(tmp_path, pack, capsys):
    """An office's own layout: its headers, kind words, and rows that are pack events with a
    payload from a column (renamed) and a constant actor."""
    mapping = write(tmp_path, "office.yaml", """\
        mapping: office
        columns:
          id: Serial
          time: [When, Time]
          kind: Type
          title: Headline
          narrative: Text
        keep: [Channel]
        kinds: {contingency: [Backup]}
        events:
          - column: Channel
            equals: [alarm, siren]
            event: alert
            by: bravo
            with:
              level: {column: Severity, values: {Big: high, Small: low}}
              count: 2
        """)
    rows = [["Serial", "When", "Type", "Headline", "Text", "Channel", "Severity"],
            ["A1", "T+0", "Inject", "Start", "Go", "email", ""],
            ["A2", "T+1h", "Inject", "Alarm", "Siren heard", "Siren", "Big"]]
    sheet = write_xlsx(tmp_path / "office.xlsx", rows)
    code, out, err = run_import(capsys, sheet, "--profile", mapping, "--pack", pack)
    if not NARRATIVE:  # row A1 maps to no event: a narrative inject the engine cannot check yet
        rows[1][5] = "alarm"
        rows[1][6] = "Small"
        sheet = write_xlsx(tmp_path / "office.xlsx", rows)
        code, out, err = run_import(capsys, sheet, "--profile", mapping, "--pack", pack)
    assert (code, err) == (0, "")
    last = load_text_data(out)["injects"][-1]
    assert (last["event"], last["with"], last["by"]) == ("alert", {"level": "high", "count": 2}, "bravo")
    assert last["meta"] == {"msel": {"Channel": "Siren", "Severity": "Big"}}


def test_a_mapping_file_is_checked_like_every_accord_file(tmp_path, capsys):
    """A misspelt key is an error at its line and column with a did-you-mean; `accord validate`
    checks mapping files too."""
    mapping = write(tmp_path, "office.yaml", """\
        mapping: office
        columns:
          time: When
          narative: Text
        """)
    sheet = write_xlsx(tmp_path / "m.xlsx", [["When", "Text"], ["T+0", "x"]])
    code, _, err = run_import(capsys, sheet, "--profile", mapping)
    assert code == 2
    assert err.startswith(f"{mapping}:4:3: error: unknown key 'narative' (did you mean 'narrative'?)")
    assert main(["validate", mapping]) == 2


def test_unknown_profile_and_zone_are_usage_errors(tmp_path, capsys):
    """A misspelt --profile or --tz: exit 2 with a did-you-mean."""
    sheet = write_xlsx(tmp_path / "m.xlsx", hseep_rows(["1", "T+0"]))
    code, _, err = run_import(capsys, sheet, "--profile", "hsep")
    assert code == 2
    assert "unknown profile 'hsep' (did you mean 'hseep'?)" in err
    code, _, err = run_import(capsys, sheet, "--profile", "hseep", "--tz", "Europe/Pari")
    assert code == 2
    assert "unknown time zone 'Europe/Pari' (did you mean 'Europe/Paris'?)" in err


def test_import_options_belong_to_import(tmp_path, capsys):
    """`accord msel SCENARIO --start …` is a usage error, not a silently ignored option."""
    code = main(["msel", str(Path(__file__).parent / "data" / "attack_day_ten.yaml"), "--start", "2026-01-01"])
    assert code == 2
    assert "--start is for `accord msel import SHEET`" in capsys.readouterr().err
