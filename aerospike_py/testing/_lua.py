"""A sandboxed Lua runtime for the test server's UDFs (Lua 5.4 through ``lupa``).

Each registered module gets its own Lua state, loaded once per content, with
what the real server gives UDF code: the ``record``, ``list``, ``map``,
``bytes`` and ``aerospike`` modules, ``info``/``warn``/``debug``/``trace``
logging, and nothing that reaches the host (no ``os``, ``io``, ``require``
of files, ``load`` or Python bridge).  A call runs under an instruction
budget so a runaway loop fails instead of hanging the node.

Record changes are staged: ``aerospike:create``/``update``/``remove`` record
what the call wants, and the caller commits it only if the function returns
without error, as the real server does.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from ._msgpack import AList, AMap, Blob, Geo

log = logging.getLogger("aerospike_py.testing.lua")

# Instructions a single UDF call may run (a loop of a few million steps).
INSTRUCTION_BUDGET = 50_000_000

_PRELUDE = r"""
local NIL = setmetatable({}, {__tostring = function() return "nil" end})
-- Private field keys: no name a UDF writes can reach them.
local K_n, K_items, K_keys, K_vals, K_pos, K_s, K_json, K_bins, K_dirty, K_meta = {}, {}, {}, {}, {}, {}, {}, {}, {}, {}
local rawget, rawset, setmetatable, getmetatable, type, select = rawget, rawset, setmetatable, getmetatable, type, select
local tostring, error, pairs, ipairs, concat = tostring, error, pairs, ipairs, table.concat
local host_log, host_op = ...

local function kind(v)
  if type(v) ~= "table" then return nil end
  local mt = getmetatable(v)
  return mt and mt.__kind
end

-- list -----------------------------------------------------------------
local List = {__kind = "list"}
local list = setmetatable({}, {__call = function(_, t)
  local l = setmetatable({[K_n] = 0, [K_items] = {}}, List)
  if t then for _, v in ipairs(t) do l[K_n] = l[K_n] + 1; l[K_items][l[K_n]] = v end end
  return l
end})
local function lcheck(l, f)
  if kind(l) ~= "list" then error("bad argument #1 to 'list." .. f .. "' (list expected)", 3) end
end
List.__index = function(l, i)
  if type(i) ~= "number" then return nil end
  local v = l[K_items][i]
  if v == NIL then return nil end
  return v
end
List.__newindex = function(l, i, v)
  if type(i) ~= "number" or i < 1 or i ~= math.floor(i) then error("list index must be a positive integer", 2) end
  if v == nil then v = NIL end
  for j = l[K_n] + 1, i - 1 do l[K_items][j] = NIL end
  l[K_items][i] = v
  if i > l[K_n] then l[K_n] = i end
end
List.__len = function(l) return l[K_n] end
List.__tostring = function(l)
  local parts = {}
  for i = 1, l[K_n] do parts[i] = tostring(l[i]) end
  return "List(" .. concat(parts, ",") .. ")"
end
function list.create(cap) return list() end
function list.size(l) lcheck(l, "size"); return l[K_n] end
function list.append(l, v) lcheck(l, "append"); l[K_n] = l[K_n] + 1; l[K_items][l[K_n]] = (v == nil) and NIL or v; return l end
function list.prepend(l, v) lcheck(l, "prepend"); table.insert(l[K_items], 1, (v == nil) and NIL or v); l[K_n] = l[K_n] + 1; return l end
function list.insert(l, pos, v)
  lcheck(l, "insert")
  if pos < 1 or pos > l[K_n] + 1 then error("list.insert: position out of range", 2) end
  table.insert(l[K_items], pos, (v == nil) and NIL or v); l[K_n] = l[K_n] + 1; return l
end
function list.remove(l, pos)
  lcheck(l, "remove")
  if pos < 1 or pos > l[K_n] then return l end
  table.remove(l[K_items], pos); l[K_n] = l[K_n] - 1; return l
end
function list.take(l, n)
  lcheck(l, "take")
  local out = list()
  for i = 1, math.min(n, l[K_n]) do list.append(out, l[i]) end
  return out
end
function list.drop(l, n)
  lcheck(l, "drop")
  local out = list()
  for i = n + 1, l[K_n] do list.append(out, l[i]) end
  return out
end
function list.trim(l, n)
  lcheck(l, "trim")
  for i = l[K_n], n + 1, -1 do l[K_items][i] = nil end
  if n < l[K_n] then l[K_n] = math.max(n, 0) end
  return l
end
function list.clone(l) lcheck(l, "clone"); return list.drop(l, 0) end
function list.concat(l, other)
  lcheck(l, "concat"); lcheck(other, "concat")
  for i = 1, other[K_n] do list.append(l, other[i]) end
  return l
end
function list.merge(l, other)
  lcheck(l, "merge"); lcheck(other, "merge")
  return list.concat(list.clone(l), other)
end
function list.iterator(l)
  lcheck(l, "iterator")
  local i = 0
  return function() i = i + 1; if i <= l[K_n] then return l[i] end end
end

-- map ------------------------------------------------------------------
local Map = {__kind = "map"}
local map = setmetatable({}, {__call = function(_, t)
  local m = setmetatable({[K_keys] = {}, [K_vals] = {}, [K_pos] = {}, [K_n] = 0}, Map)
  if t then for k, v in pairs(t) do m[k] = v end end
  return m
end})
local function mcheck(m, f)
  if kind(m) ~= "map" then error("bad argument #1 to 'map." .. f .. "' (map expected)", 3) end
end
Map.__index = function(m, k)
  if k == nil then return nil end
  local v = rawget(m, K_vals)[k]
  if v == NIL then return nil end
  return v
end
Map.__newindex = function(m, k, v)
  if k == nil then error("map key must not be nil", 2) end
  local vals, pos, keys = rawget(m, K_vals), rawget(m, K_pos), rawget(m, K_keys)
  if v == nil then
    local p = pos[k]
    if p then
      table.remove(keys, p); pos[k] = nil; vals[k] = nil; rawset(m, K_n, rawget(m, K_n) - 1)
      for i = p, #keys do pos[keys[i]] = i end
    end
    return
  end
  if not pos[k] then
    keys[#keys + 1] = k; pos[k] = #keys; rawset(m, K_n, rawget(m, K_n) + 1)
  end
  vals[k] = v
end
Map.__len = function(m) return rawget(m, K_n) end
Map.__tostring = function(m)
  local parts = {}
  for i, k in ipairs(rawget(m, K_keys)) do parts[i] = tostring(k) .. "=" .. tostring(rawget(m, K_vals)[k]) end
  return "Map(" .. concat(parts, ",") .. ")"
end
function map.create(cap) return map() end
function map.size(m) mcheck(m, "size"); return rawget(m, K_n) end
function map.remove(m, k) mcheck(m, "remove"); m[k] = nil; return m end
function map.pairs(m)
  mcheck(m, "pairs")
  local keys, vals, i = rawget(m, K_keys), rawget(m, K_vals), 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then local v = vals[k]; if v == NIL then v = nil end; return k, v end
  end
end
map.iterator = map.pairs
function map.keys(m)
  mcheck(m, "keys")
  local keys, i = rawget(m, K_keys), 0
  return function() i = i + 1; return keys[i] end
end
function map.values(m)
  mcheck(m, "values")
  local keys, vals, i = rawget(m, K_keys), rawget(m, K_vals), 0
  return function() i = i + 1; local k = keys[i]; if k ~= nil then local v = vals[k]; if v == NIL then v = nil end; return v end end
end
function map.clone(m)
  mcheck(m, "clone")
  local out = map()
  for k, v in map.pairs(m) do out[k] = v end
  return out
end
function map.merge(a, b, f)
  mcheck(a, "merge"); mcheck(b, "merge")
  local out = map.clone(a)
  for k, v in map.pairs(b) do
    local cur = out[k]
    if cur ~= nil and f then out[k] = f(cur, v) else out[k] = v end
  end
  return out
end
function map.diff(a, b)
  mcheck(a, "diff"); mcheck(b, "diff")
  local out = map()
  for k, v in map.pairs(a) do if b[k] == nil then out[k] = v end end
  for k, v in map.pairs(b) do if a[k] == nil then out[k] = v end end
  return out
end
function map.change(m, k, f) mcheck(m, "change"); m[k] = f(m[k]); return m end

-- bytes ----------------------------------------------------------------
local Bytes = {__kind = "bytes"}
local bytes = setmetatable({}, {__call = function(_, n)
  return setmetatable({[K_s] = string.rep("\0", n or 0)}, Bytes)
end})
local function bcheck(b, f)
  if kind(b) ~= "bytes" then error("bad argument #1 to 'bytes." .. f .. "' (bytes expected)", 3) end
end
Bytes.__index = function(b, i)
  if type(i) ~= "number" then return nil end
  local s = rawget(b, K_s)
  if i < 1 or i > #s then return nil end
  return s:byte(i)
end
Bytes.__newindex = function(b, i, v)
  local s = rawget(b, K_s)
  if type(i) ~= "number" or i < 1 then error("bytes index must be a positive integer", 2) end
  if i > #s then s = s .. string.rep("\0", i - #s) end
  rawset(b, K_s, s:sub(1, i - 1) .. string.char(v & 0xff) .. s:sub(i + 1))
end
Bytes.__len = function(b) return #rawget(b, K_s) end
Bytes.__tostring = function(b) return "Bytes(" .. #rawget(b, K_s) .. ")" end
function bytes.size(b) bcheck(b, "size"); return #rawget(b, K_s) end
function bytes.set_size(b, n)
  bcheck(b, "set_size")
  local s = rawget(b, K_s)
  if n < #s then s = s:sub(1, n) else s = s .. string.rep("\0", n - #s) end
  rawset(b, K_s, s); return true
end
function bytes.get_byte(b, i) bcheck(b, "get_byte"); return b[i] end
function bytes.set_byte(b, i, v) bcheck(b, "set_byte"); b[i] = v; return true end
function bytes.get_string(b, pos, len) bcheck(b, "get_string"); return rawget(b, K_s):sub(pos, pos + len - 1) end
function bytes.get_bytes(b, pos, len)
  bcheck(b, "get_bytes")
  return setmetatable({[K_s] = rawget(b, K_s):sub(pos, pos + len - 1)}, Bytes)
end
function bytes.set_string(b, pos, str)
  bcheck(b, "set_string")
  for i = 1, #str do b[pos + i - 1] = str:byte(i) end
  return true
end
function bytes.append_string(b, str) bcheck(b, "append_string"); rawset(b, K_s, rawget(b, K_s) .. str); return true end
function bytes.append_bytes(b, other, len)
  bcheck(b, "append_bytes"); bcheck(other, "append_bytes")
  local s = rawget(other, K_s)
  if len then s = s:sub(1, len) end
  rawset(b, K_s, rawget(b, K_s) .. s); return true
end

-- geojson --------------------------------------------------------------
local Geo = {__kind = "geojson", __tostring = function(g) return rawget(g, K_json) end}
local geojson = {}
function geojson.tostring(g) return rawget(g, K_json) end

-- record ---------------------------------------------------------------
local Record = {__kind = "record"}
Record.__index = function(r, name)
  local v = rawget(r, K_bins)[name]
  if v == NIL then return nil end
  return v
end
Record.__newindex = function(r, name, v)
  if type(name) ~= "string" then error("bin name must be a string", 2) end
  if #name > 15 then error("bin name too long", 2) end
  rawget(r, K_bins)[name] = (v == nil) and NIL or v
  rawget(r, K_dirty)[name] = true
end
local record = {}
local function rcheck(r, f)
  if kind(r) ~= "record" then error("bad argument #1 to 'record." .. f .. "' (record expected)", 3) end
  return rawget(r, K_meta)
end
function record.ttl(r) return rcheck(r, "ttl").ttl end
function record.gen(r) return rcheck(r, "gen").gen end
function record.digest(r) local d = rcheck(r, "digest").digest; return d and setmetatable({[K_s] = d}, Bytes) end
function record.key(r) return rcheck(r, "key").key end
function record.setname(r) return rcheck(r, "setname").setname end
function record.last_update_time(r) return rcheck(r, "last_update_time").lut end
function record.device_size(r) return rcheck(r, "device_size").size end
record.memory_size = record.device_size
function record.numbins(r)
  rcheck(r, "numbins")
  local n = 0
  for _, v in pairs(rawget(r, K_bins)) do if v ~= NIL then n = n + 1 end end
  return n
end
function record.bin_names(r)
  rcheck(r, "bin_names")
  local out, names = list(), {}
  for name, v in pairs(rawget(r, K_bins)) do if v ~= NIL then names[#names + 1] = name end end
  table.sort(names)
  for _, name in ipairs(names) do list.append(out, name) end
  return out
end
function record.set_ttl(r, ttl) rcheck(r, "set_ttl").new_ttl = ttl end
function record.set_type(r, t) rcheck(r, "set_type") end
function record.set_flags(r, name, flags) rcheck(r, "set_flags") end

local aerospike = {}
local function staged(r, op)
  if kind(r) ~= "record" then error("bad argument #1 to 'aerospike:" .. op .. "' (record expected)", 3) end
  return host_op(op, r)
end
function aerospike:create(r) return staged(r, "create") end
function aerospike:update(r) return staged(r, "update") end
function aerospike:exists(r) return staged(r, "exists") end
function aerospike:remove(r) return staged(r, "remove") end

local function logger(level)
  return function(fmt, ...)
    local ok, msg = pcall(string.format, tostring(fmt), ...)
    host_log(level, ok and msg or tostring(fmt))
  end
end

-- sandbox: what UDF code sees ------------------------------------------
local sethook = debug.sethook
local env = {
  assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  select = select, tonumber = tonumber, tostring = tostring, type = type, unpack = table.unpack,
  xpcall = xpcall, getmetatable = getmetatable, setmetatable = setmetatable, rawequal = rawequal,
  rawget = rawget, rawset = rawset, rawlen = rawlen,
  string = string, table = table, math = math, utf8 = utf8,
  os = {time = os.time, clock = os.clock, date = os.date, difftime = os.difftime},
  list = list, map = map, bytes = bytes, record = record, aerospike = aerospike, geojson = geojson,
  info = logger("info"), warn = logger("warn"), debug = logger("debug"), trace = logger("trace"),
}
env._G = env

local function make_record(bins, meta)
  return setmetatable({[K_bins] = bins, [K_dirty] = {}, [K_meta] = meta}, Record)
end

local function load_module(name, source)
  local chunk, err = load(source, "@" .. name .. ".lua", "t", env)
  if not chunk then return nil, err end
  local ok, e = pcall(chunk)
  if not ok then return nil, tostring(e) end
  return true, false
end

local function call(fname, budget, ...)
  local f = rawget(env, fname)
  if type(f) ~= "function" then return false, "function not found", true end
  sethook(function() error("UDF exceeded its instruction budget", 2) end, "", budget)
  local res = table.pack(pcall(f, ...))
  sethook()
  if not res[1] then return false, tostring(res[2]), false end
  return true, res[2], false
end

local function record_items(r)
  local out = {}
  for name in pairs(rawget(r, K_dirty)) do
    local v = rawget(r, K_bins)[name]
    out[#out + 1] = name
    out[#out + 1] = (v == NIL) and nil or v
  end
  return out, #out
end

local function all_bins(r)
  local out = {}
  for name, v in pairs(rawget(r, K_bins)) do
    if v ~= NIL then out[#out + 1] = name; out[#out + 1] = v end
  end
  return out, #out
end

local function new_list(t, n)
  local l = setmetatable({[K_n] = n, [K_items] = {}}, List)
  for i = 1, n do local v = t[i]; l[K_items][i] = (v == nil) and NIL or v end
  return l
end

local function list_items(l) local out = {}; for i = 1, l[K_n] do out[i] = l[i] end; return out, l[K_n] end
local function map_items(m)
  local out, n = {}, 0
  for k, v in map.pairs(m) do out[n + 1] = k; out[n + 2] = v; n = n + 2 end
  return out, n
end

return {
  kind = kind, list = list, new_list = new_list, map = map, NIL = NIL,
  new_bytes = function(s) return setmetatable({[K_s] = s}, Bytes) end,
  new_geo = function(s) return setmetatable({[K_json] = s}, Geo) end,
  bytes_of = function(b) return rawget(b, K_s) end,
  geo_of = function(g) return rawget(g, K_json) end,
  make_record = make_record, load_module = load_module, call = call,
  record_items = record_items, all_bins = all_bins, list_items = list_items, map_items = map_items,
  map_set = function(m, k, v) if v == nil then v = NIL end; m[k] = v end,
  new_ttl = function(r) return rawget(r, K_meta).new_ttl end,
}
"""


class LuaError(Exception):
    """A UDF failed: compile error, missing function or runtime error (the Lua message)."""

    ran = False  # the function ran (and may have staged record changes) before failing


class LuaRuntimeError(LuaError):
    """The function raised an error while running."""

    ran = True


class UdfRecord:
    """What a call staged for its record: bins to write, a removal, a new ttl."""

    def __init__(self) -> None:
        self.op: str | None = None  # None, "write" or "remove"
        self.create_only = False
        self.bins: dict[str, Any] = {}
        self.ttl: int | None = None


def _deny_attributes(obj: Any, name: Any, is_setting: bool) -> Any:
    raise AttributeError("Python attributes are not reachable from UDF code")


class LuaModule:
    """One loaded module: its own Lua state, used by one call at a time."""

    def __init__(self, name: str, source: bytes) -> None:
        try:
            import lupa.lua54 as lupa54
        except ImportError:
            raise LuaError("the test server runs UDFs with the 'lupa' package, which is not installed") from None
        self.name = name
        self.lock = threading.Lock()
        self._runtime = lupa54.LuaRuntime(encoding=None, register_eval=False, register_builtins=False,
                                          unpack_returned_tuples=False, attribute_filter=_deny_attributes)
        self._lua_type = lupa54.lua_type
        self._on_op: Callable[[str, Any], Any] | None = None
        g = self._runtime.globals()
        prelude = self._runtime.execute(_PRELUDE, self._host_log, self._host_op)
        # Nothing of the host stays reachable from the global table either.
        g.python = None
        self.api = prelude
        ok, err = self.api.load_module(name.encode(), source)
        if not ok:
            raise LuaError(_text(err))

    # -- host callbacks -----------------------------------------------------
    def _host_log(self, level: bytes, msg: bytes) -> None:
        text = _text(msg)
        lvl = _text(level)
        {"warn": log.warning, "info": log.info}.get(lvl, log.debug)("%s: %s", self.name, text)

    def _host_op(self, op: bytes, rec: Any) -> Any:
        assert self._on_op is not None
        return self._on_op(_text(op), rec)

    # -- conversions ----------------------------------------------------------
    def to_lua(self, v: Any) -> Any:
        if v is None or isinstance(v, (bool, int, float)):
            return v
        if isinstance(v, Geo):
            return self.api.new_geo(v.encode())
        if isinstance(v, str):
            return v.encode("utf-8", "surrogateescape")
        if isinstance(v, (bytes, bytearray)):
            return self.api.new_bytes(bytes(v))
        if isinstance(v, list):
            items = self._runtime.table()
            for i, x in enumerate(v):
                items[i + 1] = self.to_lua(x)
            return self.api.new_list(items, len(v))
        if isinstance(v, AMap):
            pairs = v.pairs
        elif isinstance(v, dict):
            pairs = list(v.items())
        else:
            raise LuaError(f"cannot pass {type(v).__name__} to Lua")
        m = self.api.map()
        for k, x in pairs:
            self.api.map_set(m, self.to_lua(k), self.to_lua(x))
        return m

    def from_lua(self, v: Any) -> Any:
        if v is None or isinstance(v, (bool, int, float)):
            return v
        if isinstance(v, bytes):
            return v.decode("utf-8", "surrogateescape")
        if self._lua_type(v) != "table":
            return None  # functions, threads: the server sends nil for them
        kind = self.api.kind(v)
        if kind == b"list":
            items, n = self.api.list_items(v)
            return AList(self.from_lua(items[i]) for i in range(1, n + 1))
        if kind == b"map":
            items, n = self.api.map_items(v)
            return AMap([(self.from_lua(items[i]), self.from_lua(items[i + 1])) for i in range(1, n + 1, 2)])
        if kind == b"bytes":
            return bytes(self.api.bytes_of(v))
        if kind == b"geojson":
            return Geo(self.api.geo_of(v).decode("utf-8", "replace"))
        if kind == b"record":
            return None
        return None

    # -- calls ------------------------------------------------------------------
    def make_record(self, bins: dict[str, Any], meta: dict[str, Any]) -> Any:
        table = self._runtime.table()
        for name, value in bins.items():
            table[name.encode()] = self.to_lua(value) if value is not None else self.api.NIL
        lua_meta = self._runtime.table()
        for k, v in meta.items():
            lua_meta[k.encode()] = v if k == "digest" else self.to_lua(v)
        return self.api.make_record(table, lua_meta)

    def dirty_bins(self, rec: Any) -> dict[str, Any]:
        items, n = self.api.record_items(rec)
        return {_text(items[i]): self.from_lua(items[i + 1]) for i in range(1, n + 1, 2)}

    def all_bins(self, rec: Any) -> dict[str, Any]:
        items, n = self.api.all_bins(rec)
        return {_text(items[i]): self.from_lua(items[i + 1]) for i in range(1, n + 1, 2)}

    def new_ttl(self, rec: Any) -> Any:
        return self.api.new_ttl(rec)

    def call(self, function: str, rec: Any, args: list[Any], on_op: Callable[[str, Any], Any]) -> Any:
        """Run ``function(rec, *args)``; its return value, or LuaError with the Lua message."""
        self._on_op = on_op
        try:
            ok, value, missing = self.api.call(function.encode(), INSTRUCTION_BUDGET, rec,
                                               *[self.to_lua(a) for a in args])
        finally:
            self._on_op = None
        if missing:
            raise LuaError(f"UDF: Execution Error 2 : function not found: {function}")
        if not ok:
            raise LuaRuntimeError(_text(value))
        return self.from_lua(value)


def _text(v: Any) -> str:
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return "" if v is None else str(v)


class ModuleCache:
    """Loaded modules by name, reloaded when their content changes."""

    def __init__(self) -> None:
        self._modules: dict[str, tuple[bytes, LuaModule]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, source: bytes) -> LuaModule:
        with self._lock:
            item = self._modules.get(name)
            if item is not None and item[0] == source:
                return item[1]
        module = LuaModule(name, source)
        with self._lock:
            self._modules[name] = (source, module)
        return module

    def drop(self, name: str) -> None:
        with self._lock:
            self._modules.pop(name, None)


def compile_check(name: str, source: bytes) -> str | None:
    """The Lua compile error of a module, or None when it loads."""
    try:
        LuaModule(name, source)
    except LuaError as exc:
        return str(exc)
    return None


__all__ = ["LuaError", "LuaModule", "ModuleCache", "UdfRecord", "compile_check", "Blob"]
