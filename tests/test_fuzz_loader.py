"""Fuzzing the loader: random, mutated and hostile YAML through `accord validate` ends in
exit 0 or 2 with `path:line:col: error:` lines, never a traceback, in bounded memory."""

import contextlib
import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from hypothesis import given
from hypothesis import strategies as st

from engine.cli import main
from engine.read.pack import Pack
from engine.read.scenario import Scenario
from engine.read.yamlio import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted(DATA.glob("**/*.yaml"))]
KEYS = sorted({*Pack.model_fields, *Scenario.model_fields, "on", "then", "when", "emit", "steps", "with"})
SUMMARY = re.compile(r"\d+ error\(s\) in \d+ file\(s\)")


def validate_bytes(data: bytes, name: str = "fuzz.yaml") -> tuple[int, str]:
    """Write ``data`` to a fresh folder and validate it in-process; return (code, stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(["validate", str(path)])
        check_output(code, err.getvalue(), str(path))
        return code, err.getvalue()


def check_output(code: int, stderr: str, path: str) -> None:
    """Exit 0 with no errors, or 2 with only `path:line:col: error:` lines (each may be
    followed by an indented detail line for experts, e.g. PyYAML's words) and the summary."""
    assert code in (0, 2), stderr
    lines = stderr.splitlines()
    if code == 0:
        assert lines == []
        return
    assert lines, "exit 2 without a message"
    assert SUMMARY.fullmatch(lines[-1])
    for before, line in zip(["", *lines], lines[:-1], strict=False):
        detail = line.startswith("    ") and re.match(r".+:\d+:\d+: error: \S", before)
        assert detail or re.match(r".+:\d+:\d+: error: \S", line), line
    assert "Traceback" not in stderr


def run_isolated(data: bytes, tmp_path: Path, memory_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    """Validate in a child process with capped memory, so a crash cannot take pytest down."""
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    code = ("import resource, sys; from engine.cli.program import main; "
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20)); "
            f"sys.exit(main(['validate', {str(path)!r}]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          check=False)
    check_output(proc.returncode, proc.stderr, str(path))
    return proc


@given(st.text(max_size=300))
def test_random_text(text):
    """Any text ends in a clean result."""
    validate_bytes(text.encode("utf-8"))


@given(st.binary(max_size=200))
def test_random_bytes(data):
    """Any bytes (invalid UTF-8, NULs) end in a clean result."""
    validate_bytes(data)


@given(st.sampled_from(SEEDS), st.data())
def test_mutated_files(seed, data):
    """Truncated, cut, spliced and shuffled versions of valid files end in a clean result."""
    lines = seed.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["truncate", "cut", "insert", "swap", "dedent"]))
    if kind == "truncate":
        text = seed[: data.draw(st.integers(0, len(seed)))]
    elif kind == "cut":
        a = data.draw(st.integers(0, len(seed)))
        text = seed[:a] + seed[a + data.draw(st.integers(1, 40)):]
    elif kind == "insert":
        a = data.draw(st.integers(0, len(seed)))
        junk = data.draw(st.sampled_from(["[", "{", ": ", "- ", "&a ", "*a", "!!python/object ", "'", "\t",
                                          "1e400", "9" * 400, "é", "\x00", "\n  x: 1", "? ", "|", "%YAML 1.1\n"]))
        text = seed[:a] + junk + seed[a:]
    elif kind == "swap":
        i, j = data.draw(st.integers(0, len(lines) - 1)), data.draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        text = "".join(lines)
    else:
        i = data.draw(st.integers(0, len(lines) - 1))
        lines[i] = lines[i].lstrip()
        text = "".join(lines)
    validate_bytes(text.encode("utf-8"))


values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=20,
)


@given(st.sampled_from(["pack", "scenario"]), st.dictionaries(st.sampled_from(KEYS), values, max_size=6))
def test_wrong_types_under_real_keys(kind, body):
    """Real key names with values of random types end in a clean result."""
    doc = {kind: "x", **{k: v for k, v in body.items() if k != kind}}
    validate_bytes(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode("utf-8"))


@pytest.mark.parametrize("text", [
    "", "\n\n", "# only a comment\n", "\ufeffpack: p\n", "---\n...\n", "pack: p\n---\npack: q\n",
    "pack: p\nversion: 1e400\n", "scenario: s\nrules: []\nuntil: 1d\nseed: " + "9" * 5000 + "\n",
    "pack: p\nrules: [{id: R, chance: 1e-400}]\n", "pack: p\nactors: {ünïcødé: {}}\n",
    "pack: 😀\nevents: {'ev.😀': {}}\n", "pack: p\n\tactors: {}\n", "[1, 2]\n", "just text\n", "42\n",
    "pack: !!python/object:os.system x\n", "pack: &a [*a]\n", "scenario: s\nuntil: -1d\nrules: []\n",
])
def test_hostile_snippets(text):
    """Empty files, BOMs, multiple documents, huge numbers, unicode, tags and tabs are clean errors."""
    validate_bytes(text.encode("utf-8"))


def test_alias_bomb(tmp_path):
    """A billion-laughs alias bomb is refused within the memory cap."""
    lines = ["pack: p", "meta:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    proc = run_isolated(("\n".join(lines) + "\n").encode(), tmp_path, memory_mb=512)
    assert proc.returncode == 2
    assert "document too large" in proc.stderr


@pytest.mark.parametrize("head", ["  k: [", "  k: {a: ", "- ", "? "])
def test_deep_nesting_does_not_crash(tmp_path, head):
    """100,000 levels of nesting (flow, compact block or complex keys) end in one error line at
    the nesting's line, exit 2, no traceback. The wording is not asserted: it is accord's own
    check or the YAML library's (PyYAML 6.0.4 refuses deep nesting itself, first)."""
    opener = head.strip().removeprefix("k:").lstrip() + " " if head.startswith("  ") else head
    text = "pack: p\nmeta:\n" + head + opener * 100_000 + "x\n"
    proc = run_isolated(text.encode(), tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert re.match(rf"{re.escape(str(tmp_path / 'hostile.yaml'))}:3:\d+: error: \S", proc.stderr)


def test_a_huge_file_is_refused_unread(tmp_path):
    """A 1 GB (sparse) file is refused as too large within 300 MB of memory: it is never read."""
    path = tmp_path / "hostile.yaml"
    with open(path, "wb") as f:
        f.write(b"pack: big\n")
        f.truncate(1 << 30)
    code = ("import resource, sys; from engine.cli.program import main; "
            "resource.setrlimit(resource.RLIMIT_AS, (300 << 20, 300 << 20)); "
            "sys.exit(main(['validate', sys.argv[1]]))")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{path}:1:1: error: file too large (1024.0 MB")


def test_file_just_under_the_limit_loads(tmp_path):
    """A file just under the size limit is read (and judged on its content)."""
    proc = run_isolated(b"pack: big\ndescription: " + b"x" * (MAX_BYTES - 100) + b"\n", tmp_path)
    assert proc.returncode == 0


@pytest.mark.parametrize("name", ["\r0", "a\nb", "x\u2028y"])
def test_line_breaks_in_values_stay_on_one_line(name):
    """A value with a line break, quoted back in a message, does not split the error line."""
    code, err = validate_bytes(yaml.safe_dump({"pack": "p", "includes": [name]}).encode("utf-8"))
    assert code == 2
    assert len(err.splitlines()) == 2
