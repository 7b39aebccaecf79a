/* aspy.h, plain batch reads (include/aspy_fast_batch.c): Python functions installed into aerospike_py._fastbatch. */
typedef ... as_batch_records;

int aspy_fast_batch_install(void);
int aspy_numpy_fill_records(const as_batch_records* batch, uint32_t count, char* data, size_t itemsize,
		uint32_t nfields, const char* const* names, const char* kinds, const uint32_t* sizes,
		const uint32_t* offsets, uint32_t* meta, int32_t* codes, char* err, size_t err_cap);
