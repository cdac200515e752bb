"""Generated scenarios for the benchmarks: written on demand, never committed (they are large).

    python benchmarks/generate.py injects 1000 DIR        # 1,000 injects, ~40 response instances
    python benchmarks/generate.py participants 300 DIR    # one response of 300 participants
    python benchmarks/generate.py chain 240000 DIR        # one rule event per hour, 240,000 events

Each writes ``DIR/pack.yaml`` and ``DIR/scenario.yaml`` and prints the scenario's path. The
same arguments always give the same files. ``benchmarks/run.py`` imports the functions.

- ``injects``: N ``incident`` injects, one every 3 hours in ten zones; every 25th is serious
  and starts the zone's response (six participants with long ministry names, two procedure
  steps, a deployment phase) unless it is already active. Zone 9's response is vetoed by
  one participant, so the chart also has failed responses. This is the "1,000-inject
  scenario" of issue 14: a timeline chart with many inject marks and a few hundred lanes.
- ``participants``: one response whose participants are N actors (names as long as real
  ministries', differing only in the middle and at the end), plus a vetoed response.
- ``chain``: a lean event chain: an inject at T+0 and a rule that emits the next ``tick``
  an hour after each, until the horizon; N events in all (and N rule firings).
"""

import sys
from pathlib import Path

ZONES = 10
ACTORS_PER_RESPONSE = 6
EVERY_H = 3  # hours between two injects
SERIOUS = 25  # every 25th inject starts its zone's response


def _ministry(i: int) -> str:
    return f"Federal Ministry of Defence and Civil Protection of Region {i:03d}"


def _actor_lines(ids: list[str], group: str, first: int = 0) -> list[str]:
    return [f"  {a}: {{name: \"{_ministry(first + i)}\", groups: [{group}], procedures: {{act: proc_{a}}}}}"
            for i, a in enumerate(ids)]


def _procedure_lines(ids: list[str], veto: set[str], approval: float) -> list[str]:
    """Two steps per actor; the mandate is approved with ``approval``, never by the ``veto`` actors."""
    out = []
    for i, a in enumerate(ids):
        chance = 0.0 if a in veto else approval
        out += [f"  proc_{a}:", "    steps:",
                f"      - {{name: cabinet decision, duration: uniform({2 + i % 5}h, {8 + i % 5}h)}}",
                f"      - {{name: parliamentary mandate, duration: pert(6h, {12 + i % 7}h, 3d), approval: {chance}}}"]
    return out


def injects_pack() -> str:
    """The pack of the ``injects`` scenario."""
    actors = [f"z{z}a{k}" for z in range(ZONES) for k in range(ACTORS_PER_RESPONSE)]
    lines = ["pack: gen_injects", "title: Generated pack (ten zones, a response each)", "actors:"]
    for z in range(ZONES):
        first = z * ACTORS_PER_RESPONSE
        lines += _actor_lines(actors[first:first + ACTORS_PER_RESPONSE], f"zone{z}", first)
    lines += ["procedures:", *_procedure_lines(actors, {"z9a2"}, 0.97)]
    lines += ["state:", "  serious: {type: int, initial: 0}", "events:",
              "  incident: {fields: {zone: {type: int}, level: {type: int}}}",
              "  report: {fields: {zone: {type: int}}}", "responses:"]
    for z in range(ZONES):
        lines += [f"  r{z}:", f"    title: Stabilisation of zone {z} after a serious incident",
                  f"    component: sector_{z // 4}", "    authority: act", f"    participants: [zone{z}]",
                  "    complete: all", "    phases: [{name: deployment, duration: 'triangular(12h, 1d, 3d)'}]"]
    lines.append("rules:")
    for z in range(ZONES):
        lines += [f"  - id: R-start-{z}", "    on: incident",
                  f"    when: event.zone == {z} and event.level >= 2 and status('r{z}') != 'active'",
                  f"    then: [{{start: r{z}}}, {{add: {{serious: 1}}}}]"]
    lines += ["  - id: R-report", "    on: incident", "    then: [{emit: report, with: {zone: event.zone}, after: 2h}]"]
    return "\n".join(lines) + "\n"


def injects_scenario(n: int) -> str:
    """A scenario of ``n`` incident injects, one every EVERY_H hours."""
    days = -(-n * EVERY_H // 24) + 10
    lines = ["scenario: gen_injects", f"title: {n:,} generated injects", "rules: [pack.yaml]",
             "start: 2026-01-01T00:00:00Z", f"until: {days}d", "seed: 1", "injects:"]
    for i in range(n):
        level = 2 if i % SERIOUS == 0 else 1
        lines.append(f"  - {{id: I-{i:05d}, at: T+{i * EVERY_H}h, event: incident, "
                     f"with: {{zone: {(i // SERIOUS) % ZONES}, level: {level}}}}}")
    return "\n".join(lines) + "\n"


def participants_pack(n: int) -> str:
    """A pack with ``n`` actors in one group, a response of them all, and a vetoed one."""
    ids = [f"m{i:04d}" for i in range(n)]
    lines = ["pack: gen_participants", "title: Generated pack (one large coalition)", "actors:",
             *_actor_lines(ids, "all_members"), "procedures:", *_procedure_lines(ids, {ids[-1]}, 1.0),
             "events:", "  crisis: {}", "responses:",
             "  mobilise:", "    title: Mobilisation of every member's forces for collective defence",
             "    component: collective_defence", "    authority: act", "    participants: [all_members]",
             f"    complete: {max(1, n - 1)}", "    phases: [{name: deployment, duration: 'pert(1d, 2d, 6d)'}]",
             "  unanimous:", "    title: Unanimous declaration by every member", "    component: diplomacy",
             "    authority: act", "    participants: [all_members]", "    complete: all",
             "    phases: [{name: publication, duration: 1d}]",
             "rules:", "  - id: R-crisis", "    on: crisis", "    then: [{start: mobilise}, {start: unanimous}]"]
    return "\n".join(lines) + "\n"


def participants_scenario(n: int) -> str:
    """One crisis at T+1d; the responses of the ``n`` members follow."""
    return "\n".join(["scenario: gen_participants", f"title: {n:,} generated participants", "rules: [pack.yaml]",
                      "start: 2026-01-01T00:00:00Z", "until: 30d", "seed: 1", "injects:",
                      "  - {id: I-1, at: T+1d, event: crisis, title: The crisis}",
                      "objectives:",
                      "  - {id: OBJ-1, title: Mobilised within 10 days, expect: mobilise.completed, after: crisis, "
                      "within: 10d}"]) + "\n"


def chain_pack() -> str:
    """One event type and one rule: each ``tick`` emits the next an hour later."""
    return ("pack: gen_chain\ntitle: Generated lean event chain\nevents:\n  tick: {}\nrules:\n"
            "  - id: R-tick\n    on: tick\n    then: [{emit: tick, after: 1h}]\n")


def chain_scenario(events: int) -> str:
    """``events`` ticks: the inject at T+0, then one an hour until the horizon (inclusive)."""
    return (f"scenario: gen_chain\ntitle: A chain of {events:,} events\nrules: [pack.yaml]\n"
            f"start: 2026-01-01T00:00:00Z\nuntil: {events - 1}h\nseed: 1\n"
            "injects:\n  - {id: I-1, at: T+0, event: tick}\n")


def texts(kind: str, n: int) -> tuple[str, str]:
    """The pack and scenario texts of the ``kind`` scenario of size ``n``."""
    if kind == "injects":
        return injects_pack(), injects_scenario(n)
    if kind == "participants":
        return participants_pack(n), participants_scenario(n)
    if kind == "chain":
        return chain_pack(), chain_scenario(n)
    raise ValueError(f"unknown kind {kind!r}; choose injects, participants or chain")


def write(kind: str, n: int, folder: Path) -> Path:
    """Write the ``kind`` scenario of size ``n`` and its pack into ``folder``; its path."""
    pack, scenario = texts(kind, n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(pack, encoding="utf-8")
    (folder / "scenario.yaml").write_text(scenario, encoding="utf-8")
    return folder / "scenario.yaml"


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("injects", "participants", "chain"):
        raise SystemExit(__doc__)
    print(write(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
