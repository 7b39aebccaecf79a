"""The admin and NumPy methods take the same parameters (names, order, defaults) as aerospike-py 0.14.4's stubs."""

from __future__ import annotations

import ast
import inspect
from typing import Any

import pytest

import aerospike_py
from conftest import contract_dir


def _contract_methods(class_name: str) -> dict[str, list[tuple[str, Any]]]:
    stub = contract_dir() / "aerospike_py" / "__init__.pyi"
    if not stub.exists():
        pytest.fail(f"aerospike-py 0.14.4 stubs not found at {stub}: run ci/setup.sh")
    tree = ast.parse(stub.read_text())
    out: dict[str, list[tuple[str, Any]]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for fn in node.body:
                if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    args = fn.args.args
                    defaults = [None] * (len(args) - len(fn.args.defaults)) + list(fn.args.defaults)
                    out[fn.name] = [(a.arg, ast.literal_eval(d) if d is not None else inspect.Parameter.empty)
                                    for a, d in zip(args, defaults)]
    return out


@pytest.mark.parametrize("ours,theirs", [(aerospike_py.Client, "Client"), (aerospike_py.AsyncClient, "AsyncClient")])
def test_same_parameters(ours: type, theirs: str) -> None:
    contract = _contract_methods(theirs)
    names = sorted(n for n in contract if n.startswith("admin_") or n == "batch_write_numpy")
    assert len(names) == 16
    for name in names:
        params = [(p.name, p.default) for p in inspect.signature(getattr(ours, name)).parameters.values()]
        assert params == contract[name], name
        assert inspect.iscoroutinefunction(getattr(ours, name)) == (theirs == "AsyncClient"), name
