"""The first screen of ``report.md``: the run at a glance (``glance.Glance``) and the contents."""

from engine.render.glance import HOLDERS, Glance, HoldLine
from engine.render.md import table

# (heading, GitHub's anchor for it) of report.md's sections, in order; report.html has the same order.
SECTIONS = (
    ("At a glance", "at-a-glance"),
    ("MSEL as played", "msel-as-played"),
    ("Timeline chart", "timeline-chart"),
    ("Responses and critical paths", "responses-and-critical-paths"),
    ("Who held the coalition back", "who-held-the-coalition-back"),
    ("Decisions", "decisions"),
    ("Objectives", "objectives"),
    ("Causal chains of milestones", "causal-chains-of-milestones"),
    ("After-action report", "after-action-report"),
    ("Event log", "event-log"),
    ("Notes", "notes"),
)


def contents(present: set[str]) -> str:
    """A one-line table of contents of the sections present (by heading)."""
    links = [f"[{h}](#{a})" for h, a in SECTIONS if h in present]
    return "Contents: " + " · ".join(links)


def glance_markdown(g: Glance) -> str:
    """``## At a glance``: objectives, responses, decisions, longest critical paths, who held back."""
    lines = ["## At a glance", "", "### Objectives", ""]
    if g.objectives:
        lines += table(["Objective", "Status", "At", "Deadline", "Against the deadline"],
                       [[_titled(o.objective, o.title), f"**{o.status.replace('_', ' ')}**", o.at, o.deadline,
                         o.margin] for o in g.objectives])
    else:
        lines.append("No objectives.")
    lines += ["", "### Longest critical paths", ""]
    if g.longest:
        lines += table(["Response", "Status", "Took", "Decided by", "Longest step on the path"],
                       [[p.response, p.status, p.took, f"{p.actor} ({p.deciding})" if p.actor else "—", p.longest]
                        for p in g.longest])
    else:
        lines.append("No response completed or failed.")
    lines += ["", "### Who held the coalition back", "", *holdback_table(g.holders[:HOLDERS], g.ended)]
    if len(g.holders) > HOLDERS:
        more = len(g.holders) - HOLDERS
        lines += ["", f"{more} more in [Who held the coalition back](#who-held-the-coalition-back)."]
    lines += ["", "### Decisions taken", ""]
    if g.decisions:
        lines += table(["Decision", "Option taken", "How", "When"],
                       [[d.question or d.decision, _titled(d.option, d.meaning), d.how, d.when] for d in g.decisions])
    else:
        lines.append("No decision was taken.")
    lines += ["", "### Responses", ""]
    if g.responses:
        lines += table(["Response", "Status", "Completes", "Started", "Ended", "Took", "Contributed", "Decided by"],
                       [[r.title, f"**{r.status}**", r.completes, r.started, r.ended, r.took, r.contributed,
                         r.decided_by] for r in g.responses])
    else:
        lines.append("No response was started.")
    return "\n".join(lines)


def holdback_table(rows: list[HoldLine], ended: int) -> list[str]:
    """Per actor: the critical paths it was on, its procedure's time on them, the responses."""
    if not rows:
        return ["No participant decided the end of a response."]
    return table(["Actor", f"Critical paths (of {ended})", "Its procedure on them", "Those paths took", "Responses"],
                 [[h.actor, _paths(h), h.procedure, h.on_path, h.responses] for h in rows])


def _paths(h: HoldLine) -> str:
    return f"{h.paths}" + (f" ({h.declined} declined)" if h.declined else "")


def _titled(key: str, title: str) -> str:
    return f"{key}: {title}" if title else key
