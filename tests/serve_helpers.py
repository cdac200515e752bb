"""Helpers for the `accord serve` tests: the server in a child process, its three links, and
plain HTTP requests to it (the browser tests drive Chromium on top)."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parent.parent
LINK = re.compile(r"^\s+(facilitator|players|evaluators)\s+(http://\S+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`python -m engine serve ARGS` until stopped; ``links`` by role once it is up."""

    def __init__(self, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        command = [sys.executable, "-m", "engine", "serve", *args, "--port", str(self.port)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.out: list[str] = []
        self.err: list[str] = []
        self.links: dict[str, str] = {}
        self._readers = [threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True)]
        for reader in self._readers:
            reader.start()
        deadline = time.monotonic() + 60
        while len(self.links) < 3:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError("the server did not start:\n" + "".join(self.out + self.err))
            time.sleep(0.05)

    def _read(self, stream, into: list[str]) -> None:
        for line in stream:
            into.append(line)
            m = LINK.match(line)
            if m:
                self.links[{"evaluators": "evaluator"}.get(m.group(1), m.group(1))] = m.group(2)

    def link(self, role: str) -> str:
        """The role's address: facilitator, players or evaluator."""
        return self.links[role]

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        request = urllib.request.Request(url, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, dict(r.headers), r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8")

    def post(self, url: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, dict]:
        """POST a form as the page's script does; the JSON reply (or {} if none)."""
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as exc:
            body = exc.read()
            try:
                return exc.code, json.loads(body)
            except ValueError:
                return exc.code, {}

    def command(self, do: str, version: int | None = None, **fields: str) -> dict:
        """A facilitator's control, made against ``version`` (default: the current one)."""
        v = self.version() if version is None else version
        status, reply = self.post(self.link("facilitator") + "/command", {"do": do, "version": str(v), **fields})
        assert status in (200, 400), (status, reply)
        return reply

    def line(self, text: str) -> dict:
        """Any command line, through the facilitator's command box."""
        return self.command("line", line=text)

    def version(self) -> int:
        """The state version the facilitator's page shows now."""
        _, _, html = self.get(self.link("facilitator"))
        return int(re.search(r'data-version="(\d+)"', html).group(1))

    def kill(self) -> None:
        """kill -9."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._close()

    def _close(self) -> None:
        for reader in self._readers:
            reader.join(timeout=10)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Ctrl-C (or ``signum``); the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._close()
        return self.proc.returncode


def journal_commands(path: Path) -> list[str]:
    return [json.loads(x)["cmd"] for x in path.read_text().splitlines()[1:]]
