/*
 * The shared-memory slots of events, mutexes and semaphores (include/oriel/protocol.h, struct sync_slot;
 * docs/server.md, "Fast path").
 *
 * A slot is the only copy of its object's state. Clients change it with compare-and-swap from an
 * unlocked value; the server first sets SYNC_SLOT_LOCK, which makes every client CAS fail (the client
 * then asks the server instead), so that the server can test and consume several objects at once (wait
 * all) as if nobody else ran. The server is single-threaded: a lock bit it finds set is its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

static struct sync_slot *slots;
static int shm_fd = -1;
static unsigned int next_slot = 1; /* slot 0 is never used: index 0 means "none" */
static unsigned int used_slots;
static uint32_t next_serial;

int sync_shm_init(void)
{
    size_t size = (size_t)SYNC_SHM_SLOTS * sizeof(struct sync_slot);
    void *map;

    if (slots)
        return 1;
    if ((shm_fd = memfd_create("oriel-sync", MFD_CLOEXEC)) == -1) {
        ERR("memfd_create: %s\n", strerror(errno));
        return 0;
    }
    if (ftruncate(shm_fd, (off_t)size) ||
        (map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0)) == MAP_FAILED) {
        ERR("cannot map the sync slots: %s\n", strerror(errno));
        close(shm_fd);
        shm_fd = -1;
        return 0;
    }
    slots = map;
    return 1;
}

int sync_slot_alloc(struct object *obj, enum sync_slot_type type, uint64_t state, uint32_t max)
{
    struct sync_slot *slot;

    if (!sync_shm_init() || used_slots >= SYNC_SHM_SLOTS - 1)
        return 0;
    /* round robin, so that a freed slot is reused as late as possible (clients check the serial) */
    while (slots[next_slot].type != SYNC_SLOT_FREE)
        next_slot = next_slot + 1 < SYNC_SHM_SLOTS ? next_slot + 1 : 1;
    slot = &slots[next_slot];
    if (!++next_serial)
        ++next_serial;
    __atomic_store_n(&slot->state, state, __ATOMIC_SEQ_CST);
    __atomic_store_n(&slot->waiters, 0, __ATOMIC_SEQ_CST);
    slot->max = max;
    __atomic_store_n(&slot->type, type, __ATOMIC_SEQ_CST);
    __atomic_store_n(&slot->serial, next_serial, __ATOMIC_SEQ_CST);
    obj->slot = next_slot;
    used_slots++;
    next_slot = next_slot + 1 < SYNC_SHM_SLOTS ? next_slot + 1 : 1;
    return 1;
}

void sync_slot_free(struct object *obj)
{
    struct sync_slot *slot = sync_object_slot(obj);

    if (!slot)
        return;
    __atomic_store_n(&slot->serial, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&slot->type, SYNC_SLOT_FREE, __ATOMIC_SEQ_CST);
    __atomic_store_n(&slot->state, 0, __ATOMIC_SEQ_CST);
    obj->slot = 0;
    used_slots--;
}

struct sync_slot *sync_object_slot(struct object *obj)
{
    return obj->slot && slots ? &slots[obj->slot] : NULL;
}

int sync_slot_trylock(struct sync_slot *slot)
{
    uint64_t value = __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST);

    for (;;) {
        if (value & SYNC_SLOT_LOCK)
            return 0; /* ours already */
        if (__atomic_compare_exchange_n(&slot->state, &value, value | SYNC_SLOT_LOCK, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return 1;
    }
}

uint64_t sync_slot_lock(struct sync_slot *slot)
{
    sync_slot_trylock(slot);
    return __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) & ~SYNC_SLOT_LOCK;
}

void sync_slot_unlock(struct sync_slot *slot)
{
    __atomic_and_fetch(&slot->state, ~SYNC_SLOT_LOCK, __ATOMIC_SEQ_CST);
}

uint64_t sync_slot_get(struct sync_slot *slot)
{
    return __atomic_load_n(&slot->state, __ATOMIC_SEQ_CST) & ~SYNC_SLOT_LOCK;
}

void sync_slot_set(struct sync_slot *slot, uint64_t value)
{
    /* locked: no client can change it meanwhile */
    __atomic_store_n(&slot->state, value | SYNC_SLOT_LOCK, __ATOMIC_SEQ_CST);
}

DECL_HANDLER(get_sync_shm)
{
    (void)req;
    if (!sync_shm_init())
        return STATUS_NO_MEMORY;
    reply->slots = SYNC_SHM_SLOTS;
    ctx->reply_fd = shm_fd;
    return STATUS_SUCCESS;
}

DECL_HANDLER(get_sync_slot)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);
    struct sync_slot *slot;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (!(slot = sync_object_slot(entry->obj)))
        return STATUS_OBJECT_TYPE_MISMATCH;
    reply->index = entry->obj->slot;
    reply->serial = slot->serial;
    reply->type = slot->type;
    reply->access = entry->access;
    return STATUS_SUCCESS;
}

DECL_HANDLER(sync_wake)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);
    struct object *obj;

    (void)reply;
    /* one way (the client reads no answer; main.c drops even the dispatcher's errors) */
    if (!entry || !sync_object_slot(entry->obj))
        return SERVER_REPLY_DEFERRED;
    obj = grab_object(entry->obj);
    wake_up(obj);
    release_object(obj);
    return SERVER_REPLY_DEFERRED;
}
