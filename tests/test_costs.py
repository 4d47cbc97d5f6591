"""advisor/pricing/costs.py and advisor/pricing/inference_prices.py: hand computations from the catalog and FACTS.md.

Expected values are computed in the tests from the published figures, never copied from the output.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import pytest_socket

from advisor.data.loader import load
from advisor.data.tokens import count_tokens
from advisor.pricing.catalog import Provenance, load_catalog
from advisor.pricing.costs import (
    HOURS_PER_MONTH,
    CostUnavailable,
    Money,
    TokenStats,
    cookbook_epochs,
    estimate_inference_cost,
    estimate_serving_cost,
    estimate_training_cost,
    find_break_even,
    format_money,
    horizon_total,
    money_to_dict,
    request_shape,
    token_stats,
)
from advisor.pricing.gpu import ServingEstimate
from advisor.pricing.inference_prices import TokenPrice, base_price

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
CATALOG = load_catalog()
TODAY = Provenance("test", date(2026, 11, 25))


def stats(totals: tuple[int, ...], mean_input: float = 100.0, mean_output: float = 20.0, **extra) -> TokenStats:
    return TokenStats(examples=len(totals), totals=totals, mean_input=mean_input, mean_output=mean_output,
                      max_total=max(totals), encoding="o200k_base", exact=True, note="test", **extra)


# --- epochs ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("examples", "epochs"), [
    (3, 25),  # 3·3 < 100 → min(25, 100 // 3 = 33)
    (10, 10),  # 30 < 100 → 100 // 10
    (34, 3),  # 102 ≥ 100 → the target 3
    (8_333, 3),  # 24,999 ≤ 25,000
    (8_334, 2),  # 25,002 > 25,000 → 25,000 // 8,334 = 2
    (30_000, 1),  # 25,000 // 30,000 = 0 → at least 1
])
def test_cookbook_epoch_heuristic(examples: int, epochs: int) -> None:
    assert cookbook_epochs(examples) == epochs


# --- hosted training ------------------------------------------------------------------------------


def test_openai_training_cost_of_a_known_file_equals_a_hand_computation() -> None:
    dataset = load(FIXTURES / "openai_chat.jsonl")
    summary = count_tokens(dataset, "gpt-4.1-mini")
    totals = [item.total for item in summary.per_example]
    # FACTS.md §4: gpt-4.1-mini training US$ 5.00 per 1M tokens; §2: limit 65,536 per example, and
    # 3 examples → min(25, 100 // 3) = 25 epochs.
    expected = sum(min(65_536, total) for total in totals) * 25 * 5.00 / 1_000_000
    cost = estimate_training_cost(token_stats(summary), "openai", "gpt-4.1-mini")
    assert (cost.epochs, cost.epochs_source, cost.token_limit) == (25, "OpenAI cookbook heuristic", 65_536)
    assert cost.cost.usd == pytest.approx(expected)
    assert cost.cost.exact
    assert cost.provenance.source.startswith("OpenAI pricing page")


def test_openai_truncates_long_examples_at_the_limit() -> None:
    tokens = stats((70_000, 1_000, 500))
    cost = estimate_training_cost(tokens, "openai", "gpt-4.1-mini", epochs=2)
    assert cost.billed_tokens == (65_536 + 1_000 + 500) * 2
    assert cost.truncated_examples == 1
    assert cost.cost.usd == pytest.approx((65_536 + 1_500) * 2 * 5.00 / 1e6)
    # gpt-3.5-turbo-0613: 4,096 (FACTS §2), US$ 8.00 (FACTS §4)
    old = estimate_training_cost(tokens, "openai", "gpt-3.5-turbo-0613", epochs=1)
    assert old.cost.usd == pytest.approx((4_096 + 1_000 + 500) * 8.00 / 1e6)


def test_together_and_fireworks_bill_every_token_at_the_bracket_rate() -> None:
    tokens = stats((70_000, 1_000, 500))
    together = estimate_training_cost(tokens, "together", "llama-3.1-8b", method="lora", epochs=3)
    assert together.cost.usd == pytest.approx(71_500 * 3 * 0.48 / 1e6)  # FACTS §4b: SFT ≤ 16B LoRA 0.48
    full = estimate_training_cost(tokens, "together", "llama-3.1-70b", method="full", epochs=3)
    assert full.cost.usd == pytest.approx(71_500 * 3 * 3.20 / 1e6)  # 70-100B full 3.20
    fireworks = estimate_training_cost(tokens, "fireworks", "qwen2.5-32b", epochs=1)
    assert fireworks.cost.usd == pytest.approx(71_500 * 3.00 / 1e6)  # 16.1-80B: 3.00


def test_preference_data_is_priced_at_dpo_rates_or_refused() -> None:
    tokens = stats((1_000, 2_000), preference=True)
    together = estimate_training_cost(tokens, "together", "llama-3.1-8b", method="lora", epochs=1)
    assert (together.kind, together.cost.usd) == ("dpo", pytest.approx(3_000 * 1.20 / 1e6))
    with pytest.raises(CostUnavailable, match="no DPO price for gpt-4.1-mini-2025-04-14 on OpenAI"):
        estimate_training_cost(tokens, "openai", "gpt-4.1-mini")


def test_unpriced_models_are_refused_clearly() -> None:
    tokens = stats((1_000,))
    with pytest.raises(CostUnavailable, match="no OpenAI fine-tuning price for 'gpt-9'"):
        estimate_training_cost(tokens, "openai", "gpt-9")
    with pytest.raises(CostUnavailable, match="per training hour"):
        estimate_training_cost(tokens, "openai", "o4-mini")


def test_a_user_price_replaces_the_catalog_and_says_so() -> None:
    cost = estimate_training_cost(stats((1_000,)), "openai", "gpt-4.1-mini", epochs=1, usd_per_mtok=2.0)
    assert cost.cost.usd == pytest.approx(1_000 * 2.0 / 1e6)
    assert cost.overridden and not cost.provenance.verified and "given by the user" in cost.provenance.source


def test_approximate_counts_give_a_range_around_the_estimate() -> None:
    tokens = stats((10_000, 20_000), low_factor=0.9, high_factor=1.3)
    cost = estimate_training_cost(tokens, "together", "llama-3.1-8b", epochs=1)
    assert cost.cost.low == pytest.approx(30_000 * 0.9 * 0.48 / 1e6)
    assert cost.cost.high == pytest.approx(30_000 * 1.3 * 0.48 / 1e6)
    assert cost.cost.low < cost.cost.usd < cost.cost.high and not cost.cost.exact


# --- inference ------------------------------------------------------------------------------------

PRICE = TokenPrice("test-model", "test", 2.0, 8.0, 0.5, TODAY)


def test_request_shapes_hand_computed() -> None:
    tokens = stats((120,), mean_input=100, mean_output=20)
    args = {"k": 4, "instruction_tokens": 300, "finetuned_instruction_tokens": 10, "cache_hit_rate": 1.0}
    assert request_shape("prompting", tokens, **args) == request_shape("prompting", tokens, **args)
    prompting = request_shape("prompting", tokens, **args)
    in_context = request_shape("in_context", tokens, **args)
    lora = request_shape("lora", tokens, **args)
    assert (prompting.input_tokens, prompting.cached_tokens, prompting.output_tokens) == (400, 300, 20)
    assert (in_context.input_tokens, in_context.cached_tokens) == (300 + 4 * 120 + 100, 300 + 4 * 120)
    assert (lora.input_tokens, lora.cached_tokens) == (110, 10)


def test_inference_cost_hand_computed_with_prompt_caching() -> None:
    tokens = stats((120,), mean_input=100, mean_output=20)
    cost = estimate_inference_cost("in_context", tokens, 1_000, PRICE, k=4, instruction_tokens=300,
                                   cache_hit_rate=0.5, min_cached_prefix=0)
    prefix = 300 + 4 * 120
    per_request = ((prefix + 100 - prefix * 0.5) * 2.0 + prefix * 0.5 * 0.5 + 20 * 8.0) / 1e6
    assert cost.per_request.usd == pytest.approx(per_request)
    assert cost.monthly.usd == pytest.approx(per_request * 1_000)


def test_short_prefixes_are_not_cached() -> None:
    tokens = stats((120,), mean_input=100, mean_output=20)
    short = estimate_inference_cost("prompting", tokens, 1, PRICE, instruction_tokens=300, min_cached_prefix=1024)
    assert short.request.cached_tokens == 0
    assert short.per_request.usd == pytest.approx((400 * 2.0 + 20 * 8.0) / 1e6)


def test_inference_costs_move_the_way_they_must() -> None:
    tokens = stats((300,), mean_input=250, mean_output=50)

    def monthly(option: str, volume: int, k: int = 5) -> float:
        return estimate_inference_cost(option, tokens, volume, PRICE, k=k, instruction_tokens=200,
                                       cache_hit_rate=0.0).monthly.usd

    for option in ("prompting", "in_context", "lora", "full_finetune"):
        assert monthly(option, 2_000) == pytest.approx(2 * monthly(option, 1_000))
        assert monthly(option, 0) == 0
    assert monthly("in_context", 1_000, k=1) < monthly("in_context", 1_000, k=5) < monthly("in_context", 1_000, k=20)
    assert monthly("in_context", 1_000, k=0) == pytest.approx(monthly("prompting", 1_000))
    assert monthly("lora", 1_000) < monthly("prompting", 1_000) < monthly("in_context", 1_000)


# --- self-hosted serving --------------------------------------------------------------------------

SERVING = ServingEstimate("l4", 8e9, replica_gpus=2, prefill_tokens_per_s=4_000.0, decode_tokens_per_s=500.0,
                          basis="test")


def test_serving_cost_has_an_always_on_floor_then_grows_with_volume() -> None:
    shape = request_shape("lora", stats((300,), mean_input=400, mean_output=100), finetuned_instruction_tokens=0)
    seconds = 400 / 4_000 + 100 / 500  # 0.3 GPU-seconds per request
    small = estimate_serving_cost(shape, 1_000, SERVING, 1.5)
    assert small.gpu_hours_needed == pytest.approx(1_000 * seconds / 3600)
    assert small.gpu_hours_billed == pytest.approx(2 * 730)
    assert small.monthly.usd == pytest.approx(2 * 730 * 1.5)
    big = estimate_serving_cost(shape, 100_000_000, SERVING, 1.5, efficiency=0.5)
    assert big.monthly.usd == pytest.approx(100_000_000 * seconds / 0.5 / 3600 * 1.5)
    assert HOURS_PER_MONTH == 730
    assert estimate_serving_cost(shape, 1_000, SERVING, 1.5, always_on=False).monthly.usd == pytest.approx(
        1_000 * seconds / 3600 * 1.5)


# --- break-even -----------------------------------------------------------------------------------


def test_break_even_hand_computed_without_growth() -> None:
    # 120 + 12·0.001·V = 12·0.003·V  →  V = 120 / 0.024 = 5,000 requests a month.
    result = find_break_even("tuned", 120.0, lambda v: 0.001 * v, "prompted", 0.0, lambda v: 0.003 * v,
                             horizon_months=12)
    assert result.status == "crosses"
    assert result.monthly_requests == pytest.approx(5_000, abs=1)


def test_break_even_hand_computed_with_growth() -> None:
    months, growth = 12, 0.10
    series = sum((1 + growth) ** month for month in range(months))  # Σ 1.1^m, m = 0..11
    expected = 120.0 / ((0.003 - 0.001) * series)
    result = find_break_even("tuned", 120.0, lambda v: 0.001 * v, "prompted", 0.0, lambda v: 0.003 * v,
                             horizon_months=months, monthly_growth=growth)
    assert result.monthly_requests == pytest.approx(expected, abs=1)
    assert horizon_total(120.0, lambda v: 0.001 * v, 1_000, months, growth) == pytest.approx(120 + 1.0 * series)


def test_break_even_edge_cases() -> None:
    assert find_break_even("a", 0.0, lambda v: v, "b", 0.0, lambda v: 2 * v).status == "always_cheaper"
    never = find_break_even("a", 10.0, lambda v: 2 * v, "b", 0.0, lambda v: v)
    assert (never.status, never.monthly_requests) == ("never_cheaper", None)


# --- money ----------------------------------------------------------------------------------------


def test_money_in_usd_and_brl() -> None:
    brl = CATALOG.currency("BRL")
    assert brl.per_usd == 5.2876  # data/currency.toml, InfoMoney 2026-01-23
    assert format_money(Money.of(12.30), brl) == "US$ 12.30 (R$ 65.04)"  # 12.30 × 5.2876 = 65.037
    assert format_money(Money(10.0, 9.0, 13.0), brl) == "US$ 9.00 – 13.00 (R$ 47.59 – 68.74)"
    assert format_money(Money.of(0.001)) == "US$ < 0.01"
    data = money_to_dict(Money.of(2.0), brl)
    assert data == {"usd": 2.0, "usd_low": 2.0, "usd_high": 2.0,
                    "brl": 10.5752, "brl_low": 10.5752, "brl_high": 10.5752}  # 2 × 5.2876


# --- genai-prices, offline ------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_base_prices_come_from_genai_prices_with_sockets_blocked() -> None:
    pytest_socket.disable_socket(allow_unix_socket=False)
    try:
        price = base_price("gpt-4.1-mini")
    finally:
        pytest_socket.enable_socket()
    # FACTS.md §4: genai-prices knows gpt-4.1-mini at US$ 0.40 in / 1.60 out per 1M.
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok) == (0.40, 1.60)
    assert price.cached_input_usd_per_mtok is not None and price.cached_input_usd_per_mtok < 0.40
    assert price.provenance.source.startswith("genai-prices ")
    assert price.request_usd(1_000_000, 1_000_000) == pytest.approx(2.0)


def test_genai_prices_import_and_lookup_in_a_fresh_process_without_network() -> None:
    code = (
        "import pytest_socket; pytest_socket.disable_socket(allow_unix_socket=False)\n"
        "from advisor.pricing.inference_prices import base_price\n"
        "p = base_price('gpt-4.1'); print(p.input_usd_per_mtok, p.output_usd_per_mtok)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2.0", "8.0"]


def test_unknown_base_model_is_a_lookup_error() -> None:
    from advisor.pricing.inference_prices import PriceNotFound

    with pytest.raises(PriceNotFound, match="no price for 'no-such-model-xyz'"):
        base_price("no-such-model-xyz")


def test_overrides_replace_rates_and_are_marked() -> None:
    price = PRICE.with_overrides(input=1.0)
    assert (price.input_usd_per_mtok, price.output_usd_per_mtok, price.overridden) == (1.0, 8.0, True)
    assert "overridden by the user" in price.provenance.source and not price.provenance.verified


def test_token_stats_from_a_summary() -> None:
    summary = count_tokens(load(FIXTURES / "openai_chat.jsonl"), "gpt-4.1-mini")
    result = token_stats(summary)
    assert result.examples == len(summary.per_example) and result.total == summary.total
    assert result.mean_input == pytest.approx(sum(item.input for item in summary.per_example) / result.examples)
    assert result.demonstration == pytest.approx(summary.total / result.examples)
    assert result.exact
