"""Step 5, recommendation: the options ranked with their reasons, the downloads, two answers side by side for a
workshop, and a saved analysis reopened without its data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisor.analysis import Analysis
from advisor.data.model import Dataset
from advisor.data.samples import load_samples
from advisor.data.tokens import DEFAULT_MODEL
from advisor.i18n.messages import number
from advisor.pricing.scenario import scenario_from_dict
from advisor.render.escaping import escape_md
from advisor.ui.cache import cached_analysis, cached_measurement_cost, cached_sample
from advisor.ui.chosen import ChosenData
from advisor.ui.downloads import downloads
from advisor.ui.pages.baselines import written_label_descriptions
from advisor.ui.pages.costs import scenario_inputs
from advisor.ui.state import DEFAULT_MONTHLY_REQUESTS, choice_box
from advisor.ui.strings import text
from advisor.ui.widgets import comparison_for, evidence_for, money, show_freshness


def show(chosen: ChosenData, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
    show_recommendation(chosen.dataset(lang), chosen.key, analysis, lang, currency)


def show_recommendation(dataset: Dataset, key: tuple, analysis: Analysis, lang: str, currency) -> None:  # noqa: ANN001
    from advisor.decide.advice import Advice, advice_to_dict
    from advisor.decide.data_fit import shape_of
    from advisor.decide.recommend import recommend
    from advisor.pricing.freshness import routes_deciding

    st.header(text("step_recommendation", lang))
    with st.expander(text("scenario_edit", lang)):
        scenario = scenario_inputs(lang)
    evidence = evidence_for(dataset, key, analysis, lang)
    comparison = comparison_for(dataset, key, scenario, currency)
    shape = shape_of(dataset, analysis.findings)
    result = recommend(analysis.profile, evidence, comparison, shape=shape)
    if result.measure is not None:
        result = result.with_measure_cost(cached_measurement_cost(dataset, key, comparison))
    show_ranking(result, lang)
    show_freshness(routes_deciding(result), comparison, lang)
    task = st.session_state.get("task") or ""
    try:  # a mistake in them is shown on the baselines step; the saved analysis then holds none
        described = written_label_descriptions(tuple(label for label, _ in analysis.profile.task.labels),
                                               analysis.profile.task_kind)
    except ValueError:
        described = ()
    downloads(dataset, lambda: advice_to_dict(Advice(task, analysis, evidence, comparison, result, described), lang),
              result, lang)
    compare_side_by_side(lang, currency)
    with st.expander(text("reopen", lang)):
        reopen_saved(lang)


def show_ranking(result, lang: str) -> None:  # noqa: ANN001 - advisor.decide.recommend.Recommendation
    if result.fix_first:
        points = " ".join(escape_md(point.text(lang)) for point in result.fix_first)
        st.error(f"**{text('fix_first', lang)}** {points}")
    best = result.best
    if result.next_step == "measure":
        st.warning(text("answer_measure", lang, option=best.name(lang)))
    elif result.next_step != "fix_data":  # the red box above says it: fix the data first
        st.success(text("answer", lang, option=best.name(lang),
                        confidence=text(f"confidence_{result.confidence}", lang)))
    if result.measure is not None:
        show_measure_plan(result, lang)
    for item in result.ranking:
        with st.container(border=True):
            verdict = text("verdict_" + item.verdict, lang)
            st.markdown(f"#### {escape_md(item.name(lang))} — {verdict} · {item.score}/100")
            if item.route is not None:
                st.caption(f"{text('route', lang)}: {escape_md(item.route.name(lang))}")
            if item.fit is not None and item.fit.fit == "as_is":  # a conversion or a refusal is listed as a risk
                st.caption(escape_md(item.fit.text(lang)))
            bullets(item.reasons, lang, risks=item.risks)
            cited = list(dict.fromkeys(source for point in item.reasons for source in point.sources))
            if cited:  # our own catalogue of papers: the links are ours, the titles still go through the helper
                st.caption(text("sources", lang) + " " + " · ".join(
                    f"[{escape_md(source.citation())}]({source.url})" for source in cited))
    st.subheader(text("confidence", lang, level=text(f"confidence_{result.confidence}", lang)))
    bullets(result.confidence_reasons, lang)
    if result.what_would_change:
        st.subheader(text("what_would_change", lang))
        bullets(result.what_would_change, lang)
    if result.hyperparameters:
        st.subheader(text("hyperparameters", lang, path=result.hyperparameter_path))
        st.dataframe(pd.DataFrame({text("col_name", lang): [item.name for item in result.hyperparameters],
                                   text("col_value", lang): [str(item.value) for item in result.hyperparameters],
                                   text("col_sources", lang): [item.source for item in result.hyperparameters]}),
                     hide_index=True, width="stretch", key="hyperparameters")


def bullets(points, lang: str, risks=()) -> None:  # noqa: ANN001 - advisor.decide points with .text(lang)
    """One list, one element: each element is a message to the browser, and a room's server sends them all."""
    lines = [f"- {escape_md(point.text(lang))}" for point in points]
    lines += [f"- ⚠️ {escape_md(point.text(lang))}" for point in risks]
    if lines:
        st.markdown("\n".join(lines))


def show_measure_plan(result, lang: str) -> None:  # noqa: ANN001 - Recommendation
    plan = result.measure
    with st.container(border=True):
        st.subheader(text("measure_plan", lang))
        st.markdown(escape_md(plan.why.text(lang)))
        if plan.cost is not None:
            cost = plan.cost
            st.markdown(text("measure_runs", lang, model=cost.model, held_out=number(cost.held_out, lang),
                             calls=number(cost.calls, lang), expected=money(cost.expected_usd, result.currency),
                             worst=money(cost.worst_usd, result.currency)))
        else:
            st.markdown(text("measure_runs_unpriced", lang))
        st.markdown(text("measure_decides", lang))
        bullets(plan.decisions, lang)


def compare_side_by_side(lang: str, currency) -> None:  # noqa: ANN001
    """For workshops: two samples, or one sample at two volumes, answered next to each other."""
    from advisor.decide.data_fit import shape_of
    from advisor.decide.recommend import recommend

    samples = load_samples()
    if not samples:
        return
    by_id = {item.id: item for item in samples}
    if not st.toggle(text("compare", lang), key="compare_on"):  # two more answers per run: only when asked
        return
    with st.container(border=True):
        columns = st.columns(2)
        for side, column in enumerate(columns):
            key = f"compare_sample_{side}"
            st.session_state.setdefault(key, list(by_id)[min(side, len(by_id) - 1)])
            chosen = choice_box(column, text("sample", lang), tuple(by_id), key=key, lang=lang,
                                format_func=lambda value: by_id[value].text("title", lang))
            fields = by_id[chosen].scenario_fields
            volume = column.number_input(text("monthly_requests", lang), min_value=0, step=1000,
                                         value=int(fields.get("monthly_requests", DEFAULT_MONTHLY_REQUESTS)),
                                         key=f"compare_volume_{side}")
            dataset = cached_sample(chosen)
            key = ("sample", chosen)
            analysis = cached_analysis(dataset, key, DEFAULT_MODEL)
            evidence = evidence_for(dataset, key, analysis, lang)
            scenario = scenario_from_dict({**fields, "monthly_requests": int(volume)})
            result = recommend(analysis.profile, evidence, comparison_for(dataset, key, scenario, currency),
                               shape=shape_of(dataset, analysis.findings))
            confidence = text("confidence_" + result.confidence, lang)
            column.markdown(f"**{escape_md(result.best.name(lang))}** · {confidence}")
            column.caption(escape_md(by_id[chosen].text("teaches", lang)))
            for item in result.ranking:
                total = item.route.horizon_total.usd if item.route and item.route.horizon_total else None
                verdict = text("verdict_" + item.verdict, lang)
                column.markdown(f"- {escape_md(item.name(lang))}: {verdict} · {escape_md(money(total, currency))}")


def reopen_saved(lang: str) -> None:
    """A saved analysis shown again without its data: the recommendation and the report."""
    from advisor.decide.advice import DocumentError, parse_document

    saved = st.file_uploader(text("reopen_upload", lang), type=["json"], key="reopen")
    if saved is None:
        return
    try:
        document = parse_document(saved.getvalue())
    except DocumentError as error:
        st.error(escape_md(error))
        return
    recommendation = document["recommendation"]
    st.success(text("reopened", lang, task=document.get("task") or "—", created=document.get("created", "?")))
    st.markdown("\n".join(f"- **{escape_md(item['name'])}** — {text('verdict_' + item['verdict'], lang)} · "
                          f"{item['score']}/100" for item in recommendation["ranking"]))
    from advisor.render.report import render_html

    st.download_button(text("download_html", lang), lambda: render_html(document, lang), "report.html", "text/html",
                       key="reopened_html")
