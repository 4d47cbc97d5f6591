"""The recommendation's downloads: the report, the saved analysis, and the cleaned files with starter configs.

Each file is made when its button is clicked (a deferred download: `data=<callable>`), so a rerun never pays for it.
Streamlit 1.67 keeps the file that callable makes in its media store under no session
(`MediaFileManager.execute_deferred` leaves it "unmapped"), and every script run of ANY session ends with
`remove_orphaned_files`: the first marks such a file, the second deletes it. In a room of sessions two other runs
end before the participant's browser gets to its GET, which answers 404 (issue #20: 10–21 reports lost per round at
30 participants). So the callable also registers the bytes it made for the session that clicked, at a coordinate of
its own per button (`MediaFileManager.add`, run in a short thread carrying that session's script-run context, the
way Streamlit attaches a session to a thread): the store keeps one file by content, other sessions' runs leave it
alone, and it is let go by Streamlit's own rules — when that session next runs its script or ends (then marked, and
deleted at the run after). At most one file per button per session is held.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

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
    deferred_download(columns[0], text("download_html", lang), lambda: render_html(document(), lang), "report.html",
                      "text/html", "download_html")
    deferred_download(columns[1], text("download_md", lang), lambda: render_markdown(document(), lang), "report.md",
                      "text/markdown", "download_md")
    deferred_download(columns[2], text("download_json", lang), lambda: dumps(document()), "analysis.json",
                      "application/json", "download_json")
    state = st.session_state
    if not state.get("export_target_picked"):  # until the user picks one, the platform the answer trains on
        state["export_target"] = export_default(result)
    target = columns[3].selectbox(text("export_target", lang), EXPORT_TARGETS, key="export_target",
                                  on_change=lambda: state.update(export_target_picked=True))
    deferred_download(columns[3], text("download_export", lang), lambda: export_archive(dataset, target, result),
                      f"export_{target}.zip", "application/zip", "download_export")


def deferred_download(place, label: str, make: Callable[[], str | bytes], file_name: str, mime: str,  # noqa: ANN001
                      key: str) -> None:
    """A download button whose file `make` builds on the click and that stays fetchable until its session runs again
    (the module's docstring says why)."""
    place.download_button(label, held_for_this_session(make, file_name, mime, f"advisor.download.{key}"), file_name,
                          mime, key=key, on_click="ignore")


def held_for_this_session(make: Callable[[], str | bytes], file_name: str, mime: str,
                          coordinates: str) -> Callable[[], bytes]:
    """`make`, whose bytes are also registered for the session running this script when it is called (on the click,
    on a thread of Streamlit's that belongs to no session). The same bytes, file name and type as the download give
    the same file in the store (its id is their hash)."""
    context = get_script_run_ctx(suppress_warning=True)

    def made() -> bytes:
        made_file = make()
        data = made_file.encode("utf-8") if isinstance(made_file, str) else made_file
        if context is not None and runtime.exists():
            media = runtime.get_instance().media_file_mgr
            holder = threading.Thread(target=media.add, args=(data, mime, coordinates),
                                      kwargs={"file_name": file_name, "is_for_static_download": True},
                                      name="download-holder")
            add_script_run_ctx(holder, context)  # `add` registers the file for the thread's session
            holder.start()
            holder.join()
            if not runtime.get_instance().is_active_session(context.session_id):
                media.clear_session_refs(context.session_id)  # it ended meanwhile: its references went before ours
        return data

    return made


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
