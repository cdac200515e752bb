"""``report.md``: the run as a document a facilitator can read on a code-hosting site."""

from engine.durations import format_hours
from engine.md import cell, table
from engine.record import RunResult
from engine.timefmt import t_plus, when
from engine.world import World


def render_markdown(result: RunResult, world: World) -> str:
    """The whole report."""
    parts = [
        _overview(result, world),
        _objectives(result, world),
        _responses(result, world),
        _decisions(result, world),
        _timeline(result),
        _notes(result),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _overview(r: RunResult, w: World) -> str:
    sc = w.scenario
    variant = ""
    if r.variant:
        vtitle = sc.variants[r.variant].title
        variant = f" — variant `{r.variant}`" + (f": {vtitle}" if vtitle else "")
    lines = [f"# {cell(sc.title or sc.scenario)}{variant}", ""]
    lines += [
        f"- Scenario: `{sc.scenario}`",
        f"- Run: {r.mode}, seed {r.seed}",
        f"- T+0: {r.instant(0)}; horizon T+{format_hours(r.until_h)} ({r.instant(r.until_h)})",
        f"- Events: {len(r.events)}; rules fired: {len(r.firings)}; pending at the horizon: {len(r.pending)}",
    ]
    if sc.description:
        lines += ["", sc.description.strip()]
    return "\n".join(lines)


def _objectives(r: RunResult, w: World) -> str:
    if not r.objectives:
        return ""
    titles = {o.id: o.model for o in w.objectives}
    rows = [
        [o.objective, titles[o.objective].title, titles[o.objective].capability, o.status.replace("_", " "),
         t_plus(o.from_h), t_plus(o.deadline_h), t_plus(o.at_h)]
        for o in r.objectives
    ]
    head = ["Objective", "Title", "Capability", "Status", "Clock from", "Deadline", "Met at"]
    return "\n".join(["## Objectives", "", *table(head, rows)])


def _responses(r: RunResult, w: World) -> str:
    if not r.responses:
        return "## Responses\n\nNo response was started."
    lines = ["## Responses"]
    for x in r.responses:
        d = w.responses[x.response]
        took = "" if x.ended_h is None else f", took {format_hours(x.ended_h - x.started_h)}"
        lines += ["", f"### {cell(d.title or x.response)} (`{x.response}` #{x.instance})", ""]
        lines += [f"{x.status.capitalize()}: started {when(r, x.started_h)}, ended {when(r, x.ended_h)}{took}."]
        if d.source:
            lines += [f"Source: {cell(d.source)}"]
        rows = [
            [_actor(w, p.actor), p.status, t_plus(p.authorized_h), t_plus(p.contributed_h),
             " → ".join(f"{s.name} ({_span(s.start_h, s.end_h)})" for s in p.steps)]
            for p in x.participants
        ]
        lines += ["", *table(["Participant", "Status", "Authorized", "Contributed", "Steps"], rows)]
    return "\n".join(lines)


def _span(start: float, end: float | None) -> str:
    return "under way" if end is None else format_hours(end - start)


def _actor(w: World, actor: str | None) -> str:
    if actor is None:
        return ""
    a = w.actors.get(actor)
    return a.name if a is not None and a.name else actor


def _decisions(r: RunResult, w: World) -> str:
    if not r.decisions:
        return ""
    rows = []
    for d in r.decisions:
        dd = w.decisions[d.decision]
        rows.append([d.decision, dd.prompt, d.option, dd.titles.get(d.option), d.how, t_plus(d.t)])
    return "\n".join(["## Decisions", "", *table(["Decision", "Question", "Option", "Meaning", "How", "When"], rows)])


def _timeline(r: RunResult) -> str:
    rows = [
        [e.seq, t_plus(e.t), r.instant(e.t), f"`{e.type}`", e.by or "", e.source, "" if e.cause is None else e.cause]
        for e in r.events
    ]
    lines = ["## Timeline", "", *table(["#", "T+", "Instant (UTC)", "Event", "By", "Source", "Cause"], rows)]
    if r.pending:
        lines += ["", "Pending at the horizon:", ""]
        lines += table(["T+", "Event", "Source"], [[t_plus(p.t), f"`{p.type}`", p.source] for p in r.pending])
    return "\n".join(lines)


def _notes(r: RunResult) -> str:
    if not r.notes:
        return ""
    return "\n".join(["## Notes", "", *table(["T+", "Note"], [[t_plus(n.t), n.text] for n in r.notes])])
