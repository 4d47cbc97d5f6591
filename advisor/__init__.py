"""The fine-tuning decision advisor: measure a dataset, then choose prompting, in-context learning,
LoRA or full fine-tuning.

    import advisor
    dataset = advisor.load("train.jsonl")
    analysis = advisor.analyze(dataset, model="gpt-4.1-mini")
"""

import importlib

# Imported on first use: `import advisor.data.tokens` (the token worker, the CLI's --help) must not load
# numpy and the rest of the analysis.
_HOMES = {
    "Analysis": "analysis", "analysis_to_dict": "analysis", "analyze": "analysis",
    "LoadError": "data.loader", "load": "data.loader", "load_bytes": "data.loader",
    "Dataset": "data.model", "Example": "data.model", "Issue": "data.model", "Message": "data.model",
    "ToolCall": "data.model",
    "TokenSummary": "data.tokens", "count_tokens": "data.tokens",
}
__all__ = sorted(_HOMES)


def __getattr__(name: str):  # noqa: ANN202
    if name not in _HOMES:
        raise AttributeError(f"module 'advisor' has no attribute {name!r}")
    return getattr(importlib.import_module(f"advisor.{_HOMES[name]}"), name)
