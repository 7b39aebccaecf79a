/*
 * Cluster statistics: aerospike_stats() read once into a marshal tuple
 *   (retry_count, thread_pool_queued_tasks, recover_queue_size,
 *    [(name, address, in_use, in_pool, opened, closed, recovered, aborted,
 *      error_count, timeout_count, key_busy_count), ...])
 * with the synchronous connection counters of each node.  Counters larger
 * than an int32 are clamped (marshal ints here are 32-bit).
 */
#include "aspy.h"
#include <aerospike/aerospike_stats.h>

static int
w_count(aspy_buffer* out, uint64_t v)
{
	return aspy_w_head(out, 'i', v > INT32_MAX ? INT32_MAX : (int32_t)v);
}

int
aspy_cluster_stats(aerospike* as, aspy_buffer* out)
{
	out->len = 0;
	if (!as->cluster) {
		return aspy_w_head(out, '(', 4) || w_count(out, 0) || w_count(out, 0) || w_count(out, 0) ||
				aspy_w_head(out, '[', 0);
	}
	as_cluster_stats stats;
	aerospike_stats(as, &stats);
	int rc = aspy_w_head(out, '(', 4) || w_count(out, stats.retry_count) ||
			w_count(out, stats.thread_pool_queued_tasks) || w_count(out, stats.recover_queue_size) ||
			aspy_w_head(out, '[', (int32_t)stats.nodes_size);
	for (uint32_t i = 0; i < stats.nodes_size && rc == 0; i++) {
		as_node_stats* n = &stats.nodes[i];
		const char* address = as_node_get_address_string(n->node);
		rc = aspy_w_head(out, '(', 11) || aspy_w_text(out, n->node->name, strlen(n->node->name)) ||
				aspy_w_text(out, address, strlen(address)) || w_count(out, n->sync.in_use) ||
				w_count(out, n->sync.in_pool) || w_count(out, n->sync.opened) || w_count(out, n->sync.closed) ||
				w_count(out, n->sync.recovered) || w_count(out, n->sync.aborted) || w_count(out, n->error_count) ||
				w_count(out, n->timeout_count) || w_count(out, n->key_busy_count);
	}
	aerospike_stats_destroy(&stats);
	return rc;
}
