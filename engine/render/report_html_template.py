"""The jinja2 template of ``report.html`` (a string, so it ships inside the package)."""

TEMPLATE = r"""{% extends "page.html" %}
{% block title %}{{ sc.title or sc.scenario }}{% if r.variant %} — {{ r.variant }}{% endif %}{% endblock %}
{% block style %}
.rating { font-weight: bold; text-align: center; }
.P { background: #d8f0dd !important; } .S { background: #fff3c4 !important; }
.M { background: #fde0c5 !important; } .U { background: #f8d0d0 !important; }
ol.chain { margin: .3rem 0 1rem; } ol.chain li { margin-bottom: .25rem; }
nav ol { columns: 2; } code { font-size: 12px; }
{% endblock %}
{% block body %}
<header>
<h1 id="title">{{ sc.title or sc.scenario }}</h1>
<p class="muted">Scenario <code>{{ sc.scenario }}</code>{% if r.variant %}, variant <code>{{ r.variant }}</code>{% endif %};
{{ r.mode }} run, seed {{ r.seed }}; {{ r.events|length }} events, {{ r.firings|length }} rule firings.</p>
</header>
<nav><ol>
<li><a href="#overview">Exercise overview</a></li><li><a href="#msel">MSEL as played</a></li>
<li><a href="#timeline">Timeline</a></li><li><a href="#responses">Responses and critical paths</a></li>
<li><a href="#decisions">Decisions</a></li><li><a href="#objectives">Objectives</a></li>
<li><a href="#chains">Causal chains of milestones</a></li><li><a href="#aar">After-action report</a></li>
</ol></nav>

<section id="overview">
<h2>Exercise overview</h2>
<table>
<tr><th>Exercise name</th><td>{{ aar.overview.name }}</td></tr>
<tr><th>Dates (scenario time)</th><td>{{ when(0) }} to {{ when(r.until_h) }}</td></tr>
<tr><th>Scope</th><td>{{ aar.overview.scope }}</td></tr>
<tr><th>Objectives</th><td>{% for o in aar.overview.objectives %}{{ o }}{% if not loop.last %}<br>{% endif %}{% else %}none{% endfor %}</td></tr>
<tr><th>Capabilities</th><td>{{ aar.overview.capabilities|join("; ") or "none" }}</td></tr>
<tr><th>Participating actors</th><td>{{ aar.overview.actors|join(", ") or "none" }}</td></tr>
<tr><th>Scenario summary</th><td>{{ aar.overview.summary or "—" }}</td></tr>
</table>
</section>

<section id="msel">
<h2>MSEL as played</h2>
<table>
<tr>{% for c in msel_columns %}<th>{{ c }}</th>{% endfor %}<th>Played as</th></tr>
{% for m in msel %}
<tr>{% for c in m.row.cells() %}<td>{{ c }}</td>{% endfor %}<td>{{ m.played }}</td></tr>
{% else %}<tr><td colspan="10">No injects.</td></tr>
{% endfor %}
</table>
</section>

<section id="timeline">
<h2>Timeline</h2>
{% if chart %}<figure>{{ chart }}<figcaption class="muted">Procedure steps (orange) and phases (blue) of each
participant; the critical path is outlined and marked ▸; dashed lines are objective deadlines (green met, red missed).</figcaption></figure>
{% else %}<p class="muted">Chart not rendered.</p>{% endif %}
</section>

<section id="responses">
<h2>Responses and critical paths</h2>
{% for x in r.responses %}
<h3>{{ response_title(x.response) }} <small class="muted">({{ x.response }} #{{ x.instance }})</small></h3>
<p>{{ x.status|capitalize }}: started {{ when(x.started_h) }}, ended {{ when(x.ended_h) }}{% if x.ended_h is not none %}, took {{ (x.ended_h - x.started_h)|hours }}{% endif %}.
{% if w.responses[x.response].source %}<br><span class="muted">Source: {{ w.responses[x.response].source }}</span>{% endif %}</p>
{% set p = paths.get((x.response, x.instance)) %}
{% if p %}<p><strong>Critical path:</strong>
{% if p.actor %}{{ name(p.actor) }} ({{ p.deciding }}) — {{ path_text(p) }}{% else %}the completion criterion could never be met{% endif %}</p>{% endif %}
<table>
<tr><th>Participant</th><th>Status</th><th>Authorized</th><th>Contributed</th><th>Steps</th></tr>
{% for q in x.participants %}
<tr><td>{{ name(q.actor) }}{% if p and p.actor == q.actor %} ▸{% endif %}</td><td>{{ q.status }}</td><td>{{ q.authorized_h|tplus }}</td><td>{{ q.contributed_h|tplus }}</td>
<td>{% for s in q.steps %}{{ s.name }} ({{ s.kind }}, {% if s.end_h is none %}under way{% else %}{{ (s.end_h - s.start_h)|hours }}{% endif %}){% if not loop.last %} → {% endif %}{% endfor %}</td></tr>
{% endfor %}
</table>
{% else %}<p>No response was started.</p>
{% endfor %}
</section>

<section id="decisions">
<h2>Decisions</h2>
{% if r.decisions %}<table>
<tr><th>Decision</th><th>Question</th><th>Option</th><th>Meaning</th><th>How</th><th>When</th></tr>
{% for d in r.decisions %}
<tr><td>{{ d.decision }}</td><td>{{ w.decisions[d.decision].prompt or "" }}</td><td>{{ d.option }}</td>
<td>{{ decision_title(d.decision, d.option) or "" }}</td><td>{{ d.how }}</td><td>{{ when(d.t) }}</td></tr>
{% endfor %}
</table>{% else %}<p>No decision was taken.</p>{% endif %}
</section>

<section id="objectives">
<h2>Objectives</h2>
{% if r.objectives %}<table>
<tr><th>Objective</th><th>Title</th><th>Capability</th><th>Expects</th><th>Status</th><th>Clock from</th><th>Deadline</th><th>Met at</th></tr>
{% for o in r.objectives %}{% set d = objective_defs[o.objective] %}
<tr><td>{{ o.objective }}</td><td>{{ d.model.title or "" }}</td><td>{{ d.model.capability or "" }}</td><td><code>{{ d.expect }}</code></td>
<td>{{ o.status|replace("_", " ") }}</td><td>{{ when(o.from_h) }}</td><td>{{ when(o.deadline_h) }}</td><td>{{ when(o.at_h) }}</td></tr>
{% endfor %}
</table>{% else %}<p>No objectives.</p>{% endif %}
</section>

<section id="chains">
<h2>Causal chains of milestones</h2>
{% for c in chains %}
<h3>#{{ c.target.seq }} <code>{{ c.target.type }}</code> at {{ when(c.target.t) }}</h3>
<ol class="chain">
{% for l in c.links %}<li>{{ when(l.event.t) }} — #{{ l.event.seq }} <code>{{ l.event.type }}</code>{% if l.event.by %} by {{ name(l.event.by) }}{% endif %}{% for k, v in l.event.payload.items() %} {{ k }}={{ v }}{% endfor %}
<br><span class="muted">← {{ l.producer }}{% if l.fired_on is not none %} (fired on #{{ l.fired_on }}){% endif %}{% if l.citation %} — source: {{ l.citation }}{% endif %}</span></li>
{% endfor %}
</ol>
{% else %}<p>No milestone (no response ended and no objective was met or missed).</p>
{% endfor %}
</section>

<section id="aar">
<h2>After-action report</h2>
<h3>Analysis of capabilities</h3>
<p class="muted">Rating rules: {% for k, v in rules.items() %}<strong>{{ k }}</strong> = {{ v }}{% if not loop.last %}; {% endif %}{% endfor %}.</p>
{% for cap, ratings in aar.by_capability() %}
<h4>{{ cap }}</h4>
<table>
<tr><th>Objective</th><th>Result</th><th>Time taken</th><th>Allowed</th><th>Rating</th><th>Why</th></tr>
{% for x in ratings %}
<tr><td>{{ x.objective }}: {{ x.title }}</td><td>{{ x.status|replace("_", " ") }}</td><td>{{ x.taken_h|hours }}</td><td>{{ x.allowed_h|hours }}</td>
<td class="rating {{ x.rating if x.rating in rules else '' }}">{{ x.rating }}</td>
<td>{% if x.by_facilitator %}Facilitator: {{ x.comment }} <span class="muted">(suggested {{ x.reason }})</span>{% else %}{{ x.reason }}{% endif %}</td></tr>
{% endfor %}
</table>
{% else %}<p>No objectives to rate.</p>
{% endfor %}
<h3>Strengths</h3>
<ul>{% for f in aar.strengths %}<li>{{ f.capability }}: {{ f.text }}</li>{% else %}<li class="muted">None derived from the record.</li>{% endfor %}</ul>
<h3>Areas for improvement</h3>
<ul>{% for f in aar.improvements %}<li>{{ f.capability }}: {{ f.text }}</li>{% else %}<li class="muted">None derived from the record.</li>{% endfor %}</ul>
{% if aar.observations %}<h3>Facilitator observations</h3>
<ul>{% for t, note in aar.observations %}<li>{{ when(t) }}: {{ note }}</li>{% endfor %}</ul>{% endif %}
<h3>Improvement plan</h3>
<table>
<tr>{% for c in plan_columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in aar.plan %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>
{% else %}<tr>{% for c in plan_columns %}<td>&nbsp;</td>{% endfor %}</tr>
{% endfor %}
</table>
<p class="muted">Blank cells are for the facilitators to complete.</p>
</section>
{% endblock %}
"""
