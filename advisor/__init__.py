"""The fine-tuning decision advisor: measure a dataset, then choose prompting, in-context learning,
LoRA or full fine-tuning.

    import advisor
    dataset = advisor.load("train.jsonl")
    analysis = advisor.analyze(dataset, model="gpt-4.1-mini")
"""

from advisor.analysis import Analysis, analysis_to_dict, analyze
from advisor.loader import LoadError, load, load_bytes
from advisor.model import Dataset, Example, Issue, Message, ToolCall
from advisor.tokens import TokenSummary, count_tokens

__all__ = [
    "Analysis", "Dataset", "Example", "Issue", "LoadError", "Message", "ToolCall", "TokenSummary",
    "analysis_to_dict", "analyze", "count_tokens", "load", "load_bytes",
]
