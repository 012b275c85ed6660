"""`jrqa serve` binds loopback by default and refuses any other address without an API key
(and, with the page, a login). No test binds anything but 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from jrqa.cli import main
from jrqa.serve.exposure import ExposureError, check_exposure
from jrqa.settings import Settings

KEY = "sk-SENTINEL-serve-key-0b3c"
PASSWORD = "SENTINEL-serve-password-77e2"


def _settings(host: str, **credentials: str) -> Settings:
    secrets = {name: SecretStr(value) for name, value in credentials.items() if name != "auth_user"}
    return Settings(host=host, auth_user=credentials.get("auth_user"), **secrets)  # type: ignore[arg-type]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_loopback_needs_no_credentials(host: str) -> None:
    assert check_exposure(_settings(host), with_page=True) == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "jrqa.example.org"])
def test_another_address_without_a_key_refuses(host: str) -> None:
    with pytest.raises(ExposureError, match=f"Refusing to serve on {host}") as refused:
        check_exposure(_settings(host, auth_user="reader", auth_password=PASSWORD), True)
    assert "JRQA_API_KEY" in str(refused.value) and "JRQA_AUTH_USER" not in str(refused.value)


def test_the_page_also_needs_its_login() -> None:
    with pytest.raises(ExposureError, match="JRQA_AUTH_USER and JRQA_AUTH_PASSWORD"):
        check_exposure(_settings("0.0.0.0", api_key=KEY), with_page=True)
    with pytest.raises(ExposureError, match="JRQA_AUTH_USER and JRQA_AUTH_PASSWORD"):
        check_exposure(_settings("0.0.0.0", api_key=KEY, auth_user="reader"), with_page=True)


def test_with_a_key_and_a_login_any_address_is_allowed() -> None:
    full = _settings("0.0.0.0", api_key=KEY, auth_user="reader", auth_password=PASSWORD)
    assert check_exposure(full, with_page=True) == []
    assert check_exposure(_settings("0.0.0.0", api_key=KEY), with_page=False) == []


def test_half_a_login_on_loopback_warns() -> None:
    (warning,) = check_exposure(_settings("127.0.0.1", auth_user="reader"), with_page=True)
    assert "work only together" in warning


@pytest.fixture
def listened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record where `jrqa serve` would listen, and stop it right there."""
    import jrqa.serve.cli

    calls: list[tuple[str, int]] = []

    def record(host: str, port: int) -> Any:
        calls.append((host, port))
        raise KeyboardInterrupt  # as if Ctrl+C came right after binding

    monkeypatch.setattr(jrqa.serve.cli, "listen", record)
    return calls


@pytest.mark.parametrize("flags", [[], ["--no-page"]])
def test_the_command_refuses_to_start_and_says_why(
    listened: list[tuple[str, int]], capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    code = main(["serve", "--host", "0.0.0.0", "--index-dir", "/nonexistent", *flags])
    err = capsys.readouterr().err
    assert code == 2 and listened == []
    assert err.startswith("jrqa: Refusing to serve on 0.0.0.0") and "JRQA_API_KEY" in err
    assert ("JRQA_AUTH_PASSWORD" in err) == (flags == [])


def test_the_command_binds_loopback_by_default(
    listened: list[tuple[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--index-dir", "/nonexistent"]) == 130
    assert listened == [("127.0.0.1", 7860)]


def test_with_credentials_the_command_goes_on_and_prints_no_secret(
    listened: list[tuple[str, int]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("JRQA_API_KEY", KEY)
    monkeypatch.setenv("JRQA_AUTH_USER", "reader")
    monkeypatch.setenv("JRQA_AUTH_PASSWORD", PASSWORD)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8123"]) == 130
    captured = capsys.readouterr()
    assert listened == [("0.0.0.0", 8123)]
    assert KEY not in captured.out + captured.err and PASSWORD not in captured.out + captured.err


def test_a_port_in_use_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--index-dir", "/nonexistent"])
    err = capsys.readouterr().err
    assert code == 2 and f"Cannot listen on 127.0.0.1:{port}" in err and "--port" in err
