/*
 * Handle tables.
 */
#include <stdlib.h>

#include "handle.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* Beyond this a process gets STATUS_INSUFFICIENT_RESOURCES (Windows' per-process limit is 2^24). */
#define MAX_HANDLES (1u << 20)

void handle_table_init(struct handle_table *table)
{
    table->entries = NULL;
    table->size = table->count = table->last = 0;
}

static void free_entry(struct handle_table *table, unsigned int index, struct process *process)
{
    struct object *obj = table->entries[index].obj;

    table->entries[index].obj = NULL;
    table->count--;
    while (table->last && !table->entries[table->last - 1].obj)
        table->last--;
    obj->handle_count--;
    if (obj->ops->close_handle)
        obj->ops->close_handle(obj, process);
    release_object(obj);
}

void handle_table_destroy(struct handle_table *table, struct process *process)
{
    for (unsigned int i = table->last; i > 0; i--)
        if (table->entries[i - 1].obj)
            free_entry(table, i - 1, process);
    free(table->entries);
    handle_table_init(table);
}

obj_handle_t alloc_handle(struct handle_table *table, struct object *obj, ACCESS_MASK access, uint32_t flags,
                          NTSTATUS *status)
{
    unsigned int index;

    if (table->count < table->last) {
        for (index = 0; table->entries[index].obj; index++)
            ;
    } else {
        index = table->last;
        if (index >= MAX_HANDLES) {
            *status = STATUS_INSUFFICIENT_RESOURCES;
            return 0;
        }
        if (index == table->size) {
            unsigned int size = table->size ? table->size * 2 : 32;
            struct handle_entry *entries = realloc(table->entries, size * sizeof(*entries));
            if (!entries) {
                *status = STATUS_NO_MEMORY;
                return 0;
            }
            for (unsigned int i = table->size; i < size; i++)
                entries[i].obj = NULL;
            table->entries = entries;
            table->size = size;
        }
        table->last = index + 1;
    }
    table->entries[index].obj = grab_object(obj);
    table->entries[index].access = access;
    table->entries[index].flags =
        flags & (SERVER_HANDLE_FLAG_INHERIT | SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE);
    table->count++;
    obj->handle_count++;
    *status = STATUS_SUCCESS;
    return (index + 1) * 4;
}

struct handle_entry *get_handle_entry(struct handle_table *table, obj_handle_t handle)
{
    unsigned int index;

    if (!handle || (handle & 3))
        return NULL;
    index = handle / 4 - 1;
    if (index >= table->last || !table->entries[index].obj)
        return NULL;
    return &table->entries[index];
}

NTSTATUS get_handle_obj(struct handle_table *table, obj_handle_t handle, ACCESS_MASK access,
                        const struct object_ops *ops, struct object **obj)
{
    struct handle_entry *entry = get_handle_entry(table, handle);

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (ops && entry->obj->ops != ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if ((entry->access & access) != access)
        return STATUS_ACCESS_DENIED;
    *obj = grab_object(entry->obj);
    return STATUS_SUCCESS;
}

NTSTATUS close_handle(struct handle_table *table, struct process *process, obj_handle_t handle)
{
    struct handle_entry *entry = get_handle_entry(table, handle);

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (entry->flags & SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE)
        return STATUS_HANDLE_NOT_CLOSABLE;
    free_entry(table, entry - table->entries, process);
    return STATUS_SUCCESS;
}

/* ---- requests ---- */

#include "process.h"
#include "request.h"

/* The process a dup_handle names (PROCESS_DUP_HANDLE needed), grabbed. Other processes are the
 * process creation helper's addition: DuplicateHandle between a parent and its children. */
static NTSTATUS get_dup_process(struct request_ctx *ctx, obj_handle_t handle, struct process **ret)
{
    struct process *process = ctx->client->process;
    struct object *obj;
    NTSTATUS status;

    if (handle == SERVER_CURRENT_PROCESS) {
        *ret = (struct process *)grab_object(&process->obj);
        return STATUS_SUCCESS;
    }
    if ((status =
             get_handle_obj(&process->handles, handle, 0x0040 /* PROCESS_DUP_HANDLE */, &process_ops, &obj)))
        return status;
    if (!((struct process *)obj)->running) {
        release_object(obj);
        return STATUS_PROCESS_IS_TERMINATING;
    }
    *ret = (struct process *)obj;
    return STATUS_SUCCESS;
}

DECL_HANDLER(close_handle)
{
    struct process *process = ctx->client->process;

    return close_handle(&process->handles, process, req->handle);
}

DECL_HANDLER(dup_handle)
{
    struct process *src_process, *dst_process;
    struct handle_entry *entry;
    struct object *obj;
    ACCESS_MASK access;
    NTSTATUS status;

    if (req->options & ~(SRV_DUPLICATE_CLOSE_SOURCE | SRV_DUPLICATE_SAME_ACCESS))
        return STATUS_INVALID_PARAMETER;
    if ((status = get_dup_process(ctx, req->src_process, &src_process)))
        return status;
    if ((status = get_dup_process(ctx, req->dst_process, &dst_process))) {
        release_object(&src_process->obj);
        return status;
    }
    if (req->src_handle == SERVER_CURRENT_PROCESS ||
        (req->src_handle == SERVER_CURRENT_THREAD && src_process == ctx->client->process)) {
        /* a real handle to the source process (or our thread): pseudo-handles carry all access */
        obj = grab_object(req->src_handle == SERVER_CURRENT_PROCESS ? &src_process->obj
                                                                    : &ctx->client->thread->obj);
        access =
            (req->options & SRV_DUPLICATE_SAME_ACCESS) ? obj->ops->mapping.all : map_access(obj, req->access);
    } else {
        if (!(entry = get_handle_entry(&src_process->handles, req->src_handle))) {
            release_object(&src_process->obj);
            release_object(&dst_process->obj);
            return STATUS_INVALID_HANDLE;
        }
        obj = grab_object(entry->obj);
        if (req->options & SRV_DUPLICATE_SAME_ACCESS)
            access = entry->access;
        else
            access = map_access(obj, req->access);
    }
    reply->handle =
        alloc_handle(&dst_process->handles, obj, access,
                     (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    /* Windows closes the source even when the duplication fails */
    if ((req->options & SRV_DUPLICATE_CLOSE_SOURCE) && req->src_handle != SERVER_CURRENT_PROCESS &&
        req->src_handle != SERVER_CURRENT_THREAD)
        close_handle(&src_process->handles, src_process, req->src_handle);
    release_object(obj);
    release_object(&src_process->obj);
    release_object(&dst_process->obj);
    return status;
}

DECL_HANDLER(get_handle_info)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);

    if (!entry)
        return STATUS_INVALID_HANDLE;
    reply->flags = entry->flags;
    reply->access = entry->access;
    reply->object_type = entry->obj->ops->type;
    reply->handle_count = entry->obj->handle_count;
    reply->ref_count = entry->obj->refcount;
    return STATUS_SUCCESS;
}

DECL_HANDLER(set_handle_info)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);
    const uint32_t valid = SERVER_HANDLE_FLAG_INHERIT | SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    if (req->mask & ~valid)
        return STATUS_INVALID_PARAMETER;
    reply->old_flags = entry->flags;
    entry->flags = (entry->flags & ~req->mask) | (req->flags & req->mask);
    return STATUS_SUCCESS;
}
