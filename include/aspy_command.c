/*
 * The command layer: one request struct per command, filled by Python,
 * executed here, its result encoded once for Python to decode in one call.
 * The async path (aspy_async.c) runs the same requests on the C client's
 * event loops and encodes results with the same functions.
 */
#include "aspy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define fail aspy_fail

as_val* aspy_read_val(const char** p, const char* end, as_error* err, const char* where);
int aspy_read_bin_name(const char** p, const char* end, as_error* err, char* name);
as_binop* as_binop_forappend(as_operations* ops, as_operator operator, const char* name);
as_bin* as_bin_init(as_bin* bin, const char* name, as_bin_value* value);

/* Wire operation codes, as exposed by the OPERATOR_* constants. */
enum {
	ASPY_OP_READ = 1,
	ASPY_OP_WRITE = 2,
	ASPY_OP_INCR = 5,
	ASPY_OP_APPEND = 9,
	ASPY_OP_PREPEND = 10,
	ASPY_OP_TOUCH = 11,
	ASPY_OP_DELETE = 12,
};

int
aspy_fail(aspy_request* req, as_status code, const char* fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	req->err.code = code;
	vsnprintf(req->err.message, sizeof(req->err.message), fmt, ap);
	va_end(ap);
	req->status = code;
	return -1;
}

aspy_request*
aspy_request_new(int kind)
{
	aspy_request* req = calloc(1, sizeof(aspy_request));
	if (req) {
		req->kind = kind;
		as_error_init(&req->err);
	}
	return req;
}

/* Releases what a command put into the request; keeps the output buffer's memory. */
static void
request_clear(aspy_request* req)
{
	if (req->has_key) {
		as_key_destroy(&req->key);
		req->has_key = false;
	}
	if (req->has_record) {
		as_record_destroy(&req->record);
		req->has_record = false;
	}
	if (req->has_ops) {
		as_operations_destroy(&req->ops);
		req->has_ops = false;
	}
	if (req->bin_names) {
		for (char** n = req->bin_names; *n; n++) {
			free(*n);
		}
		free(req->bin_names);
		req->bin_names = NULL;
	}
	free(req->text);
	req->text = NULL;
	aspy_exp_clear(req);
	aspy_bq_clear(req);
	aspy_udf_clear(req);
	aspy_admin_clear(req);
	aspy_ctx_clear(req);   /* after the query, which points at it */
}

void
aspy_request_free(aspy_request* req)
{
	if (!req) {
		return;
	}
	request_clear(req);
	aspy_buffer_destroy(&req->out);
	free(req);
}

/* Python type name for a marshal type code, for error messages. */
static const char*
marshal_type_name(uint8_t t)
{
	switch (t & 0x7f) {
	case 'N': return "NoneType";
	case 'T': case 'F': return "bool";
	case 'i': case 'l': return "int";
	case 'g': return "float";
	case 's': return "bytes";
	case 'u': case 't': case 'a': case 'A': case 'z': case 'Z': return "str";
	case '(': case ')': return "tuple";
	case '[': return "list";
	case '{': return "dict";
	default: return "an unsupported type";
	}
}

static bool
is_text(uint8_t t)
{
	return t == 'u' || t == 't' || t == 'a' || t == 'A' || t == 'z' || t == 'Z';
}

typedef struct {
	const uint8_t* p;
	const uint8_t* end;
} key_reader;

static int
kr_len(key_reader* r, uint8_t t, size_t* len)
{
	if (t == 'z' || t == 'Z') {
		if (r->p >= r->end) return -1;
		*len = *r->p++;
		return 0;
	}
	if (r->end - r->p < 4) return -1;
	uint32_t n = (uint32_t)r->p[0] | ((uint32_t)r->p[1] << 8) | ((uint32_t)r->p[2] << 16) | ((uint32_t)r->p[3] << 24);
	r->p += 4;
	if ((int32_t)n < 0 || (size_t)(r->end - r->p) < n) return -1;
	*len = n;
	return 0;
}

/* A str into buf (NUL-terminated); fails on overflow or embedded NUL. */
static int
kr_name(aspy_request* req, key_reader* r, const char* what, char* buf, size_t size, bool allow_none)
{
	if (r->p >= r->end) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
	uint8_t t = *r->p++;
	if (allow_none && t == 'N') {
		buf[0] = 0;
		return 0;
	}
	if (!is_text(t)) {
		return fail(req, AEROSPIKE_ERR_PARAM, "%s must be str, got %s (a key is a tuple (namespace, set, "
				"primary_key) or (namespace, set, None, digest))", what, marshal_type_name(t));
	}
	size_t len;
	if (kr_len(r, t, &len)) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
	if (memchr(r->p, 0, len)) return fail(req, AEROSPIKE_ERR_PARAM, "%s must not contain NUL", what);
	if (len >= size || (len == 0 && !allow_none)) {
		return fail(req, AEROSPIKE_ERR_PARAM, "%s '%.*s' must be %s%zu bytes", what, (int)(len > 64 ? 64 : len),
				(const char*)r->p, allow_none ? "at most " : "1 to ", size - 1);
	}
	memcpy(buf, r->p, len);
	buf[len] = 0;
	r->p += len;
	return 0;
}

/*
 * Readies a request for a command on a key given as marshal bytes of the
 * Python key tuple: (namespace, set, pk) or (namespace, set, pk, digest).
 * Checking and copying the key here costs one crossing instead of a dozen
 * Python-level checks.  Keys marshal cannot encode take the Python path.
 */
int
aspy_request_begin_key(aspy_request* req, int kind, const char* buf, size_t size)
{
	aspy_request_begin(req, kind, NULL, NULL, 0, NULL, 0, 0);
	key_reader r = { (const uint8_t*)buf, (const uint8_t*)buf + size };
	int32_t n;
	if (size < 5 || r.p[0] != '(') {
		return fail(req, AEROSPIKE_ERR_PARAM, "a key is a tuple (namespace, set, primary_key)");
	}
	n = (int32_t)((uint32_t)r.p[1] | ((uint32_t)r.p[2] << 8) | ((uint32_t)r.p[3] << 16) | ((uint32_t)r.p[4] << 24));
	r.p += 5;
	if (n < 3 || n > 4) {
		return fail(req, AEROSPIKE_ERR_PARAM, "a key is a tuple (namespace, set, primary_key) or "
				"(namespace, set, None, digest), got %d items", n);
	}
	char ns[AS_NAMESPACE_MAX_SIZE];
	char set[AS_SET_MAX_SIZE];
	if (kr_name(req, &r, "namespace", ns, sizeof(ns), false) ||
			kr_name(req, &r, "set name", set, sizeof(set), true)) {
		return -1;
	}
	if (r.p >= r.end) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
	uint8_t t = *r.p++;
	size_t len;
	if (is_text(t)) {
		if (kr_len(&r, t, &len)) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
		const char* data = (const char*)r.p;
		r.p += len;
		return aspy_request_set_key(req, ns, set, ASPY_KEY_STR, data, len, 0);
	}
	if (t == 'i') {
		if (r.end - r.p < 4) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
		int32_t v = (int32_t)((uint32_t)r.p[0] | ((uint32_t)r.p[1] << 8) | ((uint32_t)r.p[2] << 16) | ((uint32_t)r.p[3] << 24));
		return aspy_request_set_key(req, ns, set, ASPY_KEY_INT, NULL, 0, v);
	}
	if (t == 'l') {
		const char* p = (const char*)r.p - 1;
		as_val* v = aspy_read_val(&p, (const char*)r.end, &req->err, NULL);
		if (!v) {
			req->status = req->err.code;
			return -1;
		}
		int64_t value = as_integer_get((as_integer*)v);
		as_val_destroy(v);
		return aspy_request_set_key(req, ns, set, ASPY_KEY_INT, NULL, 0, value);
	}
	if (t == 's') {
		if (kr_len(&r, t, &len)) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
		const char* data = (const char*)r.p;
		r.p += len;
		return aspy_request_set_key(req, ns, set, ASPY_KEY_BYTES, data, len, 0);
	}
	if (t == 'N') {
		if (n != 4 || r.p >= r.end || *r.p != 's') {
			return fail(req, AEROSPIKE_ERR_PARAM, "without a primary key, a key needs a 20-byte digest: "
					"(namespace, set, None, digest)");
		}
		r.p++;
		if (kr_len(&r, 's', &len)) return fail(req, AEROSPIKE_ERR_PARAM, "truncated key");
		return aspy_request_set_key(req, ns, set, ASPY_KEY_DIGEST, (const char*)r.p, len, 0);
	}
	return fail(req, AEROSPIKE_ERR_PARAM, "primary key must be str, int or bytes, got %s", marshal_type_name(t));
}

/*
 * Readies a request (new or reused) for a command of `kind` on a key, in one
 * call: a synchronous client reuses one request per thread, so the hot path
 * allocates nothing.  key_kind 0 means the command has no key.
 */
int
aspy_request_begin(aspy_request* req, int kind, const char* ns, const char* set, int key_kind,
		const char* data, size_t len, int64_t ival)
{
	request_clear(req);
	req->kind = kind;
	req->flags = 0;
	req->has_policy = false;
	req->status = AEROSPIKE_OK;
	req->out.len = 0;
	if (req->err.code != AEROSPIKE_OK) {
		as_error_reset(&req->err);
	}
	return key_kind ? aspy_request_set_key(req, ns, set, key_kind, data, len, ival) : 0;
}

static char*
copy_text(const char* data, size_t len)
{
	char* s = malloc(len + 1);
	if (s) {
		memcpy(s, data, len);
		s[len] = 0;
	}
	return s;
}

/* A string-typed key over `len` bytes that may hold NULs; `s` (NUL-terminated) is owned by the key. */
void
aspy_key_init_text(as_key* key, const char* ns, const char* set, char* s, size_t len)
{
	as_key_init_strp(key, ns, set, s, true);
	as_string_init_wlen(&key->value.string, s, len, true);
}

int
aspy_request_set_key(aspy_request* req, const char* ns, const char* set, int kind,
		const char* data, size_t len, int64_t ival)
{
	if (req->has_key) {
		as_key_destroy(&req->key);
		req->has_key = false;
	}
	size_t ns_len = strlen(ns);
	if (ns_len == 0 || ns_len >= AS_NAMESPACE_MAX_SIZE) {
		return fail(req, AEROSPIKE_ERR_PARAM, "namespace '%s' must be 1 to %d bytes",
				ns, AS_NAMESPACE_MAX_SIZE - 1);
	}
	if (strlen(set) >= AS_SET_MAX_SIZE) {
		return fail(req, AEROSPIKE_ERR_PARAM, "set name '%s' is longer than %d bytes",
				set, AS_SET_MAX_SIZE - 1);
	}
	switch (kind) {
	case ASPY_KEY_STR:
	case ASPY_KEY_BYTES: {
		/* Every byte counts, NULs included; bytes keys are string-typed (digest and sent
		 * user key), as the other Python clients do it. */
		char* s = copy_text(data, len);
		if (!s) return fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		aspy_key_init_text(&req->key, ns, set, s, len);
		break;
	}
	case ASPY_KEY_INT:
		as_key_init_int64(&req->key, ns, set, ival);
		break;
	case ASPY_KEY_BLOB: {
		if (len > UINT32_MAX) return fail(req, AEROSPIKE_ERR_PARAM, "bytes key too long");
		uint8_t* b = malloc(len ? len : 1);
		if (!b) return fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		memcpy(b, data, len);
		as_key_init_rawp(&req->key, ns, set, b, (uint32_t)len, true);
		break;
	}
	case ASPY_KEY_DIGEST:
		if (len != AS_DIGEST_VALUE_SIZE) {
			return fail(req, AEROSPIKE_ERR_PARAM, "digest must be %d bytes, got %zu",
					AS_DIGEST_VALUE_SIZE, len);
		}
		as_key_init_digest(&req->key, ns, set, (const uint8_t*)data);
		break;
	default:
		return fail(req, AEROSPIKE_ERR_PARAM, "unknown key kind %d", kind);
	}
	req->has_key = true;
	return 0;
}

int
aspy_request_set_bins(aspy_request* req, const char* buf, size_t len, uint32_t nbins,
		uint32_t ttl, uint16_t gen)
{
	if (nbins > UINT16_MAX) {
		return fail(req, AEROSPIKE_ERR_PARAM, "too many bins (%u)", nbins);
	}
	as_record_init(&req->record, (uint16_t)nbins);
	req->has_record = true;
	req->record.ttl = ttl;
	req->record.gen = gen;
	if (aspy_marshal_to_record(buf, len, &req->record, &req->err)) {
		req->status = req->err.code;
		return -1;
	}
	return 0;
}

/* One operation: a list [code, bin name or None, value]. */
int
aspy_add_operation(aspy_request* req, as_operations* ops, as_list* entry)
{
	if (as_list_size(entry) != 3) {
		return fail(req, AEROSPIKE_ERR_PARAM, "malformed operation");
	}
	as_integer* code_val = as_integer_fromval(as_list_get(entry, 0));
	if (!code_val) {
		return fail(req, AEROSPIKE_ERR_PARAM, "operation code must be int");
	}
	int64_t code = as_integer_get(code_val);
	as_val* bin_val = as_list_get(entry, 1);
	as_val* value = as_list_get(entry, 2);
	const char* bin = NULL;
	if (as_val_type(bin_val) == AS_STRING) {
		bin = as_string_get((as_string*)bin_val);
		if (strlen(bin) == 0 || strlen(bin) >= AS_BIN_NAME_MAX_SIZE) {
			return fail(req, AEROSPIKE_ERR_BIN_NAME,
					"bin name '%s' is invalid: names are 1 to %d bytes", bin, AS_BIN_NAME_MAX_SIZE - 1);
		}
	}
	else if (as_val_type(bin_val) != AS_NIL) {
		return fail(req, AEROSPIKE_ERR_PARAM, "operation bin must be str");
	}
	bool needs_bin = code != ASPY_OP_TOUCH && code != ASPY_OP_DELETE && code != ASPY_OP_READ;
	if (needs_bin && !bin) {
		return fail(req, AEROSPIKE_ERR_PARAM, "operation %lld needs a bin name", (long long)code);
	}
	as_operator op;
	switch (code) {
	case ASPY_OP_READ:
		if (bin) as_operations_add_read(ops, bin);
		else as_operations_add_read_all(ops);
		return 0;
	case ASPY_OP_TOUCH:
		as_operations_add_touch(ops);
		return 0;
	case ASPY_OP_DELETE:
		as_operations_add_delete(ops);
		return 0;
	case ASPY_OP_WRITE:
		op = AS_OPERATOR_WRITE;
		break;
	case ASPY_OP_INCR:
		if (as_val_type(value) != AS_INTEGER && as_val_type(value) != AS_DOUBLE) {
			return fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': increment needs an int or float", bin);
		}
		op = AS_OPERATOR_INCR;
		break;
	case ASPY_OP_APPEND:
	case ASPY_OP_PREPEND:
		if (as_val_type(value) != AS_STRING && as_val_type(value) != AS_BYTES) {
			return fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': append/prepend needs str or bytes", bin);
		}
		op = code == ASPY_OP_APPEND ? AS_OPERATOR_APPEND : AS_OPERATOR_PREPEND;
		break;
	case ASPY_OP_EXP_READ:
	case ASPY_OP_EXP_WRITE:
		return aspy_add_exp_operation(req, ops, code, bin, value);
	default:
		return aspy_add_cdt_operation(req, ops, code, bin, value);
	}
	if (aspy_check_nested_text(value, &req->err, bin)) {
		req->status = req->err.code;
		return -1;
	}
	as_binop* binop = as_binop_forappend(ops, op, bin);
	if (!binop) {
		return fail(req, AEROSPIKE_ERR_PARAM, "too many operations");
	}
	as_val_reserve(value);   /* the bin takes a reference; the parsed list keeps its own */
	as_bin_init(&binop->bin, bin, (as_bin_value*)value);
	return 0;
}

int
aspy_request_set_ops(aspy_request* req, const char* buf, size_t len, uint32_t ttl, uint16_t gen)
{
	const char* p = buf;
	as_val* parsed = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!parsed) {
		req->status = req->err.code;
		return -1;
	}
	as_list* list = as_list_fromval(parsed);
	if (!list || as_list_size(list) > UINT16_MAX) {
		as_val_destroy(parsed);
		return fail(req, AEROSPIKE_ERR_PARAM, "operations must be a list");
	}
	as_operations_init(&req->ops, (uint16_t)as_list_size(list));
	req->has_ops = true;
	req->ops.ttl = ttl;
	req->ops.gen = gen;
	int rc = 0;
	for (uint32_t i = 0; i < as_list_size(list) && rc == 0; i++) {
		as_list* op = as_list_fromval(as_list_get(list, i));
		rc = op ? aspy_add_operation(req, &req->ops, op) : fail(req, AEROSPIKE_ERR_PARAM, "malformed operation");
	}
	as_val_destroy(parsed);
	return rc;
}

int
aspy_request_set_bin_names(aspy_request* req, const char* buf, size_t len, uint32_t count)
{
	const char* p = buf;
	const char* end = buf + len;
	req->bin_names = calloc((size_t)count + 1, sizeof(char*));
	if (!req->bin_names) return fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	for (uint32_t i = 0; i < count; i++) {
		char name[AS_BIN_NAME_MAX_SIZE];
		if (aspy_read_bin_name(&p, end, &req->err, name)) {
			req->status = req->err.code;
			return -1;
		}
		req->bin_names[i] = copy_text(name, strlen(name));
	}
	return 0;
}

int
aspy_request_set_text(aspy_request* req, const char* text, size_t len)
{
	if (memchr(text, 0, len)) {
		return fail(req, AEROSPIKE_ERR_PARAM, "info command must not contain NUL");
	}
	free(req->text);
	req->text = copy_text(text, len);
	return req->text ? 0 : fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
}

void
aspy_request_policy_defaults(aerospike* as, aspy_request* req)
{
	as_policies* p = &as->config.policies;
	switch (req->kind) {
	case ASPY_CMD_GET: case ASPY_CMD_SELECT: case ASPY_CMD_EXISTS:
		as_policy_read_copy(&p->read, &req->policy.read);
		break;
	case ASPY_CMD_PUT:
		as_policy_write_copy(&p->write, &req->policy.write);
		break;
	case ASPY_CMD_REMOVE:
		as_policy_remove_copy(&p->remove, &req->policy.remove);
		break;
	case ASPY_CMD_OPERATE:
		as_policy_operate_copy(&p->operate, &req->policy.operate);
		break;
	case ASPY_CMD_INFO_ALL: case ASPY_CMD_INFO_ANY: case ASPY_CMD_INFO_NODE:
		as_policy_info_copy(&p->info, &req->policy.info);
		break;
	case ASPY_CMD_ADMIN:
		as_policy_admin_copy(&p->admin, &req->policy.admin);
		break;
	default:
		aspy_bq_policy_defaults(as, req);
		break;
	}
	req->has_policy = true;
}

/* ------------------------------------------------------------------ */
/* Result encoding                                                      */
/* ------------------------------------------------------------------ */

int
aspy_w_raw(aspy_buffer* b, const void* data, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n) cap *= 2;
		char* d = realloc(b->data, cap);
		if (!d) return -1;
		b->data = d;
		b->cap = cap;
	}
	if (n) {   /* an empty chunk may come with a NULL pointer */
		memcpy(b->data + b->len, data, n);
		b->len += n;
	}
	return 0;
}

int
aspy_w_head(aspy_buffer* b, char type, int32_t n)
{
	char head[5] = { type, (char)(n & 0xff), (char)((n >> 8) & 0xff), (char)((n >> 16) & 0xff),
			(char)((n >> 24) & 0xff) };
	return aspy_w_raw(b, head, 5);
}

int
aspy_w_text(aspy_buffer* b, const char* s, size_t len)
{
	return aspy_w_str(b, s, len);
}

/* Writes gen, ttl and bins (None without bins): the tail of every record encoding. */
int
aspy_write_meta_bins(aspy_buffer* out, const as_record* rec, bool with_bins, uint32_t* flags)
{
	/* A never-expiring record reads as 4294967295 (the server's void-time 0), as in the other clients. */
	int64_t ttl = !rec ? 0 : (int64_t)rec->ttl;
	if (ttl <= INT32_MAX) {
		/* gen (16 bits) and ttl as two marshal 'i' ints, in one write. */
		uint32_t g = rec ? rec->gen : 0, t = (uint32_t)ttl;
		char head[10] = { 'i', (char)(g & 0xff), (char)(g >> 8), 0, 0,
				'i', (char)(t & 0xff), (char)((t >> 8) & 0xff), (char)((t >> 16) & 0xff), (char)(t >> 24) };
		if (aspy_w_raw(out, head, sizeof(head))) return -1;
	}
	else {
		as_integer gen_val, ttl_val;
		as_integer_init(&gen_val, rec ? rec->gen : 0);
		as_integer_init(&ttl_val, ttl);
		if (aspy_write_val(out, (as_val*)&gen_val, flags) || aspy_write_val(out, (as_val*)&ttl_val, flags)) {
			return -1;
		}
	}
	if (!with_bins || !rec) {
		return aspy_w_raw(out, "N", 1);
	}
	const as_bins* bins = &rec->bins;
	if (*flags & ASPY_FLAG_ORDERED) {
		if (aspy_w_head(out, '[', bins->size)) return -1;
		for (uint16_t i = 0; i < bins->size; i++) {
			const as_bin* bin = &bins->entries[i];
			if (aspy_w_head(out, '(', 2) || aspy_w_text(out, bin->name, strlen(bin->name)) ||
					aspy_write_val(out, (as_val*)bin->valuep, flags)) {
				return -1;
			}
		}
		return 0;
	}
	if (*flags & ASPY_FLAG_GROUP) {
		return aspy_write_grouped_bins(out, bins, flags);
	}
	if (aspy_w_raw(out, "{", 1)) return -1;
	for (uint16_t i = 0; i < bins->size; i++) {
		const as_bin* bin = &bins->entries[i];
		if (aspy_w_text(out, bin->name, strlen(bin->name)) ||
				aspy_write_val(out, (as_val*)bin->valuep, flags)) {
			return -1;
		}
	}
	return aspy_w_raw(out, "0", 1);
}

static const uint8_t zero_digest[AS_DIGEST_VALUE_SIZE];

/* Writes (digest, gen, ttl, bins); bins is None for exists. */
int
aspy_write_record(aspy_buffer* out, const as_key* key, const as_record* rec, bool with_bins, uint32_t* flags)
{
	const as_digest* digest = key ? as_key_digest((as_key*)key) : NULL;
	if (aspy_w_head(out, '(', 4) || aspy_w_head(out, 's', AS_DIGEST_VALUE_SIZE) ||
			aspy_w_raw(out, digest ? digest->value : zero_digest, AS_DIGEST_VALUE_SIZE)) {
		return -1;
	}
	return aspy_write_meta_bins(out, rec, with_bins, flags);
}

/* Encodes a single-record command's result into the request's output. */
int
aspy_encode_record(aspy_request* req, const as_record* rec, bool with_bins)
{
	req->out.len = 0;
	return aspy_write_record(&req->out, &req->key, rec, with_bins, &req->flags);
}

/* Strips "command\t" and the trailing newline from a one-command info answer. */
static void
info_value(const char* command, const char* response, const char** value, size_t* len)
{
	const char* tab = strchr(response, '\t');
	size_t cmd_len = strlen(command);
	while (cmd_len && command[cmd_len - 1] == '\n') cmd_len--;
	if (tab && (size_t)(tab - response) == cmd_len && strncmp(response, command, cmd_len) == 0) {
		response = tab + 1;
	}
	size_t n = strlen(response);
	while (n && response[n - 1] == '\n') n--;
	*value = response;
	*len = n;
}

static int
run_info_all(aerospike* as, aspy_request* req, const as_policy_info* policy)
{
	as_nodes* nodes = as_nodes_reserve(as->cluster);
	if (nodes->size == 0) {
		as_nodes_release(nodes);
		return fail(req, AEROSPIKE_ERR_CLUSTER, "no nodes in cluster");
	}
	aspy_buffer* out = &req->out;
	out->len = 0;
	int rc = aspy_w_head(out, '[', (int32_t)nodes->size);
	for (uint32_t i = 0; i < nodes->size && rc == 0; i++) {
		as_node* node = nodes->array[i];
		as_error err;
		as_error_init(&err);
		char* res = NULL;
		as_status status = aerospike_info_node(as, &err, policy, node, req->text, &res);
		rc = aspy_w_head(out, '(', 3) || aspy_w_text(out, node->name, strlen(node->name));
		as_integer code;
		as_integer_init(&code, status);
		rc = rc || aspy_write_val(out, (as_val*)&code, &req->flags);
		if (status == AEROSPIKE_OK && res) {
			const char* value;
			size_t len;
			info_value(req->text, res, &value, &len);
			rc = rc || aspy_w_text(out, value, len);
		}
		else {
			rc = rc || aspy_w_text(out, err.message, strlen(err.message));
		}
		free(res);
	}
	as_nodes_release(nodes);
	return rc ? fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}

/*
 * Stores a one-command info answer in the request (see info_value); `response`,
 * the C client's (possibly NULL), is freed.
 */
int
aspy_info_answer(aspy_request* req, as_status status, char* response)
{
	req->status = status;
	if (status != AEROSPIKE_OK) {
		free(response);
		return -1;
	}
	const char* value;
	size_t len;
	info_value(req->text, response ? response : "", &value, &len);
	req->out.len = 0;
	int rc = aspy_w_text(&req->out, value, len);
	free(response);
	return rc ? fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}

static int
run_info_any(aerospike* as, aspy_request* req, const as_policy_info* policy)
{
	char* res = NULL;
	as_status status = aerospike_info_any(as, &req->err, policy, req->text, &res);
	return aspy_info_answer(req, status, res);
}

/*
 * Records a command's outcome in its request: status, error, and the encoded
 * result.  Shared by the blocking path and the event-loop listeners, which
 * must copy everything out of `rec` before it is destroyed.  A missing record
 * is a result, not an error, for exists.
 */
int
aspy_complete(aspy_request* req, as_status status, const as_record* rec)
{
	req->status = status;
	if (status == AEROSPIKE_ERR_RECORD_NOT_FOUND && req->kind == ASPY_CMD_EXISTS) {
		as_error_reset(&req->err);
		return aspy_encode_record(req, NULL, false) ? fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
	}
	if (status != AEROSPIKE_OK) {
		return -1;
	}
	if (rec && aspy_encode_record(req, rec, req->kind != ASPY_CMD_EXISTS)) {
		return fail(req, AEROSPIKE_ERR_CLIENT, "out of memory encoding result");
	}
	return 0;
}

#define POLICY(member) (req->has_policy ? &req->policy.member : NULL)

int
aspy_execute(aerospike* as, aspy_request* req)
{
	as_error_reset(&req->err);
	req->status = AEROSPIKE_OK;
	as_record* rec = NULL;
	as_status status;
	switch (req->kind) {
	case ASPY_CMD_GET:
		status = aerospike_key_get(as, &req->err, POLICY(read), &req->key, &rec);
		break;
	case ASPY_CMD_SELECT:
		status = aerospike_key_select(as, &req->err, POLICY(read), &req->key,
				(const char**)req->bin_names, &rec);
		break;
	case ASPY_CMD_EXISTS:
		status = aerospike_key_exists(as, &req->err, POLICY(read), &req->key, &rec);
		break;
	case ASPY_CMD_PUT:
		status = aerospike_key_put(as, &req->err, POLICY(write), &req->key, &req->record);
		break;
	case ASPY_CMD_REMOVE:
		status = aerospike_key_remove(as, &req->err, POLICY(remove), &req->key);
		break;
	case ASPY_CMD_OPERATE:
		status = aerospike_key_operate(as, &req->err, POLICY(operate), &req->key, &req->ops, &rec);
		break;
	case ASPY_CMD_INFO_ALL:
		return run_info_all(as, req, POLICY(info));
	case ASPY_CMD_INFO_ANY:
		return run_info_any(as, req, POLICY(info));
	case ASPY_CMD_ADMIN:
		return aspy_admin_execute(as, req);
	case ASPY_CMD_INFO_NODE:
		return aspy_info_node_execute(as, req);
	default:
		return aspy_bq_execute(as, req);
	}
	int rc = aspy_complete(req, status, rec);
	if (rec) {
		as_record_destroy(rec);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Cluster and config helpers                                           */
/* ------------------------------------------------------------------ */

int
aspy_cluster_node_names(aerospike* as, aspy_buffer* out)
{
	int n = 0;
	char* names = NULL;
	out->len = 0;
	if (as->cluster) {
		as_cluster_get_node_names(as->cluster, &n, &names);
	}
	int rc = aspy_w_head(out, '[', n);
	for (int i = 0; i < n && rc == 0; i++) {
		const char* name = names + (size_t)i * AS_NODE_NAME_SIZE;
		rc = aspy_w_text(out, name, strlen(name));
	}
	free(names);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Logging bridge                                                       */
/* ------------------------------------------------------------------ */

extern void aspy_log_emit(int level, const char* func, const char* file, uint32_t line, const char* msg);

static volatile int aspy_log_on = 0;
static volatile int aspy_log_user_level = -1;   /* -1: off */
static int aspy_log_captures = 0;               /* connects in progress that collect warnings */
static pthread_mutex_t aspy_log_level_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t aspy_log_drop_count = 0;

/* Warnings the C client logs on this thread while it connects: the causes behind "Failed to connect". */
static __thread aspy_buffer* aspy_log_capture = NULL;

static void
aspy_log_apply_level(void)
{
	int level = aspy_log_user_level < 0 ? AS_LOG_LEVEL_ERROR : aspy_log_user_level;
	if (aspy_log_captures > 0 && level < AS_LOG_LEVEL_WARN) {
		level = AS_LOG_LEVEL_WARN;
	}
	as_log_set_level((as_log_level)level);
}

static bool
aspy_log_callback(as_log_level level, const char* func, const char* file, uint32_t line,
		const char* fmt, ...)
{
	aspy_buffer* capture = aspy_log_capture;
	bool wanted = aspy_log_on && (int)level <= aspy_log_user_level;
	if (!wanted && !(capture && level <= AS_LOG_LEVEL_WARN)) {
		return true;
	}
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(msg)) {
		/* Mark truncation rather than hide it. */
		memcpy(msg + sizeof(msg) - 4, "...", 4);
	}
	if (capture && level <= AS_LOG_LEVEL_WARN && capture->len < 8192) {
		aspy_w_raw(capture, msg, strlen(msg) + 1);   /* NUL-separated */
	}
	if (wanted) {
		aspy_log_emit((int)level, func ? func : "", file ? file : "", line, msg);
	}
	return true;
}

void
aspy_log_install(void)
{
	as_log_set_callback(aspy_log_callback);
}

int
aspy_log_set_level(int level)
{
	if (level > AS_LOG_LEVEL_TRACE) {
		return -1;
	}
	pthread_mutex_lock(&aspy_log_level_lock);
	aspy_log_user_level = level < 0 ? -1 : level;
	aspy_log_on = level >= 0;
	aspy_log_apply_level();
	pthread_mutex_unlock(&aspy_log_level_lock);
	return 0;
}

/*
 * aerospike_connect, collecting the warnings the C client logs on the way
 * (seed lookups, refused connections, cluster-name and TLS mismatches) into
 * `causes`, NUL-separated, whatever the user's log level.
 */
as_status
aspy_connect(aerospike* as, as_error* err, aspy_buffer* causes)
{
	as_log_set_callback(aspy_log_callback);
	pthread_mutex_lock(&aspy_log_level_lock);
	aspy_log_captures++;
	aspy_log_apply_level();
	pthread_mutex_unlock(&aspy_log_level_lock);
	causes->len = 0;
	aspy_log_capture = causes;
	as_status status = aerospike_connect(as, err);
	aspy_log_capture = NULL;
	pthread_mutex_lock(&aspy_log_level_lock);
	aspy_log_captures--;
	aspy_log_apply_level();
	pthread_mutex_unlock(&aspy_log_level_lock);
	return status;
}

void
aspy_log_count_drop(void)
{
	__atomic_fetch_add(&aspy_log_drop_count, 1, __ATOMIC_RELAXED);
}

uint64_t
aspy_log_dropped(void)
{
	return __atomic_load_n(&aspy_log_drop_count, __ATOMIC_RELAXED);
}
