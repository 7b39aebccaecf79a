/* include/aspy_stats.c: cluster statistics as a marshal tuple. */
int aspy_cluster_stats(aerospike* as, aspy_buffer* out);
