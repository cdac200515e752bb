"""Round trip: importing a scenario's exported MSEL gives back the same injects, for every
bundled scenario and for generated ones, in every profile, as CSV and as XLSX."""

from pathlib import Path
from typing import Any

import pytest
from conftest import write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msel_helpers import PACK

from engine import api
from engine.cli import main
from engine.read.msel.profiles import PROFILES
from engine.read.scenario import Inject
from engine.render.scenario_yaml import dump

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))
NARRATIVE = not Inject.model_fields["event"].is_required()


def same_injects(path: str) -> list[tuple[Any, ...]]:
    """A scenario's injects as the MSEL sees them: text trimmed (a cell keeps no trailing line
    break), times in whole seconds."""
    world = api.load(path)
    out = []
    for i in world.injects:
        m = i.model
        out.append((i.id, round(i.t * 3600), i.event, i.payload, i.by, m.title, (m.narrative or "").strip() or None,
                    tuple(m.to), m.from_, m.expected_response, m.objective, m.notes, getattr(m, "hold", False)))
    return sorted(out, key=lambda x: (x[1], x[0]))


def round_trip(tmp_path: Path, scenario: str, profile: str, fmt: str) -> str:
    sheet = tmp_path / f"msel_{profile}.{fmt}"
    assert main(["msel", scenario, "--profile", profile, "--format", fmt, "--out", str(sheet)]) == 0
    out = tmp_path / f"back_{profile}_{fmt}.yaml"
    assert main(["msel", "import", str(sheet), "--profile", profile, "--base", scenario, "--out", str(out)]) == 0
    return str(out)


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bundled_scenarios_round_trip_in_every_profile(tmp_path, capsys, scenario, fmt):
    """Export, then import with the scenario as base: the same injects, in every profile."""
    for profile in PROFILES:
        back = round_trip(tmp_path, str(scenario), profile, fmt)
        assert same_injects(back) == same_injects(str(scenario)), profile
    capsys.readouterr()


TEXT = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r\x85\u2028\u2029"),
    min_size=1, max_size=30).map(str.strip).filter(bool)
LINES = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
NAME = TEXT.filter(lambda t: not any(c in t for c in ",;\n"))
IDS = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,8}", fullmatch=True)


@st.composite
def injects(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    out = []
    for ident in ids:
        inject: dict[str, Any] = {"id": ident, "at": f"T+{draw(st.integers(0, 30 * 24 * 60))}m"}
        if draw(st.booleans()):
            inject["event"] = "alert"
            inject["with"] = {"level": draw(st.sampled_from(["low", "high"])), "count": draw(st.integers(-5, 500))}
        else:
            inject["event"] = "briefing"
        for key, strategy in (("by", st.sampled_from(["alpha", "bravo"])), ("title", TEXT), ("narrative", LINES),
                              ("from", TEXT), ("expected_response", TEXT), ("notes", TEXT),
                              ("objective", st.just("OBJ-1")), ("to", st.lists(NAME, min_size=1, max_size=3))):
            if draw(st.booleans()):
                inject[key] = draw(strategy)
        out.append(inject)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(found=injects(), profile=st.sampled_from(sorted(PROFILES)), fmt=st.sampled_from(["csv", "xlsx"]))
def test_generated_scenarios_round_trip(tmp_path_factory, found, profile, fmt):
    """Any injects (formula-like text, apostrophes, quotes, line breaks, accents, symbols) come
    back the same through any profile, as CSV or XLSX."""
    folder = tmp_path_factory.mktemp("gen")
    write(folder, "pack.yaml", PACK)
    doc = {"scenario": "generated", "rules": ["pack.yaml"], "until": "31d", "injects": found,
           "objectives": [{"id": "OBJ-1", "title": "Alert raised", "expect": "alert", "within": "31d"}]}
    scenario = folder / "s.yaml"
    scenario.write_text(dump(doc), encoding="utf-8")
    back = round_trip(folder, str(scenario), profile, fmt)
    assert same_injects(back) == same_injects(str(scenario))
