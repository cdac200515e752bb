"""accord: a tabletop-exercise and scenario-simulation engine.

Rule packs and scenarios (YAML) are loaded and checked (``load``), played on SimPy
(``play``) into a ``RunResult``, and written as ``results.json`` and reports
(``write_run``). The command line is ``accord`` (``engine.cli.program``).

Names are imported on first use (PEP 562), so ``import engine.cli.validate`` does not
pay for the simulation, the reports or their libraries.
"""

import importlib
from typing import Any

_HOMES = {
    "AccordError": "engine.errors",
    "Diagnostic": "engine.errors",
    "GuardError": "engine.errors",
    "InputError": "engine.errors",
    "Mark": "engine.errors",
    "OutputError": "engine.errors",
    "Limits": "engine.simulate.simulation",
    "Simulation": "engine.simulate.simulation",
    "RunResult": "engine.simulate.record",
    "result_dict": "engine.simulate.record",
    "to_json": "engine.simulate.record",
    "World": "engine.check.world",
    "ValidationReport": "engine.check.validate",
    "__version__": "engine.version",
    "load": "engine.api",
    "play": "engine.api",
    "validate": "engine.check.validate",
    "write_run": "engine.api",
}

__all__ = [
    "AccordError",
    "Diagnostic",
    "GuardError",
    "InputError",
    "Limits",
    "Mark",
    "OutputError",
    "RunResult",
    "Simulation",
    "ValidationReport",
    "World",
    "__version__",
    "load",
    "play",
    "result_dict",
    "to_json",
    "validate",
    "write_run",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
