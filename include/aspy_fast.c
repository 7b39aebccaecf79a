/*
 * The blocking hot path: get and put without policy or meta, as functions of
 * CPython's own calling convention.
 *
 * A call through cffi converts each argument, and every Python object a
 * result needs (the record, its key and metadata tuples) is then built by
 * Python code.  For the two commands applications call most, that glue cost
 * more than the C client itself.  So this file, alone in the project, uses the
 * Python C API: `aspy_fast_install()` (called once through cffi) adds `get`,
 * `put` and `setup` to the module aerospike_py._fastpath, and those read the
 * key tuple directly, run the command with the GIL released, and build the
 * Record themselves.  A record whose bins are all scalars (int, float, str,
 * bytes, bool) is built directly; any other value travels through the one
 * value codec (marshal: aspy_marshal.c and aspy_write_val), as put's bins do
 * (`marshal.dumps`), so nested values are converted in one place only.
 *
 * Anything unusual (a policy, meta, a key or bins the general path must
 * check or explain, tracing on) answers NotImplemented before the command
 * runs, and the caller takes the general path; so every error message for bad
 * input comes from one place.
 *
 * The async client's get and put use `submit_get`/`submit_put` the same way
 * (queueing on the C event loops instead of running), `record_from` to build
 * the Record from the drained result, and `record` for their metrics, which
 * the drain records when the command completes.
 *
 * Everything here runs with the GIL held except the command itself, which
 * makes the request pool, the client's `active` count and the metrics counts
 * safe without locks.
 */
#define PY_SSIZE_T_CLEAN
#define Py_LIMITED_API 0x030B0000
#include <Python.h>

#include "aspy.h"
#include "aspy_py.h"

#include <string.h>
#include <time.h>

/* Sent as a put's record TTL: the write policy's default (AS_RECORD_CLIENT_DEFAULT_TTL). */
#define TTL_CLIENT_DEFAULT 0xFFFFFFFDu
#define POOL_MAX 64
/* Py_XSETREF, which the limited API lacks. */
#define SET_REF(slot, value) do { PyObject* old_ = (PyObject*)(slot); (slot) = (value); Py_XDECREF(old_); } while (0)

enum { OP_GET = 0, OP_PUT = 1, OP_COUNT = 2 };

static int fast_mode; /* ASPY_FAST_OFF, ASPY_FAST_ON or ASPY_FAST_METRICS */

/* Set by setup(): the result types and the Python helpers this file calls. */
static PyObject* record_type;
static PyObject* key_type;
static PyObject* meta_type;
static PyObject* marshal_loads;
static PyObject* marshal_dumps;
static PyObject* make_error;   /* (op, key, code, message bytes, in_doubt, seconds or -1.0) -> exception */
static PyObject* revive_bins;  /* (bins) -> bins with GeoJSON/HLL markers turned into objects */
static PyObject* series_of;    /* (op, key) -> address of the aspy_histogram of that op, namespace and set */
static PyObject* marshal_version;
static PyObject* fast_attr;    /* "fast": the attribute of a client handle holding its aspy_fast_client */

static aspy_request* pool[POOL_MAX];
static int pool_size;

/* The series the last successful command of each kind was recorded in, with its namespace and set objects. */
static struct {
	PyObject* ns;
	PyObject* set;
	aspy_histogram* counts;
} last_series[OP_COUNT];

/* aerospike-py's bucket bounds, in seconds; the last bucket is +Inf. */
static const double bounds[ASPY_HISTOGRAM_BUCKETS - 1] = {
	0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0,
};

void
aspy_fast_set_mode(int mode)
{
	fast_mode = mode;
}

/* Forget the cached series (their counts are about to be freed); the caller holds the GIL. */
void
aspy_fast_forget_series(void)
{
	PyGILState_STATE gil = PyGILState_Ensure();
	for (int i = 0; i < OP_COUNT; i++) {
		Py_CLEAR(last_series[i].ns);
		Py_CLEAR(last_series[i].set);
		last_series[i].counts = NULL;
	}
	PyGILState_Release(gil);
}

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static aspy_request*
pool_take(void)
{
	if (pool_size) {
		return pool[--pool_size];
	}
	aspy_request* req = aspy_request_new(0);
	if (!req) {
		PyErr_NoMemory();
	}
	return req;
}

static void
pool_give(aspy_request* req)
{
	if (pool_size < POOL_MAX) {
		pool[pool_size++] = req;
	}
	else {
		aspy_request_free(req);
	}
}

/* The open client behind a handle, or NULL (no handle, closed, or not ours: the general path explains). */
static aspy_fast_client*
client_of(PyObject* handle)
{
	if (handle == Py_None) {
		return NULL;
	}
	PyObject* addr = PyObject_GetAttr(handle, fast_attr);
	if (!addr) {
		PyErr_Clear();
		return NULL;
	}
	aspy_fast_client* client = PyLong_AsVoidPtr(addr);
	Py_DECREF(addr);
	if (!client) {
		PyErr_Clear();
		return NULL;
	}
	return client->open ? client : NULL;
}

/* A namespace or set name as C text; NULL for anything the general path must check. */
static const char*
name_of(PyObject* value, Py_ssize_t max)
{
	if (!PyUnicode_CheckExact(value)) {
		return NULL;
	}
	Py_ssize_t len;
	const char* text = PyUnicode_AsUTF8AndSize(value, &len);
	if (!text) {
		PyErr_Clear();
		return NULL;
	}
	return (len < max && (Py_ssize_t)strlen(text) == len) ? text : NULL;
}

/* Ready `req` for `kind` on a (namespace, set, str|int|bytes) key; -1 when the general path must take it. */
static int
begin_key(aspy_request* req, int kind, PyObject* key)
{
	if (!PyTuple_CheckExact(key) || PyTuple_Size(key) != 3) {
		return -1;
	}
	PyObject* ns_obj = PyTuple_GetItem(key, 0);
	PyObject* set_obj = PyTuple_GetItem(key, 1);
	PyObject* pk = PyTuple_GetItem(key, 2);
	const char* ns = name_of(ns_obj, AS_NAMESPACE_MAX_SIZE);
	const char* set = set_obj == Py_None ? "" : name_of(set_obj, AS_SET_MAX_SIZE);
	if (!ns || !*ns || !set) {
		return -1;
	}
	if (PyUnicode_CheckExact(pk)) {
		Py_ssize_t len;
		const char* text = PyUnicode_AsUTF8AndSize(pk, &len);
		if (!text) {
			PyErr_Clear();
			return -1;
		}
		return aspy_request_begin(req, kind, ns, set, ASPY_KEY_STR, text, (size_t)len, 0) ? -1 : 0;
	}
	if (PyLong_CheckExact(pk)) {
		int overflow;
		long long value = PyLong_AsLongLongAndOverflow(pk, &overflow);
		if (overflow || (value == -1 && PyErr_Occurred())) {
			PyErr_Clear();
			return -1;
		}
		return aspy_request_begin(req, kind, ns, set, ASPY_KEY_INT, NULL, 0, value) ? -1 : 0;
	}
	if (PyBytes_CheckExact(pk)) {
		char* data;
		Py_ssize_t len;
		if (PyBytes_AsStringAndSize(pk, &data, &len)) {
			PyErr_Clear();
			return -1;
		}
		return aspy_request_begin(req, kind, ns, set, ASPY_KEY_BYTES, data, (size_t)len, 0) ? -1 : 0;
	}
	return -1;
}

/* Run the request with the GIL released, counted in the client's active commands (close waits for them). */
static int
execute(aspy_fast_client* client, aspy_request* req)
{
	int rc;
	client->active++;
	Py_BEGIN_ALLOW_THREADS
	rc = aspy_execute(client->client, req);
	Py_END_ALLOW_THREADS
	client->active--;
	return rc;
}

/* Add one sample to the series of `op` on `key`'s namespace and set. */
static int
record_sample(int op, PyObject* key, double seconds)
{
	PyObject* ns = PyTuple_GetItem(key, 0);
	PyObject* set = PyTuple_GetItem(key, 1);
	aspy_histogram* counts = last_series[op].counts;
	if (!counts || last_series[op].ns != ns || last_series[op].set != set) {
		PyObject* addr = PyObject_CallFunction(series_of, "iO", op, key);
		if (!addr) {
			return -1;
		}
		counts = PyLong_AsVoidPtr(addr);
		Py_DECREF(addr);
		if (!counts) {
			return -1;
		}
		Py_INCREF(ns);
		Py_INCREF(set);
		SET_REF(last_series[op].ns, ns);
		SET_REF(last_series[op].set, set);
		last_series[op].counts = counts;
	}
	int bucket = 0;
	while (bucket < ASPY_HISTOGRAM_BUCKETS - 1 && seconds > bounds[bucket]) {
		bucket++;
	}
	counts->counts[bucket]++;
	counts->sum += seconds;
	return 0;
}

/* Raise the request's error as the registered exception class (make_error records its metric). */
static PyObject*
raise_error(int op, PyObject* key, aspy_request* req, double seconds)
{
	int code = req->err.code ? (int)req->err.code : req->status;
	PyObject* exc = PyObject_CallFunction(make_error, "iOiy#Od", op, key, code, req->err.message,
			(Py_ssize_t)strlen(req->err.message), req->err.in_doubt ? Py_True : Py_False, seconds);
	if (exc) {
		PyErr_SetObject((PyObject*)Py_TYPE(exc), exc);
		Py_DECREF(exc);
	}
	return NULL;
}

/* An instance of the NamedTuple class `type` holding `items` (references stolen, NULLs allowed on failure). */
static PyObject*
named_tuple(PyObject* type, PyObject** items, int n)
{
	PyObject* result = NULL;
	for (int i = 0; i < n; i++) {
		if (!items[i]) {
			goto done;
		}
	}
	result = PyType_GenericAlloc((PyTypeObject*)type, n);
	if (result) {
		for (int i = 0; i < n; i++) {
			PyTuple_SetItem(result, i, items[i]);
			items[i] = NULL;
		}
	}
done:
	for (int i = 0; i < n; i++) {
		Py_XDECREF(items[i]);
	}
	return result;
}

/* Record(AerospikeKey(ns, set, pk, digest), RecordMetadata(gen, ttl), bins) from the decoded
 * (digest, gen, ttl, bins) of a get; `special`: bins hold GeoJSON/HLL markers to revive. */
static PyObject*
record_from_decoded(PyObject* decoded, PyObject* key, bool special)
{
	if (!PyTuple_CheckExact(decoded) || PyTuple_Size(decoded) != 4 || !PyTuple_Check(key) ||
			PyTuple_Size(key) < 3) {
		PyErr_SetString(PyExc_SystemError, "aerospike_py: malformed record encoding");
		return NULL;
	}
	PyObject* bins = PyTuple_GetItem(decoded, 3);
	if (special) {
		bins = PyObject_CallFunctionObjArgs(revive_bins, bins, NULL);
	}
	else {
		Py_INCREF(bins);
	}
	PyObject* key_items[4] = { PyTuple_GetItem(key, 0), PyTuple_GetItem(key, 1), PyTuple_GetItem(key, 2),
			PyTuple_GetItem(decoded, 0) };
	PyObject* meta_items[2] = { PyTuple_GetItem(decoded, 1), PyTuple_GetItem(decoded, 2) };
	for (int i = 0; i < 4; i++) Py_INCREF(key_items[i]);
	for (int i = 0; i < 2; i++) Py_INCREF(meta_items[i]);
	PyObject* parts[3] = { named_tuple(key_type, key_items, 4), named_tuple(meta_type, meta_items, 2), bins };
	return named_tuple(record_type, parts, 3);
}

/* The Record of a get from its encoded result in the request. */
static PyObject*
record_of(aspy_request* req, PyObject* key)
{
	PyObject* view = PyMemoryView_FromMemory(req->out.data, (Py_ssize_t)req->out.len, PyBUF_READ);
	if (!view) {
		return NULL;
	}
	PyObject* decoded = PyObject_CallFunctionObjArgs(marshal_loads, view, NULL);
	Py_DECREF(view);
	if (!decoded) {
		return NULL;
	}
	PyObject* result = record_from_decoded(decoded, key, (req->flags & ASPY_FLAG_SPECIAL) != 0);
	Py_DECREF(decoded);
	return result;
}

/* record_from(decoded, key): the Record of an async get, from its (digest, gen, ttl, bins) as drained. */
static PyObject*
fast_record_from(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 2) {
		PyErr_SetString(PyExc_TypeError, "record_from() takes 2 arguments");
		return NULL;
	}
	return record_from_decoded(args[0], args[1], false);
}

static PyObject*
not_taken(aspy_request* req)
{
	if (req) {
		pool_give(req);
	}
	Py_RETURN_NOTIMPLEMENTED;
}

/* A bin's value when it is a scalar; NULL (no error set) for anything the value codec must take. */
PyObject*
aspy_py_scalar(const as_val* value)
{
	PyObject* result = NULL;
	switch (as_val_type(value)) {
	case AS_INTEGER:
		result = PyLong_FromLongLong(as_integer_get((const as_integer*)value));
		break;
	case AS_STRING: {
		const as_string* s = (const as_string*)value;
		/* As marshal reads the codec's text: invalid UTF-8 takes the codec's path and its error. */
		result = PyUnicode_DecodeUTF8(s->value, (Py_ssize_t)as_string_len((as_string*)s), "surrogatepass");
		break;
	}
	case AS_DOUBLE:
		result = PyFloat_FromDouble(as_double_get((const as_double*)value));
		break;
	case AS_BYTES: {
		const as_bytes* b = (const as_bytes*)value;
		if (b->type != AS_BYTES_HLL) {
			result = PyBytes_FromStringAndSize((const char*)b->value, (Py_ssize_t)b->size);
		}
		break;
	}
	case AS_BOOLEAN:
		result = PyBool_FromLong(as_boolean_get((const as_boolean*)value));
		break;
	default:
		break;
	}
	if (!result) {
		PyErr_Clear();
	}
	return result;
}

/* The Record of a get whose bins are all scalars, built without the value codec; NULL (no error set) otherwise. */
static PyObject*
scalar_record_of(aspy_request* req, PyObject* key, const as_record* rec)
{
	PyObject* bins = PyDict_New();
	if (!bins) {
		PyErr_Clear();
		return NULL;
	}
	for (uint16_t i = 0; i < rec->bins.size; i++) {
		const as_bin* bin = &rec->bins.entries[i];
		PyObject* value = aspy_py_scalar((const as_val*)bin->valuep);
		if (!value) {
			Py_DECREF(bins);
			return NULL;
		}
		int failed = PyDict_SetItemString(bins, bin->name, value);
		Py_DECREF(value);
		if (failed) {
			PyErr_Clear();
			Py_DECREF(bins);
			return NULL;
		}
	}
	const as_digest* digest = as_key_digest(&req->key);
	PyObject* key_items[4] = { PyTuple_GetItem(key, 0), PyTuple_GetItem(key, 1), PyTuple_GetItem(key, 2),
			PyBytes_FromStringAndSize((const char*)digest->value, AS_DIGEST_VALUE_SIZE) };
	for (int i = 0; i < 3; i++) Py_INCREF(key_items[i]);
	/* A never-expiring record reads as 4294967295 (the server's void-time 0), as the codec writes it. */
	PyObject* meta_items[2] = { PyLong_FromLong(rec->gen), PyLong_FromUnsignedLong(rec->ttl) };
	PyObject* parts[3] = { named_tuple(key_type, key_items, 4), named_tuple(meta_type, meta_items, 2), bins };
	PyObject* result = named_tuple(record_type, parts, 3);
	if (!result) {
		PyErr_Clear();
	}
	return result;
}

/* Run a get with the GIL released; the Record, or NULL with the error raised. */
static PyObject*
run_get(aspy_fast_client* client, aspy_request* req, PyObject* key, double started)
{
	as_record* rec = NULL;
	as_status status;
	as_error_reset(&req->err);
	req->status = AEROSPIKE_OK;
	client->active++;
	Py_BEGIN_ALLOW_THREADS
	status = aerospike_key_get(client->client, &req->err, NULL, &req->key, &rec);
	Py_END_ALLOW_THREADS
	client->active--;
	PyObject* result = NULL;
	if (status == AEROSPIKE_OK && rec) {
		result = scalar_record_of(req, key, rec);
	}
	if (!result) {
		/* Errors, and records with lists, maps, GeoJSON or HLL values: through the value codec. */
		if (aspy_complete(req, status, rec)) {
			result = raise_error(OP_GET, key, req, started ? now() - started : -1.0);
		}
		else {
			result = record_of(req, key);
		}
	}
	if (rec) {
		as_record_destroy(rec);
	}
	return result;
}

/* get(handle, key) -> Record, or NotImplemented for the general path. */
static PyObject*
fast_get(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 2 || !fast_mode) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	aspy_fast_client* client = client_of(args[0]);
	PyObject* key = args[1];
	if (!client) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	aspy_request* req = pool_take();
	if (!req) {
		return NULL;
	}
	if (begin_key(req, ASPY_CMD_GET, key)) {
		return not_taken(req);
	}
	double started = fast_mode == ASPY_FAST_METRICS ? now() : 0.0;
	PyObject* result = run_get(client, req, key, started);
	if (result && started && record_sample(OP_GET, key, now() - started)) {
		Py_CLEAR(result);
	}
	pool_give(req);
	return result;
}

/* Ready `req` for a put of `bins` on `key`: 0, or -1 when the general path must take it (no error set). */
static int
begin_put(aspy_request* req, PyObject* key, PyObject* bins)
{
	if (!PyDict_CheckExact(bins)) {
		return -1;
	}
	Py_ssize_t nbins = PyDict_Size(bins);
	if (nbins < 1 || nbins > UINT16_MAX) {
		return -1;
	}
	PyObject* data = PyObject_CallFunctionObjArgs(marshal_dumps, bins, marshal_version, NULL);
	if (!data) {
		/* Values marshal cannot take (GeoJSON, subclasses, ...): the general path converts them. */
		PyErr_Clear();
		return -1;
	}
	char* buf;
	Py_ssize_t len;
	int bad = begin_key(req, ASPY_CMD_PUT, key) || PyBytes_AsStringAndSize(data, &buf, &len) ||
			aspy_request_set_bins(req, buf, (size_t)len, (uint32_t)nbins, TTL_CLIENT_DEFAULT, 0);
	Py_DECREF(data);
	if (bad) {
		PyErr_Clear();
		return -1;
	}
	return 0;
}

/* put(handle, key, bins) -> None, or NotImplemented for the general path. */
static PyObject*
fast_put(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 3 || !fast_mode) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	aspy_fast_client* client = client_of(args[0]);
	if (!client) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	PyObject* key = args[1];
	aspy_request* req = pool_take();
	if (!req) {
		return NULL;
	}
	if (begin_put(req, key, args[2])) {
		return not_taken(req);
	}
	double started = fast_mode == ASPY_FAST_METRICS ? now() : 0.0;
	PyObject* result = NULL;
	if (execute(client, req)) {
		raise_error(OP_PUT, key, req, started ? now() - started : -1.0);
	}
	else if (!started || record_sample(OP_PUT, key, now() - started) == 0) {
		result = Py_None;
		Py_INCREF(result);
	}
	pool_give(req);
	return result;
}

/*
 * submit_get(handle, cq, req, key) and submit_put(handle, cq, req, key, bins): queue an async
 * get or put on the C event loops; `cq` and `req` are addresses owned by the caller, which keeps
 * the request alive until its ticket is drained.  The ticket; 0 when the C client refused the
 * command (the error is in the request); NotImplemented for the general path.  The GIL stays
 * held: queueing never blocks, and close() cannot run meanwhile.
 */
static PyObject*
submit(PyObject* const* args, Py_ssize_t nargs, int kind)
{
	if (nargs != (kind == ASPY_CMD_GET ? 4 : 5) || !fast_mode) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	aspy_fast_client* client = client_of(args[0]);
	aspy_cq* cq = PyLong_AsVoidPtr(args[1]);
	aspy_request* req = PyLong_AsVoidPtr(args[2]);
	if (!client || !cq || !req) {
		PyErr_Clear();
		Py_RETURN_NOTIMPLEMENTED;
	}
	if (kind == ASPY_CMD_GET ? begin_key(req, ASPY_CMD_GET, args[3]) : begin_put(req, args[3], args[4])) {
		Py_RETURN_NOTIMPLEMENTED;
	}
	return PyLong_FromLongLong(aspy_submit(client->client, req, cq));
}

static PyObject*
fast_submit_get(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	return submit(args, nargs, ASPY_CMD_GET);
}

static PyObject*
fast_submit_put(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	return submit(args, nargs, ASPY_CMD_PUT);
}

/* record(op, key, started): one success of an async fast-path command that began at `started` (perf_counter). */
static PyObject*
fast_record(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 3) {
		PyErr_SetString(PyExc_TypeError, "record() takes 3 arguments");
		return NULL;
	}
	long op = PyLong_AsLong(args[0]);
	double started = PyFloat_AsDouble(args[2]);
	if (PyErr_Occurred()) {
		return NULL;
	}
	if (op < 0 || op >= OP_COUNT || !PyTuple_Check(args[1]) || PyTuple_Size(args[1]) < 2) {
		PyErr_SetString(PyExc_ValueError, "record(): unknown op or key");
		return NULL;
	}
	if (fast_mode == ASPY_FAST_METRICS && record_sample((int)op, args[1], now() - started)) {
		return NULL;
	}
	Py_RETURN_NONE;
}

/* setup(Record, AerospikeKey, RecordMetadata, marshal.loads, marshal.dumps, make_error, revive_bins, series_of) */
static PyObject*
fast_setup(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 8) {
		PyErr_SetString(PyExc_TypeError, "setup() takes 8 arguments");
		return NULL;
	}
	PyObject** slots[8] = { &record_type, &key_type, &meta_type, &marshal_loads, &marshal_dumps, &make_error,
			&revive_bins, &series_of };
	for (int i = 0; i < 8; i++) {
		Py_INCREF(args[i]);
		SET_REF(*slots[i], args[i]);
	}
	Py_RETURN_NONE;
}

static PyMethodDef fast_methods[] = {
	{ "get", (PyCFunction)(void (*)(void))fast_get, METH_FASTCALL, "get(handle, key): a plain get, or NotImplemented." },
	{ "put", (PyCFunction)(void (*)(void))fast_put, METH_FASTCALL, "put(handle, key, bins): a plain put, or NotImplemented." },
	{ "submit_get", (PyCFunction)(void (*)(void))fast_submit_get, METH_FASTCALL,
			"submit_get(handle, cq, req, key): queue an async get; its ticket, 0, or NotImplemented." },
	{ "submit_put", (PyCFunction)(void (*)(void))fast_submit_put, METH_FASTCALL,
			"submit_put(handle, cq, req, key, bins): queue an async put; its ticket, 0, or NotImplemented." },
	{ "record_from", (PyCFunction)(void (*)(void))fast_record_from, METH_FASTCALL,
			"record_from(decoded, key): an async get's Record." },
	{ "record", (PyCFunction)(void (*)(void))fast_record, METH_FASTCALL, "record(op, key, started): an async success." },
	{ "setup", (PyCFunction)(void (*)(void))fast_setup, METH_FASTCALL, "setup(...): the objects the fast path uses." },
	{ NULL, NULL, 0, NULL },
};

int
aspy_py_add_functions(const char* module_name, PyMethodDef* defs)
{
	PyObject* module = PyImport_AddModule(module_name); /* borrowed */
	if (!module) {
		return -1;
	}
	for (PyMethodDef* def = defs; def->ml_name; def++) {
		PyObject* function = PyCFunction_NewEx(def, NULL, NULL);
		if (!function) {
			return -1;
		}
		int failed = PyObject_SetAttrString(module, def->ml_name, function);
		Py_DECREF(function);
		if (failed) {
			return -1;
		}
	}
	return 0;
}

/* Adds get/put/setup to aerospike_py._fastpath (being imported); 0, or -1 with a Python error printed. */
int
aspy_fast_install(void)
{
	PyGILState_STATE gil = PyGILState_Ensure();
	int rc = -1;
	if (!marshal_version && !(marshal_version = PyLong_FromLong(2))) {
		goto done;
	}
	if (!fast_attr && !(fast_attr = PyUnicode_InternFromString("fast"))) {
		goto done;
	}
	if (aspy_py_add_functions("aerospike_py._fastpath", fast_methods)) {
		goto done;
	}
	rc = 0;
done:
	if (rc) {
		PyErr_Print();
	}
	PyGILState_Release(gil);
	return rc;
}
