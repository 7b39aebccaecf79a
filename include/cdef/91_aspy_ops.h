/* aspy.h, operations and contexts (include/aspy_ops.c). */
int aspy_request_set_ctx(aspy_request* req, const char* buf, size_t len);
