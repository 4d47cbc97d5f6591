"""`advisor estimate`: GPU memory, training FLOPs, hours and dollars for a model, method and GPU."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from advisor.commands.numbers import MAX_MB, number_in
from advisor.data.loader import FORMAT_CHOICES

HELP = "GPU memory, training FLOPs, hours and dollars for self-hosted fine-tuning"
METHODS = ("full", "full_pure_bf16", "lora", "qlora")
# Ranges far beyond any real run: they keep NaN, infinity and typos such as 1e300 out of the estimate.
PARAMS = number_in(0, 1e14, above=True, scaled=True)
TOKENS = number_in(0, 1e15, above=True, scaled=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--params", type=PARAMS, help="parameter count: 7e9, 7B, 500M (a Llama-like shape is assumed)")
    which.add_argument("--model", help="an open model from data/open_models.toml, e.g. llama-3.1-8b, qwen2.5-7b")
    parser.add_argument("--method", required=True, choices=METHODS)
    parser.add_argument("--bits", type=number_in(4, 8, integer=True), choices=(4, 8),
                        help="QLoRA quantization bits (default 4)")
    parser.add_argument("--gpu", required=True,
                        help="GPU name, case-insensitive: a100-80gb, H100-80GB, l4, rtx-4090, ...")
    parser.add_argument("--gpus", type=number_in(1, 4096, integer=True),
                        help="GPUs to use (default: the fewest that fit)")
    parser.add_argument("--dataset", help="a dataset file: its examples set the training tokens and sequence length")
    parser.add_argument("--tokens", type=TOKENS,
                        help="training tokens per epoch when no dataset is given (e.g. 2e6, 5M)")
    parser.add_argument("--seq-len", type=number_in(1, 10**7, integer=True),
                        help="sequence length (default: the longest example, or 2048)")
    parser.add_argument("--batch", type=number_in(1, 65_536, integer=True), default=1,
                        help="micro-batch per GPU (default 1)")
    parser.add_argument("--epochs", type=number_in(1, 1000, integer=True),
                        help="epochs (default: OpenAI cookbook heuristic for the dataset size)")
    parser.add_argument("--mfu", type=number_in(0, 1, above=True),
                        help="model-FLOPs utilisation, 0-1 (default: the GPU's calibrated value)")
    parser.add_argument("--lora-rank", type=number_in(1, 65_536, integer=True), default=8, help="LoRA rank (default 8)")
    parser.add_argument("--no-gradient-checkpointing", action="store_true",
                        help="keep every activation (faster, more memory)")
    parser.add_argument("--usd-per-hour", type=number_in(0, 10_000),
                        help="GPU price per hour (default: the catalog's first offer)")
    parser.add_argument("--currency", default="BRL", help="show money also in this currency (default BRL)")
    parser.add_argument("--format", choices=FORMAT_CHOICES,
                        help="read the dataset as this format instead of detecting it")
    parser.add_argument("--input-col", help="table column holding the input")
    parser.add_argument("--output-col", help="table column holding the expected output")
    parser.add_argument("--sheet", help="workbook sheet to read (default: the first visible sheet with data)")
    parser.add_argument("--max-mb", type=MAX_MB, help="refuse dataset files larger than this many MB (default 512)")
    parser.add_argument("--lang", choices=("en", "pt"), default="en")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def fail(message: str) -> int:
    print(f"advisor: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from advisor.pricing.catalog import CatalogError, load_catalog
    from advisor.pricing.costs import estimate_self_hosted_training
    from advisor.pricing.gpu import EstimateError

    try:
        catalog = load_catalog()
        gpu = catalog.gpu(args.gpu)
        model = catalog.model(args.model) if args.model else None
        params = model.shape if model else args.params
        tokens_per_epoch = args.tokens
        currency = catalog.currency(args.currency)
    except (CatalogError, ValueError) as error:
        return fail(str(error))
    if args.dataset and args.tokens:
        return fail("give --dataset or --tokens, not both")
    stats = None
    if args.dataset:
        stats = _dataset_tokens(args, model)
        if stats is None:
            return 2
    try:
        result = estimate_self_hosted_training(
            params, args.method, gpu, bits=args.bits, tokens=stats, tokens_per_epoch=tokens_per_epoch,
            epochs=args.epochs, seq_len=args.seq_len, batch=args.batch, lora_rank=args.lora_rank,
            gradient_checkpointing=not args.no_gradient_checkpointing, gpus=args.gpus, mfu=args.mfu,
            usd_per_hour=args.usd_per_hour, context_length=model.context_length if model else None, catalog=catalog,
        )
    except EstimateError as error:
        return fail(str(error))
    report = estimate_to_dict(result, gpu, model, currency)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(summary_text(result, gpu, model, currency, args.lang))
    return 0


def _dataset_tokens(args: argparse.Namespace, model: Any) -> Any:
    from advisor.commands.common import load_or_report
    from advisor.pricing.comparison import measure_tokens

    args.file = args.dataset
    dataset = load_or_report(args)
    if dataset is None:
        return None
    if not dataset.examples:
        print(f"advisor: {args.dataset}: no readable examples to count", file=sys.stderr)
        return None
    book = measure_tokens(dataset)
    return book.for_model(model.key if model else "an open model")


def estimate_to_dict(result: Any, gpu: Any, model: Any, currency: Any) -> dict[str, Any]:
    from advisor.pricing.costs import assumption_to_dict, money_to_dict

    memory, time = result.memory, result.time
    return {
        "model": model.key if model else None,
        "params": memory.params,
        "shape_guessed": memory.shape_guessed,
        "method": memory.method,
        "bits": memory.bits,
        "lora_rank": memory.lora_rank,
        "trainable_params": memory.trainable_params,
        "seq_len": memory.seq_len,
        "batch": memory.batch,
        "gradient_checkpointing": memory.gradient_checkpointing,
        "gpu": gpu.key,
        "gpu_memory_gb": gpu.memory_gb,
        "gpus": memory.gpus,
        "gpus_needed": memory.gpus_needed,
        "fits": memory.fits,
        "memory_gb_per_gpu": round(memory.per_gpu_gb, 3),
        "memory_breakdown": memory.per_gpu.to_dict(),
        "memory_gb_single_gpu": round(memory.single_gpu.total_gb, 3),
        "epochs": result.epochs,
        "train_tokens": time.tokens if time else None,
        "train_flops": time.flops if time else None,
        "flops_per_token": time.flops_per_token if time else None,
        "mfu": time.mfu if time else gpu.mfu,
        "tokens_per_s_per_gpu": round(time.tokens_per_s_per_gpu, 1) if time else None,
        "train_hours": time.hours if time else None,
        "gpu_hours": time.gpu_hours if time else None,
        "usd_per_gpu_hour": time.usd_per_gpu_hour if time else None,
        "train_cost_usd": result.cost.usd if result.cost else None,
        "train_cost": money_to_dict(result.cost, currency),
        "currency": {"code": currency.code, "per_usd": currency.per_usd, **currency.provenance.to_dict()},
        "tokens": result.tokens_note.to_dict(),
        "assumptions": [assumption_to_dict(*item) for item in result.assumptions],
    }


def summary_text(result: Any, gpu: Any, model: Any, currency: Any, lang: str = "en") -> str:
    from advisor.i18n import decimal, number, percent, text
    from advisor.i18n.messages import assumption_name, localize_numbers
    from advisor.pricing.comparison import format_hours, method_name
    from advisor.pricing.costs import epochs_source_note, format_money

    def say(key: str, **values: Any) -> str:
        return text("estimate_command", key, lang, **values)

    def gb(value: float) -> str:
        return number(value, lang, 1)

    memory, time = result.memory, result.time
    params = number(memory.params / 1e9, lang, 2)
    what = (say("model_named", name=model.name, params=params, hf_id=model.hf_id, licence=model.licence) if model
            else say("model_shape", params=params))
    method = (method_name(memory.method, memory.bits).text(lang) if memory.method in ("lora", "qlora", "full")
              else memory.method)
    if memory.lora_rank:
        method += say("rank", rank=memory.lora_rank, trainable=number(memory.trainable_params / 1e6, lang, 1))
    breakdown = memory.per_gpu
    lines = [say("model", what=what),
             say("method", method=method, seq=number(memory.seq_len, lang), batch=number(memory.batch, lang),
                 checkpointing=say("on" if memory.gradient_checkpointing else "off"))]
    if memory.gpus_needed is None:
        lines.append(say("no_fit", gpu=gpu.name, gb=decimal(gpu.memory_gb, lang)))
    else:
        lines.append(say("gpus", gpu=gpu.name, gpus=memory.gpus, needed=memory.gpus_needed))
    lines.append(say("memory", used=gb(memory.per_gpu_gb), total=decimal(gpu.memory_gb, lang),
                     fit=say("fits" if memory.fits else "does_not_fit"), weights=gb(breakdown.weights_gb),
                     gradients=gb(breakdown.gradients_gb), optimizer=gb(breakdown.optimizer_gb),
                     activations=gb(breakdown.activations_gb), overhead=gb(breakdown.overhead_gb)))
    if time is None:
        lines.append(say("no_tokens"))
    else:
        flops = f"{time.flops:.3g}"
        lines.append(say("training", tokens=number(time.tokens, lang), epochs=result.epochs,
                         source=epochs_source_note(result.epochs_source).text(lang),
                         flops=flops.replace(".", ",") if lang == "pt" else flops,
                         time=format_hours(time.hours).text(lang), gpus=time.gpus,
                         speed=number(time.tokens_per_s_per_gpu, lang), mfu=percent(time.mfu, lang, 1)))
        if result.cost is None:
            lines.append(say("no_price", gpu=gpu.name))
        else:
            lines.append(say("cost", amount=localize_numbers(format_money(result.cost, currency), lang),
                             price=decimal(time.usd_per_gpu_hour, lang), hours=number(time.gpu_hours, lang, 2)))
        lines.append(say("tokens", note=result.tokens_note.text(lang)))
    lines.append(say("assumptions"))
    lines += [f"  - {assumption_name(name, lang)}: {value.text(lang)} — {source.describe(lang)}"
              for name, value, source in result.assumptions]
    return "\n".join(lines)
