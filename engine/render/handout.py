"""The players' situation manual (``accord play --handout``), in Markdown.

Only what players may read: the scenario's title and description, then the injects
delivered so far, grouped by exercise day, each with its title, sender, audience and
narrative. Never the controller-only texts (``notes``, ``expected_response``,
``objective``), the engine's payloads, or anything not yet delivered.
"""

from engine.check.world import InjectDef, World
from engine.render.md import inline, prose
from engine.simulate.record import day as ymd
from engine.simulate.timefmt import instant_of, t_plus


def render_handout(world: World, delivered: list[InjectDef], clock_h: float) -> str:
    """The manual as of ``clock_h``, showing the ``delivered`` injects (in MSEL order)."""
    sc = world.scenario
    out = [f"# {inline(sc.title or sc.scenario)}: players' situation manual", ""]
    as_of = instant_of(world.start, clock_h)
    out += [f"Situation as of {t_plus(clock_h)} ({ymd(as_of)} {as_of:%H:%M} UTC).", ""]
    if sc.description:
        out += [prose(sc.description), ""]
    day = None
    for inj in sorted(delivered, key=lambda i: i.tick):  # file order within an instant
        this_day = inj.tick // 86_400
        if this_day != day:
            day = this_day
            date = instant_of(world.start, this_day * 24.0)
            out += [f"## Day {this_day + 1} ({ymd(date)})", ""]
        out += _inject(world, inj)
    if not delivered:
        out += ["No information has been delivered yet.", ""]
    return "\n".join(out).rstrip() + "\n"


def _inject(world: World, inj: InjectDef) -> list[str]:
    m = inj.model
    when = instant_of(world.start, inj.t)
    lines = [f"### {when:%H:%M} UTC ({t_plus(inj.t)}): {inline(m.title or inj.id)}", ""]
    if m.from_ or m.to:
        lines += [f"*From:* {inline(m.from_ or '—')}  *To:* {inline(', '.join(m.to) or '—')}", ""]
    lines += [prose(m.narrative) if m.narrative else "(no narrative)", ""]
    return lines
