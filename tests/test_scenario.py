"""Scenario: plain data, saved and reopened as JSON, refused with one sentence when wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.pricing.scenario import LIMITS, Scenario, ScenarioError, load_scenario, scenario_from_dict


def test_defaults_need_only_the_volume() -> None:
    scenario = scenario_from_dict({"monthly_requests": 1000})
    assert scenario == Scenario(monthly_requests=1000)
    assert (scenario.horizon_months, scenario.k_shots, scenario.data_must_stay) == (12, 5, False)
    assert scenario.currency == "BRL"


def test_round_trip_through_a_file(tmp_path: Path) -> None:
    scenario = Scenario(
        monthly_requests=25_000, monthly_growth=0.05, horizon_months=18, k_shots=8, prompt_models=("gpt-4.1",),
        finetune_models=("qwen2.5-7b",), gpu="l4", epochs=2, data_must_stay=True,
        price_overrides=(("gpu/l4/hour", 0.6), ("base/gpt-4.1/input", 1.8)), usd_to_currency=5.5,
    )
    path = tmp_path / "scenario.json"
    scenario.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["price_overrides"] == {"gpu/l4/hour": 0.6, "base/gpt-4.1/input": 1.8}
    assert data["prompt_models"] == ["gpt-4.1"]
    assert load_scenario(path) == scenario


def test_changes_override_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scenario.json"
    path.write_text('{"monthly_requests": 10, "k_shots": 3}', encoding="utf-8")
    scenario = load_scenario(path, monthly_requests=500, k_shots=None, gpu="a100-80gb")
    assert (scenario.monthly_requests, scenario.k_shots, scenario.gpu) == (500, 3, "a100-80gb")


def test_override_lookup_is_case_insensitive() -> None:
    scenario = Scenario(monthly_requests=1, price_overrides=(("GPU/A100-80GB/hour", 1.5),))
    assert scenario.override("gpu", "a100-80gb", "hour") == 1.5
    assert scenario.override("gpu", "l4", "hour") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"monthly_requests": 1, "k_shot": 3}, r"unknown scenario field\(s\) k_shot; known: monthly_requests"),
        ({}, "needs monthly_requests"),
        ({"monthly_requests": -5}, "monthly_requests must be a whole number from 0 to 1,000,000,000,000, not -5"),
        ({"monthly_requests": "many"}, "monthly_requests must be a whole number"),
        ({"monthly_requests": 1, "cache_hit_rate": 1.5}, "cache_hit_rate must be a number from 0 to 1, not 1.5"),
        ({"monthly_requests": 1, "horizon_months": 0}, "horizon_months must be a whole number from 1 to 120, not 0"),
        ({"monthly_requests": 1, "prompt_models": [3]}, "prompt_models must be a list of model names"),
        ({"monthly_requests": 1, "price_overrides": {"gpt-4.1": 2}}, "must be WHERE/MODEL/FIELD"),
        ({"monthly_requests": 1, "price_overrides": {"gpu/l4/hour": -1}},
         "must be a number from 0 to 1,000,000 \\(USD\\), not -1"),
        ({"monthly_requests": 1, "data_must_stay": "yes"}, "data_must_stay must be true or false"),
        ({"monthly_requests": 1, "prompt_models": [], "finetune_models": []}, "at least one model"),
    ],
)
def test_bad_values_are_one_sentence(data: dict, message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        scenario_from_dict(data)


def test_file_errors_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="missing.json: scenario file not found"):
        load_scenario(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{monthly_requests: 3}", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad.json: not valid JSON \(line 1"):
        load_scenario(bad)
    array = tmp_path / "array.json"
    array.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ScenarioError, match="array.json: a scenario must be a JSON object"):
        load_scenario(array)


@pytest.mark.parametrize("field", sorted(LIMITS))
@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1e300, -1e300])
def test_every_numeric_field_refuses_non_finite_and_out_of_range_values(field: str, value: float) -> None:
    # NaN compares false with every bound, so the old `value < low` checks let it through (and the app's fields
    # reach the scenario through scenario_from_dict, so they are covered here)
    with pytest.raises(ScenarioError, match=f"^{field} must be a (whole )?number from ") as refused:
        scenario_from_dict({"monthly_requests": 1, field: value})
    assert refused.value.message("pt").startswith(f"{field} deve ser um número")


def test_limits_accept_their_bounds() -> None:
    for field, (low, high, whole) in LIMITS.items():
        for bound in (low, high):
            value = int(bound) if whole else float(bound)
            assert getattr(scenario_from_dict({"monthly_requests": 1, field: value}), field) == value


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_that_are_not_numbers_are_refused_with_their_line(tmp_path: Path, literal: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(f'{{\n  "monthly_requests": 10,\n  "monthly_growth": {literal}\n}}\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    assert str(refused.value) == f"{path}: {literal} is not a number JSON allows (line 3): write a number"
    assert refused.value.message("pt") == (
        f"{path}: {literal} não é um número aceito em JSON (linha 3): escreva um número")


def test_a_file_python_s_json_cannot_read_is_one_clear_error_in_both_languages(tmp_path: Path) -> None:
    # Found by the hostile suite: a 4,301-digit integer raised ValueError past the JSON error handler.
    path = tmp_path / "s.json"
    path.write_text('{"monthly_requests": ' + "9" * 4301 + "}", encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    assert str(refused.value).startswith(f"{path}: JSON that cannot be read (Exceeds the limit (4300 digits)")
    assert refused.value.message("pt").startswith(f"{path}: JSON que não pode ser lido (")
    (tmp_path / "bad.json").write_text("{\n  oops\n}", encoding="utf-8")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "bad.json")
    assert refused.value.message("pt").endswith("JSON inválido (linha 2: Expecting property name enclosed in double quotes)")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(tmp_path / "missing.json")
    assert refused.value.message("pt") == f"{tmp_path / 'missing.json'}: arquivo de cenário não encontrado"


def test_a_price_override_that_is_not_finite_is_refused() -> None:
    for price in (float("nan"), float("inf")):
        with pytest.raises(ScenarioError, match="must be a number from 0 to 1,000,000"):
            Scenario(monthly_requests=1, price_overrides=(("gpu/l4/hour", price),))
