"""Shared fixtures: a rillet session, free ports, and cleanup of streaming queries."""

from __future__ import annotations

import pytest

from rillet.sql import SparkSession


@pytest.fixture(scope="session")
def spark() -> SparkSession:
    session = (
        SparkSession.builder.appName("rillet-tests").config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")  # the dashboard stays off unless a test asks for it (tests/ui/)
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(autouse=True)
def _stop_streams(request: pytest.FixtureRequest):
    """Every query a test starts is stopped when the test ends, even if it failed."""
    yield
    session = SparkSession.getActiveSession()
    if session is not None:
        for q in session.streams.active:
            q.stop()
        session.streams.resetTerminated()


@pytest.fixture(scope="module")
def pg():
    """A PostgreSQL server of Debian's package on 127.0.0.1 with a throwaway data folder, for the
    JDBC tests of one module; skipped, with the reason printed, only if none can be started."""
    from postgres_server import ServerUnavailable, postgres_server

    try:
        with postgres_server() as server:
            yield server
    except ServerUnavailable as e:
        print(f"PostgreSQL unavailable: {e}")
        pytest.skip(f"PostgreSQL server could not be started: {e}")
