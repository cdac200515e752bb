"""Check: the meaning of the files, and the compiled ``World`` a run plays.

Cross-references (actors, responses, events, rules), the expression language (compiled
once, typed at load time, never ``eval``), scenario injects, objectives and variants; every
error at its ``file:line:col``.

May import: ``engine.errors``, ``read``.

Modules:
- ``pack``, ``pack_world``, ``actions``: the meaning pass over packs and their actions;
- ``names``: what an id may look like, said as a rule with an example;
- ``scenario``: the meaning pass over a scenario (``build_world``, ``load_world``);
- ``expressions``, ``expr_compiler``, ``expr_types``: the expression language (SPEC §1.3);
- ``world``: the compiled World and its parts (``World``, ``CompiledRule``, ``ResponseDef`` …);
- ``validate``: ``accord validate`` over files and folders, collecting every error.
"""

__all__ = [
    "actions", "expr_compiler", "expr_types", "expressions", "names", "pack", "pack_world", "scenario", "validate",
    "world",
]
