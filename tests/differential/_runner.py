"""The contract client's side of the differential tests, run as a subprocess.

Started with ``PYTHONPATH=<contract dir>`` so that ``aerospike_py`` is
aerospike-py 0.14.4.  Reads framed pickles from stdin: first the client
config, then ``(mode, steps, cleanup)`` scripts (mode ``"sync"``, ``"async"`` or
``"async-unconnected"``); answers each with a framed pickle
of the step descriptions (see ``_diffcore``).  Only plain data crosses.
"""

from __future__ import annotations

import pickle
import struct
import sys
from typing import Any, BinaryIO

import _diffcore


def read_frame(stream: BinaryIO) -> Any:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    return pickle.loads(stream.read(size))


def write_frame(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value, protocol=4)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def main() -> None:
    import aerospike_py

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    config = read_frame(stdin)
    session = _diffcore.Session(aerospike_py, config)
    write_frame(stdout, ("ready", aerospike_py.__file__, getattr(aerospike_py, "__version__", None)))
    while True:
        request = read_frame(stdin)
        if request is None:
            break
        mode, steps, cleanup = request
        if mode == "sync":
            write_frame(stdout, session.run(steps, cleanup))
        else:
            write_frame(stdout, session.run_async(steps, cleanup, connect=mode == "async"))
    session.close()


if __name__ == "__main__":
    main()
