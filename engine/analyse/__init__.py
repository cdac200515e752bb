"""Analyse: what reads records (never plays a run itself, except sweeps and comparisons,
which call the simulation and read what it returns).

May import: ``engine.errors``, ``read``, ``check``, ``simulate``.

Modules:
- ``critical_path``, ``explain``, ``milestones``: one run's paths, causes and key times;
- ``holdback``: who held the coalition back (per actor, the critical paths it decided);
- ``aar``: the after-action report's content (ratings, strengths, areas for improvement);
- ``compare``: base and variants side by side; ``differences``: what changed from the base, largest
  first; ``variants``: which variants to play;
- ``sweep``, ``sweep_plan``, ``aggregate``, ``sensitivity``, ``distributed``: Monte-Carlo
  replications, their executors (local processes, Dask), streaming aggregation and drivers;
  ``rates``: met-rates' confidence intervals (Wilson).
"""

__all__ = [
    "aar", "aggregate", "compare", "critical_path", "differences", "distributed", "explain", "holdback", "milestones",
    "rates", "sensitivity", "sweep", "sweep_plan", "variants",
]
