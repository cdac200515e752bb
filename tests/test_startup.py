"""Start-up stays light: checking files loads neither the simulation nor the drawing, table
or cluster libraries, and a command line builds only its own command's parser."""

import gc
import os
import subprocess
import sys

import pytest

from engine.cli import program as cli
from tests.conftest import DATA

PROBE = """
import sys
from engine.cli import main
main(sys.argv[1:])
heavy = {"matplotlib", "rich", "jinja2", "dask", "distributed", "simpy", "starlette", "uvicorn"}
loaded = {m.split(".")[0] for m in sys.modules} & heavy
loaded |= {m for m in sys.modules if m in ("engine.simulate.simulation", "engine.simulate.record") or m.startswith("engine.cli.") and m != "engine.cli.program"}
print("loaded:" + ",".join(sorted(loaded)))
"""


def _loaded(*argv: str) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1]


def test_validate_imports_no_heavy_library() -> None:
    """`accord validate` loads neither SimPy and the engine, nor matplotlib, rich, jinja2, dask or the web stack."""
    assert _loaded("validate", str(DATA)) == "loaded:engine.cli.validate"


PLUGINS = """
import os
from engine.cli import main
main(["validate", os.devnull])
print(repr(os.environ["PYDANTIC_DISABLE_PLUGINS"]))
"""


@pytest.mark.parametrize(("given", "kept"), [(None, "'__all__'"), ("", "''"), ("logfire", "'logfire'")])
def test_pydantic_plugins_off_unless_the_user_chose(given: str | None, kept: str) -> None:
    """The CLI skips pydantic's plugin search (a scan of every installed package) unless set."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    done = subprocess.run([sys.executable, "-c", PLUGINS], capture_output=True, text=True, check=False, env=env)
    assert done.stdout.splitlines()[-1] == kept


def _entry_exit_code() -> object:
    """Run the program's entry point in-process; its start-up objects are unfrozen after."""
    try:
        with pytest.raises(SystemExit) as stop:
            cli.entry()
    finally:
        gc.unfreeze()
    return stop.value.code


def test_entry_loads_with_the_collector_off_and_runs_with_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The program loads its command with the cyclic GC off, then runs it with the GC back on."""
    seen: dict[str, tuple[bool, int]] = {}
    real_parse = cli.parse

    def parse(argv: object) -> object:
        seen["loading"] = (gc.isenabled(), gc.get_freeze_count())
        return real_parse(None)

    def execute(_args: object) -> int:
        seen["running"] = (gc.isenabled(), gc.get_freeze_count())
        return 0

    monkeypatch.setattr(cli, "parse", parse)
    monkeypatch.setattr(cli, "execute", execute)
    monkeypatch.setattr(sys, "argv", ["accord", "validate", str(DATA)])
    assert _entry_exit_code() == 0
    assert seen["loading"][0] is False
    assert seen["running"][0] is True
    assert seen["running"][1] > seen["loading"][1]  # what loaded was frozen


def test_ctrl_c_while_the_command_loads_exits_130_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C during start-up ends with exit 130 and one line, not a traceback."""
    def interrupted(_argv: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "parse", interrupted)
    assert _entry_exit_code() == 130
    assert capsys.readouterr().err == "accord: interrupted\n"
