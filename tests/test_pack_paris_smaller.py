"""Issue 12, item 6: the coordination group exists from T+0, support continues, the Special
Commission can hold either party responsible, objective clocks measure from the order,
every rule has a source, and the training example is not a Paris scenario."""

from pathlib import Path

import yaml
from paris_helpers import DAY, PACK, ROOT, decisions, events, first, fixture, play, responses

from engine import api


def test_the_coordination_group_exists_from_t0(tmp_path):
    """"It was also decided to create a US-Ukraine-Coalition coordination group at the operational
    headquarters of the 'coalition of the willing' in Paris." Decided in January 2026, it
    meets from the exercise's first event, before any ceasefire, and nothing has to set it up."""
    results = play(tmp_path, fixture("opening"), nominal=True)
    ceasefire = first(results, "ceasefire.entered_into_force")
    assert ceasefire == 10 * DAY
    assert [e["t"] for e in events(results, "coordination_group.meeting")][:1] == [0.0]
    extraordinary = [e["t"] for e in events(results, "coordination_group.extraordinary_meeting")]
    assert extraordinary
    assert extraordinary[0] <= 1 * DAY < ceasefire
    assert not [r for r in results["responses"] if r["response"].startswith("coordination_group")]


def test_support_to_the_armed_forces_continues_before_the_ceasefire(tmp_path):
    """"The Coalition has agreed to continue to provide critical long-term military assistance
    and equipment to the Ukrainian Armed Forces": the package cycle, financing and
    fortification support run from the exercise's first event, not from the ceasefire."""
    results = play(tmp_path, fixture("opening"), nominal=True)
    for name in ("defence_packages", "budget_support", "fortifications_support"):
        assert responses(results, name)[0]["started_h"] == 0.0, name
    assert first(results, "defence_packages.completed") < 20 * DAY


def test_the_special_commission_can_hold_either_party_responsible(tmp_path):
    """"… the Special Commission established to review any violations, determine responsibility
    and establish remedial measures": a decision in every case, which can name the party the
    monitors did not suspect, or a party where they suspected no one."""
    default = play(tmp_path, fixture("commission"), nominal=True)
    assert decisions(default, "violation_attribution") == ["established"]
    assert decisions(default, "open_violation_attribution") == ["undetermined"]
    other = play(tmp_path, fixture("commission_choices"), "other_party", nominal=True)
    found = [e["with"]["responsible"] for e in events(other, "commission.responsibility_determined")]
    assert found == ["ukraine", "russia"]
    assert [e["with"]["responsible"] for e in events(other, "commission.remedial_measures_set")] == ["ukraine", "russia"]


def test_the_ioc_objective_of_request_before_ceasefire_measures_from_the_order(tmp_path):
    """"… strictly implemented at Ukraine's request after the cessation of hostilities": a request
    held while fighting continues cannot start the force's clock; in ceasefire_holds'
    request_before_ceasefire variant the land IOC objective measures from the order."""
    scenario = ROOT / "scenarios" / "ceasefire_holds.yaml"
    results = play(tmp_path, scenario, "request_before_ceasefire", nominal=True)
    ordered = first(results, "mnf.deployment_ordered")
    assert ordered == 15 * DAY
    (ioc,) = [o for o in results["objectives"] if o["objective"] == "OBJ-4"]
    assert ioc["from_h"] == ordered
    assert ioc["status"] == "met"


def pack_items() -> list[tuple[str, dict]]:
    """(where, item) of every rule, response, phase, decision, procedure, step, actor and group
    of the Paris pack, read as plain YAML."""
    pack = yaml.safe_load(PACK.read_text(encoding="utf-8"))
    items = [(f"rule {r['id']}", r) for r in pack["rules"]]
    for section in ("responses", "decisions", "procedures", "actors", "groups"):
        items += [(f"{section}.{k}", v) for k, v in pack[section].items()]
    items += [(f"responses.{k} phase {p['name']}", p) for k, v in pack["responses"].items() for p in v.get("phases", [])]
    items += [(f"procedures.{k} step {s['name']}", s) for k, v in pack["procedures"].items() for s in v["steps"]]
    return items


def test_every_rule_and_figure_of_the_pack_has_a_source():
    """Every rule (R-ATK-02 and R-COM-11 included), response, phase, decision, procedure, step,
    actor and group says where it comes from, or that it is an estimate or an assumption."""
    missing = [where for where, item in pack_items() if not str(item.get("source") or "").strip()]
    assert missing == []


def test_the_training_example_is_not_a_paris_scenario(monkeypatch):
    """The contract's training example lives in examples/ with its report in reports/examples/,
    kept current; every scenario in scenarios/ plays the Paris Declaration pack."""
    monkeypatch.chdir(ROOT)
    for path in api.scenario_files("scenarios"):
        assert api.load(path).scenario.rules == ["../rules/paris_declaration.yaml"], path
    assert Path("examples/attack_day_ten.yaml").is_file()
    files = api.bundled_reports("examples", "reports/examples")
    assert sorted(Path(p).parent.as_posix() for p in files)[0] == "reports/examples/attack_day_ten"
    text = {p: c for p, c in files.items() if p.endswith(api.COMPARED)}
    assert api.stale_reports(text) == [], "regenerate with: accord reports examples --out reports/examples"
