"""The official client's exception classes: same names, hierarchy, codes and attributes.

Every error raised by the command layer (an ``aerospike_py.exception`` class)
is translated once, by :func:`from_error`, into the class the official client
raises for the same status code. Instances carry ``code``, ``msg``, ``file``,
``line`` and ``in_doubt``, and ``args`` is ``(code, msg, file, line, in_doubt)``.
"""

from __future__ import annotations

from typing import Any, Optional

from aerospike_py import exception as _ours

_BY_CODE: dict[int, type["AerospikeError"]] = {}


class AerospikeError(Exception):
    """Base of every error: ``args`` is ``(code, msg, file, line, in_doubt)``."""

    code: Optional[int] = None

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        padded = list(args) + [None] * (5 - len(args))
        code, msg, file, line, in_doubt = padded[:5]
        if code is not None:
            self.code = code
        self.msg = msg
        self.file = file
        self.line = line
        self.in_doubt = bool(in_doubt) if in_doubt is not None else False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__ and cls.code is not None:
            _BY_CODE.setdefault(cls.code, cls)


class ClientError(AerospikeError):
    code: Optional[int] = -1

class ServerError(AerospikeError):
    code: Optional[int] = 1

class TimeoutError(AerospikeError):
    code: Optional[int] = 9

class ParamError(ClientError):
    code: Optional[int] = -2

class InvalidHostError(ClientError):
    code: Optional[int] = -4

class ConnectionError(ClientError):
    code: Optional[int] = -10

class TLSError(ClientError):
    code: Optional[int] = -9

class BatchFailed(ClientError):
    code: Optional[int] = -16

class NoResponse(ClientError):
    code: Optional[int] = -15

class MaxErrorRateExceeded(ClientError):
    code: Optional[int] = -14

class MaxRetriesExceeded(ClientError):
    code: Optional[int] = -12

class InvalidNodeError(ClientError):
    code: Optional[int] = -8

class NoMoreConnectionsError(ClientError):
    code: Optional[int] = -7

class AsyncConnectionError(ClientError):
    code: Optional[int] = -6

class ClientAbortError(ClientError):
    code: Optional[int] = -5

class TransactionFailed(ClientError):
    code: Optional[int] = -17

class TransactionAlreadyCommitted(ClientError):
    code: Optional[int] = -18

class TransactionAlreadyAborted(ClientError):
    code: Optional[int] = -19

class InvalidRequest(ServerError):
    code: Optional[int] = 4

class ServerFull(ServerError):
    code: Optional[int] = 8

class AlwaysForbidden(ServerError):
    code: Optional[int] = 10

class UnsupportedFeature(ServerError):
    code: Optional[int] = 16

class DeviceOverload(ServerError):
    code: Optional[int] = 18

class NamespaceNotFound(ServerError):
    code: Optional[int] = 20

class ForbiddenError(ServerError):
    code: Optional[int] = 22

class QueryError(ServerError):
    code: Optional[int] = 213

class ClusterError(ServerError):
    code: Optional[int] = 11

class InvalidGeoJSON(ServerError):
    code: Optional[int] = 160

class OpNotApplicable(ServerError):
    code: Optional[int] = 26

class FilteredOut(ServerError):
    code: Optional[int] = 27

class LostConflict(ServerError):
    code: Optional[int] = 28

class ScanAbortedError(ServerError):
    code: Optional[int] = 15

class ElementNotFoundError(ServerError):
    code: Optional[int] = 23

class ElementExistsError(ServerError):
    code: Optional[int] = 24

class BatchDisabledError(ServerError):
    code: Optional[int] = 150

class BatchMaxRequestError(ServerError):
    code: Optional[int] = 151

class BatchQueueFullError(ServerError):
    code: Optional[int] = 152

class QueryAbortedError(ServerError):
    code: Optional[int] = 210

class ClusterChangeError(ClusterError):
    code: Optional[int] = 7

class RecordError(ServerError):
    code: Optional[int] = None

class RecordKeyMismatch(RecordError):
    code: Optional[int] = 19

class RecordNotFound(RecordError):
    code: Optional[int] = 2

class RecordGenerationError(RecordError):
    code: Optional[int] = 3

class RecordExistsError(RecordError):
    code: Optional[int] = 5

class RecordTooBig(RecordError):
    code: Optional[int] = 13

class RecordBusy(RecordError):
    code: Optional[int] = 14

class BinNameError(RecordError):
    code: Optional[int] = 21

class BinIncompatibleType(RecordError):
    code: Optional[int] = 12

class BinExistsError(RecordError):
    code: Optional[int] = 6

class BinNotFound(RecordError):
    code: Optional[int] = 17

class IndexError(ServerError):
    code: Optional[int] = 204

class IndexNotFound(IndexError):
    code: Optional[int] = 201

class IndexFoundError(IndexError):
    code: Optional[int] = 200

class IndexOOM(IndexError):
    code: Optional[int] = 202

class IndexNotReadable(IndexError):
    code: Optional[int] = 203

class IndexNameMaxLen(IndexError):
    code: Optional[int] = 205

class IndexNameMaxCount(IndexError):
    code: Optional[int] = 206

class UDFError(ServerError):
    code: Optional[int] = 100

class UDFNotFound(UDFError):
    code: Optional[int] = 1301

class LuaFileNotFound(UDFError):
    code: Optional[int] = 1302

class AdminError(ServerError):
    code: Optional[int] = None

class SecurityNotSupported(AdminError):
    code: Optional[int] = 51

class SecurityNotEnabled(AdminError):
    code: Optional[int] = 52

class SecuritySchemeNotSupported(AdminError):
    code: Optional[int] = 53

class InvalidCommand(AdminError):
    code: Optional[int] = 54

class InvalidField(AdminError):
    code: Optional[int] = 55

class IllegalState(AdminError):
    code: Optional[int] = 56

class InvalidUser(AdminError):
    code: Optional[int] = 60

class UserExistsError(AdminError):
    code: Optional[int] = 61

class InvalidPassword(AdminError):
    code: Optional[int] = 62

class ExpiredPassword(AdminError):
    code: Optional[int] = 63

class ForbiddenPassword(AdminError):
    code: Optional[int] = 64

class InvalidCredential(AdminError):
    code: Optional[int] = 65

class InvalidRole(AdminError):
    code: Optional[int] = 70

class RoleExistsError(AdminError):
    code: Optional[int] = 71

class RoleViolation(AdminError):
    code: Optional[int] = 81

class InvalidPrivilege(AdminError):
    code: Optional[int] = 72

class NotAuthenticated(AdminError):
    code: Optional[int] = 80

class InvalidWhitelist(AdminError):
    code: Optional[int] = 73

class NotWhitelisted(AdminError):
    code: Optional[int] = 82

class QuotasNotEnabled(AdminError):
    code: Optional[int] = 74

class InvalidQuota(AdminError):
    code: Optional[int] = 75

class QuotaExceeded(AdminError):
    code: Optional[int] = 83

class QueryQueueFull(QueryError):
    code: Optional[int] = 211

class QueryTimeout(QueryError):
    code: Optional[int] = 212


def class_for(code: int) -> type[AerospikeError]:
    """The class the official client raises for ``code`` (ClientError / ServerError by sign otherwise)."""
    found = _BY_CODE.get(code)
    if found is not None:
        return found
    return ClientError if code < 0 else ServerError


def from_error(err: BaseException) -> BaseException:
    """An ``aerospike_py`` error as the official class; other exceptions pass through unchanged."""
    if not isinstance(err, _ours.AerospikeError):
        return err
    code = int(err.code)
    return class_for(code)(code, err.msg, err.file, err.line, err.in_doubt)


def param_error(msg: str) -> ParamError:
    """A bad argument refused by the facade itself, before the command layer."""
    return ParamError(-2, msg, None, None, False)


