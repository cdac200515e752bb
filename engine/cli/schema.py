"""``accord schema [pack|scenario]``: JSON Schema of the files, for editors."""

import argparse
import os
import sys

from engine.cli.outputs import folder
from engine.read.files import file_kind
from engine.read.safe_open import read_text
from engine.read.schema import KINDS, modeline, schema_text, with_modeline
from engine.read.yamlio import load_file
from engine.render.output import write_file, write_files

HELP = "print the JSON Schema of pack, scenario or mapping files (for editors); --write, --modeline"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``schema``."""
    p.add_argument("kind", nargs="?", choices=tuple(KINDS), default="pack", help="which schema (default pack)")
    p.add_argument("--write", metavar="DIR", type=folder,
                   help="write pack, scenario and mapping .schema.json files into DIR")
    p.add_argument("--modeline", nargs="+", metavar="FILE",
                   help="put the `# yaml-language-server: $schema=…` line first in each FILE")
    p.add_argument("--schema-dir", default=os.path.join("docs", "schema"),
                   help="where the schema files live, for --modeline (default docs/schema)")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema, or add modelines."""
    if args.write:
        for path in write_files(args.write, {f"{k}.schema.json": schema_text(k) for k in KINDS}):
            print(f"wrote {path}")
        return 0
    if args.modeline:
        for path in args.modeline:
            doc = load_file(path)
            line = modeline(file_kind(doc), path, args.schema_dir)
            text = read_text(path, what="a YAML file")
            new = with_modeline(text, line)
            if new != text:
                write_file(path, new)  # replaced atomically, keeping the file's mode
                print(f"{path}: {line}")
        return 0
    sys.stdout.write(schema_text(args.kind))
    return 0
