/* as_error.h */
#define AS_ERROR_MESSAGE_MAX_SIZE ...
typedef struct as_error_s {
	as_status code;
	char message[...];
	const char* func;
	const char* file;
	uint32_t line;
	bool in_doubt;
	...;
} as_error;
