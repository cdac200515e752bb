"""The console's pages, drawn on the server from a ``Snapshot`` (Jinja, every text escaped:
the scenario's text is untrusted). Each role's page is made of regions (``REGIONS``) that
the page's script replaces when a new snapshot arrives, so a form being filled in is never
redrawn under the user's hands.

The players' regions are drawn from the snapshot's ``briefing`` and the clock only: never
from the facilitator's situation, so controller texts, model state, held or future injects
cannot reach the projector by a slip in a template.
"""

import re
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

import jinja2

from engine.analyse.aar import capability_of
from engine.analyse.delivered import Delivered, for_audience
from engine.check.world import World
from engine.facilitate.commands import RATINGS, injectable_events
from engine.facilitate.serve.access import Access
from engine.facilitate.serve.snapshot import Snapshot
from engine.simulate import timefmt
from engine.simulate.timefmt import t_plus

REGIONS: dict[str, tuple[str, ...]] = {
    "facilitator": ("clock", "now", "summary", "chart", "details", "held", "log"),
    "evaluator": ("clock", "objectives", "evaluations"),
    "players": ("clock", "players"),
}
TITLES = {"facilitator": "Facilitator", "evaluator": "Evaluator", "players": "Players"}
LIFECYCLE = ("started", "completed", "failed", "stopped")
MILESTONE_NAMES = 3  # responses named per kind of milestone in the summary; the details list them all
EARLIER = 3  # earlier injects on the players' screen, under the latest: a projector is not scrolled


class Views:
    """Renders pages and regions for one World and one set of role links."""

    def __init__(self, world: World, access: Access) -> None:
        self.world = world
        self.access = access
        self.env = jinja2.Environment(loader=jinja2.PackageLoader("engine.facilitate.serve", "templates"),
                                      autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)
        self._static = _static_context(world)
        self._cache: dict[tuple[str, int, str | None], dict[str, str]] = {}

    def page(self, role: str, snap: Snapshot, audience: str | None = None, feedback: Sequence[Any] = ()) -> str:
        """The whole page of ``role``; ``feedback``: the messages (``level``, ``text``) of a form
        just refused, shown above the controls (for a browser without the page's script)."""
        return self.env.get_template(f"{role}.html.j2").render(self._context(role, snap, audience),
                                                               feedback=feedback)

    def regions(self, role: str, snap: Snapshot, audience: str | None = None) -> dict[str, str]:
        """``{region id: HTML}`` of ``role``'s page for ``snap`` (kept for the latest snapshot)."""
        key = (role, snap.serial, audience)
        if key not in self._cache:
            context = self._context(role, snap, audience)
            self._cache = {k: v for k, v in self._cache.items() if k[1] == snap.serial}
            self._cache[key] = {r: self.env.get_template(f"regions/{r}.html.j2").render(context)
                                for r in REGIONS[role]}
        return self._cache[key]

    def landing(self, heading: str, text: str) -> str:
        """A page that tells, and shows nothing of the exercise."""
        return self.env.get_template("landing.html.j2").render(heading=heading, text=text)

    def _context(self, role: str, snap: Snapshot, audience: str | None) -> dict[str, Any]:
        sit = snap.situation
        context: dict[str, Any] = {
            "role": role, "role_title": TITLES[role], "s": snap, "sit": sit, "base": self.base(role),
            "query": f"?audience={urllib.parse.quote(audience)}" if audience else "",
            "tp": t_plus, "cal": _calendar(self.world), "paragraphs": paragraphs,
            "narrative": narrative,
        }
        if role == "players":  # the players' regions see the briefing and the clock, nothing else
            context["sit"] = _Clock(sit.clock_h, sit.until_h)
            context["b"] = snap.briefing
            items = for_audience(snap.briefing.items, audience)
            context["latest"], context["earlier"] = (items[-1] if items else None), items[-1 - EARLIER:-1][::-1]
            context["older"] = max(0, len(items) - 1 - EARLIER)
            return context
        context.update(self._static)
        context.update(new={d.seq for d in sit.injects}, card_title=_card_title, value=_value,
                       milestones=_milestones(snap), counts=_counts(snap), deadlines=_deadlines(snap),
                       objective_rows=_objective_rows(snap))
        return context

    def base(self, role: str) -> str:
        """The path every address of ``role`` starts with: ``/facilitator/<token>``."""
        return f"/{role}/{self.access.tokens[role]}"


class _Clock:
    """What the players' clock region may read of the situation: the time."""

    def __init__(self, clock_h: float, until_h: float) -> None:
        self.clock_h, self.until_h, self.waiting = clock_h, until_h, None


def _static_context(world: World) -> dict[str, Any]:
    """What the controls are built from: event types and their fields, actors, objectives."""
    return {
        "w": world,
        "event_forms": [(e, sorted(world.event_fields[e].items())) for e in injectable_events(world)],
        "actors": sorted(((a, world.actor_name(a)) for a in world.actors), key=lambda x: x[1]),
        "ratings": list(RATINGS.items()),
        "responses": [(r, d.title or r) for r, d in world.responses.items()],
        "objective_choices": [_Choice(o.id, o.model.title or o.expect, capability_of(world, o.id))
                              for o in world.objectives],
    }


class _Choice:
    def __init__(self, id_: str, title: str, capability: str) -> None:
        self.id, self.title, self.capability = id_, title, capability


def _calendar(world: World) -> Callable[[float], str]:
    def calendar(hours: float) -> str:
        return timefmt.calendar(world.start, hours).removesuffix("Z") + " UTC"

    return calendar


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs: blank lines part them; a single line break (a YAML block's hard
    wrap) is a space, so the browser wraps the text to its own width."""
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def narrative(d: Delivered) -> list[str]:
    """An inject's narrative as paragraphs: a scenario's as ``paragraphs``; the facilitator's
    (``say``, typed in a text box) keeps its line breaks, which the page's ``white-space:
    pre-line`` shows."""
    if d.kind != "narrative":
        return paragraphs(d.public.narrative)
    parts = re.split(r"\n\s*\n", d.public.narrative.strip())
    return ["\n".join(" ".join(line.split()) for line in p.split("\n")) for p in parts if p.strip()]


def _card_title(d: Delivered) -> str:
    what = {"scripted": f"Inject {d.inject}", "narrative": "Narrative inject", "adhoc": "Ad-hoc inject"}[d.kind]
    return f"{what} at {t_plus(d.t)}"


def _value(v: object) -> str:
    return "—" if v is None else str(v).lower() if isinstance(v, bool) else str(v)


def _milestones(snap: Snapshot) -> list[str]:
    """Response milestones since the last stop, by kind: ``2 started: Collective defence, …``."""
    responses = {r.response: r.title or r.response for r in snap.situation.responses}
    by_kind: dict[str, list[str]] = {}
    for e in snap.situation.events:
        response, _, what = e.type.rpartition(".")
        if what in LIFECYCLE and response in responses:
            by_kind.setdefault(what, []).append(_short(responses[response]))
    out = []
    for what in LIFECYCLE:
        names = by_kind.get(what, [])
        if names:
            more = f" and {len(names) - MILESTONE_NAMES} more" if len(names) > MILESTONE_NAMES else ""
            out.append(f"{len(names)} {what}: {'; '.join(names[:MILESTONE_NAMES])}{more}")
    return out


def _short(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[:width - 1].rstrip() + "…"


def _counts(snap: Snapshot) -> dict[str, str]:
    statuses = [r.status for r in snap.situation.responses]
    objectives = [o.status for o in snap.situation.objectives]
    return {
        "responses": ", ".join(f"{statuses.count(k)} {k}" for k in ("active", "completed", "failed", "stopped")
                               if statuses.count(k)) or "none started",
        "objectives": ", ".join(f"{objectives.count(k)} {k.replace('_', ' ')}" for k in
                                ("met", "missed", "running", "not_started") if objectives.count(k)) or "none",
    }


def _deadlines(snap: Snapshot) -> list[Any]:
    """The running objectives, soonest deadline first, each with its allowed time."""
    within = {o.id: o.within for o in snap.world.objectives}
    running = [o for o in snap.situation.objectives if o.left_h is not None]
    return [_Deadline(o, within[o.objective]) for o in sorted(running, key=lambda o: o.left_h or 0.0)]


class _Deadline:
    def __init__(self, o: Any, allowed: float) -> None:
        self.objective, self.title, self.deadline_h, self.left_h = o.objective, o.title, o.deadline_h, o.left_h
        self.allowed = allowed


def _objective_rows(snap: Snapshot) -> list[tuple[Any, str, float]]:
    within = {o.id: o.within for o in snap.world.objectives}
    return [(o, capability_of(snap.world, o.objective), within[o.objective]) for o in snap.situation.objectives]
