"""Client configuration and connecting, through aerospike-py 0.14.4 and this client."""

from __future__ import annotations

from typing import Any


def connect_with(config: Any) -> tuple:
    return ("module", "connect_with", (config,), {})


def test_configs_both_accept(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    hosts = list(aerospike_hosts)
    host, port = hosts[0]
    differ.same([
        connect_with({"hosts": hosts}),
        connect_with({"hosts": [f"{host}:{port}"]}),
        connect_with({"hosts": hosts, "policies": {"read": {"total_timeout": 5000}}}),
        connect_with({"hosts": hosts, "timeout": 2000, "max_conns_per_node": 10}),
    ])


def test_configs_both_refuse(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    hosts = list(aerospike_hosts)
    host, port = hosts[0]
    differ.same([
        connect_with({"hosts": []}),
        connect_with({}),
        connect_with({"hosts": [(host, str(port))]}),
        connect_with({"hosts": hosts, "timeout": "x"}),
        connect_with({"hosts": hosts, "max_conns_per_node": -1}),
        connect_with("not a dict"),
        connect_with(None),
    ])


# -- intentional differences: each asserts this client's behaviour and names the difference --


def test_unknown_config_fields_raise(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    """Unknown config and policy fields raise InvalidArgError naming them (README); 0.14.4 ignores them."""
    hosts = list(aerospike_hosts)
    theirs, mine = differ.run([connect_with({"hosts": hosts, "tiemout": 5}),
                               connect_with({"hosts": hosts, "policies": {"read": {"total_timout": 5}}})])
    assert theirs == [("bool", True)] * 2
    assert [m[:3] for m in mine] == [("exc", "InvalidArgError", -2)] * 2
    assert "tiemout" in mine[0][3] and "total_timout" in mine[1][3]


def test_hosts_as_a_string(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    """hosts may be a "host:port[,host:port]" string here (as in docs/configuration.md); 0.14.4 wants a list."""
    host, port = aerospike_hosts[0]
    theirs, mine = differ.run([connect_with({"hosts": f"{host}:{port}"})])
    assert theirs[0][:2] == ("exc", "TypeError")
    assert mine[0] == ("bool", True)


def test_connect_failures(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    """Connect failures are ClusterError in both; here with the C client's status and the cause in the message
    (0.14.4: code -1 and a generic text)."""
    host, port = aerospike_hosts[0]
    theirs, mine = differ.run([connect_with({"hosts": [("127.0.0.1", 1)]}),
                               connect_with({"hosts": [(host, port)], "cluster_name": "no-such-cluster-name"})])
    assert [t[:2] for t in theirs] == [("exc", "ClusterError")] * 2
    assert [m[:2] for m in mine] == [("exc", "ClusterError")] * 2
    assert "connection refused" in mine[0][3] and "no-such-cluster-name" in mine[1][3]


def test_credentials_on_a_server_without_security(differ: Any, aerospike_hosts: list[tuple[str, int]]) -> None:
    """A user on a server without security: AdminError (51, security not supported), as the official client
    raises SecurityNotSupported; 0.14.4 raises ClusterError."""
    theirs, mine = differ.run([connect_with({"hosts": list(aerospike_hosts), "user": "u", "password": "p"})])
    assert theirs[0][:2] == ("exc", "ClusterError")
    assert mine[0][:2] == ("exc", "AdminError") and mine[0][2] in (51, 52)  # not supported (CE) / not enabled
