"""Terminal tables (rich) for the CLI: the short summary after a run."""

from rich.console import Console
from rich.table import Table

from engine.check.world import World
from engine.simulate.record import RunResult
from engine.simulate.timefmt import t_plus


def print_summary(result: RunResult, world: World) -> None:
    """Responses and objectives of a run, as two tables on stdout."""
    console = Console(highlight=False)
    title = world.scenario.title or world.scenario.scenario
    console.print(f"[bold]{title}[/bold] — {result.mode} run, seed {result.seed}, {len(result.events)} events")
    responses = Table(title="Responses", title_justify="left")
    for col in ("Response", "#", "Status", "Started", "Ended", "Contributed"):
        responses.add_column(col)
    for x in result.responses:
        done = sum(1 for p in x.participants if p.status == "contributed")
        responses.add_row(x.response, str(x.instance), x.status, t_plus(x.started_h),
                          t_plus(x.ended_h), f"{done}/{len(x.participants)}")
    console.print(responses)
    objectives = Table(title="Objectives", title_justify="left")
    for col in ("Objective", "Status", "Clock from", "Deadline", "Met at"):
        objectives.add_column(col)
    for o in result.objectives:
        objectives.add_row(o.objective, o.status, t_plus(o.from_h), t_plus(o.deadline_h), t_plus(o.at_h))
    console.print(objectives)
