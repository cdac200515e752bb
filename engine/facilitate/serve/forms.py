"""The console's forms turned into command lines of ``accord play``: one command language for
the terminal and the browser, so both journal the same lines and a session played either way
gives the same results.

The facilitator's forms may say anything a facilitator may type (the token is the
authority); an evaluator's form only ever makes an ``observe`` line, its objective, inject
and response checked against the World before the line is built, so no field can smuggle in
another command.
"""

import shlex
from collections.abc import Callable, Mapping

from engine.check.world import World
from engine.facilitate.commands import text_line


class FormError(ValueError):
    """A form that does not make a command (the message says what is missing)."""


def one_line(text: str) -> str:
    """Text from a one-line field as one journal line: runs of blanks become one space."""
    return " ".join(text.split())


def text_box(text: str) -> str:
    """Text from a text area (what the players are told, a note, an observation) with its
    line breaks kept, written for a command line (``commands.text_line``: a break is
    ``\\n``): CRLF (what a browser sends) and CR made line breaks, runs of blanks in a line
    made one space, blank lines at either end dropped."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return text_line("\n".join(lines).strip("\n"))


def facilitator_line(form: Mapping[str, str], world: World) -> str:
    """The command line of a facilitator's form (its ``do`` field names the control)."""
    do = form.get("do", "")
    simple = {"next": "next", "undo": "undo"}
    if do in simple:
        return simple[do]
    builders = {"advance": _advance, "decide": _decide, "inject": _inject, "say": _text("say"),
                "note": _text("note"), "rate": _rate, "end": _end, "release": _release, "line": _line}
    if do not in builders:
        raise FormError(f"unknown control '{do}'")
    return builders[do](form, world)


def evaluator_line(form: Mapping[str, str], world: World) -> str:
    """The ``observe`` line of an evaluator's form."""
    objective = _field(form, "objective")
    if objective not in {o.id for o in world.objectives}:
        raise FormError(f"unknown objective '{objective}'")
    rating = form.get("rating") or "-"
    if rating not in ("P", "S", "M", "U", "-"):
        raise FormError(f"rating '{rating}' must be P, S, M, U or - (none)")
    about = []
    injects = {i.id for i in world.injects} | set(world.held)
    for key, known in (("inject", injects), ("response", set(world.responses))):
        value = form.get(key, "")
        if value and value not in known:
            raise FormError(f"unknown {key} '{value}'")
        about += [f"{key}={value}"] if value else []
    return " ".join(["observe", objective, rating, *about, _field(form, "text", text_box)])


def _field(form: Mapping[str, str], name: str, clean: Callable[[str], str] = one_line) -> str:
    value = clean(form.get(name, ""))
    if not value:
        raise FormError(f"'{name}' is empty")
    return value


def _advance(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    return f"advance {_field(form, 'to')}"


def _decide(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    return f"decide {_field(form, 'decision')} {_field(form, 'option')}"


def _inject(form: Mapping[str, str], world: World) -> str:
    event = _field(form, "event")
    fields = world.event_fields.get(event, {})
    pairs = [f"{name}={shlex.quote(one_line(form[f'field.{name}']))}" for name in fields
             if one_line(form.get(f"field.{name}", ""))]
    by = one_line(form.get("by", ""))
    return " ".join(["inject", event, *pairs, *([f"by={by}"] if by else [])])


def _text(verb: str) -> Callable[[Mapping[str, str], World], str]:
    """The builder of a control whose only field is a text: ``say`` and ``note``."""

    def build(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
        return f"{verb} {_field(form, 'text', text_box)}"

    return build


def _rate(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    comment = one_line(form.get("comment", ""))
    return " ".join(["rate", _field(form, "objective"), _field(form, "rating"), *([comment] if comment else [])])


def _end(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    if form.get("confirm") != "yes":
        raise FormError("tick the box to confirm the end of the exercise")
    return "end"


def _release(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    return f"release {_field(form, 'inject')}"


def _line(form: Mapping[str, str], world: World) -> str:  # noqa: ARG001 - builders share one signature
    return _field(form, "line")
