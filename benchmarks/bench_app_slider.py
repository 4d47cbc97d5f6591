"""How long the app takes to re-run when a scenario slider moves, on a 100,000-example file.

    .venv/bin/python benchmarks/bench_app_slider.py [--examples 100000]

Drives app.py with Streamlit's AppTest: uploads a generated chat file (the same generator as
bench_analyze.py), opens step 4 (scenario and costs) and step 5 (recommendation) once so the file is
read, profiled, tokenized and baselined (cached per file), then moves the horizon slider back and
forth and times each re-run. The reference, measured in the same run, is a re-run of a one-slider
Streamlit script: what Streamlit itself costs per re-run under AppTest. Target (issue #7): a slider
change re-runs in ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))
from bench_analyze import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_APP = """
import streamlit as st
st.slider("horizon", 1, 36, 12, key="horizon")
"""


def timed_reruns(at: AppTest, values: list[int]) -> list[float]:
    times = []
    for value in values:
        start = time.perf_counter()
        at.slider(key="horizon").set_value(value).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=10, help="slider moves timed per step")
    args = parser.parse_args()
    values = [12 + (index % 2) * 12 + index // 2 for index in range(args.moves)]  # each move a new scenario

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "chat.jsonl"
        generate(path, args.examples)
        data = path.read_bytes()
        print(f"{args.examples:,} examples, {len(data) / 1e6:.1f} MB")

        reference = AppTest.from_string(REFERENCE_APP, default_timeout=30)
        reference.run()
        baseline = statistics.median(timed_reruns(reference, values))

        at = AppTest.from_file(str(ROOT / "page.py"), default_timeout=1800)
        at.run()
        start = time.perf_counter()
        at.file_uploader(key="upload").set_value(("chat.jsonl", data, "application/jsonl")).run()
        print(f"first upload (read + analyse): {time.perf_counter() - start:.1f} s")
        for step in ("costs", "recommendation"):
            start = time.perf_counter()
            at.radio(key="step").set_value(step).run()
            assert not at.exception, at.exception
            print(f"first visit of step {step!r} (cached afterwards): {time.perf_counter() - start:.1f} s")
            times = timed_reruns(at, values)
            median = statistics.median(times)
            print(f"step {step!r}: slider re-run median {median * 1000:.0f} ms (min {min(times) * 1000:.0f}, "
                  f"max {max(times) * 1000:.0f}) over {len(times)} moves; reference one-slider script "
                  f"{baseline * 1000:.1f} ms; ratio {median / baseline:.1f}×; target ≤ 100 ms: "
                  f"{'met' if median <= 0.1 else 'missed'}")


if __name__ == "__main__":
    main()
