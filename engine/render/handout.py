"""The players' situation manual (``accord play --handout``), in Markdown.

Only what players may read (``analyse.briefing``): the scenario's players' ``situation:``
text (not its title, which is the designers' and often tells the story); for a session
under way, a summary of the situation so far (the decisions the players took, what the
coalition has deployed, the facilitator's ad-hoc injects); then the injects delivered by
the current time, grouped by exercise day, each with its title, sender, audience and
narrative. Never the scenario's ``description``, the controller-only texts (``notes``,
``expected_response``, ``objective``), the engine's payloads of scripted injects, or
anything after the current time.
"""

from engine.analyse.briefing import Briefing, Deployment
from engine.analyse.delivered import Delivered
from engine.check.world import World
from engine.read.durations import TICKS_PER_HOUR, to_ticks
from engine.render.md import Lines, inline, prose
from engine.simulate.record import day as ymd
from engine.simulate.timefmt import instant_of, t_plus


def render_handout(world: World, b: Briefing) -> str:
    """The manual of briefing ``b``."""
    out = ["# Players' situation manual", ""]  # not the scenario's title: the designers' words tell the story
    as_of = instant_of(world.start, b.clock_h)
    out += [f"Situation as of {t_plus(b.clock_h)} ({ymd(as_of)} {as_of:%H:%M} UTC).", ""]
    if b.situation:
        out += ["## The situation", "", prose(b.situation), ""]
    out += _so_far(b)
    day = None
    for item in b.items:
        this_day = to_ticks(item.t) // (24 * TICKS_PER_HOUR)
        if this_day != day:
            day = this_day
            date = instant_of(world.start, this_day * 24.0)
            out += [f"## Day {this_day + 1} ({ymd(date)})", ""]
        out += _item(world, item)
    if not b.items:
        out += ["No information has been delivered yet.", ""]
    return "\n".join(out).rstrip() + "\n"


def _so_far(b: Briefing) -> list[str]:
    """The summary of a session under way: decisions, deployments, ad-hoc injects."""
    if not (b.decisions or b.deployments or b.adhoc):
        return []
    out = ["## The situation so far", ""]
    if b.decisions:
        out += ["### Decisions taken", ""]
        out += [f"- {t_plus(d.t)}: {inline(d.question)} — **{inline(d.option)}**" for d in b.decisions] + [""]
    if b.deployments:
        out += ["### Deployed", ""] + [_deployment(d) for d in b.deployments] + [""]
    if b.adhoc:
        out += ["### Events brought in by the facilitator", ""]
        out += [f"- {t_plus(d.t)}: {inline(d.controller.event)}" + (f", by {inline(d.public.sender)}"
                                                                     if d.public.sender else "") for d in b.adhoc]
        out += [""]
    return out


def _deployment(d: Deployment) -> str:
    line = f"- {inline(d.title)}: started {t_plus(d.started_h)}, {d.status}"
    if d.contributed:
        line += "; contributed: " + ", ".join(f"{inline(who)} ({t_plus(t)})" for who, t in d.contributed)
    if d.declined:
        line += "; declined: " + ", ".join(f"{inline(who)} ({t_plus(t)})" for who, t in d.declined)
    return line


def _item(world: World, item: Delivered) -> list[str]:
    p = item.public
    when = instant_of(world.start, item.t)
    title = p.title or ("Message from the facilitator" if item.kind == "narrative" else item.inject or "")
    lines = [f"### {when:%H:%M} UTC ({t_plus(item.t)}): {inline(title)}", ""]
    if p.sender or p.audience:
        lines += [f"*From:* {inline(p.sender or '—')}  *To:* {inline(', '.join(p.audience) or '—')}", ""]
    said = item.kind == "narrative"  # the facilitator's message keeps the line breaks it was typed with
    lines += [prose(Lines(p.narrative) if said else p.narrative or "(no narrative)"), ""]
    return lines
