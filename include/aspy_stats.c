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

/*
 * The client's configured policies (as_config.policies, C defaults filled in)
 * as a marshal dict {kind: {field: value}} with the official client's field
 * names per kind; enum fields are the C client's values.
 */
static int
w_field(aspy_buffer* out, const char* name, int64_t v)
{
	return aspy_w_text(out, name, strlen(name)) ||
			aspy_w_head(out, 'i', v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v);
}

static int
w_flag(aspy_buffer* out, const char* name, bool v)
{
	return aspy_w_text(out, name, strlen(name)) || aspy_w_raw(out, v ? "T" : "F", 1);
}

static int
w_kind(aspy_buffer* out, const char* name)
{
	return aspy_w_text(out, name, strlen(name)) || aspy_w_raw(out, "{", 1);
}

static int
w_base(aspy_buffer* out, const as_policy_base* b)
{
	return w_field(out, "total_timeout", b->total_timeout) || w_field(out, "connect_timeout", b->connect_timeout) ||
			w_field(out, "socket_timeout", b->socket_timeout) || w_field(out, "timeout_delay", b->timeout_delay) ||
			w_field(out, "max_retries", b->max_retries) ||
			w_field(out, "sleep_between_retries", b->sleep_between_retries) || w_flag(out, "compress", b->compress) ||
			w_field(out, "error_detail_verbosity", 0);
}

static int
w_batch(aspy_buffer* out, const char* name, const as_policy_batch* p)
{
	return w_kind(out, name) || w_base(out, &p->base) || w_flag(out, "concurrent", p->concurrent) ||
			w_flag(out, "allow_inline", p->allow_inline) || w_flag(out, "deserialize", p->deserialize) ||
			w_field(out, "read_mode_ap", p->read_mode_ap) || w_field(out, "read_mode_sc", p->read_mode_sc) ||
			w_field(out, "replica", p->replica) || w_field(out, "read_touch_ttl_percent", p->read_touch_ttl_percent) ||
			aspy_w_raw(out, "0", 1);
}

#define END() aspy_w_raw(out, "0", 1)

int
aspy_config_policies(aerospike* as, aspy_buffer* out)
{
	out->len = 0;
	const as_policies* p = &as->config.policies;
	const as_policy_read* r = &p->read;
	const as_policy_write* w = &p->write;
	const as_policy_apply* a = &p->apply;
	const as_policy_remove* rm = &p->remove;
	const as_policy_query* q = &p->query;
	const as_policy_scan* s = &p->scan;
	const as_policy_operate* o = &p->operate;
	return aspy_w_raw(out, "{", 1) ||
		w_kind(out, "read") || w_base(out, &r->base) || w_field(out, "key", r->key) ||
			w_field(out, "replica", r->replica) || w_flag(out, "deserialize", r->deserialize) ||
			w_field(out, "read_mode_ap", r->read_mode_ap) || w_field(out, "read_mode_sc", r->read_mode_sc) ||
			w_field(out, "read_touch_ttl_percent", r->read_touch_ttl_percent) || END() ||
		w_kind(out, "write") || w_base(out, &w->base) || w_field(out, "key", w->key) ||
			w_field(out, "replica", w->replica) || w_field(out, "commit_level", w->commit_level) ||
			w_field(out, "gen", w->gen) || w_field(out, "exists", w->exists) || w_field(out, "ttl", w->ttl) ||
			w_field(out, "compression_threshold", w->compression_threshold) ||
			w_flag(out, "durable_delete", w->durable_delete) || END() ||
		w_kind(out, "apply") || w_base(out, &a->base) || w_field(out, "key", a->key) ||
			w_field(out, "replica", a->replica) || w_field(out, "ttl", a->ttl) ||
			w_field(out, "commit_level", a->commit_level) || w_flag(out, "durable_delete", a->durable_delete) ||
			END() ||
		w_kind(out, "remove") || w_base(out, &rm->base) || w_field(out, "key", rm->key) ||
			w_field(out, "replica", rm->replica) || w_field(out, "commit_level", rm->commit_level) ||
			w_field(out, "gen", rm->gen) || w_flag(out, "durable_delete", rm->durable_delete) || END() ||
		w_kind(out, "query") || w_base(out, &q->base) || w_flag(out, "deserialize", q->deserialize) ||
			w_field(out, "replica", q->replica) || w_field(out, "expected_duration", q->expected_duration) ||
			END() ||
		w_kind(out, "scan") || w_base(out, &s->base) || w_flag(out, "durable_delete", s->durable_delete) ||
			w_field(out, "ttl", s->ttl) || w_field(out, "replica", s->replica) || END() ||
		w_kind(out, "operate") || w_base(out, &o->base) || w_field(out, "key", o->key) ||
			w_field(out, "replica", o->replica) || w_field(out, "commit_level", o->commit_level) ||
			w_field(out, "ttl", o->ttl) || w_field(out, "gen", o->gen) ||
			w_flag(out, "durable_delete", o->durable_delete) || w_flag(out, "deserialize", o->deserialize) ||
			w_field(out, "read_mode_ap", o->read_mode_ap) || w_field(out, "read_mode_sc", o->read_mode_sc) ||
			w_field(out, "read_touch_ttl_percent", o->read_touch_ttl_percent) || END() ||
		w_kind(out, "info") || w_field(out, "timeout", p->info.timeout) || END() ||
		w_kind(out, "admin") || w_field(out, "timeout", p->admin.timeout) || END() ||
		w_kind(out, "batch_apply") || w_field(out, "commit_level", p->batch_apply.commit_level) ||
			w_flag(out, "durable_delete", p->batch_apply.durable_delete) || w_field(out, "key", p->batch_apply.key) ||
			w_field(out, "ttl", p->batch_apply.ttl) || END() ||
		w_kind(out, "batch_remove") || w_field(out, "commit_level", p->batch_remove.commit_level) ||
			w_flag(out, "durable_delete", p->batch_remove.durable_delete) ||
			w_field(out, "gen", p->batch_remove.gen) || w_field(out, "generation", p->batch_remove.generation) ||
			w_field(out, "key", p->batch_remove.key) || END() ||
		w_kind(out, "batch_write") || w_field(out, "commit_level", p->batch_write.commit_level) ||
			w_flag(out, "durable_delete", p->batch_write.durable_delete) ||
			w_field(out, "exists", p->batch_write.exists) || w_field(out, "ttl", p->batch_write.ttl) ||
			w_field(out, "gen", p->batch_write.gen) || w_field(out, "key", p->batch_write.key) || END() ||
		w_batch(out, "batch", &p->batch) || w_batch(out, "batch_parent_write", &p->batch_parent_write) ||
		w_batch(out, "txn_verify", &p->txn_verify) || w_batch(out, "txn_roll", &p->txn_roll) ||
		END();
}
