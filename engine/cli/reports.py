"""``accord reports SCENARIO_DIR``: render every scenario's nominal run (the bundled reports)."""

import argparse

from engine.cli.outputs import folder

HELP = "play every scenario in a folder (nominal) and write its reports"
PRELOAD = ("engine.api",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``reports``."""
    p.add_argument("scenarios", metavar="SCENARIO_DIR", help="folder of scenario files")
    p.add_argument("--out", metavar="DIR", type=folder, default="reports", help="reports folder (default: %(default)s)")
    p.add_argument("--check", action="store_true", help="write nothing; exit 2 if any report is stale")


def run(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) reports/<scenario>/…"""
    from engine import api  # noqa: PLC0415 - `--help` loads no stage
    from engine.render.output import check_output_folder  # noqa: PLC0415

    if not args.check:
        check_output_folder(args.out)  # before every scenario is played, as every command checks --out
    files = api.bundled_reports(args.scenarios, args.out)
    if args.check:
        # Images are re-rendered (so they must render) but not compared: rasterisation and
        # font hinting may differ between matplotlib builds; text files must match exactly.
        stale = api.stale_reports({p: c for p, c in files.items() if p.endswith(api.COMPARED)})
        for path in stale:
            print(f"stale: {path} (regenerate with: accord reports {args.scenarios} --out {args.out})")
        compared = sum(1 for p in files if p.endswith(api.COMPARED))
        print(f"{compared - len(stale)}/{compared} report text files current (images re-rendered, not compared)")
        return 2 if stale else 0  # exit 1 is reserved for bugs
    for path in api.write_reports(files):
        print(f"wrote {path}")
    return 0
