"""YAML syntax errors in words a scenario author can act on.

PyYAML says what its grammar expected ("mapping values are not allowed in this context");
an author needs to know what to change. The common mistakes are recognised from the
tokens read before the error and the text around it, and told as a fix, at the place to
fix: an unquoted ``: `` inside a value, a line indented to no level above, a list item
where keys are expected (and the reverse), an unclosed quote or bracket (at the place it
opened), a tab. PyYAML's own words follow on a second line, for experts. A mistake not
recognised here is reported in PyYAML's words, as before.
"""

import re
from collections.abc import Callable
from typing import Any

import yaml

from engine.errors import Diagnostic, Mark
from engine.read.yaml_context import Level, Source

_KEY = re.compile(r"\s*(?:-\s+)*([^\s#:][^#:]*?)\s*:(?:\s|$)")  # `  - key: …` → key
_CLOSE = {"[": "]", "{": "}"}

Fix = tuple[int, int, str]  # 0-based line and column, and what to do


def syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    """The diagnostic for a YAML error in ``text`` (the contents of ``path``): a fix at the
    place to fix, with PyYAML's words as ``detail``; PyYAML's words alone if the mistake is
    not one of the common ones."""
    problem_mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError)) and problem_mark is not None:
        where = Source(text, exc)
        for explain in _EXPLAINERS:
            fix = explain(where)
            if fix is not None:
                line, col, message = fix
                return Diagnostic(Mark(path, line + 1, col + 1), message, detail=_expert(exc))
    line, col = (problem_mark.line + 1, problem_mark.column + 1) if problem_mark else (1, 1)
    return Diagnostic(Mark(path, line, col), f"not valid YAML: {problem}")


def _expert(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's own account: its problem, and the construct it was reading."""
    text = f"YAML says: {exc.problem or exc.context}"
    m = exc.context_mark
    if exc.problem and exc.context and m is not None:
        text += f" ({exc.context} at line {m.line + 1}, column {m.column + 1})"
    return text


def _tab(src: Source) -> Fix | None:
    """A tab where YAML expects indentation (YAML indents with spaces only)."""
    line, col = src.at
    text = src.line(line)
    if "tab" not in src.problem and not (col < len(text) and text[col] == "\t"):
        return None
    if "\t" not in text:
        return None
    return line, text.index("\t"), "a tab in the indentation: YAML indents with spaces only; replace it with spaces"


def _unclosed_quote(src: Source) -> Fix | None:
    """A quote that runs to the end of the file, or over a line end into the next key."""
    if "quoted scalar" in src.problem and src.exc.context_mark is not None:
        m = src.exc.context_mark
        return m.line, m.column, _never_closed(src, m.line, m.column)
    last = src.scalars[-1] if src.scalars else None
    if last is None or last.style not in ("'", '"'):
        return None
    start = last.start_mark
    if last.end_mark.line > start.line and src.at[0] == last.end_mark.line:
        return start.line, start.column, _never_closed(src, start.line, start.column)
    return None


def _never_closed(src: Source, line: int, col: int) -> str:
    quote = src.line(line)[col]
    body = src.line(line)[col + 1:].rstrip()
    example = f"{src.line(line)[:col].strip()} {quote}{body}{quote}".strip()
    return (f"this {quote} opens a quoted text that is not closed on its line: end the text with {quote},"
            f" e.g. {example}")


def _unclosed_bracket(src: Source) -> Fix | None:
    """A '[' or '{' never closed (reported where it opened), or items not separated by ','."""
    if not src.flows:
        return None
    char, line, col = src.flows[-1]
    close = _CLOSE[char]
    what = "list" if char == "[" else "mapping"
    if not _closed_later(src, line, col, char):
        example = _strip_comment(src.line(line)).rstrip(",") + close
        return line, col, (f"this '{char}' opens a {what} that is never closed: add '{close}' after its"
                           f" last item, e.g. {example}")
    at_line, at_col = src.at
    example = "[attack, violation.reported]" if char == "[" else "{name: Alpha, groups: [treaty]}"
    return at_line, at_col, (f"inside the {what} opened at line {line + 1}, column {col + 1}: separate the"
                             f" items with ', ' and close the {what} with '{close}', e.g. {example}")


def _closed_later(src: Source, line: int, col: int, char: str) -> bool:
    """Whether the brackets opened at (line, col) balance somewhere after it (quotes ignored)."""
    depth = 0
    rest = [src.line(line)[col:], *src.lines[line + 1:]]
    for text in rest:
        for c in _unquoted(text):
            depth += (c == char) - (c == _CLOSE[char])
            if depth == 0:
                return True
    return False


def _unquoted(text: str) -> str:
    """``text`` without quoted parts and comments (close enough to count brackets)."""
    text = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'", "", text)
    return re.sub(r"(^|\s)#.*", "", text)


def _colon(src: Source) -> Fix | None:
    """``: `` read as a new key: inside a value, after a line indented too far, or a key
    written without the space after its colon."""
    if "mapping values" not in src.problem or not src.scalars:
        return None
    last = src.scalars[-1]
    line = src.at[0]
    if last.start_mark.line < line:  # this line continues the scalar above
        return _continued(src, last, line)
    key = _key_of(src.line(line)[: last.start_mark.column])
    value = _strip_comment(src.line(line)[last.start_mark.column:])
    if key is None:
        return None
    how = "ends with ':'" if value.endswith(":") and ": " not in value else "contains ': '"
    return line, last.start_mark.column, (
        f"the value of '{key}' {how}, which YAML reads as the start of another key:"
        f" quote the text: {key}: {quote(value)}")


def _continued(src: Source, last: Any, line: int) -> Fix | None:
    first = src.line(last.start_mark.line)
    glued = re.search(r"([\w.-]+):(\S)", first[last.start_mark.column:])
    if glued and not src.levels:
        col = last.start_mark.column + glued.start()
        name, value = glued.group(1), first[col + len(glued.group(1)) + 1:].strip()
        fix = f"'{name}:' needs a space after its colon to be a key: write '{name}: {value}'"
        return last.start_mark.line, col, fix
    here = _key_of(src.line(line)) or src.line(line).strip()
    level = src.levels[-1] if src.levels else None
    if level is None or level.kind != "mapping" or not level.key:
        return None
    return line, src.indent(line), (
        f"'{here}:' is indented more than '{level.key}:' (line {level.line + 1}), so YAML reads it as part"
        f" of the value of '{level.key}': move it to column {level.col + 1}, where '{level.key}:' starts")


def _block(src: Source) -> Fix | None:
    """A line at a column no open block starts at, a list item among keys, or a key among
    list items."""
    if not src.levels or not any(w in src.problem for w in ("block mapping", "block collection", "block end")):
        return None
    line, col = src.at
    text = src.line(line)
    if col != src.indent(line):
        return _after_quote(src)
    item = text[col:col + 1] == "-" and text[col + 1:col + 2] in ("", " ")
    key = _key_of(text)
    thing = "this list item" if item else f"'{key}:'" if key else f"'{text.strip()}'"
    at_col = [lv for lv in src.levels if lv.col == col]
    if not at_col:
        return line, col, _misaligned(src, thing, col)
    level = at_col[-1]
    if level.kind == "mapping" and item:
        return line, col, (
            f"a list item ('- ') where the lines above at this column are keys ('{level.key}:', line"
            f" {level.line + 1}): write it as a key ('name: value'), or put the list under a key of its own")
    if level.kind == "sequence" and not item:
        return line, col, _key_among_items(src, level, thing, text)
    return None


def _misaligned(src: Source, thing: str, col: int) -> str:
    above = [lv for lv in src.levels if lv.col > col]
    below = [lv for lv in src.levels if lv.col < col]
    options = [_level_name(lv) for lv in (above[:1] + below[-1:])]
    return (f"{thing} starts at column {col + 1}, where nothing above starts: line it up with "
            + " or with ".join(options))


def _level_name(lv: Level) -> str:
    if lv.kind == "mapping":
        return f"'{lv.key}:' (line {lv.line + 1}, column {lv.col + 1})"
    return f"the '- ' items (line {lv.line + 1}, column {lv.col + 1})"


def _key_among_items(src: Source, level: Level, thing: str, text: str) -> str:
    inner = next((lv for lv in src.levels if lv.col > level.col), None)
    belongs = f"indent it to column {inner.col + 1} (like '{inner.key}:')" if inner and inner.key else "indent it"
    return (f"{thing} is a key, but the lines above at this column are list items ('- ', line"
            f" {level.line + 1}): if it belongs to the item above, {belongs}; if it starts a new item,"
            f" write '- {text.strip()}'")


def _after_quote(src: Source) -> Fix | None:
    """Text after a closing quote: ``title: "Phase 2" attack``."""
    quoted = [t for t in src.scalars if t.style in ("'", '"') and t.end_mark.line == src.at[0]]
    if not quoted:
        return None
    start = quoted[-1].start_mark
    key = _key_of(src.line(start.line)[: start.column])
    whole = _strip_comment(src.line(start.line)[start.column:])
    example = f"{key}: {quote(whole)}" if key else quote(whole)
    return src.at[0], src.at[1], f"text after the closing quote: quote the whole value, e.g. {example}"


def _bad_start(src: Source) -> Fix | None:
    """A value starting with a character YAML reserves: ``@``, a backquote, ``*`` (an
    alias), ``&`` (an anchor), ``%``."""
    context = src.exc.context_mark if "alias" in src.problem or "anchor" in src.problem else None
    line, col = (context.line, context.column) if context is not None else src.at
    text = src.line(line)
    char = text[col:col + 1]
    if char not in ("@", "`", "*", "&", "%") or ("cannot start" not in src.problem and context is None):
        return None
    key = _key_of(text[:col])
    value = _strip_comment(text[col:])
    why = {"*": "starts an alias (a reference to an '&' anchor)", "&": "starts an anchor"}.get(
        char, "cannot start a plain value")
    example = f"{key}: {quote(value)}" if key else quote(value)
    return line, col, f"'{char}' {why} in YAML: put the text in quotes, e.g. {example}"


def _key_of(text: str) -> str | None:
    """The key of ``  - key: …`` (or of ``key:`` alone), else None."""
    m = _KEY.match(text)
    return m.group(1).strip() if m else None


def _strip_comment(text: str) -> str:
    return re.sub(r"\s+#.*$", "", text).strip()


def quote(text: str) -> str:
    """``text`` as a YAML quoted scalar: double quotes unless it holds '"' or '\\'."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


_EXPLAINERS: tuple[Callable[[Source], Fix | None], ...] = (
    _tab, _unclosed_quote, _unclosed_bracket, _colon, _block, _bad_start,
)
