"""Every string the app shows, in English and Brazilian Portuguese."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "title": {"en": "Fine-tuning decision advisor", "pt": "Consultor de decisão de fine-tuning"},
    "subtitle": {
        "en": "Prompt, add examples, train a LoRA or fine-tune the whole model? Start by measuring your data.",
        "pt": "Prompt, exemplos no prompt, LoRA ou fine-tuning completo? Comece medindo os seus dados.",
    },
    "language": {"en": "Language / Idioma", "pt": "Idioma / Language"},
    "model": {"en": "Target model (tokenizer and limits)", "pt": "Modelo-alvo (tokenizador e limites)"},
    "step_data": {"en": "1. Data", "pt": "1. Dados"},
    "upload": {
        "en": "Upload a dataset (JSONL, JSON, CSV, TSV, Parquet, XLSX; .gz accepted)",
        "pt": "Envie um dataset (JSONL, JSON, CSV, TSV, Parquet, XLSX; aceita .gz)",
    },
    "task": {"en": "Describe the task", "pt": "Descreva a tarefa"},
    "task_help": {
        "en": "What should the model do? E.g. 'Classify support tickets into one of 12 queues'.",
        "pt": "O que o modelo deve fazer? Ex.: 'Classificar chamados de suporte em uma de 12 filas'.",
    },
    "format_override": {"en": "Read the file as", "pt": "Ler o arquivo como"},
    "auto": {"en": "detect automatically", "pt": "detectar automaticamente"},
    "input_col": {"en": "Input column", "pt": "Coluna de entrada"},
    "output_col": {"en": "Output column", "pt": "Coluna de saída"},
    "choose_columns": {
        "en": "Choose which columns hold the input and the expected output.",
        "pt": "Escolha quais colunas têm a entrada e a saída esperada.",
    },
    "waiting": {
        "en": "Upload a file to start. Nothing leaves this machine.",
        "pt": "Envie um arquivo para começar. Nada sai desta máquina.",
    },
    "reading": {"en": "Reading the file…", "pt": "Lendo o arquivo…"},
    "analysing": {
        "en": "Counting tokens and profiling the data (about 30 seconds per 100,000 examples)…",
        "pt": "Contando tokens e analisando os dados (cerca de 30 segundos a cada 100.000 exemplos)…",
    },
    "format": {"en": "Format", "pt": "Formato"},
    "lines_read": {"en": "Lines read", "pt": "Linhas lidas"},
    "kept": {"en": "Examples kept", "pt": "Exemplos mantidos"},
    "rejected": {"en": "Lines rejected", "pt": "Linhas rejeitadas"},
    "blank": {"en": "Blank lines", "pt": "Linhas em branco"},
    "columns_used": {"en": "Columns used", "pt": "Colunas usadas"},
    "rejected_table": {"en": "Rejected lines", "pt": "Linhas rejeitadas"},
    "no_rejected": {"en": "No line was rejected.", "pt": "Nenhuma linha foi rejeitada."},
    "warnings_table": {"en": "Warnings", "pt": "Avisos"},
    "tokens": {"en": "Tokens", "pt": "Tokens"},
    "tokens_total": {"en": "Total tokens", "pt": "Tokens no total"},
    "tokens_input": {"en": "Input tokens", "pt": "Tokens de entrada"},
    "tokens_output": {"en": "Output tokens (trained)", "pt": "Tokens de saída (treinados)"},
    "tokens_p50": {"en": "Median per example", "pt": "Mediana por exemplo"},
    "tokens_p95": {"en": "p95 per example", "pt": "p95 por exemplo"},
    "tokens_max": {"en": "Longest example", "pt": "Maior exemplo"},
    "tokens_chart": {"en": "Tokens per example", "pt": "Tokens por exemplo"},
    "approximate": {
        "en": "Counts use {encoding} as an approximation for {model}.",
        "pt": "As contagens usam {encoding} como aproximação para {model}.",
    },
    "exact": {
        "en": "Exact counts with {encoding}, the tokenizer of {model}.",
        "pt": "Contagem exata com {encoding}, o tokenizador de {model}.",
    },
    "platforms": {"en": "Platform checks", "pt": "Verificações por plataforma"},
    "no_findings": {"en": "No platform finding.", "pt": "Nenhum apontamento das plataformas."},
    "col_line": {"en": "Line", "pt": "Linha"},
    "col_severity": {"en": "Severity", "pt": "Gravidade"},
    "col_code": {"en": "Code", "pt": "Código"},
    "col_reason": {"en": "Reason", "pt": "Motivo"},
    "col_platform": {"en": "Platform", "pt": "Plataforma"},
    "col_lines": {"en": "Lines", "pt": "Linhas"},
    "whole_file": {"en": "whole file", "pt": "arquivo inteiro"},
    "load_error": {"en": "The file could not be read", "pt": "Não foi possível ler o arquivo"},
    "nothing_read": {
        "en": "No example could be kept from this file: see the rejected lines below.",
        "pt": "Nenhum exemplo deste arquivo pôde ser mantido: veja as linhas rejeitadas abaixo.",
    },
    "profile": {"en": "2. Profile", "pt": "2. Perfil dos dados"},
    "task_kind": {"en": "Task kind", "pt": "Tipo de tarefa"},
    "kind_classification": {"en": "classification", "pt": "classificação"},
    "kind_extraction": {"en": "extraction", "pt": "extração"},
    "kind_generation": {"en": "generation", "pt": "geração"},
    "kind_chat": {"en": "chat (multi-turn)", "pt": "chat (vários turnos)"},
    "labels": {"en": "Labels", "pt": "Rótulos"},
    "label_chart": {"en": "Examples per label", "pt": "Exemplos por rótulo"},
    "exact_duplicates": {"en": "Exact duplicate groups", "pt": "Grupos de duplicados exatos"},
    "near_duplicates": {"en": "Near-duplicate pairs", "pt": "Pares quase duplicados"},
    "conflicts": {"en": "Conflicting inputs", "pt": "Entradas em conflito"},
    "pii": {"en": "Examples with personal data", "pt": "Exemplos com dados pessoais"},
    "languages": {"en": "Languages", "pt": "Idiomas"},
    "findings": {"en": "Data findings, most severe first", "pt": "Apontamentos dos dados, dos mais graves aos mais leves"},
    "no_data_findings": {"en": "No data finding.", "pt": "Nenhum apontamento nos dados."},
    "conflict_details": {"en": "Conflicting answers", "pt": "Respostas em conflito"},
    "col_answers": {"en": "Answers (personal data masked)", "pt": "Respostas (dados pessoais mascarados)"},
    "evidence": {"en": "Evidence", "pt": "Evidências"},
}


def text(key: str, lang: str, **values: object) -> str:
    entry = STRINGS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
