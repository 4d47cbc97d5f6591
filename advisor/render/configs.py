"""Starter training configs for exported files: an OpenAI job request, a TRL script, an Axolotl YAML.

A `TrainingPlan` is plain data; each renderer turns it into the text a user posts or runs, naming the
exported files. `starter_plan` fills in defaults that are starting points with a source, not tuned
values: change them for your model and data.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from advisor.data.atomic_write import without_lone_surrogates
from advisor.pricing.catalog import DATA_DIR
from advisor.pricing.costs import cookbook_epochs

METHODS = ("lora", "qlora", "full", "openai")
CONFIG_FILES = {"openai": "openai_job.json", "trl": "train_trl.py", "axolotl": "axolotl.yaml"}

DEFAULT_OPENAI_MODEL = "gpt-4.1-mini-2025-04-14"
DEFAULT_OPEN_MODEL = "meta-llama/Llama-3.1-8B-Instruct"
DEFAULT_OPEN_MODEL_PARAMS_B = 8.0
# Fallbacks for a plan built by hand; starter plans take data/hyperparameters.toml (QLoRA paper, appendix B,
# for 7B and 13B models: LoRA on every linear layer, r = 64, alpha = 16, dropout 0.1, learning rate 2e-4).
LORA_RANK, LORA_ALPHA, LORA_DROPOUT, LORA_LEARNING_RATE = 64, 16, 0.1, 2e-4
FULL_LEARNING_RATE = 2e-5  # TRL's SFTConfig default; Stanford Alpaca's 7B full fine-tuning used the same
# Local runs: 2 examples per device step × 4 accumulation steps, as in Axolotl's example configs
# (examples/llama-3/*.yml); an explicit batch size is split the same way.
MICRO_BATCH, LOCAL_BATCH = 2, 8
MAX_SEQUENCE_LENGTH = 2048  # tokens (TRL's default is 1024); raise it if `advisor analyze` shows longer examples
OPENAI_EPOCHS, OPENAI_BATCH = (1, 50), (1, 256)  # FACTS §2


@dataclass(frozen=True, slots=True)
class TrainingPlan:
    base_model: str
    method: str  # lora | qlora | full | openai
    epochs: int
    # lora/qlora/full: the learning rate (None: the method's default); openai: the learning-rate
    # multiplier (None: "auto").
    learning_rate: float | None = None
    batch_size: int | None = None  # examples per optimizer step; None: "auto" (OpenAI) or LOCAL_BATCH
    lora_rank: int = LORA_RANK
    lora_alpha: int = LORA_ALPHA
    lora_dropout: float = LORA_DROPOUT
    target_modules: tuple[str, ...] = ()  # empty: every linear layer
    max_sequence_length: int = MAX_SEQUENCE_LENGTH
    train_file: str = "train.jsonl"
    validation_file: str | None = "validation.jsonl"
    seed: int = 0
    suffix: str = "advisor"  # OpenAI: added to the fine-tuned model's name; local: the output folder
    preference: bool = False  # the files hold preference (DPO) pairs; only an OpenAI job can take them here
    corpus: bool = False  # the files hold plain-text documents ({"text"}): language modeling, no chat template

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {self.method!r}")
        if self.epochs < 1 or (self.batch_size is not None and self.batch_size < 1):
            raise ValueError("epochs and batch size must be at least 1")
        if self.learning_rate is not None and self.learning_rate <= 0:
            raise ValueError("the learning rate (or multiplier) must be above 0")
        if self.method == "openai" and not (
            OPENAI_EPOCHS[0] <= self.epochs <= OPENAI_EPOCHS[1]
            and (self.batch_size is None or OPENAI_BATCH[0] <= self.batch_size <= OPENAI_BATCH[1])
        ):
            raise ValueError(f"OpenAI takes {OPENAI_EPOCHS[0]}-{OPENAI_EPOCHS[1]} epochs and batches of "
                             f"{OPENAI_BATCH[0]}-{OPENAI_BATCH[1]} examples")

    @property
    def local_learning_rate(self) -> float:
        return self.learning_rate or (FULL_LEARNING_RATE if self.method == "full" else LORA_LEARNING_RATE)

    @property
    def micro_batch(self) -> int:
        batch = self.batch_size or LOCAL_BATCH
        return MICRO_BATCH if batch % MICRO_BATCH == 0 else 1

    @property
    def accumulation_steps(self) -> int:
        return (self.batch_size or LOCAL_BATCH) // self.micro_batch


def starter_plan(
    config: str,
    train_examples: int,
    train_file: str,
    validation_file: str | None,
    base_model: str | None = None,
    seed: int = 0,
    preference: bool = False,
    corpus: bool = False,
) -> TrainingPlan:
    """Defaults for `config` (openai | trl | axolotl): epochs from the OpenAI cookbook heuristic (FACTS §2),
    which adapts to the number of training examples; for open models the LoRA rows of
    data/hyperparameters.toml at the size of an 8B model (the recommendation uses the same rows)."""
    openai = config == "openai"
    path = "openai" if openai else "lora"
    values = {row["name"]: row["value"] for row in rows_for(path, None if openai else DEFAULT_OPEN_MODEL_PARAMS_B)
              if "value" in row}
    plan = plan_from_hyperparameters(path, base_model or (DEFAULT_OPENAI_MODEL if openai else DEFAULT_OPEN_MODEL),
                                     values, train_examples, train_file, validation_file)
    return replace(plan, seed=seed, preference=preference, corpus=corpus)


# --- renderers ----------------------------------------------------------------------------------


def openai_job(plan: TrainingPlan) -> str:
    """The JSON body of `POST /v1/fine_tuning/jobs`. File ids are placeholders: upload the files named in
    `metadata` (purpose "fine-tune") and put the ids they get in `training_file` / `validation_file`."""
    if plan.method != "openai":
        raise ValueError("an OpenAI job needs method 'openai'")
    hyperparameters = {
        "n_epochs": plan.epochs,
        "batch_size": plan.batch_size or "auto",
        "learning_rate_multiplier": plan.learning_rate or "auto",
    }
    kind = "dpo" if plan.preference else "supervised"
    body: dict = {"model": plan.base_model, "training_file": _file_id_placeholder(plan.train_file)}
    if plan.validation_file:
        body["validation_file"] = _file_id_placeholder(plan.validation_file)
    body |= {
        "method": {"type": kind, kind: {"hyperparameters": hyperparameters}},
        "seed": plan.seed,
        "suffix": plan.suffix,
        # Metadata is kept with the job: it records which local files the ids stand for.
        "metadata": {"train_file": plan.train_file} | (
            {"validation_file": plan.validation_file} if plan.validation_file else {}
        ),
    }
    return without_lone_surrogates(json.dumps(body, ensure_ascii=False, indent=2) + "\n")


def trl_script(plan: TrainingPlan) -> str:
    """A Python script that fine-tunes with TRL's SFTTrainer (and PEFT LoRA unless the method is full)."""
    _require_local(plan)
    lora, qlora = plan.method in ("lora", "qlora"), plan.method == "qlora"
    files = {"train": plan.train_file} | ({"validation": plan.validation_file} if plan.validation_file else {})
    packages = "trl datasets" + (" peft" if lora else "") + (" bitsandbytes" if qlora else "")
    evaluation = "epoch" if plan.validation_file else "no"
    eval_dataset = 'data["validation"]' if plan.validation_file else "None"
    lines = [
        f'"""Fine-tune {plan.base_model} with TRL ({plan.method}) on the files `advisor export` wrote.',
        "",
        "Run it from the export folder:",
        f"    pip install {packages}",
        f"    python {CONFIG_FILES['trl']}",
        "Starting values, not tuned ones: change them for your model and data.",
        '"""',
        "",
        *(["import torch"] if qlora else []),
        "from datasets import load_dataset",
        *(["from peft import LoraConfig"] if lora else []),
        *(["from transformers import BitsAndBytesConfig"] if qlora else []),
        "from trl import SFTConfig, SFTTrainer",
        "",
        f"BASE_MODEL = {_python(plan.base_model)}",
        f"DATA_FILES = {_python(files)}",
        "",
        'data = load_dataset("json", data_files=DATA_FILES)',
        "",
        "config = SFTConfig(",
        f"    output_dir={_python(_output_dir(plan))},",
        f"    num_train_epochs={plan.epochs},",
        f"    learning_rate={plan.local_learning_rate},",
        f"    per_device_train_batch_size={plan.micro_batch},",
        f"    gradient_accumulation_steps={plan.accumulation_steps},",
        f"    max_length={plan.max_sequence_length},  # tokens; longer examples are cut",
        f"    seed={plan.seed},",
        f"    eval_strategy={_python(evaluation)},",
        '    save_strategy="epoch",',
        "    logging_steps=10,",
        "    bf16=True,  # needs an Ampere or newer GPU; on older ones use fp16=True",
        "    # assistant_only_loss=True trains on the replies only; it needs a chat template with generation markers.",
    ]
    if qlora:
        lines += [
            "    model_init_kwargs={",
            '        "quantization_config": BitsAndBytesConfig(',
            '            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,',
            "            bnb_4bit_compute_dtype=torch.bfloat16,",
            "        ),",
            "    },",
        ]
    lines.append(")")
    if lora:
        modules = list(plan.target_modules) or "all-linear"
        lines += [
            "peft_config = LoraConfig(",
            f"    r={plan.lora_rank}, lora_alpha={plan.lora_alpha}, lora_dropout={plan.lora_dropout},",
            f'    target_modules={_python(modules)}, task_type="CAUSAL_LM",',
            ")",
        ]
    lines += [
        "trainer = SFTTrainer(",
        "    model=BASE_MODEL,",
        "    args=config,",
        '    train_dataset=data["train"],',
        f"    eval_dataset={eval_dataset},",
        *(["    peft_config=peft_config,"] if lora else []),
        ")",
        "trainer.train()",
        "trainer.save_model()",
    ]
    return without_lone_surrogates("\n".join(lines) + "\n")


def axolotl_yaml(plan: TrainingPlan) -> str:
    """An Axolotl config (`axolotl train axolotl.yaml`) reading the `messages` files with the model's chat template
    or a plain-text corpus as Axolotl's `completion` type."""
    import yaml

    _require_local(plan)
    config: dict = {"base_model": plan.base_model}
    if plan.method == "qlora":
        config["load_in_4bit"] = True
    if not plan.corpus:  # a corpus is plain text: no chat template applies
        config["chat_template"] = "tokenizer_default"
    config |= {
        "datasets": [_axolotl_dataset(plan.train_file, plan.corpus)],
        # Axolotl takes either a share to hold out (val_set_size) or test_datasets, not both.
        "val_set_size": 0,
    }
    if plan.validation_file:
        config["test_datasets"] = [_axolotl_dataset(plan.validation_file, plan.corpus) | {"split": "train"}]
    if plan.method != "full":
        config |= {
            "adapter": plan.method,
            "lora_r": plan.lora_rank,
            "lora_alpha": plan.lora_alpha,
            "lora_dropout": plan.lora_dropout,
        }
        if plan.target_modules:
            config["lora_target_modules"] = list(plan.target_modules)
        else:
            config["lora_target_linear"] = True
    config |= {
        "sequence_len": plan.max_sequence_length,
        "sample_packing": False,
        "num_epochs": plan.epochs,
        "learning_rate": plan.local_learning_rate,
        "micro_batch_size": plan.micro_batch,
        "gradient_accumulation_steps": plan.accumulation_steps,
        "optimizer": "paged_adamw_8bit" if plan.method == "qlora" else "adamw_torch",
        "lr_scheduler": "cosine",
        "bf16": "auto",
        "gradient_checkpointing": True,
        "seed": plan.seed,
        "output_dir": _output_dir(plan),
    }
    header = (
        f"# Axolotl config written by `advisor export`: {plan.method} on {plan.base_model}.\n"
        f"# Run from the export folder: axolotl train {CONFIG_FILES['axolotl']}\n"
        "# Starting values, not tuned ones: change them for your model and data.\n"
    )
    return without_lone_surrogates(header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def _axolotl_dataset(path: str, corpus: bool = False) -> dict:
    if corpus:  # Axolotl's non-streaming pre-training type (docs/dataset-formats/pretraining.qmd)
        return {"path": path, "ds_type": "json", "type": "completion", "field": "text"}
    return {"path": path, "ds_type": "json", "type": "chat_template", "field_messages": "messages"}


def _require_local(plan: TrainingPlan) -> None:
    if plan.method == "openai":
        raise ValueError("TRL and Axolotl train open models: use method lora, qlora or full")
    if plan.preference:
        raise ValueError("these configs are for supervised fine-tuning; the files hold preference (DPO) data")


def _output_dir(plan: TrainingPlan) -> str:
    return f"outputs/{plan.base_model.rsplit('/', 1)[-1]}-{plan.suffix}-{plan.method}"


def _python(value: str | list | dict) -> str:
    """A Python literal for text, lists and dicts of text: JSON's spelling of them is valid Python."""
    return json.dumps(value, ensure_ascii=False)


def _file_id_placeholder(name: str) -> str:
    return f"<file id of {name}>"


def plan_from_hyperparameters(
    path: str,
    base_model: str,
    values: dict[str, object],
    train_examples: int,
    train_file: str,
    validation_file: str | None,
) -> TrainingPlan:
    """A plan carrying the recommendation's hyperparameters (`advisor.decide.recommend`, path openai | lora | full)."""
    def number(*names: str) -> float | None:
        found = next((values[name] for name in names if isinstance(values.get(name), int | float)), None)
        return None if found is None else float(found)

    epochs = number("epochs", "n_epochs")
    batch = number("batch_size")
    method = {"openai": "openai", "full": "full"}.get(path, "lora")
    extra = {}
    if method == "lora":
        extra = {"lora_rank": int(number("lora_r") or LORA_RANK), "lora_alpha": int(number("lora_alpha") or LORA_ALPHA),
                 "lora_dropout": number("lora_dropout") or LORA_DROPOUT}
    return TrainingPlan(
        base_model=base_model, method=method, epochs=int(epochs or cookbook_epochs(train_examples)),
        learning_rate=number("learning_rate", "learning_rate_multiplier"),
        batch_size=None if batch is None else int(batch), train_file=train_file, validation_file=validation_file,
        **extra,
    )


@cache
def load_hyperparameter_rows(path: Path = DATA_DIR / "hyperparameters.toml") -> tuple[dict[str, Any], ...]:
    """Starting hyperparameters with their sources (data/hyperparameters.toml)."""
    with open(path, "rb") as handle:
        return tuple(tomllib.load(handle)["hyperparameter"])


def rows_for(path: str, params_b: float | None) -> tuple[dict[str, Any], ...]:
    """The rows of a training path (openai | bedrock | lora | full) that apply to a model of `params_b` billion
    parameters (None: an undisclosed size)."""
    def applies(row: dict[str, Any]) -> bool:
        if params_b is None:  # an undisclosed size: the rows for the smallest models
            return "min_params_b" not in row
        return row.get("min_params_b", 0) <= params_b < row.get("max_params_b", math.inf)

    return tuple(row for row in load_hyperparameter_rows() if row["path"] == path and applies(row))
