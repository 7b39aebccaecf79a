/* aspy.h, NumPy part (include/aspy_numpy.c): batch rows written into a structured array. */
int aspy_numpy_fill(const char* buf, size_t len, uint32_t count, char* data, size_t itemsize, uint32_t nfields,
		const char* const* names, const char* kinds, const uint32_t* sizes, const uint32_t* offsets,
		uint32_t* meta, int32_t* codes, char* err, size_t err_cap);
