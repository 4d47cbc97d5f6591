"""Dated, sourced tables of facts the cost model reads: hosted fine-tuning prices, GPUs, open models and
exchange rates, parsed from `data/*.toml` into small frozen dataclasses.

Every row carries a `Provenance` (source, as_of, verified): whatever the CLI or the app shows from
here can say where it came from and when. Nothing in this module holds a price or a hardware figure;
the files do. `load_catalog()` reads the bundled files once (cached); `load_catalog(paths)` reads a
user's edited copies instead, one file at a time, so a user can override only the GPU prices, say.

Platform availability (closed to new users, jobs ending, models retired) is not repeated here: it
lives in data/platforms.toml and is read through `advisor.profiling.validate.load_platform_rules`.

Errors in a file (a missing source, an unknown GPU in a serving row, a negative price) raise
`CatalogError` with the file and the row, so a user's edit fails with one clear sentence.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.i18n import text

if TYPE_CHECKING:
    from advisor.i18n.messages import Note

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CATALOG_FILES = {
    "finetune_prices": "finetune_prices.toml",
    "gpus": "gpus.toml",
    "open_models": "open_models.toml",
    "currency": "currency.toml",
}


class CatalogError(ValueError):
    """A catalog file is missing, unreadable or has a row without what the cost model needs."""


@dataclass(frozen=True, slots=True)
class Provenance:
    source: str  # as the source publishes its name (a citation); in English when `said` gives our own words
    as_of: date
    verified: bool = True
    note: str | Note = ""  # how the date was read: a data file's words, or ours (a Note)
    said: Note | None = None  # a source that is ours (the scenario's default, the user's figure), in either language

    @classmethod
    def ours(cls, said: Note, as_of: date, verified: bool = True) -> Provenance:
        return cls(said.text("en"), as_of, verified, said=said)

    def describe(self, lang: str = "en") -> str:
        """'source (as of 2026-02-13)', with 'unverified' when it is, in `lang`."""
        return text("provenance", "unverified" if not self.verified else "verified", lang,
                    source=self.said.text(lang) if self.said else self.source, date=self.as_of.isoformat())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "as_of": self.as_of.isoformat(), "verified": self.verified}
        if self.note:
            out["note"] = self.note if isinstance(self.note, str) else self.note.to_dict()
        if self.said:
            out["source_note"] = self.said.to_dict()
        return out


# --- open models ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelShape:
    """What the memory, time and serving estimates need to know about a transformer.

    Every catalog model is a decoder with a gated MLP (gate, up, down); `guessed` is True when the
    shape was inferred from a bare parameter count (see `advisor.pricing.gpu.shape_from_params`).
    """

    params: float
    layers: int
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied_embeddings: bool
    guessed: bool = False

    @property
    def q_dim(self) -> int:
        return self.heads * self.head_dim

    @property
    def kv_dim(self) -> int:
        return self.kv_heads * self.head_dim

    @property
    def linear_shapes(self) -> tuple[tuple[int, int], ...]:
        """(in, out) of the seven linear layers of one block: q, k, v, o, gate, up, down."""
        h, f = self.hidden, self.intermediate
        return ((h, self.q_dim), (h, self.kv_dim), (h, self.kv_dim), (self.q_dim, h), (h, f), (h, f), (f, h))

    @property
    def linear_params(self) -> int:
        """Parameters in the blocks' linear layers: what QLoRA quantizes and LoRA adapts."""
        return self.layers * sum(i * o for i, o in self.linear_shapes)

    @property
    def embedding_params(self) -> int:
        return self.vocab * self.hidden * (1 if self.tied_embeddings else 2)

    def computed_params(self) -> int:
        """Parameters implied by the shape (linear layers, embeddings, RMSNorm weights)."""
        return self.linear_params + self.embedding_params + (2 * self.layers + 1) * self.hidden


@dataclass(frozen=True, slots=True)
class OpenModel:
    key: str
    name: str
    hf_id: str
    aliases: tuple[str, ...]
    shape: ModelShape
    context_length: int
    licence: str
    provenance: Provenance

    @property
    def params(self) -> float:
        return self.shape.params

    @property
    def params_b(self) -> float:
        return self.shape.params / 1e9


@dataclass(frozen=True, slots=True)
class TokenCountRange:
    """Factors that widen token-driven costs for models whose tokenizer is not available offline."""

    low: float
    high: float
    provenance: Provenance


# --- GPUs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GpuOffer:
    provider: str
    usd_per_hour: float
    usd_per_hour_max: float | None
    provenance: Provenance

    def describe(self) -> str:
        price = f"US$ {self.usd_per_hour:.2f}" + (
            f"-{self.usd_per_hour_max:.2f}" if self.usd_per_hour_max is not None else ""
        )
        return f"{price}/h at {self.provider}"


@dataclass(frozen=True, slots=True)
class Gpu:
    key: str
    name: str
    aliases: tuple[str, ...]
    memory_gb: float
    peak_tflops: float
    bf16: bool
    mfu: float
    spec: Provenance
    mfu_provenance: Provenance
    offers: tuple[GpuOffer, ...] = ()

    @property
    def default_offer(self) -> GpuOffer | None:
        """The first offer listed in gpus.toml, or None when no price is known."""
        return self.offers[0] if self.offers else None


@dataclass(frozen=True, slots=True)
class ServingMeasurement:
    role: str  # "reference" (the basis of serving estimates) or "check" (what tests compare against)
    model: str
    params: float
    gpu: str
    setting: str
    provenance: Provenance
    output_tokens_per_s: float | None = None
    requests_per_s: float | None = None
    input_tokens: int | None = None
    output_tokens: int | None = None


@dataclass(frozen=True, slots=True)
class Assumption:
    """A default the estimates rely on that no vendor page states: shown, sourced and editable."""

    value: float
    provenance: Provenance


# --- hosted fine-tuning --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HostedModelPrice:
    """One closed model's fine-tuning and fine-tuned-inference prices (OpenAI's table)."""

    model: str
    aliases: tuple[str, ...]
    kind: str  # sft | dpo | rft
    method: str  # lora | full | undisclosed
    input_usd_per_mtok: float
    output_usd_per_mtok: float
    provenance: Provenance
    training_usd_per_mtok: float | None = None
    training_usd_per_hour: float | None = None
    cached_input_usd_per_mtok: float | None = None

    def names(self) -> tuple[str, ...]:
        return (self.model, *self.aliases)


@dataclass(frozen=True, slots=True)
class BracketPrice:
    """A training price for every model up to `max_params_b` billion parameters (Together, Fireworks)."""

    kind: str
    method: str  # lora | full | any
    max_params_b: float | None  # None: no upper bound
    usd_per_mtok: float
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class ServingPrice:
    """Serving a fine-tuned open model: per token for one model, or per hour of one dedicated GPU."""

    type: str  # serverless | dedicated
    provenance: Provenance
    method: str = "any"
    model: str | None = None
    gpu: str | None = None
    input_usd_per_mtok: float | None = None
    output_usd_per_mtok: float | None = None
    usd_per_hour: float | None = None


@dataclass(frozen=True, slots=True)
class HostedPlatform:
    key: str
    name: str
    billing: str  # capped_examples | dataset_tokens
    note: str
    models: tuple[HostedModelPrice, ...] = ()
    training: tuple[BracketPrice, ...] = ()
    serving: tuple[ServingPrice, ...] = ()

    def model_price(self, model: str) -> HostedModelPrice | None:
        name = _normal(model).removeprefix("ft:")
        for row in self.models:
            if name in (_normal(candidate) for candidate in row.names()):
                return row
        return None

    def bracket_price(self, params_b: float, kind: str, method: str) -> BracketPrice | None:
        """The first bracket (in file order) for this kind and method that `params_b` does not exceed."""
        for row in self.training:
            if row.kind != kind or row.method not in (method, "any"):
                continue
            if row.max_params_b is None or params_b <= row.max_params_b:
                return row
        return None

    def serverless_price(self, model_key: str, method: str) -> ServingPrice | None:
        return next(
            (row for row in self.serving
             if row.type == "serverless" and row.model == model_key and row.method in (method, "any")),
            None,
        )

    def dedicated_prices(self) -> tuple[ServingPrice, ...]:
        return tuple(row for row in self.serving if row.type == "dedicated")


# --- currency ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Currency:
    code: str
    name: str
    symbol: str
    per_usd: float
    provenance: Provenance

    def with_rate(self, per_usd: float, source: str | Note, as_of: date) -> Currency:
        """This currency at a rate the user chose (a scenario override); `source` in our own words, a Note, reads
        in either language."""
        provenance = (Provenance(source, as_of, verified=False) if isinstance(source, str)
                      else Provenance.ours(source, as_of, verified=False))
        return Currency(self.code, self.name, self.symbol, per_usd, provenance)


# --- the whole catalog ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Catalog:
    platforms: tuple[HostedPlatform, ...]
    gpus: tuple[Gpu, ...]
    models: tuple[OpenModel, ...]
    currencies: tuple[Currency, ...]
    token_count_range: TokenCountRange
    overhead_gb: Assumption  # per-GPU memory besides the model (CUDA context, workspaces)
    serving_weights_share: Assumption  # most of a GPU's memory a served model's weights may fill
    qlora_speed: Assumption  # QLoRA training throughput as a fraction of LoRA's
    serving: tuple[ServingMeasurement, ...]
    paths: tuple[tuple[str, str], ...] = field(default=())

    def platform(self, key: str) -> HostedPlatform:
        for platform in self.platforms:
            if platform.key == key:
                return platform
        raise CatalogError(f"unknown hosted platform {key!r}; known: {', '.join(p.key for p in self.platforms)}")

    def gpu(self, name: str) -> Gpu:
        """A GPU by key or alias, case-insensitive (`A100-80GB`, `a100`, `rtx_4090`)."""
        wanted = _normal(name)
        for gpu in self.gpus:
            if wanted in (_normal(gpu.key), *(_normal(alias) for alias in gpu.aliases)):
                return gpu
        raise CatalogError(f"unknown GPU {name!r}; known: {', '.join(gpu.key for gpu in self.gpus)}")

    def find_model(self, name: str) -> OpenModel | None:
        """An open model by key, alias, Hugging Face id or display name, case-insensitive."""
        wanted = _normal(name)
        for model in self.models:
            names = (model.key, model.hf_id, model.name, *model.aliases, model.hf_id.split("/")[-1])
            if wanted in (_normal(candidate) for candidate in names):
                return model
        return None

    def model(self, name: str) -> OpenModel:
        model = self.find_model(name)
        if model is None:
            raise CatalogError(
                f"unknown open model {name!r}; known: {', '.join(model.key for model in self.models)} "
                "(or give --params)"
            )
        return model

    def currency(self, code: str) -> Currency:
        for currency in self.currencies:
            if currency.code == code.upper():
                return currency
        raise CatalogError(f"unknown currency {code!r}; known: {', '.join(c.code for c in self.currencies)}")

    def serving_measurement(self, role: str) -> ServingMeasurement:
        for row in self.serving:
            if row.role == role:
                return row
        raise CatalogError(f"gpus.toml has no [[serving]] row with role = {role!r}")


def _normal(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def load_catalog(paths: Mapping[str, str | Path] | None = None) -> Catalog:
    """The catalog from data/ (cached), with any of its four files replaced by `paths[name]`.

    Names are the keys of `CATALOG_FILES`: finetune_prices, gpus, open_models, currency.
    """
    chosen = {name: str(Path(DATA_DIR / file)) for name, file in CATALOG_FILES.items()}
    for name, path in (paths or {}).items():
        if name not in CATALOG_FILES:
            raise CatalogError(f"unknown catalog {name!r}; known: {', '.join(CATALOG_FILES)}")
        chosen[name] = str(Path(path).resolve())
    return _load_cached(tuple(sorted(chosen.items())))


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[tuple[str, str], ...]) -> Catalog:
    files = dict(paths)
    tables = {name: _read_toml(path) for name, path in files.items()}
    return catalog_from_dicts(tables, files)


def _read_toml(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as error:
        raise CatalogError(f"catalog file not found: {path}") from error
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{path}: not valid TOML ({error})") from error


def catalog_from_dicts(tables: Mapping[str, Mapping[str, Any]], files: Mapping[str, str] | None = None) -> Catalog:
    """Build a catalog from parsed TOML tables (how tests and an edited copy get in). Raises CatalogError."""
    files = dict(files or {name: f"<{name}>" for name in CATALOG_FILES})
    gpus_file, models_file = files["gpus"], files["open_models"]
    gpus_table, models_table = tables["gpus"], tables["open_models"]
    gpus = tuple(_gpu(key, row, f"{gpus_file}: [gpus.{key}]") for key, row in _tables(gpus_table, "gpus", gpus_file))
    gpu_keys = {gpu.key for gpu in gpus}
    serving = tuple(
        _serving_measurement(row, f"{gpus_file}: [[serving]] {i}", gpu_keys)
        for i, row in enumerate(gpus_table.get("serving", []))
    )
    models = tuple(
        _open_model(key, row, f"{models_file}: [models.{key}]")
        for key, row in _tables(models_table, "models", models_file)
    )
    model_keys = {model.key for model in models}
    platforms = tuple(
        _platform(key, row, f"{files['finetune_prices']}: [platforms.{key}]", gpu_keys, model_keys)
        for key, row in _tables(tables["finetune_prices"], "platforms", files["finetune_prices"])
    )
    currencies = tuple(
        _currency(code, row, f"{files['currency']}: [currencies.{code}]")
        for code, row in _tables(tables["currency"], "currencies", files["currency"])
    )
    range_row = _required_table(models_table, "token_count_range", models_file)
    overhead = _required_table(gpus_table, "overhead", gpus_file)
    share = _required_table(gpus_table, "serving_memory", gpus_file)
    qlora = _required_table(gpus_table, "qlora_speed", gpus_file)
    catalog = Catalog(
        platforms=platforms,
        gpus=gpus,
        models=models,
        currencies=currencies,
        token_count_range=TokenCountRange(
            _positive(range_row, "low", models_file), _positive(range_row, "high", models_file),
            _provenance(range_row, f"{models_file}: [token_count_range]"),
        ),
        overhead_gb=Assumption(
            _number(overhead, "gb_per_gpu", gpus_file), _provenance(overhead, f"{gpus_file}: [overhead]")
        ),
        serving_weights_share=Assumption(
            _positive(share, "weights_share", gpus_file), _provenance(share, f"{gpus_file}: [serving_memory]")
        ),
        qlora_speed=Assumption(
            _positive(qlora, "factor", gpus_file), _provenance(qlora, f"{gpus_file}: [qlora_speed]")
        ),
        serving=serving,
        paths=tuple(sorted(files.items())),
    )
    catalog.serving_measurement("reference")
    return catalog


# --- row parsers ---------------------------------------------------------------------------


def _tables(data: Mapping[str, Any], name: str, path: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
    tables = data.get(name)
    if not isinstance(tables, Mapping) or not tables:
        raise CatalogError(f"{path}: no [{name}.*] tables")
    return tables.items()


def _required_table(data: Mapping[str, Any], name: str, path: str) -> Mapping[str, Any]:
    table = data.get(name)
    if not isinstance(table, Mapping):
        raise CatalogError(f"{path}: missing the [{name}] table")
    return table


def _provenance(row: Mapping[str, Any], where: str, prefix: str = "") -> Provenance:
    source, as_of = row.get(f"{prefix}source"), row.get(f"{prefix}as_of")
    if not isinstance(source, str) or not source.strip() or not isinstance(as_of, date):
        raise CatalogError(f"{where}: every row needs `{prefix}source` (text) and `{prefix}as_of` (a TOML date)")
    note = row.get("as_of_note", "") if not prefix else ""
    note = "; ".join(part for part in (str(note), str(row.get("note", ""))) if part)
    return Provenance(source, as_of, bool(row.get(f"{prefix}verified", True)), note)


def _number(row: Mapping[str, Any], key: str, where: str, required: bool = True) -> float | None:
    value = row.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise CatalogError(f"{where}: `{key}` must be a number >= 0, not {value!r}")
    return float(value)


def _positive(row: Mapping[str, Any], key: str, where: str) -> float:
    value = _number(row, key, where)
    assert value is not None
    if value <= 0:
        raise CatalogError(f"{where}: `{key}` must be greater than 0")
    return value


def _int(row: Mapping[str, Any], key: str, where: str) -> int:
    value = row.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise CatalogError(f"{where}: `{key}` must be a positive integer, not {value!r}")
    return value


def _gpu(key: str, row: Mapping[str, Any], where: str) -> Gpu:
    mfu = _positive(row, "mfu", where)
    if mfu > 1:
        raise CatalogError(f"{where}: `mfu` is a fraction of peak (0-1), not {mfu}")
    offers = tuple(
        GpuOffer(
            provider=str(offer.get("provider", "")) or f"offer {i + 1}",
            usd_per_hour=_positive(offer, "usd_per_hour", f"{where} offers[{i}]"),
            usd_per_hour_max=_number(offer, "usd_per_hour_max", f"{where} offers[{i}]", required=False),
            provenance=_provenance(offer, f"{where} offers[{i}]"),
        )
        for i, offer in enumerate(row.get("offers", []))
    )
    return Gpu(
        key=key,
        name=str(row.get("name", key)),
        aliases=tuple(str(alias) for alias in row.get("aliases", [])),
        memory_gb=_positive(row, "memory_gb", where),
        peak_tflops=_positive(row, "peak_tflops", where),
        bf16=bool(row.get("bf16", True)),
        mfu=mfu,
        spec=_provenance(row, where, prefix="spec_"),
        mfu_provenance=Provenance(
            str(row.get("mfu_source", "")) or "not given", row.get("spec_as_of"), bool(row.get("mfu_verified", False))
        ),
        offers=offers,
    )


def _serving_measurement(row: Mapping[str, Any], where: str, gpu_keys: set[str]) -> ServingMeasurement:
    gpu = str(row.get("gpu", ""))
    if gpu not in gpu_keys:
        raise CatalogError(f"{where}: gpu {gpu!r} is not a [gpus.*] key")
    role = row.get("role")
    if role not in ("reference", "check"):
        raise CatalogError(f"{where}: role must be 'reference' or 'check'")
    measurement = ServingMeasurement(
        role=role,
        model=str(row.get("model", "")),
        params=_positive(row, "params", where),
        gpu=gpu,
        setting=str(row.get("setting", "")),
        provenance=_provenance(row, where),
        output_tokens_per_s=_number(row, "output_tokens_per_s", where, required=False),
        requests_per_s=_number(row, "requests_per_s", where, required=False),
        input_tokens=row.get("input_tokens"),
        output_tokens=row.get("output_tokens"),
    )
    if role == "reference" and not measurement.output_tokens_per_s:
        raise CatalogError(f"{where}: the reference row needs output_tokens_per_s")
    return measurement


def _open_model(key: str, row: Mapping[str, Any], where: str) -> OpenModel:
    shape = ModelShape(
        params=_positive(row, "params", where),
        layers=_int(row, "layers", where),
        hidden=_int(row, "hidden", where),
        intermediate=_int(row, "intermediate", where),
        heads=_int(row, "heads", where),
        kv_heads=_int(row, "kv_heads", where),
        head_dim=_int(row, "head_dim", where),
        vocab=_int(row, "vocab", where),
        tied_embeddings=bool(row.get("tied_embeddings", False)),
    )
    return OpenModel(
        key=key,
        name=str(row.get("name", key)),
        hf_id=str(row.get("hf_id", key)),
        aliases=tuple(str(alias) for alias in row.get("aliases", [])),
        shape=shape,
        context_length=_int(row, "context_length", where),
        licence=str(row.get("licence", "unknown")),
        provenance=_provenance(row, where),
    )


_KINDS = {"sft", "dpo", "rft"}
_METHODS = {"lora", "full", "undisclosed", "any"}


def _platform(key: str, row: Mapping[str, Any], where: str, gpu_keys: set[str], model_keys: set[str]) -> HostedPlatform:
    billing = row.get("billing")
    if billing not in ("capped_examples", "dataset_tokens"):
        raise CatalogError(f"{where}: billing must be 'capped_examples' or 'dataset_tokens'")
    models = tuple(_hosted_model(item, f"{where} models[{i}]") for i, item in enumerate(row.get("models", [])))
    training = tuple(_bracket(item, f"{where} training[{i}]") for i, item in enumerate(row.get("training", [])))
    serving = tuple(
        _serving_price(item, f"{where} serving[{i}]", gpu_keys, model_keys)
        for i, item in enumerate(row.get("serving", []))
    )
    return HostedPlatform(key, str(row.get("name", key)), billing, str(row.get("note", "")), models, training, serving)


def _kind_method(row: Mapping[str, Any], where: str) -> tuple[str, str]:
    kind, method = row.get("kind", "sft"), row.get("method", "any")
    if kind not in _KINDS or method not in _METHODS:
        raise CatalogError(f"{where}: kind must be one of {sorted(_KINDS)} and method one of {sorted(_METHODS)}")
    return kind, method


def _hosted_model(row: Mapping[str, Any], where: str) -> HostedModelPrice:
    kind, method = _kind_method(row, where)
    per_token = _number(row, "training_usd_per_mtok", where, required=False)
    per_hour = _number(row, "training_usd_per_hour", where, required=False)
    if (per_token is None) == (per_hour is None):
        raise CatalogError(f"{where}: give exactly one of training_usd_per_mtok and training_usd_per_hour")
    if not isinstance(row.get("model"), str):
        raise CatalogError(f"{where}: needs `model`")
    return HostedModelPrice(
        model=row["model"],
        aliases=tuple(str(alias) for alias in row.get("aliases", [])),
        kind=kind,
        method=method,
        input_usd_per_mtok=_number(row, "input_usd_per_mtok", where),
        output_usd_per_mtok=_number(row, "output_usd_per_mtok", where),
        provenance=_provenance(row, where),
        training_usd_per_mtok=per_token,
        training_usd_per_hour=per_hour,
        cached_input_usd_per_mtok=_number(row, "cached_input_usd_per_mtok", where, required=False),
    )


def _bracket(row: Mapping[str, Any], where: str) -> BracketPrice:
    kind, method = _kind_method(row, where)
    return BracketPrice(
        kind, method, _number(row, "max_params_b", where, required=False), _number(row, "usd_per_mtok", where),
        _provenance(row, where),
    )


def _serving_price(row: Mapping[str, Any], where: str, gpu_keys: set[str], model_keys: set[str]) -> ServingPrice:
    kind = row.get("type")
    method = row.get("method", "any")
    if method not in _METHODS:
        raise CatalogError(f"{where}: method must be one of {sorted(_METHODS)}")
    if kind == "serverless":
        if row.get("model") not in model_keys:
            raise CatalogError(f"{where}: model {row.get('model')!r} is not an open_models.toml key")
        return ServingPrice(
            "serverless", _provenance(row, where), method, model=row["model"],
            input_usd_per_mtok=_number(row, "input_usd_per_mtok", where),
            output_usd_per_mtok=_number(row, "output_usd_per_mtok", where),
        )
    if kind == "dedicated":
        if row.get("gpu") not in gpu_keys:
            raise CatalogError(f"{where}: gpu {row.get('gpu')!r} is not a gpus.toml key")
        return ServingPrice("dedicated", _provenance(row, where), method, gpu=row["gpu"],
                            usd_per_hour=_positive(row, "usd_per_hour", where))
    raise CatalogError(f"{where}: type must be 'serverless' or 'dedicated'")


def _currency(code: str, row: Mapping[str, Any], where: str) -> Currency:
    return Currency(
        code=code.upper(),
        name=str(row.get("name", code)),
        symbol=str(row.get("symbol", code)),
        per_usd=_positive(row, "per_usd", where),
        provenance=_provenance(row, where),
    )


__all__ = [
    "Assumption", "BracketPrice", "CATALOG_FILES", "Catalog", "CatalogError", "Currency", "DATA_DIR", "Gpu", "GpuOffer",
    "HostedModelPrice", "HostedPlatform", "ModelShape", "OpenModel", "Provenance", "ServingMeasurement",
    "ServingPrice", "TokenCountRange", "catalog_from_dicts", "load_catalog",
]
