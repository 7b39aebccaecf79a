"""Every test directory shares one cluster: the embedded server, or AEROSPIKE_HOSTS."""

pytest_plugins = ["aerospike_py.testing.pytest_plugin"]
