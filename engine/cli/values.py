"""Checked command-line values, as argparse types: a bad value is a usage error (exit 2)
naming the option, before any work starts."""

import argparse
import math
import os


def _ascii_int(text: str) -> int:
    """``int(text)`` for ASCII digits only (int() also reads '０' or '٣', which no one means on a
    command line); ValueError otherwise."""
    if not text.strip().isascii():
        raise ValueError(text)
    return int(text)


def count(text: str) -> int:
    """A whole number of at least 1 (runs, workers, event limits)."""
    try:
        value = _ascii_int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, at least 1 (got {text!r})")
    return value


MAX_RUNS = 10_000_000


def runs(text: str) -> int:
    """A number of runs (``--runs``): 1 to 10,000,000. A smallest scenario's run takes about
    2.5 ms (``accord sweep tests/data/attack_day_ten.yaml --runs 400 --workers 1``: 1.0 s), so
    the cap is hours of work already; a larger number is a typo, which ran for ever."""
    value = count(text)
    if value > MAX_RUNS:
        raise argparse.ArgumentTypeError(f"at most {MAX_RUNS:,} runs (hours of work even for the smallest scenario; "
                                         f"got {text})")
    return value


def seconds(text: str) -> float:
    """A time-out in seconds: a finite number greater than 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds greater than 0 (got {text!r})")
    return value


def seed(text: str) -> int:
    """A seed: a whole number within ±2^53, so that results.json keeps it exact (as in a scenario's ``seed:``)."""
    limit = 2**53
    try:
        value = _ascii_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
    if not -limit <= value <= limit:
        raise argparse.ArgumentTypeError(f"must be within ±2^53 ({limit:,}), so that results.json keeps it exact "
                                         f"(got {text})")
    return value


def add_dask_arguments(p: argparse.ArgumentParser) -> None:
    """``--dask`` and ``--dask-timeout``, the same for every command that plays many runs."""
    from engine.cli.defaults import DASK_TIMEOUT_S  # noqa: PLC0415 - a constant; keeps values free of other modules

    p.add_argument("--dask", metavar="tcp://HOST:PORT", help="run on this Dask scheduler (needs accord[dask])")
    p.add_argument("--dask-timeout", type=seconds, default=DASK_TIMEOUT_S, metavar="SECONDS",
                   help="how long to wait for the Dask scheduler to answer (default: %(default)s)")


def port(text: str) -> int:
    """A TCP port to listen on: 1 to 65535 (0 would pick a different port each time, and the
    role links must stay the same across --resume)."""
    try:
        value = _ascii_int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 1 to 65535 (got {text!r})")
    return value


def workers(text: str) -> int:
    """Local worker processes: 1 to four per CPU. More only queue for the same CPUs, and an
    unbounded count forked hundreds of processes for a five-run sweep (a fork bomb by typo)."""
    value = count(text)
    limit = 4 * (os.cpu_count() or 1)
    if value > limit:
        raise argparse.ArgumentTypeError(f"at most {limit} (four per CPU on this machine; got {text}); "
                                         "for more, run on a cluster with --dask")
    return value
