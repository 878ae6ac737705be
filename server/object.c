/*
 * Object allocation and reference counting.
 */
#include <stdlib.h>

#include "object.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

static unsigned int live_objects[SERVER_OBJ_TYPE_COUNT];

void *alloc_object(const struct object_ops *ops, size_t size)
{
    struct object *obj = calloc(1, size);

    if (!obj)
        return NULL;
    obj->ops = ops;
    obj->refcount = 1;
    live_objects[ops->type]++;
    return obj;
}

struct object *grab_object(struct object *obj)
{
    obj->refcount++;
    return obj;
}

void release_object(struct object *obj)
{
    if (--obj->refcount)
        return;
    TRACE("destroying %s %p\n", obj->ops->name, (void *)obj);
    if (obj->ops->destroy)
        obj->ops->destroy(obj);
    live_objects[obj->ops->type]--;
    free(obj);
}

ACCESS_MASK map_access(const struct object *obj, ACCESS_MASK access)
{
    const struct generic_mapping *m = &obj->ops->mapping;

    if (access & SRV_GENERIC_READ)
        access |= m->read;
    if (access & SRV_GENERIC_WRITE)
        access |= m->write;
    if (access & SRV_GENERIC_EXECUTE)
        access |= m->execute;
    if (access & SRV_GENERIC_ALL)
        access |= m->all;
    if (access & SRV_MAXIMUM_ALLOWED)
        access |= m->all;
    return access & ~(SRV_GENERIC_READ | SRV_GENERIC_WRITE | SRV_GENERIC_EXECUTE | SRV_GENERIC_ALL |
                      SRV_MAXIMUM_ALLOWED);
}

unsigned int object_count(enum server_object_type type)
{
    return type < SERVER_OBJ_TYPE_COUNT ? live_objects[type] : 0;
}
