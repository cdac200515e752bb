"""Hashes of results.json and events.csv for every bundled scenario and example, each variant,
seeds 1..5 and the nominal run: the check that a change to the engine's hot path leaves
every result byte-identical.

    python benchmarks/golden.py write /tmp/golden.json    # before the change
    python benchmarks/golden.py check /tmp/golden.json    # after: lists what differs, exit 1

Also covers the benchmark scenario and a generated lean event chain. Not a test (it plays a
few hundred runs); run it from the repository root with the checkout's code imported.
"""

import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import generate  # noqa: E402

from engine import api  # noqa: E402
from engine.read.files import load_file  # noqa: E402

SEEDS = (1, 2, 3, 4, 5)


def scenarios(tmp: Path) -> list[Path]:
    """Every bundled scenario and example, the benchmark scenario, the test data's scenarios and
    a generated chain."""
    paths = sorted(ROOT.glob("scenarios/*.yaml")) + sorted(ROOT.glob("examples/*.yaml"))
    paths += [ROOT / "benchmarks" / "bench_scenario.yaml"]
    paths += [p for p in sorted(ROOT.glob("tests/data/*.yaml")) if "injects" in p.read_text(encoding="utf-8")
              and p.read_text(encoding="utf-8").startswith("scenario:")]
    paths.append(generate.write("chain", 500, tmp / "chain"))
    paths.append(generate.write("injects", 200, tmp / "injects"))
    return paths


def variants(path: Path) -> list[str | None]:
    """The base and each variant of a scenario file."""
    doc = load_file(str(path))
    names = doc.data.get("variants") if isinstance(doc.data, dict) else None
    return [None, *sorted(names or {})]


def digests() -> dict[str, str]:
    """``scenario[.variant]/seed/file`` → sha256 of the file's bytes."""
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in scenarios(Path(tmp)):
            name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.parent.name
            for variant in variants(path):
                world = api.load(str(path), variant)
                for seed in (*SEEDS, "nominal"):
                    result = api.play(world, seed=None if seed == "nominal" else int(seed), nominal=seed == "nominal")
                    folder = Path(tmp) / "out"
                    api.write_run(result, world, str(folder), formats=["json", "csv"])
                    for f in ("results.json", "events.csv"):
                        out[f"{name}.{variant}/{seed}/{f}"] = hashlib.sha256((folder / f).read_bytes()).hexdigest()
    return out


def main() -> int:
    """``write FILE`` or ``check FILE``."""
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        raise SystemExit(__doc__)
    got = digests()
    target = Path(sys.argv[2])
    if sys.argv[1] == "write":
        target.write_text(json.dumps(got, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(got)} files hashed into {target}")
        return 0
    want = json.loads(target.read_text(encoding="utf-8"))
    bad = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for k in bad[:20]:
        print(f"differs: {k}")
    print(f"{len(got) - len(bad)} of {len(want)} identical" + (f", {len(bad)} differ" if bad else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
