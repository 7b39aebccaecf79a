/*
 * Filter expressions and expression operations.
 *
 * Expressions are compiled to the server's wire bytes once, in Python
 * (aerospike_py/_exp_compile.py); here they only become an as_exp: a
 * request's filter is a private copy that the request frees exactly once
 * (aspy_exp_clear, from request_clear), and an expression operation's bytes
 * are copied into the operation by as_operations_exp_read/write.
 */
#include "aspy.h"
#include <aerospike/as_exp_operations.h>

static as_exp*
exp_copy(const char* buf, size_t len)
{
	as_exp* e = malloc(sizeof(as_exp) + len);
	if (e) {
		e->packed_sz = (uint32_t)len;
		memcpy(e->packed, buf, len);
	}
	return e;
}

void
aspy_exp_clear(aspy_request* req)
{
	free(req->filter);
	req->filter = NULL;
}

int
aspy_request_set_filter(aspy_request* req, const char* buf, size_t len)
{
	/* Info, index and truncate policies have no filter (and no as_policy_base). */
	bool no_base = req->kind == ASPY_CMD_INFO_ALL || req->kind == ASPY_CMD_INFO_ANY ||
			req->kind == ASPY_CMD_INDEX_CREATE || req->kind == ASPY_CMD_INDEX_REMOVE ||
			req->kind == ASPY_CMD_TRUNCATE;
	if (!req->has_policy || len == 0 || len > UINT32_MAX || no_base) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "filter_expression is not valid for this command");
	}
	as_exp* e = exp_copy(buf, len);
	if (!e) {
		return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	}
	aspy_exp_clear(req);
	req->filter = e;
	/* Every policy a filter applies to starts with its as_policy_base. */
	((as_policy_base*)&req->policy)->filter_exp = e;
	return 0;
}

/* (code, bin, [expression bytes, flags]) -> an expression read or write. */
int
aspy_add_exp_operation(aspy_request* req, as_operations* ops, int64_t code, const char* bin, as_val* value)
{
	as_list* args = as_list_fromval(value);
	if (!args || as_list_size(args) != 2) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': expression operation needs (expression, flags)", bin);
	}
	as_bytes* wire = as_bytes_fromval(as_list_get(args, 0));
	as_integer* flags = as_integer_fromval(as_list_get(args, 1));
	if (!wire || !flags || as_bytes_size(wire) == 0) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': malformed expression operation", bin);
	}
	as_exp* e = exp_copy((const char*)as_bytes_get(wire), as_bytes_size(wire));
	if (!e) {
		return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	}
	bool ok = code == ASPY_OP_EXP_READ
			? as_operations_exp_read(ops, bin, e, (as_exp_read_flags)as_integer_get(flags))
			: as_operations_exp_write(ops, bin, e, (as_exp_write_flags)as_integer_get(flags));
	free(e);
	return ok ? 0 : aspy_fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': cannot add expression operation", bin);
}

/* A per-record batch filter: compiled bytes (or None) -> an as_exp the batch record's policy owns. */
int
aspy_exp_from_val(aspy_request* req, as_val* val, as_exp** out)
{
	*out = NULL;
	if (as_val_type(val) == AS_NIL) {
		return 0;
	}
	as_bytes* wire = as_bytes_fromval(val);
	if (!wire || as_bytes_size(wire) == 0) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch record filter_expression");
	}
	*out = exp_copy((const char*)as_bytes_get(wire), as_bytes_size(wire));
	return *out ? 0 : aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
}

/* The expression of an expression index: the request owns it like a filter (never in a policy). */
int
aspy_request_set_index_exp(aspy_request* req, const char* buf, size_t len)
{
	if (req->kind != ASPY_CMD_INDEX_CREATE || len == 0 || len > UINT32_MAX) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "an index expression belongs to index creation");
	}
	as_exp* e = exp_copy(buf, len);
	if (!e) {
		return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	}
	aspy_exp_clear(req);
	req->filter = e;
	return 0;
}
