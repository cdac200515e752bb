"""Terminal tables (rich) for the CLI: the short summary after a run, made to fit 80 columns."""

from engine.check.world import World
from engine.cli.fit import fitted_table
from engine.cli.stdout import Console
from engine.simulate.record import RunResult
from engine.simulate.timefmt import t_plus


def print_summary(result: RunResult, world: World) -> None:
    """Responses and objectives of a run, as two tables on stdout (objectives with their titles)."""
    console = Console(highlight=False)
    title = world.scenario.title or world.scenario.scenario
    console.print(f"[bold]{title}[/bold] — {result.mode} run, seed {result.seed}, {len(result.events)} events")
    rows = [[x.response, str(x.instance), x.status, t_plus(x.started_h), t_plus(x.ended_h),
             f"{sum(1 for p in x.participants if p.status == 'contributed')}/{len(x.participants)}"]
            for x in result.responses]
    console.print(fitted_table(console, "Responses", ("Response", "#", "Status", "Started", "Ended", "Contributed"),
                               rows))
    titles = {o.id: o.model.title or "" for o in world.objectives}
    rows = [[o.objective, titles.get(o.objective, ""), o.status.replace("_", " "), t_plus(o.deadline_h),
             t_plus(o.at_h)] for o in result.objectives]
    console.print(fitted_table(console, "Objectives", ("Objective", "Title", "Status", "Deadline", "Met at"), rows,
                               flexible=1, titles=True))
