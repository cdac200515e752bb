"""accord: a tabletop-exercise and scenario-simulation engine.

Rule packs and scenarios (YAML) are loaded and checked (``load``), played on SimPy
(``play``) into a ``RunResult``, and written as ``results.json`` and reports
(``write_run``). The command line is ``accord`` (``engine.cli``).
"""

from engine.api import ValidationReport, __version__, load, play, validate, write_run
from engine.errors import AccordError, Diagnostic, GuardError, InputError, Mark, OutputError
from engine.record import RunResult, result_dict, to_json
from engine.simulation import Limits, Simulation
from engine.world import World

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
