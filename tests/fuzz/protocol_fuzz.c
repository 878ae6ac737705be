/*
 * libFuzzer target for oriel-server's request decoder and dispatcher (server/request.c), without a
 * socket. Input: one flag byte, then packets as [u16 little-endian length][bytes]. When the flag's low
 * bit is set the client first sends a valid init_process, so the fuzzer reaches every handler.
 * After the client goes away every object it created must be gone: a leak aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../server/request.h"
#include "oriel/debug.h"

/* The server links dlls/ntdll/debug.c; the fuzzer logs nothing. */
unsigned char __oriel_dbg_get_flags(struct debug_channel *ch)
{
    return ch->flags = 0;
}
int __oriel_dbg_log(enum debug_class cls, struct debug_channel *ch, const char *func, const char *fmt, ...)
{
    return 0;
}
const char *__oriel_dbgstr_an(const char *s, int n)
{
    return "";
}
const char *__oriel_dbgstr_wn(const uint16_t *s, int n)
{
    return "";
}
const char *__oriel_dbg_sprintf(const char *fmt, ...)
{
    return "";
}

static void run_packet(struct client *client, const void *buf, size_t size)
{
    uint64_t reply[(sizeof(struct reply_header) + MAX_FIXED_SIZE) / 8];
    struct reply_header header;
    int reply_fd;
    size_t n = dispatch_request(client, buf, size, NULL, 0, reply, sizeof(reply), &reply_fd);

    if (!n)
        return; /* deferred: a wait answers later (server/wait.c) */
    if (n < sizeof(header) || n > sizeof(reply))
        abort();
    memcpy(&header, reply, sizeof(header));
    if (n != sizeof(header) + header.size)
        abort();
    if (header.status < 0 && header.size)
        abort(); /* errors carry no reply struct */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct client client = {.fd = -1};

    if (!size)
        return 0;
    if (data[0] & 1) {
        struct {
            struct request_header h;
            struct init_process_request r;
        } init = {{REQ_init_process, sizeof(struct init_process_request), 0, ORIEL_PROTOCOL_VERSION},
                  {1234, 0}};
        run_packet(&client, &init, sizeof(init));
        if (!client.process)
            abort();
    }
    data++;
    size--;
    while (size >= 2) {
        size_t len = data[0] | (data[1] << 8);
        data += 2;
        size -= 2;
        if (len > size)
            len = size;
        /* an unaligned copy exercises the decoder's own alignment handling */
        uint8_t *packet = malloc(len + 1);
        if (!packet)
            return 0;
        memcpy(packet + 1, data, len);
        run_packet(&client, packet + 1, len);
        free(packet);
        data += len;
        size -= len;
    }
    client_detach(&client);
    for (int type = 0; type < SERVER_OBJ_TYPE_COUNT; type++)
        if (object_count(type)) {
            fprintf(stderr, "leaked %u objects of type %d\n", object_count(type), type);
            abort();
        }
    return 0;
}
