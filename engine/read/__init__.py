"""Read: YAML files into typed, frozen file models, every node keeping its ``file:line:col``.

The first stage of the data flow (``read → check → simulate → analyse → render``). It
checks structure only (pydantic, unknown keys refused); what the names mean is ``check``'s.
Named ``read`` rather than ``load`` because ``engine.load()`` is a public API function,
which a subpackage of the same name would shadow.

May import: ``engine.errors`` and this package (no other stage).

Modules:
- ``safe_open``: reading any input file (regular files only, size limit while reading);
- ``yamlio``: the safe YAML reader (YAML 1.2 booleans, no tags, size and nesting limits, marks);
- ``yaml_errors``: YAML syntax errors said as what to change (``yaml_context``: what was read
  before the error); ``encoding``: where a file is not UTF-8;
- ``files``: documents → models, pack includes; ``overrides``: scenario overrides by dotted path;
- ``model_errors``: the structural pass's errors (pydantic's) at their marks, in the author's terms;
- ``paths``: one file, one identity (resolved paths), reported under the user's spelling;
- ``pack``, ``scenario``, ``modelbase``: the file models;
- ``durations``: durations and distributions (``pert(1d, 3d, 10d)``);
- ``suggest``: "did you mean" hints; ``schema``: JSON Schema of the files for editors;
- ``msel``: spreadsheet MSELs (``accord msel import``), a package of its own.
"""

__all__ = [
    "durations", "encoding", "files", "model_errors", "modelbase", "msel", "overrides",
    "pack", "paths", "safe_open", "scenario", "schema", "suggest", "yaml_context", "yaml_errors", "yamlio",
]
