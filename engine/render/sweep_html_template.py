"""The jinja2 template of ``sweep.html`` (a string, so it ships inside the package)."""

TEMPLATE = r"""{% extends "page.html" %}
{% block title %}Sweep: {{ doc.title or doc.scenario }}{% endblock %}
{% block style %}
body { max-width: 1400px; }
td.num, th.num, .dist td:nth-child(n+2), .dist th:nth-child(n+2) { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.key { font-weight: 600; } .wide { overflow-x: auto; } summary { cursor: pointer; margin: .4rem 0; }
figure { margin: 1rem 0 1.6rem; } #charts .chart { max-width: 880px; display: block; } nav ol { columns: 2; } code { font-size: 12px; }
{% endblock %}
{% macro milestone_table(rows) %}
<div class="wide"><table class="dist">
<tr><th>Milestone</th><th>Reached</th>{% for s in stats %}<th>{{ s }}</th>{% endfor %}</tr>
{% for m in rows %}
<tr><td><code>{{ m.name }}</code>{% if m.title %}<br><span class="muted">{{ m.title }}</span>{% endif %}</td><td>{{ m.reached }}</td>{% for c in m.cells %}<td>{{ c }}</td>{% endfor %}</tr>
{% endfor %}
</table></div>
{% endmacro %}
{% block body %}
<header>
<h1 id="title">Sweep: {{ doc.title or doc.scenario }}</h1>
<p class="muted">Scenario <code>{{ doc.scenario }}</code>; {{ runs }} sampled runs per variant, base seed {{ doc.seed }}.
Times are from T+0 (d days, h hours, m minutes). Percentiles are among the runs that reached the milestone, to
±{{ resolution }} h; sensitivity uses the first {{ sample }} runs.</p>
</header>
<nav><ol>
<li><a href="#charts">Charts</a></li>
{% for v in variants %}<li><a href="#{{ v.anchor }}">{{ v.name }}</a>{% if v.title %}: {{ v.title }}{% endif %}</li>
{% endfor %}
</ol></nav>

<section id="charts">
<h2>Charts</h2>
{% for name, caption, svg in charts %}
<figure id="chart-{{ name }}">{{ svg }}<figcaption class="muted"><strong>{{ caption }}.</strong>
{% if name == "ecdf" %}How to read: one panel per key milestone, one line per variant; a line's height at a day is the
share of runs that had reached the milestone by then. Further left is sooner; a line that stays below 100% means some
runs never reached it.
{% elif name == "box" %}How to read: the box spans p25–p75 with the median inside, the whiskers p5–p95; the % is the share
of runs that reached the milestone (the percentiles are among those runs).
{% else %}How to read: drivers of the base's key milestones. Each bar is Spearman's ρ between a factor (a step's or phase's
duration, a participant's approval, a decision option taken) and the milestone's time: red (ρ &gt; 0) goes with a later
milestone, blue (ρ &lt; 0) with an earlier one, and the longer the bar the stronger the link. A milestone not reached
counts as the horizon, so an approval that blocks it shows as a long blue bar.
{% endif %}</figcaption></figure>
{% else %}<p class="muted">{% if drawn %}No key milestone to chart.{% else %}Charts not drawn (<code>--no-charts</code>).{% endif %}</p>
{% endfor %}
</section>
{% for v in variants %}

<section id="{{ v.anchor }}" class="variant">
<h2>{{ v.name }}{% if v.title %}: {{ v.title }}{% endif %}</h2>
<h3>Key milestones</h3>
{% if v.key %}{{ milestone_table(v.key) }}{% else %}<p class="muted">No key milestone was reached in any run.</p>
{% endif %}
<details><summary>All {{ v.reached|length }} milestones reached in at least one run</summary>
{{ milestone_table(v.reached) }}
</details>
{% if v.never %}<details><summary>{{ v.never|length }} milestones never reached</summary>
<p class="muted">{% for n in v.never %}<code>{{ n }}</code>{% if not loop.last %}, {% endif %}{% endfor %}.</p>
</details>
{% endif %}
<h3>Objectives</h3>
{% if v.objectives %}<table>
<tr><th>Objective</th><th>Title</th><th class="num">Met</th><th class="num">Missed</th><th class="num">Open</th><th class="num">Not started</th><th class="num">Met rate</th></tr>
{% for o in v.objectives %}
<tr><td>{{ o.id }}</td><td>{{ o.title }}</td>{% for c in o.counts %}<td class="num">{{ c }}</td>{% endfor %}<td class="num">{{ o.rate }}</td></tr>
{% endfor %}
</table>{% else %}<p class="muted">No objectives.</p>{% endif %}

<h3>Decisions</h3>
{% if v.decisions %}<table>
<tr><th>Decision</th><th>Question</th><th>Option</th><th>Meaning</th><th class="num">Runs</th><th class="num">Share</th></tr>
{% for d in v.decisions %}
{% for o in d.options %}
<tr>{% if loop.first %}<td rowspan="{{ d.options|length }}">{{ d.decision }}</td><td rowspan="{{ d.options|length }}">{{ d.prompt }}</td>{% endif %}
<td>{{ o.option }}</td><td>{{ o.title }}</td><td class="num">{{ o.count }}</td><td class="num">{{ o.share }}</td></tr>
{% endfor %}
{% endfor %}
</table>{% else %}<p class="muted">No decision was taken in any run.</p>{% endif %}

<h3>Critical paths</h3>
<p class="muted">Among the runs in which the response's first instance completed: who completed it last, and that
participant's longest step (the {{ top }} most frequent).</p>
{% if v.paths %}<table>
<tr><th>Response</th><th>Title</th><th>Completed last by</th><th class="num">Share</th><th>Longest step</th><th class="num">Share</th></tr>
{% for p in v.paths %}
{% for who, step in p.rows %}
<tr>{% if loop.first %}<td rowspan="{{ p.rows|length }}">{{ p.response }}</td><td rowspan="{{ p.rows|length }}">{{ p.title }}</td>{% endif %}
<td>{{ who[0] }}</td><td class="num">{{ who[1] }}</td><td>{{ step[0] }}</td><td class="num">{{ step[1] }}</td></tr>
{% endfor %}
{% endfor %}
</table>{% else %}<p class="muted">No response completed.</p>{% endif %}

<h3>Drivers</h3>
<p class="muted">The factors most rank-correlated (Spearman's ρ) with each key milestone's time; ρ &gt; 0: the larger
the factor, the later the milestone.</p>
{% if v.drivers %}<table>
<tr><th>Milestone</th><th>Of</th><th>Factor</th><th class="num">ρ</th></tr>
{% for target, title, rows in v.drivers %}
{% for factor, rho in rows %}
<tr>{% if loop.first %}<td rowspan="{{ rows|length }}"><code>{{ target }}</code></td><td rowspan="{{ rows|length }}">{{ title }}</td>{% endif %}<td>{{ factor }}</td><td class="num">{{ rho }}</td></tr>
{% endfor %}
{% endfor %}
</table>{% else %}<p class="muted">No factor varied.</p>{% endif %}
</section>
{% endfor %}
{% endblock %}
"""
