"""``status`` in ``accord play``: the situation on one screen (rich).

The clock, the decision waiting and the decisions so far, the responses running (where their
participants stand), the objectives (counts, and the clocks running), the held injects,
the next inject, and how to ask for the details (``status all|held|<id>``). It fits the
lines it is given: a list too long for them ends "… N more" and ``status all`` has them
all, so at 80×24 the facilitator never loses the screen.
"""

from rich.console import Group
from rich.text import Text

from engine.facilitate.situation import ResponseView, Situation
from engine.simulate.timefmt import t_plus

MORE = "status all"  # the command that shows what a cut list leaves out


def fit_line(text: str, width: int, style: str = "") -> Text:
    """One line, cut with an ellipsis to fit ``width`` columns."""
    line = Text(text, style=style, no_wrap=True, overflow="ellipsis")
    line.truncate(width, overflow="ellipsis")
    return line


def summary_screen(s: Situation, width: int, height: int) -> Group:
    """The one-screen summary of ``s`` in at most ``height`` lines of ``width`` columns."""
    top = [_clock(s), *_decisions(s)]
    running = [f"  {_response_line(r)}" for r in s.responses if r.status == "active"]
    clocks = [f"  {o.objective}: {t_plus(o.left_h)[2:]} left" + (f" — {o.title}" if o.title else "")
              for o in sorted(s.objectives, key=lambda o: o.left_h or 0.0) if o.left_h is not None]
    bottom = [*_held(s), *_next(s), "Details: 'status all', 'status held', 'status <response>', "
                                    "'status <objective>'"]
    room = max(0, height - len(top) - len(bottom) - 2)  # 2: the two list headings
    r_room, o_room = _split(len(running), len(clocks), room)
    lines = [*top, _running_heading(s), *_cut_list(running, r_room), _objectives_heading(s),
             *_cut_list(clocks, o_room), *bottom]
    styles = {0: "bold"}
    return Group(*(fit_line(text, width, styles.get(i, "bold red" if text.startswith("DECISION") else ""))
                   for i, text in enumerate(lines)))


def _clock(s: Situation) -> str:
    left = max(0.0, s.until_h - s.clock_h)
    return f"STATUS  {t_plus(s.clock_h)}  {s.instant}   horizon {t_plus(s.until_h)} ({t_plus(left)[2:]} left)"


def _decisions(s: Situation) -> list[str]:
    out = []
    if s.waiting is not None:
        d = s.waiting
        out.append(f"DECISION WAITING: decide {d.id} <option>  ({', '.join(d.options)})")
    taken = f"{len(s.decisions)} taken" + (f" (last: {s.decisions[-1].decision}={s.decisions[-1].option})"
                                           if s.decisions else "")
    out.append(f"Decisions: {taken}; {len(s.open_decisions)} not come up yet")
    return out


def _running_heading(s: Situation) -> str:
    statuses = [r.status for r in s.responses]
    if not statuses:
        return "Responses: none started"
    counts = " · ".join(f"{statuses.count(k)} {k}" for k in ("active", "completed", "failed", "stopped")
                        if statuses.count(k))
    return f"Responses: {counts}" + (" — running:" if "active" in statuses else "")


def _response_line(r: ResponseView) -> str:
    """A running response: how many participants stand where, and the steps under way."""
    statuses = [p.status for p in r.participants]
    counts = " · ".join(f"{statuses.count(k)} {k}" for k in dict.fromkeys(statuses))
    steps = sorted({p.step for p in r.participants if p.step})
    return f"{r.response}: {counts or 'no participants'}" + (f" (in: {', '.join(steps)})" if steps else "") + (
        f" — {r.title}" if r.title else "")


def _objectives_heading(s: Situation) -> str:
    statuses = [o.status for o in s.objectives]
    counts = " · ".join(f"{statuses.count(k)} {k}" for k in dict.fromkeys(statuses))
    return f"Objectives: {counts or 'none'}" + (" — clocks running:" if "running" in statuses else "")


def _held(s: Situation) -> list[str]:
    if not s.held:
        return []
    return [f"Held injects: {len(s.held)} not released ('status held' lists them; 'release <id>')"]


def _next(s: Situation) -> list[str]:
    if s.next_inject is not None:
        n = s.next_inject
        return [f"Next inject: {n.id} at {t_plus(n.t)}" + (f" — {n.model.title}" if n.model.title else "")]
    return ["Horizon reached: 'end' writes the results"] if s.at_horizon else []


def _split(first: int, second: int, room: int) -> tuple[int, int]:
    """Lines for two lists sharing ``room``: half each, and what one does not need to the other."""
    a = min(first, max(room // 2, room - second))
    return a, min(second, room - a)


def _cut_list(items: list[str], room: int) -> list[str]:
    """``items`` in ``room`` lines: the last says how many more there are when they do not fit."""
    if len(items) <= room:
        return items
    if room <= 0:
        return []
    return [*items[:room - 1], f"  … {len(items) - room + 1} more: '{MORE}'"]
