"""A comparison as files: ``compare.json``, ``compare.md``, ``compare.csv``, ``compare.html``.

``compare.html`` uses the layout, stylesheet and escaping of every accord page
(``engine/render/html_page.py``), with the charts inlined as SVG.
"""

import io
import json
from collections.abc import Sequence
from typing import Any

from engine.render.compare_cells import cell_text, objective_text
from engine.render.compare_diff import diff_rows, is_paired, objective_label, summary_line
from engine.render.compare_diff import head as diff_head
from engine.render.csv_file import CsvRows
from engine.render.html_page import inline_svg, render_page
from engine.render.md import cell as md_cell
from engine.render.md import inline
from engine.render.md import table as md_table
from engine.render.sweep_paired import first_pairs

# compare.csv's paired columns (empty for the base and for columns not paired)
PAIRED_CSV = ("median_h", "p10_h", "p90_h", "pairs", "moved", "base_only", "variant_only")


def table(doc: dict[str, Any], *, spread: bool = True) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the comparison table (milestones, then objectives); ``spread``: the
    sampled cells' p10–p90 and reach (the terminal leaves them out to fit)."""
    cols = [c["id"] for c in doc["columns"]]
    rows = [[r["milestone"], *(cell_text(r["values"].get(c), with_diff=i > 0, spread=spread)
                               for i, c in enumerate(cols))]
            for r in doc["milestones"]]
    rows += [[f"objective {objective_label(o['objective'], o.get('defined_in'))} status",
              *(objective_text(o["values"].get(c)) for c in cols)]
             for o in doc["objectives"]]
    return ["milestone", *cols], rows


def compare_json(doc: dict[str, Any]) -> str:
    """``compare.json``: stable key order, one trailing newline."""
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def compare_markdown(doc: dict[str, Any], charts: list[str]) -> str:
    """``compare.md``: the columns, the differences from the base (largest first), every row, the charts."""
    base = inline(doc["columns"][0]["id"])
    lines = ["# Comparison", "", f"Each column: {_how(doc)}. {inline(_legend(doc))}", ""]
    lines += [f"- **{inline(c['id'])}**: {inline(c['title'] or c['scenario'])}" for c in doc["columns"]]
    diffs = diff_rows(doc)
    lines += ["", f"## Differences from {base}", "", inline(summary_line(doc, len(diffs))) + ".", ""]
    paired = is_paired(doc)
    lines += [inline(_paired_note(doc)), ""] if paired else []
    lines += md_table(diff_head(doc), [d.cells(paired) for d in diffs]) if diffs else ["No difference."]
    head, rows = table(doc)
    lines += ["", "## Every milestone and objective", "", "| " + " | ".join(md_cell(h) for h in head) + " |",
              "|" + "---|" * len(head)]
    # the first cell names a milestone (from the files); the others are accord's own text
    lines += ["| " + " | ".join([md_cell(r[0]), *r[1:]]) + " |" for r in rows]
    lines.append("")
    lines += [f"![{c}]({c})" for c in charts]
    return "\n".join(lines).rstrip() + "\n"


def compare_csv(doc: dict[str, Any]) -> str:
    """``compare.csv``: one row per milestone and column, hours (empty = not reached), in
    accord's one CSV dialect (``render/csv_file.py``)."""
    buf = io.StringIO()
    w = CsvRows(buf)
    w.row(["milestone", "column", "t_h", "p10_h", "p90_h", "reached_pct", "diff_h",
           *(f"paired_{k}" for k in PAIRED_CSV)])
    for r in doc["milestones"]:
        for col, cell in r["values"].items():
            keys = ("t", "p10", "p90", "reached_pct", "diff_h")
            pairs = cell.get("paired") or {}
            w.row([r["milestone"], col, *(_num(cell.get(k)) for k in keys), *(_num(pairs.get(k)) for k in PAIRED_CSV)])
    for o in doc["objectives"]:
        for col, cell in o["values"].items():
            if cell is None and o.get("defined_in") is not None:
                continue  # another column's objective of that id: this column has none of it
            name = f"objective:{objective_label(o['objective'], o.get('defined_in'))}:status"
            w.row([name, col, objective_text(cell), *[""] * (4 + len(PAIRED_CSV))])
    return buf.getvalue()


def compare_files(doc: dict[str, Any], declared: Sequence[str | None], *, charts: bool) -> dict[str, str | bytes]:
    """Every file of a comparison by name: the text files, rendered while the charts' PNGs are
    drawn beside this process, then the PNGs. ``declared``: the first scenario's variants,
    the base (None) first, which fix each variant's colour."""
    drawing = None
    if charts:
        from engine.render.charts.comparison import compare_charts  # noqa: PLC0415 - matplotlib only when drawing

        drawing = compare_charts(doc, declared)
    pictures = [f"{name}.png" for name in drawing.names] if drawing is not None else []
    files: dict[str, str | bytes] = {
        "compare.json": compare_json(doc), "compare.md": compare_markdown(doc, pictures),
        "compare.csv": compare_csv(doc), "compare.html": compare_html(doc, drawing.svgs if drawing else {}),
    }
    if drawing is not None:
        files.update({f"{name}.png": png for name, png in drawing.pngs().items()})
    return files


def compare_html(doc: dict[str, Any], svgs: dict[str, str] | None = None) -> str:
    """``compare.html``: a self-contained page with the differences from the base first (highlighted:
    worse in red, better in green), every row (cells that differ highlighted) and the charts (inline SVG)."""
    head, rows = table(doc)
    diffs = diff_rows(doc)
    differing = {(d.row, d.column): d.tone for d in diffs}
    tones = [[differing.get((r[0], c), "") for c in head[1:]] for r in rows]
    charts = [(name, inline_svg(svg, f"{name} chart")) for name, svg in (svgs or {}).items()]
    paired = is_paired(doc)
    return render_page("compare.html.j2", doc=doc, how=_how(doc), legend=_legend(doc), head=head, rows=rows,
                       tones=tones, charts=charts,
                       diffs=[(d.tone, d.cells(paired)) for d in diffs], diff_head=diff_head(doc),
                       summary=summary_line(doc, len(diffs)), paired_note=_paired_note(doc) if paired else "")


def _legend(doc: dict[str, Any]) -> str:
    """What the brackets in the full table mean."""
    base = doc["columns"][0]["id"]
    if is_paired(doc):
        return (f"[±x, n of N moved] = the paired change from {base} (median of the replications' differences) "
                "and the replications in which the milestone moved.")
    return f"[±x] = difference from {base}."


def _paired_note(doc: dict[str, Any]) -> str:
    """How to read the paired columns (the same words in compare.md and compare.html)."""
    return (f"Paired: replication i of every variant draws the same random numbers as replication i of "
            f"{doc['paired_with']}, so each replication gives one difference (variant − {doc['paired_with']}). "
            "The paired change is the median of those differences, with their p10…p90, over the replications "
            "that reached the milestone on both sides; moved counts the replications in which it changed "
            "(another time, or reached on one side only); replications that reached it on one side only are "
            "counted apart and left out of the median." + first_pairs(doc["runs"]))


def _how(doc: dict[str, Any]) -> str:
    """What each column's value is."""
    if doc["mode"] == "nominal":
        return "nominal runs"
    return f"median of {doc['runs']:,} sampled runs (p10–p90, % of runs that reached it)"


def _num(x: Any) -> Any:
    """A number as a number (a CSV cell a spreadsheet reads as one), None as an empty cell."""
    return "" if x is None else x
