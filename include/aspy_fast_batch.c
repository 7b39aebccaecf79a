/*
 * The common batch read, every bin of a list of plain keys, without the value
 * codec on either side.
 *
 * Keys: `set_keys(request, keys)` reads each (namespace, set, str-or-int)
 * tuple straight from the Python list into its batch record.  Anything out of
 * the ordinary (digest-only, bytes or bytearray keys, big ints, odd names)
 * answers 1 and the whole batch takes the general path, which checks it and
 * says what is wrong: this path only ever accepts, never explains.
 *
 * Results: the request is flagged ASPY_FLAG_BATCH_KEEP, so the batch is not
 * encoded when it completes (aspy_batch_complete).  `take(request)` moves its
 * records into a capsule that the Python result (LazyBatchRecords) keeps;
 * `rows(capsule)` then builds the rows `(result, in_doubt, digest, gen, ttl,
 * bins-or-None)` as Python objects when all bins are scalars (int, float,
 * str, bytes, bool) and answers None otherwise, when Python decodes
 * `encode(capsule)` (the same marshal rows as every other batch) instead: so
 * lists, maps, GeoJSON and HLL values are converted in one place only.
 * `pointer(capsule)` lets to_numpy fill its arrays from the records
 * themselves (aspy_numpy_fill_records).  `dict_of(keys, rows)` is
 * ``to_dict()``'s loop.
 *
 * Like aspy_fast.c, this file uses the Python C API (stable ABI 3.11); all of
 * it runs with the GIL held.  Requests are passed as their addresses.
 */
#define PY_SSIZE_T_CLEAN
#define Py_LIMITED_API 0x030B0000
#include <Python.h>

#include "aspy.h"
#include "aspy_py.h"

#include <stdlib.h>
#include <string.h>

static const char capsule_name[] = "aerospike_py.batch";

/* A namespace or set name into buf, NUL-terminated; false for anything the general path must check. */
static bool
copy_name(PyObject* value, char* buf, size_t size, bool is_set)
{
	if (is_set && value == Py_None) {
		buf[0] = 0;
		return true;
	}
	if (!PyUnicode_CheckExact(value)) {
		return false;
	}
	Py_ssize_t len;
	const char* text = PyUnicode_AsUTF8AndSize(value, &len);
	if (!text) {
		PyErr_Clear();
		return false;
	}
	if ((size_t)len >= size || (!is_set && len == 0) || memchr(text, 0, (size_t)len)) {
		return false;
	}
	memcpy(buf, text, (size_t)len + 1);
	return true;
}

/* One (namespace, set, str-or-int) key into `key`; false for anything else. */
static bool
read_key(PyObject* tuple, as_key* key, PyObject** last_ns, PyObject** last_set, char* ns, char* set)
{
	if (!PyTuple_CheckExact(tuple) || PyTuple_Size(tuple) != 3) {
		return false;
	}
	PyObject* ns_obj = PyTuple_GetItem(tuple, 0);
	PyObject* set_obj = PyTuple_GetItem(tuple, 1);
	PyObject* pk = PyTuple_GetItem(tuple, 2);
	/* The names of a batch are nearly always the same objects: each is checked once. */
	if (ns_obj != *last_ns) {
		if (!copy_name(ns_obj, ns, AS_NAMESPACE_MAX_SIZE, false)) return false;
		*last_ns = ns_obj;
	}
	if (set_obj != *last_set) {
		if (!copy_name(set_obj, set, AS_SET_MAX_SIZE, true)) return false;
		*last_set = set_obj;
	}
	if (PyLong_CheckExact(pk)) {
		int overflow;
		long long value = PyLong_AsLongLongAndOverflow(pk, &overflow);
		if (overflow || (value == -1 && PyErr_Occurred())) {
			PyErr_Clear();
			return false;
		}
		as_key_init_int64(key, ns, set, (int64_t)value);
		return true;
	}
	if (PyUnicode_CheckExact(pk)) {
		Py_ssize_t len;
		const char* text = PyUnicode_AsUTF8AndSize(pk, &len);
		if (!text) {
			PyErr_Clear();
			return false;
		}
		if (memchr(text, 0, (size_t)len)) return false;
		char* copy = malloc((size_t)len + 1);
		if (!copy) return false;
		memcpy(copy, text, (size_t)len + 1);
		as_key_init_strp(key, ns, set, copy, true);
		return true;
	}
	return false;
}

static aspy_request*
request_of(PyObject* address)
{
	aspy_request* req = PyLong_AsVoidPtr(address);
	if (!req && !PyErr_Occurred()) {
		PyErr_SetString(PyExc_ValueError, "aerospike_py: no request");
	}
	return req;
}

/* set_keys(request, keys) -> 0, or 1 when some key needs the general path (which then starts over). */
static PyObject*
fb_set_keys(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 2) {
		PyErr_SetString(PyExc_TypeError, "set_keys() takes 2 arguments");
		return NULL;
	}
	aspy_request* req = request_of(args[0]);
	PyObject* keys = args[1];
	if (!req) {
		return NULL;
	}
	Py_ssize_t n = PyList_CheckExact(keys) ? PyList_Size(keys) : 0;
	if (n <= 0 || n > UINT32_MAX) {
		return PyLong_FromLong(1);
	}
	aspy_request_begin(req, ASPY_CMD_BATCH, NULL, NULL, 0, NULL, 0, 0);
	req->batch = as_batch_records_create((uint32_t)n);
	if (!req->batch) {
		return PyErr_NoMemory();
	}
	PyObject* last_ns = NULL;
	PyObject* last_set = NULL;
	char ns[AS_NAMESPACE_MAX_SIZE];
	char set[AS_SET_MAX_SIZE];
	for (Py_ssize_t i = 0; i < n; i++) {
		as_batch_read_record* rec = as_batch_read_reserve(req->batch);
		if (!read_key(PyList_GetItem(keys, i), &rec->key, &last_ns, &last_set, ns, set)) {
			return PyLong_FromLong(1);  /* the zeroed record is destroyed with the rest */
		}
		rec->read_all_bins = true;
	}
	req->flags |= ASPY_FLAG_BATCH_KEEP;
	return PyLong_FromLong(0);
}

static void
kept_destroy(PyObject* capsule)
{
	as_batch_records* batch = PyCapsule_GetPointer(capsule, capsule_name);
	if (batch) {
		as_batch_records_destroy(batch);
	}
	else {
		PyErr_Clear();
	}
}

/* take(request) -> capsule owning the request's completed batch records. */
static PyObject*
fb_take(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 1) {
		PyErr_SetString(PyExc_TypeError, "take() takes 1 argument");
		return NULL;
	}
	aspy_request* req = request_of(args[0]);
	if (!req) {
		return NULL;
	}
	as_batch_records* batch = req->batch;
	if (!batch || !(req->flags & ASPY_FLAG_BATCH_KEEP)) {
		PyErr_SetString(PyExc_SystemError, "aerospike_py: no kept batch in the request");
		return NULL;
	}
	PyObject* capsule = PyCapsule_New(batch, capsule_name, kept_destroy);
	if (capsule) {
		req->batch = NULL;  /* the capsule owns it now */
	}
	return capsule;
}

static as_batch_records*
batch_of(PyObject* capsule)
{
	return PyCapsule_GetPointer(capsule, capsule_name);
}

/* Bin names by position, reused from record to record: the records of a batch mostly share them. */
enum { NAME_SLOTS = 16 };
typedef struct {
	char name[AS_BIN_NAME_MAX_SIZE];
	PyObject* str;
} name_slot;

static PyObject*
bin_name(name_slot* slots, uint16_t i, const char* name)
{
	name_slot* slot = i < NAME_SLOTS ? &slots[i] : NULL;
	if (slot && slot->str && strcmp(slot->name, name) == 0) {
		Py_INCREF(slot->str);
		return slot->str;
	}
	size_t len = strlen(name);
	PyObject* str = PyUnicode_DecodeUTF8(name, (Py_ssize_t)len, "surrogatepass");
	if (str && slot && len < AS_BIN_NAME_MAX_SIZE) {
		Py_XDECREF(slot->str);
		memcpy(slot->name, name, len + 1);
		slot->str = str;
		Py_INCREF(str);
	}
	return str;
}

/* The bins dict of a record; NULL with no error set when some value needs the codec, with an error on failure. */
static PyObject*
bins_of(const as_record* rec, name_slot* slots)
{
	PyObject* bins = PyDict_New();
	if (!bins) return NULL;
	for (uint16_t i = 0; i < rec->bins.size; i++) {
		const as_bin* bin = &rec->bins.entries[i];
		PyObject* value = aspy_py_scalar((const as_val*)bin->valuep);
		if (!value) {
			Py_DECREF(bins);
			return NULL;
		}
		PyObject* name = bin_name(slots, i, bin->name);
		int failed = !name || PyDict_SetItem(bins, name, value);
		Py_XDECREF(name);
		Py_DECREF(value);
		if (failed) {
			PyErr_Clear();
			Py_DECREF(bins);
			return NULL;
		}
	}
	return bins;
}

/* One row, or NULL (no error set) when its bins need the codec. */
static PyObject*
row_of(const as_batch_base_record* r, name_slot* slots)
{
	const as_record* rec = r->result == AEROSPIKE_OK ||
			(r->type == AS_BATCH_APPLY && r->result == AEROSPIKE_ERR_UDF) ? &r->record : NULL;
	PyObject* bins;
	if (rec) {
		bins = bins_of(rec, slots);
		if (!bins) return NULL;
	}
	else {
		bins = Py_None;
		Py_INCREF(bins);
	}
	const as_digest* digest = as_key_digest((as_key*)&r->key);
	/* A never-expiring record reads as 4294967295 (the server's void-time 0), as the codec writes it. */
	PyObject* items[6] = {
		PyLong_FromLong((long)r->result),
		PyBool_FromLong(r->in_doubt),
		PyBytes_FromStringAndSize((const char*)digest->value, AS_DIGEST_VALUE_SIZE),
		PyLong_FromLong(rec ? (long)rec->gen : 0),
		PyLong_FromUnsignedLong(rec ? (unsigned long)rec->ttl : 0),
		bins,
	};
	PyObject* row = PyTuple_New(6);
	for (int k = 0; k < 6; k++) {
		if (!items[k]) {
			Py_CLEAR(row);
		}
	}
	if (row) {
		for (int k = 0; k < 6; k++) {
			PyTuple_SetItem(row, k, items[k]);
		}
		return row;
	}
	for (int k = 0; k < 6; k++) {
		Py_XDECREF(items[k]);
	}
	PyErr_Clear();
	return NULL;
}

/* rows(capsule) -> the list of rows, or None when some bin needs the value codec (decode encode() then). */
static PyObject*
fb_rows(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 1) {
		PyErr_SetString(PyExc_TypeError, "rows() takes 1 argument");
		return NULL;
	}
	as_batch_records* batch = batch_of(args[0]);
	if (!batch) {
		return NULL;
	}
	uint32_t n = batch->list.size;
	PyObject* rows = PyList_New((Py_ssize_t)n);
	if (!rows) {
		return NULL;
	}
	name_slot slots[NAME_SLOTS];
	memset(slots, 0, sizeof(slots));
	for (uint32_t i = 0; i < n; i++) {
		PyObject* row = row_of(as_vector_get(&batch->list, i), slots);
		if (!row) {
			Py_CLEAR(rows);
			break;
		}
		PyList_SetItem(rows, (Py_ssize_t)i, row);
	}
	for (int i = 0; i < NAME_SLOTS; i++) {
		Py_XDECREF(slots[i].str);
	}
	if (!rows && !PyErr_Occurred()) {
		Py_RETURN_NONE;  /* some bin needs the value codec */
	}
	return rows;
}

/* encode(capsule) -> (marshal bytes of the rows, whether they hold GeoJSON/HLL markers to revive). */
static PyObject*
fb_encode(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 1) {
		PyErr_SetString(PyExc_TypeError, "encode() takes 1 argument");
		return NULL;
	}
	as_batch_records* batch = batch_of(args[0]);
	if (!batch) {
		return NULL;
	}
	aspy_buffer out = { NULL, 0, 0 };
	uint32_t flags = 0;
	PyObject* result = NULL;
	if (aspy_batch_encode(&out, batch, &flags)) {
		PyErr_NoMemory();
	}
	else {
		result = Py_BuildValue("(y#O)", out.data, (Py_ssize_t)out.len,
				(flags & ASPY_FLAG_SPECIAL) ? Py_True : Py_False);
	}
	aspy_buffer_destroy(&out);
	return result;
}

/* pointer(capsule) -> the address of its as_batch_records, for aspy_numpy_fill_records. */
static PyObject*
fb_pointer(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 1) {
		PyErr_SetString(PyExc_TypeError, "pointer() takes 1 argument");
		return NULL;
	}
	as_batch_records* batch = batch_of(args[0]);
	return batch ? PyLong_FromVoidPtr(batch) : NULL;
}

/* The user key of a key (len(key) > 2 and key[2]), new reference; NULL with no error for none. */
static PyObject*
user_key(PyObject* key)
{
	if (PyTuple_Check(key)) {
		if (PyTuple_Size(key) <= 2) return NULL;
		PyObject* pk = PyTuple_GetItem(key, 2);
		Py_INCREF(pk);
		return pk;
	}
	Py_ssize_t size = PyObject_Size(key);
	if (size <= 2) {
		return NULL;  /* an error from len() stays set */
	}
	return PySequence_GetItem(key, 2);
}

/* dict_of(keys, rows) -> {user_key: bins} for each success with bins and a user key (bytearray keys as bytes). */
static PyObject*
fb_dict_of(PyObject* self, PyObject* const* args, Py_ssize_t nargs)
{
	if (nargs != 2 || !PyList_Check(args[0]) || !PyList_Check(args[1])) {
		PyErr_SetString(PyExc_TypeError, "dict_of() takes two lists");
		return NULL;
	}
	PyObject* keys = args[0];
	PyObject* rows = args[1];
	Py_ssize_t n = PyList_Size(keys);
	if (PyList_Size(rows) < n) {
		n = PyList_Size(rows);
	}
	PyObject* found = PyDict_New();
	if (!found) {
		return NULL;
	}
	for (Py_ssize_t i = 0; i < n; i++) {
		PyObject* row = PyList_GetItem(rows, i);
		if (!PyTuple_Check(row) || PyTuple_Size(row) != 6) {
			PyErr_SetString(PyExc_SystemError, "aerospike_py: malformed batch row");
			goto fail;
		}
		PyObject* bins = PyTuple_GetItem(row, 5);
		if (bins == Py_None) {
			continue;
		}
		long result = PyLong_AsLong(PyTuple_GetItem(row, 0));
		if (result == -1 && PyErr_Occurred()) {
			goto fail;
		}
		if (result != 0) {
			continue;
		}
		PyObject* key = PyList_GetItem(keys, i);
		Py_INCREF(key);  /* held while len()/[] may run Python code */
		PyObject* pk = user_key(key);
		Py_DECREF(key);
		if (!pk) {
			if (PyErr_Occurred()) goto fail;
			continue;
		}
		if (pk != Py_None) {
			if (PyByteArray_CheckExact(pk)) {
				PyObject* copy = PyBytes_FromObject(pk);
				Py_DECREF(pk);
				if (!copy) goto fail;
				pk = copy;
			}
			if (PyDict_SetItem(found, pk, bins)) {
				Py_DECREF(pk);
				goto fail;
			}
		}
		Py_DECREF(pk);
	}
	return found;
fail:
	Py_DECREF(found);
	return NULL;
}

static PyMethodDef fb_methods[] = {
	{ "set_keys", (PyCFunction)(void (*)(void))fb_set_keys, METH_FASTCALL,
			"set_keys(request, keys): 0, or 1 for the general path." },
	{ "take", (PyCFunction)(void (*)(void))fb_take, METH_FASTCALL, "take(request): the kept batch records." },
	{ "rows", (PyCFunction)(void (*)(void))fb_rows, METH_FASTCALL, "rows(kept): the rows, or None." },
	{ "encode", (PyCFunction)(void (*)(void))fb_encode, METH_FASTCALL, "encode(kept): (marshal rows, special)." },
	{ "pointer", (PyCFunction)(void (*)(void))fb_pointer, METH_FASTCALL, "pointer(kept): the records' address." },
	{ "dict_of", (PyCFunction)(void (*)(void))fb_dict_of, METH_FASTCALL, "dict_of(keys, rows): to_dict()." },
	{ NULL, NULL, 0, NULL },
};

/* Adds the functions above to aerospike_py._fastbatch (being imported); 0, or -1 with a Python error printed. */
int
aspy_fast_batch_install(void)
{
	PyGILState_STATE gil = PyGILState_Ensure();
	int rc = -1;
	if (aspy_py_add_functions("aerospike_py._fastbatch", fb_methods)) {
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
