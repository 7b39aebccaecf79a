"""The official ``aerospike_helpers`` API: builders of the official operation, expression and batch shapes.

They only build descriptions; :mod:`aerospike_py.legacy._translate` turns them
into this client's, once, when a command is sent.
"""

from aerospike_py.legacy._values import HyperLogLog  # noqa: E402,F401
