"""Whole-analysis speed and memory against plain tokenization, measured in the same run.

    .venv/bin/python benchmarks/bench_analyze.py [--examples 100000] [--repeat 3] [--phases] [--keep]

Generates a chat file (≈ 125 MB for 100,000 examples: pt/en support conversations, a few system
prompts, some duplicates, near duplicates and personal data), then measures:
  1. `advisor analyze FILE --json` as a user runs it (a child process: imports, loading, tokens,
     platform checks, the full profile, the JSON on stdout), wall time and peak resident memory;
  2. plain tiktoken tokenization of the same texts, already in memory: the faster of an
     `encode_ordinary` loop and `encode_ordinary_batch`;
  3. a cookbook-style loop: parse each line, one `encode` per message value.
Targets (issue 15, goal 1; issue 3 asked 1.5×): analysis ≤ 1.0× plain tokenization; peak memory ≤ 3× the file size.

Memory is that of the whole process tree: the analysis counts tokens in a worker process
(advisor/data/token_worker.py). Every 10 ms the benchmark reads the peak resident size (VmHWM) of the
`advisor` process and of each of its descendants; the figure reported is the sum of those peaks,
which is at least the peak of their sum (they need not peak at the same moment). The largest sum
of simultaneous resident sizes seen is printed beside it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from advisor.data.tokens import get_encoding

PT = ("o cliente informou que o pedido chegou atrasado e a embalagem estava danificada, solicitando "
      "reembolso ou troca do produto o mais rápido possível, porque precisa dele para o trabalho").split()
EN = ("the customer reported that the order arrived late and the package was damaged, asking for a "
      "refund or a replacement as soon as possible because they need it for work this week").split()
SYSTEMS = [
    "Você é um agente de suporte da loja. Responda com educação, em português, em no máximo três frases, "
    "e termine sempre perguntando se pode ajudar em algo mais. Nunca prometa prazos que não pode cumprir.",
    "You are a support agent for the store. Answer politely, in English, in at most three sentences, and "
    "always end by asking whether you can help with anything else. Never promise dates you cannot keep.",
    "Classifique o chamado em uma das filas: cobrança, entrega, troca, cancelamento, técnico, outros. "
    "Depois explique em uma frase o motivo da classificação, citando o trecho decisivo do chamado.",
]


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    picked = [rng.choice(words) for _ in range(length)]
    picked[rng.randrange(length)] = f"#{rng.randrange(10**6)}"  # order numbers keep texts apart
    return " ".join(picked).capitalize() + "."


def generate(path: Path, examples: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    previous: list[str] = []
    with path.open("w", encoding="utf-8") as handle:
        for index in range(examples):
            words = PT if rng.random() < 0.6 else EN
            user = " ".join(sentence(rng, words, rng.randint(12, 28)) for _ in range(rng.randint(3, 7)))
            if index % 50 == 0:
                user += " Meu e-mail é cliente%d@exemplo.com.br e o telefone (11) 91234-%04d." % (index, index % 10**4)
            if previous and index % 97 == 0:  # exact duplicates
                user = rng.choice(previous)
            elif previous and index % 89 == 0:  # near duplicates: one word changed
                words_of = rng.choice(previous).split()
                words_of[len(words_of) // 2] = "alterado"
                user = " ".join(words_of)
            previous = (previous + [user])[-500:]
            answer = " ".join(sentence(rng, words, rng.randint(10, 24)) for _ in range(rng.randint(2, 4)))
            messages = [{"role": "system", "content": rng.choice(SYSTEMS)},
                        {"role": "user", "content": user}, {"role": "assistant", "content": answer}]
            if index % 10 == 0:  # some multi-turn conversations
                messages += [{"role": "user", "content": sentence(rng, words, 15)},
                             {"role": "assistant", "content": sentence(rng, words, 20)}]
            handle.write(json.dumps({"messages": messages}, ensure_ascii=False) + "\n")


def read_texts(path: Path) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            for message in json.loads(line)["messages"]:
                texts.extend((message["role"], message["content"]))
    return texts


class TreeMemory:
    """Peak resident memory of a process and its descendants, sampled from /proc in a thread."""

    def __init__(self, pid: int, interval: float = 0.01) -> None:
        self.pid, self.interval = pid, interval
        self.peaks: dict[int, int] = {}  # pid → VmHWM in kB, the last one read
        self.programs: dict[int, bytes] = {}  # pid → its command line when that peak was read
        self.largest_sum = 0  # kB: the largest Σ VmRSS seen at one sampling
        self.cpu: dict[int, float] = {}  # pid → CPU seconds (user + system), the last read
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _tree(self) -> list[int]:
        pids, found = [self.pid], 0
        while found < len(pids):
            try:
                children = Path(f"/proc/{pids[found]}/task/{pids[found]}/children").read_text().split()
            except OSError:
                children = []
            pids.extend(int(child) for child in children)
            found += 1
        return pids

    def _run(self) -> None:
        # Cheap on purpose (two small reads per process, no parsing beyond two fields): the sampler
        # shares the machine's two cores with the analysis it measures.
        while not self.done.is_set():
            total = 0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_bytes()
                    program = Path(f"/proc/{pid}/cmdline").read_bytes()
                    times = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[11:13]
                except OSError:
                    continue
                if b"VmHWM:" not in status:  # a process already gone
                    continue
                # A child between fork and exec shows its parent's pages (shared, not more memory);
                # its own peak starts when exec gives it its own program and address space.
                if self.programs.get(pid) != program:
                    self.programs[pid], self.peaks[pid] = program, 0
                self.peaks[pid] = max(self.peaks[pid], _kilobytes(status, b"VmHWM:"))
                self.cpu[pid] = (int(times[0]) + int(times[1])) / TICKS
                total += _kilobytes(status, b"VmRSS:")
            self.largest_sum = max(self.largest_sum, total)
            time.sleep(self.interval)

    def stop(self) -> tuple[float, float, tuple[float, ...]]:
        """(Σ peaks, largest simultaneous Σ, each process's peak in start order), in MB."""
        self.done.set()
        self.thread.join()
        peaks = tuple(peak / 1024 for peak in self.peaks.values() if peak)
        return sum(peaks), self.largest_sum / 1024, peaks


TICKS = os.sysconf("SC_CLK_TCK")


def _kilobytes(status: bytes, field: bytes) -> int:
    start = status.index(field) + len(field)
    return int(status[start:status.index(b"kB", start)])


def timed(function, *args) -> float:  # noqa: ANN001
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def phases(path: Path) -> None:
    """Where the analysis spends its time, in-process, each phase alone (no overlap)."""
    from advisor.analysis import Analysis, write_analysis_json
    from advisor.data.loader import load
    from advisor.data.tokens import TokenCounter, count_tokens
    from advisor.profiling.checks import (
        agreement,
        changing_facts,
        duplicates,
        language,
        lookalike_labels,
        near,
        output_format,
        personal_data,
        task,
    )
    from advisor.profiling.checks.base import prepare
    from advisor.profiling.checks.sizes import measure_sizes
    from advisor.profiling.validate import validate

    dataset = load(path)
    start = time.perf_counter()
    load(path)
    print(f"  load                {time.perf_counter() - start:6.2f} s")
    counts = TokenCounter("o200k_base")
    start = time.perf_counter()
    tokens = count_tokens(dataset, "gpt-4.1-mini", counts)
    print(f"  tokens              {time.perf_counter() - start:6.2f} s")
    start = time.perf_counter()
    findings = validate(dataset, tokens)
    print(f"  platform checks     {time.perf_counter() - start:6.2f} s ({len(findings):,} findings)")
    start = time.perf_counter()
    data = prepare(dataset)
    print(f"  profile: prepare    {time.perf_counter() - start:6.2f} s")
    shape = output_format.describe_outputs(data)
    steps = [("output format", output_format.describe_outputs), ("task", lambda d: task.infer_task(d, shape)),
             ("duplicates", duplicates.find_duplicates), ("near duplicates", near.find_near),
             ("personal data", personal_data.find_personal_data), ("languages", language.detect_languages),
             ("lookalike labels", lambda d: lookalike_labels.find_lookalike_labels(d, task.infer_task(d, shape))),
             ("changing facts", changing_facts.find_changing_facts), ("agreement", agreement.measure_agreement),
             ("sizes", lambda d: measure_sizes(d, tokens, counts))]
    for name, step in steps:
        start = time.perf_counter()
        step(data)
        print(f"  profile: {name:<17}{time.perf_counter() - start:6.2f} s")
    from advisor.profiling.profile import profile

    analysis = Analysis(dataset.summary(), tokens, findings, profile(dataset, tokens, counts))
    start = time.perf_counter()
    write_analysis_json(analysis, io.StringIO())
    print(f"  JSON                {time.perf_counter() - start:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the generated file")
    parser.add_argument("--phases", action="store_true", help="also time each phase on its own, in-process")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the analysis and the reference this many times each and compare medians "
                             "(a busy 2-core machine swings single runs by ±20 %%)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    path = folder / "chat.jsonl"
    generate(path, args.examples)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {args.examples:,} examples, {size_mb:,.1f} MB")

    advisor = Path(sys.executable).with_name("advisor")

    memory: list[tuple[float, float, tuple[float, ...]]] = []
    cpus: list[tuple[float, ...]] = []  # per run: the CPU seconds of each process, in start order

    def analysis_run() -> float:
        start = time.perf_counter()
        process = subprocess.Popen([str(advisor), "analyze", str(path), "--json"], stdout=subprocess.DEVNULL)
        tree = TreeMemory(process.pid)
        if process.wait():
            raise SystemExit(f"advisor analyze failed with exit code {process.returncode}")
        seconds = time.perf_counter() - start
        memory.append(tree.stop())
        cpus.append(tuple(tree.cpu.values()))
        return seconds

    analysis_runs = [analysis_run()]
    encoding = get_encoding("o200k_base")
    texts = read_texts(path)
    encode = encoding.encode_ordinary
    loop_cpus: list[float] = []

    def loop_run() -> float:
        cpu = time.process_time()
        seconds = timed(lambda: [encode(text) for text in texts])
        loop_cpus.append(time.process_time() - cpu)
        return seconds

    loops = [loop_run()]
    for _ in range(max(1, args.repeat) - 1):  # interleaved, so a busy spell hits both sides
        analysis_runs.append(analysis_run())
        loops.append(loop_run())
    analysis_seconds, loop = statistics.median(analysis_runs), statistics.median(loops)
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores: above ~1 another program was running)")
    batch = timed(lambda: encoding.encode_ordinary_batch(texts))
    plain = min(loop, batch)
    if len(analysis_runs) > 1:
        print(f"runs: analysis {', '.join(f'{value:.1f}' for value in analysis_runs)} s; "
              f"plain loop {', '.join(f'{value:.1f}' for value in loops)} s (medians compared)")

    def cookbook() -> None:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                for message in json.loads(line)["messages"]:
                    for value in message.values():
                        encoding.encode(value)

    cookbook_seconds = timed(cookbook)
    print(f"plain tokenization: loop {loop:.2f} s, batch {batch:.2f} s → reference {plain:.2f} s")
    print(f"cookbook-style loop (parse + encode): {cookbook_seconds:.2f} s = {cookbook_seconds / plain:.2f}× reference")
    print(f"advisor analyze --json: {analysis_seconds:.2f} s = {analysis_seconds / plain:.2f}× reference "
          f"(target ≤ 1.0×), {analysis_seconds / cookbook_seconds:.2f}× the cookbook loop")
    # On a shared machine the wall time swings with the others' work; the CPU each process spent much less.
    # Both cores are used well when the two figures are close and their sum is near the loop's own.
    print("CPU of each process (the analysis, then its token worker), per run: " + "; ".join(
        " + ".join(f"{value:.2f}" for value in run) + f" = {sum(run):.2f} s" for run in cpus)
        + f"; the plain loop's CPU {', '.join(f'{value:.2f}' for value in loop_cpus)} s")
    peak_mb, together_mb, peaks = max(memory)
    print(f"peak memory: {peak_mb:,.0f} MB = {peak_mb / size_mb:.2f}× the file (target ≤ 3×), the sum of each "
          f"process's own peak ({' + '.join(f'{peak:,.0f}' for peak in peaks)} MB); largest simultaneous total "
          f"seen {together_mb:,.0f} MB = {together_mb / size_mb:.2f}×")
    if args.phases:
        print("phases, each alone:")
        phases(path)
    if args.keep:
        print(f"kept {path}")
    else:
        path.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
