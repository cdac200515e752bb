"""``report.md``: the run as a document a facilitator can read on a code-hosting site.

The same content, in the same order, as ``report.html``: the title and what was run, a line
of contents, the run at a glance (``glance``: objectives against their deadlines, the
longest critical paths, who held the coalition back, decisions, responses' outcomes), then
the details: MSEL as played, the timeline chart (an image link to ``timeline.png`` beside
it), responses with critical paths, who held the coalition back (every actor), decisions,
objectives, causal chains of milestones, the after-action report, the event log and notes.
Actors appear by their display names.
"""

from engine.analyse.aar import AfterActionReport, Ending, aar
from engine.analyse.critical_path import CriticalPath, critical_paths
from engine.analyse.explain import explain, milestones
from engine.check.world import World
from engine.read.durations import format_hours
from engine.render.aar_md import aar_markdown
from engine.render.glance import Glance, completes, glance
from engine.render.glance_md import contents, glance_markdown, holdback_table
from engine.render.md import inline, prose, table
from engine.render.msel import COLUMNS as MSEL_COLUMNS
from engine.render.msel import played_rows
from engine.render.percent import share_pct
from engine.simulate.record import RunResult
from engine.simulate.timefmt import t_plus, when


def render_markdown(result: RunResult, world: World, chart: str | None = "timeline.png",
                    report: AfterActionReport | None = None) -> str:
    """The whole report; ``chart`` is the image file linked as the timeline (None: no chart)."""
    report = report or aar(result, world)
    first = glance(result, world)
    parts = [
        glance_markdown(first),
        _msel(result, world, report.ending),
        f"## Timeline chart\n\n![Timeline of responses, participants, injects and deadlines]({chart})" if chart else "",
        _responses(result, world),
        _holders(first),
        _decisions(result, world),
        _objectives(result, world),
        _chains(result, world),
        aar_markdown(result, report),
        _timeline(result, world, report.ending),
        _notes(result),
    ]
    present = {p.split("\n", 1)[0].removeprefix("## ") for p in parts if p}
    head = [_overview(result, world, report.ending), contents(present)]
    return "\n\n".join([*head, *(p for p in parts if p)]) + "\n"


def _overview(r: RunResult, w: World, end: Ending) -> str:
    sc = w.scenario
    variant = ""
    if r.variant:
        vtitle = sc.variants[r.variant].title
        variant = f" — variant `{r.variant}`" + (f": {inline(vtitle)}" if vtitle else "")
    lines = [f"# {inline(sc.title or sc.scenario)}{variant}", ""]
    lines += [
        f"- Scenario: `{sc.scenario}`",
        f"- Run: {r.mode}, seed {r.seed}",
        f"- T+0: {r.instant(0)}; {end.describe(r.instant(r.until_h))}",
        f"- Events: {len(r.events)}; rules fired: {len(r.firings)}; pending at {end.name}: {len(r.pending)}",
    ]
    if sc.description:
        lines += ["", prose(sc.description)]
    return "\n".join(lines)


def _objectives(r: RunResult, w: World) -> str:
    if not r.objectives:
        return ""
    defs = {o.id: o for o in w.objectives}
    rows = [
        [o.objective, d.model.title, d.model.capability, f"`{d.expect}`", o.status.replace("_", " "),
         t_plus(o.from_h), t_plus(o.deadline_h), t_plus(o.at_h)]
        for o in r.objectives if (d := defs[o.objective])
    ]
    head = ["Objective", "Title", "Capability", "Expects", "Status", "Clock from", "Deadline", "Met at"]
    return "\n".join(["## Objectives", "", *table(head, rows)])


def _responses(r: RunResult, w: World) -> str:
    if not r.responses:
        return "## Responses and critical paths\n\nNo response was started."
    lines = ["## Responses and critical paths"]
    paths = {(p.response, p.instance): p for p in critical_paths(r)}
    for x in r.responses:
        d = w.responses[x.response]
        took = "" if x.ended_h is None else f", took {format_hours(x.ended_h - x.started_h)}"
        lines += ["", f"### {inline(d.title or x.response)} (`{x.response}` #{x.instance})", ""]
        lines += [f"{x.status.capitalize()} (complete: {completes(w, x)}): started {when(r, x.started_h)}, "
                  f"ended {when(r, x.ended_h)}{took}."]
        if d.source:
            lines += [f"Source: {inline(d.source)}"]
        path = paths.get((x.response, x.instance))
        if path is not None:
            lines += ["", f"Critical path: {_path_line(w, path)}"]
        rows = [
            [w.actor_name(p.actor) + _mark(path, p.actor), p.status, t_plus(p.authorized_h), t_plus(p.contributed_h),
             " → ".join(f"{s.name} ({_span(s.start_h, s.end_h)})" for s in p.steps)]
            for p in x.participants
        ]
        lines += ["", *table(["Participant", "Status", "Authorized", "Contributed", "Steps"], rows)]
    return "\n".join(lines)


def _mark(path: CriticalPath | None, actor: str) -> str:
    return " ▸" if path is not None and path.actor == actor else ""


def _path_line(w: World, p: CriticalPath) -> str:
    if p.actor is None:
        return "the completion criterion could never be met."
    steps = " → ".join(f"{s.name} {format_hours(s.hours)} ({share_pct(s.share)})" for s in p.steps)
    return f"**{inline(w.actor_name(p.actor))}** ({inline(p.deciding)}) — {inline(steps)}"


def _msel(r: RunResult, w: World, end: Ending) -> str:
    rows = [[*row.cells(), played] for row, played in played_rows(w, r, end)]
    if not rows:
        return ""
    return "\n".join(["## MSEL as played", "", *table([*MSEL_COLUMNS, "Played as"], rows)])


def _chains(r: RunResult, w: World) -> str:
    lines = ["## Causal chains of milestones"]
    for m in milestones(r, w):
        x = explain(r, m, w)
        lines += ["", f"### #{m.seq} `{m.type}` at {when(r, m.t)}", ""]
        for n, link in enumerate(x.links, 1):
            e = link.event
            by = f" by {inline(w.actor_name(e.by))}" if e.by else ""
            payload = "".join(f" {inline(k)}={inline(v)}" for k, v in e.payload.items())
            fired = f" (fired on #{link.fired_on})" if link.fired_on is not None else ""
            cited = f" — source: {inline(link.citation)}" if link.citation else ""
            lines.append(f"{n}. {when(r, e.t)} — #{e.seq} `{e.type}`{by}{payload}  ")
            lines.append(f"   ← {inline(link.producer)}{fired}{cited}")
    return "\n".join(lines) if len(lines) > 1 else ""


def _span(start: float, end: float | None) -> str:
    return "under way" if end is None else format_hours(end - start)


def _decisions(r: RunResult, w: World) -> str:
    if not r.decisions:
        return ""
    rows = []
    for d in r.decisions:
        dd = w.decisions[d.decision]
        option = d.option or "—"
        rows.append([d.decision, dd.prompt, option, dd.titles.get(option), d.how, t_plus(d.t)])
    return "\n".join(["## Decisions", "", *table(["Decision", "Question", "Option", "Meaning", "How", "When"], rows)])


def _holders(g: Glance) -> str:
    return "\n".join(["## Who held the coalition back", "",
                      "Per actor, the response instances whose end its contribution or decline decided (its "
                      "critical paths), how long its own procedure took on them and how long they took in all.",
                      "", *holdback_table(g.holders, g.ended)])


def _timeline(r: RunResult, w: World, end: Ending) -> str:
    rows = [
        [e.seq, t_plus(e.t), r.instant(e.t), f"`{e.type}`", w.actor_name(e.by), e.source,
         "" if e.cause is None else e.cause]
        for e in r.events
    ]
    lines = ["## Event log", "", *table(["#", "T+", "Instant (UTC)", "Event", "By", "Source", "Cause"], rows)]
    if r.pending:
        lines += ["", f"Pending at {end.name}:", ""]
        lines += table(["T+", "Event", "Source"], [[t_plus(p.t), f"`{p.type}`", p.source] for p in r.pending])
    return "\n".join(lines)


def _notes(r: RunResult) -> str:
    if not r.notes:
        return ""
    return "\n".join(["## Notes", "", *table(["T+", "Note"], [[t_plus(n.t), n.text] for n in r.notes])])
