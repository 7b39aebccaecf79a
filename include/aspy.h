/*
 * aspy: the C side of aerospike_py's command layer.
 *
 * A request (aspy_request) owns everything one command needs: key, input
 * record or operations, a private copy of its policy, and its result.  The
 * Python side fills it, runs it (blocking, or on a C event loop), and reads
 * the result back as one buffer in CPython's marshal format, so a command
 * crosses the C boundary a handful of times whatever the size of its record.
 *
 * Ownership: aspy_request_new() allocates; aspy_request_free() releases every
 * as_* object the request holds, exactly once.  Nothing in a request points
 * into Python-owned memory: keys, bin names and values are copied in.
 */
#ifndef ASPY_H
#define ASPY_H

#include <aerospike/aerospike.h>
#include <aerospike/aerospike_key.h>
#include <aerospike/aerospike_info.h>
#include <aerospike/as_event.h>
#include <aerospike/as_log.h>
#include <aerospike/as_cluster.h>
#include <aerospike/as_node.h>
#include <aerospike/as_operations.h>
#include <aerospike/as_record.h>
#include <aerospike/as_arraylist.h>
#include <aerospike/as_hashmap.h>
#include <aerospike/as_orderedmap.h>
#include <aerospike/as_geojson.h>
#include <aerospike/as_boolean.h>
#include <aerospike/as_double.h>
#include <aerospike/as_nil.h>
#include <aerospike/as_info.h>
#include <aerospike/as_password.h>
#include <aerospike/as_msgpack_ext.h>
#include <aerospike/as_bin.h>
#include <aerospike/aerospike_batch.h>
#include <aerospike/aerospike_query.h>
#include <aerospike/aerospike_index.h>
#include <aerospike/as_query.h>
#include <aerospike/as_exp.h>
#include <pthread.h>

#define ASPY_ABI_VERSION 3

/* Command kinds. */
enum {
	ASPY_CMD_GET = 1,
	ASPY_CMD_SELECT = 2,
	ASPY_CMD_EXISTS = 3,
	ASPY_CMD_PUT = 4,
	ASPY_CMD_REMOVE = 5,
	ASPY_CMD_OPERATE = 6,
	ASPY_CMD_BATCH = 7,
	ASPY_CMD_QUERY = 8,
	ASPY_CMD_APPLY = 9,
	/* From here on: no event-loop form; the async client runs them in a worker thread. */
	ASPY_CMD_INFO_ALL = 16,
	ASPY_CMD_INFO_ANY = 17,
	ASPY_CMD_INDEX_CREATE = 18,
	ASPY_CMD_INDEX_REMOVE = 19,
	ASPY_CMD_TRUNCATE = 20,
	ASPY_CMD_UDF_PUT = 21,
	ASPY_CMD_UDF_REMOVE = 22,
	ASPY_CMD_UDF_LIST = 23,
	ASPY_CMD_UDF_GET = 24,
	ASPY_CMD_JOB_INFO = 25,
	ASPY_CMD_QUERY_BACKGROUND = 26,
	ASPY_CMD_ADMIN = 27,
	ASPY_CMD_INFO_NODE = 28,
};

/* Batch entry kinds (first item of each entry tuple). */
enum { ASPY_BATCH_READ = 1, ASPY_BATCH_OPERATE = 2, ASPY_BATCH_REMOVE = 3, ASPY_BATCH_APPLY = 4 };

/* Expression operation codes (aerospike_py.expression_operations). */
enum { ASPY_OP_EXP_READ = 5001, ASPY_OP_EXP_WRITE = 5002 };

/* Request flags. */
#define ASPY_FLAG_ORDERED 1u    /* operate result as an ordered list of (bin, value) */
#define ASPY_FLAG_SPECIAL 2u    /* result holds GeoJSON/HLL markers to post-process */
#define ASPY_FLAG_GROUP 4u      /* bins dict: a bin with several results gets the list of them */
#define ASPY_FLAG_BATCH_KEEP 0x200u /* batch rows stay in the records, read by aspy_fast_batch.c */

/* Low bits of a drained ticket (tickets are multiples of 4): the command
 * failed; its result must be read from the request. */
#define ASPY_TICKET_FAILED 1u
#define ASPY_TICKET_REQUEST 2u

/* Key kinds. */
/* ASPY_KEY_BYTES (Python bytes) is a string-typed key; ASPY_KEY_BLOB (bytearray) a blob key. */
enum { ASPY_KEY_STR = 1, ASPY_KEY_INT = 2, ASPY_KEY_BYTES = 3, ASPY_KEY_DIGEST = 4, ASPY_KEY_BLOB = 5 };

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
} aspy_policy;

/*
 * Records streamed out of a query: producers (C client threads or event-loop
 * listeners) append encoded records to `chunk`; the Python consumer takes the
 * whole chunk at once.  `limit` bounds the records buffered for a blocking
 * query (its producer waits); an event-loop producer never waits.
 */
typedef struct aspy_stream_s {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	aspy_buffer chunk;
	uint32_t count;
	uint32_t limit;
	uint32_t flags;
	bool done;
	bool cancel;
} aspy_stream;

typedef struct aspy_request_s {
	int kind;
	uint32_t flags;
	bool has_key;
	bool has_record;
	bool has_ops;
	bool has_policy;
	as_key key;
	as_record record;
	as_operations ops;
	char** bin_names;          /* NULL-terminated, for select */
	char* text;                /* info command; index/truncate names */
	aspy_policy policy;
	as_exp* filter;            /* owned: the policy's filter, or the expression of an index to create */
	as_batch_records* batch;   /* heap: the async API requires it */
	bool has_query;
	as_query query;
	as_partition_filter* partitions;
	aspy_stream* stream;
	bool stream_final;         /* the listener's last push: set before it is queued */
	bool has_ctx;
	as_cdt_ctx ctx;            /* index or query predicate context (aspy_ops.c) */
	char* args[4];             /* index: ns, set, bin, name; truncate: ns, set */
	int64_t iargs[3];          /* index: type, datatype; truncate: before nanos */
	as_list* udf_args;         /* apply: the UDF's arguments (aspy_udf.c) */
	as_bytes* udf_content;     /* udf_put: the module's source */
	uint64_t job_id;           /* job_info */
	as_val* admin;             /* admin: the command's argument tuple (aspy_admin.c) */
	struct aspy_retry_s* retry; /* batch_write's retry loop (aspy_retry.c) */
	/* result */
	as_error err;
	int status;
	aspy_buffer out;
	/* async bookkeeping */
	struct aspy_request_s* next;
	aspy_cq* cq;
	bool in_cq;
	uint64_t ticket;
} aspy_request;

aspy_request* aspy_request_new(int kind);
void aspy_request_free(aspy_request* req);
int aspy_request_begin_key(aspy_request* req, int kind, const char* buf, size_t size);
int aspy_request_begin(aspy_request* req, int kind, const char* ns, const char* set, int key_kind,
		const char* data, size_t len, int64_t ival);
void aspy_key_init_text(as_key* key, const char* ns, const char* set, char* s, size_t len);
int aspy_request_set_key(aspy_request* req, const char* ns, const char* set, int kind,
		const char* data, size_t len, int64_t ival);
int aspy_request_set_bins(aspy_request* req, const char* buf, size_t len, uint32_t nbins,
		uint32_t ttl, uint16_t gen);
int aspy_request_set_ops(aspy_request* req, const char* buf, size_t len, uint32_t ttl, uint16_t gen);
int aspy_request_set_bin_names(aspy_request* req, const char* buf, size_t len, uint32_t count);
int aspy_request_set_text(aspy_request* req, const char* text, size_t len);
void aspy_request_policy_defaults(aerospike* as, aspy_request* req);
int aspy_execute(aerospike* as, aspy_request* req);
int aspy_info_answer(aspy_request* req, as_status status, char* response);

/* Marshal codec. */
int aspy_marshal_to_record(const char* buf, size_t len, as_record* rec, as_error* err);
int aspy_check_nested_text(const as_val* v, as_error* err, const char* bin);
int aspy_write_val(aspy_buffer* out, const as_val* val, uint32_t* flags);
void aspy_buffer_destroy(aspy_buffer* b);

/* Config helpers. */
int aspy_cluster_node_names(aerospike* as, aspy_buffer* out);

/* Async execution and completion queue (aspy_async.c). */
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

/* Logging bridge. */
void aspy_log_install(void);
int aspy_log_set_level(int level);
as_status aspy_connect(aerospike* as, as_error* err, aspy_buffer* causes);
uint64_t aspy_log_dropped(void);
void aspy_log_count_drop(void);
int aspy_encode_record(aspy_request* req, const as_record* rec, bool with_bins);
int aspy_write_record(aspy_buffer* out, const as_key* key, const as_record* rec, bool with_bins, uint32_t* flags);
int aspy_write_meta_bins(aspy_buffer* out, const as_record* rec, bool with_bins, uint32_t* flags);
int aspy_w_raw(aspy_buffer* b, const void* data, size_t n);
int aspy_w_head(aspy_buffer* b, char type, int32_t n);
int aspy_w_text(aspy_buffer* b, const char* s, size_t len);
int aspy_w_str(aspy_buffer* b, const char* s, size_t len);
int aspy_add_operation(aspy_request* req, as_operations* ops, as_list* entry);
/* List/map/bit/HLL operations and CDT contexts (aspy_ops.c). */
int aspy_add_cdt_operation(aspy_request* req, as_operations* ops, int64_t code, const char* bin, as_val* args);
int aspy_ctx_from_list(as_list* items, as_cdt_ctx* ctx, as_error* err);
int aspy_request_set_ctx(aspy_request* req, const char* buf, size_t len);
int aspy_request_ctx_from_list(aspy_request* req, as_list* items);
void aspy_ctx_clear(aspy_request* req);
int aspy_write_grouped_bins(aspy_buffer* out, const as_bins* bins, uint32_t* flags);
int aspy_fail(aspy_request* req, as_status code, const char* fmt, ...);

/* Blocking get/put hot path, in CPython's calling convention (aspy_fast.c). */
enum { ASPY_FAST_OFF = 0, ASPY_FAST_ON = 1, ASPY_FAST_METRICS = 2 };
enum { ASPY_HISTOGRAM_BUCKETS = 10 };

/* A connected client as the fast path sees it; owned by the Python handle. */
typedef struct aspy_fast_client_s {
	aerospike* client;
	int open;
	int active;  /* fast-path commands running: close waits for 0 */
} aspy_fast_client;

/* One metrics series: counts per duration bucket (not cumulative) and the sum of seconds. */
typedef struct aspy_histogram_s {
	uint64_t counts[ASPY_HISTOGRAM_BUCKETS];
	double sum;
} aspy_histogram;

int aspy_fast_install(void);
void aspy_fast_set_mode(int mode);
void aspy_fast_forget_series(void);

/* Batch, query, index and truncate (aspy_bq.c). */
int aspy_request_set_batch(aerospike* as, aspy_request* req, const char* buf, size_t len);
int aspy_request_set_query(aspy_request* req, const char* buf, size_t len, uint32_t queue_limit);
int aspy_request_set_names(aspy_request* req, const char* buf, size_t len);
void aspy_bq_clear(aspy_request* req);
void aspy_bq_policy_defaults(aerospike* as, aspy_request* req);
int aspy_bq_execute(aerospike* as, aspy_request* req);
int aspy_bq_execute_async(aerospike* as, aspy_request* req);
int aspy_batch_complete(aspy_request* req, as_status status);
int aspy_batch_encode(aspy_buffer* out, const as_batch_records* batch, uint32_t* flags);
void aspy_batch_finish_async(aspy_request* req, as_error* err);

/* batch_write's retry loop (aspy_retry.c). */
typedef struct aspy_retry_s aspy_retry;
int aspy_batch_set_retry(aspy_request* req, uint32_t max_attempts);
void aspy_batch_retry_info(aspy_request* req, uint32_t* attempts, bool* truncated);
void aspy_retry_clear(aspy_request* req);
void aspy_retry_start(aerospike* as, aspy_request* req);
as_batch_records* aspy_retry_next(aspy_request* req, uint32_t* delay_ms);
const as_batch_base_record* aspy_retry_result(const aspy_request* req, const as_batch_records* batch, uint32_t i);
as_status aspy_retry_run(aerospike* as, aspy_request* req, const as_policy_batch* policy, as_status status);
void aspy_retry_drop(aspy_request* req, as_batch_records* sub);
void aspy_retry_continue(aspy_request* req, as_error* err, as_event_loop* loop);
int aspy_stream_take(aspy_request* req, int wait_ms);
void aspy_stream_cancel(aspy_request* req);
bool aspy_stream_push(aspy_request* req, const as_record* rec, bool wait);
void aspy_stream_finish(aspy_request* req, const as_error* err, aspy_cq* cq);
void aspy_cq_push(aspy_cq* cq, aspy_request* req);
void aspy_cq_push_final(aspy_cq* cq, aspy_request* req);
int aspy_complete(aspy_request* req, as_status status, const as_record* rec);

/* Plain batch reads: keys from the Python list, rows built as Python objects (aspy_fast_batch.c). */
int aspy_fast_batch_install(void);
int aspy_numpy_fill_records(const as_batch_records* batch, uint32_t count, char* data, size_t itemsize,
		uint32_t nfields, const char* const* names, const char* kinds, const uint32_t* sizes,
		const uint32_t* offsets, uint32_t* meta, int32_t* codes, char* err, size_t err_cap);

/* Filter expressions and expression operations (aspy_exp.c). */
int aspy_request_set_filter(aspy_request* req, const char* buf, size_t len);
void aspy_exp_clear(aspy_request* req);
int aspy_add_exp_operation(aspy_request* req, as_operations* ops, int64_t code, const char* bin, as_val* value);
int aspy_exp_from_val(aspy_request* req, as_val* val, as_exp** out);
int aspy_request_set_index_exp(aspy_request* req, const char* buf, size_t len);

/* UDFs, background jobs (aspy_udf.c). */
int aspy_request_set_apply(aspy_request* req, const char* buf, size_t len);
int aspy_request_set_udf_file(aspy_request* req, const char* name, const uint8_t* content, uint32_t len,
		bool has_content);
int aspy_request_set_job(aspy_request* req, const char* module, uint64_t job_id);
int aspy_request_set_background(aspy_request* req, const char* buf, size_t len);
int aspy_udf_batch_entry(aspy_request* req, aerospike* as, as_list* e, uint32_t index);
void aspy_udf_batch_entry_destroy(as_batch_apply_record* r);
void aspy_udf_clear(aspy_request* req);
void aspy_udf_policy_defaults(aerospike* as, aspy_request* req);
int aspy_udf_execute(aerospike* as, aspy_request* req);
int aspy_udf_execute_async(aerospike* as, aspy_request* req);

/* Query pagination (aspy_page.c). */
int aspy_query_page_begin(aspy_request* req, const uint8_t* cursor, uint32_t len);
int aspy_query_page_end(aspy_request* req);

/* Security administration (aspy_admin.c). */
int aspy_request_set_admin(aspy_request* req, const char* buf, size_t len);
void aspy_admin_clear(aspy_request* req);
int aspy_admin_execute(aerospike* as, aspy_request* req);

/* Info extras (aspy_info.c). */
int aspy_cluster_nodes(aerospike* as, aspy_buffer* out);
int aspy_cluster_stats(aerospike* as, aspy_buffer* out);
int aspy_config_policies(aerospike* as, aspy_buffer* out);
int aspy_key_digest(aspy_request* req, uint8_t* out);
int aspy_request_set_host(aspy_request* req, const char* host);
int aspy_info_node_execute(aerospike* as, aspy_request* req);

/* NumPy batch results (aspy_numpy.c). */
int aspy_numpy_fill(const char* buf, size_t len, uint32_t count, char* data, size_t itemsize, uint32_t nfields,
		const char* const* names, const char* kinds, const uint32_t* sizes, const uint32_t* offsets,
		uint32_t* meta, int32_t* codes, char* err, size_t err_cap);

#endif
