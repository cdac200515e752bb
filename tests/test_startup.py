"""Start-up stays light: checking files never loads the drawing, table or cluster libraries."""

import subprocess
import sys

from tests.conftest import DATA

PROBE = """
import sys
from engine.cli import main
main(["validate", sys.argv[1]])
heavy = {"matplotlib", "rich", "jinja2", "dask", "distributed"}
print("heavy:" + ",".join(sorted({m.split(".")[0] for m in sys.modules} & heavy)))
"""


def test_validate_imports_no_heavy_library() -> None:
    """`accord validate` loads neither matplotlib, rich, jinja2 nor dask."""
    done = subprocess.run([sys.executable, "-c", PROBE, str(DATA)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "heavy:"
