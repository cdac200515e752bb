"""Text on charts: scenario text made literal for matplotlib, and long names shortened from
the middle so that rows stay distinct (names of ministries and responses differ at their
end far more often than at their start: "Federal Ministry of Defence and Civil Protection
of Bavaria" and "… of Saxony" must not both become "Federal Ministry of Defence and Civil…").
"""

from collections import defaultdict

ELLIPSIS = "…"
# A cut at word boundaries that keeps less than this share of the limit loses too much
# (one long word): the label is cut between characters instead.
WORDS_KEEP = 0.6


def text(s: str) -> str:
    """Scenario text made literal for matplotlib ($ would start mathtext)."""
    return s.replace("$", r"\$")


def shorten(label: str, limit: int) -> str:
    """``label`` in at most ``limit`` characters: whole words from its start and from its end
    with an ellipsis between (``US-led ceasefire monitoring…mechanism``), or, when its words
    are too long for that, its first and last characters (``first:eu_sanct…authorized``)."""
    if len(label) <= limit:
        return label
    by_words = _by_words(label.split(" "), limit, None)
    if by_words is not None and len(by_words) >= WORDS_KEEP * limit:
        return by_words
    return _by_chars(label, limit)


def distinct(labels: list[str], limit: int) -> list[str]:
    """Each label shortened with ``shorten``; labels that differ but would read the same keep
    the word where they first differ as well (``Federal Ministry…Bavaria…office``)."""
    short = [shorten(s, limit) for s in labels]
    groups: dict[str, set[str]] = defaultdict(set)
    for full, s in zip(labels, short, strict=True):
        groups[s].add(full)
    clashing = {s: sorted(fulls) for s, fulls in groups.items() if len(fulls) > 1}
    if not clashing:
        return short
    return [_around_difference(full, clashing[s], limit) if s in clashing else s
            for full, s in zip(labels, short, strict=True)]


def _by_chars(label: str, limit: int) -> str:
    if limit < 3:
        return label[:limit]
    head = limit // 2
    return label[:head].rstrip() + ELLIPSIS + label[len(label) - (limit - 1 - head):].lstrip()


def _joined(words: list[str], kept: set[int]) -> str:
    """The kept words in order: a space between neighbours, an ellipsis over every gap."""
    out: list[str] = []
    previous = -1
    for i in sorted(kept):
        if out or i > 0:
            out.append(" " if i == previous + 1 else ELLIPSIS)
        out.append(words[i])
        previous = i
    if previous < len(words) - 1:
        out.append(ELLIPSIS)
    return "".join(out).removeprefix(" ")


def _by_words(words: list[str], limit: int, keep: int | None) -> str | None:
    """Words taken alternately from the start and the end (and word ``keep``) while they fit."""
    kept = {keep} if keep is not None else set()
    if kept and len(_joined(words, kept)) > limit:
        return None
    sides = [iter(range(len(words))), iter(range(len(words) - 1, -1, -1))]
    open_sides = [True, True]
    while any(open_sides):
        for side in (0, 1):
            if not open_sides[side]:
                continue
            i = next((j for j in sides[side] if j not in kept), None)
            if i is None or len(_joined(words, kept | {i})) > limit:
                open_sides[side] = False
            else:
                kept.add(i)
    return _joined(words, kept) if kept else None


def _around_difference(label: str, group: list[str], limit: int) -> str:
    """``label`` cut to its start, the word where the ``group`` of labels first differ, and its end."""
    first = next((i for i in range(len(label)) if any(i >= len(g) or g[i] != label[i] for g in group)), len(label))
    words = label.split(" ")
    word = label[:first].count(" ")
    by_words = _by_words(words, limit, min(word, len(words) - 1))
    if by_words is not None:
        return by_words
    part = max(1, (limit - 2) // 3)
    middle = min(max(part, first - part // 2), max(part, len(label) - 2 * part))
    return (label[:part].rstrip() + ELLIPSIS + label[middle:middle + part].strip() + ELLIPSIS
            + label[len(label) - part:].lstrip())
