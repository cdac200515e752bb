"""The after-action report (AAR/IP) as a Markdown section of ``report.md``."""

from engine.analyse.aar import NOT_EVALUATED, PLAN_COLUMNS, RATING_RULES, AfterActionReport, Evaluation, ObjectiveRating
from engine.read.durations import format_hours
from engine.render.md import Lines, inline, table
from engine.render.percent import share_pct
from engine.simulate.record import RunResult
from engine.simulate.timefmt import when


def aar_markdown(result: RunResult, report: AfterActionReport) -> str:
    """Overview, analysis of capabilities, strengths, areas for improvement, improvement plan."""
    o = report.overview
    lines = ["## After-action report", "", "### Exercise overview", ""]
    lines += table(["Item", "Value"], [
        ["Exercise name", o.name],
        ["Dates (scenario time)", f"{when(result, 0)} to {when(result, result.until_h)}: {o.ending}"],
        ["Scope", o.scope], ["Objectives", "; ".join(o.objectives) or "none"], ["Ratings", o.ratings or "none"],
        ["Capabilities", "; ".join(o.capabilities) or "none"], ["Participating actors", ", ".join(o.actors) or "none"],
        ["Scenario summary", o.summary or "—"],
    ])
    lines += ["", "### Analysis of capabilities", "", "Rating rules: " + "; ".join(
        f"**{k}** = {v}" for k, v in RATING_RULES.items()) + f"; {NOT_EVALUATED}. A facilitator's rating "
        "replaces the suggestion."]
    for capability, ratings in report.by_capability():
        rows = [[f"{x.objective}: {x.title}", x.status.replace("_", " "), _h(x.taken_h), _h(x.allowed_h),
                 f"**{x.rating}**" if x.rating else x.shown, _why(x)] for x in ratings]
        lines += ["", f"#### {inline(capability)}", "",
                  *table(["Objective", "Result", "Time taken", "Allowed", "Rating", "Why"], rows)]
    lines += ["", "### Strengths", "", *_bullets([f"{f.capability}: {f.text}" for f in report.strengths])]
    lines += ["", "### Areas for improvement", "",
              *_bullets([f"{f.capability}: {f.text}" for f in report.improvements])]
    if report.observations:
        lines += ["", "### Facilitator observations", ""]
        lines += _bullets([Lines(f"{when(result, t)}: {note}") for t, note in report.observations])
    for capability, evaluations in report.evaluations_by_capability():
        lines += ["", f"### Evaluators' observations: {inline(capability)}", ""]
        lines += table(["Time", "Objective", "Rating", "Concerning", "Observation"], [
            [when(result, e.t), e.objective, e.rating or "—", _concerning(e), Lines(e.text)] for e in evaluations])
    lines += _odds(result, report)
    plan = report.plan or [("",) * len(PLAN_COLUMNS)]
    lines += ["", "### Improvement plan", "", *table(list(PLAN_COLUMNS), plan), "",
              "Blank cells are for the facilitators to complete."]
    return "\n".join(lines)


def _concerning(e: Evaluation) -> str:
    return ", ".join(x for x in (f"inject {e.inject}" if e.inject else "", f"response {e.response}"
                                 if e.response else "") if x) or "—"
def _odds(result: RunResult, report: AfterActionReport) -> list[str]:
    """How each decision moved the odds: per objective, the forecast met-rate just before and just after."""
    if not report.odds:
        return []
    objectives = [x.objective for x in report.ratings]
    lines = ["", "### How the decisions moved the odds", "",
             "For each decision the players took, the share of forecast runs in which each objective is met, "
             "forecast just before the decision and just after it (— where no forecast was made).", ""]
    rows = [[f"{when(result, o.t)}: {o.decision} = {o.option}",
             *(f"{odds_share(o.before, oid)} → {odds_share(o.after, oid)}" for oid in objectives)] for o in report.odds]
    return lines + table(["Decision", *objectives], rows)


def odds_share(odds: dict[str, tuple[int, int]] | None, objective: str) -> str:
    """``48.0%``: an objective's forecast met-rate, or ``—`` without a forecast."""
    if odds is None or objective not in odds or not odds[objective][1]:
        return "—"
    met, runs = odds[objective]
    return share_pct(met / runs)


def _h(hours: float | None) -> str:
    return "—" if hours is None else format_hours(hours)


def _why(x: ObjectiveRating) -> str:
    return f"Facilitator: {x.comment or 'no comment'} (suggestion: {x.reason})" if x.by_facilitator else x.reason


def _bullets(items: list[str]) -> list[str]:
    return [f"- {inline(i)}" for i in items] or ["- None derived from the record."]
