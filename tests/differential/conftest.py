"""Fixtures for the differential tests: the same calls through aerospike-py 0.14.4 and this client.

The contract client's package is also named ``aerospike_py``, so it lives in
a private directory (``ci/setup.sh`` installs it there) and runs in a
subprocess of its own, one per session: ``_runner.py`` reads scripts of calls
and answers with plain-data descriptions of the results.  Our client runs the
same script in-process through the same ``_diffcore`` code, and the two lists
of descriptions are compared.  Both talk to the session's cluster.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, Sequence

import pytest

import _diffcore
import _runner
import aerospike_py

HERE = Path(__file__).resolve().parent
CONTRACT_VERSION = "0.14.4"


def contract_dir() -> Path:
    """Where ci/setup.sh installs aerospike-py 0.14.4 (same variables as the script)."""
    explicit = os.environ.get("AEROSPIKE_PY_CONTRACT_DIR")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("AEROSPIKE_PY_CACHE")
    if not cache:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        cache = os.path.join(xdg, "aerospike_py")
    return Path(cache) / "contract"


class ContractRunner:
    """aerospike-py 0.14.4 in a subprocess, answering scripts of calls."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self._start()

    def _start(self) -> None:
        where = contract_dir()
        if not (where / f"aerospike_py-{CONTRACT_VERSION}.dist-info").is_dir():
            pytest.fail(f"aerospike-py {CONTRACT_VERSION} is not installed in {where}: run ci/setup.sh "
                        "(or set AEROSPIKE_PY_CONTRACT_DIR)")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(where), str(HERE)]))
        self.proc = subprocess.Popen([sys.executable, str(HERE / "_runner.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, cwd=str(HERE))
        _runner.write_frame(self.proc.stdin, self.config)  # type: ignore[arg-type]
        hello = _runner.read_frame(self.proc.stdout)  # type: ignore[arg-type]
        if not hello or hello[0] != "ready" or not str(hello[1]).startswith(str(where)):
            raise RuntimeError(f"the contract runner did not start: {hello!r}")

    def run(self, steps: list[tuple], cleanup: Sequence[tuple] = (), mode: str = "sync") -> list[Any]:
        _runner.write_frame(self.proc.stdin, (mode, steps, cleanup))  # type: ignore[arg-type]
        answer = _runner.read_frame(self.proc.stdout)  # type: ignore[arg-type]
        if answer is None:
            code = self.proc.wait()
            self._start()  # the next test gets a fresh runner
            raise RuntimeError(f"the contract runner died (exit code {code}) running {steps!r}")
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# Bad arguments: the contract raises a built-in TypeError / ValueError / OverflowError
# (or its InvalidArgError with code -1); this client raises InvalidArgError (code -2,
# AEROSPIKE_ERR_PARAM) naming the argument.  Listed in docs/compatibility.md.
BAD_INPUT_CLASSES = ("TypeError", "ValueError", "OverflowError", "InvalidArgError")


def refused_alike(contract: Any, ours: Any) -> bool:
    """Both refused a bad argument before sending anything."""
    return contract[1] in BAD_INPUT_CLASSES and ours[1] == "InvalidArgError" and ours[2] == -2


def _ttl_close(field: str, contract: Any, ours: Any) -> bool:
    """A TTL read a moment later may have ticked down by a second or two."""
    return field == "ttl" and contract[0] == ours[0] == "int" and abs(contract[1] - ours[1]) <= 2


def _placeholder_key(desc: Any, field: str) -> bool:
    """The empty key ('', '', None, 20 zero bytes) 0.14.4 puts in a batch row's record."""
    if field != "key" or not isinstance(desc, tuple) or desc[0] not in ("nt", "tuple"):
        return False
    values = [v for _, v in desc[2]] if desc[0] == "nt" else desc[1]
    return values == [("str", ""), ("str", ""), ("None", None), ("bytes", bytes(20))]


def _blank_record(desc: Any) -> bool:
    """The record 0.14.4 reports for a removed key: empty key, generation 0, no bins."""
    if not (isinstance(desc, tuple) and desc[:2] == ("nt", "Record")):
        return False
    fields = dict(desc[2])
    meta = fields["meta"]
    return (_placeholder_key(fields["key"], "key") and fields["bins"] == ("dict", [])
            and meta[0] == "nt" and dict(meta[2])["gen"] == ("int", 0))


def differences(contract: Any, ours: Any, path: str = "") -> list[str]:
    """Where two descriptions differ; a TTL may have ticked by a couple of seconds in between."""
    if contract == ours:
        return []
    if _blank_record(contract) and ours == ("None", None):
        return []  # batch_remove / failed batch rows: 0.14.4 fills in an empty Record, we give None
    if (isinstance(contract, tuple) and isinstance(ours, tuple) and contract and ours
            and contract[0] in ("tuple", "dict") and ours[0] == "nt"):
        # 0.14.4's batch_read rows hold plain tuples (meta as a dict) where its stubs promise NamedTuples.
        if contract[0] == "tuple" and len(contract[1]) == len(ours[2]):
            return [d for (f, vo), vc in zip(ours[2], contract[1]) if not _placeholder_key(vc, f)
                    for d in differences(vc, vo, f"{path}.{f}")]
        if contract[0] == "dict":
            as_dict = {k[1]: v for k, v in contract[1]}
            if sorted(as_dict) == sorted(f for f, _ in ours[2]):
                return [d for f, vo in ours[2] if not _ttl_close(f, as_dict[f], vo)
                        for d in differences(as_dict[f], vo, f"{path}.{f}")]
    if (isinstance(contract, tuple) and isinstance(ours, tuple) and contract and ours
            and contract[0] == ours[0]):
        tag = contract[0]
        if tag == "exc":
            # Class, its bases and the result code must match; the wording of messages may differ.
            if (contract[1:3] == ours[1:3] and contract[4] == ours[4]) or refused_alike(contract, ours):
                return []
            return [f"{path}: contract {contract!r} != ours {ours!r}"]
        if tag == "nt" and contract[1] == ours[1]:
            out = []
            for (fc, vc), (fo, vo) in zip(contract[2], ours[2]):
                if fc != fo:
                    return [f"{path}: fields {contract[2]!r} != {ours[2]!r}"]
                if _ttl_close(fc, vc, vo):
                    continue
                if _placeholder_key(vc, fc):
                    continue  # 0.14.4 leaves the key of a batch row's record empty; we fill it in
                out += differences(vc, vo, f"{path}.{fc}")
            return out
        if tag in ("list", "tuple") and len(contract[1]) == len(ours[1]):
            out = []
            for i, (a, b) in enumerate(zip(contract[1], ours[1])):
                out += differences(a, b, f"{path}[{i}]")
            return out
        if tag == "dict" and [k for k, _ in contract[1]] == [k for k, _ in ours[1]]:
            out = []
            for (k, a), (_, b) in zip(contract[1], ours[1]):
                out += differences(a, b, f"{path}[{k[1]!r}]")
            return out
        if tag == "LazyBatchRecords":
            out = []
            for (name, a), (_, b) in zip(contract[1], ours[1]):
                out += differences(a, b, f"{path}.{name}")
            return out
    return [f"{path}: contract {contract!r} != ours {ours!r}"]


class Differ:
    """Runs a script through both clients and compares the results step by step."""

    def __init__(self, contract: ContractRunner, ours: _diffcore.Session) -> None:
        self.contract = contract
        self.ours = ours

    def run(self, steps: list[tuple], cleanup: Sequence[tuple] = (), mode: str = "sync") -> tuple[list[Any], list[Any]]:
        """Both lists of descriptions: the contract's first, then ours on the same keys.

        ``mode="async"`` runs the script on a fresh AsyncClient of each library under asyncio,
        ``"async-unconnected"`` on one that is never connected.
        """
        theirs = self.contract.run(steps, cleanup, mode)
        if mode == "sync":
            mine = self.ours.run(steps, cleanup)
        else:
            mine = self.ours.run_async(steps, cleanup, connect=mode == "async")
        return theirs, mine

    def same(self, steps: list[tuple], cleanup: Sequence[tuple] = (), mode: str = "sync") -> list[Any]:
        """Assert that every step gives the same result in both; returns our descriptions."""
        theirs, mine = self.run(steps, cleanup, mode)
        if mode != "sync":
            # 0.14.4's AsyncClient resolves write commands to () where its stubs (and we) say None.
            theirs = [("None", None) if t == ("tuple", []) and m == ("None", None) else t
                      for t, m in zip(theirs, mine)]
        report = []
        for i, (step, a, b) in enumerate(zip(steps, theirs, mine)):
            found = differences(a, b, f"step {i}")
            if found:
                report.append(f"{step!r}\n    " + "\n    ".join(found))
        assert not report, "differences from aerospike-py 0.14.4:\n" + "\n".join(report)
        return mine


@pytest.fixture(scope="session")
def contract(aerospike_config: dict[str, Any]) -> Iterator[ContractRunner]:
    runner = ContractRunner({"hosts": list(aerospike_config["hosts"])})
    try:
        yield runner
    finally:
        runner.close()


@pytest.fixture(scope="session")
def ours(aerospike_config: dict[str, Any]) -> Iterator[_diffcore.Session]:
    session = _diffcore.Session(aerospike_py, {"hosts": list(aerospike_config["hosts"])})
    try:
        yield session
    finally:
        session.close()


@pytest.fixture
def differ(contract: ContractRunner, ours: _diffcore.Session) -> Differ:
    return Differ(contract, ours)
