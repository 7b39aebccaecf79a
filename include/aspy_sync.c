/*
 * The blocking hot path: a get or a put without policy or meta, from the
 * marshalled key (and bins) to the encoded result in one crossing.
 *
 * Each cffi call releases and retakes the GIL and converts its arguments, so
 * folding begin + set_bins + execute into one call is most of the saving.  A
 * get's encoded result is also copied into the caller's buffer when it fits,
 * so Python decodes it without reading the request's output fields.
 */
#include "aspy.h"

#include <string.h>

/*
 * `buf` holds ASPY_SYNC_BUF_SIZE bytes.  Returns ASPY_SYNC_FAILED (the error is in req), ASPY_SYNC_IN_BUFFER (the
 * marshalled (digest, gen, ttl, bins) is at the start of `buf`; marshal
 * ignores what follows it), or ASPY_SYNC_IN_REQUEST (too big for `buf`, or
 * holding GeoJSON/HLL markers: decode it from the request).
 */
int
aspy_get_sync(aerospike* as, aspy_request* req, const char* key, size_t key_len, char* buf)
{
	if (aspy_request_begin_key(req, ASPY_CMD_GET, key, key_len) || aspy_execute(as, req)) {
		return ASPY_SYNC_FAILED;
	}
	if (req->out.len > ASPY_SYNC_BUF_SIZE || (req->flags & ASPY_FLAG_SPECIAL)) {
		return ASPY_SYNC_IN_REQUEST;
	}
	memcpy(buf, req->out.data, req->out.len);
	return ASPY_SYNC_IN_BUFFER;
}

/* Returns 0, or -1 with the error in req. */
int
aspy_put_sync(aerospike* as, aspy_request* req, const char* key, size_t key_len,
		const char* bins, size_t bins_len, uint32_t nbins, uint32_t ttl, uint16_t gen)
{
	if (aspy_request_begin_key(req, ASPY_CMD_PUT, key, key_len) ||
			aspy_request_set_bins(req, bins, bins_len, nbins, ttl, gen)) {
		return -1;
	}
	return aspy_execute(as, req);
}
