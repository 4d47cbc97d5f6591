"""The dataset a session has chosen, as the steps receive it: what reading it found at once, its examples when a step
needs them.

A 100,000-example upload is read twice: by the worker that analyses it (advisor/ui/workers.py), which sends back
what it read (a `ReadSummary`), and by this process, for the steps that work on the examples here (the LLM run's
plan, the exports). The data and profile steps need only the summary and the analysis, so this process reads its
copy after the analysis instead of beside it, where it took a core from the analysis (benchmarks/bench_app.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from advisor.ui.memory import Busy
from advisor.ui.strings import text

if TYPE_CHECKING:
    from advisor.data.model import Dataset, ReadSummary


@dataclass(frozen=True)
class ChosenData:
    key: tuple  # the store key of the file and how it is read (advisor/ui/cache.py)
    read: ReadSummary
    reader: Callable[[Busy], Dataset]  # this process' copy of the examples (held once read by any session)

    def dataset(self, lang: str | None = None) -> Dataset:
        """The examples; with `lang`, a spinner says they are being read while they are."""
        return self.reader(nullcontext if lang is None else lambda: st.spinner(text("reading", lang)))
