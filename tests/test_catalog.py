"""The sourced catalogs in data/ and their parser (advisor/pricing/catalog.py)."""

from __future__ import annotations

import ast
import tomllib
from datetime import date
from pathlib import Path

import pytest

from advisor.pricing.catalog import CATALOG_FILES, DATA_DIR, CatalogError, catalog_from_dicts, load_catalog
from tests.helpers import toml_leaves

CATALOG = load_catalog()
ROOT = Path(__file__).resolve().parent.parent


def _tables() -> dict[str, dict]:
    return {name: tomllib.loads((DATA_DIR / file).read_text(encoding="utf-8")) for name, file in CATALOG_FILES.items()}


def test_every_open_model_shape_reproduces_its_published_parameter_count() -> None:
    # The shape is config.json's, the count the model card's: two sources that must agree.
    for model in CATALOG.models:
        assert model.shape.computed_params() == pytest.approx(model.params, rel=0.02), model.key


def test_required_open_models_are_present() -> None:
    for key in ("llama-3.2-1b", "llama-3.2-3b", "llama-3.1-8b", "llama-3.1-70b", "qwen2.5-0.5b", "qwen2.5-72b",
                "qwen3-0.6b", "qwen3-32b", "mistral-7b", "gemma-2-9b"):
        model = CATALOG.model(key)
        assert model.licence and model.context_length > 0 and model.provenance.source


def test_models_resolve_by_hugging_face_id_and_alias() -> None:
    assert CATALOG.model("meta-llama/Llama-3.1-8B-Instruct").key == "llama-3.1-8b"
    assert CATALOG.model("Qwen2.5-7B-Instruct").key == "qwen2.5-7b"
    assert CATALOG.find_model("gpt-4.1-mini") is None
    with pytest.raises(CatalogError, match="unknown open model"):
        CATALOG.model("llama-9")


@pytest.mark.parametrize(("name", "key"), [("a100-80gb", "a100-80gb"), ("A100-80GB", "a100-80gb"),
                                           ("H100-80GB", "h100-80gb"), ("l4", "l4"), ("rtx-4090", "rtx-4090"),
                                           ("RTX_4090", "rtx-4090"), ("a100", "a100-80gb")])
def test_gpu_names_are_case_insensitive(name: str, key: str) -> None:
    assert CATALOG.gpu(name).key == key


def test_unknown_gpu_lists_the_known_ones() -> None:
    with pytest.raises(CatalogError, match="unknown GPU 'b300'; known: .*a100-80gb"):
        CATALOG.gpu("b300")


def test_gpu_figures_match_facts() -> None:
    # FACTS.md §5 (vendor datasheets): peak dense bf16 TFLOP/s and memory.
    expected = {"a100-80gb": (80, 312), "a100-40gb": (40, 312), "h100-80gb": (80, 989), "h100-pcie": (80, 756),
                "h200": (141, 989), "l4": (24, 121), "a10g": (24, 70), "t4": (16, 65)}
    for key, (memory, peak) in expected.items():
        gpu = CATALOG.gpu(key)
        assert (gpu.memory_gb, gpu.peak_tflops) == (memory, peak)
    assert not CATALOG.gpu("t4").bf16
    # FACTS.md §4b: default on-demand offers.
    assert CATALOG.gpu("a100-80gb").default_offer.usd_per_hour == 2.79
    assert CATALOG.gpu("h100-80gb").default_offer.usd_per_hour == 3.99
    assert CATALOG.gpu("l4").default_offer.usd_per_hour == 0.80
    assert CATALOG.gpu("t4").default_offer is None


def test_mfu_defaults_are_the_median_of_llm_foundry_runs() -> None:
    # FACTS.md §5: MFU of the six seq-2048 runs (1B, 3B, 7B, 13B, 30B, 70B).
    a100 = sorted([59.86, 62.11, 64.23, 59.57, 55.3, 53.33])
    h100 = sorted([41.82, 43.73, 46.44, 39.79, 38.11, 42.57])
    assert CATALOG.gpu("a100-80gb").mfu == pytest.approx((a100[2] + a100[3]) / 200, abs=5e-4)
    assert CATALOG.gpu("h100-80gb").mfu == pytest.approx((h100[2] + h100[3]) / 200, abs=5e-4)


def test_openai_prices_match_facts() -> None:
    # FACTS.md §4: training, FT input, FT cached input, FT output (USD per 1M tokens).
    openai = CATALOG.platform("openai")
    expected = {
        "gpt-4.1": (25.00, 3.00, 0.75, 12.00), "gpt-4.1-mini": (5.00, 0.80, 0.20, 3.20),
        "gpt-4.1-nano": (1.50, 0.20, 0.05, 0.80), "gpt-4o": (25.00, 3.75, 1.875, 15.00),
        "gpt-4o-mini": (3.00, 0.30, 0.15, 1.20), "gpt-3.5-turbo": (8.00, 3.00, None, 6.00),
    }
    for model, prices in expected.items():
        row = openai.model_price(model)
        assert (row.training_usd_per_mtok, row.input_usd_per_mtok, row.cached_input_usd_per_mtok,
                row.output_usd_per_mtok) == prices
    o4 = openai.model_price("o4-mini")
    assert (o4.training_usd_per_hour, o4.training_usd_per_mtok, o4.kind) == (100.0, None, "rft")


def test_together_and_fireworks_brackets_match_facts() -> None:
    # FACTS.md §4b (copies dated 2026-02-13).
    together, fireworks = CATALOG.platform("together"), CATALOG.platform("fireworks")
    assert together.bracket_price(8.03, "sft", "lora").usd_per_mtok == 0.48
    assert together.bracket_price(8.03, "sft", "full").usd_per_mtok == 0.54
    assert together.bracket_price(32.5, "sft", "lora").usd_per_mtok == 1.50
    assert together.bracket_price(70.6, "sft", "full").usd_per_mtok == 3.20
    assert together.bracket_price(70.6, "dpo", "lora").usd_per_mtok == 7.25
    assert together.bracket_price(405, "sft", "lora") is None
    assert fireworks.bracket_price(8.03, "sft", "lora").usd_per_mtok == 0.50
    assert fireworks.bracket_price(70.6, "sft", "lora").usd_per_mtok == 3.00
    assert fireworks.bracket_price(235, "dpo", "lora").usd_per_mtok == 12.00
    assert fireworks.bracket_price(405, "sft", "lora").usd_per_mtok == 10.00
    assert together.bracket_price(8.03, "sft", "lora").provenance.as_of == date(2026, 2, 13)


def test_unverified_figures_are_marked() -> None:
    serverless = CATALOG.platform("together").serverless_price("llama-3.1-8b", "lora")
    assert serverless.input_usd_per_mtok == 0.18 and not serverless.provenance.verified
    assert not CATALOG.token_count_range.provenance.verified
    assert not CATALOG.overhead_gb.provenance.verified
    assert CATALOG.currency("BRL").provenance.as_of == date(2026, 1, 23)


def test_every_row_names_its_source_and_date() -> None:
    for gpu in CATALOG.gpus:
        assert gpu.spec.source and gpu.mfu_provenance.source
        assert all(offer.provenance.source and offer.provenance.as_of for offer in gpu.offers)
    for platform in CATALOG.platforms:
        rows = [*platform.models, *platform.training, *platform.serving]
        assert rows and all(row.provenance.source and isinstance(row.provenance.as_of, date) for row in rows)


def test_a_row_without_a_source_is_refused() -> None:
    tables = _tables()
    del tables["gpus"]["gpus"]["l4"]["offers"][0]["source"]
    with pytest.raises(CatalogError, match=r"\[gpus.l4\] offers\[0\]: every row needs `source`"):
        catalog_from_dicts(tables)


def test_a_serving_row_on_an_unknown_gpu_is_refused() -> None:
    tables = _tables()
    tables["finetune_prices"]["platforms"]["together"]["serving"][2]["gpu"] = "b300"
    with pytest.raises(CatalogError, match="gpu 'b300' is not a gpus.toml key"):
        catalog_from_dicts(tables)


def test_an_edited_copy_overrides_one_file(tmp_path: Path) -> None:
    text = (DATA_DIR / "gpus.toml").read_text(encoding="utf-8")
    edited = tmp_path / "gpus.toml"
    edited.write_text(text.replace("usd_per_hour = 2.79", "usd_per_hour = 1.11"), encoding="utf-8")
    catalog = load_catalog({"gpus": edited})
    assert catalog.gpu("a100-80gb").default_offer.usd_per_hour == 1.11
    assert catalog.platform("openai").model_price("gpt-4.1-mini").training_usd_per_mtok == 5.00
    with pytest.raises(CatalogError, match="not found"):
        load_catalog({"gpus": tmp_path / "missing.toml"})
    broken = tmp_path / "broken.toml"
    broken.write_text("[gpus\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog({"gpus": broken})


COST_MODULES = ("pricing/catalog.py", "pricing/gpu.py", "pricing/costs.py", "pricing/comparison.py",
                "pricing/inference_prices.py", "pricing/scenario.py", "commands/estimate.py", "commands/costs.py")


def _catalog_prices() -> set[float]:
    return {value for table in _tables().values() for key, value in toml_leaves(table)
            if isinstance(value, float) and ("usd" in key or key == "per_usd") and not value.is_integer()}


def test_no_catalog_price_is_written_in_code() -> None:
    prices = _catalog_prices()
    assert {0.48, 2.79, 5.2876, 0.18} <= prices
    for module in COST_MODULES:
        tree = ast.parse((ROOT / "advisor" / module).read_text(encoding="utf-8"))
        literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
                    and isinstance(node.value, float)}
        assert not literals & prices, f"{module} holds catalog prices {sorted(literals & prices)}"
