"""Every string the app shows, in English and Brazilian Portuguese."""

from __future__ import annotations

from advisor.escaping import escape_md

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
    "label_descriptions": {"en": "What each label means (optional)", "pt": "O que cada rótulo quer dizer (opcional)"},
    "label_descriptions_help": {
        "en": "One label a line, as `label = description` (e.g. `0 = not offensive`). The LLM baselines list each "
        "label with its description in the prompt: a bare 0 or 1 tells a zero-shot model nothing. Answers are still "
        "scored as labels.",
        "pt": "Um rótulo por linha, como `rótulo = descrição` (ex.: `0 = não ofensivo`). Os baselines com LLM listam "
        "cada rótulo com a descrição no prompt: um 0 ou 1 sozinho não diz nada a um modelo zero-shot. As respostas "
        "continuam avaliadas como rótulos.",
    },
    "label_descriptions_placeholder": {"en": "0 = not offensive\n1 = offensive",
                                       "pt": "0 = não ofensivo\n1 = ofensivo"},
    "annotator_cols": {"en": "Other annotators' label columns", "pt": "Colunas de rótulos de outros anotadores"},
    "annotator_cols_help": {
        "en": "Columns where other annotators labelled the same items. Their agreement with the output column "
        "(kappa) is in the profile and bounds the score any option can reach. Leave empty to find them by their "
        "names (annotator_1, label_b …) and labels.",
        "pt": "Colunas em que outros anotadores rotularam os mesmos itens. A concordância delas com a coluna de saída "
        "(kappa) está no perfil e limita a nota que qualquer opção pode alcançar. Deixe vazio para encontrá-las "
        "pelos nomes (annotator_1, label_b …) e rótulos.",
    },
    "agreement": {"en": "Agreement between annotators", "pt": "Concordância entre anotadores"},
    "annotators": {"en": "Annotators", "pt": "Anotadores"},
    "annotators_items": {"en": "{items} items rated by two or more", "pt": "{items} itens rotulados por dois ou mais"},
    "agreement_share": {"en": "Agreement", "pt": "Concordância"},
    "kappa": {"en": "{kind} kappa", "pt": "Kappa de {kind}"},
    "ceiling": {"en": "Ceiling for any option", "pt": "Teto de qualquer opção"},
    "annotator_columns": {"en": "Each annotator against the output column",
                          "pt": "Cada anotador contra a coluna de saída"},
    "col_column": {"en": "Column", "pt": "Coluna"},
    "col_items": {"en": "Items rated", "pt": "Itens rotulados"},
    "col_agrees": {"en": "Same label as the output column", "pt": "Mesmo rótulo da coluna de saída"},
    "ceiling_help": {
        "en": "How often the other annotators' majority gives the output column's label (ties split): a model "
        "answering as they would scores that much against these labels (Gale, Church & Yarowsky 1992). Kappa "
        "bands: Landis & Koch 1977.",
        "pt": "Quantas vezes a maioria dos outros anotadores dá o rótulo da coluna de saída (empates divididos): um "
        "modelo que responda como eles alcança isso contra estes rótulos (Gale, Church & Yarowsky 1992). Faixas do "
        "kappa: Landis & Koch 1977.",
    },
    "format_override": {"en": "Read the file as", "pt": "Ler o arquivo como"},
    "auto": {"en": "detect automatically", "pt": "detectar automaticamente"},
    "input_col": {"en": "Input column", "pt": "Coluna de entrada"},
    "sheet": {"en": "Sheet of the workbook", "pt": "Aba da planilha"},
    "sheet_help": {"en": "The first visible sheet with data is read; pick another to read it instead.",
                   "pt": "A primeira aba visível com dados é lida; escolha outra para lê-la no lugar."},
    "output_col": {"en": "Output column", "pt": "Coluna de saída"},
    "pick_columns": {
        "en": "Which column holds the input and which the expected answer? The names did not say, so pick them "
        "below; the first rows are shown to help.",
        "pt": "Qual coluna tem a entrada e qual a resposta esperada? Os nomes não disseram, então escolha abaixo; "
        "as primeiras linhas aparecem para ajudar.",
    },
    "preview_rows": {"en": "The first {rows} rows of the file:", "pt": "As primeiras {rows} linhas do arquivo:"},
    "choose_placeholder": {"en": "Choose a column", "pt": "Escolha uma coluna"},
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
    # A JSON array's elements are records: one may span many lines.
    "records_read": {"en": "Records read", "pt": "Registros lidos"},
    "records_rejected": {"en": "Records rejected", "pt": "Registros rejeitados"},
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
    "kind_tool_calling": {"en": "tool calling", "pt": "chamada de ferramentas"},
    "kind_corpus": {"en": "plain-text corpus", "pt": "corpus de texto puro"},
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
    # steps
    "step": {"en": "Step", "pt": "Etapa"},
    "step_profile": {"en": "2. Profile", "pt": "2. Perfil"},
    "step_baselines": {"en": "3. Baselines", "pt": "3. Linhas de base"},
    "step_costs": {"en": "4. Scenario and costs", "pt": "4. Cenário e custos"},
    "step_recommendation": {"en": "5. Recommendation", "pt": "5. Recomendação"},
    # sidebar
    "currency": {"en": "Money in", "pt": "Dinheiro em"},
    "usd_rate": {"en": "R$ per US$", "pt": "R$ por US$"},
    "rate_source": {"en": "Default rate: {source}, {date}. Edit it to today's.",
                    "pt": "Cotação padrão: {source}, {date}. Ajuste para a de hoje."},
    "rate_user": {"en": "rate given by the user", "pt": "cotação informada pelo usuário"},
    "sample": {"en": "Bundled sample", "pt": "Amostra incluída"},
    "uploaded": {"en": "Using your file {name} ({size} MB).", "pt": "Usando o seu arquivo {name} ({size} MB)."},
    "remove_upload": {"en": "Remove the file (back to the samples)", "pt": "Remover o arquivo (voltar às amostras)"},
    "no_sample": {"en": "— none (upload a file) —", "pt": "— nenhuma (envie um arquivo) —"},
    "upload_limit": {
        "en": "Up to 500 MB per file (server.maxUploadSize in .streamlit/config.toml); a larger file is refused with "
              "a message. For bigger files use the command line: advisor analyze FILE.",
        "pt": "Até 500 MB por arquivo (server.maxUploadSize em .streamlit/config.toml); um arquivo maior é recusado "
              "com aviso. Para arquivos maiores use a linha de comando: advisor analyze ARQUIVO.",
    },
    # step 2 extras
    "pii_summary": {"en": "Personal data found (values masked)", "pt": "Dados pessoais encontrados (valores mascarados)"},
    "col_kind": {"en": "Kind", "pt": "Tipo"},
    "col_examples": {"en": "Examples", "pt": "Exemplos"},
    "duplicate_details": {"en": "Exact duplicates", "pt": "Duplicados exatos"},
    # step 3
    "offline_running": {"en": "Running the offline baselines (seconds, nothing leaves this machine)…",
                        "pt": "Rodando as linhas de base offline (segundos, nada sai desta máquina)…"},
    "offline_progress": {
        "en": "Cross-validation: {folds_done} of {folds} folds · learning curve: {points_done} of {points} points",
        "pt": "Validação cruzada: {folds_done} de {folds} partes · curva de aprendizado: {points_done} de {points} "
              "pontos",
    },
    "offline_ready": {"en": "Offline baselines measured", "pt": "Linhas de base offline medidas"},
    "offline": {"en": "Offline baselines", "pt": "Linhas de base offline"},
    "offline_method": {"en": "{folds}-fold cross-validation over {n} examples; duplicates kept within one fold.",
                       "pt": "Validação cruzada em {folds} partes sobre {n} exemplos; duplicados ficam numa só parte."},
    "rare_recall": {"en": "Recall of the rarest labels ({strategy}): {labels}.",
                    "pt": "Recall dos rótulos mais raros ({strategy}): {labels}."},
    "rare_recall_item": {"en": "“{label}” {recall} of {examples}", "pt": "“{label}” {recall} de {examples}"},
    "col_strategy": {"en": "Strategy", "pt": "Estratégia"},
    "col_metric": {"en": "Metric", "pt": "Métrica"},
    "col_score": {"en": "Score", "pt": "Nota"},
    "col_interval": {"en": "95% interval", "pt": "Intervalo de 95%"},
    "col_failed": {"en": "Failed", "pt": "Falhas"},
    "strategy_majority": {"en": "majority class", "pt": "classe majoritária"},
    "strategy_logistic_regression": {"en": "TF-IDF logistic regression", "pt": "regressão logística TF-IDF"},
    "strategy_nearest_neighbour": {"en": "TF-IDF nearest neighbour", "pt": "vizinho mais próximo TF-IDF"},
    "strategy_zero_shot": {"en": "zero-shot", "pt": "zero-shot"},
    "strategy_random": {"en": "random few-shot", "pt": "few-shot aleatório"},
    "strategy_retrieved": {"en": "retrieved few-shot", "pt": "few-shot recuperado"},
    "status_open": {"en": "open", "pt": "aberta"},
    "status_closing": {"en": "closing", "pt": "fechando"},
    "status_closed_to_new_users": {"en": "closed to new users", "pt": "fechada a novos usuários"},
    "status_closed": {"en": "closed", "pt": "fechada"},
    "status_unpriced": {"en": "not priced", "pt": "sem preço"},
    "curve_title": {"en": "Learning curve", "pt": "Curva de aprendizado"},
    "llm": {"en": "Few-shot with an LLM (optional)", "pt": "Few-shot com um LLM (opcional)"},
    "llm_help": {
        "en": "Any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp). Nothing is sent until you approve "
              "a budget cap below; the key stays in this browser session only.",
        "pt": "Qualquer endpoint compatível com a OpenAI (OpenAI, Ollama, vLLM, llama.cpp). Nada é enviado antes de "
              "você aprovar um teto de gasto abaixo; a chave fica só nesta sessão do navegador.",
    },
    "endpoint": {"en": "Endpoint (base URL)", "pt": "Endpoint (URL base)"},
    "llm_model": {"en": "Model", "pt": "Modelo"},
    "api_key": {"en": "API key (kept for this session only)", "pt": "Chave da API (só nesta sessão)"},
    "shots": {"en": "Examples per prompt", "pt": "Exemplos por prompt"},
    "llm_sample": {"en": "Held-out examples to evaluate", "pt": "Exemplos separados para avaliar"},
    "price_in": {"en": "Input price, US$ per 1M tokens", "pt": "Preço de entrada, US$ por 1M tokens"},
    "price_out": {"en": "Output price, US$ per 1M tokens", "pt": "Preço de saída, US$ por 1M tokens"},
    "price_help": {"en": "Leave 0 to use the known price of the model.",
                   "pt": "Deixe 0 para usar o preço conhecido do modelo."},
    "estimate": {
        "en": "**Estimate:** {calls} calls on {examples} held-out examples to {endpoint}: about US$ {expected}, "
              "at most US$ {worst}.",
        "pt": "**Estimativa:** {calls} chamadas com {examples} exemplos separados para {endpoint}: cerca de "
              "US$ {expected}, no máximo US$ {worst}.",
    },
    "budget": {"en": "Budget cap (US$), never exceeded", "pt": "Teto de gasto (US$), nunca ultrapassado"},
    "approve": {
        "en": "I approve spending up to US$ {budget} and sending {examples} examples (with demonstrations) to "
              "{endpoint}.",
        "pt": "Aprovo gastar até US$ {budget} e enviar {examples} exemplos (com demonstrações) para {endpoint}.",
    },
    "run_llm": {"en": "Run the LLM baselines", "pt": "Rodar as linhas de base com LLM"},
    "calling": {"en": "Calling the model…", "pt": "Chamando o modelo…"},
    "llm_timeout": {"en": "Seconds per call (connect and whole answer)",
                    "pt": "Segundos por chamada (conexão e resposta inteira)"},
    "llm_anomaly": {
        "en": "Endpoint anomaly, charged only up to the call's worst case: {detail}",
        "pt": "Anomalia do endpoint, cobrada só até o pior caso da chamada: {detail}",
    },
    "spent": {"en": "Spent US$ {spent} of a US$ {cap} cap.", "pt": "Gasto US$ {spent} de um teto de US$ {cap}."},
    "workshop_llm_off": {
        "en": "LLM calls are off on this server (the instructor's setting).",
        "pt": "As chamadas a LLMs estão desligadas neste servidor (configuração de quem conduz a oficina).",
    },
    "workshop_endpoints": {"en": "Endpoints allowed on this server: {endpoints}",
                           "pt": "Endpoints permitidos neste servidor: {endpoints}"},
    "workshop_budget": {"en": "At most US$ {ceiling} per session on this server; US$ {left} left.",
                        "pt": "No máximo US$ {ceiling} por sessão neste servidor; restam US$ {left}."},
    "workshop_refused": {
        "en": "{endpoint} is not among the endpoints this server allows ({endpoints}): nothing is sent there.",
        "pt": "{endpoint} não está entre os endpoints que este servidor permite ({endpoints}): nada é enviado "
              "para lá.",
    },
    "local_use": {"en": "Use a model running on this machine", "pt": "Usar um modelo rodando nesta máquina"},
    "local_help": {
        "en": "Looks for Ollama (port 11434), LM Studio (1234), vLLM (8000) and llama.cpp (8080) on 127.0.0.1 and "
              "asks each for its models, sending no key and no data. A model here costs nothing; you still approve "
              "the calls.",
        "pt": "Procura Ollama (porta 11434), LM Studio (1234), vLLM (8000) e llama.cpp (8080) em 127.0.0.1 e pede a "
              "cada um a lista de modelos, sem enviar chave nem dados. Um modelo aqui não custa nada; você ainda "
              "aprova as chamadas.",
    },
    "local_url": {"en": "Another address on this machine (optional)",
                  "pt": "Outro endereço nesta máquina (opcional)"},
    "local_rescan": {"en": "Look again", "pt": "Procurar de novo"},
    "local_found": {"en": "Found at {endpoint}: {models}", "pt": "Encontrado em {endpoint}: {models}"},
    "local_found_likely": {"en": "Found at {endpoint} (likely {product}): {models}",
                           "pt": "Encontrado em {endpoint} (provavelmente {product}): {models}"},
    "local_unlisted": {"en": "{count} more models not listed", "pt": "mais {count} modelos não listados"},
    "local_missing": {"en": "{endpoint}: nothing found — {reason}", "pt": "{endpoint}: nada encontrado — {reason}"},
    "local_none": {"en": "No OpenAI-compatible server answered on this machine. Start one (for example `ollama serve`) "
                         "and look again.",
                   "pt": "Nenhum servidor compatível com a OpenAI respondeu nesta máquina. Inicie um (por exemplo "
                         "`ollama serve`) e procure de novo."},
    "local_choice": {"en": "Model on this machine", "pt": "Modelo nesta máquina"},
    "estimate_local": {
        "en": "**Estimate:** {calls} calls on {examples} held-out examples to {endpoint}, a server on this machine: "
              "no charge (prices do not apply). Each call at most {timeout} s; the whole run at most {minutes} min.",
        "pt": "**Estimativa:** {calls} chamadas com {examples} exemplos separados para {endpoint}, um servidor "
              "nesta máquina: sem custo (preços não se aplicam). Cada chamada no máximo {timeout} s; a execução "
              "inteira no máximo {minutes} min.",
    },
    "approve_local": {
        "en": "I approve making {calls} calls with {examples} examples (with demonstrations) to the model {model} at "
              "{endpoint}.",
        "pt": "Aprovo fazer {calls} chamadas com {examples} exemplos (com demonstrações) ao modelo {model} em "
              "{endpoint}.",
    },
    # step 4
    "monthly_requests": {"en": "Requests a month", "pt": "Pedidos por mês"},
    "growth": {"en": "Monthly growth (%)", "pt": "Crescimento mensal (%)"},
    "horizon": {"en": "Horizon (months)", "pt": "Horizonte (meses)"},
    "k_shots": {"en": "Examples in each in-context prompt", "pt": "Exemplos em cada prompt em contexto"},
    "instruction_tokens": {"en": "Instruction tokens per prompt", "pt": "Tokens de instrução por prompt"},
    "total_examples": {"en": "Examples you really have (0 = this file)", "pt": "Exemplos que você tem (0 = este arquivo)"},
    "total_examples_help": {
        "en": "When the file is a sample of a larger corpus, training costs scale to this many examples.",
        "pt": "Quando o arquivo é uma amostra de um corpus maior, os custos de treino escalam para este número.",
    },
    "prompt_models": {"en": "API models to prompt", "pt": "Modelos de API para prompt"},
    "finetune_models": {"en": "Models to fine-tune", "pt": "Modelos para ajuste fino"},
    "gpu": {"en": "Self-hosted GPU", "pt": "GPU própria"},
    "gpu_auto": {"en": "cheapest that fits", "pt": "a mais barata que comporta"},
    "private": {"en": "Data must stay on our machines", "pt": "Os dados não podem sair das nossas máquinas"},
    "domain_shift": {"en": "Domain far from the base model's (new jargon or language)",
                     "pt": "Domínio distante do modelo base (jargão ou idioma novos)"},
    "facts_change": {"en": "The answers depend on facts that change (prices, stock, dates)",
                     "pt": "As respostas dependem de fatos que mudam (preços, estoque, datas)"},
    "facts_change_help": {
        "en": "Changing facts are retrieved into the prompt, not trained into a model; train only for format or "
        "style.",
        "pt": "Fatos que mudam são recuperados para o prompt, não treinados no modelo; treine só para formato ou "
        "estilo.",
    },
    "prices": {"en": "Prices used (editable, with source and date)", "pt": "Preços usados (editáveis, com fonte e data)"},
    "prices_help": {"en": "Edit a US$ figure to override it; an override is marked as yours in every result.",
                    "pt": "Edite um valor em US$ para substituí-lo; a substituição aparece como sua em cada resultado."},
    "costing": {"en": "Counting tokens for the cost model…", "pt": "Contando tokens para o modelo de custos…"},
    "option_prompting": {"en": "Prompting", "pt": "Prompt"},
    "option_in_context": {"en": "In-context", "pt": "Em contexto"},
    "option_lora": {"en": "LoRA", "pt": "LoRA"},
    "option_full_finetune": {"en": "Full fine-tuning", "pt": "Ajuste completo"},
    "cumulative_title": {"en": "Cumulative cost of the cheapest route of each option",
                         "pt": "Custo acumulado da rota mais barata de cada opção"},
    "col_option": {"en": "Option", "pt": "Opção"},
    "col_route": {"en": "Route", "pt": "Rota"},
    "col_status": {"en": "Status", "pt": "Situação"},
    "col_training": {"en": "Training once", "pt": "Treino (uma vez)"},
    "col_monthly": {"en": "First month", "pt": "Primeiro mês"},
    "col_total": {"en": "{months} months in all", "pt": "{months} meses no total"},
    "col_sources": {"en": "Sources", "pt": "Fontes"},
    "break_even": {"en": "Break-even (monthly requests from which the trained route is cheaper)",
                   "pt": "Ponto de equilíbrio (pedidos por mês a partir dos quais a rota treinada é mais barata)"},
    "col_versus": {"en": "Versus", "pt": "Contra"},
    "col_volume": {"en": "Requests a month", "pt": "Pedidos por mês"},
    "no_break_even": {"en": "No trained route crosses a prompted one within the search range.",
                      "pt": "Nenhuma rota treinada cruza uma com prompt no intervalo buscado."},
    "assumptions": {"en": "Assumptions and their sources", "pt": "Premissas e suas fontes"},
    # step 5
    "scenario_edit": {"en": "Scenario (change it here or in step 4)", "pt": "Cenário (mude aqui ou na etapa 4)"},
    "fix_first": {"en": "Fix the data first.", "pt": "Corrija os dados antes."},
    "answer": {"en": "Answer: **{option}** (confidence {confidence}).", "pt": "Resposta: **{option}** (confiança {confidence})."},
    "answer_measure": {
        "en": "Next step: **measure** before deciding. Provisional leader: {option}.",
        "pt": "Próximo passo: **medir** antes de decidir. Líder provisório: {option}.",
    },
    "measure_plan": {"en": "Measurement plan", "pt": "Plano de medição"},
    "sources": {"en": "Sources:", "pt": "Fontes:"},
    "measure_runs": {
        "en": "Run zero-shot, random few-shot and retrieved few-shot with {model} on {held_out} held-out examples "
        "each ({calls} calls): about {expected}, at most {worst}. Step 3 (Baselines) runs them after you approve a "
        "budget cap.",
        "pt": "Rode zero-shot, few-shot aleatório e few-shot recuperado com {model} em {held_out} exemplos separados "
        "cada ({calls} chamadas): cerca de {expected}, no máximo {worst}. O passo 3 (Linhas de base) as roda depois "
        "que você aprovar um teto de gasto.",
    },
    "measure_runs_unpriced": {
        "en": "Run zero-shot, random few-shot and retrieved few-shot on held-out examples in step 3 (Baselines); "
        "the estimate there prices them before any call.",
        "pt": "Rode zero-shot, few-shot aleatório e few-shot recuperado em exemplos separados no passo 3 (Linhas de "
        "base); a estimativa de lá dá o preço antes de qualquer chamada.",
    },
    "measure_decides": {"en": "What the scores decide:", "pt": "O que as notas decidem:"},
    "verdict_recommended": {"en": "recommended", "pt": "recomendado"},
    "verdict_viable": {"en": "viable", "pt": "viável"},
    "verdict_not_advised": {"en": "not advised", "pt": "não recomendado"},
    "route": {"en": "Cheapest route", "pt": "Rota mais barata"},
    "confidence": {"en": "Confidence: {level}", "pt": "Confiança: {level}"},
    "confidence_high": {"en": "high", "pt": "alta"},
    "confidence_medium": {"en": "medium", "pt": "média"},
    "confidence_low": {"en": "low", "pt": "baixa"},
    "what_would_change": {"en": "What would change the answer", "pt": "O que mudaria a resposta"},
    "hyperparameters": {"en": "Starting hyperparameters ({path})", "pt": "Hiperparâmetros iniciais ({path})"},
    "downloads": {"en": "Downloads", "pt": "Downloads"},
    "download_html": {"en": "Report (HTML)", "pt": "Relatório (HTML)"},
    "download_md": {"en": "Report (Markdown)", "pt": "Relatório (Markdown)"},
    "download_json": {"en": "Analysis (JSON)", "pt": "Análise (JSON)"},
    "export_target": {"en": "Export format", "pt": "Formato de exportação"},
    "download_export": {"en": "Cleaned files + config (zip)", "pt": "Arquivos limpos + config (zip)"},
    "compare": {"en": "Compare side by side (workshops)", "pt": "Comparar lado a lado (oficinas)"},
    "reopen": {"en": "Reopen a saved analysis", "pt": "Reabrir uma análise salva"},
    "reopen_upload": {"en": "Saved analysis (analysis.json)", "pt": "Análise salva (analysis.json)"},
    "reopened": {"en": "Saved analysis of {created}, task: {task}", "pt": "Análise salva em {created}, tarefa: {task}"},
    "glossary": {"en": "Glossary", "pt": "Glossário"},
    "glossary_source": {"en": "Source", "pt": "Fonte"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang`, Markdown as the app shows it; the values filled in are data (a file name, an
    endpoint, a count) and are escaped, so they show as written and never as formatting."""
    entry = STRINGS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**{name: escape_md(value) for name, value in values.items()}) if values else template
