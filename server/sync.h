/*
 * Synchronization objects (event.c, mutex.c, semaphore.c), the wait machinery (wait.c) and the
 * object namespace (namespace.c). See docs/server.md, "Objects and waits".
 */
#ifndef ORIEL_SERVER_SYNC_H
#define ORIEL_SERVER_SYNC_H

#include "request.h"

/* Returned by a request handler that answers later (wait.c sends the reply itself). */
#define SERVER_REPLY_DEFERRED ((NTSTATUS)0x7fffff01)

/* Specific access rights (Windows SDK values). */
#define SRV_EVENT_QUERY_STATE 0x0001
#define SRV_EVENT_MODIFY_STATE 0x0002
#define SRV_MUTANT_QUERY_STATE 0x0001
#define SRV_SEMAPHORE_QUERY_STATE 0x0001
#define SRV_SEMAPHORE_MODIFY_STATE 0x0002

extern const struct object_ops event_ops;
extern const struct object_ops mutex_ops;
extern const struct object_ops semaphore_ops;
extern const struct object_ops timer_ops;

/* ---- wait.c ---- */
/* The object's state changed: end every wait it can end now, oldest first. */
void wake_up(struct object *obj);
/* A thread or process exited: wake those waiting for it, abandon the thread's mutexes. */
void sync_thread_exit(struct thread *thread);
void sync_process_exit(struct process *process);
/* Queues a user APC to thread (of any state; an exited thread refuses it) and ends its alertable wait. */
NTSTATUS queue_user_apc(struct thread *thread, uint64_t func, uint64_t arg0, uint64_t arg1, uint64_t arg2);
/* The client's connection is going: drop its pending wait without answering. */
void wait_client_detach(struct client *client);
/* Milliseconds until the nearest wait deadline (rounded up), -1 when none. */
int wait_next_timeout(void);
/* Ends the waits whose deadline passed with STATUS_TIMEOUT. */
void wait_check_timeouts(void);
/* Lazily initialised queue: zeroed memory is an empty queue. */
static inline struct list *wait_queue_init(struct list *queue)
{
    if (!queue->next)
        list_init(queue);
    return queue;
}

/* ---- event.c / mutex.c / semaphore.c: state changes shared with SignalObjectAndWait ---- */
NTSTATUS event_operation(struct object *obj, enum server_event_op op, int32_t *prev_state);
NTSTATUS mutex_release(struct object *obj, struct thread *thread, int32_t *prev_count);
NTSTATUS semaphore_release(struct object *obj, uint32_t count, uint32_t *prev_count);
void mutex_abandon_owned(struct thread *thread);
/* query_sync_object's values (see protocol.h) */
void event_query(struct object *obj, int32_t values[3]);
void mutex_query(struct object *obj, struct thread *thread, int32_t values[3]);
void semaphore_query(struct object *obj, int32_t values[3]);
void timer_query(struct object *obj, int32_t values[3]);
/* timer.c: nearest expiry of an armed timer (SERVER_TIMEOUT_INFINITE: none); signals the due ones */
uint64_t timer_next_deadline(void);
void timer_expire(void);

/* ---- sync_shm.c: the shared slots (protocol.h, struct sync_slot) ---- */
/* Creates the shared region (at start-up, so that its fd is there from the first client on); 0: failed. */
int sync_shm_init(void);
/* Gives obj a slot with that state; 0 when none is left. */
int sync_slot_alloc(struct object *obj, enum sync_slot_type type, uint64_t state, uint32_t max);
void sync_slot_free(struct object *obj);
/* obj's slot or NULL (not an event, mutex or semaphore). */
struct sync_slot *sync_object_slot(struct object *obj);
/* Sets the lock bit; returns 0 when the server held it already. */
int sync_slot_trylock(struct sync_slot *slot);
/* Locks and returns the state. */
uint64_t sync_slot_lock(struct sync_slot *slot);
void sync_slot_unlock(struct sync_slot *slot);
/* The state of a locked slot, and its change. */
uint64_t sync_slot_get(struct sync_slot *slot);
void sync_slot_set(struct sync_slot *slot, uint64_t value);

/* ---- namespace.c: \BaseNamedObjects ---- */
struct object_name {
    const uint16_t *str; /* the object's own name, past \BaseNamedObjects\ (and Global\ or Local\) */
    unsigned int len;    /* in characters; 0: unnamed */
};
/* Parses the name data of a create/open request. */
NTSTATUS get_request_name(struct request_ctx *ctx, struct object_name *name);
/* The live object of that name, not grabbed, or NULL. attributes: OBJ_CASE_INSENSITIVE. */
struct object *namespace_lookup(const struct object_name *name, uint32_t attributes);
NTSTATUS namespace_add(struct object *obj, const struct object_name *name);
/* Removes obj's name if it has one (last handle closed, or destroyed). */
void namespace_remove(struct object *obj);
/* close_handle op of named object types: the name goes with the last handle. */
void namespace_close_handle(struct object *obj, struct process *process);
/* create_* of an existing name: a new handle to it with STATUS_OBJECT_NAME_EXISTS, or the error. */
NTSTATUS open_existing_object(struct request_ctx *ctx, struct object *obj, const struct object_ops *ops,
                              uint32_t access, uint32_t attributes, obj_handle_t *handle);
/* Handle to a new object (named when name->len) for the calling process; releases the caller's
 * reference to obj in every case. */
NTSTATUS publish_object(struct request_ctx *ctx, struct object *obj, const struct object_name *name,
                        uint32_t access, uint32_t attributes, obj_handle_t *handle);

#endif /* ORIEL_SERVER_SYNC_H */
