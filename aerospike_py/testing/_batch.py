"""Batch-index protocol."""
