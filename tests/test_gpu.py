"""advisor/pricing/gpu.py against published measurements (FACTS.md §5) and hand computations.

Expected numbers come from the sources named beside them, never from the code's own output.
"""

from __future__ import annotations

import pytest

from advisor.pricing.catalog import ModelShape, load_catalog
from advisor.pricing.gpu import (
    EstimateError,
    estimate_gpu_memory,
    estimate_serving,
    estimate_training_time,
    lora_params,
    shape_from_params,
    training_flops_per_token,
)

CATALOG = load_catalog()

# --- LLaMA-Factory's hardware table (README "Hardware Requirement", FACTS.md §5), GB -------------------
#
# Reference settings assumed (the table does not state them, so we take LLaMA-Factory's own example
# config, examples/train_lora/llama3_lora_sft.yaml, and its defaults):
#   per_device_train_batch_size 1, cutoff_len 2048, bf16, gradient checkpointing on (the default unless
#   disable_gradient_checkpointing), lora_rank 8 with lora_target "all", QLoRA NF4 with double
#   quantization (its default), one device, a Llama-like shape with a 32,000-token vocabulary.
# Model sizes: the column headers, except "30B", which in LLaMA-Factory's model list is LLaMA's 30B
# checkpoint: 32.5B parameters (Touvron et al. 2023, LLaMA paper, Table 2).
LLAMA_FACTORY_SIZES = (7e9, 14e9, 32.5e9, 70e9)
LLAMA_FACTORY_TABLE = {
    ("full", None): (120, 240, 600, 1200),
    ("full_pure_bf16", None): (60, 120, 300, 600),
    ("lora", None): (16, 32, 64, 160),
    ("qlora", 8): (10, 20, 40, 80),
    ("qlora", 4): (6, 12, 24, 48),
}
CELLS = [
    (method, bits, params, expected)
    for (method, bits), row in LLAMA_FACTORY_TABLE.items()
    for params, expected in zip(LLAMA_FACTORY_SIZES, row)
]


@pytest.mark.parametrize(("method", "bits", "params", "expected_gb"), CELLS)
def test_memory_within_15_percent_of_llama_factory_table(method: str, bits: int | None, params: float,
                                                        expected_gb: float) -> None:
    estimate = estimate_gpu_memory(params, method, bits=bits, seq_len=2048, batch=1, lora_rank=8,
                                   gradient_checkpointing=True)
    assert estimate.single_gpu.total_gb == pytest.approx(expected_gb, rel=0.15)


# --- llm-foundry measured throughput (scripts/train/benchmarking/README.md, FACTS.md §5) ----------------
#
# MPT-7B, full training, FSDP full shard, bf16, sequence 2048, 8 GPUs. Shape from the same README's row:
# NumParams 6,658,859,008; MPT-7B has 32 layers of d_model 4096. Default MFU (data/gpus.toml) is the
# median over llm-foundry's six model sizes, so this 7B row is not reproduced by construction.
MPT_7B = ModelShape(params=6_658_859_008, layers=32, hidden=4096, intermediate=16384, heads=32, kv_heads=32,
                    head_dim=128, vocab=50432, tied_embeddings=True)


@pytest.mark.parametrize(("gpu", "measured_tokens_per_s"), [("a100-80gb", 4641), ("h100-80gb", 10643)])
def test_7b_full_training_within_30_percent_of_llm_foundry(gpu: str, measured_tokens_per_s: float) -> None:
    time = estimate_training_time(MPT_7B, 1e9, "full", CATALOG.gpu(gpu), gpus=8, context_len=2048)
    assert time.tokens_per_s_per_gpu == pytest.approx(measured_tokens_per_s, rel=0.30)


# torchtune README (~Sep 2024, FACTS.md §5): Llama 3.1 8B on one RTX 4090, packed sequences of 2048.
# QLoRA is not checked here: its slowdown factor is derived from these same torchtune figures.
@pytest.mark.parametrize(("method", "measured_tokens_per_s"), [("lora", 3083), ("full", 1650)])
def test_single_4090_fine_tuning_within_30_percent_of_torchtune(method: str, measured_tokens_per_s: float) -> None:
    shape = CATALOG.model("llama-3.1-8b").shape
    time = estimate_training_time(shape, 1e6, method, CATALOG.gpu("rtx-4090"), gpus=1, context_len=2048)
    assert time.tokens_per_s_per_gpu == pytest.approx(measured_tokens_per_s, rel=0.30)


def test_serving_rate_within_40_percent_of_neural_magic_a10g_measurement() -> None:
    # Neural Magic (2024, FACTS.md §5): Llama-2-7B-chat on one A10G with vLLM, 256 input / 128 output
    # tokens: 3.8 requests/s. The serving model is scaled from a different measurement (LMSYS, A100).
    check = CATALOG.serving_measurement("check")
    assert (check.requests_per_s, check.input_tokens, check.output_tokens) == (3.8, 256, 128)
    serving = estimate_serving(check.params, CATALOG.gpu(check.gpu))
    requests_per_s = 1 / serving.gpu_seconds(256, 128)
    assert requests_per_s == pytest.approx(3.8, rel=0.40)


# --- hand computations ----------------------------------------------------------------------------


def test_state_bytes_per_parameter_follow_transformer_math() -> None:
    n = 1e9
    full = estimate_gpu_memory(n, "full").single_gpu
    assert (full.weights_gb, full.gradients_gb, full.optimizer_gb) == pytest.approx((2.0, 4.0, 12.0))
    pure = estimate_gpu_memory(n, "full_pure_bf16").single_gpu
    assert (pure.weights_gb, pure.gradients_gb, pure.optimizer_gb) == pytest.approx((2.0, 2.0, 4.0))


def test_lora_trainable_parameters_for_llama_3_8b_rank_8() -> None:
    # Per layer, r·(in+out) for q 4096→4096, k and v 4096→1024, o 4096→4096, gate and up 4096→14336,
    # down 14336→4096, with r = 8: 8·(8192 + 5120 + 5120 + 8192 + 18432·3) = 655,360; × 32 layers.
    shape = CATALOG.model("llama-3.1-8b").shape
    assert lora_params(shape, 8) == 655_360 * 32 == 20_971_520
    estimate = estimate_gpu_memory(shape, "lora", lora_rank=8)
    assert estimate.trainable_params == 20_971_520
    assert estimate.single_gpu.gradients_gb == pytest.approx(20_971_520 * 4 / 1e9)
    assert estimate.single_gpu.optimizer_gb == pytest.approx(20_971_520 * 8 / 1e9)


def test_qlora_base_weights_are_nf4_with_double_quantization() -> None:
    shape = CATALOG.model("llama-3.1-8b").shape
    estimate = estimate_gpu_memory(shape, "qlora", bits=4, lora_rank=8)
    linear = 8.03e9 - 2 * 128_256 * 4096 - 65 * 4096  # minus untied embeddings and RMSNorm weights
    expected_base = linear * (4 + 0.127) / 8 + (8.03e9 - linear) * 2
    assert estimate.single_gpu.weights_gb == pytest.approx((expected_base + 20_971_520 * 4) / 1e9, rel=1e-6)


def test_activations_with_and_without_checkpointing() -> None:
    shape = CATALOG.model("llama-3.1-8b").shape
    s, h, layers, vocab = 1024, 4096, 32, 128_256
    logits = s * vocab * 10
    with_gc = estimate_gpu_memory(shape, "lora", seq_len=s, gradient_checkpointing=True).single_gpu.activations_gb
    without = estimate_gpu_memory(shape, "lora", seq_len=s, gradient_checkpointing=False).single_gpu.activations_gb
    assert with_gc == pytest.approx((layers * 2 * s * h + 34 * s * h + logits) / 1e9)
    assert without == pytest.approx((layers * 34 * s * h + logits) / 1e9)


def test_gpus_needed_is_the_fewest_that_fit() -> None:
    h100 = CATALOG.gpu("H100-80GB")
    estimate = estimate_gpu_memory(70e9, "full", gpu=h100)
    assert estimate.gpus_needed is not None and estimate.gpus_needed > 1
    assert estimate.per_gpu_gb <= 80 and estimate.fits
    fewer = estimate_gpu_memory(70e9, "full", gpu=h100, gpus=estimate.gpus_needed - 1)
    assert fewer.per_gpu_gb > 80 and not fewer.fits
    small = estimate_gpu_memory(CATALOG.model("llama-3.2-1b").shape, "qlora", gpu=CATALOG.gpu("l4"))
    assert small.gpus_needed == 1


def test_activations_alone_too_big_means_no_gpu_count_fits() -> None:
    estimate = estimate_gpu_memory(7e9, "lora", seq_len=1_000_000, gradient_checkpointing=False,
                                   gpu=CATALOG.gpu("l4"))
    assert estimate.gpus_needed is None and not estimate.fits


def test_memory_orders_methods_as_expected() -> None:
    methods = (("full", None), ("full_pure_bf16", None), ("lora", None), ("qlora", 8), ("qlora", 4))
    totals = [estimate_gpu_memory(8e9, method, bits=bits).single_gpu.total_gb for method, bits in methods]
    assert totals == sorted(totals, reverse=True)


def test_training_flops_hand_computed() -> None:
    # llm-foundry: 6·N per token (full) plus attention n_layers · 12 · d_model · seq_len.
    assert training_flops_per_token(MPT_7B, "full", 2048) == 6 * 6_658_859_008 + 12 * 32 * 4096 * 2048
    assert training_flops_per_token(MPT_7B, "lora", 2048) == 4 * 6_658_859_008 + 12 * 32 * 4096 * 2048
    time = estimate_training_time(MPT_7B, 2e9, "full", CATALOG.gpu("a100-80gb"), gpus=4, mfu=0.5, context_len=2048,
                                  usd_per_hour=2.0)
    per_token = 6 * 6_658_859_008 + 12 * 32 * 4096 * 2048
    hours = 2e9 * per_token / (4 * 312e12 * 0.5) / 3600
    assert time.flops == pytest.approx(2e9 * per_token)
    assert time.hours == pytest.approx(hours)
    assert time.cost_usd == pytest.approx(hours * 4 * 2.0)


def test_training_price_defaults_to_the_first_catalog_offer() -> None:
    # FACTS.md §4b: Lambda A100 80GB on demand, US$ 2.79 per GPU-hour.
    time = estimate_training_time(MPT_7B, 1e8, "full", CATALOG.gpu("a100-80gb"))
    assert time.usd_per_gpu_hour == 2.79
    assert time.cost_usd == pytest.approx(time.gpu_hours * 2.79)
    assert estimate_training_time(MPT_7B, 1e8, "full", CATALOG.gpu("t4")).cost_usd is None


def test_guessed_shape_is_close_to_the_parameter_count() -> None:
    for params in (1e9, 7e9, 70e9):
        shape = shape_from_params(params)
        assert shape.guessed
        assert shape.computed_params() == pytest.approx(params, rel=0.15)


@pytest.mark.parametrize(
    ("method", "bits"), [("adapter", None), ("qlora", 3), ("lora", 4), ("full", 8)],
)
def test_bad_method_or_bits_is_a_clear_error(method: str, bits: int | None) -> None:
    with pytest.raises(EstimateError):
        estimate_gpu_memory(7e9, method, bits=bits)


def test_serving_replicas_hold_the_weights() -> None:
    # bf16 weights of a 70.6B model are 141 GB: more than one 80 GB GPU, so a power-of-two group.
    serving = estimate_serving(CATALOG.model("llama-3.1-70b").shape, CATALOG.gpu("a100-80gb"))
    assert serving.replica_gpus in (2, 4, 8)
    assert serving.replica_gpus * 80 > 141
    assert estimate_serving(CATALOG.model("llama-3.1-8b").shape, CATALOG.gpu("a100-80gb")).replica_gpus == 1
