"""accord: a tabletop-exercise and scenario-simulation engine.

Rule packs and scenarios (YAML) are loaded and checked (``load``), played on SimPy
(``play``) into a ``RunResult``, and written as ``results.json`` and reports
(``write_run``). The command line is ``accord`` (``engine.cli``).

Names are imported on first use (PEP 562), so ``import engine.cmd_validate`` does not
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
    "Limits": "engine.simulation",
    "Simulation": "engine.simulation",
    "RunResult": "engine.record",
    "result_dict": "engine.record",
    "to_json": "engine.record",
    "World": "engine.world",
    "ValidationReport": "engine.validate",
    "__version__": "engine.version",
    "load": "engine.api",
    "play": "engine.api",
    "validate": "engine.validate",
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
