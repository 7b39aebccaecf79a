/* aspy.h, admin part (include/aspy_admin.c): users, roles, privileges, whitelists, quotas. */
#define ASPY_CMD_ADMIN ...

int aspy_request_set_admin(aspy_request* req, const char* buf, size_t len);
