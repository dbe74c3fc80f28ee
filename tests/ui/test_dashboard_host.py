"""The dashboard answers only requests addressed to a name it is bound to (issue 18,
item 7): a DNS-rebinding page, whose requests reach 127.0.0.1 under the attacker's host
name, gets 403 and never the plans or exception texts."""

from __future__ import annotations

import http.client

import pytest

from rillet.sql import SparkSession


@pytest.fixture
def ui():
    session = SparkSession.Builder().config("spark.ui.enabled", "true").config("spark.ui.port", "0").create()
    assert session._ui is not None
    yield session._ui
    session.stop()


def _get(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST"])
def test_requests_to_the_bound_names_are_answered(ui, name):
    status, body = _get(ui.port, "/api/queries", f"{name}:{ui.port}")
    assert status == 200 and body.startswith(b'{"queries"')


@pytest.mark.parametrize("host", ["attacker.example:{port}", "attacker.example", "localhost:1", "127.0.0.1", None])
def test_requests_to_any_other_host_name_are_refused(ui, host):
    header = host.format(port=ui.port) if host is not None else None
    for path in ("/", "/api/queries", "/static/index.html"):
        status, body = _get(ui.port, path, header)
        assert status == 403
        assert b"is not a name this dashboard is bound to" in body and b"queries" not in body


def test_the_configured_ui_host_is_a_bound_name():
    session = (SparkSession.Builder().config("spark.ui.enabled", "true").config("spark.ui.port", "0")
               .config("spark.ui.host", "localhost").create())
    try:
        ui = session._ui
        assert ui is not None
        assert _get(ui.port, "/api/queries", f"localhost:{ui.port}")[0] == 200
        assert _get(ui.port, "/api/queries", f"rebound.example:{ui.port}")[0] == 403
    finally:
        session.stop()
