/* as_policy.h: fields the client sets from policy dicts; the rest stays opaque. */
typedef int... as_policy_key;
typedef int... as_policy_replica;
typedef int... as_policy_read_mode_ap;
typedef int... as_policy_read_mode_sc;
typedef int... as_policy_commit_level;
typedef int... as_policy_gen;
typedef int... as_policy_exists;
typedef int... as_query_duration;

typedef struct as_policy_base_s {
	uint32_t connect_timeout;
	uint32_t socket_timeout;
	uint32_t total_timeout;
	uint32_t timeout_delay;
	uint32_t max_retries;
	uint32_t sleep_between_retries;
	bool compress;
	...;
} as_policy_base;

typedef struct as_policy_read_s {
	as_policy_base base;
	as_policy_key key;
	as_policy_replica replica;
	as_policy_read_mode_ap read_mode_ap;
	as_policy_read_mode_sc read_mode_sc;
	int read_touch_ttl_percent;
	bool deserialize;
	...;
} as_policy_read;

typedef struct as_policy_write_s {
	as_policy_base base;
	as_policy_key key;
	as_policy_replica replica;
	as_policy_commit_level commit_level;
	as_policy_gen gen;
	as_policy_exists exists;
	uint32_t ttl;
	uint32_t compression_threshold;
	bool durable_delete;
	bool on_locking_only;
	...;
} as_policy_write;

typedef struct as_policy_apply_s {
	as_policy_base base;
	as_policy_key key;
	as_policy_replica replica;
	as_policy_commit_level commit_level;
	uint32_t ttl;
	bool durable_delete;
	bool on_locking_only;
	...;
} as_policy_apply;

typedef struct as_policy_operate_s {
	as_policy_base base;
	as_policy_key key;
	as_policy_replica replica;
	as_policy_read_mode_ap read_mode_ap;
	as_policy_read_mode_sc read_mode_sc;
	as_policy_commit_level commit_level;
	as_policy_gen gen;
	as_policy_exists exists;
	uint32_t ttl;
	int read_touch_ttl_percent;
	bool deserialize;
	bool durable_delete;
	bool on_locking_only;
	bool respond_all_ops;
	...;
} as_policy_operate;

typedef struct as_policy_remove_s {
	as_policy_base base;
	as_policy_key key;
	as_policy_replica replica;
	as_policy_commit_level commit_level;
	as_policy_gen gen;
	uint16_t generation;
	bool durable_delete;
	...;
} as_policy_remove;

typedef struct as_policy_batch_s {
	as_policy_base base;
	as_policy_replica replica;
	as_policy_read_mode_ap read_mode_ap;
	as_policy_read_mode_sc read_mode_sc;
	int read_touch_ttl_percent;
	bool concurrent;
	bool allow_inline;
	bool allow_inline_ssd;
	bool respond_all_keys;
	bool send_set_name;
	bool deserialize;
	...;
} as_policy_batch;

typedef struct as_policy_query_s {
	as_policy_base base;
	uint32_t info_timeout;
	as_policy_replica replica;
	as_query_duration expected_duration;
	bool fail_on_cluster_change;
	bool deserialize;
	...;
} as_policy_query;

typedef struct as_policy_scan_s {
	as_policy_base base;
	uint64_t max_records;
	uint32_t records_per_second;
	as_policy_replica replica;
	uint32_t ttl;
	bool durable_delete;
	...;
} as_policy_scan;

typedef struct as_policy_info_s {
	uint32_t timeout;
	bool send_as_is;
	bool check_bounds;
	...;
} as_policy_info;

typedef struct as_policy_admin_s {
	uint32_t timeout;
	...;
} as_policy_admin;

typedef struct as_policies_s {
	as_policy_read read;
	as_policy_write write;
	as_policy_operate operate;
	as_policy_remove remove;
	as_policy_apply apply;
	as_policy_batch batch;
	as_policy_scan scan;
	as_policy_query query;
	as_policy_info info;
	as_policy_admin admin;
	...;
} as_policies;
