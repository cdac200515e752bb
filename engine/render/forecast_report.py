"""A forecast's files (issue 18): ``forecast.json``, ``forecast.md``, ``forecast.html`` and
``ecdf.png``, from the forecast document (``accord.forecast/1``). Reads the document and
the runs' tallies (for the chart); never plays.
"""

import json
from typing import Any

from engine.analyse.forecast_tally import Tally
from engine.render.html_page import inline_svg, render_page
from engine.render.md import cell, inline
from engine.render.percent import interval_pct, share_pct
from engine.simulate.timefmt import t_plus

CHART_TITLE = "When the open objectives are met (ECDF)"


def forecast_files(doc: dict[str, Any], tallies: dict[str, Tally], *, charts: bool = True) -> dict[str, str | bytes]:
    """The forecast's files by name."""
    drawing = None
    if charts and any(o["open"] for o in doc["objectives"]):
        from engine.render.charts.forecast import forecast_chart  # noqa: PLC0415 - matplotlib only when drawing

        drawing = forecast_chart(doc, tallies)
    files: dict[str, str | bytes] = {
        "forecast.json": json.dumps(doc, indent=1, ensure_ascii=False) + "\n",
        "forecast.md": forecast_markdown(doc, ["ecdf.png"] if drawing else []),
        "forecast.html": forecast_html(doc, drawing.svgs.get("ecdf") if drawing else None),
    }
    if drawing is not None:
        files.update({f"{name}.png": png for name, png in drawing.pngs().items()})
    return files


def rate(r: dict[str, Any]) -> str:
    """``87.3% (85.1–89.2%)``: a met-rate and its 95% interval."""
    return f"{share_pct(r['rate'])} ({interval_pct(r['low'], r['high'])})"


def move(now: dict[str, Any], before: dict[str, Any]) -> str:
    """``+12.5 pts`` between two met-rates (``±0`` when equal)."""
    d = 100 * (now["rate"] - before["rate"])
    return "±0" if abs(d) < 0.05 else f"{d:+.1f} pts"


def headline(doc: dict[str, Any]) -> str:
    """One sentence: from where, how many runs, which seeds."""
    where = f"{doc['at']}" + (f", decision {doc['waiting']} waiting" if doc["waiting"] else "")
    return (f"From {where}: {doc['runs']:,} runs of the rest of the session to the horizon {t_plus(doc['until_h'])}, "
            f"forecast seed {doc['seed']} (session seed {doc['session_seed']}).")


def objective_rows(doc: dict[str, Any]) -> list[list[str]]:
    """Per objective: id, title, at the branch, met-rate at the start, now, the move, median met time."""
    rows = []
    for o in doc["objectives"]:
        when = o["met_at"]["p50"]
        rows.append([o["objective"], o["title"], o["at_branch"].replace("_", " "), rate(o["start"]), rate(o["now"]),
                     move(o["now"], o["start"]), t_plus(when) if o["open"] and when is not None else "—"])
    return rows


def option_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The next decision's options × objectives: met-rate and move from ``now`` (header, rows)."""
    nxt = doc["next_decision"]
    if nxt is None:
        return [], []
    now = {o["objective"]: o["now"] for o in doc["objectives"]}
    header = ["objective", "now", *(f"{o['option']}" for o in nxt["options"])]
    rows = [[oid, rate(now[oid]), *(f"{rate(o['objectives'][oid])} {move(o['objectives'][oid], now[oid])}"
                                     for o in nxt["options"])] for oid in now]
    return header, rows


def forecast_markdown(doc: dict[str, Any], pictures: list[str]) -> str:
    """``forecast.md``."""
    lines = [f"# Forecast: {inline(doc['title'] or doc['scenario'])}", "", headline(doc), "",
             "## Objectives", "", "Share of runs in which each objective is met, with its 95% (Wilson) interval: "
             "from the start of the session (T+0) and from now; the median time when met, for those still open.", "",
             "| objective | title | now | from the start | from now | move | median met at |",
             "|---|---|---|---|---|---|---|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in objective_rows(doc)]
    lines += [""] + [f"![{CHART_TITLE}]({p})" for p in pictures] + ([""] if pictures else [])
    lines += _next_markdown(doc) + _to_come_markdown(doc) + _actors_markdown(doc)
    return "\n".join(lines).rstrip() + "\n"


def _next_markdown(doc: dict[str, Any]) -> list[str]:
    nxt = doc["next_decision"]
    if nxt is None:
        return ["## Next decision", "", "No decision for the facilitator comes up from here.", ""]
    state = "waiting now" if nxt["waiting"] else "the first the facilitator is asked in most runs"
    header, rows = option_rows(doc)
    lines = ["## Next decision", "", f"**{nxt['decision']}** ({state}): {inline(nxt['prompt'])}", "",
             "Met-rate per option (every run of the forecast with that option taken), and the move from now.", "",
             "| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows] + [""]


def _to_come_markdown(doc: dict[str, Any]) -> list[str]:
    lines = ["## Decisions still to come", ""]
    if not doc["decisions_to_come"]:
        return [*lines, "None in any run.", ""]
    lines += ["| decision | how | comes up in | first, median | options |", "|---|---|---|---|---|"]
    for d in doc["decisions_to_come"]:
        how = f"scripted: {d['scripted']}" if d["scripted"] else "facilitator"
        when = d["first_at"]["p50"]
        options = ", ".join(f"{o} {share_pct(s)}" for o, s in d["options"].items())
        lines.append(f"| {cell(d['decision'])} | {cell(how)} | {share_pct(d['share'])} | "
                     f"{t_plus(when) if when is not None else '—'} | {cell(options)} |")
    return [*lines, ""]


def _actors_markdown(doc: dict[str, Any]) -> list[str]:
    lines = ["## On the critical path from here", "",
             "Actors whose contribution or decline decided the end of a response that ends after now, "
             "by share of runs.", ""]
    if not doc["critical_path"]:
        return [*lines, "No response ends after now in any run.", ""]
    lines += ["| actor | runs |", "|---|---|"]
    return lines + [f"| {cell(a['name'])} | {share_pct(a['share'])} |" for a in doc["critical_path"]] + [""]


def forecast_html(doc: dict[str, Any], svg: str | None) -> str:
    """``forecast.html``: the same content as forecast.md, the chart inlined as SVG."""
    nxt = doc["next_decision"]
    now = {o["objective"]: o["now"] for o in doc["objectives"]}
    options = [] if nxt is None else [
        (oid, rate(now[oid]), [(rate(o["objectives"][oid]), move(o["objectives"][oid], now[oid]))
                               for o in nxt["options"]]) for oid in now]
    return render_page("forecast.html.j2", doc=doc, headline=headline(doc), objectives=objective_rows(doc),
                       option_rows=options, chart=inline_svg(svg, CHART_TITLE),
                       chart_title=CHART_TITLE, t_plus=t_plus, share_pct=share_pct)
