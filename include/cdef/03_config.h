/* as_config.h */
#define AS_USER_SIZE ...
#define AS_PASSWORD_SIZE ...
#define AS_CONFIG_PATH_MAX_SIZE ...

typedef int... as_auth_mode;

typedef struct as_config_lua_s {
	bool cache_enabled;
	char user_path[...];
	...;
} as_config_lua;

typedef struct as_config_tls_s {
	bool enable;
	char* cafile;
	char* capath;
	char* protocols;
	char* cipher_suite;
	char* cert_blacklist;
	char* keyfile;
	char* keyfile_pw;
	char* certfile;
	bool crl_check;
	bool crl_check_all;
	bool log_session_info;
	bool for_login_only;
	...;
} as_config_tls;

typedef struct as_config_s {
	char user[...];
	char password[...];
	char* cluster_name;
	char* app_id;
	uint32_t min_conns_per_node;
	uint32_t max_conns_per_node;
	uint32_t async_min_conns_per_node;
	uint32_t async_max_conns_per_node;
	uint32_t pipe_max_conns_per_node;
	uint32_t conn_pools_per_node;
	uint32_t conn_timeout_ms;
	uint32_t login_timeout_ms;
	uint32_t max_socket_idle;
	uint32_t max_error_rate;
	uint32_t error_rate_window;
	uint32_t tender_interval;
	uint32_t thread_pool_size;
	as_policies policies;
	as_config_lua lua;
	as_config_tls tls;
	as_auth_mode auth_mode;
	bool fail_if_not_connected;
	bool use_services_alternate;
	bool force_single_node;
	bool rack_aware;
	int rack_id;
	...;
} as_config;

as_config* as_config_init(as_config* config);
void as_config_add_host(as_config* config, const char* address, uint16_t port);
void as_config_tls_add_host(as_config* config, const char* address, const char* tls_name, uint16_t port);
bool as_config_set_user(as_config* config, const char* user, const char* password);
void as_config_set_string(char** str, const char* value);
void as_config_add_rack_id(as_config* config, int rack_id);
void as_config_destroy(as_config* config);
