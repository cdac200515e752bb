"""``events.csv``: one row per event, for analysts (spreadsheets, pandas).

Columns: seq, t (hours since T+0), at (UTC instant), type, by, source, cause, payload (JSON).
UTF-8 with a byte-order mark so spreadsheet programs pick the right encoding; CRLF line ends
as RFC 4180 asks.
"""

import csv
import io
import json

from engine.render.cells import safe_row
from engine.simulate.record import RunResult, hours

HEADER = ("seq", "t", "at", "type", "by", "source", "cause", "payload")
BOM = "\ufeff"


def render_events_csv(result: RunResult) -> str:
    """The CSV text (starting with a BOM)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(safe_row(HEADER))
    for e in result.events:
        payload = json.dumps(e.payload, ensure_ascii=False)
        w.writerow(safe_row([e.seq, hours(e.t), result.instant(e.t), e.type, e.by or "", e.source,
                             "" if e.cause is None else e.cause, payload]))
    return BOM + buf.getvalue()
