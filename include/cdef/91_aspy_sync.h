/* The hot paths: blocking get/put (aspy_sync.c) and plain batch reads (aspy_batch_keys.c). */
#define ASPY_SYNC_FAILED ...
#define ASPY_SYNC_IN_BUFFER ...
#define ASPY_SYNC_IN_REQUEST ...

int aspy_get_sync(aerospike* as, aspy_request* req, const char* key, size_t key_len, char* buf, size_t cap);
int aspy_put_sync(aerospike* as, aspy_request* req, const char* key, size_t key_len,
		const char* bins, size_t bins_len, uint32_t nbins, uint32_t ttl, uint16_t gen);

/* aspy_batch_keys.c: a batch read of every bin of plain keys. */
int aspy_request_set_batch_keys(aerospike* as, aspy_request* req, const char* buf, size_t len);
