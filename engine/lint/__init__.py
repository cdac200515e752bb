"""Lint: static checks beyond validity (codes ``A101``…), on packs and scenarios.

Beside the pipeline: it reads and checks files but never plays them.

May import: ``engine.errors``, ``read``, ``check``.

Modules:
- ``linter``: ``lint(paths)``, the report and silencing comments;
- ``findings``: the codes, severities and the finding itself;
- ``graph``: what a set of rules can ever do; ``pack``, ``scenario``: the checks;
- ``relevance``: which pack findings a scenario makes relevant (shown beside its own);
- ``starter_plan``: what a starter scenario injects and expects, so that it passes lint.
"""

__all__ = ["findings", "graph", "linter", "pack", "relevance", "scenario", "starter_plan"]
