/* include/aspy_stats.c: cluster statistics and the configured policies, as marshal data. */
int aspy_cluster_stats(aerospike* as, aspy_buffer* out);
int aspy_config_policies(aerospike* as, aspy_buffer* out);
