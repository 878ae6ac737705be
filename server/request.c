/*
 * Request decoding and dispatch: every field of a packet is checked before a handler sees it.
 */
#include <string.h>
#include <unistd.h>

#include "request.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

unsigned int client_count;
struct client *(*attach_client_fd)(int fd, struct process *process, struct thread *thread);

typedef NTSTATUS (*handler_fn)(struct request_ctx *ctx, const void *req, void *reply);

#define ORIEL_THUNK(name)                                                                                    \
    static NTSTATUS call_##name(struct request_ctx *ctx, const void *req, void *reply)                       \
    {                                                                                                        \
        return req_##name(ctx, req, reply);                                                                  \
    }                                                                                                        \
    _Static_assert(sizeof(struct name##_request) <= MAX_FIXED_SIZE, #name " request too large");             \
    _Static_assert(sizeof(struct name##_reply) <= MAX_FIXED_SIZE, #name " reply too large");
ORIEL_REQUEST_LIST(ORIEL_THUNK)
#undef ORIEL_THUNK

static const struct {
    const char *name;
    uint32_t request_size;
    uint32_t reply_size;
    handler_fn fn;
} handlers[REQ_COUNT] = {
#define ORIEL_ENTRY(name)                                                                                    \
    [REQ_##name] = {#name, sizeof(struct name##_request), sizeof(struct name##_reply), call_##name},
    ORIEL_REQUEST_LIST(ORIEL_ENTRY)
#undef ORIEL_ENTRY
};

static void close_fds(int *fds, unsigned int count)
{
    for (unsigned int i = 0; i < count; i++)
        if (fds[i] != -1) {
            close(fds[i]);
            fds[i] = -1;
        }
}

size_t dispatch_request(struct client *client, const void *buf, size_t size, int *fds, unsigned int fd_count,
                        void *reply_buf, size_t reply_max, int *reply_fd)
{
    struct request_header header;
    struct reply_header reply_header = {.status = STATUS_INVALID_PARAMETER};
    uint64_t request[MAX_FIXED_SIZE / 8];
    uint64_t reply[MAX_FIXED_SIZE / 8];
    struct request_ctx ctx = {.client = client, .fds = fds, .fd_count = fd_count, .reply_fd = -1};
    NTSTATUS status;

    *reply_fd = -1;
    if (size < sizeof(header)) {
        WARN("truncated request header (%zu bytes)\n", size);
        goto done;
    }
    memcpy(&header, buf, sizeof(header));
    if (header.version != ORIEL_PROTOCOL_VERSION) {
        WARN("protocol version %u, expected %u\n", header.version, ORIEL_PROTOCOL_VERSION);
        reply_header.status = STATUS_NOT_SUPPORTED;
        goto done;
    }
    if (header.code >= REQ_COUNT) {
        WARN("unknown request code %u\n", header.code);
        reply_header.status = STATUS_NOT_IMPLEMENTED;
        goto done;
    }
    if (header.size != handlers[header.code].request_size || header.data_size > ORIEL_MAX_MESSAGE ||
        (uint64_t)sizeof(header) + header.size + header.data_size != size) {
        WARN("%s: bad sizes %u + %u for a %zu byte packet\n", handlers[header.code].name, header.size,
             header.data_size, size);
        goto done;
    }
    if (!client->process && header.code != REQ_init_process) {
        WARN("%s before init_process\n", handlers[header.code].name);
        reply_header.status = STATUS_INVALID_HANDLE;
        goto done;
    }
    if (client->thread && !client->thread->running) {
        /* terminated (TerminateThread of itself, or its process ended): nothing may be created for it
         * any more, or it would never be cleaned up */
        reply_header.status = STATUS_THREAD_IS_TERMINATING;
        goto done;
    }
    memcpy(request, (const char *)buf + sizeof(header), header.size);
    memset(reply, 0, handlers[header.code].reply_size);
    ctx.data = (const char *)buf + sizeof(header) + header.size;
    if ((uintptr_t)ctx.data & 7) {
        /* the socket buffer keeps data aligned; a packet handed in from elsewhere (the fuzzer) may not */
        static uint64_t aligned[(ORIEL_MAX_MESSAGE + 7) / 8];
        memcpy(aligned, ctx.data, header.data_size);
        ctx.data = aligned;
    }
    ctx.data_size = header.data_size;

    status = handlers[header.code].fn(&ctx, request, reply);
    TRACE("%s -> %#x\n", handlers[header.code].name, (unsigned)status);
    if (status == SERVER_REPLY_DEFERRED) {
        /* the handler answers later (a wait, server/wait.c): nothing to send now */
        close_fds(fds, fd_count);
        return 0;
    }
    reply_header.status = status;
    if (status >= 0) {
        reply_header.size = handlers[header.code].reply_size;
        if (sizeof(reply_header) + reply_header.size > reply_max) {
            reply_header.status = STATUS_BUFFER_TOO_SMALL;
            reply_header.size = 0;
        } else {
            memcpy((char *)reply_buf + sizeof(reply_header), reply, reply_header.size);
            if (ctx.reply_fd != -1) {
                *reply_fd = ctx.reply_fd;
                reply_header.fd_count = 1;
            }
        }
    }

done:
    close_fds(fds, fd_count);
    memcpy(reply_buf, &reply_header, sizeof(reply_header));
    return sizeof(reply_header) + reply_header.size;
}

void client_detach(struct client *client)
{
    wait_client_detach(client);
    if (client->thread) {
        thread_exit(client->thread, client->process->exit_code_set ? client->process->exit_code : 1);
        release_object(&client->thread->obj);
        client->thread = NULL;
    }
    if (client->process) {
        release_object(&client->process->obj);
        client->process = NULL;
    }
}

DECL_HANDLER(get_object_counts)
{
    for (unsigned int i = 0; i < SERVER_OBJ_TYPE_COUNT; i++)
        reply->counts[i] = object_count(i);
    reply->handles = ctx->client->process->handles.count;
    reply->clients = client_count;
    return STATUS_SUCCESS;
}
