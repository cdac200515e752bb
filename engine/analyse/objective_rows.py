"""Which columns of a comparison hold the same objective, so that a row pairs only like with like.

A scenario defines its objectives and names them by an id of its own: ``OBJ-5`` in one
scenario may be another objective altogether in the next. Two columns' objectives of one
id are the same objective only when their definitions are equal: the id, the title, the
event expected, the event that starts the clock, the deadline and the contingency actions
(``DEFINITION``; the description, capability and source only describe it). Variants of one
scenario share its objectives unless a variant's overrides change one; the same rule applies.

An id whose columns all hold one definition is one row, as before. An id with several
definitions is one row per definition, labelled with the first column that holds it
(``OBJ-5 (slow_parliament)``), with values only in the columns that hold it: no difference
is taken between two definitions. Response and event milestones come from the shared rule
packs and are the same thing in every column.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from engine.check.world import World

DEFINITION = {"id", "title", "expect", "after", "within", "else_"}


class _HasWorld(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def world(self) -> World: ...


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective row: the objective's id, its title, the columns holding this definition,
    and ``label`` (the first such column's id) when the id has several definitions, else None."""

    id: str
    title: str | None
    columns: tuple[str, ...]
    label: str | None

    @property
    def name(self) -> str:
        """``OBJ-5`` or, with several definitions, ``OBJ-5 (slow_parliament)``."""
        return self.id if self.label is None else f"{self.id} ({self.label})"


def objective_rows(cols: Sequence[_HasWorld]) -> list[ObjectiveRow]:
    """The objective rows in first-seen order, each id's definitions in column order."""
    found: dict[str, dict[str, list[str]]] = {}  # id -> definition key -> column ids
    titles: dict[tuple[str, str], str | None] = {}
    for c in cols:
        for o in c.world.objectives:
            key = definition_key(o.model)
            found.setdefault(o.id, {}).setdefault(key, []).append(c.id)
            titles.setdefault((o.id, key), o.model.title)
    return [ObjectiveRow(oid, titles[oid, key], tuple(held), held[0] if len(defs) > 1 else None)
            for oid, defs in found.items() for key, held in defs.items()]


def definition_key(model: Any) -> str:
    """What makes two objectives the same objective, as a canonical string (JSON of ``DEFINITION``)."""
    return json.dumps(model.model_dump(include=DEFINITION, mode="json"), sort_keys=True, default=str)
