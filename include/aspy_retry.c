/*
 * batch_write's retry loop, shared by the blocking and the event-loop forms.
 *
 * After an attempt, the records whose latest result is transient (timeout 9,
 * key busy 14, device overload 18) are written again in a new batch of their
 * own, after a Full Jitter backoff (1 ms doubling per attempt, at most
 * 500 ms), until they succeed, the attempts run out, or the next backoff
 * would reach the batch's total_timeout.  A retried record's entry in a
 * retry batch is a shallow copy of the original (key value, operations and
 * policy stay owned by the original), so every record is written from the
 * same description.  `final[i]` says where record i's latest result lives;
 * the results are encoded from there, in the original order.
 *
 * Ownership: the state and every retry batch belong to the request and are
 * released in aspy_retry_clear() (from aspy_bq_clear()).
 */
#include "aspy.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>
#include <aerospike/as_random.h>
#include <citrusleaf/cf_clock.h>

enum { BACKOFF_BASE_MS = 1, BACKOFF_CAP_MS = 500 };

struct aspy_retry_s {
	uint32_t max_attempts;
	uint32_t attempts;
	bool truncated;
	uint64_t started_ms;
	uint32_t budget_ms;             /* the batch's total_timeout; 0: no limit */
	as_batch_base_record** final;   /* per original record: its latest result */
	uint32_t count;
	as_batch_records** subs;        /* every retry batch, kept until the results are encoded */
	uint32_t nsubs;
	uint32_t** subs_index;          /* per retry batch: the original position of each entry */
	aerospike* as;                  /* event-loop form: resubmission */
	as_event_loop* loop;
};

static bool
transient(as_status code)
{
	return code == AEROSPIKE_ERR_TIMEOUT || code == AEROSPIKE_ERR_RECORD_BUSY || code == AEROSPIKE_ERR_DEVICE_OVERLOAD;
}

int
aspy_batch_set_retry(aspy_request* req, uint32_t max_attempts)
{
	aspy_retry_clear(req);
	if (max_attempts <= 1) {
		return 0;
	}
	aspy_retry* rt = calloc(1, sizeof(aspy_retry));
	if (!rt) return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
	rt->max_attempts = max_attempts;
	rt->attempts = 1;
	req->retry = rt;
	return 0;
}

void
aspy_batch_retry_info(aspy_request* req, uint32_t* attempts, bool* truncated)
{
	*attempts = req->retry ? req->retry->attempts : 1;
	*truncated = req->retry ? req->retry->truncated : false;
}

void
aspy_retry_clear(aspy_request* req)
{
	aspy_retry* rt = req->retry;
	if (!rt) return;
	for (uint32_t s = 0; s < rt->nsubs; s++) {
		as_vector* list = &rt->subs[s]->list;
		for (uint32_t j = 0; j < list->size; j++) {
			as_batch_base_record* r = as_vector_get(list, j);
			r->key.valuep = NULL;  /* the original's: not this copy's to free */
		}
		as_batch_records_destroy(rt->subs[s]);
		free(rt->subs_index[s]);
	}
	free(rt->subs);
	free(rt->subs_index);
	free(rt->final);
	free(rt);
	req->retry = NULL;
}

/* Called once the first attempt is about to run: the clock and the budget start. */
void
aspy_retry_start(aerospike* as, aspy_request* req)
{
	aspy_retry* rt = req->retry;
	rt->started_ms = cf_getms();
	rt->budget_ms = req->has_policy ? req->policy.batch.base.total_timeout
		: as->config.policies.batch_parent_write.base.total_timeout;
	rt->as = as;
}

/*
 * After an attempt that gave per-record results: records them, and returns
 * the next batch to run (with *delay_ms to wait first), or NULL when done.
 */
as_batch_records*
aspy_retry_next(aspy_request* req, uint32_t* delay_ms)
{
	aspy_retry* rt = req->retry;
	as_vector* first = &req->batch->list;
	if (!rt->final) {
		rt->count = first->size;
		rt->final = malloc(sizeof(as_batch_base_record*) * (rt->count ? rt->count : 1));
		if (!rt->final) return NULL;
		for (uint32_t i = 0; i < rt->count; i++) {
			rt->final[i] = as_vector_get(first, i);
		}
	}
	else if (rt->nsubs) {
		as_vector* last = &rt->subs[rt->nsubs - 1]->list;
		uint32_t* index = rt->subs_index[rt->nsubs - 1];
		for (uint32_t j = 0; j < last->size; j++) {
			rt->final[index[j]] = as_vector_get(last, j);
		}
	}
	uint32_t pending = 0;
	for (uint32_t i = 0; i < rt->count; i++) {
		pending += transient(rt->final[i]->result);
	}
	if (pending == 0 || rt->attempts >= rt->max_attempts) {
		return NULL;
	}
	uint32_t shift = rt->attempts - 1 < 16 ? rt->attempts - 1 : 16;
	uint32_t cap = (uint32_t)BACKOFF_BASE_MS << shift;
	cap = cap < BACKOFF_CAP_MS ? cap : BACKOFF_CAP_MS;
	*delay_ms = as_random_get_uint32() % (cap + 1);
	if (rt->budget_ms && cf_getms() - rt->started_ms + *delay_ms >= rt->budget_ms) {
		rt->truncated = true;
		return NULL;
	}
	as_batch_records** subs = realloc(rt->subs, sizeof(*subs) * (rt->nsubs + 1));
	if (!subs) return NULL;
	rt->subs = subs;
	uint32_t** subs_index = realloc(rt->subs_index, sizeof(*subs_index) * (rt->nsubs + 1));
	if (!subs_index) return NULL;
	rt->subs_index = subs_index;
	uint32_t* index = malloc(sizeof(uint32_t) * pending);
	as_batch_records* sub = as_batch_records_create(pending);
	if (!index || !sub) {
		free(index);
		if (sub) as_batch_records_destroy(sub);
		return NULL;
	}
	for (uint32_t i = 0; i < rt->count; i++) {
		if (!transient(rt->final[i]->result)) continue;
		as_batch_record* copy = as_vector_reserve(&sub->list);
		*copy = *(as_batch_record*)as_vector_get(first, i);
		memset(&copy->base.record, 0, sizeof(as_record));
		copy->base.key._free = false;
		copy->base.result = AEROSPIKE_NO_RESPONSE;
		copy->base.subcode = 0;
		copy->base.message = NULL;
		copy->base.in_doubt = false;
		index[sub->list.size - 1] = i;
	}
	rt->subs[rt->nsubs] = sub;
	rt->subs_index[rt->nsubs] = index;
	rt->nsubs++;
	rt->attempts++;
	return sub;
}

/* The latest result of record i: its retry batch's entry, or the original. */
const as_batch_base_record*
aspy_retry_result(const aspy_request* req, const as_batch_records* batch, uint32_t i)
{
	const aspy_retry* rt = req->retry;
	if (rt && rt->final && i < rt->count) {
		return rt->final[i];
	}
	return as_vector_get((as_vector*)&batch->list, i);
}

/* Blocking form: runs the retries after the first attempt's `status`; the status of the whole. */
as_status
aspy_retry_run(aerospike* as, aspy_request* req, const as_policy_batch* policy, as_status status)
{
	while (status == AEROSPIKE_OK || status == AEROSPIKE_BATCH_FAILED) {
		uint32_t delay = 0;
		as_batch_records* sub = aspy_retry_next(req, &delay);
		if (!sub) break;
		if (delay) usleep(delay * 1000u);
		as_error err;
		as_error_init(&err);
		as_status s = aerospike_batch_write(as, &err, policy, sub);
		if (s != AEROSPIKE_OK && s != AEROSPIKE_BATCH_FAILED) {
			/* No results from this attempt: the previous ones stand. */
			req->retry->nsubs--;
			aspy_retry_drop(req, sub);
			break;
		}
	}
	return status;
}

/* Forgets a retry batch that gave no results (it was removed from subs). */
void
aspy_retry_drop(aspy_request* req, as_batch_records* sub)
{
	aspy_retry* rt = req->retry;
	free(rt->subs_index[rt->nsubs]);
	as_vector* list = &sub->list;
	for (uint32_t j = 0; j < list->size; j++) {
		((as_batch_base_record*)as_vector_get(list, j))->key.valuep = NULL;
	}
	as_batch_records_destroy(sub);
}

/* ------------------------------------------------------------------ */
/* Event-loop form                                                      */
/* ------------------------------------------------------------------ */

static void aspy_retry_on_batch(as_error* err, as_batch_records* records, void* udata, as_event_loop* loop);

static void
submit(aspy_request* req, as_batch_records* sub)
{
	as_error err;
	as_error_init(&err);
	as_status s = aerospike_batch_write_async(req->retry->as, &err, req->has_policy ? &req->policy.batch : NULL,
			sub, aspy_retry_on_batch, req, req->retry->loop);
	if (s != AEROSPIKE_OK) {
		req->retry->nsubs--;
		aspy_retry_drop(req, sub);
		aspy_batch_finish_async(req, NULL);
	}
}

static void
on_timer_closed(uv_handle_t* handle)
{
	free(handle);
}

static void
on_timer(uv_timer_t* timer)
{
	aspy_request* req = timer->data;
	uv_close((uv_handle_t*)timer, on_timer_closed);
	submit(req, req->retry->subs[req->retry->nsubs - 1]);
}

/*
 * An attempt's listener: the next attempt is submitted from here (on the
 * event loop's thread), after a timer for the backoff; or the whole completes.
 */
void
aspy_retry_continue(aspy_request* req, as_error* err, as_event_loop* loop)
{
	uint32_t delay = 0;
	as_batch_records* sub = NULL;
	if (!err || err->code == AEROSPIKE_BATCH_FAILED) {
		sub = aspy_retry_next(req, &delay);
	}
	else if (req->retry->final) {
		/* A retry that gave no results: the previous ones stand. */
		req->retry->nsubs--;
		aspy_retry_drop(req, req->retry->subs[req->retry->nsubs]);
		err = NULL;
	}
	if (!sub) {
		aspy_batch_finish_async(req, err);
		return;
	}
	req->retry->loop = loop;
	if (delay) {
		uv_timer_t* timer = malloc(sizeof(uv_timer_t));
		if (timer && uv_timer_init((uv_loop_t*)loop->loop, timer) == 0) {
			timer->data = req;
			if (uv_timer_start(timer, on_timer, delay, 0) == 0) return;
			uv_close((uv_handle_t*)timer, on_timer_closed);
			timer = NULL;
		}
		free(timer);
	}
	submit(req, sub);
}

static void
aspy_retry_on_batch(as_error* err, as_batch_records* records, void* udata, as_event_loop* loop)
{
	aspy_retry_continue(udata, err, loop);
}
