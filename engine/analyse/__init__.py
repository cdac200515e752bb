"""Analyse: what reads records (never plays a run itself, except sweeps and comparisons,
which call the simulation and read what it returns).

May import: ``engine.errors``, ``read``, ``check``, ``simulate``.

Modules:
- ``critical_path``, ``explain``, ``milestones``: one run's paths, causes and key times;
- ``holdback``: who held the coalition back (per actor, the critical paths it decided);
- ``aar``: the after-action report's content (ratings, strengths, areas for improvement);
- ``delivered``: the injects delivered in a run (the scenario's and the facilitator's),
  their public and controller-only texts kept apart; ``briefing``: what the players know
  at a time (for their handout and screen);
- ``compare``: base and variants side by side; ``differences``: what changed from the base, largest
  first; ``paired``: variant − base replication by replication (common random numbers);
  ``variants``: which variants to play; ``objective_rows``: which columns hold the same
  objective (an id defined differently is one row per definition);
- ``sweep``, ``sweep_plan``, ``aggregate``, ``sensitivity``, ``ancestry``, ``distributed``:
  Monte-Carlo replications, their executors (local processes, Dask), streaming aggregation,
  drivers and the causal paths that say which factors may drive a milestone; ``rates``:
  met-rates' confidence intervals (Wilson); ``workers``: how a local worker process starts
  (signals, dying with the command); ``local_pool``: the local process pool, watched so that
  a killed worker never leaves a sweep waiting.
- ``forecast_tally``: what a forecast keeps of its runs (objectives, decisions to come,
  critical-path actors from the branch point), mergeable like a sweep's aggregate.
"""

__all__ = [
    "aar", "aggregate", "ancestry", "briefing", "compare", "critical_path", "delivered", "differences",
    "distributed", "explain", "forecast_tally", "holdback", "local_pool", "milestones", "objective_rows", "paired",
    "rates",
    "sensitivity", "sweep", "sweep_plan",
    "variants", "workers",
]
