"""Colours of variants, the same in every chart: a variant's colour follows its place among
the scenario's declared variants (the base first), not its place in one chart, so
``eu_veto`` is drawn in one colour in the ECDF, the box plot and the comparison charts,
whichever variants were chosen and whichever reached a milestone."""

from collections.abc import Sequence

# matplotlib's "tab10": ten colours that stay distinct for most kinds of colour vision.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
# Lines of the eleventh variant and later repeat a colour, so they also change dash.
DASHES = ("solid", "dashed", "dotted", "dashdot")


def variant_colours(shown: Sequence[str | None], declared: Sequence[str | None]) -> dict[str | None, str]:
    """The colour of each ``shown`` variant (None = the base): by its index in ``declared``
    (the base, then the scenario's variants in file order); variants not declared follow."""
    return {v: PALETTE[i % len(PALETTE)] for v, i in _places(shown, declared).items()}


def variant_dashes(shown: Sequence[str | None], declared: Sequence[str | None]) -> dict[str | None, str]:
    """The line style of each ``shown`` variant: solid for the first ten declared, then others."""
    return {v: DASHES[(i // len(PALETTE)) % len(DASHES)] for v, i in _places(shown, declared).items()}


def _places(shown: Sequence[str | None], declared: Sequence[str | None]) -> dict[str | None, int]:
    place = {v: i for i, v in enumerate(declared)}
    extra = [v for v in shown if v not in place]
    place.update({v: len(declared) + i for i, v in enumerate(extra)})
    return {v: place[v] for v in shown}
