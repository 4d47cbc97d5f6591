"""The workshop samples in data/samples/ (issues #7 and #18): each loads cleanly, profiles as its lesson needs,
and is exactly what scripts/make_samples.py generates.

The facts a lesson rests on (conflicting labels, valid CNPJs, label balance, tool-call arguments against their
schemas, which reply of a pair is longer) are recomputed here from the raw files, independently of the profile,
so a bug in a check cannot make its own sample pass.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import pytest

import advisor
from advisor.baselines.offline import offline_baselines
from advisor.pricing.comparison import measure_tokens
from advisor.pricing.costs import estimate_training_cost
from advisor.pricing.scenario import Scenario, ScenarioError, scenario_from_dict
from advisor.profiling.profile import profile
from tests.helpers import assert_accounted

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
MANIFEST = tomllib.loads((SAMPLES / "samples.toml").read_text(encoding="utf-8"))["sample"]
BY_ID = {entry["id"]: entry for entry in MANIFEST}
EXPECTED = {"prompting", "in_context", "lora", "full_finetune", "fix_data", "measure"}
# Keys another change is adding to Scenario: the full corpus behind a sample.
CORPUS_KEYS = ("total_examples", "domain_shift")
# A tool-calling record repeats its `tools` list (about 3.9 kB here) on every line, as the format requires.
MAX_BYTES = {"support_tickets.csv": 1_000_000, "clinical_notes_sample.jsonl": 2_000_000,
             "store_tool_calls.jsonl": 2_000_000}
# A CNPJ is never part of a longer number (a NF-e access key holds one among its 44 digits).
_ALONE_BEFORE, _ALONE_AFTER = r"(?<!\d)(?<!\d[.,/-])", r"(?!\d|[.,/-]\d)"
FORMATTED_CNPJ = re.compile(_ALONE_BEFORE + r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}" + _ALONE_AFTER)
BARE_CNPJ = re.compile(_ALONE_BEFORE + r"\d{14}" + _ALONE_AFTER)

samples = pytest.mark.parametrize("entry", MANIFEST, ids=[entry["id"] for entry in MANIFEST])


def load(entry: dict) -> advisor.Dataset:
    return advisor.load(SAMPLES / entry["file"], input_col=entry.get("input_col"), output_col=entry.get("output_col"))


def parse_scenario(data: dict) -> Scenario:
    try:
        return scenario_from_dict(data)
    except ScenarioError as error:
        if not any(key in data and key in str(error) for key in CORPUS_KEYS):
            raise
        # A Scenario that does not know the corpus keys yet: everything else must still parse.
        return scenario_from_dict({key: value for key, value in data.items() if key not in CORPUS_KEYS})


def chat_records(name: str) -> list[list[dict]]:
    path = SAMPLES / name
    return [json.loads(line)["messages"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def normalised(text: str) -> str:
    return " ".join(text.casefold().split())


def cnpj_is_valid(text: str) -> bool:
    """Receita Federal's two check digits, written here apart from advisor/profiling/pii.py and the generator."""
    digits = [int(d) for d in re.sub(r"\D", "", text)]
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    for length in (12, 13):
        weights = [(length - 1 - index) % 8 + 2 for index in range(length)]  # 2..9 from the right, repeating
        remainder = sum(d * w for d, w in zip(digits, weights)) % 11
        if digits[length] != (0 if remainder < 2 else 11 - remainder):
            return False
    return True


def test_the_manifest_lists_seven_samples_one_for_each_answer_and_each_new_kind_of_data() -> None:
    assert len(MANIFEST) == 7
    assert {entry["expected"] for entry in MANIFEST} == EXPECTED
    assert len(BY_ID) == 7
    assert BY_ID["store_tool_calls"]["expected_task_kind"] == "tool_calling"


@samples
def test_sample_file_exists_and_stays_small_enough_for_the_repository(entry: dict) -> None:
    path = SAMPLES / entry["file"]
    assert path.is_file()
    assert path.stat().st_size < MAX_BYTES.get(entry["file"], 1_000_000)


@samples
def test_sample_loads_with_no_rejected_line(entry: dict) -> None:
    dataset = load(entry)
    assert_accounted(dataset)
    assert dataset.lines_read == dataset.examples_kept + dataset.lines_rejected + dataset.blank_lines
    assert dataset.lines_rejected == 0
    assert dataset.examples_kept > 0
    assert not [issue for issue in dataset.issues if issue.severity == "error"]


@samples
def test_sample_says_what_it_teaches_and_its_task_in_both_languages(entry: dict) -> None:
    for key in ("title", "teaches", "task"):
        for lang in ("pt", "en"):
            assert isinstance(entry[f"{key}_{lang}"], str) and len(entry[f"{key}_{lang}"].strip()) > 10, (key, lang)
        assert entry[f"{key}_pt"] != entry[f"{key}_en"]
    assert "\n" not in entry["teaches_pt"] + entry["teaches_en"]
    assert entry["expected"] in EXPECTED


@samples
def test_sample_scenario_is_a_valid_scenario(entry: dict) -> None:
    data = entry["scenario"]
    scenario = parse_scenario(data)
    assert isinstance(scenario, Scenario)
    for key, value in data.items():
        if hasattr(scenario, key):
            assert getattr(scenario, key) == value, key
    if entry["expected"] != "full_finetune":
        assert not set(data) & set(CORPUS_KEYS), "only the full fine-tuning sample describes a larger corpus"


@samples
def test_sample_profiles_as_the_task_kind_its_lesson_needs(entry: dict) -> None:
    result = profile(load(entry))
    assert result.task_kind == entry["expected_task_kind"]


def test_conflict_sample_has_contradictory_labels_on_a_fifth_of_its_distinct_inputs() -> None:
    records = chat_records(BY_ID["intent_conflicts"]["file"])
    keys = [tuple(normalised(message["content"]) for message in messages[:-1]) for messages in records]
    labels: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, messages in zip(keys, records):
        labels[key].add(normalised(messages[-1]["content"]))
    conflicting = sum(1 for found in labels.values() if len(found) > 1)
    assert conflicting >= 0.20 * len(labels)
    assert conflicting <= 0.35 * len(labels)  # a teaching sample, not noise: most inputs stay consistent
    # The lesson names the numbers the recommendation will show (tests/test_recommend.py checks that it does).
    conflicting_lines = sum(1 for key in keys if len(labels[key]) > 1)
    teaches = BY_ID["intent_conflicts"]["teaches_en"]
    assert f"{conflicting} of the {len(labels)} distinct messages" in teaches
    assert f"on {conflicting_lines} of the {len(records)} lines" in teaches


def test_conflict_sample_repeats_messages_that_differ_only_in_case_and_spacing() -> None:
    texts = [messages[-2]["content"] for messages in chat_records(BY_ID["intent_conflicts"]["file"])]
    copies = len(texts) - len({normalised(text) for text in texts})
    variants = len({text for text in texts}) - len({normalised(text) for text in texts})
    assert copies >= 0.10 * len(texts)
    assert variants > 0  # the copies are not byte-identical: case and spacing change


def test_invoice_cnpjs_have_valid_check_digits() -> None:
    records = chat_records(BY_ID["invoices"]["file"])
    for messages in records:
        answer = json.loads(messages[-1]["content"])
        assert list(answer) == ["fornecedor", "cnpj", "data", "valor_total", "moeda"]
        assert FORMATTED_CNPJ.fullmatch(answer["cnpj"]) and cnpj_is_valid(answer["cnpj"]), answer["cnpj"]
        document = messages[-2]["content"]
        found = FORMATTED_CNPJ.findall(document) + BARE_CNPJ.findall(document)
        assert found and all(cnpj_is_valid(cnpj) for cnpj in found), found
        assert re.sub(r"\D", "", answer["cnpj"]) in {re.sub(r"\D", "", cnpj) for cnpj in found}
        assert answer["fornecedor"] in document


def test_cnpj_checker_rejects_a_wrong_check_digit() -> None:
    assert cnpj_is_valid("11.222.333/0001-81")
    assert not cnpj_is_valid("11.222.333/0001-82")
    assert not cnpj_is_valid("11.111.111/1111-11")


def test_ticket_sample_is_twelve_consistent_queues_with_realistic_imbalance() -> None:
    entry = BY_ID["tickets"]
    with (SAMPLES / entry["file"]).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = Counter(row[entry["output_col"]] for row in rows)
    assert len(counts) == 12
    assert 3.0 <= max(counts.values()) / min(counts.values()) <= 5.0
    labels: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        labels[normalised(row[entry["input_col"]])].add(row[entry["output_col"]])
    assert all(len(found) == 1 for found in labels.values()), "identical tickets with different queues"
    assert len(rows) - len(labels) < 0.01 * len(rows)
    english = sum(1 for row in rows if re.search(r"\b(the|my|you|your|is|it|i)\b", row["ticket"], re.I))
    assert 0.3 <= english / len(rows) <= 0.5  # about 60 % Portuguese, 40 % English


def test_ticket_sample_is_learnable_but_not_trivially() -> None:
    result = offline_baselines(load(BY_ID["tickets"]), seed=0)
    accuracy = next(r.score for r in result.results if r.strategy == "logistic_regression" and r.metric == "accuracy")
    assert 0.85 <= accuracy <= 0.97


def store_records() -> list[dict]:
    path = SAMPLES / BY_ID["store_tool_calls"]["file"]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_tool_call_sample_calls_its_six_tools_with_arguments_that_fit_the_schemas_but_three() -> None:
    from jsonschema import Draft202012Validator

    records = store_records()
    tools = records[0]["tools"]
    assert all(record["tools"] == tools for record in records)
    schemas = {tool["function"]["name"]: tool["function"]["parameters"] for tool in tools}
    assert len(schemas) == 6
    called: Counter = Counter()
    missing, off_schema = [], []
    for number, record in enumerate(records, start=1):
        last = record["messages"][-1]
        assert last["role"] == "assistant" and "content" not in last and len(last["tool_calls"]) == 1
        function = last["tool_calls"][0]["function"]
        called[function["name"]] += 1
        arguments = json.loads(function["arguments"])
        errors = list(Draft202012Validator(schemas[function["name"]]).iter_errors(arguments))
        if any(error.validator == "required" for error in errors):
            missing.append(number)
        elif errors:
            off_schema.append(number)
        # The arguments are read from the customer's words: the order number's digits are in what the user wrote.
        said = re.sub(r"\D", "", " ".join(m["content"] for m in record["messages"] if m["role"] == "user"))
        if "numero_pedido" in arguments:
            assert arguments["numero_pedido"] in said
    assert set(called) == set(schemas)
    assert len(missing) == 2 and len(off_schema) == 1  # the defects the lesson asks to fix
    result = profile(load(BY_ID["store_tool_calls"]))
    assert (result.tool_calls.missing_required, result.tool_calls.off_schema) == (tuple(missing), tuple(off_schema))
    assert result.tool_calls.valid_calls == len(records) - 3


def test_tool_call_sample_lesson_states_the_numbers_the_profile_shows() -> None:
    entry = BY_ID["store_tool_calls"]
    result = profile(load(entry))
    summary = result.tool_calls.summary()["tool_calls"]
    per_request = summary["tool_definition_tokens"]
    # Every request carries the same six definitions, so every count is the same figure.
    assert per_request["p50"] == per_request["max"] == per_request["total"] // per_request["requests"]
    tokens, requests = per_request["p50"], entry["scenario"]["monthly_requests"]
    assert f"add {tokens} tokens to every request" in entry["teaches_en"]
    assert f"somam {tokens} tokens a cada requisição" in entry["teaches_pt"]
    assert f"{tokens * requests / 1e9:.2f} billion tokens of definitions" in entry["teaches_en"]
    assert f"{summary['calls']} conversations, {len(summary['functions'])} tools" in entry["teaches_en"]
    english = sum(1 for record in store_records()
                  if re.search(r"\b(my|the|order|please|can|I)\b", record["messages"][-2]["content"]))
    assert 0.08 <= english / summary["calls"] <= 0.25  # Portuguese first, some English


def tone_records() -> list[dict]:
    path = SAMPLES / BY_ID["tone_preferences"]["file"]
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_preference_sample_is_trl_pairs_whose_chosen_reply_is_longer_in_a_stated_share() -> None:
    entry = BY_ID["tone_preferences"]
    records = tone_records()
    assert all(set(record) == {"prompt", "chosen", "rejected"} for record in records)
    words = [(len(r["chosen"][0]["content"].split()), len(r["rejected"][0]["content"].split())) for r in records]
    longer = sum(1 for chosen, rejected in words if chosen > rejected)
    assert all(chosen != rejected for chosen, rejected in words)  # every pair says which side is longer
    # Above the profile's 80 % rule (Park et al. 2024), and the shorter-wins pairs are still a real share.
    assert 0.80 < longer / len(records) < 0.90
    assert f"in {longer} of the {len(records)} pairs ({100 * longer / len(records):.1f} %)" in entry["teaches_en"]
    pairs = profile(load(entry)).preference_pairs
    assert (pairs.pairs, pairs.compared, pairs.chosen_longer) == (len(records), len(records), longer)
    assert pairs.length_shortcut and not pairs.identical and not pairs.reversed and not pairs.duplicate_groups
    prompts = [normalised(record["prompt"][-1]["content"]) for record in records]
    assert len(set(prompts)) == len(prompts)


def test_preference_sample_is_priced_as_dpo_on_a_lora_adapter() -> None:
    tokens = measure_tokens(load(BY_ID["tone_preferences"])).encoding("o200k_base")
    assert tokens.preference
    cost = estimate_training_cost(tokens, "together", "llama-3.1-8b", method="lora")
    # FACTS.md §4b, Together's price page copy of 2026-02-13: DPO, up to 16B, LoRA — US$ 1.20 per 1M tokens.
    assert (cost.kind, cost.method, cost.usd_per_mtok) == ("dpo", "lora", 1.20)


def test_the_new_lessons_say_what_the_recommendation_shows() -> None:
    from advisor.data.samples import sample
    from advisor.decide.advice import advise

    def advice_for(sample_id: str):  # noqa: ANN202 - advisor.decide.recommend.Recommendation
        chosen = sample(sample_id)
        return advise(chosen.load(), parse_scenario(chosen.scenario_fields), task=chosen.text("task", "en")
                      ).recommendation

    tools = advice_for("store_tool_calls")  # "… (Llama 3.1 8B) is the cheapest route over 12 months"
    assert tools.next_step == "lora"
    assert tools.best.route.key == "lora/together/llama-3.1-8b"
    assert "cheapest_option" in {point.code for point in tools.best.reasons}
    tone = advice_for("tone_preferences")  # "DPO on a LoRA adapter … leads on cost … measure first"
    assert tone.next_step == "measure" and tone.best.option == "lora"
    assert tone.measure.why.code == "measure_open_ended"
    assert "DPO" in tone.best.route.training_detail.text()


def test_generator_check_mode_finds_the_committed_files_identical() -> None:
    done = subprocess.run([sys.executable, "scripts/make_samples.py", "--check"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_generator_check_mode_reports_an_edited_file(tmp_path: Path) -> None:
    script = [sys.executable, str(ROOT / "scripts" / "make_samples.py"), "--out", str(tmp_path)]
    assert subprocess.run(script, capture_output=True, timeout=120).returncode == 0
    edited = tmp_path / "translation_pairs.jsonl"
    edited.write_bytes(edited.read_bytes().replace(b"pedido", b"pedid0", 1))
    done = subprocess.run(script + ["--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "translation_pairs.jsonl" in done.stderr and "samples.toml" not in done.stderr
