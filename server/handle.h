/*
 * Per-process handle tables. Handle values are (index + 1) * 4, lowest free slot first, like Windows.
 */
#ifndef ORIEL_SERVER_HANDLE_H
#define ORIEL_SERVER_HANDLE_H

#include "object.h"

struct handle_entry {
    struct object *obj; /* NULL: free slot */
    ACCESS_MASK access;
    uint32_t flags; /* SERVER_HANDLE_FLAG_* */
};

struct handle_table {
    struct handle_entry *entries;
    unsigned int size;  /* allocated slots */
    unsigned int count; /* used slots */
    unsigned int last;  /* highest used index + 1 */
};

void handle_table_init(struct handle_table *table);
/* Closes every handle (process exit). */
void handle_table_destroy(struct handle_table *table, struct process *process);

/* New handle to obj (grabs a reference). Returns 0 and sets STATUS_* via *status on failure. */
obj_handle_t alloc_handle(struct handle_table *table, struct object *obj, ACCESS_MASK access, uint32_t flags,
                          NTSTATUS *status);
/* The entry of a handle or NULL (STATUS_INVALID_HANDLE). */
struct handle_entry *get_handle_entry(struct handle_table *table, obj_handle_t handle);
/* Looks up a handle of the given ops type with at least the access asked for; returns a grabbed object. */
NTSTATUS get_handle_obj(struct handle_table *table, obj_handle_t handle, ACCESS_MASK access,
                        const struct object_ops *ops, struct object **obj);
NTSTATUS close_handle(struct handle_table *table, struct process *process, obj_handle_t handle);

#endif /* ORIEL_SERVER_HANDLE_H */
