"""The file formats of a run, by name, and which files of a report are compared byte for byte.

A module of its own, importing nothing, so that ``accord run --help`` can list the formats
without loading the renderers."""

COMPARED = (".md", ".html", ".csv", ".json")  # report files compared byte for byte; images are not
FORMATS: dict[str, tuple[str, ...]] = {
    "json": ("results.json", "run.json"),
    "md": ("report.md",),
    "html": ("report.html",),
    "png": ("timeline.png",),
    "svg": ("timeline.svg",),
    "csv": ("events.csv", "msel.csv"),
}
