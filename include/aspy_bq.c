/*
 * Batch, query, secondary-index and truncate commands.
 *
 * A batch arrives as one marshal list of entry tuples and leaves as one
 * marshal list of per-key outcomes.  A query streams: every record is encoded
 * as it arrives (on a C client thread or an event-loop listener) into the
 * request's stream, and Python takes what has accumulated in one call.
 *
 * Ownership: the batch's as_batch_records, and everything its entries point
 * to that as_batch_records_destroy() does not free (operations, bin-name
 * arrays, per-record policies), belong to the request and are released in
 * aspy_bq_clear().
 */
#include "aspy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

as_val* aspy_read_val(const char** p, const char* end, as_error* err, const char* where);

#define ASPY_FLAG_BATCH_WRITE 0x100u

/* ------------------------------------------------------------------ */
/* Parsed-value helpers                                                 */
/* ------------------------------------------------------------------ */

static const char*
val_type_name(const as_val* v)
{
	switch (as_val_type(v)) {
	case AS_NIL: return "None";
	case AS_BOOLEAN: return "bool";
	case AS_INTEGER: return "int";
	case AS_DOUBLE: return "float";
	case AS_STRING: return "str";
	case AS_BYTES: return "bytes";
	case AS_LIST: return "tuple or list";
	case AS_MAP: return "dict";
	case AS_GEOJSON: return "GeoJSON";
	default: return "an unsupported type";
	}
}

static const char*
text_of(const as_val* v)
{
	return as_val_type(v) == AS_STRING ? as_string_get((as_string*)v) : NULL;
}

/* A key tuple (namespace, set, pk) or (namespace, set, None, digest), checked. */
static int
key_from_val(aspy_request* req, const as_val* v, as_key* key, uint32_t index)
{
	as_list* t = as_list_fromval((as_val*)v);
	uint32_t n = t ? as_list_size(t) : 0;
	if (!t || n < 3 || n > 4) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "key %u must be a tuple (namespace, set, primary_key), got %s",
				index, t ? "a tuple of the wrong size" : val_type_name(v));
	}
	const char* ns = text_of(as_list_get(t, 0));
	if (!ns || !*ns || strlen(ns) >= AS_NAMESPACE_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "key %u: namespace must be a str of 1 to %d bytes",
				index, AS_NAMESPACE_MAX_SIZE - 1);
	}
	as_val* set_val = as_list_get(t, 1);
	const char* set = as_val_type(set_val) == AS_NIL ? "" : text_of(set_val);
	if (!set || strlen(set) >= AS_SET_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "key %u: set name must be a str of at most %d bytes",
				index, AS_SET_MAX_SIZE - 1);
	}
	as_val* pk = as_list_get(t, 2);
	switch (as_val_type(pk)) {
	case AS_STRING: {
		as_string* text = (as_string*)pk;
		size_t len = as_string_len(text);
		char* s = malloc(len + 1);
		if (!s) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		if (len) memcpy(s, text->value, len);
		s[len] = 0;
		aspy_key_init_text(key, ns, set, s, len);
		return 0;
	}
	case AS_INTEGER:
		as_key_init_int64(key, ns, set, as_integer_get((as_integer*)pk));
		return 0;
	case AS_BYTES: {
		as_bytes* b = (as_bytes*)pk;
		if (b->type != AS_BYTES_UNDEF) {
			/* bytes: a string-typed key; a bytearray arrives tagged as AS_BYTES_UNDEF (a blob key). */
			char* s = malloc(b->size + 1);
			if (!s) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
			if (b->size) memcpy(s, b->value, b->size);
			s[b->size] = 0;
			aspy_key_init_text(key, ns, set, s, b->size);
			return 0;
		}
		uint8_t* copy = malloc(b->size ? b->size : 1);
		if (!copy) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		if (b->size) memcpy(copy, b->value, b->size);
		as_key_init_rawp(key, ns, set, copy, b->size, true);
		return 0;
	}
	case AS_NIL: {
		as_bytes* d = n == 4 ? as_bytes_fromval(as_list_get(t, 3)) : NULL;
		if (!d || d->size != AS_DIGEST_VALUE_SIZE) {
			return aspy_fail(req, AEROSPIKE_ERR_PARAM, "key %u: without a primary key, a key needs a 20-byte "
					"digest: (namespace, set, None, digest)", index);
		}
		as_key_init_digest(key, ns, set, d->value);
		return 0;
	}
	default:
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "key %u: primary key must be str, int or bytes, got %s",
				index, val_type_name(pk));
	}
}

static bool
valid_bin_name(const char* name)
{
	size_t len = name ? strlen(name) : 0;
	return len > 0 && len < AS_BIN_NAME_MAX_SIZE;
}

static int
uint_at(aspy_request* req, as_list* t, uint32_t i, int64_t max, int64_t* out, const char* what)
{
	as_integer* v = as_integer_fromval(as_list_get(t, i));
	if (!v || as_integer_get(v) < 0 || as_integer_get(v) > max) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "%s must be an int from 0 to %lld", what, (long long)max);
	}
	*out = as_integer_get(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Batch                                                                */
/* ------------------------------------------------------------------ */

/* An optional int at t[i]: None keeps the default (returns 1). */
static int
opt_at(aspy_request* req, as_list* t, uint32_t i, int64_t max, int64_t* out, const char* what)
{
	if (as_val_type(as_list_get(t, i)) == AS_NIL) return 1;
	return uint_at(req, t, i, max, out, what) ? -1 : 0;
}

/*
 * Per-record write policy from (ttl, gen_policy, generation, exists, key,
 * commit_level, durable_delete), any of them None for the client default;
 * None altogether leaves the record on the client's batch_write policy.
 */
static int
write_policy_from(aspy_request* req, aerospike* as, as_val* meta, as_operations* ops,
		const as_policy_batch_write** out)
{
	*out = NULL;
	as_list* t = as_list_fromval(meta);
	if (!t) return 0;
	if (as_list_size(t) != 7 && as_list_size(t) != 8) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch write meta");
	}
	as_policy_batch_write* p = malloc(sizeof(as_policy_batch_write));
	if (!p) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	*p = as->config.policies.batch_write;
	p->filter_exp = NULL;
	*out = p;
	int64_t v;
	int rc;
	if ((rc = opt_at(req, t, 0, UINT32_MAX, &v, "ttl")) < 0) return -1;
	if (rc == 0) ops->ttl = (uint32_t)v;
	if ((rc = opt_at(req, t, 1, 2, &v, "gen")) < 0) return -1;
	if (rc == 0) p->gen = (as_policy_gen)v;
	if ((rc = opt_at(req, t, 2, UINT16_MAX, &v, "generation")) < 0) return -1;
	if (rc == 0) ops->gen = (uint16_t)v;
	if ((rc = opt_at(req, t, 3, 4, &v, "exists")) < 0) return -1;
	if (rc == 0) p->exists = (as_policy_exists)v;
	if ((rc = opt_at(req, t, 4, 1, &v, "key")) < 0) return -1;
	if (rc == 0) p->key = (as_policy_key)v;
	if ((rc = opt_at(req, t, 5, 1, &v, "commit_level")) < 0) return -1;
	if (rc == 0) p->commit_level = (as_policy_commit_level)v;
	if ((rc = opt_at(req, t, 6, 1, &v, "durable_delete")) < 0) return -1;
	if (rc == 0) p->durable_delete = v != 0;
	return as_list_size(t) == 8 ? aspy_exp_from_val(req, as_list_get(t, 7), &p->filter_exp) : 0;
}

/* Per-record remove policy from (gen_policy, generation, key, commit_level, durable_delete). */
static int
remove_policy_from(aspy_request* req, aerospike* as, as_val* meta, const as_policy_batch_remove** out)
{
	*out = NULL;
	as_list* t = as_list_fromval(meta);
	if (!t) return 0;
	if (as_list_size(t) != 5 && as_list_size(t) != 6) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch remove meta");
	}
	as_policy_batch_remove* p = malloc(sizeof(as_policy_batch_remove));
	if (!p) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	*p = as->config.policies.batch_remove;
	p->filter_exp = NULL;
	*out = p;
	int64_t v;
	int rc;
	if ((rc = opt_at(req, t, 0, 2, &v, "gen")) < 0) return -1;
	if (rc == 0) p->gen = (as_policy_gen)v;
	if ((rc = opt_at(req, t, 1, UINT16_MAX, &v, "generation")) < 0) return -1;
	if (rc == 0) p->generation = (uint16_t)v;
	if ((rc = opt_at(req, t, 2, 1, &v, "key")) < 0) return -1;
	if (rc == 0) p->key = (as_policy_key)v;
	if ((rc = opt_at(req, t, 3, 1, &v, "commit_level")) < 0) return -1;
	if (rc == 0) p->commit_level = (as_policy_commit_level)v;
	if ((rc = opt_at(req, t, 4, 1, &v, "durable_delete")) < 0) return -1;
	if (rc == 0) p->durable_delete = v != 0;
	return as_list_size(t) == 6 ? aspy_exp_from_val(req, as_list_get(t, 5), &p->filter_exp) : 0;
}

/*
 * A digest-only key has no user key to send, and the C client's batch path,
 * unlike its single-record path, does not check before sizing one (a NULL
 * dereference).  Such a record sends only its digest; if the client's default
 * batch policy itself says POLICY_KEY_SEND, that cannot be overridden per
 * record, so the entry is refused.
 */
static int
digest_only_sends_no_key(aspy_request* req, const as_key* key, as_policy_key* record_key,
		as_policy_key default_key, uint32_t index)
{
	if (key->valuep) return 0;
	if (default_key == AS_POLICY_KEY_SEND) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "batch entry %u: a digest-only key has no user key to send, "
				"but the client's default batch policy has key=POLICY_KEY_SEND", index);
	}
	if (record_key) *record_key = AS_POLICY_KEY_DIGEST;
	return 0;
}

static int
read_entry(aspy_request* req, as_batch_read_record* r, as_val* bins)
{
	if (as_val_type(bins) == AS_NIL) {
		r->read_all_bins = true;
		return 0;
	}
	as_list* names = as_list_fromval(bins);
	if (!names) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "bins must be a list of bin names or None, got %s",
				val_type_name(bins));
	}
	uint32_t n = as_list_size(names);
	if (n == 0) {
		return 0;  /* header only: neither bins nor read_all_bins */
	}
	r->bin_names = calloc(n, sizeof(char*));
	if (!r->bin_names) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		const char* name = text_of(as_list_get(names, i));
		if (!valid_bin_name(name)) {
			return aspy_fail(req, name ? AEROSPIKE_ERR_BIN_NAME : AEROSPIKE_ERR_PARAM,
					"bin name %s%s%s is invalid: names are str of 1 to %d bytes", name ? "'" : "",
					name ? name : val_type_name(as_list_get(names, i)), name ? "'" : "", AS_BIN_NAME_MAX_SIZE - 1);
		}
		r->bin_names[i] = strdup(name);
		r->n_bin_names = i + 1;
	}
	return 0;
}

static int
operate_entry(aspy_request* req, aerospike* as, as_batch_records* recs, as_val* key, as_list* ops_list,
		as_val* meta, uint32_t index)
{
	uint32_t n = as_list_size(ops_list);
	if (n == 0 || n > UINT16_MAX) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "batch operations must be a non-empty list");
	}
	as_operations* ops = as_operations_new((uint16_t)n);
	ops->ttl = AS_RECORD_CLIENT_DEFAULT_TTL;
	for (uint32_t i = 0; i < n; i++) {
		as_list* op = as_list_fromval(as_list_get(ops_list, i));
		if (!op || aspy_add_operation(req, ops, op)) {
			as_operations_destroy(ops);
			return op ? -1 : aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed operation");
		}
	}
	bool writes = false;
	for (uint16_t i = 0; i < ops->binops.size; i++) {
		writes = writes || ops->binops.entries[i].op != AS_OPERATOR_READ;
	}
	if (!writes && as_val_type(meta) == AS_NIL) {
		as_batch_read_record* r = as_batch_read_reserve(recs);
		r->ops = ops;
		return key_from_val(req, key, &r->key, index);
	}
	as_batch_write_record* w = as_batch_write_reserve(recs);
	w->ops = ops;
	req->flags |= ASPY_FLAG_BATCH_WRITE;
	if (write_policy_from(req, as, meta, ops, &w->policy) || key_from_val(req, key, &w->key, index)) return -1;
	return digest_only_sends_no_key(req, &w->key, w->policy ? &((as_policy_batch_write*)w->policy)->key : NULL,
			as->config.policies.batch_write.key, index);
}

/*
 * Entries: (READ, key, bins-or-None), (OPERATE, key, ops, meta-or-None),
 * (REMOVE, key, meta-or-None).
 */
static int
set_batch(aspy_request* req, aerospike* as, as_list* entries)
{
	uint32_t n = as_list_size(entries);
	req->batch = as_batch_records_create(n ? n : 1);
	if (!req->batch) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	for (uint32_t i = 0; i < n; i++) {
		as_list* e = as_list_fromval(as_list_get(entries, i));
		as_integer* kind = e && as_list_size(e) >= 3 ? as_integer_fromval(as_list_get(e, 0)) : NULL;
		if (!kind) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch entry %u", i);
		as_val* key = as_list_get(e, 1);
		int rc;
		switch (as_integer_get(kind)) {
		case ASPY_BATCH_READ: {
			as_batch_read_record* r = as_batch_read_reserve(req->batch);
			rc = key_from_val(req, key, &r->key, i) || read_entry(req, r, as_list_get(e, 2));
			break;
		}
		case ASPY_BATCH_OPERATE: {
			as_list* ops = as_list_fromval(as_list_get(e, 2));
			rc = !ops || as_list_size(e) != 4
				? aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch entry %u", i)
				: operate_entry(req, as, req->batch, key, ops, as_list_get(e, 3), i);
			break;
		}
		case ASPY_BATCH_REMOVE: {
			as_batch_remove_record* r = as_batch_remove_reserve(req->batch);
			req->flags |= ASPY_FLAG_BATCH_WRITE;
			rc = remove_policy_from(req, as, as_list_get(e, 2), &r->policy) || key_from_val(req, key, &r->key, i) ||
				digest_only_sends_no_key(req, &r->key, r->policy ? &((as_policy_batch_remove*)r->policy)->key : NULL,
						as->config.policies.batch_remove.key, i);
			break;
		}
		case ASPY_BATCH_APPLY:
			req->flags |= ASPY_FLAG_BATCH_WRITE;
			rc = aspy_udf_batch_entry(req, as, e, i) || key_from_val(req, key, &((as_batch_base_record*)
					as_vector_get(&req->batch->list, req->batch->list.size - 1))->key, i);
			break;
		default:
			rc = aspy_fail(req, AEROSPIKE_ERR_PARAM, "unknown batch entry kind in entry %u", i);
		}
		if (rc) return -1;
	}
	return 0;
}

/* Frees what each entry owns beyond what as_batch_records_destroy() frees. */
static void
batch_destroy(as_batch_records* batch)
{
	as_vector* list = &batch->list;
	for (uint32_t i = 0; i < list->size; i++) {
		as_batch_record* r = as_vector_get(list, i);
		switch (r->base.type) {
		case AS_BATCH_READ:
			for (uint32_t j = 0; j < r->read.n_bin_names; j++) {
				free(r->read.bin_names[j]);
			}
			free(r->read.bin_names);
			if (r->read.ops) as_operations_destroy(r->read.ops);
			break;
		case AS_BATCH_WRITE:
			if (r->write.ops) as_operations_destroy(r->write.ops);
			if (r->write.policy) free(r->write.policy->filter_exp);
			free((void*)r->write.policy);
			break;
		case AS_BATCH_REMOVE:
			if (r->remove.policy) free(r->remove.policy->filter_exp);
			free((void*)r->remove.policy);
			break;
		case AS_BATCH_APPLY:
			aspy_udf_batch_entry_destroy(&r->apply);
			break;
		default:
			break;
		}
	}
	as_batch_records_destroy(batch);
}

/* Encodes [(result, in_doubt, digest, gen, ttl, bins-or-None), ...] of `batch` into `out`; 0 or -1. */
static int
encode_rows(aspy_buffer* out, const as_batch_records* batch, const aspy_request* req, uint32_t* flags)
{
	out->len = 0;
	const as_vector* list = &batch->list;
	int rc = aspy_w_head(out, '[', (int32_t)list->size);
	for (uint32_t i = 0; i < list->size && rc == 0; i++) {
		const as_batch_base_record* r = req ? aspy_retry_result(req, batch, i) : as_vector_get((as_vector*)list, i);
		as_integer code;
		as_integer_init(&code, r->result);
		const as_digest* digest = as_key_digest((as_key*)&r->key);
		rc = aspy_w_head(out, '(', 6) || aspy_write_val(out, (as_val*)&code, flags) ||
				aspy_w_raw(out, r->in_doubt ? "T" : "F", 1) ||
				aspy_w_head(out, 's', AS_DIGEST_VALUE_SIZE) ||
				aspy_w_raw(out, digest->value, AS_DIGEST_VALUE_SIZE) ||
				aspy_write_meta_bins(out, r->result == AEROSPIKE_OK || (r->type == AS_BATCH_APPLY &&
						r->result == AEROSPIKE_ERR_UDF) ? &r->record : NULL, true, flags);
	}
	return rc;
}

int
aspy_batch_encode(aspy_buffer* out, const as_batch_records* batch, uint32_t* flags)
{
	return encode_rows(out, batch, NULL, flags);
}

/*
 * Completes a batch: its rows encoded (aspy_batch_encode), or, for a request
 * flagged ASPY_FLAG_BATCH_KEEP, left in the records for aspy_fast_batch.c to
 * read.  A batch whose sub-commands failed individually
 * (AEROSPIKE_BATCH_FAILED) still has a result per key: that is a result, not
 * an error.
 */
int
aspy_batch_complete(aspy_request* req, as_status status)
{
	req->status = status;
	if (status != AEROSPIKE_OK && status != AEROSPIKE_BATCH_FAILED) {
		return -1;
	}
	as_error_reset(&req->err);
	req->status = AEROSPIKE_OK;
	if (req->flags & ASPY_FLAG_BATCH_KEEP) {
		return 0;
	}
	return encode_rows(&req->out, req->batch, req, &req->flags)
		? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory encoding batch result") : 0;
}

/* ------------------------------------------------------------------ */
/* Query                                                                */
/* ------------------------------------------------------------------ */

enum { PRED_EQ_INT = 1, PRED_EQ_STR = 2, PRED_EQ_BLOB = 3, PRED_RANGE = 4, PRED_GEO_WITHIN = 5,
	PRED_GEO_CONTAINS = 6 };

/* (kind, bin, index_type, a, b[, ctx list, or the expression of an expression index]) */
static int
add_predicate(aspy_request* req, as_list* p)
{
	uint32_t size = as_list_size(p);
	if (size != 5 && size != 6) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed predicate");
	as_val* extra = size == 6 ? as_list_get(p, 5) : NULL;
	as_exp* exp = NULL;
	as_cdt_ctx* ctx = NULL;
	if (extra && as_val_type(extra) == AS_LIST) {
		if (aspy_request_ctx_from_list(req, (as_list*)extra)) return -1;
		ctx = &req->ctx;   /* the query only points at it */
	}
	else if (extra && aspy_exp_from_val(req, extra, &exp)) {
		return -1;
	}
	/* A predicate on an expression index names the expression instead of a bin; the query frees it. */
#define WHERE(...) (exp ? as_query_where_with_exp(&req->query, exp, __VA_ARGS__) \
		: as_query_where_with_ctx(&req->query, bin, ctx, __VA_ARGS__))
	as_integer* kind = as_integer_fromval(as_list_get(p, 0));
	const char* bin = text_of(as_list_get(p, 1));
	as_integer* itype_val = as_integer_fromval(as_list_get(p, 2));
	if (!kind || !itype_val || !valid_bin_name(bin)) {
		free(exp);
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "predicate needs a bin name of 1 to %d bytes",
				AS_BIN_NAME_MAX_SIZE - 1);
	}
	as_index_type itype = (as_index_type)as_integer_get(itype_val);
	as_val* a = as_list_get(p, 3);
	as_val* b = as_list_get(p, 4);
	as_query_where_init(&req->query, 1);
	bool ok;
	switch (as_integer_get(kind)) {
	case PRED_EQ_INT:
		ok = WHERE(AS_PREDICATE_EQUAL, itype, AS_INDEX_NUMERIC,
				as_integer_get((as_integer*)a));
		break;
	case PRED_EQ_STR:
		/* The C query keeps the pointer: give it a copy of its own to free. */
		ok = WHERE(AS_PREDICATE_EQUAL, itype, AS_INDEX_STRING,
				strdup(as_string_get((as_string*)a)));
		if (ok) req->query.where.entries[0].value.string_val._free = true;
		break;
	case PRED_EQ_BLOB: {
		as_bytes* bytes = (as_bytes*)a;
		uint8_t* copy = malloc(bytes->size ? bytes->size : 1);
		if (!copy) {
			free(exp);
			return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		}
		if (bytes->size) memcpy(copy, bytes->value, bytes->size);
		ok = WHERE(AS_PREDICATE_EQUAL, itype, AS_INDEX_BLOB, copy, bytes->size, true);
		break;
	}
	case PRED_RANGE:
		ok = WHERE(AS_PREDICATE_RANGE, itype, AS_INDEX_NUMERIC,
				as_integer_get((as_integer*)a), as_integer_get((as_integer*)b));
		break;
	case PRED_GEO_WITHIN:
	case PRED_GEO_CONTAINS:
		ok = WHERE(AS_PREDICATE_RANGE, itype, AS_INDEX_GEO2DSPHERE,
				strdup(as_string_get((as_string*)a)));
		if (ok) req->query.where.entries[0].value.string_val._free = true;
		break;
	default:
		free(exp);
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "unknown predicate");
	}
#undef WHERE
	if (exp) {
		if (ok) req->query.where.entries[0].exp_free = true;
		else free(exp);
	}
	return ok ? 0 : aspy_fail(req, AEROSPIKE_ERR_PARAM, "predicate on bin '%s' refused", bin);
}

static aspy_stream*
stream_new(uint32_t limit)
{
	aspy_stream* s = calloc(1, sizeof(aspy_stream));
	if (s) {
		pthread_mutex_init(&s->lock, NULL);
		pthread_cond_init(&s->cond, NULL);
		s->limit = limit;
	}
	return s;
}

static void
stream_free(aspy_stream* s)
{
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	aspy_buffer_destroy(&s->chunk);
	free(s);
}

/*
 * (namespace, set, bins-or-None, predicate-or-None, max_records,
 *  records_per_second, no_bins, (partition_begin, partition_count)-or-None)
 */
static int
set_query(aspy_request* req, as_list* q, uint32_t queue_limit)
{
	if (as_list_size(q) != 8) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed query");
	const char* ns = text_of(as_list_get(q, 0));
	as_val* set_val = as_list_get(q, 1);
	const char* set = as_val_type(set_val) == AS_NIL ? "" : text_of(set_val);
	if (!ns || !*ns || strlen(ns) >= AS_NAMESPACE_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "namespace must be a str of 1 to %d bytes",
				AS_NAMESPACE_MAX_SIZE - 1);
	}
	if (!set || strlen(set) >= AS_SET_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "set name must be a str of at most %d bytes", AS_SET_MAX_SIZE - 1);
	}
	as_query_init(&req->query, ns, set);
	req->has_query = true;
	as_list* bins = as_list_fromval(as_list_get(q, 2));
	if (bins) {
		uint32_t n = as_list_size(bins);
		as_query_select_init(&req->query, (uint16_t)n);
		for (uint32_t i = 0; i < n; i++) {
			const char* name = text_of(as_list_get(bins, i));
			if (!valid_bin_name(name)) {
				return aspy_fail(req, AEROSPIKE_ERR_BIN_NAME, "bin name '%s' is invalid: names are 1 to %d bytes",
						name ? name : "?", AS_BIN_NAME_MAX_SIZE - 1);
			}
			as_query_select(&req->query, name);
		}
	}
	as_list* pred = as_list_fromval(as_list_get(q, 3));
	if (pred && add_predicate(req, pred)) return -1;
	int64_t max_records, rps, no_bins;
	if (uint_at(req, q, 4, INT64_MAX, &max_records, "max_records") ||
			uint_at(req, q, 5, UINT32_MAX, &rps, "records_per_second") ||
			uint_at(req, q, 6, 1, &no_bins, "no_bins")) {
		return -1;
	}
	req->query.max_records = (uint64_t)max_records;
	req->query.records_per_second = (uint32_t)rps;
	req->query.no_bins = no_bins != 0;
	as_list* parts = as_list_fromval(as_list_get(q, 7));
	if (parts) {
		int64_t begin, count;
		if (as_list_size(parts) != 2 || uint_at(req, parts, 0, 4095, &begin, "partition begin") ||
				uint_at(req, parts, 1, 4096 - begin, &count, "partition count")) {
			return -1;
		}
		req->partitions = calloc(1, sizeof(as_partition_filter));
		if (!req->partitions) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		as_partition_filter_set_range(req->partitions, (uint32_t)begin, (uint32_t)count);
	}
	req->stream = stream_new(queue_limit);
	return req->stream ? 0 : aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
}

/*
 * Appends one record (7-tuple: namespace, set, user key, digest, gen, ttl,
 * bins).  A blocking producer waits while the stream holds `limit` records;
 * returns false once the consumer has cancelled.
 */
bool
aspy_stream_push(aspy_request* req, const as_record* rec, bool wait)
{
	aspy_stream* s = req->stream;
	pthread_mutex_lock(&s->lock);
	while (wait && s->limit && s->count >= s->limit && !s->cancel) {
		pthread_cond_wait(&s->cond, &s->lock);
	}
	if (s->cancel) {
		pthread_mutex_unlock(&s->lock);
		return false;
	}
	aspy_buffer* out = &s->chunk;
	const as_key* key = &rec->key;
	int rc = aspy_w_head(out, '(', 7) || aspy_w_text(out, key->ns, strlen(key->ns)) ||
			aspy_w_text(out, key->set, strlen(key->set));
	if (key->valuep) {
		rc = rc || aspy_write_val(out, (as_val*)key->valuep, &s->flags);
	}
	else {
		rc = rc || aspy_w_raw(out, "N", 1);
	}
	rc = rc || aspy_w_head(out, 's', AS_DIGEST_VALUE_SIZE) ||
			aspy_w_raw(out, key->digest.value, AS_DIGEST_VALUE_SIZE) ||
			aspy_write_meta_bins(out, rec, true, &s->flags);
	if (rc) {
		s->cancel = true;  /* out of memory: stop the query, report it at the end */
		as_error_update(&req->err, AEROSPIKE_ERR_CLIENT, "out of memory buffering query records");
		pthread_mutex_unlock(&s->lock);
		return false;
	}
	if (s->count++ == 0) {
		pthread_cond_broadcast(&s->cond);
	}
	pthread_mutex_unlock(&s->lock);
	return true;
}

/*
 * Marks the stream finished, keeping the first error seen.  With `cq`, then
 * queues the request's ticket as the stream's last push, as the very last
 * touch of the request: Python frees an async stream's request only after
 * the drain has taken that ticket, which it can only do once the push (flag
 * included) is complete.  (Setting the flag before the push let a drain
 * running meanwhile report the last ticket early, and Python free the
 * request while this thread was still to link it into the queue.)
 */
void
aspy_stream_finish(aspy_request* req, const as_error* err, aspy_cq* cq)
{
	aspy_stream* s = req->stream;
	pthread_mutex_lock(&s->lock);
	if (err && err->code != AEROSPIKE_OK && req->err.code == AEROSPIKE_OK) {
		as_error_copy(&req->err, err);
	}
	req->status = req->err.code;
	s->done = true;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	if (cq) {
		aspy_cq_push_final(cq, req);
	}
}

/*
 * Moves the buffered records into req->out as one marshal list.  With
 * wait_ms > 0 it first waits up to that long for a record or the end.
 * Returns 1 once the stream is finished and drained, else 0.
 */
int
aspy_stream_take(aspy_request* req, int wait_ms)
{
	aspy_stream* s = req->stream;
	pthread_mutex_lock(&s->lock);
	if (wait_ms > 0 && s->count == 0 && !s->done) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += wait_ms / 1000;
		until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (s->count == 0 && !s->done) {
			if (pthread_cond_timedwait(&s->cond, &s->lock, &until) == ETIMEDOUT) break;
		}
	}
	/* Hand the chunk over by swapping buffers: no copy of the records. */
	aspy_buffer taken = s->chunk;
	uint32_t count = s->count;
	s->chunk = req->out;
	s->chunk.len = 0;
	s->count = 0;
	req->flags |= s->flags;
	bool done = s->done;
	pthread_cond_broadcast(&s->cond);  /* room again for a waiting producer */
	pthread_mutex_unlock(&s->lock);
	/* The list head goes in front: records were written without one. */
	aspy_buffer out = { NULL, 0, 0 };
	if (aspy_w_head(&out, '[', (int32_t)count) || aspy_w_raw(&out, taken.data, taken.len)) {
		aspy_buffer_destroy(&out);
		aspy_buffer_destroy(&taken);
		req->out.data = NULL;
		req->out.len = req->out.cap = 0;
		aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		return 1;
	}
	aspy_buffer_destroy(&taken);
	req->out = out;
	return done ? 1 : 0;
}

void
aspy_stream_cancel(aspy_request* req)
{
	aspy_stream* s = req->stream;
	if (!s) return;
	pthread_mutex_lock(&s->lock);
	s->cancel = true;
	s->chunk.len = 0;
	s->count = 0;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

static bool
on_query_record(const as_val* val, void* udata)
{
	aspy_request* req = udata;
	if (!val) return true;  /* end of results: aspy_bq_execute finishes the stream */
	as_record* rec = as_record_fromval(val);
	return rec ? aspy_stream_push(req, rec, true) : true;
}

/* ------------------------------------------------------------------ */
/* Names: index create/remove, truncate                                 */
/* ------------------------------------------------------------------ */

/* A tuple of up to 4 str-or-None followed by up to 3 ints. */
int
aspy_request_set_names(aspy_request* req, const char* buf, size_t len)
{
	const char* p = buf;
	as_val* parsed = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!parsed) {
		req->status = req->err.code;
		return -1;
	}
	as_list* t = as_list_fromval(parsed);
	int rc = t && as_list_size(t) == 7 ? 0 : aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed arguments");
	for (uint32_t i = 0; i < 4 && rc == 0; i++) {
		const char* s = text_of(as_list_get(t, i));
		req->args[i] = s ? strdup(s) : NULL;
	}
	for (uint32_t i = 0; i < 3 && rc == 0; i++) {
		as_integer* v = as_integer_fromval(as_list_get(t, 4 + i));
		req->iargs[i] = v ? as_integer_get(v) : 0;
	}
	as_val_destroy(parsed);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Request plumbing                                                     */
/* ------------------------------------------------------------------ */

int
aspy_request_set_batch(aerospike* as, aspy_request* req, const char* buf, size_t len)
{
	const char* p = buf;
	as_val* parsed = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!parsed) {
		req->status = req->err.code;
		return -1;
	}
	as_list* entries = as_list_fromval(parsed);
	int rc = entries ? set_batch(req, as, entries) : aspy_fail(req, AEROSPIKE_ERR_PARAM, "batch entries must be a list");
	as_val_destroy(parsed);
	return rc;
}

int
aspy_request_set_query(aspy_request* req, const char* buf, size_t len, uint32_t queue_limit)
{
	const char* p = buf;
	as_val* parsed = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!parsed) {
		req->status = req->err.code;
		return -1;
	}
	as_list* q = as_list_fromval(parsed);
	int rc = q ? set_query(req, q, queue_limit) : aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed query");
	as_val_destroy(parsed);
	return rc;
}

void
aspy_bq_clear(aspy_request* req)
{
	aspy_retry_clear(req);  /* its retry batches point into the batch */
	if (req->batch) {
		batch_destroy(req->batch);
		req->batch = NULL;
	}
	if (req->has_query) {
		as_query_destroy(&req->query);
		req->has_query = false;
	}
	free(req->partitions);
	req->partitions = NULL;
	if (req->stream) {
		stream_free(req->stream);
		req->stream = NULL;
	}
	req->stream_final = false;
	for (int i = 0; i < 4; i++) {
		free(req->args[i]);
		req->args[i] = NULL;
	}
}

void
aspy_bq_policy_defaults(aerospike* as, aspy_request* req)
{
	as_policies* p = &as->config.policies;
	switch (req->kind) {
	case ASPY_CMD_BATCH:
		as_policy_batch_copy(req->flags & ASPY_FLAG_BATCH_WRITE ? &p->batch_parent_write : &p->batch,
				&req->policy.batch);
		break;
	case ASPY_CMD_QUERY:
		as_policy_query_copy(&p->query, &req->policy.query);
		break;
	case ASPY_CMD_INDEX_CREATE: case ASPY_CMD_INDEX_REMOVE: case ASPY_CMD_TRUNCATE:
		as_policy_info_copy(&p->info, &req->policy.info);
		break;
	default:
		aspy_udf_policy_defaults(as, req);
		break;
	}
	req->has_policy = true;
}

#define POLICY(member) (req->has_policy ? &req->policy.member : NULL)

static int
run_query(aerospike* as, aspy_request* req)
{
	as_status status = req->partitions
		? aerospike_query_partitions(as, &req->err, POLICY(query), &req->query, req->partitions,
				on_query_record, req)
		: aerospike_query_foreach(as, &req->err, POLICY(query), &req->query, on_query_record, req);
	if (status == AEROSPIKE_ERR_CLIENT_ABORT && req->stream->cancel && req->err.code == AEROSPIKE_ERR_CLIENT_ABORT) {
		as_error_reset(&req->err);  /* stopped by the consumer: not an error */
	}
	aspy_stream_finish(req, NULL, NULL);
	return req->err.code == AEROSPIKE_OK ? 0 : -1;
}

static int
run_index_create(aerospike* as, aspy_request* req)
{
	as_index_task task;
	as_status status = req->filter
		? aerospike_index_create_exp(as, &req->err, &task, POLICY(info), req->args[0], req->args[1],
				req->args[3], (as_index_type)req->iargs[0], (as_index_datatype)req->iargs[1], req->filter)
		: aerospike_index_create_ctx(as, &req->err, &task, POLICY(info), req->args[0],
				req->args[1], req->args[2], req->args[3], (as_index_type)req->iargs[0],
				(as_index_datatype)req->iargs[1], req->has_ctx ? &req->ctx : NULL);
	if (status == AEROSPIKE_OK) {
		status = aerospike_index_create_wait(&req->err, &task, 50);
	}
	req->status = status;
	return status == AEROSPIKE_OK ? 0 : -1;
}

/* Blocking execution of the kinds this file adds (called from aspy_execute). */
int
aspy_bq_execute(aerospike* as, aspy_request* req)
{
	as_status status;
	switch (req->kind) {
	case ASPY_CMD_BATCH:
		if (req->retry) {
			aspy_retry_start(as, req);
		}
		status = req->flags & ASPY_FLAG_BATCH_WRITE
			? aerospike_batch_write(as, &req->err, POLICY(batch), req->batch)
			: aerospike_batch_read(as, &req->err, POLICY(batch), req->batch);
		if (req->retry) {
			status = aspy_retry_run(as, req, POLICY(batch), status);
		}
		return aspy_batch_complete(req, status);
	case ASPY_CMD_QUERY:
		return run_query(as, req);
	case ASPY_CMD_INDEX_CREATE:
		return run_index_create(as, req);
	case ASPY_CMD_INDEX_REMOVE:
		status = aerospike_index_remove(as, &req->err, POLICY(info), req->args[0], req->args[3]);
		break;
	case ASPY_CMD_TRUNCATE:
		status = aerospike_truncate(as, &req->err, (as_policy_info*)POLICY(info), req->args[0], req->args[1],
				(uint64_t)req->iargs[2]);
		break;
	default:
		return aspy_udf_execute(as, req);
	}
	req->status = status;
	return status == AEROSPIKE_OK ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Event-loop forms                                                     */
/* ------------------------------------------------------------------ */

/* Completes an event-loop batch: its results (or `err`) to the completion queue. */
void
aspy_batch_finish_async(aspy_request* req, as_error* err)
{
	if (err) {
		as_error_copy(&req->err, err);
	}
	if (aspy_batch_complete(req, err ? err->code : AEROSPIKE_OK)) {
		req->ticket |= ASPY_TICKET_FAILED;  /* the drain reports it without reading the request */
	}
	aspy_cq_push(req->cq, req);
}

static void
on_batch(as_error* err, as_batch_records* records, void* udata, as_event_loop* loop)
{
	aspy_request* req = udata;
	if (req->retry) {
		aspy_retry_continue(req, err, loop);
	}
	else {
		aspy_batch_finish_async(req, err);
	}
}

/*
 * Never returns false: once a listener refuses a record the C client stops
 * notifying, so nothing would say when it is done with the request.  A
 * cancelled stream drops records instead, and the request is released when
 * the final call arrives.
 */
static bool
on_query_record_async(as_error* err, as_record* rec, void* udata, as_event_loop* loop)
{
	aspy_request* req = udata;
	if (err || !rec) {
		aspy_stream_finish(req, err, req->cq);  /* the last touch of the request */
	}
	else {
		aspy_stream_push(req, rec, false);
		aspy_cq_push(req->cq, req);  /* safe: not done, so Python keeps the request */
	}
	return true;
}

int
aspy_bq_execute_async(aerospike* as, aspy_request* req)
{
	as_status status;
	switch (req->kind) {
	case ASPY_CMD_BATCH:
		if (req->retry) {
			aspy_retry_start(as, req);
		}
		status = req->flags & ASPY_FLAG_BATCH_WRITE
			? aerospike_batch_write_async(as, &req->err, POLICY(batch), req->batch, on_batch, req, NULL)
			: aerospike_batch_read_async(as, &req->err, POLICY(batch), req->batch, on_batch, req, NULL);
		break;
	case ASPY_CMD_QUERY:
		status = req->partitions
			? aerospike_query_partitions_async(as, &req->err, POLICY(query), &req->query, req->partitions,
					on_query_record_async, req, NULL)
			: aerospike_query_async(as, &req->err, POLICY(query), &req->query, on_query_record_async, req, NULL);
		break;
	default:
		return aspy_udf_execute_async(as, req);
	}
	if (status != AEROSPIKE_OK) {
		req->status = status;
		return -1;
	}
	return 0;
}
