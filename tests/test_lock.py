"""The lock (constraints.txt) pins what accord is tested with; pyproject.toml keeps ranges.

A requirement added to pyproject.toml without refreshing the lock fails here, with the
command that refreshes it (README: "Dependencies and the lock")."""

import re
import tomllib
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REFRESH = "refresh the lock with .ci/lock (README: Dependencies and the lock)"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;]+)\s*(?:;\s*(.+))?$")


def requirements() -> list[Requirement]:
    """Every requirement of pyproject.toml: dependencies and every extra."""
    texts = [*PROJECT["dependencies"], *(r for extra in PROJECT["optional-dependencies"].values() for r in extra)]
    return [Requirement(t) for t in texts]


def pins() -> dict[str, list[tuple[str, Marker | None]]]:
    """constraints.txt as {name: [(version, marker)]} (one name may have a pin per Python range)."""
    out: dict[str, list[tuple[str, Marker | None]]] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = PIN.match(line.strip())
        assert m, f"constraints.txt: not an exact pin: {line!r}"
        name, version, marker = m.groups()
        out.setdefault(canonicalize_name(name), []).append((version, Marker(marker) if marker else None))
    return out


def test_pyproject_requirements_are_ranges():
    """pyproject.toml never pins an exact version (the lock does), so accord installs beside other packages."""
    for req in requirements():
        assert not any(s.operator in ("==", "===") for s in req.specifier), f"{req}: use a range in pyproject.toml"


def test_every_requirement_is_pinned_within_its_range():
    """Each requirement (extras included) has a pin in constraints.txt that its range allows,
    on Python 3.11 (what CI runs) and on every other Python the lock covers."""
    locked = pins()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is in pyproject.toml but not in constraints.txt: {REFRESH}"
        for version, _marker in locked[name]:
            assert req.specifier.contains(version, prereleases=True), \
                f"constraints.txt pins {req.name}=={version}, outside {req.specifier}: {REFRESH}"


def test_lock_covers_python_311_for_every_pin():
    """Every locked package has a pin that applies on Python 3.11, the version CI installs."""
    env = {"python_full_version": "3.11.7", "python_version": "3.11", "sys_platform": "linux",
           "platform_python_implementation": "CPython", "implementation_name": "cpython", "os_name": "posix",
           "platform_system": "Linux", "platform_machine": "x86_64"}
    for req in requirements():
        versions = [v for v, marker in pins()[canonicalize_name(req.name)] if marker is None or marker.evaluate(env)]
        assert len(versions) == 1, f"{req.name}: {versions}"
