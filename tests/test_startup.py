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
loaded |= {m for m in sys.modules if m in ("engine.simulate.simulation", "engine.simulate.record") or m.startswith("engine.cli.") and m not in ("engine.cli.program", "engine.cli.interrupts")}
print("loaded:" + ",".join(sorted(loaded)))
"""


def _loaded(*argv: str) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1]


def test_validate_imports_no_heavy_library() -> None:
    """`accord validate` loads neither SimPy and the engine, nor matplotlib, rich, jinja2, dask or the web stack."""
    assert _loaded("validate", str(DATA)) == "loaded:engine.cli.validate"


# What `--help` and a usage error may load besides the standard library: the program, the
# command modules and their light helpers, and nothing of the pipeline (no pydantic, YAML,
# SimPy, renderers).
LIGHT = {"engine", "engine.cli", "engine.cli.program", "engine.cli.interrupts", "engine.cli.defaults", "engine.cli.values", "engine.errors",
         "engine.version", "engine.render", "engine.render.formats", "engine.render.output"}
HELP_PROBE = """
import sys
from engine.cli import main
before = set(sys.modules)
try:
    main(sys.argv[1:])
except SystemExit:
    pass
new = sorted(m for m in set(sys.modules) - before
             if not m.startswith("engine.cli.") and m.split(".")[0] not in sys.stdlib_module_names)
print("new:" + ",".join(new))
"""


def _new_modules(*argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", HELP_PROBE, *argv], capture_output=True, text=True, check=True)
    line = done.stdout.splitlines()[-1]
    return set(filter(None, line.removeprefix("new:").split(",")))


@pytest.mark.parametrize("argv", [("--help",), ("run", "--help"), ("sweep", "--help"), ("play", "--help"),
                                  ("serve", "--help"), ("schema", "--help"), ("explain", "--help")], ids=" ".join)
def test_help_loads_only_the_command_table(argv: tuple[str, ...]) -> None:
    """`--help` loads the command modules and nothing of the pipeline: no engine stage and no
    third-party library (pydantic, YAML, SimPy, matplotlib)."""
    assert _new_modules(*argv) <= LIGHT


@pytest.mark.parametrize("argv", [("run",), ("run", "x.yaml", "--format", "pdf"), ("run", "x.yaml", "--max-events", "0"),
                                  ("sweep", "x.yaml"), ("bogus",)], ids=" ".join)
def test_usage_errors_load_only_the_command_table(argv: tuple[str, ...]) -> None:
    """A usage error (missing or bad argument, unknown command) is reported before anything
    of the pipeline loads."""
    assert _new_modules(*argv) <= LIGHT


def test_help_defaults_agree_with_the_constants_they_mirror() -> None:
    """The defaults `--help` shows (engine/cli/defaults.py) are the ones the engine uses."""
    from engine.analyse.distributed import CONNECT_TIMEOUT_S  # noqa: PLC0415 - the point is that --help does not
    from engine.cli import defaults  # noqa: PLC0415
    from engine.read.msel.profiles import PROFILES  # noqa: PLC0415
    from engine.read.schema import KINDS  # noqa: PLC0415
    from engine.simulate.simulation import Limits  # noqa: PLC0415

    mirrored = (defaults.MAX_EVENTS, defaults.MAX_EVENTS_PER_INSTANT, defaults.MAX_PENDING_EVENTS,
                defaults.DASK_TIMEOUT_S, defaults.SCHEMA_KINDS, defaults.MSEL_PROFILES)
    assert mirrored == (Limits.per_run, Limits.per_instant, Limits.pending, CONNECT_TIMEOUT_S, tuple(KINDS),
                        tuple(PROFILES))


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


def test_a_command_loads_what_it_runs_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """`accord validate` imports its checker while the collector is off, before it runs
    (help and usage errors, which exit while parsing, never load it)."""
    seen: dict[str, bool] = {}
    real_import = cli.importlib.import_module

    def importing(name: str) -> object:
        if name == "engine.check.validate":
            seen["collector on"] = gc.isenabled()
        return real_import(name)

    def execute(_args: object) -> int:
        seen["loaded before running"] = "engine.check.validate" in sys.modules
        return 0

    monkeypatch.setattr(cli.importlib, "import_module", importing)
    monkeypatch.setattr(cli, "execute", execute)
    monkeypatch.setattr(sys, "argv", ["accord", "validate", str(DATA)])
    assert _entry_exit_code() == 0
    assert seen == {"collector on": False, "loaded before running": True}


PRELOAD_PROBE = """
import sys
from engine.cli.program import parse, preload
preload(parse(sys.argv[1:]))
print("matplotlib" in sys.modules)
"""


@pytest.mark.parametrize(("argv", "charts"), [(("run", "x.yaml", "--format", "json,md,csv"), False),
                                              (("run", "x.yaml"), True), (("run", "x.yaml", "--format", "html"), True),
                                              (("compare", "x.yaml", "--no-charts"), False), (("compare", "x.yaml"), True)])
def test_matplotlib_is_preloaded_only_when_charts_are_wanted(argv: tuple[str, ...], charts: bool) -> None:
    """A run or comparison that draws no chart never loads matplotlib; one that does loads it
    with the rest of the command (collector off)."""
    done = subprocess.run([sys.executable, "-c", PRELOAD_PROBE, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(charts)]


def test_ctrl_c_while_the_command_loads_exits_130_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C during start-up ends with exit 130 and one line, not a traceback."""
    def interrupted(_argv: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "parse", interrupted)
    assert _entry_exit_code() == 130
    assert capsys.readouterr().err == "accord: interrupted\n"


@pytest.mark.parametrize(("argv", "wanted", "unwanted"),
                         [(("play", "x.yaml"), "engine.cli.play_view", "engine.render.handout"),
                          (("play", "x.yaml", "--handout", "-"), "engine.render.handout", "engine.cli.play_view"),
                          (("serve", "x.yaml"), "uvicorn", "engine.cli.play_view")],
                         ids=("play", "play --handout", "serve"))
def test_a_session_preloads_what_its_run_imports(argv: tuple[str, ...], wanted: str, unwanted: str) -> None:
    """`play` loads its screen (or, with --handout, the handout's renderer instead), `serve`
    the web stack, with the rest of the command (collector off)."""
    probe = PRELOAD_PROBE.replace('"matplotlib" in sys.modules', f'"{wanted}" in sys.modules, "{unwanted}" in sys.modules')
    done = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
