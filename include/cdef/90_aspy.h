/* aspy.h: the project's own command layer (include/aspy_*.c). */
#define ASPY_ABI_VERSION ...
#define ASPY_CMD_GET ...
#define ASPY_CMD_SELECT ...
#define ASPY_CMD_EXISTS ...
#define ASPY_CMD_PUT ...
#define ASPY_CMD_REMOVE ...
#define ASPY_CMD_OPERATE ...
#define ASPY_CMD_INFO_ALL ...
#define ASPY_CMD_INFO_ANY ...
#define ASPY_CMD_BATCH ...
#define ASPY_CMD_QUERY ...
#define ASPY_CMD_INDEX_CREATE ...
#define ASPY_CMD_INDEX_REMOVE ...
#define ASPY_CMD_TRUNCATE ...
#define ASPY_BATCH_READ ...
#define ASPY_BATCH_OPERATE ...
#define ASPY_BATCH_REMOVE ...
#define ASPY_FLAG_ORDERED ...
#define ASPY_FLAG_SPECIAL ...
#define ASPY_TICKET_FAILED ...
#define ASPY_TICKET_REQUEST ...
#define ASPY_KEY_STR ...
#define ASPY_KEY_INT ...
#define ASPY_KEY_BYTES ...
#define ASPY_KEY_DIGEST ...
#define ASPY_KEY_BLOB ...

typedef struct aspy_cq_s aspy_cq;

typedef struct aspy_buffer_s {
	char* data;
	size_t len;
	size_t cap;
} aspy_buffer;

typedef union aspy_policy_u {
	as_policy_read read;
	as_policy_write write;
	as_policy_operate operate;
	as_policy_remove remove;
	as_policy_apply apply;
	as_policy_info info;
	as_policy_batch batch;
	as_policy_query query;
	as_policy_admin admin;
	...;
} aspy_policy;

typedef struct aspy_request_s {
	int kind;
	uint32_t flags;
	bool has_policy;
	aspy_policy policy;
	as_error err;
	int status;
	aspy_buffer out;
	uint64_t ticket;
	...;
} aspy_request;

aspy_request* aspy_request_new(int kind);
void aspy_request_free(aspy_request* req);
int aspy_request_begin_key(aspy_request* req, int kind, const char* buf, size_t size);
int aspy_request_begin(aspy_request* req, int kind, const char* ns, const char* set, int key_kind,
		const char* data, size_t len, int64_t ival);
int aspy_request_set_key(aspy_request* req, const char* ns, const char* set, int kind,
		const char* data, size_t len, int64_t ival);
int aspy_request_set_bins(aspy_request* req, const char* buf, size_t len, uint32_t nbins,
		uint32_t ttl, uint16_t gen);
int aspy_request_set_ops(aspy_request* req, const char* buf, size_t len, uint32_t ttl, uint16_t gen);
int aspy_request_set_bin_names(aspy_request* req, const char* buf, size_t len, uint32_t count);
int aspy_request_set_text(aspy_request* req, const char* text, size_t len);
void aspy_request_policy_defaults(aerospike* as, aspy_request* req);
int aspy_execute(aerospike* as, aspy_request* req);

void aspy_buffer_destroy(aspy_buffer* b);
int aspy_cluster_node_names(aerospike* as, aspy_buffer* out);

aspy_cq* aspy_cq_new(void);
void aspy_cq_free(aspy_cq* cq);
int aspy_cq_fd(aspy_cq* cq);
int aspy_cq_drain(aspy_cq* cq, int max, char* buf, size_t cap);
int aspy_execute_async(aerospike* as, aspy_request* req, aspy_cq* cq);
int64_t aspy_submit(aerospike* as, aspy_request* req, aspy_cq* cq);
int aspy_event_loops_create(uint32_t count, int max_in_process, uint32_t max_in_queue, as_error* err);
uint32_t aspy_event_loops_size(void);
void aspy_event_loops_close(void);
void aspy_event_loops_forget(void);

void aspy_log_install(void);
int aspy_log_set_level(int level);
as_status aspy_connect(aerospike* as, as_error* err, aspy_buffer* causes);
uint64_t aspy_log_dropped(void);
void aspy_log_count_drop(void);
extern "Python+C" void aspy_log_emit(int level, const char* func, const char* file, uint32_t line, const char* msg);

int aspy_request_set_batch(aerospike* as, aspy_request* req, const char* buf, size_t len);
int aspy_request_set_query(aspy_request* req, const char* buf, size_t len, uint32_t queue_limit);
int aspy_request_set_names(aspy_request* req, const char* buf, size_t len);
int aspy_stream_take(aspy_request* req, int wait_ms);
void aspy_stream_cancel(aspy_request* req);
