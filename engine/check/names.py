"""What an id may look like, stated as a rule with an example, and what is wrong with one
that breaks it (SPEC §1 "Ids"): messages only; the patterns live with the checks.

- snake_case (actors, groups, procedures, responses, decisions, authorities, payload
  fields): a lowercase letter, then lowercase letters, digits or ``_``;
- dotted snake_case (state variables, event types): snake_case words joined by ``.``;
- labels (rules, injects, objectives, variants): a letter or digit, then letters, digits,
  ``-``, ``_`` or ``.``.
"""

import re

_SNAKE_RULE = "a lowercase letter, then lowercase letters, digits or '_'"
_DOTTED_RULE = "snake_case words (a lowercase letter, then lowercase letters, digits or '_') joined by '.'"
_LABEL_RULE = "start with a letter or digit, then use letters, digits, '-', '_' or '.'"


def snake_case(what: str, name: str, example: str = "bravo_parliament") -> str:
    """``actor id 'Bravo' must be snake_case: … (e.g. 'bravo_parliament'): no capitals``."""
    return f"{what} '{name}' must be snake_case: {_SNAKE_RULE} (e.g. '{example}'){_snake_problem(name)}"


def dotted_snake_case(what: str, name: str) -> str:
    """``event type id 'Attack.major' must be dotted snake_case: … (e.g. 'treaty.in_force')``."""
    words = name.split(".")
    problem = next(filter(None, (_snake_problem(w, whole=name) for w in words)), "")
    return f"{what} '{name}' must be dotted snake_case: {_DOTTED_RULE} (e.g. 'treaty.in_force'){problem}"


def label(what: str, ident: str) -> str:
    """``rule id '-R1' must start with a letter or digit, …: '-' cannot come first``."""
    if not ident:
        problem = ": it is empty"
    elif not ident[0].isascii() or not ident[0].isalnum():
        problem = f": {ident[0]!r} cannot come first"
    else:
        bad = next((c for c in ident if not (c.isascii() and (c.isalnum() or c in "-_."))), None)
        problem = f": {bad!r} is not allowed" if bad is not None else ""
    return f"{what} '{ident}' must {_LABEL_RULE} (e.g. 'R-07', 'I-3.1'){problem}"


def _snake_problem(word: str, whole: str | None = None) -> str:
    """The first way ``word`` breaks snake_case, as ``: …``; "" if it does not."""
    if re.fullmatch(r"[a-z][a-z0-9_]*", word):
        return ""
    if not word:
        return f": '{whole}' has an empty part between dots" if whole is not None else ": it is empty"
    if any(c.isupper() for c in word):
        return ": no capitals"
    if "-" in word:
        return ": use '_' instead of '-'"
    if not word[0].isalpha():
        return f": {word[0]!r} cannot come first"
    bad = next(c for c in word if not (c.isascii() and (c.islower() or c.isdigit() or c == "_")))
    return f": {bad!r} is not allowed"
