"""The four options side by side (advisor/pricing/comparison.py): routes, closed doors, privacy, overrides, break-even."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from advisor.data.loader import load
from advisor.pricing.comparison import closed_doors, compare_options, comparison_to_dict, measure_tokens, platform_door
from advisor.pricing.costs import OPTIONS
from advisor.pricing.scenario import Scenario

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TODAY = date(2026, 11, 25)
BOOK = measure_tokens(load(FIXTURES / "openai_chat.jsonl"))


def compare(**fields):
    today = fields.pop("today", TODAY)
    return compare_options(BOOK, Scenario(**{"monthly_requests": 10_000, **fields}), today=today)


def route(comparison, key):
    return next(item for item in comparison.routes if item.key == key)


def test_every_option_has_routes_and_every_route_names_sources() -> None:
    comparison = compare()
    for option in OPTIONS:
        assert comparison.by_option(option), option
    for item in comparison.routes:
        assert item.sources or item.status == "unpriced", item.key
        if item.option in ("prompting", "in_context"):
            assert item.training is None
    report = comparison_to_dict(comparison)
    assert set(report["options"]) == set(OPTIONS)
    assert report["currency"]["code"] == "BRL" and report["currency"]["as_of"] == "2026-01-23"
    assert all(item["source"] and item["as_of"] for item in report["assumptions"])


def test_openai_fine_tuning_shows_its_closing_door_with_dates() -> None:
    openai = route(compare(), "full_finetune/openai/gpt-4.1-mini")
    assert openai.status == "closed_to_new_users"
    text = " ".join(note.text() for note in openai.availability)
    assert "2026-05-07" in text and "2027-01-06" in text and "unverified" in text
    assert openai.usable_until == date(2027, 1, 6)
    assert any("usable for about" in note.text() for note in openai.notes)


def test_a_closed_door_is_never_presented_as_open() -> None:
    later = compare(today=date(2027, 2, 1))
    openai = route(later, "full_finetune/openai/gpt-4.1-mini")
    assert openai.status == "closed"
    assert all(item.option != openai.label for item in later.break_even)
    nano = compare(finetune_models=("gpt-4.1-nano",))
    assert route(nano, "full_finetune/openai/gpt-4.1-nano").status == "closed"  # retired 2026-10-23
    doors = {door.platform: door for door in closed_doors(TODAY)}
    assert doors["Amazon Bedrock (Claude 3 Haiku)"].since == date(2026, 9, 10)
    assert platform_door("together", "llama-3.1-8b", TODAY).status == "open"


def test_data_must_stay_keeps_only_self_hosted_routes() -> None:
    comparison = compare(data_must_stay=True)
    assert comparison.routes and {item.hosting for item in comparison.routes} == {"self_hosted"}
    assert comparison.break_even and all("self-hosted" in item.versus for item in comparison.break_even)


def test_open_model_routes_are_ranges_and_openai_routes_exact() -> None:
    comparison = compare()
    assert route(comparison, "prompting/api/gpt-4.1").monthly.exact
    together = route(comparison, "lora/together/llama-3.1-8b")
    assert not together.monthly.exact and together.monthly.low < together.monthly.usd < together.monthly.high
    assert "o200k_base" in together.tokens_note.text() and "not available offline" in together.tokens_note.text()


def test_api_costs_grow_with_volume_and_k() -> None:
    small, big = compare(monthly_requests=1_000), compare(monthly_requests=100_000)
    for key in ("prompting/api/gpt-4.1", "in_context/api/gpt-4.1", "full_finetune/openai/gpt-4.1-mini"):
        assert route(big, key).monthly.usd == pytest.approx(100 * route(small, key).monthly.usd)
    few, many = compare(k_shots=1), compare(k_shots=10)
    assert route(few, "in_context/api/gpt-4.1").monthly.usd < route(many, "in_context/api/gpt-4.1").monthly.usd
    assert route(few, "prompting/api/gpt-4.1").monthly.usd == route(many, "prompting/api/gpt-4.1").monthly.usd


def test_price_overrides_change_the_cost_and_are_shown() -> None:
    base = compare()
    changed = compare(price_overrides=(("base/gpt-4.1/output", 80.0), ("gpu/rtx-4090/hour", 10.0),
                                       ("openai/nothing/training", 1.0)))
    assert route(changed, "prompting/api/gpt-4.1").monthly.usd > route(base, "prompting/api/gpt-4.1").monthly.usd
    assert any("overridden by the user" in source.source for source in route(changed, "prompting/api/gpt-4.1").sources)
    assert any("'openai/nothing/training' matched no route" in note.text() for note in changed.notes)


def test_a_chosen_gpu_is_used_for_self_hosting() -> None:
    comparison = compare(gpu="A100-80GB")
    lora = route(comparison, "lora/self_hosted/lora/llama-3.1-8b")
    assert "A100 80GB" in lora.training_detail.text() and "A100 80GB" in lora.monthly_detail.text()


def test_break_even_of_a_cheaper_fine_tune_against_the_baselines() -> None:
    comparison = compare()
    versus = {item.versus for item in comparison.break_even}
    # against prompting and in-context learning with each prompt model of the scenario
    assert versus == {f"{model} (OpenAI API), {what}" for model in comparison.scenario.prompt_models
                      for what in ("zero-shot", "5 examples in the prompt")}
    openai = [item for item in comparison.break_even if item.option.startswith("OpenAI fine-tuning")]
    # The fine-tuned gpt-4.1-mini is cheaper per request than gpt-4.1 (FACTS §4: 0.80/3.20 vs 2/8 per 1M),
    # so it wins from a small volume, once its training is paid.
    assert openai and all(item.status == "crosses" for item in openai)


def test_currency_override_from_the_scenario() -> None:
    comparison = compare(usd_to_currency=6.0)
    assert comparison.currency.per_usd == 6.0 and not comparison.currency.provenance.verified
    assert comparison_to_dict(comparison)["options"]["prompting"][0]["monthly"]["brl"] == pytest.approx(
        comparison.by_option("prompting")[0].monthly.usd * 6.0, rel=1e-6)


def test_unknown_models_are_noted_not_fatal() -> None:
    comparison = compare(finetune_models=("llama-9-9000b", "llama-3.1-8b"))
    assert any("llama-9-9000b" in note.text() for note in comparison.notes)
    assert comparison.by_option("lora")


def test_a_file_standing_for_a_larger_corpus_scales_training_not_serving() -> None:
    # The fixture is a sample of 3,000 examples the team has: training tokens scale ×1,000 and the cookbook
    # epochs follow the corpus (3,000 × 3 lies between 100 and 25,000: 3 epochs, FACTS §2); per-request costs stay.
    sample, corpus = compare(), compare(total_examples=3_000)
    examples = BOOK.encoding("o200k_base").examples
    stats = BOOK.for_model("gpt-4.1-mini")
    per_epoch = sum(stats.totals) * 3_000 / examples  # no example near the 65,536-token cap
    openai = route(corpus, "full_finetune/openai/gpt-4.1-mini")
    assert openai.training.usd == pytest.approx(per_epoch * 3 * 5.00 / 1e6)  # US$ 5.00 per 1M (FACTS §4)
    assert route(sample, "full_finetune/openai/gpt-4.1-mini").monthly.usd == pytest.approx(openai.monthly.usd)
    assert any(name == "total_examples" for name, _, _ in corpus.assumptions)


@pytest.mark.parametrize("fixture", ["openai_chat.jsonl", "preference.jsonl", "prompt_completion.jsonl"])
@pytest.mark.parametrize("counted_with", ["gpt-4.1-mini", "gpt-4"])
def test_a_book_from_counts_already_made_equals_one_counted_afresh(fixture: str, counted_with: str) -> None:
    # `advisor recommend` hands the analysis's count (o200k_base, gpt-4.1-mini) to the book instead of counting the
    # file again; a count made with another encoding (gpt-4: cl100k_base) stands only for that encoding.
    from advisor.data.tokens import count_tokens

    dataset = load(FIXTURES / fixture)
    counted = count_tokens(dataset, counted_with)
    assert measure_tokens(dataset, counted) == measure_tokens(dataset)
