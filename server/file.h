/*
 * File objects: a host fd plus the access and sharing of the open that created it.
 */
#ifndef ORIEL_SERVER_FILE_H
#define ORIEL_SERVER_FILE_H

#include <sys/types.h>

#include "object.h"

struct file {
    struct object obj;
    int unix_fd;
    enum server_fd_type type;
    dev_t dev;
    ino_t ino;
    ACCESS_MASK access;      /* mapped access of the open (share checks) */
    uint32_t sharing;        /* FILE_SHARE_* of the open */
    uint32_t options;        /* FILE_* create options */
    struct list inode_entry; /* files open on the same (dev, ino): share mode checks */
    char *delete_path;       /* FILE_DELETE_ON_CLOSE: host path removed when the object goes */
    struct list wait_queue;  /* waits on the handle (wait.c) */
};

extern const struct object_ops file_ops;

/* Takes ownership of unix_fd (closed on failure too). access is already mapped. */
NTSTATUS create_file_object(int unix_fd, ACCESS_MASK access, uint32_t sharing, uint32_t options,
                            struct file **file);
/* Whether waits on obj must be retried now and then because nothing tells the server its state
 * changed (console input, docs/server.md "Waiting on file handles"). */
int file_wait_needs_poll(struct object *obj);
/* Access a std handle gets from the host open mode of the fd. */
ACCESS_MASK file_access_from_fd(int unix_fd);

#endif /* ORIEL_SERVER_FILE_H */
