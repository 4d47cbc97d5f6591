"""Starter configs: valid JSON/Python/YAML that name the exported files, the base model and in-bounds settings."""

from __future__ import annotations

import ast
import json

import pytest
import yaml

from advisor.render.configs import (
    DEFAULT_OPEN_MODEL,
    DEFAULT_OPENAI_MODEL,
    OPENAI_BATCH,
    OPENAI_EPOCHS,
    TrainingPlan,
    axolotl_yaml,
    openai_job,
    starter_plan,
    trl_script,
)

TRAIN, VALIDATION = "train.jsonl", "validation.jsonl"


@pytest.mark.parametrize("examples", [1, 10, 40, 5_000, 200_000])
def test_openai_job_is_json_within_openai_bounds(examples: int) -> None:
    job = json.loads(openai_job(starter_plan("openai", examples, TRAIN, VALIDATION)))
    assert job["model"] == DEFAULT_OPENAI_MODEL
    assert job["method"]["type"] == "supervised"
    hyper = job["method"]["supervised"]["hyperparameters"]
    assert OPENAI_EPOCHS[0] <= hyper["n_epochs"] <= OPENAI_EPOCHS[1] == 50
    assert hyper["batch_size"] == "auto" and hyper["learning_rate_multiplier"] == "auto"
    assert TRAIN in job["training_file"] and VALIDATION in job["validation_file"]  # placeholders say which file
    assert job["metadata"] == {"train_file": TRAIN, "validation_file": VALIDATION}
    assert len(job["suffix"]) <= 64


def test_openai_job_with_set_values_and_preference_data() -> None:
    plan = TrainingPlan("gpt-4o-mini-2024-07-18", "openai", 4, learning_rate=0.5, batch_size=256,
                        validation_file=None, preference=True, seed=7)
    job = json.loads(openai_job(plan))
    assert job["method"] == {"type": "dpo", "dpo": {"hyperparameters": {
        "n_epochs": 4, "batch_size": 256, "learning_rate_multiplier": 0.5}}}
    assert "validation_file" not in job and job["metadata"] == {"train_file": TRAIN}
    assert (job["model"], job["seed"]) == ("gpt-4o-mini-2024-07-18", 7)


@pytest.mark.parametrize(
    "change", [{"epochs": 51}, {"epochs": 0}, {"batch_size": OPENAI_BATCH[1] + 1}, {"learning_rate": 0}]
)
def test_out_of_bounds_openai_settings_are_refused(change: dict) -> None:
    with pytest.raises(ValueError):
        TrainingPlan(**({"base_model": "gpt-4.1-mini", "method": "openai", "epochs": 3} | change))


@pytest.mark.parametrize("method", ["lora", "qlora", "full"])
def test_trl_script_parses_and_names_files_model_and_settings(method: str) -> None:
    plan = TrainingPlan(DEFAULT_OPEN_MODEL, method, 3, batch_size=16)
    script = trl_script(plan)
    tree = ast.parse(script)
    imported = {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == ({"datasets", "trl", "peft", "transformers"} if method == "qlora"
                        else {"datasets", "trl", "peft"} if method == "lora" else {"datasets", "trl"})
    calls = {node.func.id: node for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    settings = {keyword.arg: ast.literal_eval(keyword.value) for keyword in calls["SFTConfig"].keywords
                if keyword.arg != "model_init_kwargs"}
    assert settings["num_train_epochs"] == 3
    assert settings["per_device_train_batch_size"] * settings["gradient_accumulation_steps"] == 16
    assert settings["learning_rate"] == (2e-5 if method == "full" else 2e-4)
    assert settings["max_length"] == plan.max_sequence_length and settings["eval_strategy"] == "epoch"
    constants = {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
                 if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Constant, ast.Dict))}
    assert constants["BASE_MODEL"] == DEFAULT_OPEN_MODEL
    assert constants["DATA_FILES"] == {"train": TRAIN, "validation": VALIDATION}
    if method == "full":
        assert "LoraConfig" not in calls
    else:
        lora = {keyword.arg: ast.literal_eval(keyword.value) for keyword in calls["LoraConfig"].keywords}
        # QLoRA paper, appendix B (data/hyperparameters.toml): r 64, alpha 16, dropout 0.1 up to 13B
        assert lora == {"r": 64, "lora_alpha": 16, "lora_dropout": 0.1, "target_modules": "all-linear",
                        "task_type": "CAUSAL_LM"}
    assert ("BitsAndBytesConfig" in calls) == (method == "qlora")


def test_trl_script_without_validation_file_evaluates_nothing() -> None:
    plan = TrainingPlan("Qwen/Qwen3-0.6B", "lora", 2, validation_file=None, target_modules=("q_proj", "v_proj"))
    script = trl_script(plan)
    ast.parse(script)
    assert VALIDATION not in script and "eval_dataset=None" in script and 'eval_strategy="no"' in script
    assert "target_modules=[\"q_proj\", \"v_proj\"]" in script and "Qwen/Qwen3-0.6B" in script


@pytest.mark.parametrize("method", ["lora", "qlora", "full"])
def test_axolotl_yaml_loads_and_names_files_and_model(method: str) -> None:
    config = yaml.safe_load(axolotl_yaml(TrainingPlan(DEFAULT_OPEN_MODEL, method, 5, learning_rate=1e-4)))
    assert config["base_model"] == DEFAULT_OPEN_MODEL
    assert config["datasets"] == [
        {"path": TRAIN, "ds_type": "json", "type": "chat_template", "field_messages": "messages"},
    ]
    assert config["test_datasets"][0]["path"] == VALIDATION and config["val_set_size"] == 0
    assert (config["num_epochs"], config["learning_rate"]) == (5, 1e-4)
    assert config["micro_batch_size"] * config["gradient_accumulation_steps"] == 8
    if method == "full":
        assert "adapter" not in config and "lora_r" not in config
    else:
        assert config["adapter"] == method and config["lora_target_linear"] is True
        assert (config["lora_r"], config["lora_alpha"], config["lora_dropout"]) == (64, 16, 0.1)  # QLoRA paper
    assert config.get("load_in_4bit", False) == (method == "qlora")


def test_starter_plan_defaults_for_open_models() -> None:
    plan = starter_plan("axolotl", 20, TRAIN, None, seed=4)
    assert (plan.base_model, plan.method, plan.epochs, plan.seed) == (DEFAULT_OPEN_MODEL, "lora", 5, 4)  # 100 // 20
    config = yaml.safe_load(axolotl_yaml(plan))
    assert "test_datasets" not in config
    chosen = starter_plan("trl", 20, TRAIN, None, base_model="mistralai/Mistral-7B-v0.3")
    assert chosen.base_model == "mistralai/Mistral-7B-v0.3"


def test_local_configs_refuse_openai_plans_and_preference_data() -> None:
    with pytest.raises(ValueError):
        trl_script(TrainingPlan("gpt-4.1-mini", "openai", 3))
    with pytest.raises(ValueError):
        axolotl_yaml(TrainingPlan(DEFAULT_OPEN_MODEL, "lora", 3, preference=True))
    with pytest.raises(ValueError):
        openai_job(TrainingPlan(DEFAULT_OPEN_MODEL, "lora", 3))


def test_a_plan_carries_the_recommended_hyperparameters() -> None:
    from advisor.render.configs import load_hyperparameter_rows, plan_from_hyperparameters

    # the 7B/13B rows of data/hyperparameters.toml (QLoRA paper, appendix B)
    rows = [row for row in load_hyperparameter_rows() if row["path"] == "lora" and row.get("max_params_b", 99) > 8
            and row.get("min_params_b", 0) <= 8 and "value" in row]
    values = {row["name"]: row["value"] for row in rows}
    plan = plan_from_hyperparameters("lora", "meta-llama/Llama-3.1-8B-Instruct", {**values, "epochs": 3}, 500,
                                     "train.jsonl", "validation.jsonl")
    assert (plan.lora_rank, plan.lora_alpha, plan.learning_rate, plan.batch_size, plan.epochs) == (64, 16, 2e-4, 16, 3)
    script = trl_script(plan)
    assert "r=64" in script.replace(" ", "") and "train.jsonl" in script
    openai = plan_from_hyperparameters("openai", "gpt-4.1-mini-2025-04-14", {"n_epochs": 4, "batch_size": "auto",
                                       "learning_rate_multiplier": "auto"}, 80, "train.jsonl", None)
    body = json.loads(openai_job(openai))
    assert body["method"]["supervised"]["hyperparameters"]["n_epochs"] == 4
