"""Writing charts: each figure is built once and written as PNG (without software or date
metadata) and as SVG (byte-identical for identical input) from that one figure."""

import io
import re
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# A fixed hash salt makes matplotlib's clip-path and glyph ids stable between runs; text stays
# <text> (no glyph outlines), so a page's search finds it and the file stays small.
SVG_RC: dict[str, Any] = {"svg.hashsalt": "accord", "svg.fonttype": "none"}
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


def drawn(build: Callable[[], Figure], *, png_dpi: int = 100, png: bool = True, svg: bool = True,
          rc: Mapping[str, Any] | None = None) -> tuple[bytes, str]:
    """One figure built and written inside SVG_RC (and ``rc``): PNG bytes and SVG text, each
    empty when not wanted."""
    settings: dict[str, Any] = {**SVG_RC, **(rc or {})}
    with mpl.rc_context(settings):  # type: ignore[arg-type]  # typed as a Literal-keyed dict; ours are valid keys
        fig = build()
        return (png_bytes(fig, png_dpi) if png else b""), (svg_text(fig) if svg else "")


def png_and_svg(build: Callable[[], dict[str, Figure]]) -> tuple[dict[str, bytes], dict[str, str]]:
    """Figures built and saved inside ``SVG_RC``: PNG bytes by file name (``name.png``), SVG text by name."""
    with mpl.rc_context(SVG_RC):  # type: ignore[arg-type]  # as above
        figures = build()
        return ({f"{name}.png": png_bytes(fig) for name, fig in figures.items()},
                {name: svg_text(fig) for name, fig in figures.items()})
