"""Simulate: play a World on SimPy and append everything that happens to a record.

Named ``simulate`` rather than ``play`` because ``engine.play()`` is a public API function,
which a subpackage of the same name would shadow.

May import: ``engine.errors``, ``read``, ``check`` (and SimPy; never a renderer or matplotlib).

Modules:
- ``simulation``: the engine loop (``Simulation``, ``run``, ``Limits``);
- ``context``: what actions, responses and objectives may use of a run (``Run``);
- ``actions``, ``responses``, ``objectives``, ``rule_index``: the parts of a run;
- ``headroom``: a run stops itself (MemoryError) while memory is left under the process's cap;
- ``streams``, ``sources``, ``sampling``: common random numbers: one stream per random
  source, keyed by what it is, and durations drawn from one uniform by their inverse CDF;
- ``plans``: participants' plans of a response, shared per World, and the per-run block of
  their first-instance draws;
- ``record``: the record (``RunResult``) and its ``results.json`` form;
- ``results_io``: reading ``results.json`` and ``run.json`` back;
- ``timefmt``: how times are shown to people (``T+2d6h``);
- ``branch``: a run copied part-way (``fork``) and played on with fresh streams (``reseed``).
"""

__all__ = [
    "actions", "branch", "context", "headroom", "objectives", "plans", "record", "responses", "results_io",
    "rule_index", "sampling", "simulation", "sources", "streams", "timefmt",
]
