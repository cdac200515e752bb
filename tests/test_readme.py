"""The README stays true: its quick start names real files, its tour's YAML validates and plays."""

import re
from pathlib import Path

from engine import api

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    """The quick start's command lines."""
    block = re.search(r"## Quick start\n\n```sh\n(.*?)```", README, re.S)
    assert block is not None
    return block.group(1).strip().splitlines()


def test_quick_start_is_two_commands_on_bundled_files():
    """The quick start has exactly two commands: one plays a bundled scenario, one runs the tests."""
    commands = quick_start()
    assert len(commands) == 2
    scenario = commands[0].split("accord run ")[1].split()[0]
    assert (ROOT / scenario).is_file()
    assert commands[1].endswith("&& python -m pytest")


def test_quick_start_installs_from_the_lock():
    """Both quick-start commands install with pip from constraints.txt (the tested versions)."""
    first, second = quick_start()
    assert first.startswith("pip install -c constraints.txt -e . && ")
    assert second.startswith("pip install -c constraints.txt -e '.[dev]' && ")
    assert (ROOT / "constraints.txt").is_file()


def test_ci_runs_the_readme_test_command_in_a_new_virtual_environment():
    """`.ci/run` makes a new virtual environment, enters it, then runs the README's second
    command verbatim (so CI installs from the lock exactly as a user does)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    venv = next(i for i, line in enumerate(ci) if line.startswith("python -m venv "))
    activate = next(i for i, line in enumerate(ci) if line.startswith(". ") and "/bin/activate" in line)
    assert venv < activate < ci.index(quick_start()[1])


def test_tour_pack_and_scenario_validate_and_play(tmp_path):
    """The tour's pack and scenario, written as the README shows them, validate and play."""
    pack, scenario = re.findall(r"```yaml\n(.*?)```", README, re.S)[:2]
    (tmp_path / "rules").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rules" / "mutual_defence.yaml").write_text(pack, encoding="utf-8")
    path = tmp_path / "scenarios" / "attack_day_ten.yaml"
    path.write_text(scenario, encoding="utf-8")
    assert api.validate([str(tmp_path)]).diagnostics == []
    result = api.play(api.load(str(path)), nominal=True)
    assert [o.status for o in result.objectives] == ["met"]
