"""A forecast's chart: for each objective still open, the ECDF of the time it is met, from
the start of the session (grey, dashed), from now (black) and from now with each option of
the next decision (a colour each), with the objective's deadline when every run has the same.
Drawn from the tallies' histograms (0.1 h bins), never from per-run records.
"""

from typing import Any

from matplotlib.figure import Figure

from engine.analyse.forecast_tally import Tally
from engine.render.charts.distributions import DAY, charted, ecdf_points
from engine.render.charts.labels import shorten, text
from engine.render.charts.output import Drawing
from engine.render.charts.palette import PALETTE
from engine.render.percent import share_pct

TITLE_CHARS = 95


def forecast_chart(doc: dict[str, Any], tallies: dict[str, Tally]) -> Drawing:
    """``ecdf``: one panel per open objective (at most 8); SVG at once, PNG beside this process."""
    return Drawing(lambda: {"ecdf": forecast_figure(doc, tallies)})


def _arms(doc: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(arm, label, colour, dash) of every line, in legend order."""
    arms = [("start", "from the start", "#8c8c8c", "dashed"), ("now", f"from now ({doc['at']})", "black", "solid")]
    nxt = doc["next_decision"]
    for i, o in enumerate(nxt["options"] if nxt else []):
        arms.append((f"option:{o['option']}", f"{nxt['decision']} = {o['option']}", PALETTE[i % len(PALETTE)],
                     "solid"))
    return arms


def forecast_figure(doc: dict[str, Any], tallies: dict[str, Tally]) -> Figure:
    """The figure: a panel per open objective, days from T+0 on x, share of runs on y."""
    keys = [k.removeprefix("objective:") for k in charted([f"objective:{o['objective']}" for o in doc["objectives"]
                                                           if o["open"]])]
    titles = {o["objective"]: o["title"] for o in doc["objectives"]}
    fig = Figure(figsize=(8, 0.6 + 2.4 * len(keys)), layout="constrained")
    axes = fig.subplots(len(keys), 1, squeeze=False)[:, 0]
    for ax, key in zip(axes, keys, strict=True):
        for arm, label, colour, dash in _arms(doc):
            tally = tallies.get(arm)
            if tally is None or not tally.runs:
                continue
            stats = tally.met_at.get(key)
            met = stats.reached if stats else 0
            option = arm.startswith("option:")
            # The options under "now" (which is one of them, or a mix): where they agree, "now" shows.
            style = {"lw": 2.4 if option else 1.3, "alpha": 0.55 if option else 1.0, "zorder": 2 if option else 3}
            if stats and stats.bins:
                xs, ys = ecdf_points(stats.bins, tally.runs)
                ax.step(xs, ys, where="post", color=colour, ls=dash, label=f"{label}: {share_pct(met / tally.runs)}",
                        **style)
            else:
                ax.plot([], [], color=colour, ls=dash, label=f"{label}: 0%", **style)
        ax.axvline(doc["at_h"] / DAY, color="#3b75af", lw=0.8, ls=(0, (1, 2)))
        ax.annotate("now", (doc["at_h"] / DAY, 0.02), xycoords=("data", "axes fraction"), xytext=(3, 0),
                    textcoords="offset points", fontsize=7, color="#3b75af")
        ax.set_title(text(shorten(f"{key} — {titles[key]}" if titles.get(key) else key, TITLE_CHARS)), loc="left",
                     fontsize=9)
        ax.set_ylim(-0.03, 1.03)
        ax.set_ylabel("share of runs")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7.5, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
                  title="runs in which it is met", title_fontsize=7.5)
    axes[-1].set_xlabel("days from T+0 (runs in which it is never met stay below 100%)")
    return fig
