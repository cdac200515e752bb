"""Packs are read once and shared between scenarios and variants: overrides never leak
into the shared copy, and an edited pack file is read again."""

import shutil
from pathlib import Path

from conftest import DATA

from engine import api
from engine.check.world import World

PLAIN = """\
scenario: plain
rules: [mutual_defence.yaml]
until: 30d
"""


def _vote(world: World) -> str:
    """The duration, as written, of bravo's parliamentary vote in a loaded world."""
    return world.procedures[("bravo", "deploy_forces")][1].duration.text


def _example(tmp_path: Path) -> str:
    for name in ("attack_day_ten.yaml", "mutual_defence.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    return str(tmp_path / "attack_day_ten.yaml")


def test_overrides_do_not_leak_between_loads(tmp_path: Path) -> None:
    """Variant, base and a scenario without overrides, loaded in turn, each see their own value."""
    scenario = _example(tmp_path)
    (tmp_path / "plain.yaml").write_text(PLAIN, encoding="utf-8")
    assert _vote(api.load(scenario, "slow_parliament")) == "3w"
    assert _vote(api.load(scenario)) == "1d"
    assert _vote(api.load(str(tmp_path / "plain.yaml"))) == "pert(2d, 3d, 10d)"
    assert _vote(api.load(scenario, "slow_parliament")) == "3w"


def test_an_edited_pack_is_read_again(tmp_path: Path) -> None:
    """Changing the pack file between two loads in one process changes the loaded world."""
    scenario = _example(tmp_path)
    assert api.load(scenario).actors["alpha"].name == "Alpha"
    pack = tmp_path / "mutual_defence.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("{name: Alpha,", "{name: Alpha Prime,"), encoding="utf-8")
    assert api.load(scenario).actors["alpha"].name == "Alpha Prime"
