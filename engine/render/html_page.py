"""What every accord HTML page shares: the jinja2 environment, the page layout and stylesheet.

Templates live in ``templates/`` (package data). Pages extend ``page.html.j2`` (blocks
``title``, ``style`` for page-specific rules, ``body``).
Autoescaping is on: every text that comes from scenario or pack files is escaped; only SVG
charts written by matplotlib (which escapes its own text) are inserted as markup, through
``inline_svg``. No script and no external resource: a page opens offline, from a file.
"""

import os
import re

import jinja2
from markupsafe import Markup, escape

from engine.read.durations import format_hours
from engine.render.md import Lines
from engine.simulate.timefmt import t_plus

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")
ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.filters["tplus"] = t_plus
ENV.filters["hours"] = lambda h: "—" if h is None else format_hours(h)


def breaks(text: object) -> Markup:
    """A text typed by a person (a facilitator's message or note, an evaluator's observation),
    escaped, its line breaks kept as ``<br>``."""
    return Markup("<br>").join(escape(line) for line in str(text).split("\n"))


ENV.filters["breaks"] = breaks
ENV.filters["lines"] = lambda c: breaks(c) if isinstance(c, Lines) else c  # an MSEL cell: only a Lines's


def render_page(template: str, **context: object) -> str:
    """A page from a template of ``templates/`` (``report.html.j2``) that extends ``page.html.j2``,
    with one trailing newline."""
    return ENV.get_template(template).render(**context).rstrip() + "\n"


def inline_svg(svg: str | None, label: str) -> Markup | None:
    """A chart's SVG element, without the XML prolog, scaled to the page width."""
    if svg is None:
        return None
    body = svg[svg.index("<svg"):]
    body = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', body, count=1)
    body = body.replace("<svg", f'<svg role="img" aria-label="{Markup.escape(label)}" class="chart"', 1)
    return Markup(body)  # matplotlib's own SVG; it escapes the text it draws
