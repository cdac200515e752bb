"""A sweep's results as files: ``sweep.json`` (format ``accord.sweep/1``) and ``sweep.md``.

Reads the merged aggregates only; never plays. Nothing here depends on the number of
workers or the batch size, so the same plan gives the same bytes.
"""

import json
from typing import Any

from engine.analyse.aggregate import BIN_US, SAMPLE, US, Aggregate, ReplicationTimes
from engine.analyse.milestones import key_milestones
from engine.analyse.paired import paired
from engine.analyse.rates import wilson
from engine.analyse.sensitivity import CONFIDENCE, sensitivity
from engine.analyse.sweep import Plan
from engine.check.world import World
from engine.read.durations import format_hours
from engine.render.md import cell, inline
from engine.render.percent import interval_pct, pct, share_pct
from engine.render.sweep_paired import paired_markdown
from engine.simulate.timefmt import t_plus

FORMAT = "accord.sweep/1"
SENSITIVITY_METHOD = (
    "Spearman's rho of each factor on a key milestone's causal path (in at least one sampled run) with the "
    f"milestone's time; {CONFIDENCE:.0%} intervals by Fisher's z (Bonett-Wright variance), holding together for "
    "the factors tested for the milestone (Bonferroni); significant when the interval excludes 0"
)


def sweep_document(plan: Plan, worlds: dict[str | None, World], aggs: dict[str | None, Aggregate]) -> dict[str, Any]:
    """The ``accord.sweep/1`` document."""
    base = worlds[plan.variants[0]]
    pairs = aggs[plan.variants[0]].replications
    keys = set(key_milestones(base))
    return {
        "format": FORMAT,
        "scenario": base.scenario.scenario,
        "title": base.scenario.title,
        "runs": plan.runs,
        "seed": plan.seed,
        "seeding": "replication i of the base and of every variant: blake2b('<seed>/<i>', 8 bytes), big-endian",
        "percentile_resolution_h": BIN_US / US,
        "sensitivity_sample": min(plan.runs, SAMPLE),
        "sensitivity_method": SENSITIVITY_METHOD,
        "objectives": [{"id": o.id, "title": o.model.title} for o in base.objectives],
        "actors": {a: worlds[v].actor_name(a) for v in plan.variants for a in sorted(worlds[v].actors)},
        "variants": [_variant(v, worlds[v], aggs[v]) | {"paired": _paired(pairs, aggs[v], keys) if i else None}
                     for i, v in enumerate(plan.variants)],
    }


def _paired(base: ReplicationTimes, variant: Aggregate, keys: set[str]) -> dict[str, dict[str, Any]]:
    """Per key milestone of the base and every other milestone reached in at least one
    replication of either side, the paired differences variant − base (``analyse.paired``)."""
    return {name: f.summary() for name, f in paired(base, variant.replications).items()
            if name in keys or f.both or f.base_only or f.variant_only}


DRIVERS_NOTE = (f"drivers are the factors on a milestone's causal path in at least one run, with "
                f"Spearman's ρ and its {CONFIDENCE:.0%} interval (all of a milestone's intervals together); "
                "a driver is significant when its interval excludes 0.")


def _variant(v: str | None, world: World, agg: Aggregate) -> dict[str, Any]:
    title = world.scenario.variants[v].title if v else world.scenario.title
    out: dict[str, Any] = {"variant": v, "title": title, "key_milestones": key_milestones(world)}
    out.update(agg.summary())
    for o in out["objectives"].values():
        o["met_ci95"] = [round(x, 6) + 0.0 for x in wilson(o["met"], agg.runs)]
    drivers = sensitivity(agg.samples, key_milestones(world), agg.ancestry)
    out["sensitivity"] = {t: d.rows for t, d in drivers.items()}
    out["sensitivity_tested"] = {t: d.tested for t, d in drivers.items()}
    return out


def sweep_json(doc: dict[str, Any]) -> str:
    """``sweep.json`` text: stable key order, one trailing newline."""
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def sweep_markdown(doc: dict[str, Any], charts: list[str] | None = None) -> str:
    """``sweep.md``: per variant, the milestone table, objectives, decisions, critical path, drivers."""
    lines = [f"# Sweep: {inline(doc['title'] or doc['scenario'])}", "",
             f"{doc['runs']:,} sampled runs per variant, base seed {doc['seed']}. Percentiles are "
             f"to ±{doc['percentile_resolution_h'] / 2:g} h; sensitivity uses the first "
             f"{doc['sensitivity_sample']:,} runs: {DRIVERS_NOTE}", ""]
    lines += met_rate_markdown(doc)
    lines += paired_markdown(doc)
    for name in charts or []:
        lines += [f"![{name}]({name})", ""]
    for v in doc["variants"]:
        lines += _variant_md(v, doc["actors"])
    return "\n".join(lines).rstrip() + "\n"


def met_rate_cell(o: dict[str, Any]) -> tuple[str, str]:
    """``("87.3%", "85.1–89.2%")``: an objective's met-rate and its 95% Wilson interval."""
    low, high = o["met_ci95"]
    return share_pct(o["met_rate"]), interval_pct(low, high)


def met_rate_markdown(doc: dict[str, Any]) -> list[str]:
    """The objectives × variants table of met-rates with their 95% intervals (sweep.md's first table)."""
    if not doc["objectives"]:
        return []
    names = [v["variant"] or "base" for v in doc["variants"]]
    lines = ["## Objectives met", "", "Share of runs in which each objective was met, with its 95% (Wilson) "
             "interval.", "", "| objective | " + " | ".join(cell(n) for n in names) + " |",
             "|---|" + "---:|" * len(names)]
    for o in doc["objectives"]:
        figures = [v["objectives"].get(o["id"]) for v in doc["variants"]]
        cells = ["—" if x is None else "{} ({})".format(*met_rate_cell(x)) for x in figures]
        title = f"{cell(o['id'])}: {cell(o['title'])}" if o["title"] else cell(o["id"])
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _variant_md(v: dict[str, Any], actors: dict[str, str]) -> list[str]:
    head = f"## {inline(v['variant'] or 'base')}" + (f": {inline(v['title'])}" if v["title"] else "")
    lines = [head, "", "| milestone | reached | mean | p5 | p50 | p95 | min | max |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, m in v["milestones"].items():
        if m["reached"]:
            cells = [_t(m[k]) for k in ("mean", "p5", "p50", "p95", "min", "max")]
            lines.append(f"| {cell(name)} | {pct(m['reached_pct'])} | " + " | ".join(cells) + " |")
    lines.append("")
    if v["objectives"]:
        lines += ["| objective | met | missed | open | not started | met rate |", "|---|---:|---:|---:|---:|---:|"]
        for oid, o in v["objectives"].items():
            lines.append(f"| {cell(oid)} | {o['met']} | {o['missed']} | {o['open']} | {o['not_started']} | "
                         f"{share_pct(o['met_rate'])} |")
        lines.append("")
    for did, options in v["decisions"].items():
        shares = ", ".join(f"{inline(k)} {share_pct(o['share'])}" for k, o in options.items())
        lines.append(f"- Decision **{inline(did)}**: {shares}")
    for rid, cp in v["critical_path"].items():
        who = ", ".join(f"{inline(actors.get(k, k))} {share_pct(o['share'])}" for k, o in cp["participants"].items())
        steps = ", ".join(f"{inline(k)} {share_pct(o['share'])}" for k, o in list(cp["steps"].items())[:5])
        lines.append(f"- Critical path of **{inline(rid)}** (who completed it last): {who}; longest step: {steps}")
    lines += holdback_markdown(v["holdback"], actors)
    for target, rows in v["sensitivity"].items():
        lines.append(f"- Drivers of **{inline(target)}**: " + drivers_text(rows, v["sensitivity_tested"][target]))
    return [*lines, ""]


def significant(rows: list[dict[str, Any]], top: int = 5) -> list[dict[str, Any]]:
    """The significant drivers among a milestone's ranked rows, strongest first (``top`` at most)."""
    return [r for r in rows if r["significant"]][:top]


def interval_text(row: dict[str, Any]) -> str:
    """``+0.25…+0.37``: a driver's interval, as the reports show it."""
    return f"{row['low']:+.2f}…{row['high']:+.2f}"


def no_driver_text(tested: int) -> str:
    """What the reports say of a milestone without a significant driver."""
    if not tested:
        return "no significant driver (no factor on its causal path varies in enough runs)"
    return f"no significant driver ({tested} factor{'' if tested == 1 else 's'} on its causal path tested)"


def drivers_text(rows: list[dict[str, Any]], tested: int) -> str:
    """A milestone's significant drivers on one line, each with ρ and its interval."""
    shown = significant(rows)
    if not shown:
        return no_driver_text(tested)
    return ", ".join(f"{inline(r['factor'])} (ρ {r['rho']:+.2f}, {interval_text(r)})" for r in shown)


def holdback_markdown(holdback: dict[str, dict[str, Any]], actors: dict[str, str]) -> list[str]:
    """Who held the coalition back, over the runs: per actor, the share of runs in which it decided a response's end."""
    if not holdback:
        return []
    rows = [f"{inline(actors.get(a, a))} {share_pct(h['share'])} ({h['paths_per_run']:.2f} responses, procedure "
            f"{format_hours(h['procedure_h'])})" for a, h in holdback.items()]
    return ["- Who held the coalition back (share of runs in which the actor decided a response's end; per such "
            "run, the responses it decided and its procedure time on them): " + "; ".join(rows)]


def _t(h: float | None) -> str:
    return "—" if h is None else t_plus(h)
