/*
 * Raw C client baseline for benchmarks/callgrind_kv.py.
 *
 * Does the same work as a Python worker in bench_kv.py (same keys, same bins,
 * same warm-up), straight on libaerospike, so that instructions per operation
 * of the Python clients can be compared with the C client they sit on.
 *
 * usage: kv HOST PORT OP N [WARMUP] [KEYSPACE] [TEND_MS]
 *   OP is "get", "put" or "both".  Prints one JSON line with wall and CPU time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <aerospike/aerospike.h>
#include <aerospike/aerospike_key.h>
#include <aerospike/as_error.h>
#include <aerospike/as_key.h>
#include <aerospike/as_record.h>

#define NS "test"
#define SET "bench"
#define PAYLOAD "payload-0123456789abcdef-0123456789abcdef"

static double now(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int do_put(aerospike* as, int64_t i, int64_t keyspace)
{
	as_error err;
	as_key key;
	as_record rec;
	as_key_init_int64(&key, NS, SET, i % keyspace);
	as_record_inita(&rec, 2);
	as_record_set_int64(&rec, "i", i);
	as_record_set_str(&rec, "s", PAYLOAD);
	as_status st = aerospike_key_put(as, &err, NULL, &key, &rec);
	as_record_destroy(&rec);
	as_key_destroy(&key);
	if (st != AEROSPIKE_OK) {
		fprintf(stderr, "put failed: %d %s\n", err.code, err.message);
		return -1;
	}
	return 0;
}

static int do_get(aerospike* as, int64_t i, int64_t keyspace)
{
	as_error err;
	as_key key;
	as_record* rec = NULL;
	as_key_init_int64(&key, NS, SET, i % keyspace);
	as_status st = aerospike_key_get(as, &err, NULL, &key, &rec);
	as_key_destroy(&key);
	if (st != AEROSPIKE_OK) {
		fprintf(stderr, "get failed: %d %s\n", err.code, err.message);
		return -1;
	}
	as_record_destroy(rec);
	return 0;
}

/* Runs n operations; returns 0 and fills wall/cpu seconds, or -1 on error. */
static int run(aerospike* as, int (*op)(aerospike*, int64_t, int64_t), int64_t n,
		int64_t keyspace, double* wall, double* cpu)
{
	double w0 = now(CLOCK_MONOTONIC);
	double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (int64_t i = 0; i < n; i++) {
		if (op(as, i, keyspace) != 0) {
			return -1;
		}
	}
	*wall = now(CLOCK_MONOTONIC) - w0;
	*cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	return 0;
}

int main(int argc, char** argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: %s HOST PORT get|put|both N [WARMUP] [KEYSPACE] [TEND_MS]\n", argv[0]);
		return 2;
	}
	const char* host = argv[1];
	int port = atoi(argv[2]);
	const char* which = argv[3];
	int64_t n = atoll(argv[4]);
	int64_t warmup = argc > 5 ? atoll(argv[5]) : 1000;
	int64_t keyspace = argc > 6 ? atoll(argv[6]) : 1000;
	uint32_t tend_ms = argc > 7 ? (uint32_t)atoi(argv[7]) : 1000;

	as_config config;
	as_config_init(&config);
	as_config_add_host(&config, host, (uint16_t)port);
	config.tender_interval = tend_ms;

	aerospike as;
	aerospike_init(&as, &config);
	as_error err;
	if (aerospike_connect(&as, &err) != AEROSPIKE_OK) {
		fprintf(stderr, "connect failed: %d %s\n", err.code, err.message);
		aerospike_destroy(&as);
		return 1;
	}

	/* Warm-up writes the whole key space so every measured get finds its record. */
	int64_t warm = warmup > keyspace ? warmup : keyspace;
	double w, c;
	int rc = run(&as, do_put, warm, keyspace, &w, &c);
	if (rc == 0) {
		rc = run(&as, do_get, warmup, keyspace, &w, &c);
	}

	double put_wall = 0, put_cpu = 0, get_wall = 0, get_cpu = 0;
	if (rc == 0 && (strcmp(which, "put") == 0 || strcmp(which, "both") == 0)) {
		rc = run(&as, do_put, n, keyspace, &put_wall, &put_cpu);
	}
	if (rc == 0 && (strcmp(which, "get") == 0 || strcmp(which, "both") == 0)) {
		rc = run(&as, do_get, n, keyspace, &get_wall, &get_cpu);
	}

	aerospike_close(&as, &err);
	aerospike_destroy(&as);
	if (rc != 0) {
		return 1;
	}
	printf("{\"client\": \"c\", \"ops\": %lld, \"put_wall\": %.9f, \"put_cpu\": %.9f, "
			"\"get_wall\": %.9f, \"get_cpu\": %.9f}\n",
			(long long)n, put_wall, put_cpu, get_wall, get_cpu);
	return 0;
}
