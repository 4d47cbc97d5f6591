"""Whether a training route can take this data: as it is, after `advisor export`, or not at all.

A route that trains (LoRA, full fine-tuning) runs on a hosted platform or on your own GPUs. A hosted
platform's data rules are data/platforms.toml: the formats and checks `advisor.profiling.validate` runs, and the
`data_kinds` rows saying which kinds of data (supervised, tool calls, preference pairs, plain-text corpus)
it fine-tunes on, for which bases, with source and date. For each route:

- refused    the platform does not fine-tune on this kind of data, or not for this base, or the file breaks
             a rule no conversion fixes (too few or too many examples);
- as_is      the platform's checks found no error in the file;
- converted  the platform takes this kind of data and `advisor export --to TARGET` writes it in the
             platform's layout (Fireworks reads OpenAI's chat and preference layouts).

Self-hosted training reads what TRL and LLaMA-Factory read: OpenAI-style `messages` files as they are,
anything else after `advisor export --to hf`. Routes that train nothing (prompting, in-context) have no fit.
The recommendation never lets a refused route stand for its option silently (advisor/decide/recommend.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor.data.model import Dataset, Issue
from advisor.profiling.validate import PlatformRules, load_platform_rules

FITS = ("as_is", "converted", "refused")
TRAINING_OPTIONS = ("lora", "full_finetune")
# Errors no export can fix: the platform counts the examples, whatever their layout.
UNCONVERTIBLE = frozenset({"too_few_examples", "too_many_examples"})
# Findings that are not errors but still mean the file needs the export's conversion.
NEEDS_EXPORT = frozenset({"format_needs_export", "layout_needs_export"})
# What TRL's SFTTrainer reads as it is: `messages` (with `tools`) for supervised and tool-call data, `text` for a corpus.
SELF_HOSTED_AS_IS = {"supervised": {"openai_chat"}, "tool_calls": {"openai_chat"}, "corpus": {"text"}}

KIND_NAMES = {"supervised": "supervised examples", "tool_calls": "tool-call data",
              "preference": "preference pairs (DPO)", "corpus": "a plain-text corpus"}


@dataclass(frozen=True, slots=True)
class DataShape:
    """What a route needs to know of the data: its kinds and what each platform's checks found."""

    kinds: tuple[tuple[str, int], ...]  # (data kind, examples), most examples first
    formats: tuple[str, ...]  # the Example.format values present
    errors: tuple[tuple[str, tuple[Issue, ...]], ...] = ()  # platform key -> its errors and NEEDS_EXPORT findings
    checked: tuple[str, ...] = ()  # platforms whose checks ran on the file

    @property
    def kind(self) -> str:
        """The kind most examples are: a training file holds one kind (the export keeps the larger)."""
        return self.kinds[0][0] if self.kinds else "supervised"

    def errors_for(self, platform: str) -> tuple[Issue, ...]:
        return dict(self.errors).get(platform, ())


@dataclass(frozen=True, slots=True)
class DataFit:
    fit: str  # as_is | converted | refused
    platform: str  # a data/platforms.toml key, or "self_hosted"
    code: str
    args: tuple[tuple[str, Any], ...] = ()
    export_target: str | None = None  # `advisor export --to` this target writes the platform's layout
    cause: Issue | None = None  # fit_rule_refused: the platform's finding no conversion fixes

    @property
    def takes(self) -> bool:
        return self.fit != "refused"

    def text(self, lang: str = "en") -> str:
        from advisor.i18n.messages import describe, render

        reason = (("reason", describe(self.cause, lang)),) if self.cause is not None else ()
        return render(self.code, self.args + reason, lang)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"fit": self.fit, "platform": self.platform, "code": self.code, "text": self.text(lang),
                "export_target": self.export_target}


def shape_of(dataset: Dataset, findings: Iterable[Issue] = (), checked: Iterable[str] | None = None) -> DataShape:
    """The data's kinds and formats, and each platform's errors among `findings` (advisor.profiling.validate's)."""
    kinds = Counter(example.data_kind for example in dataset.examples)
    errors: dict[str, list[Issue]] = {}
    skipped = set()
    for issue in findings:
        if issue.platform is None:
            continue
        if issue.code == "platform_closed_skipped":
            skipped.add(issue.platform)
        elif issue.severity == "error" or issue.code in NEEDS_EXPORT:
            errors.setdefault(issue.platform, []).append(issue)
    platforms = load_platform_rules().keys if checked is None else tuple(checked)
    return DataShape(
        kinds=tuple(kinds.most_common()),
        formats=tuple(sorted({example.format for example in dataset.examples})),
        errors=tuple((key, tuple(found)) for key, found in errors.items()),
        checked=tuple(key for key in platforms if key not in skipped),
    )


def route_platform(route_key: str) -> str:
    """"lora/together/llama-3.1-8b" -> "together"; "full_finetune/self_hosted/full/..." -> "self_hosted"."""
    parts = route_key.split("/")
    return parts[1] if len(parts) > 1 else ""


def fit_of(route: Any, shape: DataShape, rules: PlatformRules | None = None) -> DataFit | None:
    """Whether `route` (an advisor.pricing.comparison.Route) can train on data of this shape; None when it trains nothing."""
    if route.option not in TRAINING_OPTIONS:
        return None
    platform = route_platform(route.key)
    kind = shape.kind
    kind_name = KIND_NAMES[kind]
    if platform == "self_hosted":
        if shape.formats and set(shape.formats) <= SELF_HOSTED_AS_IS.get(kind, set()):
            return DataFit("as_is", platform, "fit_as_is", (("platform", "self-hosted training (TRL)"),))
        return DataFit("converted", platform, "fit_self_hosted", (("kind", kind_name), ("target", "hf")), "hf")
    rules = rules or load_platform_rules()
    if platform not in rules.keys:
        return None
    rule_set = rules.get(platform)
    name = rule_set.name
    rule = rule_set.data_rule(kind)
    provenance = (("source", rule.source), ("as_of", rule.as_of.isoformat())) if rule else (
        ("source", rule_set.source), ("as_of", rule_set.as_of.isoformat()))
    if kind != "supervised" or rule is not None:
        if rule is None or not rule.takes:
            return DataFit("refused", platform, "fit_kind_refused", (("platform", name), ("kind", kind_name))
                           + provenance)
        if not rule.takes_model(route.model):
            return DataFit("refused", platform, "fit_base_refused", (("platform", name), ("kind", kind_name),
                                                                     ("bases", rule.bases_label),
                                                                     ("model", route.model)) + provenance)
    errors = shape.errors_for(platform)
    blocking = next((issue for issue in errors if issue.code in UNCONVERTIBLE), None)
    if blocking is not None:
        return DataFit("refused", platform, "fit_rule_refused", (("platform", name),), cause=blocking)
    target = rule_set.export_target
    if platform in shape.checked and not errors:
        return DataFit("as_is", platform, "fit_as_is", (("platform", name),), target)
    return DataFit("converted", platform, "fit_converted", (("platform", name), ("kind", kind_name),
                                                            ("target", target)), target)


__all__ = ["DataFit", "DataShape", "FITS", "KIND_NAMES", "fit_of", "route_platform", "shape_of"]
