"""``accord msel``: a scenario's master scenario events list as CSV, Markdown or XLSX, in a
platform's columns (``--profile``); and ``accord msel import SHEET``: a scenario from one."""

import argparse
import os
import sys
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING

from engine.cli.defaults import MSEL_PROFILES
from engine.cli.outputs import STDOUT, write_or_print
from engine.cli.values import count
from engine.errors import UsageError
from engine.render.output import write_file

if TYPE_CHECKING:
    from engine.read.msel.profiles import Profile

HELP = "the master scenario events list (MSEL): export a scenario's, or import a spreadsheet's"
PRELOAD = ("engine.api", "engine.render.msel")
IMPORT_ONLY = {"sheet_name": "--sheet", "start": "--start", "tz": "--tz", "pack": "--pack", "base": "--base",
               "until": "--until", "dry_run": "--dry-run", "max_rows": "--max-rows"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``msel`` and ``msel import``."""
    p.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file (or `import` to read a sheet)")
    p.add_argument("sheet", nargs="?", metavar="SHEET", help="with `import`: the XLSX or CSV file to read")
    p.add_argument("--variant", metavar="V", help="the MSEL of this variant")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="csv (UTF-8 with BOM, opens in spreadsheets), md or xlsx (default: --out's extension "
                        "if it is one of these, else csv)")
    p.add_argument("--profile", metavar="P", help=f"columns of a platform ({', '.join(MSEL_PROFILES)}) "
                   "or a mapping file (.yaml); required by `import`")
    p.add_argument("--out", metavar="FILE",
                   help="write to FILE (replaced atomically; a device or pipe written straight) instead of "
                        "standard output (also -)")
    g = p.add_argument_group("import")
    g.add_argument("--sheet", dest="sheet_name", metavar="NAME", help="the workbook's sheet (default: the first)")
    g.add_argument("--start", metavar="ISO", help="T+0, e.g. 2026-03-01T09:00 (in --tz); needed by clock times")
    g.add_argument("--tz", metavar="ZONE", help="time zone of clock times and --start, e.g. Europe/Paris (default UTC)")
    g.add_argument("--pack", metavar="PACK", help="the rule pack the scenario plays (its event types are checked)")
    g.add_argument("--base", metavar="SCENARIO", help="take everything but the injects from this scenario")
    g.add_argument("--until", metavar="DURATION", help="the horizon (default: a day past the last inject)")
    g.add_argument("--max-rows", type=count, default=None, metavar="N",
                   help="refuse a sheet with more data rows (default 20,000)")
    g.add_argument("--dry-run", action="store_true", help="check and summarise; write nothing")


def run(args: argparse.Namespace) -> int:
    """Export or import, as the first argument says."""
    if args.scenario == "import":
        return _import(args)
    used = [option for name, option in IMPORT_ONLY.items() if getattr(args, name)]
    if args.sheet or used:
        raise UsageError(f"{(used or [args.sheet])[0]} is for `accord msel import SHEET`")
    return _export(args)


FORMATS = ("csv", "md", "xlsx")


def export_format(given: str | None, out: str | None) -> str:
    """The MSEL's format: ``--format``, else ``--out``'s extension, else csv. A format that
    contradicts the extension is a usage error (``--out x.xlsx`` once got CSV text, which the
    importer then called a damaged workbook)."""
    ext = os.path.splitext(out or "")[1].lower().lstrip(".")
    implied = ext if ext in FORMATS else None
    if given is not None and implied is not None and given != implied:
        raise UsageError(f"--out {out} is .{implied} but --format is {given}: give one that agrees")
    return given or implied or "csv"


def _export(args: argparse.Namespace) -> int:
    from engine import api  # noqa: PLC0415 - `--help` loads no stage
    from engine.render.msel import render_msel_csv, render_msel_md  # noqa: PLC0415
    from engine.render.msel_export import msel_sheet, render_sheet_csv, render_sheet_md  # noqa: PLC0415

    args.format = export_format(args.format, args.out)
    world = api.load(args.scenario, args.variant)
    content: str | bytes
    if args.profile is None and args.format != "xlsx":
        content = render_msel_csv(world) if args.format == "csv" else render_msel_md(world)
    else:
        sheet = msel_sheet(world, _profile(args.profile or "hseep"))
        if args.format == "xlsx":
            from engine.render.msel_workbook import render_sheet_xlsx  # noqa: PLC0415 - openpyxl

            content = render_sheet_xlsx(sheet)
        else:
            content = render_sheet_csv(sheet) if args.format == "csv" else render_sheet_md(sheet)
    return _emit(content, args.out)


def _emit(content: str | bytes, out: str | None) -> int:
    write_or_print(out or STDOUT, content)  # bytes to stdout: a BOM, CRLF and workbooks arrive as written
    return 0


def _import(args: argparse.Namespace) -> int:
    from engine.render.msel_import import MAX_ROWS, ImportRequest, import_msel  # noqa: PLC0415
    from engine.render.msel_scenario import summary_line  # noqa: PLC0415

    if not args.sheet or not args.profile:
        raise UsageError("usage: accord msel import SHEET --profile P [--out scenario.yaml]")
    zone = _zone(args.tz)
    stem = os.path.splitext(os.path.basename(args.sheet))[0]
    to_stdout = args.out in (None, STDOUT)
    req = ImportRequest(args.sheet, _profile(args.profile), f"{stem}.yaml" if to_stdout else args.out, args.sheet_name,
                        _start(args.start, zone), zone, args.pack, args.base, args.until,
                        args.max_rows or MAX_ROWS)
    text, imported = import_msel(req)
    for w in imported.warnings:
        print(w, file=sys.stderr)
    if args.dry_run:
        print(f"{args.sheet}: {summary_line(imported)} (dry run: nothing written)")
        return 0
    if to_stdout:
        sys.stdout.write(text)
        return 0
    print(f"wrote {write_file(args.out, text)}: {summary_line(imported)}")
    return 0


def _profile(name: str) -> "Profile":
    from engine.read.msel.profiles import PROFILES  # noqa: PLC0415 - `--help` loads no stage
    from engine.read.suggest import did_you_mean  # noqa: PLC0415

    if name.endswith((".yaml", ".yml")):
        from engine.read.msel.mapping import load_mapping  # noqa: PLC0415

        return load_mapping(name)
    if name not in PROFILES:
        raise UsageError(f"--profile: unknown profile '{name}'{did_you_mean(name, PROFILES)} "
                         f"(profiles: {', '.join(PROFILES)}, or a mapping file .yaml)")
    return PROFILES[name]


def _zone(name: str | None) -> tzinfo:
    if name is None or name.upper() == "UTC":
        return UTC
    import zoneinfo  # noqa: PLC0415

    from engine.read.suggest import did_you_mean  # noqa: PLC0415

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        hint = did_you_mean(name, zoneinfo.available_timezones())
        raise UsageError(f"--tz: unknown time zone '{name}'{hint}") from None


def _start(text: str | None, zone: tzinfo) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise UsageError(f"--start: '{text}' is not an ISO-8601 date and time, e.g. 2026-03-01T09:00") from None
    return (when.replace(tzinfo=zone) if when.tzinfo is None else when).astimezone(UTC)
