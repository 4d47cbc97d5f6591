"""The whole first slice — loader, tokenizer, platform checks, CLI — runs with the network blocked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_socket

from advisor import cli
from advisor.data.tokens import get_encoding

FIXTURES = Path(__file__).parent / "fixtures" / "formats"


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_analyze_every_fixture_with_sockets_blocked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # no earlier download may help either
    get_encoding.cache_clear()
    pytest_socket.disable_socket(allow_unix_socket=False)
    try:
        with pytest.raises(pytest_socket.SocketBlockedError):
            __import__("socket").create_connection(("127.0.0.1", 9))
        for fixture in sorted(FIXTURES.iterdir()):
            for model in ("gpt-4.1-mini", "gpt-3.5-turbo"):
                assert cli.main(["analyze", str(fixture), "--json", "--model", model]) == 0
                report = json.loads(capsys.readouterr().out)
                assert report["examples_kept"] > 0 and report["tokens"]["total"] > 0
    finally:
        pytest_socket.enable_socket()
    assert get_encoding.cache_info().currsize == 2
    assert list(tmp_path.iterdir()) == []
