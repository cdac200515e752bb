"""``accord new scenario``: a commented starter scenario for a pack, valid as written.

The pack's event types, responses, decisions and state are listed as comments so the
author can fill in injects and objectives without opening the pack.
"""

import os
from collections.abc import Callable

from engine.check.expressions import LIFECYCLE, VarType
from engine.check.pack import load_checked_pack
from engine.check.pack_world import PackWorld


def _show(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value) if value == "" else str(value)


def _kind(vt: VarType) -> str:
    return " | ".join(vt.values) if vt.kind == "enum" else vt.kind


Chooser = Callable[[PackWorld], tuple[str | None, str | None]]


def first_events(pw: PackWorld) -> tuple[str | None, str | None]:
    """The naive choice: the first declared event, and the first response's completion."""
    events = sorted(pw.declared_events)
    first = events[0] if events else None
    expect = f"{next(iter(pw.responses))}.completed" if pw.responses else first
    return first, expect


def starter_scenario(name: str, pack_path: str, out_path: str, choose: Chooser = first_events) -> str:
    """The text of a starter scenario named ``name`` using the pack at ``pack_path``;
    ``choose`` picks the event its inject delivers and the one its objective expects
    (``accord new`` passes ``engine.lint.starter_plan.starter_events``, so the objective
    can be met)."""
    _, pw = load_checked_pack(pack_path)
    inject, expect = choose(pw)
    rel = os.path.relpath(pack_path, os.path.dirname(os.path.abspath(out_path)) or ".")
    lines = [
        f"scenario: {name}",
        f"title: {name.replace('_', ' ').capitalize()}",
        "description: |",
        "  What this exercise is about, for the exercise documents.",
        f"rules: [{rel.replace(os.sep, '/')}]",
        "start: 2026-01-01T00:00:00Z   # T+0",
        "until: 30d                    # the horizon",
        "seed: 1",
        *_state_hint(pw),
        *_decision_hint(pw),
        "",
        *_events_hint(pw),
        *_injects(inject),
        "",
        *_responses_hint(pw),
        *_objectives(expect),
    ]
    return "\n".join(lines) + "\n"


def _state_hint(pw: PackWorld) -> list[str]:
    if not pw.state_types:
        return []
    out = ["# set: {}                     # initial-state overrides; the pack's state:"]
    out += [f"#   {var}: {_kind(vt)} (initially {_show(pw.initial_state[var])})" for var, vt in pw.state_types.items()]
    return out


def _decision_hint(pw: PackWorld) -> list[str]:
    if not pw.decisions:
        return []
    out = ["# choices: {}                 # scripted outcomes of the pack's decisions:"]
    out += [f"#   {d}: {' | '.join(dd.options)} (default {dd.default})" for d, dd in pw.decisions.items()]
    return out


def _events_hint(pw: PackWorld) -> list[str]:
    out = ["# Event types an inject can deliver (with: their payload fields):"]
    for etype in sorted(pw.declared_events):
        fields = ", ".join(f"{f} ({_kind(vt)})" for f, vt in pw.event_fields[etype].items())
        out.append(f"#   {etype}" + (f"   with: {fields}" if fields else ""))
    return out


def _injects(first: str | None) -> list[str]:
    if first is None:
        return ["injects: []   # the pack declares no event types"]
    return [
        "injects:",
        "  - id: I-01",
        "    at: T+0                   # T+2d6h, or an ISO-8601 instant",
        f"    event: {first}",
        "    title: First inject",
        "    narrative: What the players are told.",
        "    # with: {field: value}   by: actor   to: [audience]   expected_response: …",
        "  # Without event: a narrative inject (recorded as inject.narrative). With hold: true and",
        "  # no at: a contingency inject, delivered by a `release: <id>` action or the facilitator.",
    ]


def _responses_hint(pw: PackWorld) -> list[str]:
    steps = "/".join(LIFECYCLE)
    out = [f"# Responses (objectives can expect <response>.{steps}):"]
    for r, d in pw.responses.items():
        who = ", ".join(d.participants) or "no participants"
        auth = f"authority {d.authority}; " if d.authority else ""
        out.append(f"#   {r}: {d.title or r} ({auth}{who})")
    if not pw.responses:
        out.append("#   (none)")
    return out


def _objectives(expect: str | None) -> list[str]:
    if expect is None:
        return ["objectives: []"]
    return [
        "objectives:",
        "  - id: OBJ-1",
        "    title: What the exercise evaluates",
        f"    expect: {expect}",
        "    within: 30d               # after T+0, or after the first `after:` event",
        "    # after: event.type   capability: …   else: [{emit: event.type}]",
    ]
