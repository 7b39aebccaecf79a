-- UDFs used by the test suite (registered under a unique module name per run).

-- aerospike:update() writes an existing record, aerospike:create() a new one.
local function save(rec)
  if aerospike:exists(rec) then
    return aerospike:update(rec)
  end
  return aerospike:create(rec)
end

function echo(rec, v)
  return v
end

function add(rec, a, b)
  return a + b
end

function fail(rec, msg)
  error(msg)
end

function write_bin(rec, name, v)
  rec[name] = v
  save(rec)
  return name
end

function write_then_fail(rec, name, v)
  rec[name] = v
  save(rec)
  error("failed after update")
end

function change_without_update(rec, name, v)
  rec[name] = v
  return 1
end

function drop_bin(rec, name)
  rec[name] = nil
  aerospike:update(rec)
  return record.numbins(rec)
end

function remove_record(rec)
  if aerospike:exists(rec) then
    aerospike:remove(rec)
    return true
  end
  return false
end

function exists(rec)
  return aerospike:exists(rec)
end

function read_bin(rec, name)
  return rec[name]
end

function meta(rec)
  local m = map()
  m["gen"] = record.gen(rec)
  m["set"] = record.setname(rec)
  m["numbins"] = record.numbins(rec)
  m["digest"] = record.digest(rec)
  return m
end

function names(rec)
  local out = {}
  for name in list.iterator(record.bin_names(rec)) do
    out[#out + 1] = name
  end
  table.sort(out)
  return list(out)
end

function incr(rec, name, by)
  rec[name] = (rec[name] or 0) + by
  save(rec)
  return rec[name]
end

function set_ttl(rec, ttl)
  rec["t"] = 1
  record.set_ttl(rec, ttl)
  save(rec)
  return 0
end

function lists(rec)
  local l = list{1, 2, 3}
  list.append(l, 4)
  list.prepend(l, 0)
  local total = 0
  for v in list.iterator(l) do
    total = total + v
  end
  return list{list.size(l), total, l[2], list.take(l, 2), list.drop(l, 3)}
end

function maps(rec)
  local m = map{a = 1}
  m["b"] = 2
  local total = 0
  for k, v in map.pairs(m) do
    total = total + v
  end
  return list{map.size(m), total, m["a"], m["zz"] == nil}
end

function append_to_list_bin(rec, name, v)
  local l = rec[name]
  if l == nil then
    l = list()
  end
  list.append(l, v)
  rec[name] = l
  save(rec)
  return list.size(l)
end

function make_bytes(rec)
  local b = bytes(3)
  bytes.set_byte(b, 1, 65)
  bytes.set_byte(b, 2, 66)
  bytes.set_byte(b, 3, 67)
  return b
end

function logs(rec)
  info("info %s", "message")
  warn("warn message")
  debug("debug message")
  trace("trace message")
  return 1
end

function tag(rec, value)
  rec["tag"] = value
  save(rec)
  return 0
end
