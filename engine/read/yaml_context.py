"""What the YAML scanner had read before a syntax error: the open block collections (their
columns and latest keys), the open flow brackets, the scalars, and the text's lines. The
explanations in ``yaml_errors`` are drawn from it."""

import re
from dataclasses import dataclass
from typing import Any

import yaml

try:  # the same scanner as the reader's, so that marks agree
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML build
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, as its marks count them


@dataclass
class Level:
    """An open block collection: its column, and its latest key (mappings) and line."""

    kind: str  # "mapping" or "sequence"
    col: int
    line: int
    key: str = ""


class Source:
    """The text around a YAML error, and what the scanner had read up to it."""

    def __init__(self, text: str, exc: yaml.MarkedYAMLError) -> None:
        self.lines = _BREAKS.split(text)
        self.exc = exc
        mark = exc.problem_mark or exc.context_mark
        self.at = (mark.line, mark.column) if mark is not None else (0, 0)
        self.levels: list[Level] = []
        self.flows: list[tuple[str, int, int]] = []  # open '[' or '{': char, line, column
        self.scalars: list[Any] = []  # scalar tokens before the error, in order
        self._read_tokens(text)

    def line(self, n: int) -> str:
        """Line ``n`` (0-based), or "" past the end."""
        return self.lines[n] if 0 <= n < len(self.lines) else ""

    def indent(self, n: int) -> int:
        """The column of line ``n``'s first character that is not a space."""
        text = self.line(n)
        return len(text) - len(text.lstrip(" "))

    @property
    def problem(self) -> str:
        return f"{self.exc.problem or ''} {self.exc.context or ''}"

    def _read_tokens(self, text: str) -> None:
        key_next = False
        try:
            for tok in yaml.scan(text, Loader=_Loader):
                start = (tok.start_mark.line, tok.start_mark.column)
                if start >= self.at:
                    return
                key_next = self._token(tok, key_next)
        except yaml.YAMLError:
            return  # the scanner's own error: everything before it has been read

    def _token(self, tok: Any, key_next: bool) -> bool:
        """Follow one token; returns whether the next scalar is a block mapping's key."""
        line, col = tok.start_mark.line, tok.start_mark.column
        if isinstance(tok, (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken)):
            kind = "mapping" if isinstance(tok, yaml.BlockMappingStartToken) else "sequence"
            self.levels.append(Level(kind, col, line))
        elif isinstance(tok, yaml.BlockEndToken) and self.levels:
            self.levels.pop()
        elif isinstance(tok, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            self.flows.append((_opener(tok), line, col))
        elif isinstance(tok, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and self.flows:
            self.flows.pop()
        elif isinstance(tok, yaml.BlockEntryToken) and self.levels and self.levels[-1].col == col:
            self.levels[-1].line = line
        elif isinstance(tok, yaml.KeyToken):
            return not self.flows and bool(self.levels) and self.levels[-1].kind == "mapping"
        elif isinstance(tok, yaml.ScalarToken):
            self.scalars.append(tok)
            if key_next:
                self.levels[-1].key, self.levels[-1].line = tok.value, line
        return False


def _opener(tok: Any) -> str:
    return "[" if isinstance(tok, yaml.FlowSequenceStartToken) else "{"
