/*
 * Raw C async baseline for benchmarks/bench_async.py.
 *
 * The same work as an async Python worker there (same keys, same bins, the
 * same number of commands in flight), straight on the C client's own async
 * API: one event loop, each completion starting the next command.  It shows
 * what the server allows and what the C client itself costs per command.
 *
 * usage: kv_async HOST PORT OP N CONCURRENCY KEYSPACE
 *   OP is "get", "put" or "both".  Prints one JSON line in the worker format:
 *   put_ops_s, put_cpu_us, get_ops_s, get_cpu_us.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <aerospike/aerospike.h>
#include <aerospike/aerospike_key.h>
#include <aerospike/as_error.h>
#include <aerospike/as_event.h>
#include <aerospike/as_key.h>
#include <aerospike/as_record.h>

#define NS "test"
#define SET "bench"
#define PAYLOAD "payload-0123456789abcdef-0123456789abcdef"

typedef struct {
	aerospike* as;
	int put;            /* 1: puts, 0: gets */
	int64_t total;      /* commands to run */
	int64_t started;    /* touched on the loop thread only, after the first wave */
	int64_t finished;
	int64_t keyspace;
	int failed;
	pthread_mutex_t lock;
	pthread_cond_t done;
} phase;

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void start_next(phase* p, as_event_loop* loop);

static void finished_one(phase* p, as_error* err, as_event_loop* loop)
{
	if (err) {
		fprintf(stderr, "command failed: %d %s\n", err->code, err->message);
		p->failed = 1;
	}
	/* Decide under the lock: once the last command is counted, the waiting
	 * thread may return and `p` (on its stack) is gone. */
	pthread_mutex_lock(&p->lock);
	int64_t finished = ++p->finished;
	int more = p->started < p->total && !p->failed;
	if (finished == p->total || p->failed) {
		pthread_cond_signal(&p->done);
	}
	pthread_mutex_unlock(&p->lock);
	if (more) {
		start_next(p, loop);
	}
}

static void on_record(as_error* err, as_record* rec, void* udata, as_event_loop* loop)
{
	finished_one((phase*)udata, err, loop);
}

static void on_write(as_error* err, void* udata, as_event_loop* loop)
{
	finished_one((phase*)udata, err, loop);
}

static void start_next(phase* p, as_event_loop* loop)
{
	pthread_mutex_lock(&p->lock);
	int64_t i = p->started++;
	pthread_mutex_unlock(&p->lock);
	char user_key[32];
	snprintf(user_key, sizeof(user_key), "async-%lld", (long long)(i % p->keyspace));
	as_key key;
	as_key_init_str(&key, NS, SET, user_key);
	as_error err;
	as_status st;
	if (p->put) {
		as_record rec;
		as_record_inita(&rec, 2);
		as_record_set_int64(&rec, "v", i);
		as_record_set_str(&rec, "p", PAYLOAD);
		st = aerospike_key_put_async(p->as, &err, NULL, &key, &rec, on_write, p, loop, NULL);
		as_record_destroy(&rec);
	}
	else {
		st = aerospike_key_get_async(p->as, &err, NULL, &key, on_record, p, loop, NULL);
	}
	as_key_destroy(&key);
	if (st != AEROSPIKE_OK) {
		fprintf(stderr, "submit failed: %d %s\n", err.code, err.message);
		pthread_mutex_lock(&p->lock);
		p->failed = 1;
		pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

/* Runs one phase with `concurrency` commands in flight; ops/s and CPU µs per command. */
static int run_phase(aerospike* as, int put, int64_t n, int concurrency, int64_t keyspace,
		double* ops_s, double* cpu_us)
{
	phase p = {.as = as, .put = put, .total = n, .keyspace = keyspace};
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.done, NULL);
	as_event_loop* loop = as_event_loop_get();
	double w0 = now(CLOCK_MONOTONIC);
	double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < concurrency && i < n; i++) {
		start_next(&p, loop);
	}
	pthread_mutex_lock(&p.lock);
	while (p.finished < p.total && !p.failed) {
		pthread_cond_wait(&p.done, &p.lock);
	}
	pthread_mutex_unlock(&p.lock);
	double wall = now(CLOCK_MONOTONIC) - w0;
	double cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	*ops_s = (double)n / wall;
	*cpu_us = cpu / (double)n * 1e6;
	/* A failed phase may still have commands in flight: never free p under them. */
	if (p.failed) {
		fflush(stderr);
		_exit(1);
	}
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.lock);
	return 0;
}

int main(int argc, char** argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: %s HOST PORT get|put|both N CONCURRENCY KEYSPACE\n", argv[0]);
		return 2;
	}
	const char* host = argv[1];
	int port = atoi(argv[2]);
	const char* which = argv[3];
	int64_t n = atoll(argv[4]);
	int concurrency = atoi(argv[5]);
	int64_t keyspace = atoll(argv[6]);

	as_error err;
	if (as_create_event_loops(&err, NULL, 1, NULL) != AEROSPIKE_OK) {
		fprintf(stderr, "event loops: %d %s\n", err.code, err.message);
		return 1;
	}
	as_config config;
	as_config_init(&config);
	as_config_add_host(&config, host, (uint16_t)port);
	aerospike as;
	aerospike_init(&as, &config);
	if (aerospike_connect(&as, &err) != AEROSPIKE_OK) {
		fprintf(stderr, "connect failed: %d %s\n", err.code, err.message);
		aerospike_destroy(&as);
		as_event_close_loops();
		return 1;
	}

	/* Warm-up: write the whole key space once, as the Python workers do. */
	double ops_s, cpu_us;
	run_phase(&as, 1, keyspace, concurrency, keyspace, &ops_s, &cpu_us);

	printf("{");
	const char* sep = "";
	if (strcmp(which, "put") == 0 || strcmp(which, "both") == 0) {
		run_phase(&as, 1, n, concurrency, keyspace, &ops_s, &cpu_us);
		printf("\"put_ops_s\": %.1f, \"put_cpu_us\": %.3f", ops_s, cpu_us);
		sep = ", ";
	}
	if (strcmp(which, "get") == 0 || strcmp(which, "both") == 0) {
		run_phase(&as, 0, n, concurrency, keyspace, &ops_s, &cpu_us);
		printf("%s\"get_ops_s\": %.1f, \"get_cpu_us\": %.3f", sep, ops_s, cpu_us);
	}
	printf("}\n");
	fflush(stdout);

	aerospike_close(&as, &err);
	aerospike_destroy(&as);
	as_event_close_loops();
	return 0;
}
