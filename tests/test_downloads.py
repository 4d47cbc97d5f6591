"""advisor/ui/downloads.py against the real app server: a report asked for in a room of sessions is still there when
its GET arrives (issue #20: other participants' script runs deleted it first, 404), holds no API key, and is let go
once the session that asked for it runs again."""

from __future__ import annotations

import asyncio
import sys
import uuid
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from protocol_client import ProtocolSession, Session  # noqa: E402

from advisor.data.samples import load_samples  # noqa: E402
from advisor.ui.strings import text  # noqa: E402

LANG = "pt"  # the app opens in Portuguese
TIMEOUT_S = 120


async def settled(client: ProtocolSession, doing: str) -> None:
    """Until the run last asked for has ended (not the one before it)."""
    await client.until(lambda: not client.waiting_for_run and not client.running, doing)


async def go_to(client: ProtocolSession, step: str) -> None:
    await settled(client, "the end of the run before the click")
    await client.choose("radio", lambda widget: text("step_costs", LANG) in widget.options, text(step, LANG))


async def room_downloads(url: str) -> tuple[int, bytes, int, str, str]:
    sample = next(item for item in load_samples() if item.id == "translation")
    key = f"sk-test-{uuid.uuid4().hex}"
    asking, other = ProtocolSession(url, Session("asking"), TIMEOUT_S), ProtocolSession(url, Session("other"), TIMEOUT_S)
    try:
        await asking.open()
        await settled(asking, "the first run")
        await asking.choose("selectbox", lambda widget: widget.label == text("sample", LANG), sample.text("title", LANG))
        await asking.until(lambda: asking.shows(text("kept", LANG)), "the data step")
        await go_to(asking, "step_baselines")  # the participant types a key there before the report
        await asking.until(lambda: any(kind == "text_input" and widget.label == text("api_key", LANG)
                                       for kind, widget in asking.widgets.values()), "the key field")
        key_field, _ = asking.find("text_input", lambda widget: widget.label == text("api_key", LANG))
        asking.states[key_field] = WidgetState(id=key_field, string_value=key)
        await settled(asking, "the baselines step")
        await asking.send_rerun()
        await go_to(asking, "step_recommendation")
        await asking.until(lambda: asking.shows(text("downloads", LANG)), "the recommendation step")
        await settled(asking, "the recommendation step")
        link = await asking.download_url(text("download_html", LANG))  # a click: no rerun

        # another participant's page ends three script runs before the GET arrives (two were enough to delete it)
        await other.open()
        await settled(other, "the other's first run")
        await other.choose("selectbox", lambda widget: widget.label == text("sample", LANG), sample.text("title", LANG))
        await other.until(lambda: other.shows(text("kept", LANG)), "the other's data step")
        await go_to(other, "step_profile")
        await other.until(lambda: other.shows(text("findings", LANG)), "the other's profile step")
        await settled(other, "the other's profile step")
        response = await asking.http.get(link)

        # let go: the asking session runs again elsewhere, then the other runs twice more
        await go_to(asking, "step_costs")
        await asking.until(lambda: asking.shows(text("break_even", LANG)), "the costs step")
        await settled(asking, "the costs step")
        for step in ("step_data", "step_profile"):
            await go_to(other, step)
            await settled(other, step)
        released = await asking.http.get(link)
        return response.status_code, response.content, released.status_code, key, sample.path.name
    finally:
        await asking.close()
        await other.close()


def test_a_report_asked_for_survives_other_sessions_runs_until_fetched_and_is_let_go_after(app_server_url: str) -> None:
    status, report, status_after_release, key, file_name = asyncio.run(room_downloads(app_server_url))

    assert status == 200
    assert report.startswith(b"<!DOCTYPE html>") or b"<html" in report[:2000]
    assert file_name.encode() in report
    assert key.encode() not in report
    assert status_after_release == 404  # not kept for the rest of the server's life
