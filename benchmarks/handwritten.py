"""The benchmark scenario written by hand in idiomatic SimPy: the yardstick for accord's overhead.

The same work as ``bench_scenario.yaml`` played by accord: 20 incidents; each with level ≥ 1
schedules a report after uniform(1h, 3h); each with level ≥ 2 starts its zone's response
unless it is active (and counts an incident); six participants run two procedure steps
(uniform, pert with a 97% approval) then a triangular deployment; a response completes
when all (odd) or 4 (even) have contributed, fails when it no longer can; a completion
schedules a debrief after 1 h; 8 incidents turn the alert red once. Every event is recorded
(time, type, by, payload, source, cause), as a record-keeping model would.
"""

import random

import simpy

ACTORS = [f"n{i}" for i in range(6)]
STEPS = {a: (("uniform", (2.0 + i, 6.0 + i)), ("pert", (6.0, 12.0 + i, 72.0))) for i, a in enumerate(ACTORS)}


def _pert(rng: random.Random, low: float, mode: float, high: float) -> float:
    alpha = 1 + 4 * (mode - low) / (high - low)
    beta = 1 + 4 * (high - mode) / (high - low)
    return low + rng.betavariate(alpha, beta) * (high - low)


class Model:
    """One replication."""

    def __init__(self, seed: int) -> None:
        self.env = simpy.Environment()
        self.rng = random.Random(seed)
        self.events: list[tuple[float, str, str | None, dict[str, object], str, int | None]] = []
        self.status = {f"r{k}": "idle" for k in range(10)}
        self.incidents = 0
        self.alert = "green"

    def record(self, etype: str, by: str | None = None, payload: dict[str, object] | None = None,
               source: str = "", cause: int | None = None) -> int:
        self.events.append((self.env.now, etype, by, payload or {}, source, cause))
        return len(self.events)

    def inject(self, day: int, zone: str, level: int) -> object:
        yield self.env.timeout(day * 24.0)
        seq = self.record("incident", None, {"zone": zone, "level": level}, f"inject:I-{day}")
        k = zone[1:]
        if level >= 2 and self.status[f"r{k}"] != "active":
            self.env.process(self.response(int(k), seq))
            self.incidents += 1
            if self.incidents >= 8 and self.alert != "red":
                self.alert = "red"
        if level >= 1:
            self.env.process(self.later(self.rng.uniform(1.0, 3.0), "report", {"zone": zone}, seq))

    def later(self, delay: float, etype: str, payload: dict[str, object], cause: int) -> object:
        yield self.env.timeout(delay)
        self.record(etype, None, payload, "rule", cause)

    def response(self, k: int, cause: int) -> object:
        name = f"r{k}"
        self.status[name] = "active"
        started = self.record(f"{name}.started", None, {}, "rule:R-start", cause)
        need = 6 if k % 2 else 4
        tally = {"done": 0, "declined": 0}
        outcome = self.env.event()
        for actor in ACTORS:
            self.env.process(self.participant(name, actor, started, tally, need, outcome))
        seq = yield outcome
        self.record(f"{name}.{self.status[name]}", None, {}, f"response:{name}", seq)
        if self.status[name] == "completed":
            self.env.process(self.later(1.0, "debrief", {}, seq))

    def participant(self, name: str, actor: str, cause: int, tally: dict[str, int], need: int,
                    outcome: simpy.Event) -> object:
        for kind, params in STEPS[actor]:
            d = self.rng.uniform(*params) if kind == "uniform" else _pert(self.rng, *params)
            approved = kind != "pert" or self.rng.random() < 0.97
            yield self.env.timeout(d)
            if not approved:
                seq = self.record(f"{name}.declined", actor, {}, f"response:{name}", cause)
                tally["declined"] += 1
                if tally["done"] + (6 - tally["done"] - tally["declined"]) < need and not outcome.triggered:
                    self.status[name] = "failed"
                    outcome.succeed(seq)
                return
        seq = self.record(f"{name}.authorized", actor, {}, f"response:{name}", cause)
        yield self.env.timeout(self.rng.triangular(12.0, 72.0, 24.0))
        seq = self.record(f"{name}.contributed", actor, {}, f"response:{name}", seq)
        tally["done"] += 1
        if tally["done"] >= need and not outcome.triggered:
            self.status[name] = "completed"
            outcome.succeed(seq)

    def run(self) -> int:
        for j in range(20):
            self.env.process(self.inject(j, f"z{j % 10}", 2 if j < 10 else 1))
        self.env.run(until=40 * 24.0)
        return len(self.events)


def play(seed: int) -> int:
    """Play one replication; return the number of events."""
    return Model(seed).run()


def chain(events: int) -> int:
    """The lean event chain of ``generate.py chain`` in SimPy: one process yields a timeout an
    hour (3,600 ticks) per event and records each (time, type, by, payload, source, cause)."""
    env = simpy.Environment()
    recorded: list[tuple[float, str, str | None, dict[str, object], str, int | None]] = []

    def ticks() -> object:
        while True:
            recorded.append((env.now / 3600, "tick", None, {}, "rule:R-tick", len(recorded) or None))
            yield env.timeout(3600)

    env.process(ticks())
    env.run(until=(events - 1) * 3600 + 1)
    return len(recorded)
