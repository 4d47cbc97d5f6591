"""Platform rules: each rule with a planted violation at a known line and a clean counterpart.

Datasets are built directly from advisor.data.model (no loader). Boundary numbers are re-typed here from
FACTS.md §1-3, not read from data/platforms.toml, so a wrong edit of the table fails a test.
"""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from advisor.data import formats
from advisor.data.model import Dataset, Example, Issue, Message, ToolCall
from advisor.data.tokens import ExampleTokens, TokenSummary
from advisor.i18n.messages import describe
from advisor.profiling.validate import (
    CHECKS,
    DEFAULT_RULES_PATH,
    MESSAGES,
    Rules,
    checks_for,
    find_example_count,
    load_platform_rules,
    platform_rules_from_dict,
    validate,
)

# 2026-01-01: before every dated event in FACTS.md §1, so no door is closed yet.
EARLY = date(2026, 1, 1)
AVAILABILITY_CODES = set(next(check.codes for check in CHECKS if check.name == "availability"))
MIB = 1 << 20


# --- builders -------------------------------------------------------------------------------


def m(role: str, content: str | None = "text", weight: int | None = None) -> Message:
    return Message(role, content, weight=weight)


def chat(line: int, *roles: str, keys: tuple[str, ...] = ("messages",), fmt: str = "openai_chat") -> Example:
    return Example(line, fmt, tuple(m(role) for role in roles), keys=keys)


def good_chat(line: int) -> Example:
    return chat(line, "user", "assistant")


def bedrock(line: int, *messages: Message, system: str | None = "Be brief.") -> Example:
    lead = (m("system", system),) if system is not None else ()
    keys = ("system", "messages") if system is not None else ("messages",)
    return Example(line, "bedrock", (*lead, *messages), keys=keys)


def dataset(examples, size_bytes: int = 1000, container: str = "jsonl") -> Dataset:
    examples = tuple(examples)
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.format] = counts.get(example.format, 0) + 1
    return Dataset(
        source="test.jsonl",
        detected_format=next(iter(counts)) if len(counts) == 1 else "mixed",
        format_counts=tuple(counts.items()),
        examples=examples,
        issues=(),
        lines_read=len(examples),
        lines_rejected=0,
        blank_lines=0,
        encoding="utf-8",
        size_bytes=size_bytes,
        container=container,
    )


def padded(examples, total: int, make=good_chat) -> Dataset:
    """`examples` (at lines 1..k) followed by clean ones up to `total` examples."""
    examples = list(examples)
    return dataset(examples + [make(line) for line in range(len(examples) + 1, total + 1)])


def _bedrock_ds(planted: Example) -> Dataset:
    return padded([planted], 40, make=lambda line: bedrock(line, m("user"), m("assistant")))


def token_summary(*items: ExampleTokens, model: str = "gpt-4.1-mini") -> TokenSummary:
    totals = sorted(item.total for item in items) or [0]
    return TokenSummary(model, "o200k_base", True, "", sum(totals), totals[-1], sum(totals) / len(totals),
                        totals[len(totals) // 2], totals[-1], tuple(items))


def tokens_of(ds: Dataset, **overrides: int) -> TokenSummary:
    """Every example 100 tokens, except lines given as overrides (e.g. l3=65_537)."""
    return token_summary(*(ExampleTokens(e.line, overrides.get(f"l{e.line}", 100), 50, 50) for e in ds.examples))


def findings(ds: Dataset, platform: str, tokens: TokenSummary | None = None, model: str = "gpt-4.1-mini",
             today: date = EARLY) -> list[Issue]:
    """Findings for one platform, availability left out (tested on its own below)."""
    issues = validate(ds, tokens, platforms=[platform], model=model, today=today)
    assert all(issue.platform == platform for issue in issues)
    return [issue for issue in issues if issue.code not in AVAILABILITY_CODES]


def only(issues: list[Issue], code: str) -> list[Issue]:
    return [issue for issue in issues if issue.code == code]


# --- the table ------------------------------------------------------------------------------


def test_every_toml_table_and_row_has_source_and_as_of():
    raw = tomllib.loads(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    rows = 0
    for key, table in raw["platforms"].items():
        assert isinstance(table["source"], str) and table["source"].strip(), key
        assert isinstance(table["as_of"], date), key
        for list_name in ("token_limits", "availability"):
            for row in table.get(list_name, []):
                rows += 1
                assert isinstance(row["source"], str) and row["source"].strip(), (key, list_name, row)
                assert isinstance(row["as_of"], date), (key, list_name, row)
    assert rows >= 10


def test_table_holds_the_facts():
    rules = load_platform_rules()
    assert set(rules.keys) >= {"openai", "bedrock", "together", "fireworks"}
    openai, bedrock_rules = rules.get("openai"), rules.get("bedrock")
    assert openai.min_examples == 10 and openai.max_file_bytes == 512 * MIB
    assert set(openai.roles) == {"system", "user", "assistant", "tool", "function"}
    assert openai.weights == (0, 1)
    nano = openai.token_limit("gpt-4.1-nano")[0]
    assert nano.tokens == 32_768 and not nano.verified  # Azure's table, not OpenAI's
    assert bedrock_rules.forbidden_strings == ("\nHuman:", "\nAssistant:")
    assert (bedrock_rules.min_examples, bedrock_rules.max_examples) == (32, 10_000)
    assert rules.get("fireworks").max_examples == 3_000_000


def test_rules_are_cached_and_unknown_platforms_refused():
    assert load_platform_rules() is load_platform_rules()
    with pytest.raises(ValueError, match="unknown platform"):
        validate(dataset([good_chat(1)]), None, platforms=["azure"])


def test_a_row_without_source_or_with_a_typo_is_refused():
    table = {"name": "X", "source": "doc", "as_of": date(2026, 1, 1)}
    with pytest.raises(ValueError, match="source"):
        platform_rules_from_dict({"platforms": {"x": {**table, "source": ""}}})
    with pytest.raises(ValueError, match="as_of"):
        undated = {"model": "", "tokens": 5, "source": "doc"}
        platform_rules_from_dict({"platforms": {"x": {**table, "token_limits": [undated]}}})
    with pytest.raises(ValueError, match="min_exampels"):
        platform_rules_from_dict({"platforms": {"x": {**table, "min_exampels": 3}}})


def test_checks_are_listed_per_platform():
    names = {key: {check.name for check in checks_for(load_platform_rules().get(key))}
             for key in ("openai", "bedrock", "fireworks")}
    assert names["fireworks"] == {"example_count", "formats", "data_kinds"}
    assert {"forbidden_strings", "turn_order", "extra_keys"} <= names["bedrock"]
    assert "forbidden_strings" not in names["openai"] and "weights" in names["openai"]


# --- example counts (FACTS.md §2, §3) ---------------------------------------------------------


@pytest.mark.parametrize(("count", "expected"), [
    (9, {"too_few_examples"}), (10, {"below_recommended_examples"}), (49, {"below_recommended_examples"}), (50, set()),
])
def test_openai_example_count(count, expected):
    issues = findings(padded([], count), "openai")
    assert {issue.code for issue in issues} == expected
    assert all(issue.line == 0 for issue in issues)
    if count == 9:
        assert issues[0].severity == "error" and issues[0].arg("minimum") == 10 and issues[0].arg("count") == 9
    if count == 10:
        assert issues[0].severity == "warning"


@pytest.mark.parametrize(("count", "expected"), [
    (31, {"too_few_examples"}), (32, set()), (10_000, set()), (10_001, {"too_many_examples"}),
])
def test_bedrock_record_count(count, expected):
    issues = findings(padded([], count, make=lambda line: bedrock(line, m("user"), m("assistant"))), "bedrock")
    assert {issue.code for issue in issues} == expected
    assert all(issue.severity == "error" and issue.line == 0 for issue in issues)


@pytest.mark.parametrize(("count", "expected"), [
    (2, {"too_few_examples"}), (3, set()), (3_000_000, set()), (3_000_001, {"too_many_examples"}),
])
def test_fireworks_example_count(count, expected):
    # One example object repeated: the count check only measures the length.
    ds = dataset((good_chat(1),) * count)
    issues = find_example_count(ds, None, Rules(load_platform_rules().get("fireworks"), today=EARLY))
    assert {issue.code for issue in issues} == expected


# --- per-example token limits (FACTS.md §2, §3) -------------------------------------------------


@pytest.mark.parametrize(("model", "limit"), [
    ("gpt-4.1-mini", 65_536), ("gpt-4o", 65_536), ("gpt-4o-mini-2024-07-18", 65_536), ("gpt-4.1-2025-04-14", 65_536),
    ("gpt-4.1-nano-2025-04-14", 32_768), ("gpt-3.5-turbo-0125", 16_385), ("gpt-3.5-turbo-1106", 16_385),
    ("gpt-3.5-turbo-0613", 4_096), ("ft:gpt-4o-mini-2024-07-18:acme::abc123", 65_536),
])
def test_openai_truncation_limit_by_model(model, limit):
    ds = padded([], 60)
    at_limit = findings(ds, "openai", tokens_of(ds, l7=limit), model=model)
    assert at_limit == []
    over = findings(ds, "openai", tokens_of(ds, l7=limit + 1), model=model)
    assert [(issue.line, issue.code, issue.severity) for issue in over] == [(7, "example_truncated", "warning")]
    assert over[0].arg("limit") == limit and over[0].arg("tokens") == limit + 1


def test_unknown_model_uses_the_documented_default_and_says_so():
    ds = padded([], 60)
    issues = findings(ds, "openai", tokens_of(ds, l3=65_537), model="o4-mini")
    assert [(issue.line, issue.code) for issue in issues] == [(0, "model_limit_assumed"), (3, "example_truncated")]
    assert issues[0].arg("assumed_model") == "gpt-4.1-mini" and issues[0].arg("limit") == 65_536


def test_bedrock_rejects_records_of_32000_tokens_or_more():
    ds = padded([], 40, make=lambda line: bedrock(line, m("user"), m("assistant")))
    assert findings(ds, "bedrock", tokens_of(ds, l5=31_999)) == []
    issues = findings(ds, "bedrock", tokens_of(ds, l5=32_000))
    assert [(issue.line, issue.code, issue.severity) for issue in issues] == [(5, "example_too_long", "error")]


def test_no_token_counts_means_no_token_findings():
    ds = padded([], 60)
    assert findings(ds, "openai", None) == []


def test_preference_length_is_the_longer_trained_sequence_not_the_sum():
    ds = padded([], 60)
    # input 30k + preferred 20k = 50k and input 30k + rejected 20k = 50k: both fit 65,536; their sum does not.
    dpo = ExampleTokens(4, 70_000, 30_000, 20_000, rejected=20_000)
    items = [dpo if e.line == 4 else ExampleTokens(e.line, 100, 50, 50) for e in ds.examples]
    assert findings(ds, "openai", token_summary(*items)) == []


# --- structure of one record ------------------------------------------------------------------


def test_extra_keys_are_reported_where_the_platform_rejects_them():
    planted = bedrock(7, m("user"), m("assistant"))
    planted = Example(7, "bedrock", planted.messages, keys=("system", "messages", "metadata"))
    issues = findings(padded([*(bedrock(i, m("user"), m("assistant")) for i in range(1, 7)), planted], 40,
                             make=lambda line: bedrock(line, m("user"), m("assistant"))), "bedrock")
    assert [(issue.line, issue.code, issue.arg("keys")) for issue in issues] == [(7, "extra_keys", "metadata")]
    # OpenAI has no such rule: the same key is fine there.
    openai_ds = padded([Example(7, "openai_chat", (m("user"), m("assistant")), keys=("messages", "metadata"))], 60)
    assert findings(openai_ds, "openai") == []


def test_together_allows_only_its_keys_per_format():
    ds = padded([Example(2, "openai_chat", (m("user"), m("assistant")), keys=("messages", "metadata"))], 5)
    issues = findings(ds, "together")
    assert [(issue.line, issue.code) for issue in issues] == [(2, "extra_keys")]


def test_together_takes_tool_calls_for_its_function_calling_bases():
    """Issue #18, item 2: Together's function-calling fine-tuning accepts `tools`, assistant `tool_calls` and
    `tool` results (FACTS.md §3); the old rule rejected every such record as an extra key."""
    call = ToolCall("get_weather", '{"city": "Lima"}', "c1")
    flow = (m("user"), Message("assistant", None, tool_calls=(call,)), Message("tool", "18 C", tool_call_id="c1"),
            m("assistant"))
    tool_call = Example(3, "openai_chat", flow, tools=('{"type": "function", "function": {"name": "get_weather"}}',),
                        keys=("messages", "tools"))
    issues = findings(padded([good_chat(1), good_chat(2), tool_call], 5), "together")
    assert [(issue.line, issue.severity, issue.code) for issue in issues] == [(0, "warning", "tool_calls_base_limited")]
    text = describe(issues[0])
    assert "(1 example, on line 3)" in text and "Qwen 2.5" in text and "Llama 3.1" in text and "2026-12-03" in text
    assert "(1 exemplo, na linha 3)" in describe(issues[0], "pt")
    assert findings(padded([], 5), "together") == []  # no tool call: no warning


def _tool_call_example(line: int) -> Example:
    call = ToolCall("get_weather", '{"city": "Lima"}', "c1")
    return Example(line, "openai_chat", (m("user"), Message("assistant", None, tool_calls=(call,))),
                   tools=('{"type": "function", "function": {"name": "get_weather"}}',), keys=("messages", "tools"))


@pytest.mark.parametrize(("platform", "expected"), [
    # FACTS.md §3: OpenAI and Together take tool-call data (Together for listed bases only); Claude 3 Haiku on
    # Bedrock takes user/assistant text turns; Fireworks' SFT page documents system/user/assistant roles only.
    ("openai", None), ("together", ("warning", "tool_calls_base_limited")),
    ("bedrock", ("error", "tool_calls_not_taken")), ("fireworks", ("error", "tool_calls_not_taken")),
])
def test_each_platform_says_whether_it_fine_tunes_on_tool_calls(platform, expected):
    examples = [_tool_call_example(line) for line in range(1, 41)]
    ds = dataset(examples)
    kinds = [(issue.severity, issue.code) for issue in validate(ds, None, platforms=platform, today=date(2026, 12, 3))
             if issue.code.startswith("tool_calls_")]
    assert kinds == ([expected] if expected else [])
    if expected and expected[1] == "tool_calls_not_taken":
        issue = next(issue for issue in validate(ds, None, platforms=platform, today=date(2026, 12, 3))
                     if issue.code == "tool_calls_not_taken")
        assert "40 examples, from line 1" in describe(issue) and "40 exemplos, a partir da linha 1" in describe(
            issue, "pt")


def test_preference_pairs_on_openai_are_limited_to_gpt_4_1_and_refused_by_bedrock():
    pair = Example(1, "preference", (m("user"),), preferred=(m("assistant"),), rejected=(Message("assistant", "no"),),
                   keys=("input", "preferred_output", "non_preferred_output"))
    ds = dataset([pair])
    def codes(model: str) -> dict:
        return {issue.platform: issue.code for issue in validate(ds, None, platforms=("openai", "bedrock", "together"),
                                                                 model=model, today=date(2026, 12, 3))
                if issue.code.startswith("preference_")}

    assert codes("gpt-4o-mini") == {"openai": "preference_base_limited", "bedrock": "preference_not_taken"}
    assert codes("gpt-4.1-mini") == {"bedrock": "preference_not_taken"}  # a listed base: nothing to choose


def test_a_data_kind_rule_needs_a_known_kind_and_a_boolean():
    table = {"name": "X", "source": "doc", "as_of": date(2026, 1, 1)}
    row = {"kind": "tool_calls", "takes": True, "source": "doc", "as_of": date(2026, 1, 1), "bases": ["Qwen3"]}
    rules = platform_rules_from_dict({"platforms": {"x": {**table, "data_kinds": [row]}}})
    rule = rules.get("x").data_rule("tool_calls")
    assert rule.takes_model("qwen3-8b") and not rule.takes_model("gemma-2-9b")
    with pytest.raises(ValueError, match="kind"):
        platform_rules_from_dict({"platforms": {"x": {**table, "data_kinds": [{**row, "kind": "tools"}]}}})
    with pytest.raises(ValueError, match="takes"):
        platform_rules_from_dict({"platforms": {"x": {**table, "data_kinds": [{**row, "takes": "yes"}]}}})


def test_role_not_allowed_once_per_role_with_its_field():
    planted = bedrock(5, m("user"), m("assistant"), m("tool"), m("assistant"), m("tool"), system=None)
    ds = padded([*(bedrock(i, m("user"), m("assistant")) for i in range(1, 5)), planted], 40,
                make=lambda line: bedrock(line, m("user"), m("assistant")))
    issues = findings(ds, "bedrock")
    assert [(i.line, i.code, i.arg("role"), i.arg("field")) for i in issues if i.code == "role_not_allowed"] == [
        (5, "role_not_allowed", "tool", "messages[2]")]


def test_openai_accepts_its_roles_and_warns_on_developer():
    clean = padded([chat(3, "system", "user", "assistant", "tool", "assistant", "function", "assistant")], 60)
    assert findings(clean, "openai") == []
    issues = findings(padded([chat(3, "developer", "user", "assistant")], 60), "openai")
    assert [(i.line, i.code, i.severity, i.arg("field")) for i in issues] == [
        (3, "role_undocumented", "warning", "messages[0]")]


def test_bedrock_system_prompt_belongs_in_the_top_level_field():
    assert findings(_bedrock_ds(bedrock(2, m("user"), m("assistant"))), "bedrock") == []
    issues = findings(_bedrock_ds(chat(2, "system", "user", "assistant")), "bedrock")
    # One finding for the misplaced system message, not a second "does not start with user" for it.
    assert [(i.line, i.code, i.arg("field")) for i in issues] == [(2, "system_not_top_level", "messages[0]")]


def test_together_system_message_only_first():
    assert findings(padded([chat(1, "system", "user", "assistant")], 5), "together") == []
    issues = findings(padded([chat(1, "system", "user", "system", "assistant")], 5), "together")
    assert [(i.line, i.code, i.arg("field")) for i in issues] == [(1, "system_not_first", "messages[2]")]


def test_bedrock_turn_order_rules():
    clean = bedrock(1, m("user"), m("assistant"), m("user"), m("assistant"))
    assert findings(_bedrock_ds(clean), "bedrock") == []

    repeated = findings(_bedrock_ds(bedrock(1, m("user"), m("user"), m("assistant"))), "bedrock")
    assert [(i.line, i.code, i.arg("field"), i.arg("role")) for i in repeated] == [
        (1, "not_alternating", "messages[1]", "user")]

    starts = findings(_bedrock_ds(bedrock(1, m("assistant"), m("user"), m("assistant"))), "bedrock")
    assert [(i.line, i.code, i.arg("role")) for i in starts] == [(1, "first_not_user", "assistant")]

    ends = findings(_bedrock_ds(bedrock(1, m("user"), m("assistant"), m("user"))), "bedrock")
    assert [(i.line, i.code, i.arg("role")) for i in ends] == [(1, "last_not_assistant", "user")]

    # One message is too few; that is the finding, not also "does not end with the assistant".
    short = findings(_bedrock_ds(bedrock(1, m("user"))), "bedrock")
    assert [(i.line, i.code, i.arg("count"), i.arg("minimum")) for i in short] == [(1, "too_few_messages", 1, 2)]


def test_together_alternation_after_the_optional_system_message():
    assert findings(padded([chat(1, "system", "user", "assistant", "user", "assistant")], 5), "together") == []
    issues = findings(padded([chat(1, "system", "user", "assistant", "assistant")], 5), "together")
    assert [(i.line, i.code, i.arg("field")) for i in issues] == [(1, "not_alternating", "messages[3]")]


def test_assistant_required():
    no_reply = findings(padded([chat(2, "user")], 5), "together")
    assert [(i.line, i.code) for i in no_reply] == [(2, "no_assistant")]
    silenced = Example(4, "openai_chat", (m("user"), m("assistant", weight=0), m("user"), m("assistant", weight=0)),
                       keys=("messages",))
    issues = findings(padded([silenced], 60), "openai")
    assert [(i.line, i.code, i.severity) for i in issues] == [(4, "no_trained_assistant", "error")]
    trained = Example(4, "openai_chat", (m("user"), m("assistant", weight=0), m("user"), m("assistant", weight=1)),
                      keys=("messages",))
    assert findings(padded([trained], 60), "openai") == []
    # Together only needs an assistant message; weight 0 everywhere is its user's choice.
    assert findings(padded([silenced], 5), "together") == []


def test_preference_reply_counts_as_the_assistant_turn():
    example = Example(1, "preference", (m("system"), m("user")), preferred=(m("assistant"),),
                      rejected=(m("assistant"),), keys=("input", "preferred_output", "non_preferred_output"))
    assert findings(padded([example], 60, make=lambda line: Example(
        line, "preference", example.messages, preferred=example.preferred, rejected=example.rejected,
        keys=example.keys)), "openai") == []


def test_bad_weight():
    planted = Example(4, "openai_chat", (m("user"), m("assistant", weight=1), m("assistant", weight=2)),
                      keys=("messages",))
    issues = findings(padded([planted], 60), "openai")
    assert [(i.line, i.code, i.arg("field"), i.arg("weight")) for i in issues] == [(4, "bad_weight", "messages[2]", 2)]
    clean = Example(4, "openai_chat", (m("user"), m("assistant", weight=0), m("user"), m("assistant", weight=1)),
                    keys=("messages",))
    assert findings(padded([clean], 60), "openai") == []


def test_forbidden_strings_in_messages_and_in_the_system_field():
    clean = bedrock(3, m("user", "Human: hi"), m("assistant", "Assistant: hello"))  # no leading newline: allowed
    assert findings(_bedrock_ds(clean), "bedrock") == []
    planted = bedrock(3, m("user", "ok\nHuman: more"), m("assistant"), system="rules\nAssistant: x")
    issues = findings(_bedrock_ds(planted), "bedrock")
    assert [(i.line, i.code, i.arg("string"), i.arg("field")) for i in issues] == [
        (3, "forbidden_string", "\\nHuman:", "messages[0]"), (3, "forbidden_string", "\\nAssistant:", "system")]


# --- formats and files ------------------------------------------------------------------------


def test_another_format_is_information_once_per_format_naming_the_export():
    alpaca = [Example(line, "alpaca", (m("user"), m("assistant")), keys=("instruction", "output")) for line in (4, 9)]
    issues = findings(padded(alpaca, 60), "openai")
    assert [(i.line, i.severity, i.code, i.arg("format"), i.arg("count"), i.arg("first_line")) for i in issues] == [
        (0, "info", "format_needs_export", formats.FORMAT_LABELS["alpaca"], 2, 4)]
    assert "“advisor export --to openai”" in describe(issues[0])  # issue #14 item 2: say what the export does
    # what the platform takes, by the formats' names in the reader's language; one example said as one
    assert "; OpenAI takes OpenAI chat (messages), OpenAI legacy prompt/completion, Preference" in describe(issues[0])
    assert "; OpenAI aceita Chat da OpenAI (messages), Prompt/completion antigo da OpenAI, Pares de" in describe(
        issues[0], "pt")
    one = findings(padded(alpaca[:1], 60), "openai")
    assert describe(one[0]).startswith("1 example (on line 4) is in the format Alpaca")
    assert describe(one[0], "pt").startswith("1 exemplo (na linha 4) está no formato Alpaca")
    assert describe(issues[0], "pt").startswith("2 exemplos (o primeiro na linha 4) estão no formato Alpaca")
    fireworks = findings(padded(alpaca, 60), "fireworks")
    assert [(i.severity, i.arg("target")) for i in fireworks] == [("info", "openai")]  # Fireworks reads OpenAI chat
    # Bedrock takes plain {"messages": [...]} records (the loader calls them openai_chat).
    assert findings(padded([], 40), "bedrock") == []


def test_together_refuses_mixed_formats():
    text = Example(3, "text", (m("assistant"),), keys=("text",))
    issues = findings(padded([good_chat(1), good_chat(2), text], 5), "together")
    assert [(i.line, i.code, i.arg("majority"), i.arg("count"), i.arg("first_line")) for i in issues] == [
        (0, "single_format_required", formats.FORMAT_LABELS["openai_chat"], 1, 3)]
    # the formats and counts in the reader's words, and one example said as one
    assert "mixes formats (OpenAI chat (messages) 4, Plain text (text) 1);" in describe(issues[0], "en")
    assert "mistura formatos (Chat da OpenAI (messages) 4, Texto puro (text) 1);" in describe(issues[0], "pt")
    assert "Convert the 1 example that is not OpenAI chat (messages) (it is on line 3)." in describe(issues[0], "en")
    assert "Converta o 1 exemplo que não está em Chat da OpenAI (messages) (ele está na linha 3)." in describe(
        issues[0], "pt")
    assert findings(dataset([text, Example(4, "text", (m("assistant"),), keys=("text",))]), "together") == []


def test_training_file_size_limit():
    assert findings(dataset(padded([], 60).examples, size_bytes=512 * MIB), "openai") == []
    issues = findings(dataset(padded([], 60).examples, size_bytes=512 * MIB + 1), "openai")
    assert [(i.line, i.code, i.arg("size_mb"), i.arg("limit_mb")) for i in issues] == [
        (0, "training_file_too_large", 513, 512)]
    # A CSV is converted before upload, so its own size says nothing about the JSONL sent.
    assert findings(dataset(padded([], 60).examples, size_bytes=600 * MIB, container="csv"), "openai") == []


# --- availability (FACTS.md §1) -----------------------------------------------------------------


def availability(platform: str, today: date, model: str = "gpt-4.1-mini") -> list[tuple[str, str]]:
    issues = validate(padded([], 60), None, platforms=[platform], model=model, today=today)
    return [(issue.code, issue.severity) for issue in issues if issue.code in AVAILABILITY_CODES]


def test_openai_closed_to_new_users_then_closing_then_closed():
    assert availability("openai", date(2026, 5, 6)) == [("platform_closing", "warning"), ("model_retiring", "warning")]
    assert availability("openai", date(2026, 5, 7))[0] == ("platform_closed_to_new_users", "warning")
    issues = validate(padded([], 60), None, platforms=["openai"], today=date(2027, 1, 5))
    closing = only(list(issues), "platform_closing")[0]
    assert (closing.arg("date"), closing.arg("days")) == ("2027-01-06", 1)
    # From 2027-01-06 the door is closed: one error, and nothing that reads as still open.
    assert availability("openai", date(2027, 1, 6)) == [("platform_closed", "error")]
    assert availability("openai", date(2027, 6, 1)) == [("platform_closed", "error")]


def test_bedrock_claude_3_haiku_end_of_life():
    assert availability("bedrock", date(2026, 9, 9)) == [("platform_closing", "warning")]
    assert availability("bedrock", date(2026, 9, 10)) == [("platform_closed", "error")]


def test_model_retirement_follows_the_chosen_model():
    # gpt-4.1-nano is retired earlier (2026-10-23) than gpt-4.1-mini (2027-01-14).
    assert ("model_retired", "error") in availability("openai", date(2026, 11, 25), model="gpt-4.1-nano-2025-04-14")
    assert ("model_retiring", "warning") in availability("openai", date(2026, 11, 25), model="gpt-4.1-mini")
    unlisted = availability("openai", date(2026, 11, 25), model="gpt-3.5-turbo")
    assert not any(code.startswith("model_") for code, _ in unlisted)


def test_platforms_without_dated_events_report_none():
    assert availability("together", date(2030, 1, 1)) == [] and availability("fireworks", date(2030, 1, 1)) == []


# --- messages -------------------------------------------------------------------------------


def kitchen_sink() -> Dataset:
    """One dataset that trips every rule of every platform somewhere."""
    return dataset([
        chat(1, "system", "user", "system", "assistant"),
        Example(2, "openai_chat", (m("developer"), m("user"), m("assistant", weight=2)), keys=("messages", "extra")),
        chat(3, "user"),
        Example(4, "openai_chat", (m("user"), m("assistant", weight=0)), keys=("messages",)),
        bedrock(5, m("assistant", "a\nHuman: b"), m("user"), m("user")),
        bedrock(6, m("user")),
        Example(7, "alpaca", (m("user"), m("assistant")), keys=("instruction", "output")),
        Example(8, "openai_chat", (m("user"), m("assistant"), m("tool")), tools=("{}",), keys=("messages",)),
        Example(9, "preference", (m("user"),), preferred=(m("assistant"),), rejected=(m("assistant"),),
                keys=("input", "preferred_output", "non_preferred_output")),
        Example(10, "text", (m("assistant"),), keys=("text",)),
        Example(11, "preference", (m("user"),), preferred=(m("assistant"),), rejected=(m("assistant"),),
                keys=("prompt", "chosen", "rejected")),
    ], size_bytes=11 * 1024 * MIB)


def test_every_code_is_produced_somewhere_and_renders_in_both_languages():
    ds = kitchen_sink()
    issues = list(validate(ds, tokens_of(ds, l1=70_000), model="o4-mini", today=date(2026, 6, 1)))
    issues += validate(ds, tokens_of(ds), platforms=["openai", "bedrock"], model="gpt-4.1-nano", today=date(2027, 2, 1))
    issues += validate(padded([], 20_000), None, platforms=["bedrock"], today=EARLY)
    issues += validate(ds, tokens_of(ds), today=date(2026, 11, 25))  # every platform: Bedrock's door has closed
    for today in (date(2026, 10, 1), date(2026, 11, 1)):  # gpt-4.1-nano retiring, then retired
        issues += validate(padded([], 20), None, platforms=["openai"], model="gpt-4.1-nano", today=today)
    produced = {issue.code for issue in issues}
    declared = {code for check in CHECKS for code in check.codes}
    assert produced == declared == set(MESSAGES)
    for issue in issues:
        assert dict(issue.args)["platform"]
        for lang in ("en", "pt"):
            text = describe(issue, lang)
            assert "{" not in text and text.strip(), (issue, lang)


def test_templates_have_both_languages_and_distinct_wording():
    for code, templates in MESSAGES.items():
        assert set(templates) == {"en", "pt"}, code
        assert templates["en"] != templates["pt"], code


def test_findings_are_ordered_by_line_with_file_level_first():
    ds = kitchen_sink()
    lines = [issue.line for issue in validate(ds, None, today=EARLY)]
    assert lines == sorted(lines) and lines[0] == 0


def test_single_platform_name_is_not_split_into_letters():
    assert validate(padded([], 60), None, platforms="openai", today=EARLY) == validate(
        padded([], 60), None, platforms=["openai"], today=EARLY)


def test_a_closed_platform_gets_one_line_unless_asked_for_by_name():
    # Claude 3 Haiku fine-tuning on Bedrock ended on 2026-09-10 (FACTS §1): by default one file-level line
    ds = kitchen_sink()
    after = date(2026, 11, 25)
    default = [issue for issue in validate(ds, tokens_of(ds), today=after) if issue.platform == "bedrock"]
    assert [(issue.line, issue.code) for issue in default] == [(0, "platform_closed_skipped")]
    assert "2026-09-10" in describe(default[0], "en") and "--platform" in describe(default[0], "pt")
    named = validate(ds, tokens_of(ds), platforms=["bedrock"], today=after)
    assert {issue.code for issue in named} > {"platform_closed", "system_not_top_level"}
    before = [issue for issue in validate(ds, tokens_of(ds), today=date(2026, 6, 1)) if issue.platform == "bedrock"]
    assert "system_not_top_level" in {issue.code for issue in before}  # while open, every rule is checked


def test_a_preference_pair_in_another_layout_is_one_note_not_an_error_a_line():
    """Issue #18 (before/after point 3): TRL's prompt/chosen/rejected on Together was 200 'remove these keys'
    errors — advice that deletes the data. The export rewrites the layout: one info, as for another format."""
    pairs = [Example(line, "preference", (m("user"),), preferred=(m("assistant"),),
                     rejected=(Message("assistant", "no"),), keys=("prompt", "chosen", "rejected"))
             for line in range(1, 41)]
    for platform, target in (("together", "together"), ("openai", "openai")):
        issues = [issue for issue in validate(dataset(pairs), None, platforms=platform, model="gpt-4.1-mini",
                                              today=date(2026, 12, 3)) if issue.code != "platform_closed_to_new_users"]
        relaid = [issue for issue in issues if issue.code == "layout_needs_export"]
        assert [issue.code for issue in issues if issue.severity == "error"] == []
        assert len(relaid) == 1 and relaid[0].severity == "info" and relaid[0].arg("count") == 40
        assert f"“advisor export --to {target}”" in describe(relaid[0])
    native = [Example(1, "preference", (m("user"),), preferred=(m("assistant"),), rejected=(m("assistant"),),
                      keys=("input", "preferred_output", "non_preferred_output"))]
    assert not [issue for issue in validate(dataset(native), None, platforms="together", today=date(2026, 12, 3))
                if issue.code == "layout_needs_export"]


@pytest.mark.parametrize("name", ["openai_chat.jsonl", "bedrock.jsonl", "sharegpt.jsonl", "alpaca.jsonl",
                                  "prompt_completion.jsonl", "preference.jsonl", "text_category.csv"])
def test_every_check_run_before_the_token_counts_finds_what_it_finds_with_them(name: str) -> None:
    """start_validation runs the checks outside TOKEN_CHECKS before the counts exist (tokens=None): a check that
    reads them but is not listed there would find something else, or fail, here."""
    from pathlib import Path

    from advisor.data.loader import load
    from advisor.profiling.validate import TOKEN_CHECKS

    ds = load(Path(__file__).parent / "fixtures" / "formats" / name)
    # every example far over every limit: a count that any check read would show
    tokens = tokens_of(ds, **{f"l{example.line}": 5_000_000 for example in ds.examples})
    rules = load_platform_rules()
    compared = 0
    for platform in rules.platforms:
        for check in checks_for(platform):
            # a context each: a context caches what its checks read from the dataset
            without, counted = (check.find(ds, given, Rules(platform, "gpt-4.1-mini", EARLY)) for given in (None, tokens))
            if check.name in TOKEN_CHECKS:
                assert without != counted  # the counts above are seen: the comparison below can fail
            else:
                assert without == counted, (platform.key, check.name)
                compared += 1
    assert compared > 20
