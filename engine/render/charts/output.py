"""Writing charts: each figure is built once and written as PNG (without software or date
metadata) and as SVG (byte-identical for identical input) from that one figure; the PNGs
in child processes beside this one where the platform allows."""

import io
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from engine.render.beside import Beside

# A fixed hash salt makes matplotlib's clip-path and glyph ids stable between runs; text stays
# <text> (no glyph outlines), so a page's search finds it and the file stays small.
# Glyphs are not hinted: a quarter of the time of drawing a PNG's text with matplotlib 3.11's
# default hinting, and at 100–110 dpi they look the same.
SVG_RC: dict[str, Any] = {"svg.hashsalt": "accord", "svg.fonttype": "none", "text.hinting": "no_hinting"}
# Path coordinates are in points with six decimals; two (1/7200 inch) draw the same and
# halve the size of a chart with long lines (an ECDF of many runs).
_PATH_DATA = re.compile(r' d="[^"]*"')
_DECIMALS = re.compile(r"(\.\d\d)\d+")


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def svg_text(fig: Figure) -> str:
    """The figure as SVG text; draw it inside ``mpl.rc_context(SVG_RC)`` so its ids are stable.

    No date and no creator (matplotlib's version), so the bytes change only when the drawing does.
    """
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", dpi=72, metadata={"Date": None, "Creator": None})
    return _PATH_DATA.sub(lambda m: _DECIMALS.sub(r"\1", m.group(0)), buf.getvalue().decode("utf-8"))


class Drawing:
    """Figures being written: each PNG in a child process beside this one (``render.beside``),
    each SVG here at once (a page that inlines it needs it first), so that the caller renders
    its text files while the PNGs are drawn. Figures are built once, inside SVG_RC and ``rc``.
    """

    def __init__(self, build: Callable[[], dict[str, Figure]], *, png_dpi: int = 100, png: bool = True,
                 svg: bool = True, rc: Mapping[str, Any] | None = None) -> None:
        settings: dict[str, Any] = {**SVG_RC, **(rc or {})}
        with mpl.rc_context(settings):  # type: ignore[arg-type]  # typed as a Literal-keyed dict; ours are valid keys
            figures = build()
            self.names = list(figures)
            self._pngs = {name: Beside(partial(_png, fig, png_dpi, settings)) for name, fig in figures.items()} \
                if png else {}
            self.svgs: dict[str, str] = {name: svg_text(fig) for name, fig in figures.items()} if svg else {}

    def pngs(self) -> dict[str, bytes]:
        """PNG bytes by figure name (waits for the children)."""
        return {name: job.result() for name, job in self._pngs.items()}


def _png(fig: Figure, dpi: int, settings: dict[str, Any]) -> bytes:
    with mpl.rc_context(settings):  # type: ignore[arg-type]  # as above; also when run in this process later
        return png_bytes(fig, dpi)
