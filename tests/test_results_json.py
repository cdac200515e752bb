"""results.json is written as it is encoded (issue 14 item 6): the same characters as
json.dumps of the whole document, handed over a few hundred items at a time, never whole."""

import json
from pathlib import Path

import pytest

from engine import api
from engine.render.output import Streamed, write_files
from engine.render.run_files import render_files
from engine.simulate.record import CHUNK, RunResult, result_dict, to_json, write_json
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
CHAIN_PACK = "pack: chain\nevents:\n  tick: {}\nrules:\n  - id: R-tick\n    on: tick\n    then: [{emit: tick, after: 1h}]\n"


def _dumps(r: RunResult) -> str:
    return json.dumps(result_dict(r), indent=1, ensure_ascii=False, allow_nan=False) + "\n"


@pytest.mark.parametrize("path", [*sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml")),
                                  str(DATA / "sweep_scenario.yaml")], ids=lambda p: Path(p).stem)
def test_streamed_text_is_json_dumps_of_the_document(path: str) -> None:
    """Every bundled scenario, nominal and sampled: the streamed text is json.dumps's, character for character."""
    world = api.load(path)
    for nominal in (True, False):
        r = api.play(world, nominal=nominal, seed=5)
        assert to_json(r) == _dumps(r)


def test_unusual_values_are_written_as_json_dumps_writes_them() -> None:
    """Quotes, escapes, non-ASCII, nested lists and objects, non-string keys, floats at the
    edges: the same text as json.dumps."""
    r = api.play(api.load(str(DATA / "sweep_scenario.yaml")), nominal=True)
    r.state = {"q": 'say "hi"\\ \n\t\x01 é 😀 \u2028', "n": None, "b": False, "list": [1, [2, {}], {"x": []}],
               "empty": {}, 1: "int key", 2.5: "float key", None: "none key", False: "bool key", "big": 10**30,
               "tiny": 1e-7, "huge": 1e300, "neg": -0.0}
    r.events[0].payload = {"nested": {"deep": [1.0, 2, "three"]}, "t": (1, 2)}
    assert to_json(r) == _dumps(r)


def test_a_number_json_cannot_hold_is_refused() -> None:
    """A NaN is a ValueError, as with json.dumps(allow_nan=False)."""
    r = api.play(api.load(str(DATA / "sweep_scenario.yaml")), nominal=True)
    r.state = {"x": float("nan")}
    with pytest.raises(ValueError, match="not JSON compliant"):
        to_json(r)


def _chain(tmp_path: Path, events: int) -> RunResult:
    (tmp_path / "pack.yaml").write_text(CHAIN_PACK, encoding="utf-8")
    (tmp_path / "s.yaml").write_text("scenario: chain\nrules: [pack.yaml]\nstart: 2026-01-01T00:00:00Z\n"
                                     f"until: {events - 1}h\ninjects:\n  - {{id: I-1, at: T+0, event: tick}}\n",
                                     encoding="utf-8")
    return api.play(api.load(str(tmp_path / "s.yaml")))


def test_a_long_run_is_handed_over_in_pieces_of_at_most_a_chunk(tmp_path: Path) -> None:
    """5,000 events: the writer gets many pieces, none holding more than CHUNK events, and
    together they are the whole text."""
    r = _chain(tmp_path, 5000)
    assert len(r.events) == 5000
    pieces: list[str] = []
    write_json(r, pieces.append)
    assert "".join(pieces) == _dumps(r)
    assert max(p.count('"seq": ') for p in pieces) <= CHUNK
    assert len(pieces) > 2 * 5000 // CHUNK  # events and firings, chunk by chunk


def test_write_run_streams_results_json_to_the_same_bytes(tmp_path: Path) -> None:
    """The files of a run give results.json as streamed text; written, it is to_json's bytes."""
    r = _chain(tmp_path, 300)
    world = api.load(str(tmp_path / "s.yaml"))
    files = render_files(r, world, ["results.json", "run.json"], str(tmp_path / "s.yaml"), str(tmp_path / "out"))
    assert isinstance(files["results.json"], Streamed)
    api.write_run(r, world, str(tmp_path / "out"), formats=["json"], scenario_path=str(tmp_path / "s.yaml"))
    assert (tmp_path / "out" / "results.json").read_bytes() == to_json(r).encode("utf-8")


def test_a_stream_that_fails_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """An error while streaming a file writes none of the files and leaves no temporary."""
    def broken(write: object) -> None:
        write("{\n")  # type: ignore[operator]
        raise ValueError("bad number")

    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match="bad number"):
        write_files(str(out), {"keep.txt": "new", "results.json": Streamed(broken)})
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == "old"
