"""The recommendation on scenarios whose right answer the literature and platform rules give (FACTS.md §1, §2, §6).

Each scenario builds its data here, runs the real flow (load → profile → offline baselines → costs →
recommend) and checks the answer and that its reasons name numbers computed independently in the test.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest

from advisor.baselines.budget import Budget, resolve_price
from advisor.baselines.client import ChatClient, Endpoint, RetryPolicy
from advisor.baselines.llm import plan_llm_baselines, run_llm_baselines
from advisor.data.loader import load
from advisor.data.samples import load_samples, sample
from advisor.decide.advice import DocumentError, advice_to_dict, advise, dumps, load_document, parse_document
from advisor.decide.recommend import VERDICTS, Evidence, recommend, recommendation_to_dict
from advisor.pricing.scenario import scenario_from_dict
from tests.llm_server import LLMServer, classification_rows, last_user_text, true_label, write_jsonl

TODAY = date(2026, 11, 25)
QUEUES = {
    "billing": "charge invoice card payment debited twice amount statement",
    "login": "password login reset account locked two-factor code sign",
    "shipping": "package delivery tracking courier arrived address late",
    "refund": "refund money back return reimbursement credit reversal",
    "cancellation": "cancel subscription plan end contract stop renewal",
    "bug": "error crash app screen freezes button broken bug",
    "privacy": "data delete personal gdpr consent export information",
    "product": "size colour model specification compatible warranty feature",
    "complaint": "rude service terrible experience manager unhappy complaint",
    "partnership": "partner reseller wholesale affiliate proposal business",
    "security": "phishing hacked suspicious fraud stolen breach unauthorized",
    "invoice_tax": "tax receipt fiscal document cnpj nota issued vat",
}
FILLER = ("please", "hello", "today", "my", "the", "again", "since", "yesterday", "order", "help", "urgent", "thanks",
          "I", "need", "it", "still", "was", "with", "your", "team", "could", "you", "check", "this")


def chat(user: str, answer: str, system: str | None = None) -> dict:
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
    return {"messages": messages}


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def tickets(count: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        queue = list(QUEUES)[index % len(QUEUES)]
        words = rng.sample(QUEUES[queue].split(), 3) + rng.sample(FILLER, 6) + [f"#{index}"]
        rng.shuffle(words)
        rows.append(chat(" ".join(words), queue, "Route the ticket to one queue."))
    return rows


def answers(count: int, seed: int = 0) -> list[dict]:
    """Free-text questions and answers, all different."""
    rng = random.Random(seed)
    topics = ["invoice", "delivery", "password", "refund", "warranty", "contract", "shipping", "account"]
    rows = []
    for index in range(count):
        topic = rng.choice(topics)
        rows.append(chat(f"Question {index}: how do I handle a {topic} issue for customer {rng.randint(1, 10**6)}?",
                         f"For a {topic} issue, open the {topic} page, check case {index} and reply within "
                         f"{rng.randint(1, 9)} days with the reference {rng.randint(1000, 9999)}."))
    return rows


def run(path: Path, llm=None, target: float | None = None, **scenario):
    dataset = load(path)
    advice = advise(dataset, scenario_from_dict({"monthly_requests": 1000, **scenario}), task="test",
                    target=target, today=TODAY)
    if llm is not None:
        recommendation = recommend(advice.analysis.profile, Evidence(advice.evidence.offline, advice.evidence.curve,
                                                                      llm), advice.comparison, target=target)
        return advice, recommendation
    return advice, advice.recommendation


def codes(points) -> set[str]:
    return {point.code for point in points}


def by_option(recommendation) -> dict:
    return {item.option: item for item in recommendation.ranking}


# --- the scenarios -----------------------------------------------------------------------------------------


def test_a_handful_of_examples_at_low_volume_is_a_prompting_job(tmp_path: Path) -> None:
    # FACTS §2: OpenAI rejects fewer than 10 examples and gains start at 50-100; §6: prompt first.
    _, result = run(write(tmp_path / "few.jsonl", answers(8)), monthly_requests=1000)
    assert result.best.option == "prompting" and result.best.verdict == "recommended"
    options = by_option(result)
    assert options["lora"].verdict == "not_advised" and options["full_finetune"].verdict == "not_advised"
    minimum = next(point for point in options["lora"].reasons if point.code == "below_platform_minimum")
    assert dict(minimum.args)["examples"] == 8 and dict(minimum.args)["openai"] == 10
    assert "8 examples" in minimum.text("en") and "8 exemplos" in minimum.text("pt")
    assert result.confidence == "low"  # nothing measured, eight examples
    assert result.hyperparameters == ()  # no training path to configure


def test_thousands_of_consistent_labels_at_millions_of_requests_is_a_lora_job(tmp_path: Path) -> None:
    # FACTS §6: LoRA fine-tunes of small models win narrow classification tasks (LoRA Land); in-context
    # learning pays for its demonstrations on every request (T-Few), which millions of requests magnify.
    path = write(tmp_path / "tickets.jsonl", tickets(1800))
    advice, result = run(path, monthly_requests=3_000_000)
    assert result.best.option == "lora" and result.best.verdict == "recommended"
    reasons = {point.code: dict(point.args) for point in result.best.reasons}
    # Issue #13 item 4: LIMA's evidence is about style; labels get OpenAI's guide, with its source by title.
    assert reasons["plenty_of_examples_narrow"]["examples"] == "1,800" and "plenty_of_examples" not in reasons
    plenty = next(point for point in result.best.reasons if point.code == "plenty_of_examples_narrow")
    assert [source.title for source in plenty.sources] == ["Fine-tuning guide (best practices)"]
    learnable_point = next(point for point in result.best.reasons if point.code == "learnable_offline")
    assert learnable_point.to_dict()["sources"][0]["url"] == "https://arxiv.org/abs/2405.00732"  # LoRA Land
    learnable = reasons["learnable_offline"]
    best = advice.evidence.offline.best()
    assert learnable["score"] == f"{best.score:.2f}" and learnable["n"] == 1800
    # the cost reason names the cheapest route of the comparison, recomputed here
    routes = [route for route in advice.comparison.routes if route.status not in ("closed", "unpriced")
              and route.horizon_total is not None]
    cheapest = min(routes, key=lambda route: route.horizon_total.usd)
    assert cheapest.option == "lora" and reasons["cheapest_option"]["route"] == cheapest.title
    # the volume is above the break-even, and the answer says below which volume it would change
    assert result.break_even is not None and result.break_even.monthly_requests < 3_000_000
    assert "change_break_even_down" in codes(result.what_would_change)


def test_conflict_heavy_data_says_fix_the_data_first_with_the_line_count(tmp_path: Path) -> None:
    rows = tickets(300, seed=3)
    rng = random.Random(1)
    conflicted = rng.sample(range(300), 40)
    for index in conflicted:  # the same input again with another queue
        twin = json.loads(json.dumps(rows[index]))
        twin["messages"][-1]["content"] = "complaint" if twin["messages"][-1]["content"] != "complaint" else "bug"
        rows.append(twin)
    _, result = run(write(tmp_path / "conflicts.jsonl", rows), monthly_requests=50_000)
    assert result.next_step == "fix_data"
    block = next(point for point in result.fix_first if point.code == "conflicts_block")
    # 40 inputs, each on two lines with different answers: 80 lines in 40 groups (counted from the plan above)
    assert dict(block.args)["lines"] == 80 and dict(block.args)["groups"] == 40
    assert "80" in block.text("pt")
    options = by_option(result)
    assert options["lora"].verdict == options["full_finetune"].verdict == "not_advised"
    assert result.confidence == "low"


def test_data_that_must_stay_on_premises_gets_self_hosted_routes_only(tmp_path: Path) -> None:
    path = write(tmp_path / "tickets.jsonl", tickets(600, seed=4))
    _, result = run(path, monthly_requests=200_000, data_must_stay=True)
    routes = [item.route for item in result.ranking if item.route is not None]
    assert routes and all(route.hosting == "self_hosted" for route in routes)
    assert all("self_hosted_only" in codes(item.reasons) for item in result.ranking if item.route is not None)
    assert "change_allow_hosted" in codes(result.what_would_change)


def test_long_instructions_at_high_volume_favour_fine_tuning(tmp_path: Path) -> None:
    # FACTS §6: fine-tune "when the per-request prompt cost is the problem"; a fine-tuned model drops the
    # instructions every prompted request pays for.
    path = write(tmp_path / "answers.jsonl", answers(400, seed=5))
    _, busy = run(path, monthly_requests=2_000_000, instruction_tokens=4000)
    assert busy.best.option in ("lora", "full_finetune")
    instructions = next(point for point in busy.best.reasons if point.code == "long_instructions")
    assert dict(instructions.args)["tokens"] == "4,000"
    # 4,000 instruction tokens on 2M requests: US$ 3,200 a month at gpt-4.1-mini's US$ 0.40/1M input (FACTS §4)
    prompting = next(point for point in by_option(busy)["prompting"].reasons if point.code == "costlier_option")
    assert float(dict(prompting.args)["ratio"].replace(",", "")) >= 10
    # the same data with short instructions at a small volume: money no longer tells the options apart
    _, quiet = run(path, monthly_requests=500, instruction_tokens=100)
    assert "long_instructions" not in codes(by_option(quiet)["lora"].reasons)
    assert codes(by_option(quiet)["prompting"].reasons) & {"as_cheap_option", "cheapest_option"}


def test_a_zero_shot_score_at_the_target_makes_prompting_the_answer(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "things.jsonl", classification_rows(150))
    dataset = load(path)
    plan = plan_llm_baselines(dataset, "test-model", task_text="Say what the item is.", shots=3, sample=40, seed=2)
    with LLMServer(rule=lambda body: true_label(last_user_text(body))) as server:  # always right
        with ChatClient(Endpoint(server.base_url, "test-model", "sk-test"), RetryPolicy(timeout=5)) as client:
            llm = run_llm_baselines(plan, client, Budget(1.0, resolve_price("test-model", 1.0, 4.0)))
    zero = next(result for result in llm.results if result.strategy == "zero_shot")
    assert zero.score == 1.0 and zero.n == len(plan.evaluated) >= 30  # the server was always right
    _, result = run(path, llm=llm, monthly_requests=10_000)
    assert result.best.option == "prompting"
    meets = next(point for point in result.best.reasons if point.code == "llm_zero_shot_meets")
    assert dict(meets.args)["score"] == "1.00" and dict(meets.args)["n"] == len(plan.evaluated)
    assert "confidence_llm_measured" in codes(result.confidence_reasons)


def test_few_shot_reaching_the_target_when_zero_shot_does_not_is_in_context(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "things.jsonl", classification_rows(150))
    dataset = load(path)
    plan = plan_llm_baselines(dataset, "test-model", task_text="Say what the item is.", shots=3, sample=40, seed=2)

    def rule(body: dict) -> str:  # right only when demonstrations precede the question
        demonstrated = sum(message["role"] == "assistant" for message in body["messages"]) > 0
        return true_label(last_user_text(body)) if demonstrated else "no idea"

    with LLMServer(rule=rule) as server:
        with ChatClient(Endpoint(server.base_url, "test-model", "sk-test"), RetryPolicy(timeout=5)) as client:
            llm = run_llm_baselines(plan, client, Budget(1.0, resolve_price("test-model", 1.0, 4.0)))
    _, result = run(path, llm=llm, monthly_requests=10_000)
    options = by_option(result)
    assert "llm_zero_shot_short" in codes(options["prompting"].reasons)
    assert "llm_few_shot_meets" in codes(options["in_context"].reasons)
    assert options["in_context"].score > options["prompting"].score


def test_full_fine_tuning_needs_a_huge_corpus_with_domain_shift(tmp_path: Path) -> None:
    # FACTS §6 (Biderman et al., 2024): full fine-tuning clearly beats LoRA on billions of tokens of a new
    # domain; on small instruction data LoRA comes close and forgets less.
    path = write(tmp_path / "notes.jsonl", answers(300, seed=6))
    _, small = run(path, monthly_requests=100_000)
    assert by_option(small)["full_finetune"].verdict == "not_advised"
    _, huge = run(path, monthly_requests=100_000, total_examples=30_000_000, domain_shift=True, data_must_stay=True)
    assert huge.best.option == "full_finetune"
    reason = next(point for point in huge.best.reasons if point.code == "full_domain_shift_large")
    assert "billion" in dict(reason.args)["tokens"]
    assert huge.hyperparameter_path == "full"
    assert {item.name for item in huge.hyperparameters} >= {"learning_rate", "epochs", "batch_size"}


# --- structure ----------------------------------------------------------------------------------------------


def test_every_reason_renders_in_both_languages_and_names_a_number(tmp_path: Path) -> None:
    _, result = run(write(tmp_path / "tickets.jsonl", tickets(400, seed=7)), monthly_requests=100_000)
    for item in result.ranking:
        assert item.verdict in VERDICTS and 0 <= item.score <= 100
        for point in item.reasons:
            english, portuguese = point.text("en"), point.text("pt")
            assert english != portuguese and "{" not in english + portuguese
            if point.weight and point.code != "simplest_first":
                assert any(character.isdigit() for character in english), english
    assert [item.verdict for item in result.ranking].count("recommended") == 1
    assert result.ranking[0].verdict == "recommended"
    assert [item.score for item in result.ranking if not item.blocked] == sorted(
        (item.score for item in result.ranking if not item.blocked), reverse=True)


def test_lora_hyperparameters_come_from_the_catalog_with_sources(tmp_path: Path) -> None:
    _, result = run(write(tmp_path / "tickets.jsonl", tickets(1200, seed=8)), monthly_requests=3_000_000)
    assert result.hyperparameter_path == "lora"
    values = {item.name: item for item in result.hyperparameters}
    assert values["lora_r"].value == 64 and values["lora_alpha"].value == 16  # QLoRA paper, appendix B
    assert values["learning_rate"].value == pytest.approx(2e-4)  # an 8B model: the 7B/13B row
    assert values["epochs"].value == 3  # cookbook: 1,200 × 3 lies between 100 and 25,000 (FACTS §2)
    assert values["validation_share"].value == pytest.approx(120 / 1200)
    assert all(item.source for item in result.hyperparameters)


def test_the_json_contract_and_the_saved_analysis_reopen_without_the_data(tmp_path: Path) -> None:
    path = write(tmp_path / "tickets.jsonl", tickets(300, seed=9))
    advice, _ = run(path, monthly_requests=100_000)
    data = recommendation_to_dict(advice.recommendation)
    assert [item["option"] for item in data["ranking"]] == [item.option for item in advice.recommendation.ranking]
    assert {"ranking", "confidence", "break_even_monthly_requests", "what_would_change", "hyperparameters"} <= set(data)
    assert set(data["ranking"][0]) >= {"option", "verdict", "score", "reasons", "costs"}
    assert {item["option"] for item in data["ranking"]} == {"prompting", "in_context", "lora", "full_finetune"}
    saved = tmp_path / "analysis.json"
    saved.write_text(dumps(advice_to_dict(advice)), encoding="utf-8")
    path.unlink()  # reopened without the data
    document = load_document(saved)
    assert document["recommendation"] == json.loads(json.dumps(data))
    assert document["analysis"]["examples_kept"] == 300
    with pytest.raises(DocumentError, match="schema"):
        parse_document(json.dumps({"ranking": []}))
    with pytest.raises(DocumentError, match="JSON"):
        parse_document("{not json")


def test_baselines_run_on_a_stratified_sample_of_a_large_file_and_say_so(tmp_path: Path) -> None:
    from collections import Counter

    from advisor.baselines.offline import evidence_sample
    from advisor.decide.advice import measure_evidence

    dataset = load(write(tmp_path / "tickets.jsonl", tickets(900, seed=10)))
    distinct = len({(example.messages, example.final_output()) for example in dataset.examples})
    sampled, sample = evidence_sample(dataset, "classification", 300, seed=1)
    assert len(sampled.examples) == 300 and len({example.line for example in sampled.examples}) == 300
    assert [example.line for example in sampled.examples] == sorted(example.line for example in sampled.examples)
    # stratified: each label keeps its share of the distinct examples, to within one example
    whole = Counter(example.final_output() for example in dataset.examples)
    drawn = Counter(example.final_output() for example in sampled.examples)
    assert all(abs(drawn[label] - count * 300 / distinct) < 1 for label, count in whole.items())
    assert (sample.in_file, sample.distinct, sample.used) == (900, distinct, 300)
    assert sample.message() == f"Scored on a stratified sample of 300 of {distinct} distinct examples (900 in the file)."
    evidence = measure_evidence(dataset, "classification", limit=300)
    assert evidence.offline.examples == 300 and all(result.n == 300 for result in evidence.offline.results)
    assert evidence.offline.sample == evidence.curve.sample
    assert evidence_sample(dataset, "classification", 5000)[0] is dataset or distinct < 900


@pytest.mark.parametrize("sample_id", [item.id for item in load_samples()])
def test_each_workshop_sample_reaches_the_answer_it_teaches(sample_id: str) -> None:
    # The expected answers and their grounds are written in data/samples/samples.toml (`expected`, `teaches`):
    # FACTS §2 (too few examples to train), §6 (format taught by demonstrations; LoRA for consistent narrow
    # tasks at volume; full fine-tuning for billions of tokens with domain shift); conflicts fixed first.
    chosen = sample(sample_id)
    advice = advise(chosen.load(), scenario_from_dict(chosen.scenario_fields), task=chosen.text("task", "en"),
                    today=TODAY)
    assert advice.recommendation.next_step == chosen.expected
    if chosen.expected == "fix_data":
        block = advice.recommendation.fix_first[0]
        lines = sum(len(group.lines) for group in advice.analysis.profile.duplicates.conflicts)
        assert dict(block.args)["lines"] == lines
