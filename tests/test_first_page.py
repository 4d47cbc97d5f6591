"""The first page is light (issue #20 item 3): it draws before the analysis, pandas, NumPy or scikit-learn are
imported, which the later steps import when they need them (benchmarks/bench_first_page.py measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
HEAVY = ("pandas", "numpy", "pyarrow", "scipy", "sklearn", "advisor.analysis", "advisor.profiling.profile")
FIRST_PAGE = f"""
import json, sys
from streamlit.testing.v1 import AppTest
app = AppTest.from_file({str(ROOT / "page.py")!r}, default_timeout=60)
app.run()
assert not app.exception, app.exception
print(json.dumps([app.info[0].value, [name for name in {HEAVY!r} if name in sys.modules]]))
"""


def test_the_first_page_imports_nothing_heavy() -> None:
    from advisor.ui.strings import text

    out = subprocess.run([sys.executable, "-c", FIRST_PAGE], capture_output=True, text=True, timeout=120, check=True,
                         cwd=ROOT)  # a process of its own: what this one imported already does not count
    waiting, imported = json.loads(out.stdout.strip().splitlines()[-1])
    assert waiting == text("waiting", "pt")  # the first page, drawn whole
    assert imported == []
