"""What self-hosting asks of GPUs: memory to fine-tune, time and FLOPs to train, throughput to serve.

Pure functions on small frozen dataclasses; the GPU figures (memory, peak TFLOP/s, default MFU,
prices) come from data/gpus.toml through `advisor.pricing.catalog`. GB are 10^9 bytes throughout.

Memory (`estimate_gpu_memory`), per trained parameter N and method, before activations
    full            18 bytes: bf16 working weights 2 + fp32 gradients 4 + fp32 master weights 4 + Adam
                    moments 8 — mixed precision as torch autocast runs it (weights and gradients
                    kept in fp32, bf16 copies for the matmuls). EleutherAI "Transformer Math 101":
                    16 bytes with bf16 gradients, 18-20 with fp32 gradients (FACTS §5); LLaMA-Factory's
                    table writes this row as 18x.
    full_pure_bf16   8 bytes: bf16 weights 2 + bf16 gradients 2 + bf16 Adam moments 4, no master copy.
    lora             frozen base in bf16 (2 bytes) + the adapters' trainable parameters at 16 bytes
                    (fp32 weights 4 + gradients 4 + Adam 8). Adapters: rank r on all seven linear layers
                    of every block (q, k, v, o, gate, up, down), r·(in + out) parameters each — what
                    LLaMA-Factory's `lora_target: all` does.
    qlora            as lora, but the blocks' linear weights are stored in 4-bit NF4 with double
                    quantization, (4 + 0.127)/8 bytes per parameter (QLoRA paper, Dettmers et al. 2023:
                    double quantization cuts the constants from 0.5 to 0.127 bits per parameter), or in
                    8-bit at 1 byte (row-wise scales negligible). Embeddings and norms stay bf16.
Activations, per micro-batch of b sequences of s tokens, bf16
    without gradient checkpointing   34·s·b·h bytes per layer (Korthikanti et al. 2022, "Reducing
                                     Activation Recomputation in Large Transformer Models", eq. 2,
                                     without its 5·a·s²·b term: FlashAttention/SDPA never stores the
                                     attention matrix)
    with gradient checkpointing      2·s·b·h per layer (each block's input) + 34·s·b·h for the one
                                     block being recomputed
    plus the logits: s·b·vocab × 10 bytes (bf16 logits, their fp32 copy for the loss, its gradient).
Overhead: a fixed amount per GPU (CUDA context, workspaces, fragmentation), from data/gpus.toml.
Several GPUs: weights, gradients and optimizer states are sharded over them (FSDP full shard /
ZeRO-3); activations and overhead are per GPU (the batch is per GPU). `gpus_needed` is the fewest
GPUs of the chosen kind whose memory (as sold) holds that.

Time (`estimate_training_time`): FLOPs per training token = 6·N (full) or 4·N (LoRA/QLoRA: no weight
gradients for the frozen base) plus attention, 12·L·d·s per token forward and backward (llm-foundry's
formula, d = query width, s = the context each token attends over); training FLOPs = that × tokens.
Hours = FLOPs ÷ (GPUs × peak × MFU), with QLoRA's measured slowdown on top. Recomputation for
gradient checkpointing is not counted in the FLOPs: MFU, like llm-foundry's, is measured on model
FLOPs, so its cost lives in the (calibrated) MFU.

Serving (`estimate_serving`): one request costs input ÷ prefill rate + output ÷ decode rate GPU-seconds.
Prefill is compute-bound: 2·N FLOPs per input token at the GPU's MFU. Decode follows one measured
reference (data/gpus.toml [[serving]], role "reference"): its output tokens/s scaled by peak TFLOP/s
and by parameter count. A replica needs enough GPUs (a power of two) that its bf16 weights fill at
most the catalog's `serving_memory.weights_share` of their memory. These are offline-batch rates:
real traffic with latency targets gets less, so self-hosted serving cost is a lower bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Literal

from advisor.i18n.messages import Figure, Note
from advisor.pricing.catalog import Catalog, Gpu, ModelShape, Provenance, load_catalog

Method = Literal["full", "full_pure_bf16", "lora", "qlora"]
METHODS: tuple[str, ...] = ("full", "full_pure_bf16", "lora", "qlora")
FULL_METHODS = frozenset({"full", "full_pure_bf16"})
QLORA_BITS = (4, 8)
MAX_GPUS = 1024
GB = 1e9

# Bytes per parameter of (weights, gradients, optimizer states) — see the module docstring.
FULL_STATE_BYTES = {"full": (2.0, 4.0, 12.0), "full_pure_bf16": (2.0, 2.0, 4.0)}
FROZEN_BF16_BYTES = 2.0
ADAPTER_STATE_BYTES = (4.0, 4.0, 8.0)
QUANTIZED_BYTES = {4: (4 + 0.127) / 8, 8: 8 / 8}  # bits per weight (+ NF4 constants) / 8
ACTIVATION_FACTOR = 34  # Korthikanti et al. 2022: bytes per token per layer per unit of hidden size
CHECKPOINT_FACTOR = 2  # a checkpointed block input: one bf16 vector per token
LOGIT_BYTES = 10  # bf16 logits 2 + fp32 copy 4 + fp32 gradient 4, per vocabulary entry per token
ATTENTION_FLOPS_FACTOR = 12  # llm-foundry: attention FLOPs per token = 12 · layers · d · s (fwd + bwd)
GUESSED_HEAD_DIM = 128
GUESSED_VOCAB = 32_000


class EstimateError(ValueError):
    """Inputs a user can get wrong (a method that does not exist, 0 GPUs, a negative length)."""


# --- shapes ---------------------------------------------------------------------------------


def shape_from_params(params: float) -> ModelShape:
    """A Llama-like shape for a bare parameter count, for activations and adapter sizes only.

    N ≈ 12·L·h² for the blocks and h ≈ 128·L (Llama 2/3 7-8B: 32 layers of 4096), so
    L = (N / (12·128²))^(1/3). MLP width 8h/3 keeps the blocks at 12·h² per layer; full multi-head
    attention; a 32,000-token vocabulary, untied. Pass a catalog model for the real shape.
    """
    if params <= 0:
        raise EstimateError("the parameter count must be positive")
    layers = max(1, round((params / (12 * 128**2)) ** (1 / 3)))
    hidden = 128 * layers
    return ModelShape(
        params=float(params),
        layers=layers,
        hidden=hidden,
        intermediate=round(8 * hidden / 3),
        heads=hidden // GUESSED_HEAD_DIM,
        kv_heads=hidden // GUESSED_HEAD_DIM,
        head_dim=GUESSED_HEAD_DIM,
        vocab=GUESSED_VOCAB,
        tied_embeddings=False,
        guessed=True,
    )


def as_shape(params: float | ModelShape) -> ModelShape:
    return params if isinstance(params, ModelShape) else shape_from_params(float(params))


def lora_params(shape: ModelShape, rank: int) -> int:
    """Trainable parameters of rank-r adapters on all seven linear layers of every block."""
    return shape.layers * sum(rank * (i + o) for i, o in shape.linear_shapes)


def _check_method(method: str, bits: int | None) -> int | None:
    if method not in METHODS:
        raise EstimateError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if method == "qlora":
        bits = 4 if bits is None else bits
        if bits not in QLORA_BITS:
            raise EstimateError(f"QLoRA bits must be 4 or 8, not {bits}")
        return bits
    if bits is not None:
        raise EstimateError(f"--bits applies to qlora only, not to {method}")
    return None


# --- memory ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemoryBreakdown:
    weights_gb: float
    gradients_gb: float
    optimizer_gb: float
    activations_gb: float
    overhead_gb: float

    @property
    def total_gb(self) -> float:
        return self.weights_gb + self.gradients_gb + self.optimizer_gb + self.activations_gb + self.overhead_gb

    def to_dict(self) -> dict[str, float]:
        return {
            "weights": round(self.weights_gb, 3),
            "gradients": round(self.gradients_gb, 3),
            "optimizer_states": round(self.optimizer_gb, 3),
            "activations": round(self.activations_gb, 3),
            "overhead": round(self.overhead_gb, 3),
        }


@dataclass(frozen=True, slots=True)
class MemoryEstimate:
    method: str
    bits: int | None
    params: float
    trainable_params: float
    seq_len: int
    batch: int
    lora_rank: int | None
    gradient_checkpointing: bool
    shape_guessed: bool
    single_gpu: MemoryBreakdown  # everything on one device: the figure tables like LLaMA-Factory's give
    gpus: int  # the GPU count `per_gpu` is for
    per_gpu: MemoryBreakdown
    gpu: str | None
    gpu_memory_gb: float | None
    gpus_needed: int | None  # fewest GPUs of this kind that hold it; None: no count does (or no GPU given)

    @property
    def per_gpu_gb(self) -> float:
        return self.per_gpu.total_gb

    @property
    def fits(self) -> bool:
        return self.gpu_memory_gb is not None and self.per_gpu_gb <= self.gpu_memory_gb


def _memory_on(
    shape: ModelShape, method: str, bits: int | None, seq_len: int, batch: int, rank: int,
    checkpointing: bool, overhead_gb: float, gpus: int,
) -> tuple[MemoryBreakdown, float]:
    n = shape.params
    if method in FULL_METHODS:
        weight_b, grad_b, optim_b = FULL_STATE_BYTES[method]
        weights, gradients, optimizer, trainable = n * weight_b, n * grad_b, n * optim_b, n
    else:
        trainable = float(lora_params(shape, rank))
        adapter_w, adapter_g, adapter_o = ADAPTER_STATE_BYTES
        if method == "qlora":
            assert bits is not None
            non_linear = min(n, shape.embedding_params + (2 * shape.layers + 1) * shape.hidden)
            base = (n - non_linear) * QUANTIZED_BYTES[bits] + non_linear * FROZEN_BF16_BYTES
        else:
            base = n * FROZEN_BF16_BYTES
        weights = base + trainable * adapter_w
        gradients, optimizer = trainable * adapter_g, trainable * adapter_o
    tokens = seq_len * batch
    per_layer = ACTIVATION_FACTOR * tokens * shape.hidden
    if checkpointing:
        activations = shape.layers * CHECKPOINT_FACTOR * tokens * shape.hidden + per_layer
    else:
        activations = shape.layers * per_layer
    activations += tokens * shape.vocab * LOGIT_BYTES
    breakdown = MemoryBreakdown(
        weights_gb=weights / gpus / GB,
        gradients_gb=gradients / gpus / GB,
        optimizer_gb=optimizer / gpus / GB,
        activations_gb=activations / GB,
        overhead_gb=overhead_gb,
    )
    return breakdown, trainable


def estimate_gpu_memory(
    params: float | ModelShape,
    method: str,
    *,
    bits: int | None = None,
    seq_len: int = 2048,
    batch: int = 1,
    lora_rank: int = 8,
    gradient_checkpointing: bool = True,
    gpu: Gpu | None = None,
    gpus: int | None = None,
    overhead_gb: float | None = None,
    catalog: Catalog | None = None,
) -> MemoryEstimate:
    """GPU memory to fine-tune a model: the breakdown on one device, per GPU on `gpus`, GPUs needed.

    `params` is a parameter count or a `ModelShape` (a catalog model's `.shape`); `gpus` defaults to
    the fewest that fit (1 when no GPU is given). See the module docstring for every byte counted.
    """
    bits = _check_method(method, bits)
    if seq_len <= 0 or batch <= 0 or lora_rank <= 0:
        raise EstimateError("sequence length, batch and LoRA rank must be positive")
    if gpus is not None and not 1 <= gpus <= MAX_GPUS:
        raise EstimateError(f"the GPU count must be between 1 and {MAX_GPUS}")
    shape = as_shape(params)
    overhead = (catalog or load_catalog()).overhead_gb.value if overhead_gb is None else overhead_gb
    args = (shape, method, bits, seq_len, batch, lora_rank, gradient_checkpointing, overhead)
    single, trainable = _memory_on(*args, 1)
    needed = None
    if gpu is not None:
        needed = _fewest_gpus(lambda count: _memory_on(*args, count)[0].total_gb, gpu.memory_gb)
    chosen = gpus or needed or 1
    per_gpu = single if chosen == 1 else _memory_on(*args, chosen)[0]
    return MemoryEstimate(
        method=method,
        bits=bits,
        params=shape.params,
        trainable_params=trainable,
        seq_len=seq_len,
        batch=batch,
        lora_rank=None if method in FULL_METHODS else lora_rank,
        gradient_checkpointing=gradient_checkpointing,
        shape_guessed=shape.guessed,
        single_gpu=single,
        gpus=chosen,
        per_gpu=per_gpu,
        gpu=gpu.key if gpu else None,
        gpu_memory_gb=gpu.memory_gb if gpu else None,
        gpus_needed=needed,
    )


def _fewest_gpus(total_on, capacity_gb: float) -> int | None:
    """Smallest count in 1..MAX_GPUS whose per-GPU total fits (the total only falls as GPUs are added)."""
    if total_on(MAX_GPUS) > capacity_gb:
        return None
    low, high = 1, MAX_GPUS
    while low < high:
        middle = (low + high) // 2
        if total_on(middle) <= capacity_gb:
            high = middle
        else:
            low = middle + 1
    return low


# --- training time --------------------------------------------------------------------------


def training_flops_per_token(shape: ModelShape, method: str, context_len: int) -> float:
    """6·N (full) or 4·N (LoRA/QLoRA) + attention 12·L·d·s, per training token."""
    _check_method(method, 4 if method == "qlora" else None)
    per_param = 6 if method in FULL_METHODS else 4
    return per_param * shape.params + ATTENTION_FLOPS_FACTOR * shape.layers * shape.q_dim * context_len


@dataclass(frozen=True, slots=True)
class TrainingTime:
    method: str
    params: float
    tokens: float  # training tokens: dataset tokens × epochs
    context_len: int
    flops_per_token: float
    flops: float
    gpu: str
    gpus: int
    peak_tflops: float
    mfu: float
    speed_factor: float  # 1, or QLoRA's measured slowdown
    tokens_per_s_per_gpu: float
    hours: float  # wall-clock
    gpu_hours: float
    usd_per_gpu_hour: float | None
    price_source: str | None

    @property
    def cost_usd(self) -> float | None:
        return None if self.usd_per_gpu_hour is None else self.gpu_hours * self.usd_per_gpu_hour


def estimate_training_time(
    params: float | ModelShape,
    tokens: float,
    method: str,
    gpu: Gpu,
    gpus: int = 1,
    mfu: float | None = None,
    *,
    context_len: int = 2048,
    usd_per_hour: float | None = None,
    catalog: Catalog | None = None,
) -> TrainingTime:
    """FLOPs, tokens/s per GPU, hours and dollars to train on `tokens` training tokens.

    `mfu` defaults to the GPU's calibrated value (data/gpus.toml); `usd_per_hour` to its first offer.
    """
    if method not in METHODS:
        raise EstimateError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if tokens < 0 or gpus < 1 or context_len <= 0:
        raise EstimateError("tokens must be >= 0, GPUs >= 1 and the context length positive")
    if mfu is not None and not 0 < mfu <= 1:
        raise EstimateError(f"MFU is a fraction of peak between 0 and 1, not {mfu}")
    shape = as_shape(params)
    catalog = catalog or load_catalog()
    chosen_mfu = gpu.mfu if mfu is None else mfu
    speed = catalog.qlora_speed.value if method == "qlora" else 1.0
    per_token = training_flops_per_token(shape, method, context_len)
    per_gpu = gpu.peak_tflops * 1e12 * chosen_mfu * speed / per_token
    hours = tokens / (per_gpu * gpus) / 3600
    offer = gpu.default_offer
    if usd_per_hour is not None:
        price, source = usd_per_hour, "given by the user"
    elif offer is not None:
        price, source = offer.usd_per_hour, f"{offer.provider}, {offer.provenance.describe()}"
    else:
        price, source = None, None
    return TrainingTime(
        method=method,
        params=shape.params,
        tokens=tokens,
        context_len=context_len,
        flops_per_token=per_token,
        flops=per_token * tokens,
        gpu=gpu.key,
        gpus=gpus,
        peak_tflops=gpu.peak_tflops,
        mfu=chosen_mfu,
        speed_factor=speed,
        tokens_per_s_per_gpu=per_gpu,
        hours=hours,
        gpu_hours=hours * gpus,
        usd_per_gpu_hour=price,
        price_source=source,
    )


# --- serving --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServingEstimate:
    gpu: str
    params: float
    replica_gpus: int  # GPUs one copy of the model needs
    prefill_tokens_per_s: float  # per GPU
    decode_tokens_per_s: float  # per GPU
    basis: Note

    def gpu_seconds(self, input_tokens: float, output_tokens: float) -> float:
        """GPU-seconds one request takes at full utilisation."""
        return input_tokens / self.prefill_tokens_per_s + output_tokens / self.decode_tokens_per_s


def estimate_serving(params: float | ModelShape, gpu: Gpu, catalog: Catalog | None = None) -> ServingEstimate:
    """Throughput of a bf16 model served on `gpu` (see the module docstring)."""
    catalog = catalog or load_catalog()
    n = as_shape(params).params
    reference = catalog.serving_measurement("reference")
    reference_gpu = catalog.gpu(reference.gpu)
    assert reference.output_tokens_per_s is not None
    decode = reference.output_tokens_per_s * (gpu.peak_tflops / reference_gpu.peak_tflops) * (reference.params / n)
    prefill = gpu.peak_tflops * 1e12 * gpu.mfu / (2 * n)
    share = catalog.serving_weights_share.value
    needed = math.ceil(FROZEN_BF16_BYTES * n / GB / (share * gpu.memory_gb))
    replica = 1 << max(0, needed - 1).bit_length()
    basis = Note("serving_basis", (("model", reference.model), ("tps", Figure(reference.output_tokens_per_s)),
                                   ("gpu", reference_gpu.name), ("source", reference.provenance.source),
                                   ("mfu", Figure(gpu.mfu, 0, "percent"))))
    return ServingEstimate(gpu.key, n, replica, prefill, decode, basis)


# --- where the numbers come from ----------------------------------------------------------------

_TRANSFORMER_MATH = Provenance(
    "EleutherAI, 'Transformer Math 101' (16 bytes/parameter with bf16 gradients, 18-20 with fp32)",
    date(2023, 4, 1), note="published April 2023; as_of is the first day of that month",
)
_KORTHIKANTI = Provenance(
    "Korthikanti et al. 2022, 'Reducing Activation Recomputation in Large Transformer Models' (arXiv 2205.05198), "
    "eq. 2 without the attention-matrix term (FlashAttention)",
    date(2022, 5, 1), note="arXiv May 2022; as_of is the first day of that month",
)
_QLORA = Provenance(
    "Dettmers et al. 2023, 'QLoRA' (arXiv 2305.14314): NF4 weights, double quantization 0.127 bits/parameter of "
    "constants",
    date(2023, 5, 1), note="arXiv May 2023; as_of is the first day of that month",
)
_LLM_FOUNDRY = Provenance(
    "MosaicML llm-foundry, scripts/train/benchmarking/README.md: MFU counts 6·N per token plus attention "
    "n_layers·12·d_model·seq_len",
    date(2026, 11, 25),
)


def training_assumptions(method: str, bits: int | None, gpu: Gpu | None, gradient_checkpointing: bool,
                         catalog: Catalog | None = None) -> tuple[tuple[str, Note, Provenance], ...]:
    """(name, value, source) of every figure `estimate_gpu_memory` and `estimate_training_time` used."""
    catalog = catalog or load_catalog()
    out: list[tuple[str, Note, Provenance]] = []
    if method in FULL_METHODS:
        weights, gradients, optimizer = FULL_STATE_BYTES[method]
        out.append(("bytes_per_parameter", Note("value_bytes_full", (
            ("method", method), ("weights", Figure(weights, 4, "short")),
            ("gradients", Figure(gradients, 4, "short")), ("optimizer", Figure(optimizer, 4, "short")),
            ("total", Figure(weights + gradients + optimizer, 4, "short")),
        )), _TRANSFORMER_MATH))
        out.append(("flops_per_token", Note("value_flops_full"), _LLM_FOUNDRY))
    else:
        base = (Note("value_base_quantized", (("bytes", Figure(QUANTIZED_BYTES[bits], 3)), ("bits", bits)))
                if method == "qlora" and bits else Note("value_base_bf16"))
        out.append(("bytes_per_parameter", Note("value_bytes_adapters", (("base", base),)),
                    _QLORA if method == "qlora" else _TRANSFORMER_MATH))
        out.append(("flops_per_token", Note("value_flops_adapters"), _LLM_FOUNDRY))
    activations = "value_activations_checkpointed" if gradient_checkpointing else "value_activations"
    out.append(("activations", Note(activations, (("bytes", LOGIT_BYTES),)), _KORTHIKANTI))
    out.append(("overhead", Note("value_overhead", (("gb", Figure(catalog.overhead_gb.value, 2, "short")),)),
                catalog.overhead_gb.provenance))
    if gpu is not None:
        out.append(("gpu", Note("value_gpu", (("gpu", gpu.name), ("gb", Figure(gpu.memory_gb, 1, "short")),
                                              ("tflops", Figure(gpu.peak_tflops, 1, "short")))), gpu.spec))
        out.append(("mfu", Note("value_mfu", (("mfu", Figure(gpu.mfu, 1, "percent")), ("gpu", gpu.key))),
                    gpu.mfu_provenance))
        if not gpu.bf16:
            out.append(("precision", Note("value_no_bf16", (("gpu", gpu.name),)), gpu.spec))
    if method == "qlora":
        speed = Figure(catalog.qlora_speed.value, 0, "percent")
        out.append(("qlora_speed", Note("value_qlora_speed", (("share", speed),)), catalog.qlora_speed.provenance))
    return tuple(out)


__all__ = [
    "EstimateError", "FULL_METHODS", "METHODS", "MemoryBreakdown", "MemoryEstimate", "QLORA_BITS",
    "ServingEstimate", "TrainingTime", "as_shape", "estimate_gpu_memory", "estimate_serving",
    "estimate_training_time", "lora_params", "shape_from_params", "training_assumptions", "training_flops_per_token",
]
