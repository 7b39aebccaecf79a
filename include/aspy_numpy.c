/*
 * NumPy batch results: fills a structured array straight from a batch
 * read's encoded rows, without making a Python object per record.  Called
 * through cffi, which releases the GIL for the whole fill.
 *
 * The rows are the marshal list aspy_bq.c writes for a batch:
 * [(result, in_doubt, digest, gen, ttl, bins-dict-or-None), ...].  Python
 * describes the array: its base pointer and row size, and per field the bin
 * name, kind ('i', 'u', 'f', 'S', 'V'), element size and offset (native
 * byte order, checked in Python).  Misses and failures leave their row
 * zeroed; the array is expected zero-filled.
 *
 * Nothing is allocated; on a value that does not fit its field the fill
 * stops with a message and a code telling Python which exception to raise.
 */
#include "aspy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { ASPY_NP_OK = 0, ASPY_NP_TYPE = 1, ASPY_NP_OVERFLOW = 2, ASPY_NP_VALUE = 3, ASPY_NP_MALFORMED = 4 };

typedef struct {
	const uint8_t* p;
	const uint8_t* end;
	char* err;
	size_t err_cap;
} np_reader;

enum { V_NONE, V_INT, V_FLOAT, V_STR, V_BYTES, V_OTHER };

typedef struct {
	int type;
	int64_t i;
	double d;
	const uint8_t* s;
	uint32_t n;
} np_value;

static int
malformed(np_reader* r)
{
	snprintf(r->err, r->err_cap, "malformed batch result");
	return ASPY_NP_MALFORMED;
}

static bool
need(np_reader* r, size_t n)
{
	return (size_t)(r->end - r->p) >= n;
}

static int32_t
rd_i32(np_reader* r)
{
	const uint8_t* p = r->p;
	r->p += 4;
	return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

/* One value; containers and tagged values are skipped and reported as V_OTHER. */
static int
rd_value(np_reader* r, np_value* v, int depth)
{
	if (depth > 64 || !need(r, 1)) return malformed(r);
	uint8_t t = *r->p++ & 0x7f;
	v->type = V_OTHER;
	switch (t) {
	case 'N': case '0': case '.':
		v->type = t == 'N' ? V_NONE : V_OTHER;
		return 0;
	case 'T': case 'F':
		v->type = V_INT;
		v->i = t == 'T';
		return 0;
	case 'i':
		if (!need(r, 4)) return malformed(r);
		v->type = V_INT;
		v->i = rd_i32(r);
		return 0;
	case 'l': {
		if (!need(r, 4)) return malformed(r);
		int32_t n = rd_i32(r);
		uint32_t digits = (uint32_t)(n < 0 ? -(int64_t)n : n);
		if (digits > 5 || !need(r, (size_t)digits * 2)) return malformed(r);
		uint64_t mag = 0;
		for (uint32_t k = 0; k < digits; k++) {
			uint64_t d = (uint64_t)r->p[0] | (uint64_t)r->p[1] << 8;
			r->p += 2;
			mag |= d << (15 * k);
		}
		v->type = V_INT;
		v->i = n < 0 ? (int64_t)(0 - mag) : (int64_t)mag;
		return 0;
	}
	case 'g':
		if (!need(r, 8)) return malformed(r);
		memcpy(&v->d, r->p, 8);
		r->p += 8;
		v->type = V_FLOAT;
		return 0;
	case 's': case 'u': case 't': case 'a': case 'A': case 'z': case 'Z': {
		uint32_t n;
		if (t == 'z' || t == 'Z') {
			if (!need(r, 1)) return malformed(r);
			n = *r->p++;
		}
		else {
			if (!need(r, 4)) return malformed(r);
			n = (uint32_t)rd_i32(r);
		}
		if (!need(r, n)) return malformed(r);
		v->type = t == 's' ? V_BYTES : V_STR;
		v->s = r->p;
		v->n = n;
		r->p += n;
		return 0;
	}
	case '(': case '[': case ')': {
		uint32_t n;
		if (t == ')') {
			if (!need(r, 1)) return malformed(r);
			n = *r->p++;
		}
		else {
			if (!need(r, 4)) return malformed(r);
			n = (uint32_t)rd_i32(r);
		}
		np_value skip;
		for (uint32_t k = 0; k < n; k++) {
			if (rd_value(r, &skip, depth + 1)) return ASPY_NP_MALFORMED;
		}
		v->type = V_OTHER;
		return 0;
	}
	case '{': {
		np_value skip;
		for (;;) {
			if (!need(r, 1)) return malformed(r);
			if (*r->p == '0') {
				r->p++;
				break;
			}
			if (rd_value(r, &skip, depth + 1) || rd_value(r, &skip, depth + 1)) return ASPY_NP_MALFORMED;
		}
		v->type = V_OTHER;
		return 0;
	}
	default:
		return malformed(r);
	}
}

static const char*
type_word(int type)
{
	switch (type) {
	case V_INT: return "integer";
	case V_FLOAT: return "float";
	case V_STR: return "string";
	case V_BYTES: return "bytes";
	default: return "value";
	}
}

static int
put_int(np_reader* r, uint8_t* dst, char kind, uint32_t size, int64_t x, const char* name)
{
	if (kind == 'u') {
		if (x < 0) {
			snprintf(r->err, r->err_cap, "cannot write negative integer %lld to unsigned field '%s'", (long long)x, name);
			return ASPY_NP_VALUE;
		}
		if (size < 8 && (uint64_t)x >> (size * 8)) goto overflow;
		switch (size) {
		case 1: { uint8_t y = (uint8_t)x; memcpy(dst, &y, 1); return 0; }
		case 2: { uint16_t y = (uint16_t)x; memcpy(dst, &y, 2); return 0; }
		case 4: { uint32_t y = (uint32_t)x; memcpy(dst, &y, 4); return 0; }
		default: { uint64_t y = (uint64_t)x; memcpy(dst, &y, 8); return 0; }
		}
	}
	if (size < 8) {
		int64_t lim = (int64_t)1 << (size * 8 - 1);
		if (x < -lim || x >= lim) goto overflow;
	}
	switch (size) {
	case 1: { int8_t y = (int8_t)x; memcpy(dst, &y, 1); return 0; }
	case 2: { int16_t y = (int16_t)x; memcpy(dst, &y, 2); return 0; }
	case 4: { int32_t y = (int32_t)x; memcpy(dst, &y, 4); return 0; }
	default: memcpy(dst, &x, 8); return 0;
	}
overflow:
	snprintf(r->err, r->err_cap, "integer overflow: value %lld does not fit in %c%u for field '%s'", (long long)x,
			kind, size * 8, name);
	return ASPY_NP_OVERFLOW;
}

static int
put_float(uint8_t* dst, uint32_t size, double d)
{
	if (size == 8) {
		memcpy(dst, &d, 8);
	}
	else if (size == 4) {
		float f = (float)d;
		memcpy(dst, &f, 4);
	}
	else {
		_Float16 h = (_Float16)d;
		memcpy(dst, &h, 2);
	}
	return 0;
}

/* Writes one bin value into its field (the first element of a sub-array field). */
static int
put(np_reader* r, uint8_t* dst, char kind, uint32_t size, const np_value* v, const char* name)
{
	switch (v->type) {
	case V_NONE:
		return 0;
	case V_INT:
		if (kind == 'i' || kind == 'u') return put_int(r, dst, kind, size, v->i, name);
		if (kind == 'f') return put_float(dst, size, (double)v->i);
		break;
	case V_FLOAT:
		if (kind == 'f') return put_float(dst, size, v->d);
		if (kind == 'i' || kind == 'u') {
			double t = trunc(v->d);
			if (!(t >= -9223372036854775808.0 && t < 9223372036854775808.0)) {
				snprintf(r->err, r->err_cap, "float overflow: value %g does not fit in %c%u for field '%s'", v->d,
						kind, size * 8, name);
				return ASPY_NP_OVERFLOW;
			}
			return put_int(r, dst, kind, size, (int64_t)t, name);
		}
		break;
	case V_STR: case V_BYTES:
		if (kind == 'S' || kind == 'V') {
			memcpy(dst, v->s, v->n < size ? v->n : size);
			return 0;
		}
		snprintf(r->err, r->err_cap, "cannot write %s to numeric field '%s'", type_word(v->type), name);
		return ASPY_NP_TYPE;
	default:
		snprintf(r->err, r->err_cap, "unsupported Aerospike value type for numpy field '%s'", name);
		return ASPY_NP_TYPE;
	}
	snprintf(r->err, r->err_cap, "cannot write %s to bytes field '%s'", type_word(v->type), name);
	return ASPY_NP_TYPE;
}

int
aspy_numpy_fill(const char* buf, size_t len, uint32_t count, char* data, size_t itemsize, uint32_t nfields,
		const char* const* names, const char* kinds, const uint32_t* sizes, const uint32_t* offsets,
		uint32_t* meta, int32_t* codes, char* err, size_t err_cap)
{
	np_reader r = { (const uint8_t*)buf, (const uint8_t*)buf + len, err, err_cap };
	if (!need(&r, 5) || (*r.p++ & 0x7f) != '[' || (uint32_t)rd_i32(&r) != count) return malformed(&r);
	for (uint32_t row = 0; row < count; row++) {
		np_value v;
		int rc;
		if (!need(&r, 5) || (*r.p++ & 0x7f) != '(' || rd_i32(&r) != 6) return malformed(&r);
		if ((rc = rd_value(&r, &v, 0))) return rc;
		codes[row] = (int32_t)v.i;
		bool ok = v.i == 0;
		for (int k = 0; k < 2; k++) {   /* in_doubt, digest */
			if ((rc = rd_value(&r, &v, 0))) return rc;
		}
		if ((rc = rd_value(&r, &v, 0))) return rc;
		uint32_t gen = (uint32_t)v.i;
		if ((rc = rd_value(&r, &v, 0))) return rc;
		uint32_t ttl = (uint32_t)v.i;
		if (ok) {
			meta[row * 2] = gen;
			meta[row * 2 + 1] = ttl;
		}
		if (!need(&r, 1)) return malformed(&r);
		if ((*r.p & 0x7f) != '{') {
			if ((rc = rd_value(&r, &v, 0))) return rc;   /* None */
			continue;
		}
		r.p++;
		uint8_t* base = (uint8_t*)data + (size_t)row * itemsize;
		for (;;) {
			if (!need(&r, 1)) return malformed(&r);
			if (*r.p == '0') {
				r.p++;
				break;
			}
			np_value key;
			if ((rc = rd_value(&r, &key, 0)) || (rc = rd_value(&r, &v, 0))) return rc;
			if (!ok || key.type != V_STR) continue;
			for (uint32_t f = 0; f < nfields; f++) {
				const char* name = names[f];
				if (strlen(name) == key.n && memcmp(name, key.s, key.n) == 0) {
					if ((rc = put(&r, base + offsets[f], kinds[f], sizes[f], &v, name))) return rc;
				}
			}
		}
	}
	return 0;
}

/* A bin's value as the marshal reader above would see it in the encoded rows. */
static void
record_value(const as_val* val, np_value* v)
{
	v->type = V_OTHER;
	switch (as_val_type(val)) {
	case AS_NIL:
		v->type = V_NONE;
		break;
	case AS_BOOLEAN:
		v->type = V_INT;
		v->i = as_boolean_get((const as_boolean*)val);
		break;
	case AS_INTEGER:
		v->type = V_INT;
		v->i = as_integer_get((const as_integer*)val);
		break;
	case AS_DOUBLE:
		v->type = V_FLOAT;
		v->d = as_double_get((const as_double*)val);
		break;
	case AS_STRING: {
		const as_string* s = (const as_string*)val;
		v->type = V_STR;
		v->s = (const uint8_t*)s->value;
		v->n = (uint32_t)as_string_len((as_string*)s);
		break;
	}
	case AS_BYTES: {
		const as_bytes* b = (const as_bytes*)val;
		if (b->type != AS_BYTES_HLL) {   /* HLL is a tagged value in the rows: not fillable */
			v->type = V_BYTES;
			v->s = b->value;
			v->n = b->size;
		}
		break;
	}
	default:
		break;
	}
}

/*
 * aspy_numpy_fill, reading a completed batch's records instead of their
 * encoded rows (the plain batch read keeps them: aspy_fast_batch.c).  Same
 * arguments after the rows, same results.
 */
int
aspy_numpy_fill_records(const as_batch_records* batch, uint32_t count, char* data, size_t itemsize,
		uint32_t nfields, const char* const* names, const char* kinds, const uint32_t* sizes,
		const uint32_t* offsets, uint32_t* meta, int32_t* codes, char* err, size_t err_cap)
{
	np_reader r = { NULL, NULL, err, err_cap };
	if (batch->list.size != count) return malformed(&r);
	for (uint32_t row = 0; row < count; row++) {
		const as_batch_base_record* rec = as_vector_get((as_vector*)&batch->list, row);
		codes[row] = (int32_t)rec->result;
		if (rec->result != AEROSPIKE_OK) continue;   /* failures leave meta and values zero */
		meta[row * 2] = rec->record.gen;
		meta[row * 2 + 1] = rec->record.ttl;
		uint8_t* base = (uint8_t*)data + (size_t)row * itemsize;
		const as_bins* bins = &rec->record.bins;
		for (uint16_t b = 0; b < bins->size; b++) {
			const as_bin* bin = &bins->entries[b];
			for (uint32_t f = 0; f < nfields; f++) {
				const char* name = names[f];
				if (strcmp(name, bin->name) == 0) {
					np_value v;
					int rc;
					record_value((const as_val*)bin->valuep, &v);
					if ((rc = put(&r, base + offsets[f], kinds[f], sizes[f], &v, name))) return rc;
				}
			}
		}
	}
	return 0;
}
