/*
 * Request decoding and dispatch. Socket-free so that tests/fuzz/protocol_fuzz.c can feed it buffers.
 */
#ifndef ORIEL_SERVER_REQUEST_H
#define ORIEL_SERVER_REQUEST_H

#include "process.h"

struct request_ctx {
    struct client *client;
    const void *data; /* variable request data (8-byte aligned) */
    uint32_t data_size;
    int *fds; /* received fds; a handler that keeps one sets its slot to -1 */
    unsigned int fd_count;
    int reply_fd; /* fd to attach to the reply (not owned: it stays with its object), or -1 */
};

/* Every request handler has this shape; handlers live next to their object type. */
#define DECL_HANDLER(name)                                                                                   \
    NTSTATUS req_##name(struct request_ctx *ctx, const struct name##_request *req, struct name##_reply *reply)

#define ORIEL_DECL_HANDLER(name) DECL_HANDLER(name);
ORIEL_REQUEST_LIST(ORIEL_DECL_HANDLER)
#undef ORIEL_DECL_HANDLER

/* Fixed request and reply parts are at most this big. */
#define MAX_FIXED_SIZE 256

/* Decodes one request packet of size bytes, runs it for client and writes the reply packet to reply
 * (reply_max bytes, at least sizeof(struct reply_header) + MAX_FIXED_SIZE). Closes every fd it did not
 * keep. Returns the reply size; *reply_fd is -1 or an fd to attach. Returns 0 when the request is
 * answered later (a wait: server/wait.c sends the reply itself). */
size_t dispatch_request(struct client *client, const void *buf, size_t size, int *fds, unsigned int fd_count,
                        void *reply, size_t reply_max, int *reply_fd);

/* Set by the main loop: turns a connected socket into a client of process/thread (both grabbed). NULL
 * when there is no event loop (fuzzing): new_thread then fails. */
extern struct client *(*attach_client_fd)(int fd, struct process *process, struct thread *thread);

/* A client went away: its thread exits, the last thread takes the process down. */
void client_detach(struct client *client);
/* Clients connected (the main loop keeps the count). */
extern unsigned int client_count;

#endif /* ORIEL_SERVER_REQUEST_H */
