/* The hot paths: blocking get/put (aspy_fast.c). */
#define ASPY_FAST_OFF ...
#define ASPY_FAST_ON ...
#define ASPY_FAST_METRICS ...
#define ASPY_HISTOGRAM_BUCKETS ...

typedef struct aspy_fast_client_s {
	aerospike* client;
	int open;
	int active;
} aspy_fast_client;

typedef struct aspy_histogram_s {
	uint64_t counts[10];
	double sum;
} aspy_histogram;

int aspy_fast_install(void);
void aspy_fast_set_mode(int mode);
void aspy_fast_forget_series(void);
