"""What every accord HTML page shares: the jinja2 environment, the page layout and stylesheet.

Pages extend ``page.html`` (blocks ``title``, ``style`` for page-specific rules, ``body``).
Autoescaping is on: every text that comes from scenario or pack files is escaped; only SVG
charts written by matplotlib (which escapes its own text) are inserted as markup, through
``inline_svg``. No script and no external resource: a page opens offline, from a file.
"""

import re

import jinja2
from markupsafe import Markup

from engine.read.durations import format_hours
from engine.simulate.timefmt import t_plus

PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="accord">
<title>{% block title %}{% endblock %}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #3b75af; padding-bottom: .2rem;
     margin-top: 2.2rem; } h3 { margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: 12.5px; }
th, td { border: 1px solid #cfd6de; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eef2f7; } tr:nth-child(even) td { background: #fafbfc; }
.muted { color: #666; } .chart { width: 100%; height: auto; }
{% block style %}{% endblock %}
@media print { body { max-width: none; font-size: 11px; } h2 { break-before: page; } nav { display: none; }
  table, figure, ol.chain { break-inside: auto; } tr { break-inside: avoid; } }
</style>
</head>
<body>
{% block body %}{% endblock %}
</body>
</html>
"""

ENV = jinja2.Environment(loader=jinja2.DictLoader({"page.html": PAGE}), autoescape=True,
                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.filters["tplus"] = t_plus
ENV.filters["hours"] = lambda h: "—" if h is None else format_hours(h)


def render_page(template: str, **context: object) -> str:
    """A page from a template that extends ``page.html``, with one trailing newline."""
    return ENV.from_string(template).render(**context).rstrip() + "\n"


def inline_svg(svg: str | None, label: str) -> Markup | None:
    """A chart's SVG element, without the XML prolog, scaled to the page width."""
    if svg is None:
        return None
    body = svg[svg.index("<svg"):]
    body = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', body, count=1)
    body = body.replace("<svg", f'<svg role="img" aria-label="{Markup.escape(label)}" class="chart"', 1)
    return Markup(body)  # matplotlib's own SVG; it escapes the text it draws
