/*
 * The object namespace: \BaseNamedObjects only, for now. Win32's Global\ and Local\ prefixes are
 * the same directory until sessions exist. Names of these object types compare case-sensitively
 * unless the caller passes OBJ_CASE_INSENSITIVE (kernel32 does not: "Name comparison is case
 * sensitive", CreateMutex's documentation). An object's name holds no reference: it goes with the
 * last handle.
 */
#include <stdlib.h>
#include <string.h>

#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

#define SRV_OBJ_CASE_INSENSITIVE 0x00000040
#define SRV_OBJ_OPENIF 0x00000080
#define MAX_NAME_BYTES 0xfffe /* UNICODE_STRING.Length */

struct named_object {
    struct list entry;
    struct object *obj;
    unsigned int len;
    uint16_t name[];
};

static struct list named_objects = LIST_INIT(named_objects);

/* Case folding for ASCII and Latin-1; beyond that names compare exactly. */
static uint16_t fold(uint16_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 0x20;
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
        return c - 0x20;
    return c;
}

static int name_equal(const uint16_t *a, const uint16_t *b, unsigned int len, int case_insensitive)
{
    if (!case_insensitive)
        return !memcmp(a, b, len * sizeof(uint16_t));
    for (unsigned int i = 0; i < len; i++)
        if (fold(a[i]) != fold(b[i]))
            return 0;
    return 1;
}

/* Skips the ASCII component prefix (which ends with a backslash) when name starts with it. */
static int skip_prefix(const uint16_t **str, unsigned int *len, const char *prefix)
{
    unsigned int n = strlen(prefix);

    if (*len < n)
        return 0;
    for (unsigned int i = 0; i < n; i++)
        if (fold((*str)[i]) != fold((uint16_t)prefix[i]))
            return 0;
    *str += n;
    *len -= n;
    return 1;
}

NTSTATUS get_request_name(struct request_ctx *ctx, struct object_name *name)
{
    /* request data may be unaligned: names are read from an aligned copy, valid until the next call */
    static uint16_t buffer[MAX_NAME_BYTES / 2];
    const uint16_t *str;
    unsigned int len;

    name->str = NULL;
    name->len = 0;
    if (!ctx->data_size)
        return STATUS_SUCCESS;
    if ((ctx->data_size & 1) || ctx->data_size > MAX_NAME_BYTES)
        return STATUS_OBJECT_NAME_INVALID;
    memcpy(buffer, ctx->data, ctx->data_size);
    str = buffer;
    len = ctx->data_size / 2;
    if (str[0] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (!skip_prefix(&str, &len, "\\BaseNamedObjects\\"))
        return STATUS_OBJECT_PATH_NOT_FOUND;
    if (!skip_prefix(&str, &len, "Global\\"))
        skip_prefix(&str, &len, "Local\\");
    if (!len)
        return STATUS_OBJECT_NAME_INVALID;
    for (unsigned int i = 0; i < len; i++)
        if (str[i] == '\\')
            return STATUS_OBJECT_PATH_NOT_FOUND; /* no subdirectories */
    name->str = str;
    name->len = len;
    return STATUS_SUCCESS;
}

struct object *namespace_lookup(const struct object_name *name, uint32_t attributes)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &named_objects)
    {
        struct named_object *named = LIST_ENTRY_OF(cur, struct named_object, entry);
        if (named->len == name->len &&
            name_equal(named->name, name->str, name->len, attributes & SRV_OBJ_CASE_INSENSITIVE))
            return named->obj;
    }
    return NULL;
}

NTSTATUS namespace_add(struct object *obj, const struct object_name *name)
{
    struct named_object *named = malloc(sizeof(*named) + name->len * sizeof(uint16_t));

    if (!named)
        return STATUS_NO_MEMORY;
    named->obj = obj;
    named->len = name->len;
    memcpy(named->name, name->str, name->len * sizeof(uint16_t));
    list_add_tail(&named_objects, &named->entry);
    return STATUS_SUCCESS;
}

void namespace_remove(struct object *obj)
{
    struct list *cur, *next;

    LIST_FOR_EACH_SAFE(cur, next, &named_objects)
    {
        struct named_object *named = LIST_ENTRY_OF(cur, struct named_object, entry);
        if (named->obj == obj) {
            list_remove(&named->entry);
            free(named);
            return;
        }
    }
}

void namespace_close_handle(struct object *obj, struct process *process)
{
    (void)process;
    if (!obj->handle_count)
        namespace_remove(obj);
}

NTSTATUS open_existing_object(struct request_ctx *ctx, struct object *obj, const struct object_ops *ops,
                              uint32_t access, uint32_t attributes, obj_handle_t *handle)
{
    NTSTATUS status;

    if (obj->ops != ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (!(attributes & SRV_OBJ_OPENIF))
        return STATUS_OBJECT_NAME_COLLISION;
    *handle = alloc_handle(&ctx->client->process->handles, obj, map_access(obj, access),
                           (attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    return status ? status : STATUS_OBJECT_NAME_EXISTS;
}

NTSTATUS publish_object(struct request_ctx *ctx, struct object *obj, const struct object_name *name,
                        uint32_t access, uint32_t attributes, obj_handle_t *handle)
{
    NTSTATUS status = STATUS_SUCCESS;

    if (name->len)
        status = namespace_add(obj, name);
    if (!status)
        *handle = alloc_handle(&ctx->client->process->handles, obj, map_access(obj, access),
                               (attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    /* without a handle the object dies here, and its destroy op takes the name away */
    release_object(obj);
    return status;
}

static const struct object_ops *sync_type_ops(uint32_t type)
{
    switch (type) {
    case SERVER_OBJ_EVENT:
        return &event_ops;
    case SERVER_OBJ_MUTEX:
        return &mutex_ops;
    case SERVER_OBJ_SEMAPHORE:
        return &semaphore_ops;
    case SERVER_OBJ_TIMER:
        return &timer_ops;
    }
    return NULL;
}

DECL_HANDLER(open_sync_object)
{
    const struct object_ops *ops = sync_type_ops(req->type);
    struct object_name name;
    struct object *obj;
    NTSTATUS status;

    if (!ops || (req->attributes & ~(SRV_OBJ_INHERIT | SRV_OBJ_OPENIF | 0x40 /* OBJ_CASE_INSENSITIVE */)))
        return STATUS_INVALID_PARAMETER;
    if ((status = get_request_name(ctx, &name)))
        return status;
    if (!name.len)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (!(obj = namespace_lookup(&name, req->attributes)))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (obj->ops != ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    reply->handle =
        alloc_handle(&ctx->client->process->handles, obj, map_access(obj, req->access),
                     (req->attributes & SRV_OBJ_INHERIT) ? SERVER_HANDLE_FLAG_INHERIT : 0, &status);
    return status;
}

DECL_HANDLER(query_sync_object)
{
    struct handle_entry *entry = get_handle_entry(&ctx->client->process->handles, req->handle);
    struct object *obj;

    if (!entry)
        return STATUS_INVALID_HANDLE;
    obj = entry->obj;
    /* EVENT_QUERY_STATE, MUTANT_QUERY_STATE, SEMAPHORE_QUERY_STATE and TIMER_QUERY_STATE are all 1 */
    if (obj->ops != &event_ops && obj->ops != &mutex_ops && obj->ops != &semaphore_ops &&
        obj->ops != &timer_ops)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (!(entry->access & SRV_EVENT_QUERY_STATE))
        return STATUS_ACCESS_DENIED;
    reply->type = obj->ops->type;
    if (obj->ops == &event_ops)
        event_query(obj, reply->values);
    else if (obj->ops == &mutex_ops)
        mutex_query(obj, ctx->client->thread, reply->values);
    else if (obj->ops == &timer_ops)
        timer_query(obj, reply->values);
    else
        semaphore_query(obj, reply->values);
    return STATUS_SUCCESS;
}
