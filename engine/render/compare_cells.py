"""The text of one comparison cell: a milestone's time (with its difference) or an objective's outcome."""

from typing import Any

from engine.read.durations import format_hours
from engine.simulate.timefmt import t_plus


def cell_text(cell: dict[str, Any] | None, *, with_diff: bool = True) -> str:
    """``T+17d`` (nominal) or ``T+17d (T+15d–T+20d)`` (sampled), with ``+3d`` from the base."""
    if cell is None or cell.get("t") is None:
        return "—"
    text = t_plus(cell["t"])
    if "p10" in cell:
        text += f" ({t_plus(cell['p10'])}–{t_plus(cell['p90'])}, {cell['reached_pct']:g}%)"
    diff = cell.get("diff_h")
    if with_diff and diff:
        text += f" [{'+' if diff > 0 else '−'}{format_hours(abs(diff))}]"
    return text


def objective_text(cell: dict[str, Any] | None) -> str:
    """``met``/``missed`` (nominal) or the met-rate (sampled)."""
    if cell is None:
        return "—"
    if "status" in cell:
        return str(cell["status"])
    return f"met {100 * cell['met_rate']:.1f}%"
