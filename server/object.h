/*
 * oriel-server object model: every object starts with struct object and has a const ops table.
 * Objects are reference counted (grab_object/release_object); a handle holds one reference.
 */
#ifndef ORIEL_SERVER_OBJECT_H
#define ORIEL_SERVER_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#include "oriel/protocol.h"

typedef int32_t NTSTATUS;
typedef uint32_t ACCESS_MASK;
#include "ntstatus.h"

/* ---- intrusive doubly linked list ---- */
struct list {
    struct list *next, *prev;
};
#define LIST_INIT(l)                                                                                         \
    {                                                                                                        \
        &(l), &(l)                                                                                           \
    }
static inline void list_init(struct list *l)
{
    l->next = l->prev = l;
}
static inline void list_add_tail(struct list *head, struct list *e)
{
    e->next = head;
    e->prev = head->prev;
    head->prev->next = e;
    head->prev = e;
}
static inline void list_remove(struct list *e)
{
    e->prev->next = e->next;
    e->next->prev = e->prev;
    e->next = e->prev = e;
}
static inline int list_empty(const struct list *l)
{
    return l->next == l;
}
#define LIST_ENTRY_OF(ptr, type, field) ((type *)((char *)(ptr)-offsetof(type, field)))
#define LIST_FOR_EACH_SAFE(cur, next, head)                                                                  \
    for (cur = (head)->next, next = cur->next; cur != (head); cur = next, next = cur->next)

/* Access rights the server needs to know (values from the Windows SDK). */
#define SRV_DELETE 0x00010000
#define SRV_READ_CONTROL 0x00020000
#define SRV_SYNCHRONIZE 0x00100000
#define SRV_STANDARD_RIGHTS_REQUIRED 0x000f0000
#define SRV_MAXIMUM_ALLOWED 0x02000000
#define SRV_GENERIC_READ 0x80000000
#define SRV_GENERIC_WRITE 0x40000000
#define SRV_GENERIC_EXECUTE 0x20000000
#define SRV_GENERIC_ALL 0x10000000
#define SRV_OBJ_INHERIT 0x00000002
#define SRV_DUPLICATE_CLOSE_SOURCE 0x1
#define SRV_DUPLICATE_SAME_ACCESS 0x2

struct generic_mapping {
    ACCESS_MASK read, write, execute, all;
};

struct object;
struct process;
struct thread;

struct object_ops {
    const char *name;               /* type name for dumps and traces */
    enum server_object_type type;   /* slot in the live object counts */
    struct generic_mapping mapping; /* GENERIC_* -> specific rights */
    /* host fd behind the object, or -1 (not a file-like object) */
    int (*get_unix_fd)(struct object *obj);
    /* a handle to the object was closed in process (before the reference is dropped) */
    void (*close_handle)(struct object *obj, struct process *process);
    /* last reference gone: free what the object owns (not the object itself) */
    void (*destroy)(struct object *obj);
    /* ---- waits (server/wait.c, server/sync.h); signaled NULL: the object cannot be waited on ---- */
    /* the object would end a wait of thread now */
    int (*signaled)(struct object *obj, struct thread *thread);
    /* a wait of thread on the object ends: consume (auto-reset, count, ownership); NULL: nothing to
     * consume. Returns nonzero when the object was an abandoned mutex. */
    int (*satisfied)(struct object *obj, struct thread *thread);
    /* the object's queue of waits (zeroed memory is a valid empty queue, see wait.c) */
    struct list *(*wait_queue)(struct object *obj);
};

struct object {
    const struct object_ops *ops;
    unsigned int refcount;
    unsigned int handle_count;
    unsigned int slot; /* events, mutexes, semaphores: their shared state (server/sync_shm.c); 0: none */
};

/* Allocates a zeroed object of size bytes with refcount 1. NULL on out of memory. */
void *alloc_object(const struct object_ops *ops, size_t size);
struct object *grab_object(struct object *obj);
void release_object(struct object *obj);
ACCESS_MASK map_access(const struct object *obj, ACCESS_MASK access);
/* Live objects of a type (get_object_counts). */
unsigned int object_count(enum server_object_type type);

#endif /* ORIEL_SERVER_OBJECT_H */
