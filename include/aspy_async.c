/*
 * Async commands on the C client's event loops, handed back to Python in
 * batches.
 *
 * A listener runs on an event-loop thread and never touches Python: it copies
 * the outcome into the request (the record it is given dies when it returns),
 * links the request onto a completion queue, and writes to the queue's
 * eventfd only when the queue goes from empty to non-empty.  Python waits on
 * that fd with anyio, then drains every finished ticket in one call.  So a
 * completion costs no GIL acquisition on the loop thread, and a burst of them
 * costs one wake-up.
 */
#include "aspy.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

extern uint32_t as_event_loop_capacity;
extern uint32_t as_event_loop_size;
extern as_event_loop* as_event_loops;
extern bool as_event_threads_created;

struct aspy_cq_s {
	pthread_mutex_t lock;
	aspy_request* head;
	aspy_request* tail;
	int fd;
	uint64_t pushed;
	uint64_t next_ticket;
};

aspy_cq*
aspy_cq_new(void)
{
	aspy_cq* cq = calloc(1, sizeof(aspy_cq));
	if (!cq) {
		return NULL;
	}
	cq->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (cq->fd < 0) {
		free(cq);
		return NULL;
	}
	pthread_mutex_init(&cq->lock, NULL);
	return cq;
}

/* Only once nothing can complete onto it any more (the owner tracks that). */
void
aspy_cq_free(aspy_cq* cq)
{
	if (!cq) {
		return;
	}
	close(cq->fd);
	pthread_mutex_destroy(&cq->lock);
	free(cq);
}

int
aspy_cq_fd(aspy_cq* cq)
{
	return cq->fd;
}

/*
 * Queues a request's ticket once: a streaming request pushed again before
 * Python drained it stays queued once (its consumer takes everything new).
 * `final` marks a stream's last push; it is set under the queue's lock, so a
 * drain sees it only once this push is complete.  Everything, the eventfd
 * write included, happens under that lock: once a drain can take the ticket,
 * Python may free the request (and, when closing, the queue), and this
 * thread must not touch either afterwards.
 */
static void
cq_push(aspy_cq* cq, aspy_request* req, bool final)
{
	pthread_mutex_lock(&cq->lock);
	if (final) {
		req->stream_final = true;
	}
	if (!req->in_cq) {
		req->in_cq = true;
		req->next = NULL;
		bool was_empty = cq->head == NULL;
		if (was_empty) {
			cq->head = req;
		}
		else {
			cq->tail->next = req;
		}
		cq->tail = req;
		cq->pushed++;
		if (was_empty) {
			uint64_t one = 1;
			ssize_t n;
			do {
				n = write(cq->fd, &one, sizeof(one));
			} while (n < 0 && errno == EINTR);
		}
	}
	pthread_mutex_unlock(&cq->lock);
}

void
aspy_cq_push(aspy_cq* cq, aspy_request* req)
{
	cq_push(cq, req, false);
}

/* A stream's last push: the last touch of the request by its listener. */
void
aspy_cq_push_final(aspy_cq* cq, aspy_request* req)
{
	cq_push(cq, req, true);
}

/* Writes a non-negative ticket as a marshal int (or long, past 2**31); returns its size. */
static size_t
put_ticket(char* p, int64_t v)
{
	if (v <= INT32_MAX) {
		uint32_t u = (uint32_t)v;
		p[0] = 'i';
		p[1] = (char)(u & 0xff);
		p[2] = (char)((u >> 8) & 0xff);
		p[3] = (char)((u >> 16) & 0xff);
		p[4] = (char)(u >> 24);
		return 5;
	}
	uint64_t mag = (uint64_t)v;
	int n = 0;
	char* d = p + 5;
	while (mag) {
		d[2 * n] = (char)(mag & 0xff);
		d[2 * n + 1] = (char)((mag >> 8) & 0x7f);
		mag >>= 15;
		n++;
	}
	p[0] = 'l';
	p[1] = (char)n;
	p[2] = p[3] = p[4] = 0;
	return 5 + 2 * (size_t)n;
}

/* The most one entry's ticket and placeholder take: 'l', count, 5 digits; 'N'. */
#define TICKET_ROOM 16

/*
 * Moves up to `max` finished commands into `buf` as one marshal tuple,
 * (ticket, result, ticket, result, ...): the ticket with its ASPY_TICKET_*
 * bits, and the command's marshalled result copied from the request (None
 * when it has none).  One marshal.loads in Python then decodes a whole burst
 * without reading any request's fields.  A result that does not fit, or needs
 * post-processing, is flagged ASPY_TICKET_REQUEST (None here) and read from
 * the request.  Returns how many commands.  The eventfd is cleared before the
 * queue is taken, so a push racing with the drain either lands in this batch
 * or signals the fd again.
 */
int
aspy_cq_drain(aspy_cq* cq, int max, char* buf, size_t cap)
{
	uint64_t counter;
	while (read(cq->fd, &counter, sizeof(counter)) < 0 && errno == EINTR) {
	}
	int n = 0;
	size_t used = 5; /* the tuple's type and size, written last */
	pthread_mutex_lock(&cq->lock);
	while (cq->head && n < max && cap - used >= 2 * TICKET_ROOM) {
		aspy_request* req = cq->head;
		cq->head = req->next;
		req->next = NULL;
		req->in_cq = false;
		int64_t ticket = (int64_t)req->ticket;
		size_t len = 0;
		if (req->stream) {
			/* Records are taken from the stream, not copied here.  FAILED marks
			 * the stream's last ticket: only then may Python let the request go. */
			ticket |= ASPY_TICKET_REQUEST | (req->stream_final ? ASPY_TICKET_FAILED : 0);
		}
		else if (!(ticket & ASPY_TICKET_FAILED)) {
			len = req->out.len;
			if ((req->flags & ASPY_FLAG_SPECIAL) || len > cap - used - TICKET_ROOM) {
				ticket |= ASPY_TICKET_REQUEST;
				len = 0;
			}
		}
		used += put_ticket(buf + used, ticket);
		if (len) {
			memcpy(buf + used, req->out.data, len);
			used += len;
		}
		else {
			buf[used++] = 'N';
		}
		n++;
	}
	if (!cq->head) {
		cq->tail = NULL;
	}
	bool more = cq->head != NULL;
	pthread_mutex_unlock(&cq->lock);
	uint32_t items = 2 * (uint32_t)n;
	buf[0] = '(';
	buf[1] = (char)(items & 0xff);
	buf[2] = (char)((items >> 8) & 0xff);
	buf[3] = (char)((items >> 16) & 0xff);
	buf[4] = (char)(items >> 24);
	if (more) {
		/* Leave the fd readable so the rest is drained on the next wake-up. */
		uint64_t one = 1;
		while (write(cq->fd, &one, sizeof(one)) < 0 && errno == EINTR) {
		}
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Listeners (event-loop threads; no Python here)                       */
/* ------------------------------------------------------------------ */

static void
finish(aspy_request* req, as_error* err, as_record* rec)
{
	int rc;
	if (err) {
		as_error_copy(&req->err, err);
		rc = aspy_complete(req, err->code, NULL);
	}
	else {
		rc = aspy_complete(req, AEROSPIKE_OK, rec);
	}
	/* The drain hands out the ticket with this bit: Python learns of a
	 * failure without reading the error struct back. */
	if (rc) {
		req->ticket |= ASPY_TICKET_FAILED;
	}
	aspy_cq_push(req->cq, req);
}

static void
on_record(as_error* err, as_record* rec, void* udata, as_event_loop* loop)
{
	finish((aspy_request*)udata, err, rec);
}

static void
on_write(as_error* err, void* udata, as_event_loop* loop)
{
	finish((aspy_request*)udata, err, NULL);
}

#define POLICY(member) (req->has_policy ? &req->policy.member : NULL)

/*
 * Queues the request on an event loop.  On success the listener will run
 * exactly once and the request must stay alive until it has been drained;
 * on failure it never runs and the error is in req->err.
 */
int
aspy_execute_async(aerospike* as, aspy_request* req, aspy_cq* cq)
{
	as_error_reset(&req->err);
	req->status = AEROSPIKE_OK;
	req->cq = cq;
	as_status status;
	switch (req->kind) {
	case ASPY_CMD_GET:
		status = aerospike_key_get_async(as, &req->err, POLICY(read), &req->key, on_record, req, NULL, NULL);
		break;
	case ASPY_CMD_SELECT:
		status = aerospike_key_select_async(as, &req->err, POLICY(read), &req->key,
				(const char**)req->bin_names, on_record, req, NULL, NULL);
		break;
	case ASPY_CMD_EXISTS:
		status = aerospike_key_exists_async(as, &req->err, POLICY(read), &req->key, on_record, req, NULL, NULL);
		break;
	case ASPY_CMD_PUT:
		status = aerospike_key_put_async(as, &req->err, POLICY(write), &req->key, &req->record,
				on_write, req, NULL, NULL);
		break;
	case ASPY_CMD_REMOVE:
		status = aerospike_key_remove_async(as, &req->err, POLICY(remove), &req->key, on_write, req, NULL, NULL);
		break;
	case ASPY_CMD_OPERATE:
		status = aerospike_key_operate_async(as, &req->err, POLICY(operate), &req->key, &req->ops,
				on_record, req, NULL, NULL);
		break;
	default:
		/* Batch and query; anything else (info, index, truncate) is refused there. */
		return aspy_bq_execute_async(as, req);
	}
	if (status != AEROSPIKE_OK) {
		req->status = status;
		return -1;
	}
	return 0;
}

/*
 * Gives the request its ticket and queues it: the ticket (> 0, a multiple of 4) on
 * success, 0 with the error in req->err on failure.  The ticket is assigned
 * before the command starts, as the listener may run at once.
 */
int64_t
aspy_submit(aerospike* as, aspy_request* req, aspy_cq* cq)
{
	req->ticket = __atomic_add_fetch(&cq->next_ticket, 4, __ATOMIC_RELAXED);
	return aspy_execute_async(as, req, cq) ? 0 : (int64_t)req->ticket;
}

/* ------------------------------------------------------------------ */
/* Event loops                                                          */
/* ------------------------------------------------------------------ */

int
aspy_event_loops_create(uint32_t count, int max_in_process, uint32_t max_in_queue, as_error* err)
{
	as_error_reset(err);
	if (as_event_loop_size > 0) {
		return 0;
	}
	as_policy_event policy;
	as_policy_event_init(&policy);
	policy.max_commands_in_process = max_in_process;
	policy.max_commands_in_queue = max_in_queue;
	return as_create_event_loops(err, &policy, count, NULL) == AEROSPIKE_OK ? 0 : -1;
}

uint32_t
aspy_event_loops_size(void)
{
	return as_event_loop_size;
}

void
aspy_event_loops_close(void)
{
	if (as_event_loop_size > 0) {
		as_event_close_loops();
	}
}

/*
 * In a child after fork() the loop threads do not exist; forget the parent's
 * loops (their memory is the parent's copy) so new ones can be created.
 */
void
aspy_event_loops_forget(void)
{
	as_event_loops = NULL;
	as_event_loop_size = 0;
	as_event_loop_capacity = 0;
	as_event_threads_created = false;
}
