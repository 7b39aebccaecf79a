/*
 * Values cross the C boundary in CPython's marshal format: Python encodes a
 * whole bins dict with marshal.dumps(obj, 2) and decodes a whole result with
 * marshal.loads(), both in C inside the interpreter.  This file is the other
 * half: marshal bytes -> as_val trees, and as_val trees -> marshal bytes.
 *
 * Only the subset of the format that Python emits for plain data at version 2
 * is read (None, bools, int, long, binary float, str, bytes, tuple, list,
 * dict); anything else is refused with a message, never guessed at.
 * GeoJSON, HLL and CDT wildcard/infinity values travel as tagged tuples
 * (Ellipsis, tag, payload): Ellipsis can never be a user's bin value.
 */
#include "aspy.h"

#include <string.h>
#include <stdlib.h>
#include <stdio.h>

#define M_NULL '0'
#define M_NONE 'N'
#define M_FALSE 'F'
#define M_TRUE 'T'
#define M_ELLIPSIS '.'
#define M_INT 'i'
#define M_LONG 'l'
#define M_BFLOAT 'g'
#define M_STRING 's'
#define M_INTERNED 't'
#define M_TUPLE '('
#define M_SMALL_TUPLE ')'
#define M_LIST '['
#define M_DICT '{'
#define M_UNICODE 'u'
#define M_ASCII 'a'
#define M_ASCII_INTERNED 'A'
#define M_SHORT_ASCII 'z'
#define M_SHORT_ASCII_INTERNED 'Z'
#define M_FLAG_REF 0x80

#define ASPY_MAX_DEPTH 256

/* ------------------------------------------------------------------ */
/* Output buffer                                                        */
/* ------------------------------------------------------------------ */

static int
buf_reserve(aspy_buffer* b, size_t n)
{
	if (b->len + n <= b->cap) {
		return 0;
	}
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n) {
		cap *= 2;
	}
	char* data = realloc(b->data, cap);
	if (!data) {
		return -1;
	}
	b->data = data;
	b->cap = cap;
	return 0;
}

void
aspy_buffer_destroy(aspy_buffer* b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static inline int
w_byte(aspy_buffer* b, char c)
{
	if (buf_reserve(b, 1)) return -1;
	b->data[b->len++] = c;
	return 0;
}

static inline int
w_i32(aspy_buffer* b, int32_t v)
{
	if (buf_reserve(b, 4)) return -1;
	uint32_t u = (uint32_t)v;
	b->data[b->len++] = (char)(u & 0xff);
	b->data[b->len++] = (char)((u >> 8) & 0xff);
	b->data[b->len++] = (char)((u >> 16) & 0xff);
	b->data[b->len++] = (char)((u >> 24) & 0xff);
	return 0;
}

static int
w_sized(aspy_buffer* b, char type, const void* data, size_t len)
{
	if (len > INT32_MAX) return -1;
	if (w_byte(b, type) || w_i32(b, (int32_t)len) || buf_reserve(b, len)) return -1;
	if (len) {   /* empty bytes may have a NULL buffer */
		memcpy(b->data + b->len, data, len);
		b->len += len;
	}
	return 0;
}

static int
w_int64(aspy_buffer* b, int64_t v)
{
	if (v >= INT32_MIN && v <= INT32_MAX) {
		return w_byte(b, M_INT) || w_i32(b, (int32_t)v);
	}
	/* Python's long: 15-bit digits, least significant first, sign on count. */
	uint64_t mag = v < 0 ? (uint64_t)(-(v + 1)) + 1u : (uint64_t)v;
	uint16_t digits[5];
	int n = 0;
	while (mag) {
		digits[n++] = (uint16_t)(mag & 0x7fff);
		mag >>= 15;
	}
	if (w_byte(b, M_LONG) || w_i32(b, v < 0 ? -n : n) || buf_reserve(b, (size_t)n * 2)) return -1;
	for (int i = 0; i < n; i++) {
		b->data[b->len++] = (char)(digits[i] & 0xff);
		b->data[b->len++] = (char)(digits[i] >> 8);
	}
	return 0;
}

static int
w_double(aspy_buffer* b, double d)
{
	if (w_byte(b, M_BFLOAT) || buf_reserve(b, 8)) return -1;
	memcpy(b->data + b->len, &d, 8);  /* x86_64 and aarch64 are little-endian */
	b->len += 8;
	return 0;
}

/* True when every byte is below 0x80, eight at a time. */
static bool
is_ascii(const char* s, size_t len)
{
	uint64_t bits = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		bits |= w;
	}
	for (; i < len; i++) {
		bits |= (uint8_t)s[i];
	}
	return (bits & 0x8080808080808080ull) == 0;
}

/*
 * A str: short ASCII text as marshal's 'z' (Python builds it without a
 * UTF-8 decode: bin names and most short values), the rest as UTF-8 'u'.
 */
int
aspy_w_str(aspy_buffer* b, const char* s, size_t len)
{
	if (len < 256 && is_ascii(s, len)) {
		if (buf_reserve(b, len + 2)) return -1;
		b->data[b->len++] = M_SHORT_ASCII;
		b->data[b->len++] = (char)len;
		memcpy(b->data + b->len, s, len);
		b->len += len;
		return 0;
	}
	return w_sized(b, M_UNICODE, s, len);
}

static int
w_str(aspy_buffer* b, const char* s, size_t len)
{
	return aspy_w_str(b, s, len);
}

static int
w_tag(aspy_buffer* b, const char* tag, uint32_t* flags)
{
	*flags |= ASPY_FLAG_SPECIAL;
	return w_byte(b, M_TUPLE) || w_i32(b, 3) || w_byte(b, M_ELLIPSIS) || w_str(b, tag, strlen(tag));
}

typedef struct {
	aspy_buffer* out;
	uint32_t* flags;
	int failed;
} map_writer;

static bool
write_map_entry(const as_val* key, const as_val* value, void* udata)
{
	map_writer* mw = udata;
	if (aspy_write_val(mw->out, key, mw->flags) || aspy_write_val(mw->out, value, mw->flags)) {
		mw->failed = 1;
		return false;
	}
	return true;
}

int
aspy_write_val(aspy_buffer* out, const as_val* val, uint32_t* flags)
{
	if (!val) {
		return w_byte(out, M_NONE);
	}
	switch (as_val_type(val)) {
	case AS_NIL:
		return w_byte(out, M_NONE);
	case AS_BOOLEAN:
		return w_byte(out, as_boolean_get((as_boolean*)val) ? M_TRUE : M_FALSE);
	case AS_INTEGER:
		return w_int64(out, as_integer_get((as_integer*)val));
	case AS_DOUBLE:
		return w_double(out, as_double_get((as_double*)val));
	case AS_STRING: {
		as_string* s = (as_string*)val;
		return w_str(out, as_string_get(s), as_string_len(s));
	}
	case AS_GEOJSON: {
		as_geojson* g = (as_geojson*)val;
		return w_tag(out, "geo", flags) || w_str(out, as_geojson_get(g), as_geojson_len(g));
	}
	case AS_BYTES: {
		as_bytes* bytes = (as_bytes*)val;
		if (bytes->type == AS_BYTES_HLL) {
			return w_tag(out, "hll", flags) || w_sized(out, M_STRING, bytes->value, bytes->size);
		}
		return w_sized(out, M_STRING, bytes->value, bytes->size);
	}
	case AS_LIST: {
		as_list* list = (as_list*)val;
		uint32_t n = as_list_size(list);
		if (w_byte(out, M_LIST) || w_i32(out, (int32_t)n)) return -1;
		for (uint32_t i = 0; i < n; i++) {
			if (aspy_write_val(out, as_list_get(list, i), flags)) return -1;
		}
		return 0;
	}
	case AS_MAP: {
		map_writer mw = { out, flags, 0 };
		if (w_byte(out, M_DICT)) return -1;
		as_map_foreach((as_map*)val, write_map_entry, &mw);
		return mw.failed ? -1 : w_byte(out, M_NULL);
	}
	case AS_CMP_WILDCARD:
		return w_tag(out, "wildcard", flags) || w_byte(out, M_NONE);
	case AS_CMP_INF:
		return w_tag(out, "inf", flags) || w_byte(out, M_NONE);
	default: {
		/* A type this client cannot represent: hand it back as text. */
		char* s = as_val_tostring(val);
		int rc = w_str(out, s ? s : "", s ? strlen(s) : 0);
		free(s);
		return rc;
	}
	}
}

/* ------------------------------------------------------------------ */
/* Reader                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
	const uint8_t* p;
	const uint8_t* end;
	as_error* err;
	const char* where;   /* bin name, for messages */
	int depth;
} reader;

static as_val* r_val(reader* r);

static int
r_fail(reader* r, as_status code, const char* what)
{
	if (r->err->code == AEROSPIKE_OK) {
		if (r->where) {
			as_error_update(r->err, code, "bin '%s': %s", r->where, what);
		}
		else {
			as_error_update(r->err, code, "%s", what);
		}
	}
	return -1;
}

static int
r_need(reader* r, size_t n)
{
	if ((size_t)(r->end - r->p) < n) {
		return r_fail(r, AEROSPIKE_ERR_PARAM, "truncated value encoding");
	}
	return 0;
}

static int
r_i32(reader* r, int32_t* v)
{
	if (r_need(r, 4)) return -1;
	uint32_t u = (uint32_t)r->p[0] | ((uint32_t)r->p[1] << 8) | ((uint32_t)r->p[2] << 16) |
			((uint32_t)r->p[3] << 24);
	r->p += 4;
	*v = (int32_t)u;
	return 0;
}

/* Reads a str of any marshal flavour into a freshly malloc'd, NUL-terminated copy. */
static int
r_text(reader* r, uint8_t type, char** out, size_t* out_len)
{
	size_t len;
	if (type == M_SHORT_ASCII || type == M_SHORT_ASCII_INTERNED) {
		if (r_need(r, 1)) return -1;
		len = *r->p++;
	}
	else {
		int32_t n;
		if (r_i32(r, &n)) return -1;
		if (n < 0) return r_fail(r, AEROSPIKE_ERR_PARAM, "bad string length");
		len = (size_t)n;
	}
	if (r_need(r, len)) return -1;
	char* s = malloc(len + 1);
	if (!s) return r_fail(r, AEROSPIKE_ERR_CLIENT, "out of memory");
	memcpy(s, r->p, len);
	s[len] = 0;
	r->p += len;
	*out = s;
	*out_len = len;
	return 0;
}

static bool
is_text_type(uint8_t t)
{
	return t == M_UNICODE || t == M_INTERNED || t == M_ASCII || t == M_ASCII_INTERNED ||
			t == M_SHORT_ASCII || t == M_SHORT_ASCII_INTERNED;
}

static int
r_long(reader* r, int64_t* v)
{
	int32_t n;
	if (r_i32(r, &n)) return -1;
	int neg = n < 0;
	uint32_t count = neg ? (uint32_t)(-(int64_t)n) : (uint32_t)n;
	if (r_need(r, (size_t)count * 2)) return -1;
	uint64_t mag = 0;
	int overflow = 0;
	for (uint32_t i = 0; i < count; i++) {
		uint64_t d = (uint64_t)r->p[2 * i] | ((uint64_t)r->p[2 * i + 1] << 8);
		if (i > 4 || (i == 4 && d > 0xf)) {
			overflow |= d != 0;
			continue;
		}
		mag |= d << (15 * i);
	}
	r->p += (size_t)count * 2;
	if (overflow || (!neg && mag > (uint64_t)INT64_MAX) || (neg && mag > (uint64_t)INT64_MAX + 1u)) {
		return r_fail(r, AEROSPIKE_ERR_PARAM,
				"integer out of range: Aerospike integers are signed 64-bit");
	}
	*v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	return 0;
}

static as_val*
r_tagged(reader* r, int32_t n)
{
	/* (Ellipsis, tag, payload) */
	if (n != 3) {
		r_fail(r, AEROSPIKE_ERR_PARAM, "malformed tagged value");
		return NULL;
	}
	if (r_need(r, 1)) return NULL;
	uint8_t t = *r->p++ & ~M_FLAG_REF;
	char* tag;
	size_t tag_len;
	if (!is_text_type(t) || r_text(r, t, &tag, &tag_len)) {
		r_fail(r, AEROSPIKE_ERR_PARAM, "malformed tagged value");
		return NULL;
	}
	as_val* result = NULL;
	if (r_need(r, 1)) {
		free(tag);
		return NULL;
	}
	uint8_t pt = *r->p++ & ~M_FLAG_REF;
	if (strcmp(tag, "geo") == 0 && is_text_type(pt)) {
		char* s;
		size_t len;
		if (!r_text(r, pt, &s, &len)) {
			result = (as_val*)as_geojson_new_wlen(s, len, true);
		}
	}
	else if ((strcmp(tag, "hll") == 0 || strcmp(tag, "blobkey") == 0) && pt == M_STRING) {
		/* HLL bytes; or a bytearray primary key, marked AS_BYTES_UNDEF so a key reader tells it from bytes. */
		int32_t len;
		if (!r_i32(r, &len) && len >= 0 && !r_need(r, (size_t)len)) {
			as_bytes* b = as_bytes_new((uint32_t)len);
			as_bytes_set(b, 0, r->p, (uint32_t)len);
			b->type = tag[0] == 'h' ? AS_BYTES_HLL : AS_BYTES_UNDEF;
			r->p += len;
			result = (as_val*)b;
		}
	}
	else if (strcmp(tag, "wildcard") == 0 && pt == M_NONE) {
		result = (as_val*)&as_cmp_wildcard;
	}
	else if (strcmp(tag, "inf") == 0 && pt == M_NONE) {
		result = (as_val*)&as_cmp_inf;
	}
	else {
		r_fail(r, AEROSPIKE_ERR_PARAM, "unknown tagged value");
	}
	free(tag);
	return result;
}

static as_val*
r_sequence(reader* r, int32_t n)
{
	if (n < 0) {
		r_fail(r, AEROSPIKE_ERR_PARAM, "bad sequence length");
		return NULL;
	}
	if (n > 0 && r->p < r->end && (*r->p & ~M_FLAG_REF) == M_ELLIPSIS) {
		r->p++;
		return r_tagged(r, n);
	}
	as_arraylist* list = as_arraylist_new((uint32_t)n, 0);
	for (int32_t i = 0; i < n; i++) {
		as_val* item = r_val(r);
		if (!item) {
			as_arraylist_destroy(list);
			return NULL;
		}
		as_arraylist_append(list, item);
	}
	return (as_val*)list;
}

/*
 * Map keys the server takes: int, str and bytes.  Anything else (float, bool,
 * None, tuple) is refused by name rather than dropped by the hashmap.
 */
static int
bad_map_key(reader* r, const as_val* k)
{
	char what[96];
	switch (as_val_type(k)) {
	case AS_INTEGER:
	case AS_STRING:
		return 0;
	case AS_BYTES:
		if (((const as_bytes*)k)->type == AS_BYTES_BLOB) return 0;
		snprintf(what, sizeof(what), "map key of this type is not allowed");
		break;
	case AS_DOUBLE:
		snprintf(what, sizeof(what), "map key %.17g (float) is not allowed", as_double_get((const as_double*)k));
		break;
	case AS_BOOLEAN:
		snprintf(what, sizeof(what), "map key %s (bool) is not allowed",
				as_boolean_get((const as_boolean*)k) ? "True" : "False");
		break;
	case AS_NIL:
		snprintf(what, sizeof(what), "map key None is not allowed");
		break;
	case AS_LIST:
		snprintf(what, sizeof(what), "map key of type tuple is not allowed");
		break;
	default:
		snprintf(what, sizeof(what), "map key of this type is not allowed");
		break;
	}
	strncat(what, ": map keys must be int, str or bytes", sizeof(what) - strlen(what) - 1);
	r_fail(r, AEROSPIKE_ERR_PARAM, what);
	return -1;
}

static as_val*
r_dict(reader* r)
{
	as_hashmap* map = as_hashmap_new(32);
	for (;;) {
		if (r_need(r, 1)) break;
		if (*r->p == M_NULL) {
			r->p++;
			return (as_val*)map;
		}
		as_val* k = r_val(r);
		if (!k) break;
		if (bad_map_key(r, k)) {
			as_val_destroy(k);
			break;
		}
		as_val* v = r_val(r);
		if (!v) {
			as_val_destroy(k);
			break;
		}
		if (as_hashmap_set(map, k, v)) {
			as_val_destroy(k);
			as_val_destroy(v);
			r_fail(r, AEROSPIKE_ERR_PARAM, "map entry could not be stored");
			break;
		}
	}
	as_hashmap_destroy(map);
	return NULL;
}

static as_val*
r_val(reader* r)
{
	if (r_need(r, 1)) return NULL;
	if (++r->depth > ASPY_MAX_DEPTH) {
		r_fail(r, AEROSPIKE_ERR_PARAM, "value nested too deeply");
		return NULL;
	}
	uint8_t t = *r->p++;
	if (t & M_FLAG_REF) {
		r_fail(r, AEROSPIKE_ERR_PARAM, "unsupported value encoding (references)");
		return NULL;
	}
	as_val* v = NULL;
	switch (t) {
	case M_NONE:
		v = (as_val*)&as_nil;
		break;
	/* The shared singletons: libaerospike's reserve is a no-op for booleans while its destroy
	 * frees a heap one, so a heap boolean held by a list and a bin would be freed under the bin. */
	case M_TRUE:
		v = (as_val*)&as_true;
		break;
	case M_FALSE:
		v = (as_val*)&as_false;
		break;
	case M_INT: {
		int32_t i;
		if (!r_i32(r, &i)) v = (as_val*)as_integer_new(i);
		break;
	}
	case M_LONG: {
		int64_t i = 0;
		if (!r_long(r, &i)) v = (as_val*)as_integer_new(i);
		break;
	}
	case M_BFLOAT: {
		double d;
		if (!r_need(r, 8)) {
			memcpy(&d, r->p, 8);
			r->p += 8;
			v = (as_val*)as_double_new(d);
		}
		break;
	}
	case M_UNICODE: case M_INTERNED: case M_ASCII: case M_ASCII_INTERNED:
	case M_SHORT_ASCII: case M_SHORT_ASCII_INTERNED: {
		char* s;
		size_t len;
		if (!r_text(r, t, &s, &len)) v = (as_val*)as_string_new_wlen(s, len, true);
		break;
	}
	case M_STRING: {
		int32_t len;
		if (!r_i32(r, &len) && len >= 0 && !r_need(r, (size_t)len)) {
			as_bytes* b = as_bytes_new((uint32_t)len);
			as_bytes_set(b, 0, r->p, (uint32_t)len);
			r->p += len;
			v = (as_val*)b;
		}
		break;
	}
	case M_TUPLE: case M_LIST: {
		int32_t n;
		if (!r_i32(r, &n)) v = r_sequence(r, n);
		break;
	}
	case M_SMALL_TUPLE: {
		if (!r_need(r, 1)) {
			int32_t n = *r->p++;
			v = r_sequence(r, n);
		}
		break;
	}
	case M_DICT:
		v = r_dict(r);
		break;
	case '<': case '>':
		r_fail(r, AEROSPIKE_ERR_PARAM, "sets are not a supported value type; use a list");
		break;
	case 'y': case 'x':
		r_fail(r, AEROSPIKE_ERR_PARAM, "complex numbers are not a supported value type");
		break;
	default:
		r_fail(r, AEROSPIKE_ERR_PARAM, "unsupported value type");
		break;
	}
	r->depth--;
	return v;
}

/* Decodes a marshal'd value alone (not a bins dict); used for operation values. */
as_val*
aspy_read_val(const char** p, const char* end, as_error* err, const char* where)
{
	reader r = { (const uint8_t*)*p, (const uint8_t*)end, err, where, 0 };
	as_val* v = r_val(&r);
	*p = (const char*)r.p;
	return v;
}

/* Reads a bin name (a marshal'd str) into name[AS_BIN_NAME_MAX_SIZE]. */
int
aspy_read_bin_name(const char** p, const char* end, as_error* err, char* name)
{
	reader r = { (const uint8_t*)*p, (const uint8_t*)end, err, NULL, 0 };
	if (r_need(&r, 1)) return -1;
	uint8_t t = *r.p++;
	if (!is_text_type(t)) {
		return r_fail(&r, AEROSPIKE_ERR_PARAM, "bin names must be str");
	}
	char* s;
	size_t len;
	if (r_text(&r, t, &s, &len)) return -1;
	*p = (const char*)r.p;
	if (len == 0 || len >= AS_BIN_NAME_MAX_SIZE || memchr(s, 0, len)) {
		as_error_update(err, AEROSPIKE_ERR_BIN_NAME,
				"bin name '%s' is invalid: names are 1 to %d bytes of UTF-8 without NUL",
				s, AS_BIN_NAME_MAX_SIZE - 1);
		free(s);
		return -1;
	}
	memcpy(name, s, len + 1);
	free(s);
	return 0;
}

/*
 * libaerospike reads a str nested in a list or map back only up to its first
 * NUL; such a value is refused on the way in rather than truncated on the way out.
 */
static bool nested_map_entry_ok(const as_val* k, const as_val* v, void* unused);

static bool
nested_text_ok(as_val* v, void* unused)
{
	switch (as_val_type(v)) {
	case AS_STRING: {
		as_string* s = (as_string*)v;
		return !memchr(s->value, 0, as_string_len(s));
	}
	case AS_LIST:
		return as_list_foreach((as_list*)v, nested_text_ok, NULL);
	case AS_MAP:
		return as_map_foreach((as_map*)v, nested_map_entry_ok, NULL);
	default:
		return true;
	}
}

static bool
nested_map_entry_ok(const as_val* k, const as_val* v, void* unused)
{
	return nested_text_ok((as_val*)k, NULL) && nested_text_ok((as_val*)v, NULL);
}

int
aspy_check_nested_text(const as_val* v, as_error* err, const char* bin)
{
	as_val_t t = as_val_type(v);
	if ((t != AS_LIST && t != AS_MAP) || nested_text_ok((as_val*)v, NULL)) {
		return 0;
	}
	as_error_update(err, AEROSPIKE_ERR_PARAM, "bin '%s': a str inside a list or map must not contain NUL "
			"(it could not be read back whole)", bin ? bin : "");
	return -1;
}

int
aspy_marshal_to_record(const char* buf, size_t len, as_record* rec, as_error* err)
{
	const char* p = buf;
	const char* end = buf + len;
	if (len < 1 || *p != M_DICT) {
		as_error_set_message(err, AEROSPIKE_ERR_PARAM, "bins must be a dict");
		return -1;
	}
	p++;
	for (;;) {
		if (p >= end) {
			as_error_set_message(err, AEROSPIKE_ERR_PARAM, "truncated bins encoding");
			return -1;
		}
		if (*p == M_NULL) {
			return 0;
		}
		char name[AS_BIN_NAME_MAX_SIZE];
		if (aspy_read_bin_name(&p, end, err, name)) return -1;
		as_val* v = aspy_read_val(&p, end, err, name);
		if (!v) return -1;
		if (aspy_check_nested_text(v, err, name)) {
			as_val_destroy(v);
			return -1;
		}
		bool ok = as_val_type(v) == AS_NIL ? as_record_set_nil(rec, name)
				: as_record_set(rec, name, (as_bin_value*)v);
		if (!ok) {
			as_val_destroy(v);
			as_error_update(err, AEROSPIKE_ERR_PARAM, "bin '%s': too many bins", name);
			return -1;
		}
	}
}
