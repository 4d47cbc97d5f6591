"""The workshop samples bundled in data/samples/: each a dataset, the task, the scenario an instructor starts
from, the answer it leads to and a line saying what it teaches (data/samples/samples.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from advisor.pricing.catalog import DATA_DIR

SAMPLES_DIR = DATA_DIR / "samples"


@dataclass(frozen=True, slots=True)
class Sample:
    id: str
    path: Path
    title: tuple[tuple[str, str], ...]  # (lang, text)
    teaches: tuple[tuple[str, str], ...]
    task: tuple[tuple[str, str], ...]
    expected: str  # prompting | in_context | lora | full_finetune | fix_data
    scenario: tuple[tuple[str, Any], ...]
    columns: tuple[str, str] | None = None  # (input, output) of a table

    def load(self):  # noqa: ANN201 - advisor.data.model.Dataset
        from advisor.data.loader import load

        return load(self.path, input_col=self.columns[0] if self.columns else None,
                    output_col=self.columns[1] if self.columns else None)

    def text(self, field: str, lang: str) -> str:
        values = dict(getattr(self, field))
        return values.get(lang) or values["en"]

    @property
    def scenario_fields(self) -> dict[str, Any]:
        return dict(self.scenario)


@cache
def load_samples(directory: Path = SAMPLES_DIR) -> tuple[Sample, ...]:
    manifest = directory / "samples.toml"
    if not manifest.exists():
        return ()
    with open(manifest, "rb") as handle:
        rows = tomllib.load(handle).get("sample", [])

    def both(row: dict, name: str) -> tuple[tuple[str, str], ...]:
        return (("en", str(row.get(f"{name}_en", ""))), ("pt", str(row.get(f"{name}_pt", ""))))

    return tuple(
        Sample(row["id"], directory / row["file"], both(row, "title"), both(row, "teaches"), both(row, "task"),
               row["expected"], tuple(sorted(row.get("scenario", {}).items())),
               (row["input_col"], row["output_col"]) if "input_col" in row else None)
        for row in rows
    )


def sample(sample_id: str) -> Sample:
    for item in load_samples():
        if item.id == sample_id:
            return item
    raise KeyError(sample_id)


__all__ = ["SAMPLES_DIR", "Sample", "load_samples", "sample"]
