"""The command line: ``accord COMMAND …`` (also ``python -m engine``); the only package that
reads argv, prints and chooses exit codes.

May import: every stage, and ``engine.api``.

Modules:
- ``program``: the parser, ``main(argv) -> int`` and the console script's ``entry``;
  ``interrupts``: how SIGINT and SIGTERM stop a command (never half-way through loading);
- one module per command (``validate``, ``run``, ``play``, ``msel``, ``explain``, ``compare``,
  ``sweep``, ``forecast``, ``lint``, ``schema``, ``new``, ``reports``), each with ``HELP``,
  ``add_arguments(parser)`` and ``run(args) -> int``;
- ``values``: checked argparse types; ``outputs``: ``-`` as standard output, ``--out DIR`` checks;
  ``defaults``: the defaults ``--help`` shows (so that help and usage errors load no stage
  of the pipeline);
- ``sessions``: the facilitated session of ``play`` and ``serve`` (arguments, journal, files);
- ``terminal``, ``terminal_sweep``, ``terminal_compare``, ``terminal_paired``, ``play_view``,
  ``play_details``: what the terminal shows (rich); ``screen`` and ``columns``: tables that
  fit the terminal's width without cutting a name (``fit``: names shortened from the middle,
  for ``run`` and ``forecast``); ``progress``: the progress bar of long work (sweep,
  forecast); ``stdout``: the console they print with (a closed standard output ends the
  command quietly, exit 141).
"""

from engine.cli.program import entry, main

__all__ = ["entry", "main"]
