/* aerospike.h */
typedef struct aerospike_s {
	as_config config;
	...;
} aerospike;

aerospike* aerospike_new(as_config* config);
void aerospike_destroy(aerospike* as);
as_status aerospike_connect(aerospike* as, as_error* err);
as_status aerospike_close(aerospike* as, as_error* err);
bool aerospike_cluster_is_connected(aerospike* as);
as_status aerospike_truncate(aerospike* as, as_error* err, as_policy_info* policy,
		const char* ns, const char* set, uint64_t before_nanos);
