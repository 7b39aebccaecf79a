/*
 * List, map, bit and HLL operations: one marshal entry in, one C client
 * as_operations_* call out.
 *
 * An entry is [code, bin, args] where args is the list
 * [ctx, policy, a0, a1, ...] built by aerospike_py/_ops.py, in the order the
 * C function takes them (the Python side has already checked every type, the
 * checks here only keep a malformed entry from crashing).  ctx is None or a
 * list of [kind, value] pairs, kind being the wire context type with its
 * create flags (as_cdt_ctx_item.type).
 *
 * Ownership: the parsed entry is destroyed by the caller, so every as_val
 * handed to the C client (which consumes one reference) is reserved first;
 * the context is built per operation and destroyed right after the C client
 * has packed it into the operation.
 */
#include "aspy.h"
#include <aerospike/as_list_operations.h>
#include <aerospike/as_map_operations.h>
#include <aerospike/as_bit_operations.h>
#include <aerospike/as_hll_operations.h>

as_val* aspy_read_val(const char** p, const char* end, as_error* err, const char* where);

/* Operation codes: must match aerospike_py/{list,map,bit,hll}_operations.py. */
enum {
	ASPY_L_APPEND = 1001, ASPY_L_APPEND_ITEMS, ASPY_L_INSERT, ASPY_L_INSERT_ITEMS, ASPY_L_POP, ASPY_L_POP_RANGE, ASPY_L_REMOVE,
	ASPY_L_REMOVE_RANGE, ASPY_L_SET, ASPY_L_TRIM, ASPY_L_CLEAR, ASPY_L_SIZE, ASPY_L_GET, ASPY_L_GET_RANGE, ASPY_L_GET_BY_VALUE,
	ASPY_L_GET_BY_INDEX, ASPY_L_GET_BY_INDEX_RANGE, ASPY_L_GET_BY_RANK, ASPY_L_GET_BY_RANK_RANGE, ASPY_L_GET_BY_VALUE_LIST,
	ASPY_L_GET_BY_VALUE_RANGE, ASPY_L_REMOVE_BY_VALUE, ASPY_L_REMOVE_BY_VALUE_LIST, ASPY_L_REMOVE_BY_VALUE_RANGE,
	ASPY_L_REMOVE_BY_INDEX, ASPY_L_REMOVE_BY_INDEX_RANGE, ASPY_L_REMOVE_BY_RANK, ASPY_L_REMOVE_BY_RANK_RANGE,
	ASPY_L_INCREMENT, ASPY_L_SORT, ASPY_L_SET_ORDER,
	ASPY_M_SET_ORDER = 2001, ASPY_M_PUT, ASPY_M_PUT_ITEMS, ASPY_M_INCREMENT, ASPY_M_DECREMENT, ASPY_M_CLEAR, ASPY_M_REMOVE_BY_KEY,
	ASPY_M_REMOVE_BY_KEY_LIST, ASPY_M_REMOVE_BY_KEY_RANGE, ASPY_M_REMOVE_BY_VALUE, ASPY_M_REMOVE_BY_VALUE_LIST,
	ASPY_M_REMOVE_BY_VALUE_RANGE, ASPY_M_REMOVE_BY_INDEX, ASPY_M_REMOVE_BY_INDEX_RANGE, ASPY_M_REMOVE_BY_RANK,
	ASPY_M_REMOVE_BY_RANK_RANGE, ASPY_M_SIZE, ASPY_M_GET_BY_KEY, ASPY_M_GET_BY_KEY_RANGE, ASPY_M_GET_BY_VALUE,
	ASPY_M_GET_BY_VALUE_RANGE, ASPY_M_GET_BY_INDEX, ASPY_M_GET_BY_INDEX_RANGE, ASPY_M_GET_BY_RANK, ASPY_M_GET_BY_RANK_RANGE,
	ASPY_M_GET_BY_KEY_LIST, ASPY_M_GET_BY_VALUE_LIST,
	ASPY_H_INIT = 3001, ASPY_H_ADD, ASPY_H_GET_COUNT, ASPY_H_GET_UNION, ASPY_H_GET_UNION_COUNT, ASPY_H_GET_INTERSECT_COUNT,
	ASPY_H_GET_SIMILARITY, ASPY_H_DESCRIBE, ASPY_H_FOLD, ASPY_H_SET_UNION,
	ASPY_B_RESIZE = 4001, ASPY_B_INSERT, ASPY_B_REMOVE, ASPY_B_SET, ASPY_B_OR, ASPY_B_XOR, ASPY_B_AND, ASPY_B_NOT, ASPY_B_LSHIFT, ASPY_B_RSHIFT,
	ASPY_B_ADD, ASPY_B_SUBTRACT, ASPY_B_SET_INT,
	ASPY_B_GET = 4050, ASPY_B_COUNT, ASPY_B_LSCAN, ASPY_B_RSCAN, ASPY_B_GET_INT,
	/* Relative ranges, create and policy operations. */
	ASPY_L_GET_BY_VALUE_REL_RANK_RANGE = 1101, ASPY_L_REMOVE_BY_VALUE_REL_RANK_RANGE, ASPY_L_CREATE,
	ASPY_M_GET_BY_KEY_REL_INDEX_RANGE = 2101, ASPY_M_REMOVE_BY_KEY_REL_INDEX_RANGE, ASPY_M_GET_BY_VALUE_REL_RANK_RANGE,
	ASPY_M_REMOVE_BY_VALUE_REL_RANK_RANGE, ASPY_M_CREATE, ASPY_M_SET_POLICY,
	ASPY_H_REFRESH_COUNT = 3101,
	/* Path operations (aerospike_py/path_operations.py). */
	ASPY_P_SELECT_BY_PATH = 6001, ASPY_P_MODIFY_BY_PATH,
};

/* A private as_exp holding compiled expression bytes; the caller frees it. */
static as_exp*
exp_from_bytes(as_bytes* wire)
{
	uint32_t len = as_bytes_size(wire);
	as_exp* e = malloc(sizeof(as_exp) + len);
	if (e) {
		e->packed_sz = len;
		memcpy(e->packed, as_bytes_get(wire), len);
	}
	return e;
}

/* Builds `ctx` from a list of [kind, value] pairs; the caller destroys it (also on failure). */
int
aspy_ctx_from_list(as_list* items, as_cdt_ctx* ctx, as_error* err)
{
	uint32_t n = as_list_size(items);
	as_cdt_ctx_init(ctx, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		as_list* pair = as_list_fromval(as_list_get(items, i));
		as_integer* kind = pair && as_list_size(pair) == 2 ? as_integer_fromval(as_list_get(pair, 0)) : NULL;
		if (!kind) {
			return as_error_update(err, AEROSPIKE_ERR_PARAM, "ctx item %u must be a (kind, value) pair", i);
		}
		as_cdt_ctx_item item;
		item.type = (uint32_t)as_integer_get(kind);
		as_val* value = as_list_get(pair, 1);
		if ((item.type & ~AS_CDT_CTX_AND) == AS_CDT_CTX_EXP) {
			/* every child (nil) or compiled filter bytes; the ctx keeps its own copy */
			if (item.type == AS_CDT_CTX_EXP && as_val_type(value) == AS_NIL) {
				as_cdt_ctx_add_all_children(ctx);
				continue;
			}
			as_bytes* wire = as_bytes_fromval(value);
			as_exp* e = wire && as_bytes_size(wire) ? exp_from_bytes(wire) : NULL;
			if (!e) return as_error_update(err, AEROSPIKE_ERR_PARAM, "ctx item %u needs a filter expression", i);
			if (item.type == AS_CDT_CTX_EXP) as_cdt_ctx_add_all_children_with_filter(ctx, e);
			else as_cdt_ctx_add_and_filter(ctx, e);
			free(e);
			continue;
		}
		if (item.type == AS_CDT_CTX_MAP_KEYS_IN) {
			as_list* keys = as_list_fromval(value);
			if (!keys) return as_error_update(err, AEROSPIKE_ERR_PARAM, "ctx item %u needs a list of keys", i);
			as_val_reserve(value);   /* as_cdt_ctx_destroy() releases it */
			as_cdt_ctx_add_map_keys_in(ctx, keys);
			continue;
		}
		switch (item.type & 0x3f) {
		case AS_CDT_CTX_LIST_INDEX: case AS_CDT_CTX_LIST_RANK: case AS_CDT_CTX_MAP_INDEX: case AS_CDT_CTX_MAP_RANK: {
			as_integer* iv = as_integer_fromval(value);
			if (!iv) return as_error_update(err, AEROSPIKE_ERR_PARAM, "ctx item %u needs an int", i);
			item.val.ival = as_integer_get(iv);
			break;
		}
		case AS_CDT_CTX_LIST_VALUE: case AS_CDT_CTX_MAP_KEY: case AS_CDT_CTX_MAP_VALUE:
			as_val_reserve(value);   /* as_cdt_ctx_destroy() releases it */
			item.val.pval = value;
			break;
		default:
			return as_error_update(err, AEROSPIKE_ERR_PARAM, "ctx item %u has unknown kind %u", i, item.type);
		}
		as_vector_append(&ctx->list, &item);
	}
	return 0;
}

/* Argument accessors: position i of the args list (0 = ctx, 1 = policy). */
typedef struct {
	as_list* args;
	bool bad;
} args_t;

static int64_t
arg_int(args_t* a, uint32_t i)
{
	as_val* v = as_list_get(a->args, i);
	if (v && as_val_type(v) == AS_INTEGER) return as_integer_get((as_integer*)v);
	if (v && as_val_type(v) == AS_BOOLEAN) return as_boolean_get((as_boolean*)v);
	a->bad = true;
	return 0;
}

static bool
arg_is_nil(args_t* a, uint32_t i)
{
	as_val* v = as_list_get(a->args, i);
	return !v || as_val_type(v) == AS_NIL;
}

/* A value for the C client to consume (NULL for None when `nil_is_null`). */
static as_val*
arg_val(args_t* a, uint32_t i, bool nil_is_null)
{
	as_val* v = as_list_get(a->args, i);
	if (!v) {
		a->bad = true;
		return NULL;
	}
	if (nil_is_null && as_val_type(v) == AS_NIL) return NULL;
	as_val_reserve(v);
	return v;
}

static as_list*
arg_list(args_t* a, uint32_t i)
{
	as_list* v = as_list_fromval(as_list_get(a->args, i));
	if (!v) {
		a->bad = true;
		return NULL;
	}
	as_val_reserve((as_val*)v);
	return v;
}

static as_bytes*
arg_bytes(args_t* a, uint32_t i)
{
	as_bytes* v = as_bytes_fromval(as_list_get(a->args, i));
	if (!v) a->bad = true;
	return v;
}

/* Releases values reserved for a C call that never ran. */
static void
drop(as_val* v)
{
	if (v) as_val_destroy(v);
}

#define RT(i) ((as_list_return_type)arg_int(&a, (i)))
#define MRT(i) ((as_map_return_type)arg_int(&a, (i)))
#define I(i) arg_int(&a, (i))
#define CNT_OR_END(i) (arg_is_nil(&a, (i)))

static int
add_list(as_operations* ops, const char* bin, as_cdt_ctx* ctx, int code, args_t* pa, bool* done)
{
	args_t a = *pa;
	as_list_policy lp, *pol = NULL;
	if (!arg_is_nil(&a, 1)) {
		as_list* p = as_list_fromval(as_list_get(a.args, 1));
		if (!p || as_list_size(p) != 2) { pa->bad = true; return 0; }
		args_t pp = { p, false };
		as_list_policy_set(&lp, (as_list_order)arg_int(&pp, 0), (as_list_write_flags)arg_int(&pp, 1));
		if (pp.bad) { pa->bad = true; return 0; }
		pol = &lp;
	}
	bool ok = false;
	*done = true;
	switch (code) {
	case ASPY_L_APPEND: { as_val* v = arg_val(&a, 2, false); if (a.bad) break;
		ok = as_operations_list_append(ops, bin, ctx, pol, v); break; }
	case ASPY_L_APPEND_ITEMS: { as_list* l = arg_list(&a, 2); if (a.bad) break;
		ok = as_operations_list_append_items(ops, bin, ctx, pol, l); break; }
	case ASPY_L_INSERT: { int64_t i = I(2); as_val* v = arg_val(&a, 3, false); if (a.bad) { drop(v); break; }
		ok = as_operations_list_insert(ops, bin, ctx, pol, i, v); break; }
	case ASPY_L_INSERT_ITEMS: { int64_t i = I(2); as_list* l = arg_list(&a, 3); if (a.bad) { drop((as_val*)l); break; }
		ok = as_operations_list_insert_items(ops, bin, ctx, pol, i, l); break; }
	case ASPY_L_INCREMENT: { int64_t i = I(2); as_val* v = arg_val(&a, 3, false); if (a.bad) { drop(v); break; }
		ok = as_operations_list_increment(ops, bin, ctx, pol, i, v); break; }
	case ASPY_L_SET: { int64_t i = I(2); as_val* v = arg_val(&a, 3, false); if (a.bad) { drop(v); break; }
		ok = as_operations_list_set(ops, bin, ctx, pol, i, v); break; }
	case ASPY_L_POP: ok = !a.bad && as_operations_list_pop(ops, bin, ctx, I(2)); break;
	case ASPY_L_POP_RANGE: ok = as_operations_list_pop_range(ops, bin, ctx, I(2), (uint64_t)I(3)); break;
	case ASPY_L_REMOVE: ok = as_operations_list_remove(ops, bin, ctx, I(2)); break;
	case ASPY_L_REMOVE_RANGE: ok = as_operations_list_remove_range(ops, bin, ctx, I(2), (uint64_t)I(3)); break;
	case ASPY_L_TRIM: ok = as_operations_list_trim(ops, bin, ctx, I(2), (uint64_t)I(3)); break;
	case ASPY_L_CLEAR: ok = as_operations_list_clear(ops, bin, ctx); break;
	case ASPY_L_SIZE: ok = as_operations_list_size(ops, bin, ctx); break;
	case ASPY_L_GET: ok = as_operations_list_get(ops, bin, ctx, I(2)); break;
	case ASPY_L_GET_RANGE: ok = as_operations_list_get_range(ops, bin, ctx, I(2), (uint64_t)I(3)); break;
	case ASPY_L_SORT: ok = as_operations_list_sort(ops, bin, ctx, (as_list_sort_flags)I(2)); break;
	case ASPY_L_SET_ORDER: ok = as_operations_list_set_order(ops, bin, ctx, (as_list_order)I(2)); break;
	case ASPY_L_GET_BY_VALUE: case ASPY_L_REMOVE_BY_VALUE: {
		as_list_return_type rt = RT(3); as_val* v = arg_val(&a, 2, false); if (a.bad) { drop(v); break; }
		ok = code == ASPY_L_GET_BY_VALUE ? as_operations_list_get_by_value(ops, bin, ctx, v, rt)
				: as_operations_list_remove_by_value(ops, bin, ctx, v, rt);
		break; }
	case ASPY_L_GET_BY_VALUE_LIST: case ASPY_L_REMOVE_BY_VALUE_LIST: {
		as_list_return_type rt = RT(3); as_list* l = arg_list(&a, 2); if (a.bad) { drop((as_val*)l); break; }
		ok = code == ASPY_L_GET_BY_VALUE_LIST ? as_operations_list_get_by_value_list(ops, bin, ctx, l, rt)
				: as_operations_list_remove_by_value_list(ops, bin, ctx, l, rt);
		break; }
	case ASPY_L_GET_BY_VALUE_RANGE: case ASPY_L_REMOVE_BY_VALUE_RANGE: {
		as_list_return_type rt = RT(4);
		as_val* b = arg_val(&a, 2, true); as_val* e = arg_val(&a, 3, true);
		if (a.bad) { drop(b); drop(e); break; }
		ok = code == ASPY_L_GET_BY_VALUE_RANGE ? as_operations_list_get_by_value_range(ops, bin, ctx, b, e, rt)
				: as_operations_list_remove_by_value_range(ops, bin, ctx, b, e, rt);
		break; }
	case ASPY_L_GET_BY_INDEX: ok = as_operations_list_get_by_index(ops, bin, ctx, I(2), RT(3)); break;
	case ASPY_L_REMOVE_BY_INDEX: ok = as_operations_list_remove_by_index(ops, bin, ctx, I(2), RT(3)); break;
	case ASPY_L_GET_BY_RANK: ok = as_operations_list_get_by_rank(ops, bin, ctx, I(2), RT(3)); break;
	case ASPY_L_REMOVE_BY_RANK: ok = as_operations_list_remove_by_rank(ops, bin, ctx, I(2), RT(3)); break;
	case ASPY_L_GET_BY_INDEX_RANGE:
		ok = CNT_OR_END(3) ? as_operations_list_get_by_index_range_to_end(ops, bin, ctx, I(2), RT(4))
				: as_operations_list_get_by_index_range(ops, bin, ctx, I(2), (uint64_t)I(3), RT(4));
		break;
	case ASPY_L_REMOVE_BY_INDEX_RANGE:
		ok = CNT_OR_END(3) ? as_operations_list_remove_by_index_range_to_end(ops, bin, ctx, I(2), RT(4))
				: as_operations_list_remove_by_index_range(ops, bin, ctx, I(2), (uint64_t)I(3), RT(4));
		break;
	case ASPY_L_GET_BY_RANK_RANGE:
		ok = CNT_OR_END(3) ? as_operations_list_get_by_rank_range_to_end(ops, bin, ctx, I(2), RT(4))
				: as_operations_list_get_by_rank_range(ops, bin, ctx, I(2), (uint64_t)I(3), RT(4));
		break;
	case ASPY_L_REMOVE_BY_RANK_RANGE:
		ok = CNT_OR_END(3) ? as_operations_list_remove_by_rank_range_to_end(ops, bin, ctx, I(2), RT(4))
				: as_operations_list_remove_by_rank_range(ops, bin, ctx, I(2), (uint64_t)I(3), RT(4));
		break;
	case ASPY_L_GET_BY_VALUE_REL_RANK_RANGE: case ASPY_L_REMOVE_BY_VALUE_REL_RANK_RANGE: {
		/* [ctx, -, value, rank, count or None, return_type] */
		int64_t rank = I(3); as_list_return_type rt = RT(5); bool to_end = CNT_OR_END(4);
		uint64_t count = to_end ? 0 : (uint64_t)I(4);
		as_val* v = arg_val(&a, 2, false); if (a.bad) { drop(v); break; }
		if (code == ASPY_L_GET_BY_VALUE_REL_RANK_RANGE) {
			ok = to_end ? as_operations_list_get_by_value_rel_rank_range_to_end(ops, bin, ctx, v, rank, rt)
					: as_operations_list_get_by_value_rel_rank_range(ops, bin, ctx, v, rank, count, rt);
		}
		else {
			ok = to_end ? as_operations_list_remove_by_value_rel_rank_range_to_end(ops, bin, ctx, v, rank, rt)
					: as_operations_list_remove_by_value_rel_rank_range(ops, bin, ctx, v, rank, count, rt);
		}
		break; }
	case ASPY_L_CREATE:   /* [ctx, -, order, pad, persist_index] */
		ok = as_operations_list_create_all(ops, bin, ctx, (as_list_order)I(2), I(3) != 0, I(4) != 0);
		break;
	default:
		*done = false;
		return 0;
	}
	pa->bad = a.bad;
	return ok ? 0 : -1;
}

static int
add_map(as_operations* ops, const char* bin, as_cdt_ctx* ctx, int code, args_t* pa, bool* done)
{
	args_t a = *pa;
	as_map_policy mp, *pol = &mp;
	as_map_policy_init(&mp);   /* map increment/decrement read the policy: never NULL */
	if (!arg_is_nil(&a, 1)) {
		as_list* p = as_list_fromval(as_list_get(a.args, 1));
		if (!p || as_list_size(p) != 2) { pa->bad = true; return 0; }
		args_t pp = { p, false };
		as_map_policy_set_flags(&mp, (as_map_order)arg_int(&pp, 0), (uint32_t)arg_int(&pp, 1));
		if (pp.bad) { pa->bad = true; return 0; }
		pol = &mp;
	}
	bool ok = false;
	*done = true;
	switch (code) {
	case ASPY_M_SET_ORDER: {
		as_map_policy order;
		as_map_policy_set(&order, (as_map_order)I(2), AS_MAP_UPDATE);
		ok = as_operations_map_set_policy(ops, bin, ctx, &order);
		break; }
	case ASPY_M_PUT: case ASPY_M_INCREMENT: case ASPY_M_DECREMENT: {
		as_val* k = arg_val(&a, 2, false); as_val* v = arg_val(&a, 3, false);
		if (a.bad) { drop(k); drop(v); break; }
		ok = code == ASPY_M_PUT ? as_operations_map_put(ops, bin, ctx, pol, k, v)
				: code == ASPY_M_INCREMENT ? as_operations_map_increment(ops, bin, ctx, pol, k, v)
				: as_operations_map_decrement(ops, bin, ctx, pol, k, v);
		break; }
	case ASPY_M_PUT_ITEMS: {
		as_map* m = as_map_fromval(as_list_get(a.args, 2));
		if (!m) { a.bad = true; break; }
		as_val_reserve((as_val*)m);
		ok = as_operations_map_put_items(ops, bin, ctx, pol, m);
		break; }
	case ASPY_M_CLEAR: ok = as_operations_map_clear(ops, bin, ctx); break;
	case ASPY_M_SIZE: ok = as_operations_map_size(ops, bin, ctx); break;
	case ASPY_M_REMOVE_BY_KEY: case ASPY_M_GET_BY_KEY: case ASPY_M_REMOVE_BY_VALUE: case ASPY_M_GET_BY_VALUE: {
		as_map_return_type rt = MRT(3); as_val* v = arg_val(&a, 2, false); if (a.bad) { drop(v); break; }
		ok = code == ASPY_M_REMOVE_BY_KEY ? as_operations_map_remove_by_key(ops, bin, ctx, v, rt)
				: code == ASPY_M_GET_BY_KEY ? as_operations_map_get_by_key(ops, bin, ctx, v, rt)
				: code == ASPY_M_REMOVE_BY_VALUE ? as_operations_map_remove_by_value(ops, bin, ctx, v, rt)
				: as_operations_map_get_by_value(ops, bin, ctx, v, rt);
		break; }
	case ASPY_M_REMOVE_BY_KEY_LIST: case ASPY_M_GET_BY_KEY_LIST: case ASPY_M_REMOVE_BY_VALUE_LIST: case ASPY_M_GET_BY_VALUE_LIST: {
		as_map_return_type rt = MRT(3); as_list* l = arg_list(&a, 2); if (a.bad) { drop((as_val*)l); break; }
		ok = code == ASPY_M_REMOVE_BY_KEY_LIST ? as_operations_map_remove_by_key_list(ops, bin, ctx, l, rt)
				: code == ASPY_M_GET_BY_KEY_LIST ? as_operations_map_get_by_key_list(ops, bin, ctx, l, rt)
				: code == ASPY_M_REMOVE_BY_VALUE_LIST ? as_operations_map_remove_by_value_list(ops, bin, ctx, l, rt)
				: as_operations_map_get_by_value_list(ops, bin, ctx, l, rt);
		break; }
	case ASPY_M_REMOVE_BY_KEY_RANGE: case ASPY_M_GET_BY_KEY_RANGE: case ASPY_M_REMOVE_BY_VALUE_RANGE: case ASPY_M_GET_BY_VALUE_RANGE: {
		as_map_return_type rt = MRT(4);
		as_val* b = arg_val(&a, 2, true); as_val* e = arg_val(&a, 3, true);
		if (a.bad) { drop(b); drop(e); break; }
		ok = code == ASPY_M_REMOVE_BY_KEY_RANGE ? as_operations_map_remove_by_key_range(ops, bin, ctx, b, e, rt)
				: code == ASPY_M_GET_BY_KEY_RANGE ? as_operations_map_get_by_key_range(ops, bin, ctx, b, e, rt)
				: code == ASPY_M_REMOVE_BY_VALUE_RANGE ? as_operations_map_remove_by_value_range(ops, bin, ctx, b, e, rt)
				: as_operations_map_get_by_value_range(ops, bin, ctx, b, e, rt);
		break; }
	case ASPY_M_REMOVE_BY_INDEX: ok = as_operations_map_remove_by_index(ops, bin, ctx, I(2), MRT(3)); break;
	case ASPY_M_GET_BY_INDEX: ok = as_operations_map_get_by_index(ops, bin, ctx, I(2), MRT(3)); break;
	case ASPY_M_REMOVE_BY_RANK: ok = as_operations_map_remove_by_rank(ops, bin, ctx, I(2), MRT(3)); break;
	case ASPY_M_GET_BY_RANK: ok = as_operations_map_get_by_rank(ops, bin, ctx, I(2), MRT(3)); break;
	case ASPY_M_REMOVE_BY_INDEX_RANGE:
		ok = CNT_OR_END(3) ? as_operations_map_remove_by_index_range_to_end(ops, bin, ctx, I(2), MRT(4))
				: as_operations_map_remove_by_index_range(ops, bin, ctx, I(2), (uint64_t)I(3), MRT(4));
		break;
	case ASPY_M_GET_BY_INDEX_RANGE:
		ok = CNT_OR_END(3) ? as_operations_map_get_by_index_range_to_end(ops, bin, ctx, I(2), MRT(4))
				: as_operations_map_get_by_index_range(ops, bin, ctx, I(2), (uint64_t)I(3), MRT(4));
		break;
	case ASPY_M_REMOVE_BY_RANK_RANGE:
		ok = CNT_OR_END(3) ? as_operations_map_remove_by_rank_range_to_end(ops, bin, ctx, I(2), MRT(4))
				: as_operations_map_remove_by_rank_range(ops, bin, ctx, I(2), (uint64_t)I(3), MRT(4));
		break;
	case ASPY_M_GET_BY_RANK_RANGE:
		ok = CNT_OR_END(3) ? as_operations_map_get_by_rank_range_to_end(ops, bin, ctx, I(2), MRT(4))
				: as_operations_map_get_by_rank_range(ops, bin, ctx, I(2), (uint64_t)I(3), MRT(4));
		break;
	case ASPY_M_GET_BY_KEY_REL_INDEX_RANGE: case ASPY_M_REMOVE_BY_KEY_REL_INDEX_RANGE:
	case ASPY_M_GET_BY_VALUE_REL_RANK_RANGE: case ASPY_M_REMOVE_BY_VALUE_REL_RANK_RANGE: {
		/* [ctx, -, key or value, index or rank, count or None, return_type] */
		int64_t at = I(3); as_map_return_type rt = MRT(5); bool to_end = CNT_OR_END(4);
		uint64_t n = to_end ? 0 : (uint64_t)I(4);
		as_val* v = arg_val(&a, 2, false); if (a.bad) { drop(v); break; }
		switch (code) {
		case ASPY_M_GET_BY_KEY_REL_INDEX_RANGE:
			ok = to_end ? as_operations_map_get_by_key_rel_index_range_to_end(ops, bin, ctx, v, at, rt)
					: as_operations_map_get_by_key_rel_index_range(ops, bin, ctx, v, at, n, rt);
			break;
		case ASPY_M_REMOVE_BY_KEY_REL_INDEX_RANGE:
			ok = to_end ? as_operations_map_remove_by_key_rel_index_range_to_end(ops, bin, ctx, v, at, rt)
					: as_operations_map_remove_by_key_rel_index_range(ops, bin, ctx, v, at, n, rt);
			break;
		case ASPY_M_GET_BY_VALUE_REL_RANK_RANGE:
			ok = to_end ? as_operations_map_get_by_value_rel_rank_range_to_end(ops, bin, ctx, v, at, rt)
					: as_operations_map_get_by_value_rel_rank_range(ops, bin, ctx, v, at, n, rt);
			break;
		default:
			ok = to_end ? as_operations_map_remove_by_value_rel_rank_range_to_end(ops, bin, ctx, v, at, rt)
					: as_operations_map_remove_by_value_rel_rank_range(ops, bin, ctx, v, at, n, rt);
			break;
		}
		break; }
	case ASPY_M_CREATE:   /* [ctx, -, order, persist_index] */
		ok = as_operations_map_create_all(ops, bin, ctx, (as_map_order)I(2), I(3) != 0);
		break;
	case ASPY_M_SET_POLICY: {   /* [ctx, -, order, persist_index] */
		as_map_policy given;
		as_map_policy_set_all(&given, (as_map_order)I(2), AS_MAP_WRITE_DEFAULT, I(3) != 0);
		ok = as_operations_map_set_policy(ops, bin, ctx, &given);
		break; }
	default:
		*done = false;
		return 0;
	}
	pa->bad = a.bad;
	return ok ? 0 : -1;
}

static int
add_bit(as_operations* ops, const char* bin, as_cdt_ctx* ctx, int code, args_t* pa, bool* done)
{
	args_t a = *pa;
	as_bit_policy bp, *pol = &bp;
	as_bit_policy_init(&bp);   /* some C functions read the policy even when NULL is allowed */
	if (!arg_is_nil(&a, 1)) {
		as_bit_policy_set_write_flags(&bp, (as_bit_write_flags)I(1));
		pol = &bp;
	}
	bool ok = false;
	*done = true;
	switch (code) {
	case ASPY_B_RESIZE: ok = as_operations_bit_resize(ops, bin, ctx, pol, (uint32_t)I(2), (as_bit_resize_flags)I(3)); break;
	case ASPY_B_INSERT: {
		as_bytes* v = arg_bytes(&a, 3); if (a.bad) break;
		ok = as_operations_bit_insert(ops, bin, ctx, pol, (int)I(2), v->size, v->value);
		break; }
	case ASPY_B_REMOVE: ok = as_operations_bit_remove(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3)); break;
	case ASPY_B_SET: case ASPY_B_OR: case ASPY_B_XOR: case ASPY_B_AND: {
		as_bytes* v = arg_bytes(&a, 4); if (a.bad) break;
		int off = (int)I(2); uint32_t size = (uint32_t)I(3);
		ok = code == ASPY_B_SET ? as_operations_bit_set(ops, bin, ctx, pol, off, size, v->size, v->value)
				: code == ASPY_B_OR ? as_operations_bit_or(ops, bin, ctx, pol, off, size, v->size, v->value)
				: code == ASPY_B_XOR ? as_operations_bit_xor(ops, bin, ctx, pol, off, size, v->size, v->value)
				: as_operations_bit_and(ops, bin, ctx, pol, off, size, v->size, v->value);
		break; }
	case ASPY_B_NOT: ok = as_operations_bit_not(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3)); break;
	case ASPY_B_LSHIFT: ok = as_operations_bit_lshift(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3), (uint32_t)I(4)); break;
	case ASPY_B_RSHIFT: ok = as_operations_bit_rshift(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3), (uint32_t)I(4)); break;
	case ASPY_B_ADD: ok = as_operations_bit_add(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3), (uint64_t)I(4), I(5) != 0,
			(as_bit_overflow_action)I(6)); break;
	case ASPY_B_SUBTRACT: ok = as_operations_bit_subtract(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3), (uint64_t)I(4),
			I(5) != 0, (as_bit_overflow_action)I(6)); break;
	case ASPY_B_SET_INT: ok = as_operations_bit_set_int(ops, bin, ctx, pol, (int)I(2), (uint32_t)I(3), I(4)); break;
	case ASPY_B_GET: ok = as_operations_bit_get(ops, bin, ctx, (int)I(2), (uint32_t)I(3)); break;
	case ASPY_B_COUNT: ok = as_operations_bit_count(ops, bin, ctx, (int)I(2), (uint32_t)I(3)); break;
	case ASPY_B_LSCAN: ok = as_operations_bit_lscan(ops, bin, ctx, (int)I(2), (uint32_t)I(3), I(4) != 0); break;
	case ASPY_B_RSCAN: ok = as_operations_bit_rscan(ops, bin, ctx, (int)I(2), (uint32_t)I(3), I(4) != 0); break;
	case ASPY_B_GET_INT: ok = as_operations_bit_get_int(ops, bin, ctx, (int)I(2), (uint32_t)I(3), I(4) != 0); break;
	default:
		*done = false;
		return 0;
	}
	pa->bad = a.bad;
	return ok ? 0 : -1;
}

static int
add_hll(as_operations* ops, const char* bin, as_cdt_ctx* ctx, int code, args_t* pa, bool* done)
{
	args_t a = *pa;
	as_hll_policy hp, *pol = &hp;
	as_hll_policy_init(&hp);   /* some C functions read the policy even when NULL is allowed */
	if (!arg_is_nil(&a, 1)) {
		as_hll_policy_set_write_flags(&hp, (as_hll_write_flags)I(1));
		pol = &hp;
	}
	bool ok = false;
	*done = true;
	switch (code) {
	case ASPY_H_INIT: ok = as_operations_hll_init_mh(ops, bin, ctx, pol, (int)I(2), (int)I(3)); break;
	case ASPY_H_ADD: {
		int ibits = (int)I(3), mbits = (int)I(4);
		as_list* l = arg_list(&a, 2); if (a.bad) { drop((as_val*)l); break; }
		ok = ibits < 0 ? as_operations_hll_update(ops, bin, ctx, pol, l)
				: as_operations_hll_add_mh(ops, bin, ctx, pol, l, ibits, mbits);
		break; }
	case ASPY_H_SET_UNION: { as_list* l = arg_list(&a, 2); if (a.bad) break;
		ok = as_operations_hll_set_union(ops, bin, ctx, pol, l); break; }
	case ASPY_H_GET_COUNT: ok = as_operations_hll_get_count(ops, bin, ctx); break;
	case ASPY_H_DESCRIBE: ok = as_operations_hll_describe(ops, bin, ctx); break;
	case ASPY_H_FOLD: ok = as_operations_hll_fold(ops, bin, ctx, (int)I(2)); break;
	case ASPY_H_REFRESH_COUNT: ok = as_operations_hll_refresh_count(ops, bin, ctx); break;
	case ASPY_H_GET_UNION: case ASPY_H_GET_UNION_COUNT: case ASPY_H_GET_INTERSECT_COUNT: case ASPY_H_GET_SIMILARITY: {
		as_list* l = arg_list(&a, 2); if (a.bad) break;
		ok = code == ASPY_H_GET_UNION ? as_operations_hll_get_union(ops, bin, ctx, l)
				: code == ASPY_H_GET_UNION_COUNT ? as_operations_hll_get_union_count(ops, bin, ctx, l)
				: code == ASPY_H_GET_INTERSECT_COUNT ? as_operations_hll_get_intersect_count(ops, bin, ctx, l)
				: as_operations_hll_get_similarity(ops, bin, ctx, l);
		break; }
	default:
		*done = false;
		return 0;
	}
	pa->bad = a.bad;
	return ok ? 0 : -1;
}

/* select_by_path [ctx, -, flags] / modify_by_path [ctx, -, expression bytes, flags]. */
static int
add_path(as_operations* ops, const char* bin, as_cdt_ctx* ctx, int code, args_t* pa, bool* done)
{
	args_t a = *pa;
	as_error err;
	as_error_init(&err);
	as_status rc = AEROSPIKE_ERR_PARAM;
	*done = true;
	if (!ctx) {
		pa->bad = true;
		return -1;
	}
	if (code == ASPY_P_SELECT_BY_PATH) {
		int64_t flags = I(2);
		if (!a.bad) rc = as_operations_select_by_path(&err, ops, bin, ctx, (as_exp_path_select_flags)flags);
	}
	else if (code == ASPY_P_MODIFY_BY_PATH) {
		as_bytes* wire = arg_bytes(&a, 2);
		int64_t flags = I(3);
		as_exp* e = !a.bad && as_bytes_size(wire) ? exp_from_bytes(wire) : NULL;
		if (e) {
			rc = as_operations_modify_by_path(&err, ops, bin, ctx, e, (as_exp_path_modify_flags)flags);
			free(e);
		}
		else {
			a.bad = true;
		}
	}
	else {
		*done = false;
		return 0;
	}
	pa->bad = a.bad;
	return rc == AEROSPIKE_OK ? 0 : -1;
}

int
aspy_add_cdt_operation(aspy_request* req, as_operations* ops, int64_t code, const char* bin, as_val* value)
{
	args_t a = { as_list_fromval(value), false };
	if (!a.args || as_list_size(a.args) < 2) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "operation %lld on bin '%s': malformed arguments",
				(long long)code, bin);
	}
	/* Every str argument ends up inside a list or map, where libaerospike reads it up to a NUL. */
	if (aspy_check_nested_text(value, &req->err, bin)) {
		req->status = req->err.code;
		return -1;
	}
	as_cdt_ctx ctx_buf, *ctx = NULL;
	as_list* ctx_items = as_list_fromval(as_list_get(a.args, 0));
	if (ctx_items) {
		as_error err;
		as_error_init(&err);
		if (aspy_ctx_from_list(ctx_items, &ctx_buf, &err)) {
			as_cdt_ctx_destroy(&ctx_buf);
			return aspy_fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': %s", bin, err.message);
		}
		ctx = &ctx_buf;
	}
	else if (!arg_is_nil(&a, 0)) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "bin '%s': ctx must be a list", bin);
	}
	bool done = false;
	int rc;
	int c = (int)code;
	if (c >= 1001 && c < 2000) rc = add_list(ops, bin, ctx, c, &a, &done);
	else if (c >= 2001 && c < 3000) rc = add_map(ops, bin, ctx, c, &a, &done);
	else if (c >= 3001 && c < 4000) rc = add_hll(ops, bin, ctx, c, &a, &done);
	else if (c >= 4001 && c < 5000) rc = add_bit(ops, bin, ctx, c, &a, &done);
	else if (c >= 6001 && c < 7000) rc = add_path(ops, bin, ctx, c, &a, &done);
	else rc = 0;
	if (ctx) as_cdt_ctx_destroy(ctx);
	if (!done && !a.bad) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "unsupported operation code %lld", (long long)code);
	}
	if (a.bad) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "operation %lld on bin '%s': malformed arguments",
				(long long)code, bin);
	}
	if (rc) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "operation %lld on bin '%s' was refused", (long long)code, bin);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The request's own context: secondary-index creation and predicates   */
/* ------------------------------------------------------------------ */

void
aspy_ctx_clear(aspy_request* req)
{
	if (req->has_ctx) {
		as_cdt_ctx_destroy(&req->ctx);
		req->has_ctx = false;
	}
}

int
aspy_request_ctx_from_list(aspy_request* req, as_list* items)
{
	aspy_ctx_clear(req);
	as_error err;
	as_error_init(&err);
	if (aspy_ctx_from_list(items, &req->ctx, &err)) {
		as_cdt_ctx_destroy(&req->ctx);
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "ctx: %s", err.message);
	}
	req->has_ctx = true;
	return 0;
}

/* A marshal list of [kind, value] pairs as the request's context. */
int
aspy_request_set_ctx(aspy_request* req, const char* buf, size_t len)
{
	const char* p = buf;
	as_val* parsed = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!parsed) {
		req->status = req->err.code;
		return -1;
	}
	as_list* items = as_list_fromval(parsed);
	int rc = items ? aspy_request_ctx_from_list(req, items) : aspy_fail(req, AEROSPIKE_ERR_PARAM, "ctx must be a list");
	as_val_destroy(parsed);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Results                                                              */
/* ------------------------------------------------------------------ */

/*
 * A record's bins as a marshal dict where a bin named by several results
 * (several operations on one bin) maps to the list of them, in order.
 * Used for batch operate with list/map/bit/HLL operations.
 */
int
aspy_write_grouped_bins(aspy_buffer* out, const as_bins* bins, uint32_t* flags)
{
	if (aspy_w_raw(out, "{", 1)) return -1;
	for (uint16_t i = 0; i < bins->size; i++) {
		const char* name = bins->entries[i].name;
		bool seen = false;
		for (uint16_t j = 0; j < i && !seen; j++) {
			seen = strcmp(bins->entries[j].name, name) == 0;
		}
		if (seen) continue;
		int32_t count = 0;
		for (uint16_t j = i; j < bins->size; j++) {
			count += strcmp(bins->entries[j].name, name) == 0;
		}
		if (aspy_w_text(out, name, strlen(name))) return -1;
		if (count > 1 && aspy_w_head(out, '[', count)) return -1;
		for (uint16_t j = i; j < bins->size; j++) {
			if (strcmp(bins->entries[j].name, name) == 0 &&
					aspy_write_val(out, (as_val*)bins->entries[j].valuep, flags)) {
				return -1;
			}
		}
	}
	return aspy_w_raw(out, "0", 1);
}
