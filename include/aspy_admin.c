/*
 * Security administration: users, roles, privileges, whitelists and quotas
 * (aerospike/as_admin.h).  Blocking only: the C client has no event-loop
 * form, so the async client runs these in a worker thread.
 *
 * Python sends one marshal tuple per command,
 *   (op, name, password, strings, privileges, whitelist, read_quota, write_quota)
 * already checked for sizes (names, namespaces and the total payload fit the
 * C client's fixed buffers, which it does not check itself).  `strings` are
 * role names, `privileges` (code, ns, set) tuples, `whitelist` addresses.
 *
 * Ownership: the request owns the parsed tuple (req->admin) until
 * aspy_admin_clear(); the C client's as_user/as_role results are destroyed
 * here after encoding, exactly once.
 */
#include "aspy.h"

#include <aerospike/as_admin.h>

#include <stdlib.h>
#include <string.h>

as_val* aspy_read_val(const char** p, const char* end, as_error* err, const char* where);

enum {
	ASPY_ADMIN_CREATE_USER = 1,
	ASPY_ADMIN_DROP_USER = 2,
	ASPY_ADMIN_CHANGE_PASSWORD = 3,
	ASPY_ADMIN_GRANT_ROLES = 4,
	ASPY_ADMIN_REVOKE_ROLES = 5,
	ASPY_ADMIN_QUERY_USER = 6,
	ASPY_ADMIN_QUERY_USERS = 7,
	ASPY_ADMIN_CREATE_ROLE = 8,
	ASPY_ADMIN_DROP_ROLE = 9,
	ASPY_ADMIN_GRANT_PRIVILEGES = 10,
	ASPY_ADMIN_REVOKE_PRIVILEGES = 11,
	ASPY_ADMIN_QUERY_ROLE = 12,
	ASPY_ADMIN_QUERY_ROLES = 13,
	ASPY_ADMIN_SET_WHITELIST = 14,
	ASPY_ADMIN_SET_QUOTAS = 15,
};

void
aspy_admin_clear(aspy_request* req)
{
	if (req->admin) {
		as_val_destroy(req->admin);
		req->admin = NULL;
	}
}

int
aspy_request_set_admin(aspy_request* req, const char* buf, size_t len)
{
	aspy_admin_clear(req);
	const char* p = buf;
	as_val* v = aspy_read_val(&p, buf + len, &req->err, NULL);
	if (!v) {
		req->status = req->err.code;
		return -1;
	}
	as_list* t = as_list_fromval(v);
	if (!t || as_list_size(t) != 8) {
		as_val_destroy(v);
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "malformed admin command");
	}
	req->admin = v;
	return 0;
}

static const char*
text(as_list* t, uint32_t i)
{
	as_string* s = as_string_fromval(as_list_get(t, i));
	return s ? as_string_get(s) : NULL;
}

/* The strings of list item `i` as a NULL-free array the caller frees (not the strings). */
static const char**
strings(as_list* t, uint32_t i, int* size)
{
	as_list* l = as_list_fromval(as_list_get(t, i));
	uint32_t n = l ? as_list_size(l) : 0;
	const char** out = calloc(n ? n : 1, sizeof(char*));
	if (!out) return NULL;
	for (uint32_t k = 0; k < n; k++) {
		const char* s = text(l, k);
		out[k] = s ? s : "";
	}
	*size = (int)n;
	return out;
}

/* Privileges (code, ns, set) as the pointer array the C client wants; both freed by the caller. */
static as_privilege**
privileges(as_list* t, as_privilege** storage, int* size)
{
	as_list* l = as_list_fromval(as_list_get(t, 4));
	uint32_t n = l ? as_list_size(l) : 0;
	*storage = calloc(n ? n : 1, sizeof(as_privilege));
	as_privilege** out = calloc(n ? n : 1, sizeof(as_privilege*));
	if (!*storage || !out) {
		free(*storage);
		free(out);
		*storage = NULL;
		return NULL;
	}
	for (uint32_t k = 0; k < n; k++) {
		as_list* e = as_list_fromval(as_list_get(l, k));
		as_privilege* priv = &(*storage)[k];
		priv->code = (as_privilege_code)as_integer_get(as_integer_fromval(as_list_get(e, 0)));
		const char* ns = text(e, 1);
		const char* set = text(e, 2);
		as_strncpy(priv->ns, ns ? ns : "", sizeof(priv->ns));
		as_strncpy(priv->set, set ? set : "", sizeof(priv->set));
		out[k] = priv;
	}
	*size = (int)n;
	return out;
}

/* ------------------------------------------------------------------ */
/* Result encoding                                                      */
/* ------------------------------------------------------------------ */

static int
w_int(aspy_buffer* out, int64_t v, uint32_t* flags)
{
	as_integer i;
	as_integer_init(&i, v);
	return aspy_write_val(out, (as_val*)&i, flags);
}

static int
w_uints(aspy_buffer* out, const uint32_t* v, int n, uint32_t* flags)
{
	int rc = aspy_w_head(out, '[', n);
	for (int i = 0; i < n && rc == 0; i++) rc = w_int(out, v[i], flags);
	return rc;
}

/* (name, [roles], conns_in_use, [read_info], [write_info]) */
static int
w_user(aspy_buffer* out, const as_user* u, uint32_t* flags)
{
	int rc = aspy_w_head(out, '(', 5) || aspy_w_text(out, u->name, strlen(u->name)) ||
			aspy_w_head(out, '[', u->roles_size);
	for (int i = 0; i < u->roles_size && rc == 0; i++) {
		rc = aspy_w_text(out, u->roles[i], strlen(u->roles[i]));
	}
	return rc || w_int(out, u->conns_in_use, flags) || w_uints(out, u->read_info, u->read_info_size, flags) ||
			w_uints(out, u->write_info, u->write_info_size, flags);
}

/* (name, [(code, ns, set)], [whitelist], read_quota, write_quota) */
static int
w_role(aspy_buffer* out, const as_role* r, uint32_t* flags)
{
	int rc = aspy_w_head(out, '(', 5) || aspy_w_text(out, r->name, strlen(r->name)) ||
			aspy_w_head(out, '[', r->privileges_size);
	for (int i = 0; i < r->privileges_size && rc == 0; i++) {
		const as_privilege* p = &r->privileges[i];
		rc = aspy_w_head(out, '(', 3) || w_int(out, p->code, flags) || aspy_w_text(out, p->ns, strlen(p->ns)) ||
				aspy_w_text(out, p->set, strlen(p->set));
	}
	rc = rc || aspy_w_head(out, '[', r->whitelist_size);
	for (int i = 0; i < r->whitelist_size && rc == 0; i++) {
		rc = aspy_w_text(out, r->whitelist[i], strlen(r->whitelist[i]));
	}
	return rc || w_int(out, r->read_quota, flags) || w_int(out, r->write_quota, flags);
}

static int
encoded(aspy_request* req, int rc)
{
	return rc ? aspy_fail(req, AEROSPIKE_ERR_CLIENT, "out of memory encoding admin result") : 0;
}

/* ------------------------------------------------------------------ */
/* Execution                                                            */
/* ------------------------------------------------------------------ */

static const as_policy_admin*
admin_policy(aspy_request* req)
{
	return req->has_policy ? &req->policy.admin : NULL;
}

static int
run_query(aerospike* as, aspy_request* req, int op, const char* name)
{
	const as_policy_admin* policy = admin_policy(req);
	aspy_buffer* out = &req->out;
	as_status status;
	int rc = 0;
	out->len = 0;
	switch (op) {
	case ASPY_ADMIN_QUERY_USER: {
		as_user* user = NULL;
		status = aerospike_query_user(as, &req->err, policy, name, &user);
		if (status == AEROSPIKE_OK && user) rc = w_user(out, user, &req->flags);
		else if (status == AEROSPIKE_OK) status = as_error_update(&req->err, AEROSPIKE_INVALID_USER, "Invalid user");
		if (user) as_user_destroy(user);
		break;
	}
	case ASPY_ADMIN_QUERY_USERS: {
		as_user** users = NULL;
		int n = 0;
		status = aerospike_query_users(as, &req->err, policy, &users, &n);
		if (status == AEROSPIKE_OK) {
			rc = aspy_w_head(out, '[', n);
			for (int i = 0; i < n && rc == 0; i++) rc = w_user(out, users[i], &req->flags);
		}
		if (users) as_users_destroy(users, n);
		break;
	}
	case ASPY_ADMIN_QUERY_ROLE: {
		as_role* role = NULL;
		status = aerospike_query_role(as, &req->err, policy, name, &role);
		if (status == AEROSPIKE_OK && role) rc = w_role(out, role, &req->flags);
		else if (status == AEROSPIKE_OK) status = as_error_update(&req->err, AEROSPIKE_INVALID_ROLE, "Invalid role");
		if (role) as_role_destroy(role);
		break;
	}
	default: {
		as_role** roles = NULL;
		int n = 0;
		status = aerospike_query_roles(as, &req->err, policy, &roles, &n);
		if (status == AEROSPIKE_OK) {
			rc = aspy_w_head(out, '[', n);
			for (int i = 0; i < n && rc == 0; i++) rc = w_role(out, roles[i], &req->flags);
		}
		if (roles) as_roles_destroy(roles, n);
		break;
	}
	}
	req->status = status;
	if (status != AEROSPIKE_OK) return -1;
	return encoded(req, rc);
}

/* True when `user` is the user this client logged in as (its own password changes). */
static bool
is_own_user(aerospike* as, const char* user)
{
	return as->cluster && as->cluster->user && as->cluster->password_hash && strcmp(as->cluster->user, user) == 0;
}

int
aspy_admin_execute(aerospike* as, aspy_request* req)
{
	if (req->kind != ASPY_CMD_ADMIN || !req->admin) {
		return aspy_fail(req, AEROSPIKE_ERR_PARAM, "unknown command %d", req->kind);
	}
	as_list* t = as_list_fromval(req->admin);
	int op = (int)as_integer_get(as_integer_fromval(as_list_get(t, 0)));
	const char* name = text(t, 1);
	const char* password = text(t, 2);
	const as_policy_admin* policy = admin_policy(req);
	if (!name) name = "";
	if (op == ASPY_ADMIN_QUERY_USER || op == ASPY_ADMIN_QUERY_USERS || op == ASPY_ADMIN_QUERY_ROLE ||
			op == ASPY_ADMIN_QUERY_ROLES) {
		return run_query(as, req, op, name);
	}
	int nroles = 0, nwhite = 0, nprivs = 0;
	const char** roles = strings(t, 3, &nroles);
	const char** white = strings(t, 5, &nwhite);
	as_privilege* storage = NULL;
	as_privilege** privs = privileges(t, &storage, &nprivs);
	as_status status;
	if (!roles || !white || !privs) {
		status = as_error_update(&req->err, AEROSPIKE_ERR_CLIENT, "out of memory");
		goto done;
	}
	int read_quota = (int)as_integer_get(as_integer_fromval(as_list_get(t, 6)));
	int write_quota = (int)as_integer_get(as_integer_fromval(as_list_get(t, 7)));
	switch (op) {
	case ASPY_ADMIN_CREATE_USER:
		status = aerospike_create_user(as, &req->err, policy, name, password ? password : "", roles, nroles);
		break;
	case ASPY_ADMIN_DROP_USER:
		status = aerospike_drop_user(as, &req->err, policy, name);
		break;
	case ASPY_ADMIN_CHANGE_PASSWORD:
		/* One's own password needs the old one (and the client keeps the new one for its
		 * next logins); another user's is set by a user-admin. */
		status = is_own_user(as, name)
			? aerospike_change_password(as, &req->err, policy, name, password ? password : "")
			: aerospike_set_password(as, &req->err, policy, name, password ? password : "");
		break;
	case ASPY_ADMIN_GRANT_ROLES:
		status = aerospike_grant_roles(as, &req->err, policy, name, roles, nroles);
		break;
	case ASPY_ADMIN_REVOKE_ROLES:
		status = aerospike_revoke_roles(as, &req->err, policy, name, roles, nroles);
		break;
	case ASPY_ADMIN_CREATE_ROLE:
		status = aerospike_create_role_quotas(as, &req->err, policy, name, privs, nprivs, white, nwhite,
				read_quota, write_quota);
		break;
	case ASPY_ADMIN_DROP_ROLE:
		status = aerospike_drop_role(as, &req->err, policy, name);
		break;
	case ASPY_ADMIN_GRANT_PRIVILEGES:
		status = aerospike_grant_privileges(as, &req->err, policy, name, privs, nprivs);
		break;
	case ASPY_ADMIN_REVOKE_PRIVILEGES:
		status = aerospike_revoke_privileges(as, &req->err, policy, name, privs, nprivs);
		break;
	case ASPY_ADMIN_SET_WHITELIST:
		status = aerospike_set_whitelist(as, &req->err, policy, name, white, nwhite);
		break;
	case ASPY_ADMIN_SET_QUOTAS:
		status = aerospike_set_quotas(as, &req->err, policy, name, read_quota, write_quota);
		break;
	default:
		status = as_error_update(&req->err, AEROSPIKE_ERR_PARAM, "unknown admin command %d", op);
		break;
	}
done:
	free(roles);
	free(white);
	free(privs);
	free(storage);
	req->status = status;
	if (status != AEROSPIKE_OK) return -1;
	req->out.len = 0;
	return encoded(req, aspy_w_raw(&req->out, "N", 1));
}
