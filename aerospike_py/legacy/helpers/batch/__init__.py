"""Batch record classes (``aerospike_helpers.batch``)."""
