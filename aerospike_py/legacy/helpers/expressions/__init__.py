"""Expression classes (``aerospike_helpers.expressions``), compiled with ``.compile()``."""

from aerospike_py.legacy.helpers.expressions.arithmetic import *  # noqa: F401,F403
from aerospike_py.legacy.helpers.expressions.base import *  # noqa: F401,F403
from aerospike_py.legacy.helpers.expressions.list import *  # noqa: F401,F403
from aerospike_py.legacy.helpers.expressions.map import *  # noqa: F401,F403
from aerospike_py.legacy.helpers.expressions.resources import ResultType, Val  # noqa: F401
from aerospike_py.legacy.helpers.expressions.bitwise import *  # noqa: F401,F403,E402
from aerospike_py.legacy.helpers.expressions.hll import *  # noqa: F401,F403,E402
from aerospike_py.legacy.helpers.expressions.resources import (  # noqa: F401,E402
    ReturnType, TypeBinName, TypeBitValue, TypeBool, TypeComparisonArg, TypeCount, TypeCTX, TypeFloat, TypeGeo,
    TypeIndex, TypeInteger, TypeKey, TypeKeyList, TypeListValue, TypeNumber, TypePolicy, TypeRank, TypeValue)
