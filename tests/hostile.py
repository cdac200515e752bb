"""Scenario text that would run as script if a page did not escape it, and a sweep scenario carrying it."""

from pathlib import Path

from tests.conftest import DATA

HOSTILE = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=\"window.__pwned=2\">"
DOLLARS = "cost $5$"  # would start matplotlib's math mode if chart text were not made literal


def hostile_sweep_scenario(folder: Path) -> Path:
    """tests/data/sweep_scenario.yaml with markup in its title, a variant's, the response's and two
    steps' (one of them, Charlie's cabinet decision, usually decides the response: it is drawn among
    the drivers)."""
    scenario = (DATA / "sweep_scenario.yaml").read_text(encoding="utf-8")
    scenario = scenario.replace("title: A crisis with sampled procedures", f"title: '{HOSTILE} {IMG}'", 1)
    scenario = scenario.replace("title: The vote takes two to three weeks", f"title: '{HOSTILE} {IMG}'", 1)
    pack = (DATA / "sweep_pack.yaml").read_text(encoding="utf-8")
    pack = pack.replace("title: Rapid assistance", f"title: '{HOSTILE} {IMG}'", 1)
    pack = pack.replace("{name: parliament vote,", f"{{name: '{HOSTILE} {IMG} {DOLLARS}',", 1)
    pack = pack.replace("[{name: cabinet decision, duration: triangular", f"[{{name: '{IMG} {DOLLARS}', duration: triangular", 1)
    assert scenario.count(HOSTILE) == 2
    assert pack.count(HOSTILE) == 2
    assert pack.count(DOLLARS) == 2
    (folder / "sweep_pack.yaml").write_text(pack, encoding="utf-8")
    path = folder / "sweep_scenario.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path
