"""``accord schema [pack|scenario]``: JSON Schema of the files, for editors."""

import argparse
import os
import sys

from engine.cli.defaults import SCHEMA_KINDS
from engine.cli.outputs import folder

HELP = "print the JSON Schema of pack, scenario or mapping files (for editors); --write, --modeline"
PRELOAD = ("engine.read.schema",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``schema``."""
    p.add_argument("kind", nargs="?", choices=SCHEMA_KINDS, default="pack", help="which schema (default pack)")
    p.add_argument("--write", metavar="DIR", type=folder,
                   help="write pack, scenario and mapping .schema.json files into DIR")
    p.add_argument("--modeline", nargs="+", metavar="FILE",
                   help="put the `# yaml-language-server: $schema=…` line first in each FILE")
    p.add_argument("--schema-dir", default=os.path.join("docs", "schema"),
                   help="where the schema files live, for --modeline (default docs/schema)")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema, or add modelines."""
    from engine.read.schema import KINDS, schema_text  # noqa: PLC0415 - `--help` loads no stage
    from engine.render.output import write_files  # noqa: PLC0415

    if args.write:
        for path in write_files(args.write, {f"{k}.schema.json": schema_text(k) for k in KINDS}):
            print(f"wrote {path}")
        return 0
    if args.modeline:
        for path in args.modeline:
            _modeline(path, args.schema_dir)
        return 0
    sys.stdout.write(schema_text(args.kind))
    return 0


def _modeline(path: str, schema_dir: str) -> None:
    """Put the schema modeline first in the YAML file ``path`` (replaced atomically, keeping its mode)."""
    from engine.read.files import file_kind  # noqa: PLC0415 - `--help` loads no stage
    from engine.read.safe_open import read_text  # noqa: PLC0415
    from engine.read.schema import modeline, with_modeline  # noqa: PLC0415
    from engine.read.yamlio import load_file  # noqa: PLC0415
    from engine.render.output import rewrite_file  # noqa: PLC0415

    line = modeline(file_kind(load_file(path)), path, schema_dir)
    text = read_text(path, what="a YAML file")
    new = with_modeline(text, line)
    if new != text:
        rewrite_file(path, new)
        print(f"{path}: {line}")
