/* aspy.h, info extras (include/aspy_info.c): one node's info, node addresses, key digests. */
#define ASPY_CMD_INFO_NODE ...

int aspy_cluster_nodes(aerospike* as, aspy_buffer* out);
int aspy_key_digest(aspy_request* req, uint8_t* out);
int aspy_request_set_host(aspy_request* req, const char* host);
