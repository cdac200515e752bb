"""A comparison as files: ``compare.json``, ``compare.md``, ``compare.csv``, ``compare.html``.

``compare.html`` uses the layout, stylesheet and escaping of every accord page
(``engine/render/html_page.py``), with the charts inlined as SVG.
"""

import csv
import io
import json
from typing import Any

from engine.read.durations import format_hours
from engine.render.html_page import inline_svg, render_page
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


def table(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison table (milestones, then objectives)."""
    cols = [c["id"] for c in doc["columns"]]
    rows = [[r["milestone"], *(cell_text(r["values"].get(c), with_diff=i > 0) for i, c in enumerate(cols))]
            for r in doc["milestones"]]
    rows += [[f"objective {o['objective']} status", *(objective_text(o["values"].get(c)) for c in cols)]
             for o in doc["objectives"]]
    return ["milestone", *cols], rows


def compare_json(doc: dict[str, Any]) -> str:
    """``compare.json``: stable key order, one trailing newline."""
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def compare_markdown(doc: dict[str, Any], charts: list[str]) -> str:
    """``compare.md``: the columns, the table, the charts."""
    lines = ["# Comparison", "", f"Each column: {_how(doc)}. [±x] = difference from {doc['columns'][0]['id']}.", ""]
    lines += [f"- **{c['id']}**: {c['title'] or c['scenario']}" for c in doc["columns"]]
    head, rows = table(doc)
    lines += ["", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append("")
    lines += [f"![{c}]({c})" for c in charts]
    return "\n".join(lines).rstrip() + "\n"


def compare_csv(doc: dict[str, Any]) -> str:
    """``compare.csv``: one row per milestone and column, hours (empty = not reached)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["milestone", "column", "t_h", "p10_h", "p90_h", "reached_pct", "diff_h"])
    for r in doc["milestones"]:
        for col, cell in r["values"].items():
            keys = ("t", "p10", "p90", "reached_pct", "diff_h")
            w.writerow([r["milestone"], col, *(_num(cell.get(k)) for k in keys)])
    for o in doc["objectives"]:
        for col, cell in o["values"].items():
            w.writerow([f"objective:{o['objective']}:status", col, objective_text(cell), "", "", "", ""])
    return buf.getvalue()


def compare_html(doc: dict[str, Any], svgs: dict[str, str] | None = None) -> str:
    """``compare.html``: a self-contained page with the table and the charts (inline SVG) by name."""
    head, rows = table(doc)
    charts = [(name, inline_svg(svg, f"{name} chart")) for name, svg in (svgs or {}).items()]
    return render_page("compare.html.j2", doc=doc, how=_how(doc), head=head, rows=rows, charts=charts)


def _how(doc: dict[str, Any]) -> str:
    """What each column's value is."""
    if doc["mode"] == "nominal":
        return "nominal runs"
    return f"median of {doc['runs']:,} sampled runs (p10–p90, % of runs that reached it)"


def _num(x: Any) -> str:
    return "" if x is None else str(x)
