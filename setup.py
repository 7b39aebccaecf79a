"""Build hook: compiles aerospike_py._aerospike with cffi (see build_ffi.py)."""

from setuptools import setup

setup(cffi_modules=["build_ffi.py:ffibuilder"])
