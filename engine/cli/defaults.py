"""Defaults that ``--help`` shows, spelt here so that printing help loads no stage of the
pipeline (SimPy, pydantic, the renderers): each mirrors a constant of the module that uses
it, and ``tests/test_startup.py`` checks that they agree."""

MAX_EVENTS = 1_000_000  # simulate.simulation.Limits.per_run
MAX_EVENTS_PER_INSTANT = 10_000  # simulate.simulation.Limits.per_instant
MAX_PENDING_EVENTS = 100_000  # simulate.simulation.Limits.pending
DASK_TIMEOUT_S = 5.0  # analyse.distributed.CONNECT_TIMEOUT_S
SCHEMA_KINDS = ("pack", "scenario", "mapping")  # read.schema.KINDS
MSEL_PROFILES = ("hseep", "blueprint", "blueprint-mitre", "openaev", "conducttr")  # read.msel.profiles.PROFILES
