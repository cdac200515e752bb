"""``accord schema [pack|scenario]``: JSON Schema of the files, for editors."""

import argparse
import os
import sys

from engine.cli.defaults import SCHEMA_KINDS
from engine.cli.outputs import folder
from engine.errors import UsageError

HELP = "print the JSON Schema of pack, scenario or mapping files (for editors); --write, --modeline"
PRELOAD = ("engine.read.schema",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``schema``."""
    p.add_argument("kind", nargs="?", choices=SCHEMA_KINDS, default="pack", help="which schema (default pack)")
    p.add_argument("--write", metavar="DIR", type=folder,
                   help="write pack, scenario and mapping .schema.json files into DIR")
    p.add_argument("--modeline", nargs="+", metavar="FILE",
                   help="put the `# yaml-language-server: $schema=…` line first in each FILE")
    p.add_argument("--schema-dir", metavar="DIR",
                   help="where the schema files live, for --modeline (default: the nearest docs/schema "
                        "in each FILE's folder or above it)")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema, or add modelines."""
    from engine.read.schema import KINDS, schema_text  # noqa: PLC0415 - `--help` loads no stage
    from engine.render.output import write_files, write_paths  # noqa: PLC0415

    if args.write:
        for path in write_files(args.write, {f"{k}.schema.json": schema_text(k) for k in KINDS}):
            print(f"wrote {path}")
        return 0
    if args.modeline:
        # every file is checked before any is written, and all are replaced in one step
        changes = {path: change for path in dict.fromkeys(args.modeline)
                   if (change := _modeline(path, args.schema_dir))}
        write_paths({path: text for path, (text, _) in changes.items()}, rewrite=True)
        for path, (_, line) in changes.items():
            print(f"{path}: {line}")
        return 0
    sys.stdout.write(schema_text(args.kind))
    return 0


def _modeline(path: str, schema_dir: str | None) -> tuple[str, str] | None:
    """The YAML file ``path`` with the schema modeline first, and that line; None if it
    already has it. Its byte-order mark, line ends and other lines are kept."""
    from engine.read.files import file_kind  # noqa: PLC0415 - `--help` loads no stage
    from engine.read.safe_open import read_bytes  # noqa: PLC0415
    from engine.read.schema import modeline, with_modeline  # noqa: PLC0415
    from engine.read.yamlio import load_file  # noqa: PLC0415

    kind = file_kind(load_file(path))
    line = modeline(kind, path, _schema_dir(kind, path, schema_dir))
    text = read_bytes(path, what="a YAML file").decode("utf-8")  # load_file checked it is UTF-8
    new = with_modeline(text, line)
    return (new, line) if new != text else None


def _schema_dir(kind: str, path: str, given: str | None) -> str:
    """The folder the modeline of ``path`` points into; UsageError if it lacks the schema,
    since the line would point at nothing (and the editor check nothing, silently)."""
    from engine.read.schema import SCHEMA_DIR, nearest_schema_dir, schema_file  # noqa: PLC0415

    name = os.path.basename(schema_file(kind, "."))
    if given is not None:
        if not os.path.isfile(schema_file(kind, given)):
            raise UsageError(f"--schema-dir {given}: holds no {name}, so the modeline of {path} would point at "
                             f"nothing: write the schemas there with `accord schema --write {given}`, or give the "
                             "folder that holds them")
        return given
    found = nearest_schema_dir(kind, path)
    if found is None:
        raise UsageError(f"{path}: no {os.path.join(SCHEMA_DIR, name)} in its folder or any folder above it, so its "
                         f"modeline would point at nothing: write the schemas with `accord schema --write DIR` "
                         f"and give --schema-dir DIR{_own_schemas(name)}")
    return found


def _own_schemas(name: str) -> str:
    """A hint naming accord's own schema folder (a checkout's), when there is one."""
    from engine.read import schema  # noqa: PLC0415

    own = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(schema.__file__)))),
                       schema.SCHEMA_DIR)
    return f" (accord's own are in {own}, on this machine)" if os.path.isfile(os.path.join(own, name)) else ""
