"""Info commands, and the C client's log routed into ``logging``."""

from __future__ import annotations

import logging

import pytest

import aerospike_py
from aerospike_py import exception as ex
from aerospike_py.types import InfoNodeResult

LOGGER = "aerospike_py"
LEVELS = [
    aerospike_py.LOG_LEVEL_OFF,
    aerospike_py.LOG_LEVEL_ERROR,
    aerospike_py.LOG_LEVEL_WARN,
    aerospike_py.LOG_LEVEL_INFO,
    aerospike_py.LOG_LEVEL_DEBUG,
    aerospike_py.LOG_LEVEL_TRACE,
]


@pytest.fixture
def log_reset():
    """Leave log forwarding off and the logger's level untouched after the test."""
    logger = logging.getLogger(LOGGER)
    level = logger.level
    try:
        yield
    finally:
        aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_OFF)
        logger.setLevel(level)


# --- info -----------------------------------------------------------------------------


def test_info_all_build(client):
    results = client.info_all("build")
    assert isinstance(results, list) and results
    names = set(client.get_node_names())
    assert {r.node_name for r in results} == names
    for r in results:
        assert isinstance(r, InfoNodeResult)
        assert r.error_code == 0
        assert isinstance(r.response, str)
        version = r.response.strip()
        assert version and version[0].isdigit() and "." in version
        assert "build" not in r.response and "\t" not in r.response


def test_info_all_namespaces(client):
    for r in client.info_all("namespaces"):
        assert "test" in r.response.strip().split(";")


def test_info_all_status(client):
    assert [r.response.strip() for r in client.info_all("status")] == ["ok"] * len(client.get_node_names())


@pytest.mark.parametrize("command,check", [
    ("build", lambda s: s[0].isdigit()),
    ("namespaces", lambda s: "test" in s.split(";")),
    ("status", lambda s: s == "ok"),
])
def test_info_random_node(client, command, check):
    response = client.info_random_node(command)
    assert isinstance(response, str)
    assert check(response.strip()), response


def test_info_with_policy(client):
    assert client.info_random_node("status", policy={"timeout": 2000}).strip() == "ok"
    assert client.info_all("status", policy={"total_timeout": 2000})[0].response.strip() == "ok"


@pytest.mark.parametrize("policy,needle", [({"timeout": -1}, "timeout"), ({"bogus": 1}, "bogus")])
def test_info_bad_policy(client, policy, needle):
    with pytest.raises(ex.InvalidArgError) as info:
        client.info_random_node("status", policy=policy)
    assert needle in info.value.msg
    with pytest.raises(ex.InvalidArgError):
        client.info_all("status", policy=policy)


@pytest.mark.parametrize("command", [None, 5, b"build"], ids=["none", "int", "bytes"])
def test_info_bad_command(client, command):
    with pytest.raises(ex.InvalidArgError):
        client.info_random_node(command)
    with pytest.raises(ex.InvalidArgError):
        client.info_all(command)


def test_info_matches_official_client(client, official):
    ours = {r.node_name: r.response.strip() for r in client.info_all("build")}
    theirs = {}
    for node, (err, resp) in official.info_all("build").items():
        assert err is None
        theirs[node] = resp.split("\t", 1)[-1].strip()
    assert sorted(ours.values()) == sorted(theirs.values())


# --- logging -----------------------------------------------------------------------------


@pytest.mark.parametrize("level", LEVELS, ids=["off", "error", "warn", "info", "debug", "trace"])
def test_set_log_level_accepts_each_level(level, log_reset):
    assert aerospike_py.set_log_level(level) is None


@pytest.mark.parametrize("level", [5, -2, 100, "debug", 2.0, None, True], ids=["5", "-2", "100", "str", "float", "none", "bool"])
def test_set_log_level_bad_levels(level, log_reset):
    with pytest.raises(ex.InvalidArgError):
        aerospike_py.set_log_level(level)


def test_c_log_messages_reach_logging(config, caplog, log_reset):
    dropped = aerospike_py.dropped_log_count()
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_DEBUG)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        with aerospike_py.client(config).connect() as c:
            c.info_random_node("status")
    ours = [r for r in caplog.records if r.name == LOGGER]
    assert ours, "no record from the C client"
    for r in ours:
        assert r.levelno in (logging.ERROR, logging.WARNING, logging.INFO, logging.DEBUG, 5)
        assert isinstance(r.getMessage(), str) and r.getMessage()
        assert hasattr(r, "c_file") and hasattr(r, "c_line")
    assert aerospike_py.dropped_log_count() == dropped


def test_log_level_filters_by_severity(config, caplog, log_reset):
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_ERROR)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        with aerospike_py.client(config).connect() as c:
            c.info_random_node("status")
    assert not [r for r in caplog.records if r.name == LOGGER and r.levelno < logging.ERROR]


def test_log_level_off_silences(config, caplog, log_reset):
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_DEBUG)
    aerospike_py.set_log_level(aerospike_py.LOG_LEVEL_OFF)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        with aerospike_py.client(config).connect() as c:
            c.info_random_node("status")
    assert [r for r in caplog.records if r.name == LOGGER] == []


def test_dropped_log_count_is_an_int():
    n = aerospike_py.dropped_log_count()
    assert isinstance(n, int) and n >= 0
