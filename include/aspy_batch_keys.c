/*
 * The common batch read, all bins of a list of plain keys, read straight
 * from the marshal bytes of the caller's key list.
 *
 * The general batch path parses a list of entry tuples into as_val trees and
 * converts those: three allocations per key before the batch is even built.
 * Here each key goes from the marshal bytes into its batch record.  Anything
 * out of the ordinary (digest-only or bytes keys, big ints, odd names) makes
 * the whole batch take the general path, which checks it and says what is
 * wrong: this path only ever accepts, never explains.
 */
#include "aspy.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	const uint8_t* p;
	const uint8_t* end;
} bk_reader;

static bool
bk_u32(bk_reader* r, uint32_t* out)
{
	if (r->end - r->p < 4) return false;
	*out = (uint32_t)r->p[0] | ((uint32_t)r->p[1] << 8) | ((uint32_t)r->p[2] << 16) | ((uint32_t)r->p[3] << 24);
	r->p += 4;
	return true;
}

/* A str's UTF-8 bytes (not NUL-terminated). */
static bool
bk_text(bk_reader* r, const char** s, size_t* len)
{
	if (r->p >= r->end) return false;
	uint8_t t = *r->p++;
	uint32_t n;
	if (t == 'z' || t == 'Z') {
		if (r->p >= r->end) return false;
		n = *r->p++;
	}
	else if (t == 'u' || t == 't' || t == 'a' || t == 'A') {
		if (!bk_u32(r, &n)) return false;
	}
	else {
		return false;
	}
	if ((size_t)(r->end - r->p) < n) return false;
	*s = (const char*)r->p;
	*len = n;
	r->p += n;
	return true;
}

/* A namespace or set name into buf, NUL-terminated; empty allowed only for the set. */
static bool
bk_name(bk_reader* r, char* buf, size_t size, bool is_set)
{
	if (is_set && r->p < r->end && *r->p == 'N') {
		r->p++;
		buf[0] = 0;
		return true;
	}
	const char* s;
	size_t len;
	if (!bk_text(r, &s, &len) || len >= size || (!is_set && len == 0) || memchr(s, 0, len)) {
		return false;
	}
	memcpy(buf, s, len);
	buf[len] = 0;
	return true;
}

/* One (namespace, set, str-or-int pk) tuple into key; false for anything else. */
static bool
bk_key(bk_reader* r, as_key* key)
{
	if (r->end - r->p < 5 || (r->p[0] != '(' && r->p[0] != ')')) return false;
	uint32_t n;
	if (r->p[0] == ')') {  /* small tuple: one-byte count */
		n = r->p[1];
		r->p += 2;
	}
	else {
		r->p++;
		if (!bk_u32(r, &n)) return false;
	}
	char ns[AS_NAMESPACE_MAX_SIZE];
	char set[AS_SET_MAX_SIZE];
	if (n != 3 || !bk_name(r, ns, sizeof(ns), false) || !bk_name(r, set, sizeof(set), true) || r->p >= r->end) {
		return false;
	}
	uint8_t t = *r->p;
	if (t == 'i') {
		r->p++;
		uint32_t v;
		if (!bk_u32(r, &v)) return false;
		as_key_init_int64(key, ns, set, (int32_t)v);
		return true;
	}
	if (t == 'l') {
		/* Python's long: a signed digit count, then 15-bit digits, least significant first. */
		r->p++;
		uint32_t count;
		if (!bk_u32(r, &count)) return false;
		int32_t signed_count = (int32_t)count;
		uint32_t digits = signed_count < 0 ? (uint32_t)-signed_count : (uint32_t)signed_count;
		if (digits == 0 || digits > 4 || (size_t)(r->end - r->p) < digits * 2) return false;
		int64_t v = 0;
		for (uint32_t i = 0; i < digits; i++) {
			v |= (int64_t)((uint32_t)r->p[2 * i] | ((uint32_t)r->p[2 * i + 1] << 8)) << (15 * i);
		}
		r->p += digits * 2;
		as_key_init_int64(key, ns, set, signed_count < 0 ? -v : v);
		return true;
	}
	const char* s;
	size_t len;
	if (!bk_text(r, &s, &len) || memchr(s, 0, len)) return false;
	char* copy = malloc(len + 1);
	if (!copy) return false;
	memcpy(copy, s, len);
	copy[len] = 0;
	as_key_init_strp(key, ns, set, copy, true);
	return true;
}

/*
 * Readies `req` for a batch read of every bin of each key in `buf` (the
 * marshal bytes of a list of key tuples).  Returns 0, or 1 when some key
 * needs the general path (the request is then left for it to start over).
 */
int
aspy_request_set_batch_keys(aerospike* as, aspy_request* req, const char* buf, size_t len)
{
	aspy_request_begin(req, ASPY_CMD_BATCH, NULL, NULL, 0, NULL, 0, 0);
	bk_reader r = { (const uint8_t*)buf, (const uint8_t*)buf + len };
	uint32_t n;
	if (len < 5 || *r.p != '[') return 1;
	r.p++;
	if (!bk_u32(&r, &n) || n == 0 || n > (uint32_t)len) return 1;
	req->batch = as_batch_records_create(n);
	if (!req->batch) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		as_batch_read_record* rec = as_batch_read_reserve(req->batch);
		if (!bk_key(&r, &rec->key)) {
			return 1;
		}
		rec->read_all_bins = true;
	}
	return 0;
}
