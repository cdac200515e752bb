"""Forecasts asked for during a session (``forecast [N]`` in ``accord play``, or forecasts on
with ``--forecasts N``: before and after every decision the facilitator takes).

The forecast starts from the journal as it stands on disk (so exactly from what the players
have seen), plays on a local pool, and is journaled as a ``forecast`` entry (its summary:
each objective's met count from now) after the commands it follows: the after-action report
pairs these with the decisions (``decision_odds``), and a replay skips them.
"""

import os
from collections.abc import Callable
from typing import Any

from engine.analyse.aar import DecisionOdds
from engine.facilitate import journal as jl
from engine.facilitate.forecast import Point
from engine.facilitate.forecast_doc import document
from engine.facilitate.forecast_run import forecast_outcome
from engine.render.percent import interval_pct, share_pct


def live_forecaster(journal: jl.Journal, workers: int, start: str | None = None) -> Callable[[int], list[str]]:
    """The session's forecaster: ``runs`` → the lines to show; each forecast is journaled.
    ``start``: how its worker processes start (``spawn`` in ``accord serve``, whose threads a
    fork would copy mid-lock)."""

    def forecaster(runs: int) -> list[str]:
        loaded = jl.load(journal.path)
        head = loaded.header
        point = Point(os.path.abspath(journal.path), head["scenario"], head.get("variant"), int(head["seed"]),
                      bool(head.get("nominal")), tuple(loaded.entries))
        doc = document(forecast_outcome(point, runs, point.seed, workers, start))
        journal.record_forecast(summary(doc, len(loaded.entries)), doc["at_h"])
        return lines(doc)

    return forecaster


def summary(doc: dict[str, Any], after: int) -> dict[str, Any]:
    """What the journal keeps of a forecast (``journal_fields._odds``)."""
    return {"runs": doc["runs"], "seed": doc["seed"], "waiting": doc["waiting"], "after": after,
            "objectives": {o["objective"]: {"met": o["now"]["met"], "runs": o["now"]["runs"]}
                           for o in doc["objectives"]}}


def lines(doc: dict[str, Any]) -> list[str]:
    """The forecast in a few lines for the facilitator's screen."""
    out = [f"forecast from {doc['at']} ({doc['runs']:,} runs): objective met now (from the start)"]
    out += [f"  {o['objective']}: {_pct(o['now'])} ({_pct(o['start'])})" + ("" if o["open"] else f", {o['at_branch']}")
            for o in doc["objectives"]]
    nxt = doc["next_decision"]
    if nxt is not None:
        out.append(f"  next decision {nxt['decision']}" + (" (waiting)" if nxt["waiting"] else "") + ": " + "; ".join(
            f"{o['option']} " + ", ".join(f"{k} {_pct(r)}" for k, r in o["objectives"].items())
            for o in nxt["options"]))
    return out


def _pct(r: dict[str, Any]) -> str:
    return f"{share_pct(r['rate'])} [{interval_pct(r['low'], r['high'])}]"


def decision_odds(loaded: jl.Loaded) -> list[DecisionOdds]:
    """For each decision the facilitator took and did not take back (a ``decide`` line that no
    ``undo`` undid), the forecast journaled just before it (with that decision waiting, from
    the same session: the actions then in effect are those in effect before it) and just after
    it (once the command it came up in was done), when there were such forecasts."""
    in_effect = actions_in_effect([e.command for e in loaded.entries])
    kept = set(in_effect[-1])
    out = []
    for k, entry in enumerate(loaded.entries):
        words = entry.command.split()
        if len(words) != 3 or words[0] != "decide" or k not in kept:
            continue
        before = [f for f in loaded.forecasts
                  if f.after <= k and f.waiting == words[1] and in_effect[f.after] == in_effect[k]]
        after = [f for f in loaded.forecasts if f.after > k and in_effect[f.after] == in_effect[k + 1]]
        out.append(DecisionOdds(words[1], words[2], entry.t, _odds(before[-1]) if before else None,
                                _odds(after[0]) if after else None))
    return out


def actions_in_effect(commands: list[str]) -> list[tuple[int, ...]]:
    """After each prefix of a journal's ``commands`` (``[n]``: after the first n), the indexes
    of the undoable actions still in effect: an ``undo`` takes back the last one, as the
    session does (``session.UNDOABLE``). Two prefixes with the same actions in effect are the
    same session state."""
    from engine.facilitate.session import UNDOABLE  # noqa: PLC0415 - the session's rule, loaded with it

    done: list[int] = []
    out: list[tuple[int, ...]] = [()]
    for i, command in enumerate(commands):
        verb = command.split()[0] if command.split() else ""
        if verb == "undo" and done:
            done.pop()
        elif verb in UNDOABLE:
            done.append(i)
        out.append(tuple(done))
    return out


def _odds(note: jl.ForecastNote) -> dict[str, tuple[int, int]]:
    return dict(note.objectives)


