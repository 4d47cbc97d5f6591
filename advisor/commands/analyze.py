"""`advisor analyze FILE`: format, counts, rejected lines, tokens and platform findings."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from functools import partial

from advisor import i18n
from advisor.analysis import Analysis, analyze, group_issues, prepare_to_analyze, write_analysis_json
from advisor.commands.common import add_dataset_arguments, load_or_report
from advisor.data.atomic_write import print_whole
from advisor.data.formats import format_label
from advisor.data.tokens import DEFAULT_MODEL
from advisor.i18n import term
from advisor.i18n.messages import describe, number
from advisor.profiling.checks.agreement import Agreement
from advisor.profiling.profile import Profile

HELP = "read a dataset: format, counts, rejected lines, tokens, platform checks"
ISSUES_SHOWN = 20



def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_dataset_arguments(parser)
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"model whose tokenizer and limits apply (default {DEFAULT_MODEL})")
    parser.add_argument("--platform", action="append", help="check only this platform (repeatable)")
    parser.add_argument("--validation", help="a validation file: report its examples that also appear in training")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    with prepare_to_analyze(args.file, args.model):  # the token worker counts while the file loads
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
    as_number = partial(number, lang=lang)  # 1,234 / 1.234
    words = i18n.words("analyze", lang)
    file, tokens = analysis.read, analysis.tokens
    lines = [
        f"{words['file']}: {file.source} ({as_number(file.size_bytes)} bytes, {file.container}, "
        f"{file.encoding})",
        f"{words['format']}: {format_label(file.detected_format, lang)}"
        + (" — " + ", ".join(f"{format_label(name, lang)} {as_number(count)}" for name, count in file.format_counts)
           if file.detected_format == "mixed" else ""),
    ]
    if file.columns:
        lines.append(f"{words['columns']}: {file.columns[0]} → {file.columns[1]}")
    # A JSON array's elements are records, not lines (a pretty-printed record spans many lines).
    records = file.container == "json"
    read, kept, rejected = (words["records"], words["kept_records"], words["rejected_records"]) if records else (
        words["lines"], words["kept"], words["rejected"])
    lines.append(
        f"{read}: {as_number(file.lines_read)} = {as_number(file.examples_kept)} {kept} + "
        f"{as_number(file.lines_rejected)} {rejected} + {as_number(file.blank_lines)} {words['blank']}"
    )
    exactness = "" if tokens.exact else f", {words['approximate']}"
    input_total = sum(item.input for item in tokens.per_example)
    output_total = sum(item.output for item in tokens.per_example)
    lines.append(
        f"{words['tokens']} ({tokens.encoding}, {tokens.model}{exactness}): {words['total']} {as_number(tokens.total)} "
        f"({words['input']} {as_number(input_total)}, {words['output']} {as_number(output_total)}); "
        f"{words['per_example']} "
        f"p50 {as_number(tokens.p50)}, p95 {as_number(tokens.p95)}, max {as_number(tokens.max)}"
    )
    if not tokens.exact:
        lines.append(f"  {tokens.note.text(lang) if tokens.note else ''}")
    lines.extend(profile_lines(analysis.profile, words, lang))
    issues = analysis.issues
    severities = Counter(issue.severity for issue in issues)
    lines.append(
        f"{words['issues']}: {as_number(severities['error'])} {words['errors']}, "
        f"{as_number(severities['warning'])} {words['warnings']}"
        if issues else f"{words['issues']}: {words['none']}"
    )
    groups = group_issues(issues)
    for group in groups[:ISSUES_SHOWN]:
        platform = f" [{group.first.platform}]" if group.first.platform else ""
        lines.append(
            f"  {term('severity', group.first.severity, lang):<7} {group.first.code}{platform} — "
            f"{where(group.lines, words, lang)}: "
            f"{describe(group.first, lang)}"
        )
    if len(groups) > ISSUES_SHOWN:
        lines.append(f"  … {as_number(len(groups) - ISSUES_SHOWN)} {words['more']}")
    return "\n".join(lines)


def profile_lines(result: Profile, words: dict[str, str], lang: str) -> list[str]:
    as_number = partial(number, lang=lang)  # 1,234 / 1.234
    task, duplicates = result.task, result.duplicates
    evidence = ", ".join(f"{key}={number(value, lang, 2) if isinstance(value, float) else value}"
                         for key, value in task.evidence)  # the signals by their field names
    languages = ", ".join(f"{term('language', code, lang)} {as_number(count)}"
                          for code, count in result.languages.counts)
    lines = [f"{words['task']}: {term('kind', task.kind, lang)} ({evidence})"]
    if task.labels:
        shown = ", ".join(f"{label} {as_number(count)}" for label, count in task.labels[:12])
        lines.append(f"{words['labels']} ({len(task.labels)}): {shown}{', …' if len(task.labels) > 12 else ''}")
    pii = ", ".join(f"{kind} {as_number(len(found))}" for kind, found in result.personal_data.lines_by_kind if found)
    lines.append(
        f"{words['duplicates']}: {as_number(len(duplicates.exact_groups))} {words['exact_groups']}, "
        f"{'' if result.near_duplicates.complete else '≥ '}{as_number(len(result.near_duplicates.pairs))} "
        f"{words['near_pairs']}, {as_number(len(duplicates.conflicts))} "
        f"{words['conflicts']}; {words['pii']}: {pii or words['none']}; "
        f"{words['languages']}: {languages}"
    )
    pairs = result.preference_pairs
    if pairs is not None:
        lines.append(
            f"{words['pairs']}: {as_number(pairs.pairs)}; {words['chosen_longer']} "
            f"{as_number(pairs.chosen_longer)}/{as_number(pairs.compared)} "
            f"({number(100 * pairs.chosen_longer_share, lang, 1)}%); {words['identical']} "
            f"{as_number(len(pairs.identical))}; "
            f"{words['reversed']} {as_number(len(pairs.reversed))}; {words['tokens']} {words['chosen']} p50 "
            f"{as_number(pairs.chosen_tokens.p50)} ({words['total']} {as_number(pairs.chosen_tokens.total)}), "
            f"{words['rejected_side']} "
            f"p50 {as_number(pairs.rejected_tokens.p50)} ({words['total']} {as_number(pairs.rejected_tokens.total)})"
        )
    if result.agreement is not None:
        lines.append(agreement_line(result.agreement, words, lang))
    if result.leakage is not None:
        lines.append(f"{words['leakage']}: {as_number(len(result.leakage.exact))} {words['exact']}, "
                     f"{as_number(result.leakage.nearly_repeated)} {words['near']}")
    findings = result.findings()
    lines.append(f"{words['findings']}: {len(findings) or words['none']}")
    for finding in findings:
        lines.append(f"  {term('severity', finding.severity, lang):<7} {finding.code} — "
                     f"{where(finding.lines or (0,), words, lang)}: {describe(finding, lang)}")
    return lines


def agreement_line(agreement: Agreement, words: dict[str, str], lang: str) -> str:
    """The annotators' agreement and the ceiling it sets (advisor/profiling/checks/agreement.py), in one line."""
    as_number = partial(number, lang=lang)  # 1,234 / 1.234
    from advisor.profiling.checks.agreement import BAND_NAMES

    def share(value: float | None) -> str:
        return "—" if value is None else f"{as_number(100 * value)}%"

    band = BAND_NAMES[agreement.band][lang] if agreement.band else "—"
    return words["agreement"].format(
        annotators=agreement.annotators, items=as_number(agreement.items), agreement=share(agreement.agreement),
        kind="Cohen" if agreement.kappa_kind == "cohen" else "Fleiss",
        kappa="—" if agreement.kappa is None else number(agreement.kappa, lang, 2), band=band,
        ceiling=share(agreement.ceiling))


def where(lines: tuple[int, ...], words: dict[str, str], lang: str = "en", shown: int = 5) -> str:
    """'file', 'line 7' or '1,204 lines: 3, 9, 12, …'."""
    if lines == (0,):
        return words["file_level"]
    if len(lines) == 1:
        return f"{words['line']} {lines[0]}"
    listed = ", ".join(str(line) for line in lines[:shown]) + (", …" if len(lines) > shown else "")
    return f"{number(len(lines), lang)} {words['lines_word']}: {listed}"
