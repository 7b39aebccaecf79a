/*
 * Info extras: an info command sent to one chosen node, the cluster's node
 * list with addresses, and a key's digest (for its partition id) computed
 * locally.
 *
 * Ownership: the single-node command keeps the command in req->text and the
 * host in req->args[0] (both released with the request); node lists are
 * reserved and released here.
 */
#include "aspy.h"

#include <stdlib.h>
#include <string.h>

/* Writes [(name, "address:port"), ...] for the nodes the client currently knows. */
int
aspy_cluster_nodes(aerospike* as, aspy_buffer* out)
{
	out->len = 0;
	if (!as->cluster) return aspy_w_head(out, '[', 0);
	as_nodes* nodes = as_nodes_reserve(as->cluster);
	int rc = aspy_w_head(out, '[', (int32_t)nodes->size);
	for (uint32_t i = 0; i < nodes->size && rc == 0; i++) {
		as_node* node = nodes->array[i];
		const char* address = as_node_get_address_string(node);
		rc = aspy_w_head(out, '(', 2) || aspy_w_text(out, node->name, strlen(node->name)) ||
				aspy_w_text(out, address, strlen(address));
	}
	as_nodes_release(nodes);
	return rc;
}

/* The 20-byte digest of the request's key (set by aspy_request_begin*). */
int
aspy_key_digest(aspy_request* req, uint8_t* out)
{
	as_digest* digest = as_key_digest(&req->key);
	if (!digest) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "cannot compute the key's digest");
	}
	memcpy(out, digest->value, AS_DIGEST_VALUE_SIZE);
	return 0;
}

/* The host ("name" or "address:port") the single-node info command goes to. */
int
aspy_request_set_host(aspy_request* req, const char* host)
{
	free(req->args[0]);
	req->args[0] = strdup(host);
	return req->args[0] ? 0 : aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory");
}

int
aspy_info_node_execute(aerospike* as, aspy_request* req)
{
	const char* host = req->args[0];
	if (!host || !req->text) return aspy_fail(req, AEROSPIKE_ERR_PARAM, "info_single_node needs a command and a host");
	as_nodes* nodes = as_nodes_reserve(as->cluster);
	as_node* found = NULL;
	for (uint32_t i = 0; i < nodes->size && !found; i++) {
		as_node* node = nodes->array[i];
		if (strcmp(node->name, host) == 0 || strcmp(as_node_get_address_string(node), host) == 0) {
			found = node;
			as_node_reserve(found);
		}
	}
	as_nodes_release(nodes);
	if (!found) {
		return aspy_fail(req, AEROSPIKE_ERR_INVALID_NODE, "no node %s in the cluster", host);
	}
	char* response = NULL;
	as_status status = aerospike_info_node(as, &req->err, req->has_policy ? &req->policy.info : NULL, found,
			req->text, &response);
	as_node_release(found);
	return aspy_info_answer(req, status, response);
}
