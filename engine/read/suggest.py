"""'Did you mean …' hints for misspelt names in packs, scenarios and expressions."""

from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest candidate, or ``""`` if none is close."""
    pool = sorted(set(candidates))
    # Swapped letters are the commonest typo; difflib scores them no better than others.
    swapped = [c for c in pool if sorted(c) == sorted(name) and c != name]
    if swapped:
        return suggestion(swapped[0])
    import difflib  # noqa: PLC0415 - loaded only when a name is misspelt, not at every start-up

    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return suggestion(close[0]) if close else ""


def suggestion(candidate: str) -> str:
    """`` (did you mean 'x'?)``: how every "did you mean" hint reads."""
    return f" (did you mean '{candidate}'?)"


def unknown(what: str, name: str, candidates: Iterable[str]) -> str:
    """``unknown actor 'germny' (did you mean 'germany'?)``."""
    return f"unknown {what} '{name}'{did_you_mean(name, candidates)}"


def not_a_field(name: str, event: str, fields: Iterable[str]) -> str:
    """``'sevrity' is not a field of event 'x' (did you mean …?) (fields: a, b)``."""
    names = list(fields)
    listed = ", ".join(names) or "none"
    return f"'{name}' is not a field of event '{event}'{did_you_mean(name, names)} (fields: {listed})"
