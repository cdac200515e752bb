"""``events.csv``: one row per event, for analysts (spreadsheets, pandas).

Columns: seq, t (hours since T+0), at (UTC instant), type, by, source, cause, payload (JSON).
In accord's one CSV dialect (``render/csv_file.py``: UTF-8 with a BOM, CRLF).
"""

import itertools
import json
from collections.abc import Iterator

from engine.render.csv_file import csv_text
from engine.simulate.record import RunResult, hours

HEADER = ("seq", "t", "at", "type", "by", "source", "cause", "payload")


def render_events_csv(result: RunResult) -> str:
    """The CSV text (starting with a BOM)."""
    return csv_text(itertools.chain([HEADER], _rows(result)))


def _rows(result: RunResult) -> Iterator[list[object]]:
    for e in result.events:
        payload = json.dumps(e.payload, ensure_ascii=False)
        yield [e.seq, hours(e.t), result.instant(e.t), e.type, e.by or "", e.source,
               "" if e.cause is None else e.cause, payload]
