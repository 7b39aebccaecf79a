"""UDFs through aerospike-py 0.14.4 and this client: apply, batch_apply, udf_put and udf_remove."""

from __future__ import annotations

import math
from typing import Any

NS = "test"

ECHO_VALUES: list[Any] = [0, -7, 2**63 - 1, -(2**63), 1.5, -0.25, math.inf, "", "ünïcode", b"", b"\x00\xff",
                          [], [1, "two", 3.0, None, b"x", [True]], {}, {"a": 1, "b": [1, 2], 3: {"x": None}},
                          None, True, False]


def cl(method: str, *args: Any, **kwargs: Any) -> tuple:
    return ("client", method, args, kwargs)


def test_apply(differ: Any, set_name: str, udf_module: str) -> None:
    key = (NS, set_name, "udf")
    steps = [cl("put", key, {"a": 1})]
    steps += [cl("apply", key, udf_module, "echo", [v]) for v in ECHO_VALUES]
    steps += [
        cl("apply", key, udf_module, "add", [2, 40]),
        cl("apply", key, udf_module, "add", [0.5, 1]),
        cl("apply", key, udf_module, "write_bin", ["b", [1, 2]]),
        cl("get", key),
        cl("apply", key, udf_module, "names"),
        cl("apply", key, udf_module, "names", []),
        cl("apply", key, udf_module, "echo", "not a list"),
        cl("apply", (NS, set_name, "missing"), udf_module, "echo", [1]),
        cl("get", (NS, set_name, "missing")),
    ]
    differ.same(steps, cleanup=[cl("remove", key), cl("remove", (NS, set_name, "missing"))])


def test_batch_apply(differ: Any, set_name: str, udf_module: str) -> None:
    keys = [(NS, set_name, f"ba{i}") for i in range(3)]
    differ.same([
        cl("put", keys[0], {"n": 1}),
        cl("batch_apply", keys, udf_module, "echo", [5]),
        cl("batch_apply", keys, udf_module, "write_bin", ["w", "x"]),
        cl("batch_read", keys),
        cl("batch_apply", keys, udf_module, "fail", ["boom"]),
        cl("batch_apply", keys, udf_module, "echo", "nope"),
        cl("batch_apply", [], udf_module, "echo", [1]),
    ], cleanup=[cl("remove", k) for k in keys])


def test_udf_module_commands(differ: Any) -> None:
    differ.same([cl("udf_put", 5), cl("udf_remove", 5), cl("udf_put", "x.lua", 99)])


# -- intentional differences: each asserts this client's behaviour and names the difference --


def test_udf_failures_raise_udf_error(differ: Any, set_name: str, udf_module: str, tmp_path: Any) -> None:
    """A UDF that fails (error(), unknown function or module, compile error) raises UDFError with the server's
    code 100, as the official client; 0.14.4 raises ClientError (-1) "UDF Bad Response"."""
    key = (NS, set_name, "udffail")
    bad = tmp_path / "diff_bad.lua"
    bad.write_text("function broken(rec\n")
    theirs, mine = differ.run([
        cl("put", key, {"a": 1}),
        cl("apply", key, udf_module, "fail", ["boom"]),
        cl("apply", key, udf_module, "no_such_function", []),
        cl("apply", key, "no_such_module", "echo", [1]),
        cl("udf_put", str(bad)),
    ], cleanup=[cl("remove", key), cl("udf_remove", "diff_bad")])
    assert [t[:3] for t in theirs[1:]] == [("exc", "ClientError", -1)] * 4
    assert [m[:3] for m in mine[1:]] == [("exc", "UDFError", 100)] * 4
    assert "boom" in mine[1][3] and "compile_error" in mine[4][3]


def test_udf_put_of_a_missing_file(differ: Any, tmp_path: Any) -> None:
    """A file that cannot be read is a bad argument (InvalidArgError); 0.14.4 raises ClientError."""
    theirs, mine = differ.run([cl("udf_put", str(tmp_path / "missing.lua"))])
    assert theirs[0][:3] == ("exc", "ClientError", -1)
    assert mine[0][:3] == ("exc", "InvalidArgError", -2) and "missing.lua" in mine[0][3]


def test_udf_argument_map_keys(differ: Any, set_name: str, udf_module: str) -> None:
    """Unsupported map keys in UDF arguments: InvalidArgError; 0.14.4 panics."""
    key = (NS, set_name, "udfargs")
    theirs, mine = differ.run([cl("put", key, {"a": 1}), cl("apply", key, udf_module, "echo", [{1.5: "x"}])],
                              cleanup=[cl("remove", key)])
    assert theirs[1][:2] == ("exc", "PanicException")
    assert mine[1][:3] == ("exc", "InvalidArgError", -2)
