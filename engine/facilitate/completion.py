"""Tab completion of facilitator commands at the terminal (readline): commands, decisions
and their options, event types and their fields, held injects, objectives and ratings, and
what ``status`` may show."""

from engine.check.world import World
from engine.facilitate.commands import RATINGS, VERBS, injectable_events, status_topics


def candidates(world: World, words: list[str]) -> list[str]:
    """What may come next after ``words`` (the last one being typed, possibly empty)."""
    if len(words) <= 1:
        return list(VERBS)
    verb, done = words[0], words[1:-1]
    if verb == "decide":
        if not done:
            return list(world.decisions)
        d = world.decisions.get(done[0])
        return list(d.options) if d and len(done) == 1 else []
    if verb == "inject":
        if not done:
            return injectable_events(world)
        fields = world.event_fields.get(done[0], {})
        return [f"{f}=" for f in fields] + [f"by={a}" for a in world.actors]
    if verb == "status":
        return status_topics(world) if not done else []
    if verb == "release":
        return list(world.held) if not done else []
    if verb == "rate":
        if not done:
            return [o.id for o in world.objectives]
        return list(RATINGS) if len(done) == 1 else []
    return []


def install(world: World) -> None:
    """Bind Tab to completion for this world (no-op without readline)."""
    try:
        import readline  # noqa: PLC0415 - not available everywhere
    except ImportError:
        return
    matches: list[str] = []

    def complete(text: str, state: int) -> str | None:
        nonlocal matches
        if state == 0:
            buffer = readline.get_line_buffer()
            words = buffer.split(" ")
            matches = [c + ("" if c.endswith("=") else " ") for c in candidates(world, words) if c.startswith(text)]
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
