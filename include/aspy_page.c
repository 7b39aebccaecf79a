/*
 * Query pagination: a paged query keeps the status of every partition (the C
 * client's parts_all) so the next page resumes where the last one stopped.
 * The status travels to Python as an opaque cursor (as_query_to_bytes), so a
 * page can be resumed by a later query object or process.
 *
 * Ownership: the request's query holds one reference to the restored
 * partition status; as_query_destroy() releases it.
 */
#include "aspy.h"

#include <stdlib.h>

/* After aspy_request_set_query: page this query, resuming from `cursor` when given. */
int
aspy_query_page_begin(aspy_request* req, const uint8_t* cursor, uint32_t len)
{
	if (!req->has_query) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "paging needs a query");
	as_query_set_paginate(&req->query, true);
	if (len == 0) return 0;
	as_query saved;
	if (!as_query_from_bytes(&saved, cursor, len)) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "invalid query cursor");
	}
	int rc = 0;
	if (saved.parts_all) {
		if (req->query.parts_all) as_partitions_status_release(req->query.parts_all);
		as_query_set_partitions(&req->query, saved.parts_all);
		if (req->partitions) {
			as_partition_filter_set_partitions(req->partitions, saved.parts_all);
		}
	}
	else {
		rc = aspy_fail(req, AEROSPIKE_ERR_PARAM, "query cursor holds no partition status");
	}
	as_query_destroy(&saved);
	return rc;
}

/* After the query ended: (done, cursor bytes) into req->out. */
int
aspy_query_page_end(aspy_request* req)
{
	if (!req->has_query) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "paging needs a query");
	uint8_t* bytes = NULL;
	uint32_t size = 0;
	if (!as_query_to_bytes(&req->query, &bytes, &size)) {
		return aspy_fail(req, AEROSPIKE_ERR_CLIENT, "cannot save the query's partition status");
	}
	bool done = as_query_is_done(&req->query);
	req->out.len = 0;
	int rc = aspy_w_head(&req->out, '(', 2) || aspy_w_raw(&req->out, done ? "T" : "F", 1) ||
			aspy_w_head(&req->out, 's', (int32_t)size) || aspy_w_raw(&req->out, bytes, size);
	free(bytes);
	return rc ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory") : 0;
}
