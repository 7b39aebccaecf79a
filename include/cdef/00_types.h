/* as_status.h, as_val.h: the basic types every other declaration uses. */
typedef int... as_status;
typedef ... as_val;
typedef ... as_vector;
typedef struct as_event_loop { ...; } as_event_loop;
#define AEROSPIKE_OK ...
