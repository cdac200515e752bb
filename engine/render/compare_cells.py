"""The text of one comparison cell: a milestone's time (with its difference) or an objective's outcome."""

from typing import Any

from engine.read.durations import format_hours
from engine.render.paired_cells import paired_brief
from engine.render.percent import pct, share_pct
from engine.simulate.timefmt import t_plus


def cell_text(cell: dict[str, Any] | None, *, with_diff: bool = True, spread: bool = True) -> str:
    """``T+17d`` (nominal) or ``T+17d (T+15d–T+20d)`` (sampled), with ``+3d`` from the base; paired
    (``--runs``, a variant of the base), the paired change instead: ``[+3d, 183 of 200 moved]``,
    ``[0 of 200 moved]``. ``spread``: the sampled p10–p90 and reach (else the median alone)."""
    pairs = cell.get("paired") if cell is not None and with_diff else None
    if cell is None or cell.get("t") is None:
        return "—" if pairs is None else f"— [{paired_brief(pairs)}]"
    text = t_plus(cell["t"])
    if "p10" in cell and spread:
        text += f" ({t_plus(cell['p10'])}–{t_plus(cell['p90'])}, {pct(cell['reached_pct'])})"
    diff = cell.get("diff_h")
    if pairs is not None:
        text += f" [{paired_brief(pairs)}]"
    elif with_diff and diff:
        text += f" [{'+' if diff > 0 else '−'}{format_hours(abs(diff))}]"
    return text


def objective_text(cell: dict[str, Any] | None) -> str:
    """``met``/``missed`` (nominal) or the met-rate (sampled)."""
    if cell is None:
        return "—"
    if "status" in cell:
        return str(cell["status"])
    return f"met {share_pct(cell['met_rate'])}"
