/*
 * UDFs and background jobs: record UDF calls (blocking and on the event
 * loops), batch UDF entries, UDF module management (put/remove/list/get,
 * each waiting until every node agrees), background queries and job info.
 *
 * Ownership: the request owns the module and function names (args[0],
 * args[1]), the argument list (udf_args) and the module content
 * (udf_content); aspy_udf_clear() releases them.  A batch UDF entry owns its
 * names, argument list and policy; aspy_udf_batch_entry_destroy() releases
 * them.  A background query's argument list or operations belong to the
 * query (as_query_destroy()).
 */
#include "aspy.h"

#include <aerospike/aerospike_udf.h>
#include <aerospike/as_job.h>
#include <aerospike/as_udf.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

as_val* aspy_read_val(const char** p, const char* end, as_error* err, const char* where);

static const char*
text_at(as_list* t, uint32_t i)
{
	as_string* s = as_string_fromval(as_list_get(t, i));
	return s ? as_string_get(s) : NULL;
}

static as_val*
parse(aspy_request* req, const char* buf, size_t len)
{
	const char* p = buf;
	as_val* v = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!v) req->status = req->err.code;
	return v;
}

void
aspy_udf_clear(aspy_request* req)
{
	if (req->udf_args) {
		as_list_destroy(req->udf_args);
		req->udf_args = NULL;
	}
	if (req->udf_content) {
		as_bytes_destroy(req->udf_content);
		req->udf_content = NULL;
	}
	req->job_id = 0;
}

/* The (module, function, args-list) triple shared by apply and background UDF queries. */
static int
take_call(aspy_request* req, as_list* t, uint32_t at, as_list** args)
{
	const char* module = text_at(t, at);
	const char* function = text_at(t, at + 1);
	if (!module || !*module || strlen(module) >= AS_UDF_MODULE_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "UDF module must be a str of 1 to %d bytes",
				AS_UDF_MODULE_MAX_SIZE - 1);
	}
	if (!function || !*function || strlen(function) >= AS_UDF_FUNCTION_MAX_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "UDF function must be a str of 1 to %d bytes",
				AS_UDF_FUNCTION_MAX_SIZE - 1);
	}
	as_list* list = as_list_fromval(as_list_get(t, at + 2));
	if (!list) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "UDF args must be a list");
	free(req->args[0]);
	free(req->args[1]);
	req->args[0] = strdup(module);
	req->args[1] = strdup(function);
	as_val_reserve((as_val*)list);
	*args = list;
	return 0;
}

/* (module, function, args): the key was set by aspy_request_begin_key. */
int
aspy_request_set_apply(aspy_request* req, const char* buf, size_t len)
{
	as_val* v = parse(req, buf, len);
	if (!v) return -1;
	as_list* t = as_list_fromval(v);
	int rc = t && as_list_size(t) == 3 ? take_call(req, t, 0, &req->udf_args)
		: aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed UDF call");
	as_val_destroy(v);
	return rc;
}

/* A module's file name (base name, ".lua" added when missing) and, for put, its content. */
int
aspy_request_set_udf_file(aspy_request* req, const char* name, const uint8_t* content, uint32_t len,
		bool has_content)
{
	size_t n = strlen(name);
	bool suffix = n >= 4 && strcmp(name + n - 4, ".lua") == 0;
	if (n == 0 || n + (suffix ? 0 : 4) >= AS_UDF_FILE_NAME_SIZE) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "UDF module name must be 1 to %d bytes",
				AS_UDF_FILE_NAME_SIZE - 5);
	}
	free(req->args[0]);
	req->args[0] = malloc(n + 5);
	if (!req->args[0]) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	snprintf(req->args[0], n + 5, "%s%s", name, suffix ? "" : ".lua");
	if (has_content) {
		req->udf_content = as_bytes_new(len);
		if (!req->udf_content) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		as_bytes_set(req->udf_content, 0, content, len);
		req->udf_content->size = len;
	}
	return 0;
}

/* Job info: the module ("query" or "scan") and the job id. */
int
aspy_request_set_job(aspy_request* req, const char* module, uint64_t job_id)
{
	free(req->args[0]);
	req->args[0] = strdup(module);
	req->job_id = job_id;
	return req->args[0] ? 0 : aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
}

/*
 * A background query: the query spec is set already (aspy_request_set_query);
 * adds (module, function, args) or a list of operations.
 */
int
aspy_request_set_background(aspy_request* req, const char* buf, size_t len)
{
	if (!req->has_query) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "background job needs a query");
	as_val* v = parse(req, buf, len);
	if (!v) return -1;
	as_list* t = as_list_fromval(v);
	int rc;
	if (t && as_list_size(t) == 3) {
		as_list* args = NULL;
		rc = take_call(req, t, 0, &args);
		if (rc == 0) {
			as_query_apply(&req->query, req->args[0], req->args[1], args);  /* the query owns args */
		}
	}
	else if (t && as_list_size(t) == 1 && as_list_fromval(as_list_get(t, 0))) {
		as_list* ops = as_list_fromval(as_list_get(t, 0));
		uint32_t n = as_list_size(ops);
		req->query.ops = as_operations_new((uint16_t)n);
		rc = 0;
		for (uint32_t i = 0; i < n && rc == 0; i++) {
			as_list* op = as_list_fromval(as_list_get(ops, i));
			rc = op ? aspy_add_operation(req, req->query.ops, op) : aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed operation");
		}
	}
	else {
		rc = aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed background job");
	}
	as_val_destroy(v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Batch UDF entries                                                    */
/* ------------------------------------------------------------------ */

/*
 * (APPLY, key, module, function, args, meta-or-None); meta is
 * (ttl, key, commit_level, durable_delete), each None for the client default.
 */
int
aspy_udf_batch_entry(aspy_request* req, aerospike* as, as_list* e, uint32_t index)
{
	if (as_list_size(e) != 6) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch entry %u", index);
	as_batch_apply_record* r = as_batch_apply_reserve(req->batch);
	as_list* args = NULL;
	if (take_call(req, e, 2, &args)) return -1;
	/* The entry owns its copies; the request's names are for single commands. */
	r->module = req->args[0];
	r->function = req->args[1];
	req->args[0] = req->args[1] = NULL;
	r->arglist = args;
	as_list* meta = as_list_fromval(as_list_get(e, 5));
	if (meta) {
		if (as_list_size(meta) != 4) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed batch UDF meta");
		as_policy_batch_apply* p = malloc(sizeof(as_policy_batch_apply));
		if (!p) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
		*p = as->config.policies.batch_apply;
		p->filter_exp = NULL;
		r->policy = p;
		as_integer* v;
		if ((v = as_integer_fromval(as_list_get(meta, 0)))) p->ttl = (uint32_t)as_integer_get(v);
		if ((v = as_integer_fromval(as_list_get(meta, 1)))) p->key = (as_policy_key)as_integer_get(v);
		if ((v = as_integer_fromval(as_list_get(meta, 2)))) p->commit_level = (as_policy_commit_level)as_integer_get(v);
		if ((v = as_integer_fromval(as_list_get(meta, 3)))) p->durable_delete = as_integer_get(v) != 0;
	}
	return 0;
}

void
aspy_udf_batch_entry_destroy(as_batch_apply_record* r)
{
	free((void*)r->module);
	free((void*)r->function);
	if (r->arglist) as_list_destroy(r->arglist);
	free((void*)r->policy);
}

/* ------------------------------------------------------------------ */
/* Execution                                                            */
/* ------------------------------------------------------------------ */

#define POLICY(member) (req->has_policy ? &req->policy.member : NULL)

static int
apply_complete(aspy_request* req, as_status status, const as_val* result)
{
	req->status = status;
	if (status != AEROSPIKE_OK) return -1;
	req->out.len = 0;
	int rc = result ? aspy_write_val(&req->out, result, &req->flags) : aspy_w_raw(&req->out, "N", 1);
	return rc ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory encoding UDF result") : 0;
}

static const as_policy_info*
info_policy(aerospike* as, aspy_request* req)
{
	return req->has_policy ? &req->policy.info : &as->config.policies.info;
}

/* True when `response` (an info answer) lists the module `name`. */
static bool
lists_module(const char* response, const char* name)
{
	size_t n = strlen(name);
	for (const char* p = strstr(response, "filename="); p; p = strstr(p + 1, "filename=")) {
		bool starts = p == response || p[-1] == '\t' || p[-1] == ';';
		if (starts && strncmp(p + 9, name, n) == 0 && (p[9 + n] == ',' || p[9 + n] == ';' || p[9 + n] == 0)) {
			return true;
		}
	}
	return false;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Polls udf-list on every node until each lists (or, for a removal, no
 * longer lists) the module; at most the info policy's timeout (1 s when 0).
 */
static as_status
wait_modules(aerospike* as, aspy_request* req, const char* name, bool present)
{
	const as_policy_info* policy = info_policy(as, req);
	uint32_t limit = policy->timeout ? policy->timeout : 1000;
	uint64_t deadline = now_ms() + limit;
	for (;;) {
		bool done = true;
		as_nodes* nodes = as_nodes_reserve(as->cluster);
		for (uint32_t i = 0; i < nodes->size && done; i++) {
			char* response = NULL;
			as_status status = aerospike_info_node(as, &req->err, policy, nodes->array[i], "udf-list", &response);
			if (status != AEROSPIKE_OK) {
				as_nodes_release(nodes);
				return status;
			}
			done = lists_module(response, name) == present;
			free(response);
		}
		as_nodes_release(nodes);
		if (done) return AEROSPIKE_OK;
		if (now_ms() >= deadline) {
			return as_error_update(&req->err, AEROSPIKE_ERR_TIMEOUT, "UDF module %s is %s on some node after %u ms",
					name, present ? "still missing" : "still listed", limit);
		}
		struct timespec pause = {0, 10 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
}

static int
run_udf_list(aerospike* as, aspy_request* req)
{
	as_udf_files files;
	memset(&files, 0, sizeof(files));
	as_status status = aerospike_udf_list(as, &req->err, POLICY(info), &files);
	req->status = status;
	if (status != AEROSPIKE_OK) {
		as_udf_files_destroy(&files);
		return -1;
	}
	aspy_buffer* out = &req->out;
	out->len = 0;
	int rc = aspy_w_head(out, '[', (int32_t)files.size);
	for (uint32_t i = 0; i < files.size && rc == 0; i++) {
		as_udf_file* f = &files.entries[i];
		as_integer type;
		as_integer_init(&type, f->type);
		rc = aspy_w_head(out, '(', 3) || aspy_w_text(out, f->name, strlen(f->name)) ||
				aspy_w_text(out, (const char*)f->hash, strlen((const char*)f->hash)) ||
				aspy_write_val(out, (as_val*)&type, &req->flags);
	}
	as_udf_files_destroy(&files);
	return rc ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}

static int
run_udf_get(aerospike* as, aspy_request* req)
{
	as_udf_file file;
	as_udf_file_init(&file);
	as_status status = aerospike_udf_get(as, &req->err, POLICY(info), req->args[0], AS_UDF_TYPE_LUA, &file);
	req->status = status;
	int rc = -1;
	if (status == AEROSPIKE_OK) {
		req->out.len = 0;
		rc = aspy_w_head(&req->out, 's', (int32_t)file.content.size) ||
				aspy_w_raw(&req->out, file.content.bytes, file.content.size)
			? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
	}
	as_udf_file_destroy(&file);
	return rc;
}

static int
run_job_info(aerospike* as, aspy_request* req)
{
	as_job_info info;
	memset(&info, 0, sizeof(info));
	as_status status = aerospike_job_info(as, &req->err, POLICY(info), req->args[0], req->job_id, false, &info);
	req->status = status;
	if (status != AEROSPIKE_OK) return -1;
	req->out.len = 0;
	as_integer a, b, c;
	as_integer_init(&a, info.status);
	as_integer_init(&b, info.progress_pct);
	as_integer_init(&c, (int64_t)info.records_read);
	int rc = aspy_w_head(&req->out, '(', 3) || aspy_write_val(&req->out, (as_val*)&a, &req->flags) ||
			aspy_write_val(&req->out, (as_val*)&b, &req->flags) || aspy_write_val(&req->out, (as_val*)&c, &req->flags);
	return rc ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}

static int
run_background(aerospike* as, aspy_request* req)
{
	uint64_t job_id = 0;
	as_status status = aerospike_query_background(as, &req->err, POLICY(write), &req->query, &job_id);
	req->status = status;
	if (status != AEROSPIKE_OK) return -1;
	as_integer id;
	as_integer_init(&id, (int64_t)job_id);
	req->out.len = 0;
	return aspy_write_val(&req->out, (as_val*)&id, &req->flags) ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}

void
aspy_udf_policy_defaults(aerospike* as, aspy_request* req)
{
	as_policies* p = &as->config.policies;
	switch (req->kind) {
	case ASPY_CMD_APPLY:
		as_policy_apply_copy(&p->apply, &req->policy.apply);
		break;
	case ASPY_CMD_QUERY_BACKGROUND:
		as_policy_write_copy(&p->write, &req->policy.write);
		break;
	default:
		as_policy_info_copy(&p->info, &req->policy.info);
		break;
	}
}

/* Blocking execution of the kinds this file adds. */
int
aspy_udf_execute(aerospike* as, aspy_request* req)
{
	as_status status;
	switch (req->kind) {
	case ASPY_CMD_APPLY: {
		as_val* result = NULL;
		status = aerospike_key_apply(as, &req->err, POLICY(apply), &req->key, req->args[0], req->args[1],
				req->udf_args, &result);
		int rc = apply_complete(req, status, result);
		if (result) as_val_destroy(result);
		return rc;
	}
	case ASPY_CMD_UDF_PUT:
		status = aerospike_udf_put(as, &req->err, POLICY(info), req->args[0], AS_UDF_TYPE_LUA, req->udf_content);
		if (status == AEROSPIKE_OK) status = wait_modules(as, req, req->args[0], true);
		break;
	case ASPY_CMD_UDF_REMOVE:
		status = aerospike_udf_remove(as, &req->err, POLICY(info), req->args[0]);
		if (status == AEROSPIKE_OK) status = wait_modules(as, req, req->args[0], false);
		break;
	case ASPY_CMD_UDF_LIST:
		return run_udf_list(as, req);
	case ASPY_CMD_UDF_GET:
		return run_udf_get(as, req);
	case ASPY_CMD_JOB_INFO:
		return run_job_info(as, req);
	case ASPY_CMD_QUERY_BACKGROUND:
		return run_background(as, req);
	default:
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "unknown command %d", req->kind);
	}
	req->status = status;
	return status == AEROSPIKE_OK ? 0 : -1;
}

/* Event-loop listener: the C client destroys `val` after this returns. */
static void
on_value(as_error* err, as_val* val, void* udata, as_event_loop* loop)
{
	aspy_request* req = udata;
	int rc;
	if (err) {
		as_error_copy(&req->err, err);
		rc = apply_complete(req, err->code, NULL);
	}
	else {
		rc = apply_complete(req, AEROSPIKE_OK, val);
	}
	if (rc) req->ticket |= ASPY_TICKET_FAILED;
	aspy_cq_push(req->cq, req);
}

int
aspy_udf_execute_async(aerospike* as, aspy_request* req)
{
	if (req->kind != ASPY_CMD_APPLY) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "command has no event-loop form");
	}
	as_status status = aerospike_key_apply_async(as, &req->err, POLICY(apply), &req->key, req->args[0],
			req->args[1], req->udf_args, on_value, req, NULL, NULL);
	if (status != AEROSPIKE_OK) {
		req->status = status;
		return -1;
	}
	return 0;
}
