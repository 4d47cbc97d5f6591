"""The recommendation's downloads: the report, the saved analysis, and the cleaned files with starter configs."""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from advisor.data.model import Dataset
from advisor.ui.strings import text

EXPORT_TARGETS = ("openai", "together", "bedrock", "hf", "alpaca", "sharegpt")


def downloads(dataset: Dataset, document, result, lang: str) -> None:  # noqa: ANN001
    """Files are built when a button is clicked (callables), so a rerun never pays for them; `document()` gives
    the analysis as one JSON object."""
    from advisor.decide.advice import dumps
    from advisor.render.report import render_html, render_markdown

    st.subheader(text("downloads", lang))
    # on_click="ignore": a download that also reran the page raced the rerun and was sometimes cancelled (a room
    # of sessions lost reports that way, issue #20).
    columns = st.columns(4)
    columns[0].download_button(text("download_html", lang), lambda: render_html(document(), lang), "report.html",
                               "text/html", key="download_html", on_click="ignore")
    columns[1].download_button(text("download_md", lang), lambda: render_markdown(document(), lang), "report.md",
                               "text/markdown", key="download_md", on_click="ignore")
    columns[2].download_button(text("download_json", lang), lambda: dumps(document()), "analysis.json",
                               "application/json", key="download_json", on_click="ignore")
    state = st.session_state
    if not state.get("export_target_picked"):  # until the user picks one, the platform the answer trains on
        state["export_target"] = export_default(result)
    target = columns[3].selectbox(text("export_target", lang), EXPORT_TARGETS, key="export_target",
                                  on_change=lambda: state.update(export_target_picked=True))
    columns[3].download_button(text("download_export", lang), lambda: export_archive(dataset, target, result),
                               f"export_{target}.zip", "application/zip", key="download_export", on_click="ignore")


def export_default(result) -> str:  # noqa: ANN001 - Recommendation
    """The export format of the first training route in the ranking that can take the data (its platform's layout,
    advisor/decide/data_fit.py), else the Hugging Face layout every open-source trainer reads (issue #14 item 9: not OpenAI,
    which is closed to new customers)."""
    return next((item.fit.export_target for item in result.ranking
                 if item.fit is not None and item.fit.takes and item.fit.export_target in EXPORT_TARGETS), "hf")


def export_archive(dataset: Dataset, target: str, result) -> bytes:  # noqa: ANN001 - Recommendation
    """Cleaned train/validation files for `target`, the review files, and starter configs for the leading path."""
    from advisor.baselines.offline import baseline_inputs
    from advisor.pricing.catalog import load_catalog
    from advisor.render.configs import axolotl_yaml, openai_job, plan_from_hyperparameters, trl_script
    from advisor.render.export import clean_dataset, export_files

    # the same split as `advisor export`: stratified by label for classification
    cleaned = clean_dataset(dataset, labels=baseline_inputs(dataset).labels)
    bundle = export_files(cleaned, target)
    files = {item.name: item.text for item in bundle.files}
    route = result.hyperparameter_route
    if route is not None and bundle.train_file:
        model = load_catalog().find_model(route.model)
        values = {item.name: item.value for item in result.hyperparameters}
        plan = plan_from_hyperparameters(result.hyperparameter_path, model.hf_id if model else route.model, values,
                                         len(cleaned.train), bundle.train_file, bundle.validation_file)
        if plan.method == "openai" and target == "openai":
            files["openai_job.json"] = openai_job(plan)
        elif plan.method != "openai" and target in ("hf", "openai", "together"):
            files["train_trl.py"] = trl_script(plan)
            files["axolotl.yaml"] = axolotl_yaml(plan)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
