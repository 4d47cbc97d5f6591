"""`advisor analyze FILE`: format, counts, rejected lines, tokens and platform findings."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from advisor.analysis import Analysis, analyze, group_issues, write_analysis_json
from advisor.atomic_write import print_whole
from advisor.checks.agreement import Agreement
from advisor.profile import Profile
from advisor.formats import FORMAT_LABELS
from advisor.commands.common import add_dataset_arguments, load_or_report
from advisor.messages import describe, number
from advisor.tokens import DEFAULT_MODEL

HELP = "read a dataset: format, counts, rejected lines, tokens, platform checks"
ISSUES_SHOWN = 20

LABELS = {
    "en": {
        "file": "File", "format": "Format", "columns": "Columns", "lines": "Lines read",
        "kept": "kept", "rejected": "rejected", "blank": "blank", "tokens": "Tokens",
        "per_example": "per example", "total": "total", "input": "input", "output": "output",
        "issues": "Issues", "more": "more; use --json for all", "none": "none",
        "approximate": "approximate", "errors": "errors", "warnings": "warnings", "file_level": "whole file",
        "line": "line", "lines_word": "lines",
        "task": "Task", "labels": "Labels", "duplicates": "Duplicates", "exact_groups": "exact groups",
        "near_pairs": "near pairs", "conflicts": "conflicting inputs", "pii": "personal data",
        "languages": "languages", "leakage": "Leakage into validation", "findings": "Data findings",
        "agreement": "Annotators {annotators} ({items} items rated by 2+): agreement {agreement}, {kind} kappa "
        "{kappa} ({band}); ceiling for any option {ceiling}",
        "records": "Records read", "kept_records": "kept", "rejected_records": "rejected", "pairs": "Preference pairs", "chosen_longer": "chosen longer",
        "identical": "identical", "reversed": "reversed", "chosen": "chosen", "rejected_side": "rejected",
    },
    "pt": {
        "file": "Arquivo", "format": "Formato", "columns": "Colunas", "lines": "Linhas lidas",
        "kept": "mantidas", "rejected": "rejeitadas", "blank": "em branco", "tokens": "Tokens",
        "per_example": "por exemplo", "total": "total", "input": "entrada", "output": "saída",
        "issues": "Problemas", "more": "a mais; use --json para ver todos", "none": "nenhum",
        "approximate": "aproximado", "errors": "erros", "warnings": "avisos", "file_level": "arquivo inteiro",
        "line": "linha", "lines_word": "linhas",
        "task": "Tarefa", "labels": "Rótulos", "duplicates": "Duplicados", "exact_groups": "grupos exatos",
        "near_pairs": "pares quase iguais", "conflicts": "entradas em conflito", "pii": "dados pessoais",
        "languages": "idiomas", "leakage": "Vazamento para a validação", "findings": "Apontamentos dos dados",
        "agreement": "Anotadores {annotators} ({items} itens com 2+ rótulos): concordância {agreement}, kappa de "
        "{kind} {kappa} ({band}); teto de qualquer opção {ceiling}",
        "records": "Registros lidos", "kept_records": "mantidos", "rejected_records": "rejeitados",
        "pairs": "Pares de preferência", "chosen_longer": "escolhida mais longa",
        "identical": "idênticos", "reversed": "invertidos", "chosen": "escolhida", "rejected_side": "rejeitada",
    },
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"model whose tokenizer and limits apply (default {DEFAULT_MODEL})")
    parser.add_argument("--platform", action="append", help="check only this platform (repeatable)")
    parser.add_argument("--validation", help="a validation file: report its examples that also appear in training")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    dataset = load_or_report(args)
    if dataset is None:
        return 2
    validation = None
    if args.validation:
        validation = load_or_report(argparse.Namespace(**{**vars(args), "file": args.validation}))
        if validation is None:
            return 2
    analysis = analyze(dataset, model=args.model, platforms=args.platform, validation=validation)
    if args.json:
        write_analysis_json(analysis, sys.stdout, args.lang)
    else:
        print_whole(summary_text(analysis, args.lang))
    return 0


def summary_text(analysis: Analysis, lang: str = "en") -> str:
    words = LABELS[lang]
    dataset, tokens = analysis.dataset, analysis.tokens
    lines = [
        f"{words['file']}: {dataset.source} ({dataset.size_bytes:,} bytes, {dataset.container}, {dataset.encoding})",
        f"{words['format']}: {FORMAT_LABELS.get(dataset.detected_format, dataset.detected_format)}"
        + (f" — {dict(dataset.format_counts)}" if dataset.detected_format == "mixed" else ""),
    ]
    if dataset.columns:
        lines.append(f"{words['columns']}: {dataset.columns[0]} → {dataset.columns[1]}")
    # A JSON array's elements are records, not lines (a pretty-printed record spans many lines).
    records = dataset.container == "json"
    read, kept, rejected = (words["records"], words["kept_records"], words["rejected_records"]) if records else (
        words["lines"], words["kept"], words["rejected"])
    lines.append(
        f"{read}: {dataset.lines_read:,} = {dataset.examples_kept:,} {kept} + "
        f"{dataset.lines_rejected:,} {rejected} + {dataset.blank_lines:,} {words['blank']}"
    )
    exactness = "" if tokens.exact else f", {words['approximate']}"
    input_total = sum(item.input for item in tokens.per_example)
    output_total = sum(item.output for item in tokens.per_example)
    lines.append(
        f"{words['tokens']} ({tokens.encoding}, {tokens.model}{exactness}): {words['total']} {tokens.total:,} "
        f"({words['input']} {input_total:,}, {words['output']} {output_total:,}); {words['per_example']} "
        f"p50 {tokens.p50:,}, p95 {tokens.p95:,}, max {tokens.max:,}"
    )
    if not tokens.exact:
        lines.append(f"  {tokens.note}")
    lines.extend(profile_lines(analysis.profile, words, lang))
    issues = analysis.issues
    severities = Counter(issue.severity for issue in issues)
    lines.append(
        f"{words['issues']}: {severities['error']:,} {words['errors']}, {severities['warning']:,} {words['warnings']}"
        if issues else f"{words['issues']}: {words['none']}"
    )
    groups = group_issues(issues)
    for group in groups[:ISSUES_SHOWN]:
        platform = f" [{group.first.platform}]" if group.first.platform else ""
        lines.append(
            f"  {group.first.severity:<7} {group.first.code}{platform} — {where(group.lines, words)}: "
            f"{describe(group.first, lang)}"
        )
    if len(groups) > ISSUES_SHOWN:
        lines.append(f"  … {len(groups) - ISSUES_SHOWN:,} {words['more']}")
    return "\n".join(lines)


def profile_lines(result: Profile, words: dict[str, str], lang: str) -> list[str]:
    task, duplicates = result.task, result.duplicates
    lines = [f"{words['task']}: {task.kind} ({', '.join(f'{key} {value}' for key, value in task.evidence)})"]
    if task.labels:
        shown = ", ".join(f"{label} {count:,}" for label, count in task.labels[:12])
        lines.append(f"{words['labels']} ({len(task.labels)}): {shown}{', …' if len(task.labels) > 12 else ''}")
    pii = ", ".join(f"{kind} {len(found):,}" for kind, found in result.personal_data.lines_by_kind if found)
    lines.append(
        f"{words['duplicates']}: {len(duplicates.exact_groups):,} {words['exact_groups']}, "
        f"{len(result.near_duplicates.pairs):,} {words['near_pairs']}, {len(duplicates.conflicts):,} "
        f"{words['conflicts']}; {words['pii']}: {pii or words['none']}; "
        f"{words['languages']}: {', '.join(f'{code} {count:,}' for code, count in result.languages.counts)}"
    )
    pairs = result.preference_pairs
    if pairs is not None:
        lines.append(
            f"{words['pairs']}: {pairs.pairs:,}; {words['chosen_longer']} {pairs.chosen_longer:,}/{pairs.compared:,} "
            f"({number(100 * pairs.chosen_longer_share, lang, 1)}%); {words['identical']} {len(pairs.identical):,}; "
            f"{words['reversed']} {len(pairs.reversed):,}; {words['tokens']} {words['chosen']} p50 "
            f"{pairs.chosen_tokens.p50:,} ({words['total']} {pairs.chosen_tokens.total:,}), {words['rejected_side']} "
            f"p50 {pairs.rejected_tokens.p50:,} ({words['total']} {pairs.rejected_tokens.total:,})"
        )
    if result.agreement is not None:
        lines.append(agreement_line(result.agreement, words, lang))
    if result.leakage is not None:
        lines.append(f"{words['leakage']}: {len(result.leakage.exact):,} exact, {len(result.leakage.near):,} near")
    findings = result.findings()
    lines.append(f"{words['findings']}: {len(findings) or words['none']}")
    for finding in findings:
        lines.append(f"  {finding.severity:<7} {finding.code} — {where(finding.lines or (0,), words)}: {describe(finding, lang)}")
    return lines


def agreement_line(agreement: Agreement, words: dict[str, str], lang: str) -> str:
    """The annotators' agreement and the ceiling it sets (advisor/checks/agreement.py), in one line."""
    from advisor.checks.agreement import BAND_NAMES

    def share(value: float | None) -> str:
        return "—" if value is None else f"{number(100 * value, lang)}%"

    band = BAND_NAMES[agreement.band][lang] if agreement.band else "—"
    return words["agreement"].format(
        annotators=agreement.annotators, items=number(agreement.items, lang), agreement=share(agreement.agreement),
        kind="Cohen" if agreement.kappa_kind == "cohen" else "Fleiss",
        kappa="—" if agreement.kappa is None else number(agreement.kappa, lang, 2), band=band,
        ceiling=share(agreement.ceiling))


def where(lines: tuple[int, ...], words: dict[str, str], shown: int = 5) -> str:
    """'file', 'line 7' or '1,204 lines: 3, 9, 12, …'."""
    if lines == (0,):
        return words["file_level"]
    if len(lines) == 1:
        return f"{words['line']} {lines[0]}"
    listed = ", ".join(str(line) for line in lines[:shown]) + (", …" if len(lines) > shown else "")
    return f"{len(lines):,} {words['lines_word']}: {listed}"
