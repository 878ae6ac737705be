/*
 * libFuzzer target for oriel-server's request decoder and dispatcher (server/request.c), without a
 * socket. Input: one flag byte, then packets as [u16 little-endian length][bytes]. When the flag's low
 * bit is set the client first sends a valid init_process, so the fuzzer reaches every handler.
 * When the flag's bit 1 is set there are FUZZ_CLIENTS clients (processes) and every packet is preceded
 * by a selector byte: its value modulo FUZZ_CLIENTS picks the sender, and with bit 7 set that client is
 * first detached, as if killed (mid-wait, owning mutexes, waited for by the others), and replaced by a
 * fresh one. Their unix_pid is 0 so that terminate_process never signals a host process.
 * After the clients go away every object they created must be gone: a leak aborts.
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

#define FUZZ_CLIENTS 3

static void init_client(struct client *client, uint32_t unix_pid)
{
    struct {
        struct request_header h;
        struct init_process_request r;
    } init = {{REQ_init_process, sizeof(struct init_process_request), 0, ORIEL_PROTOCOL_VERSION},
              {unix_pid, 0}};

    memset(client, 0, sizeof(*client));
    client->fd = -1;
    run_packet(client, &init, sizeof(init));
    if (!client->process)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct client clients[FUZZ_CLIENTS];
    unsigned int count = 1;

    if (!size)
        return 0;
    memset(clients, 0, sizeof(clients));
    for (unsigned int i = 0; i < FUZZ_CLIENTS; i++)
        clients[i].fd = -1;
    if (data[0] & 2) {
        count = FUZZ_CLIENTS;
        for (unsigned int i = 0; i < count; i++)
            init_client(&clients[i], 0);
    } else if (data[0] & 1)
        init_client(&clients[0], 1234);
    data++;
    size--;
    while (size >= 2 + (count > 1)) {
        struct client *client = &clients[0];
        if (count > 1) {
            client = &clients[data[0] % count];
            if (data[0] & 0x80) {
                client_detach(client);
                init_client(client, 0);
            }
            data++;
            size--;
        }
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
        run_packet(client, packet + 1, len);
        free(packet);
        data += len;
        size -= len;
    }
    for (unsigned int i = 0; i < count; i++)
        client_detach(&clients[i]);
    for (int type = 0; type < SERVER_OBJ_TYPE_COUNT; type++)
        if (object_count(type)) {
            fprintf(stderr, "leaked %u objects of type %d\n", object_count(type), type);
            abort();
        }
    return 0;
}
