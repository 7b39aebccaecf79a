/* aspy.h, batch_write's retry loop (include/aspy_retry.c). */
int aspy_batch_set_retry(aspy_request* req, uint32_t max_attempts);
void aspy_batch_retry_info(aspy_request* req, uint32_t* attempts, bool* truncated);
