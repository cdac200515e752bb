"""``accord serve SCENARIO``: the exercise in the browser — the facilitator's console, the
players' screen (the projector) and the evaluators' — on one session and one journal.

The session is the one ``accord play`` runs (same commands, same journal, same files at
``end``); this command sets it up, prints the three role links and serves them until
Ctrl-C. ``--resume`` carries a session on where it stopped, at the same address with the
same links, so the pages still open reconnect by themselves.
"""

import argparse
import signal
import socket
import sys
from typing import Any

from engine.cli.sessions import add_session_arguments
from engine.cli.values import port
from engine.errors import InputError, UsageError

HELP = "the exercise in the browser: facilitator, players (projector) and evaluators, on one session"
PRELOAD = ("engine.api", "engine.facilitate.journal", "engine.facilitate.serve.app", "uvicorn")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``serve``."""
    add_session_arguments(p)
    p.add_argument("--host", metavar="ADDR",
                   help=f"address to listen on (default {DEFAULT_HOST}, this machine only; 0.0.0.0 for a room "
                        "network, with a warning)")
    p.add_argument("--port", type=port, metavar="N", help=f"port, 1 to 65535 (default {DEFAULT_PORT})")


def run(args: argparse.Namespace) -> int:
    """Set up the session, print the three links, serve until Ctrl-C."""
    import uvicorn  # noqa: PLC0415 - the web stack loads only for a server

    from engine.cli.sessions import open_session  # noqa: PLC0415
    from engine.facilitate.serve.app import create_app  # noqa: PLC0415
    from engine.facilitate.serve.views import Views  # noqa: PLC0415

    if args.scenario is None and args.resume is None:
        print("accord: error: give a SCENARIO, or --resume a journal", file=sys.stderr)
        return 2
    sock = _listen(*_address(args))  # before the session: a port that cannot be had leaves nothing behind
    try:
        opened = open_session(args)
    except BaseException:
        sock.close()
        raise
    try:
        access = _access(args, opened.journal.path)
        room = _room(opened)
        config = uvicorn.Config(create_app(room, Views(opened.world, access), access), log_level="warning",
                                timeout_graceful_shutdown=1, lifespan="on")
        _announce(opened, access)
        signum = _serve(uvicorn.Server(config), sock)
        code = _stopped(room, opened.journal.path)
        return code or (128 + signum if signum else 0)  # stopped in order, journal kept: 130 Ctrl-C, 143 SIGTERM
    finally:
        opened.journal.close()


def _serve(server: Any, sock: socket.socket) -> int:
    """Serve until stopped; the number of the signal that stopped the server (0: none).
    uvicorn shuts down in order on Ctrl-C or SIGTERM, then raises the signal again, which
    ``cli/interrupts`` turns into KeyboardInterrupt (``signum`` SIGTERM for SIGTERM)."""
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt as exc:
        return int(getattr(exc, "signum", signal.SIGINT))
    return 0


def _address(args: argparse.Namespace) -> tuple[str, int]:
    """Where the server listens: --host/--port, else what a resumed session kept, else the defaults."""
    from engine.facilitate.serve import access as ac  # noqa: PLC0415

    kept = ac.load(ac.sidecar(args.resume)) if args.resume else None
    host = args.host or (kept.host if kept else DEFAULT_HOST)
    port = args.port if args.port is not None else kept.port if kept else DEFAULT_PORT
    return host, port


def _access(args: argparse.Namespace, journal: str) -> Any:
    """The links of this session: those kept beside its journal, else new ones (then kept)."""
    from engine.facilitate.serve import access as ac  # noqa: PLC0415

    kept = ac.load(ac.sidecar(journal)) if args.resume else None
    host, port = _address(args)
    access = ac.Access(host, port, kept.tokens) if kept else ac.new_access(host, port)
    ac.save(ac.sidecar(journal), access)
    if host not in LOOPBACK:
        print(f"accord: warning: listening on {host}: anyone on this network who has a link can open its "
              "page, and the links are the only key. Share each link only with its role, on a network you "
              "trust; without --host the console is reachable from this machine only.", file=sys.stderr)
    return access


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound before the session is set up or anything announced (a port
    in use or an unknown host is exit 2, and no journal is left behind)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except socket.gaierror as exc:
        sock.close()
        raise UsageError(f"--host {host}: no such address on this machine ({exc.strerror or exc})") from None
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                         "(another server there? give another --port)") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _room(opened: Any) -> Any:
    """The session on its own thread, its journal replayed; ``end`` writes the files of ``play``."""
    from engine.cli.sessions import session_files  # noqa: PLC0415
    from engine.facilitate.serve.room import Room  # noqa: PLC0415
    from engine.render.output import write_files  # noqa: PLC0415

    def finish(session: Any) -> list[str]:
        return write_files(opened.out, session_files(session, opened.scenario, opened.out))

    room = Room(opened.world, seed=opened.seed, nominal=opened.nominal, journal=opened.journal,
                replay=opened.replay, finish=finish, strict_replay=opened.strict)
    room.start()
    return room


def _announce(opened: Any, access: Any) -> None:
    shown = _reachable(access.host)
    title = opened.world.scenario.title or opened.world.scenario.scenario
    print(f"accord serve: {title}")
    print(f"  facilitator  {access.link('facilitator', shown)}")
    print(f"  players      {access.link('players', shown)}   (the projector)")
    print(f"  evaluators   {access.link('evaluator', shown)}")
    print(f"journal: {opened.journal.path} · files at the end: {opened.out} · Ctrl-C stops the server; "
          f"accord serve --resume {opened.journal.path} carries the session on", flush=True)


def _reachable(host: str) -> str:
    """The address to put in links: for 0.0.0.0 (every interface), this machine's address on
    its default route (no packet is sent), so that others in the room can use them."""
    if host not in ("0.0.0.0", "::"):
        return host
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing only, nothing is sent
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def _stopped(room: Any, journal: str) -> int:
    ended = room.session.ended
    room.stop()
    if room.failure is not None and not isinstance(room.failure, InputError):
        raise room.failure
    if not ended:
        print(f"accord: server stopped before 'end': the session is kept in {journal}; carry it on with: "
              f"accord serve --resume {journal}", file=sys.stderr)
    return 0
