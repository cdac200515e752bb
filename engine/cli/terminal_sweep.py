"""Terminal tables (rich) for sweeps and comparisons."""

from typing import Any

from rich.console import Console
from rich.table import Table

from engine.simulate.timefmt import t_plus


def print_sweep(doc: dict[str, Any]) -> None:
    """Per variant, the key milestones' reach and percentiles, and objective met-rates."""
    console = Console(highlight=False)
    title = doc["title"] or doc["scenario"]
    console.print(f"[bold]{title}[/bold] — {doc['runs']:,} runs per variant, seed {doc['seed']}")
    table = Table(title="Key milestones", title_justify="left")
    for col in ("Variant", "Milestone", "Reached", "p10", "p50", "p90"):
        table.add_column(col)
    for v in doc["variants"]:
        for name in v["key_milestones"]:
            m = v["milestones"][name]
            table.add_row(v["variant"] or "base", name, f"{m['reached_pct']:g}%",
                          t_plus(m["p10"]), t_plus(m["p50"]), t_plus(m["p90"]))
    console.print(table)


def print_comparison(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """The comparison table: one row per milestone, one column per variant."""
    console = Console(highlight=False)
    table = Table(title="Milestones", title_justify="left")
    table.add_column("Milestone")
    for c in columns:
        table.add_column(c)
    for row in rows:
        table.add_row(row["milestone"], *(row["cells"][c] for c in columns))
    console.print(table)
