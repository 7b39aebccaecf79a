"""max_error_rate / error_rate_window: a ratio the C client would silently replace is refused."""

from __future__ import annotations

import pytest

import aerospike_py
from aerospike_py import exception as exc


@pytest.mark.parametrize("fields, shown", [
    ({"max_error_rate": 3, "error_rate_window": 10}, "got 3 and 10"),
    ({"max_error_rate": 0}, "got 0 and 1"),  # the default window is 1
    ({"max_error_rate": 101}, "got 101 and 1"),
    ({"error_rate_window": 101}, "got 100 and 101"),  # the default max_error_rate is 100
    ({"max_error_rate": 5, "error_rate_window": 0}, "got 5 and 0"),
])
def test_error_rate_ratio_the_c_client_would_replace_is_refused(fields: dict[str, int], shown: str) -> None:
    """The C client resets both to 100 and 1 with only a log line; here it is an error."""
    with pytest.raises(exc.InvalidArgError, match="'max_error_rate' and 'error_rate_window'.*ratio from 1 to 100") as info:
        aerospike_py.client({"hosts": [("127.0.0.1", 3000)], **fields})
    assert shown in info.value.msg


@pytest.mark.parametrize("fields", [{"max_error_rate": 4, "error_rate_window": 4}, {"error_rate_window": 100},
                                    {"max_error_rate": 1000, "error_rate_window": 10}])
def test_error_rate_ratio_from_1_to_100_is_accepted(fields: dict[str, int]) -> None:
    assert aerospike_py.client({"hosts": [("127.0.0.1", 3000)], **fields}) is not None
