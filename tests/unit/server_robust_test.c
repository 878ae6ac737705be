/*
 * Robustness of oriel-server over its real socket (docs/robustness.md): malformed, truncated, oversized
 * and random packets fail with an error status or drop only the sender; clients SIGKILLed at various
 * moments (idle, owning a mutex, in a deferred select, in the middle of a stream of requests) are cleaned
 * up: their mutexes are abandoned, their process and thread objects are signaled with an exit code and
 * the live object counts, connected clients and the server's open fds return to the baseline.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oriel/protocol.h"

typedef int32_t NTSTATUS;
#include "ntstatus.h"

#define SYNCHRONIZE_ACCESS 0x00100000
#define MUTANT_ALL 0x001f0001
#define EVENT_ALL 0x001f0003
#define SEMAPHORE_ALL 0x001f0003
#define PROCESS_QUERY_LIMITED 0x1000
#define THREAD_QUERY_LIMITED 0x0800
#define STILL_ACTIVE_CODE 259

/* recv_reply results that are not NTSTATUS values the server sends */
#define R_TIMEOUT (-100)
#define R_CLOSED (-101)
#define R_ERROR (-102)

static int passed, failed;
static pid_t server_pid;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond)                                                                                            \
            passed++;                                                                                        \
        else {                                                                                               \
            failed++;                                                                                        \
            printf("%s:%d: failed: %s: ", __FILE__, __LINE__, #cond);                                        \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
            fflush(stdout);                                                                                  \
        }                                                                                                    \
    } while (0)

static char prefix[PATH_MAX], sockpath[ORIEL_SOCKET_PATH_MAX], server_bin[PATH_MAX + 64];

static int connect_server(void)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    int sndbuf = 512 * 1024;

    strcpy(addr.sun_path, sockpath);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        close(fd);
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    return fd;
}

static int send_packet(int sock, const void *packet, size_t size, const int *fds, int nfds)
{
    struct iovec iov = {(void *)packet, size};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * 16)];
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};

    if (nfds) {
        memset(&control, 0, sizeof(control));
        msg.msg_control = &control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
    }
    return sendmsg(sock, &msg, MSG_NOSIGNAL) == (ssize_t)size ? 0 : -1;
}

/* Waits up to timeout_ms for one reply packet; returns its status (or R_*) and copies the fixed part. */
static NTSTATUS recv_reply(int sock, int timeout_ms, void *reply, size_t reply_size)
{
    char buffer[1024];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * 8)];
    } control;
    struct iovec iov = {buffer, sizeof(buffer)};
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control)};
    struct reply_header header;
    struct pollfd p = {sock, POLLIN, 0};

    if (poll(&p, 1, timeout_ms) != 1)
        return R_TIMEOUT;
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n == 0)
        return R_CLOSED;
    if (n < 0)
        return errno == ECONNRESET ? R_CLOSED : R_ERROR;
    if (n < (ssize_t)sizeof(header))
        return R_ERROR;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_type == SCM_RIGHTS)
            for (size_t i = 0; i < (c->cmsg_len - CMSG_LEN(0)) / sizeof(int); i++) {
                int fd;
                memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
                close(fd);
            }
    memcpy(&header, buffer, sizeof(header));
    if ((size_t)n != sizeof(header) + header.size + header.data_size)
        return R_ERROR;
    if (header.status < 0 && header.size)
        return R_ERROR; /* errors carry no reply struct */
    if (header.status >= 0 && reply) {
        if (header.size != reply_size)
            return R_ERROR;
        memcpy(reply, buffer + sizeof(header), reply_size);
    }
    return header.status;
}

static int send_request(int sock, unsigned int code, const void *req, size_t req_size, const void *data,
                        size_t data_size, const int *fds, int nfds)
{
    char packet[2048];
    struct request_header h = {code, req_size, data_size, ORIEL_PROTOCOL_VERSION};

    memcpy(packet, &h, sizeof(h));
    memcpy(packet + sizeof(h), req, req_size);
    if (data_size)
        memcpy(packet + sizeof(h) + req_size, data, data_size);
    return send_packet(sock, packet, sizeof(h) + req_size + data_size, fds, nfds);
}

static NTSTATUS call(int sock, unsigned int code, const void *req, size_t req_size, const void *data,
                     size_t data_size, void *reply, size_t reply_size, const int *fds, int nfds)
{
    if (send_request(sock, code, req, req_size, data, data_size, fds, nfds))
        return R_CLOSED;
    return recv_reply(sock, 5000, reply, reply_size);
}

#define CALL(sock, name, req, reply)                                                                         \
    call(sock, REQ_##name, req, sizeof(*(req)), NULL, 0, reply, sizeof(*(reply)), NULL, 0)
#define CALL_DATA(sock, name, req, data, size, reply)                                                        \
    call(sock, REQ_##name, req, sizeof(*(req)), data, size, reply, sizeof(*(reply)), NULL, 0)

/* \BaseNamedObjects\NAME in UTF-16 without terminator; returns its size in bytes */
static size_t nt_name(uint16_t *out, const char *name)
{
    char full[200];
    size_t n = (size_t)snprintf(full, sizeof(full), "\\BaseNamedObjects\\%s", name);
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)full[i];
    return n * 2;
}

static pid_t start_server(void)
{
    int ready[2];
    pid_t pid;
    char c;

    if (pipe(ready))
        return -1;
    pid = fork();
    if (!pid) {
        int null = open("/dev/null", O_WRONLY);
        dup2(ready[1], 3);
        if (!getenv("ROBUST_SERVER_DEBUG")) /* the server WARNs about every bad packet we send */
            dup2(null, 2);
        execl(server_bin, server_bin, "--prefix", prefix, "--ready-fd", "3", "--exit-timeout", "0.3",
              (char *)NULL);
        _exit(127);
    }
    close(ready[1]);
    struct pollfd p = {ready[0], POLLIN, 0};
    if (poll(&p, 1, 5000) != 1 || read(ready[0], &c, 1) != 1)
        pid = -1;
    close(ready[0]);
    return pid;
}

static NTSTATUS init_client(int sock, struct init_process_reply *reply)
{
    /* no host pid: terminate_process SIGKILLs the pid a process registered with (see test_forged_pid),
     * and a random request must never reach this test or anything else */
    struct init_process_request req = {.unix_pid = 0, .fd_mask = 0};
    return CALL(sock, init_process, &req, reply);
}

static int connect_init(struct init_process_reply *reply)
{
    struct init_process_reply dummy;
    int sock = connect_server();
    if (sock == -1)
        return -1;
    if (init_client(sock, reply ? reply : &dummy)) {
        close(sock);
        return -1;
    }
    return sock;
}

static int server_fd_count(void)
{
    char path[64];
    int n = 0;
    snprintf(path, sizeof(path), "/proc/%d/fd", (int)server_pid);
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    for (struct dirent *d; (d = readdir(dir));)
        if (d->d_name[0] != '.')
            n++;
    closedir(dir);
    return n;
}

struct snapshot {
    struct get_object_counts_reply counts;
    int fds;
};

static int take_snapshot(int ctl, struct snapshot *s)
{
    struct get_object_counts_request req = {{0}};
    memset(s, 0, sizeof(*s));
    if (CALL(ctl, get_object_counts, &req, &s->counts))
        return -1;
    s->fds = server_fd_count();
    return 0;
}

static int same_snapshot(const struct snapshot *a, const struct snapshot *b)
{
    return !memcmp(a->counts.counts, b->counts.counts, sizeof(a->counts.counts)) &&
           a->counts.handles == b->counts.handles && a->counts.clients == b->counts.clients &&
           a->fds == b->fds;
}

static void describe(const char *what, const struct snapshot *s)
{
    printf("  %s: proc %u thread %u file %u event %u mutex %u sem %u timer %u handles %u clients %u fds %d\n",
           what, s->counts.counts[SERVER_OBJ_PROCESS], s->counts.counts[SERVER_OBJ_THREAD],
           s->counts.counts[SERVER_OBJ_FILE], s->counts.counts[SERVER_OBJ_EVENT],
           s->counts.counts[SERVER_OBJ_MUTEX], s->counts.counts[SERVER_OBJ_SEMAPHORE],
           s->counts.counts[SERVER_OBJ_TIMER], s->counts.handles, s->counts.clients, s->fds);
}

/* Polls until the server is back to the baseline (disconnects are processed asynchronously). */
static int back_to_baseline(int ctl, const struct snapshot *base, const char *what)
{
    struct snapshot now;
    for (int i = 0; i < 200; i++) {
        if (take_snapshot(ctl, &now)) {
            printf("%s: control client got no answer\n", what);
            return 0;
        }
        if (same_snapshot(&now, base))
            return 1;
        usleep(10000);
    }
    printf("%s: not back to baseline after 2s\n", what);
    describe("baseline", base);
    describe("now", &now);
    return 0;
}

static int server_alive(void)
{
    int sock = connect_init(NULL);
    struct get_object_counts_request req = {{0}};
    struct get_object_counts_reply reply;
    int ok = sock != -1 && CALL(sock, get_object_counts, &req, &reply) == 0;
    if (sock != -1)
        close(sock);
    return ok && !waitpid(server_pid, NULL, WNOHANG);
}

static int is_error(NTSTATUS s)
{
    return s < 0 && s != R_TIMEOUT && s != R_ERROR;
}

/* A one-way request got no answer and the next request got its own (counts as an error status). */
#define R_ONE_WAY (-103)

static int is_one_way(uint32_t code)
{
    /* the server never answers these, errors included */
    return code == REQ_sync_wake || code == REQ_exit_process;
}

/* Sends a raw packet and returns the answer's status. For a one-way request code, checks instead that
 * nothing comes back for it: the next request's answer must be its own. */
static NTSTATUS exchange(int sock, const void *packet, size_t len, const int *fds, int nfds, int initialized)
{
    uint32_t code = ~0u;

    if (len >= sizeof(struct request_header))
        memcpy(&code, packet, sizeof(code));
    if (send_packet(sock, packet, len, fds, nfds))
        return R_CLOSED;
    if (!is_one_way(code))
        return recv_reply(sock, 2000, NULL, 0);
    struct get_object_counts_request req = {{0}};
    struct get_object_counts_reply reply;
    NTSTATUS s = CALL(sock, get_object_counts, &req, &reply);
    if (s == R_CLOSED)
        return s;
    return s == (initialized ? STATUS_SUCCESS : STATUS_INVALID_HANDLE) ? R_ONE_WAY : R_ERROR;
}

/* ---------------------------------------------------------------------------------------------- */

static void test_malformed(int ctl, const struct snapshot *base)
{
    char junk[256];
    NTSTATUS s;
    int sock;

    /* truncated headers, before and after init_process */
    for (int init = 0; init < 2; init++) {
        sock = init ? connect_init(NULL) : connect_server();
        for (size_t len = 1; len < sizeof(struct request_header); len++) {
            memset(junk, 0xa5, sizeof(junk));
            s = send_packet(sock, junk, len, NULL, 0) ? R_CLOSED : recv_reply(sock, 2000, NULL, 0);
            CHECK(s == STATUS_INVALID_PARAMETER, "init %d: %zu byte packet -> %#x", init, len, (unsigned)s);
        }
        /* an empty packet reads as end of connection: the server drops this client only */
        s = send_packet(sock, junk, 0, NULL, 0) ? R_CLOSED : recv_reply(sock, 2000, NULL, 0);
        CHECK(s == R_CLOSED || is_error(s), "empty packet -> %#x", (unsigned)s);
        close(sock);
    }
    CHECK(back_to_baseline(ctl, base, "truncated"), "truncated headers leaked");

    /* every request code with a wrong fixed size, a data size that disagrees with the packet, a
     * truncated fixed part, and before init_process */
    sock = connect_init(NULL);
    int raw = connect_server();
    for (unsigned int code = 0; code < REQ_COUNT + 3; code++) {
        struct request_header *h = (struct request_header *)junk;
        memset(junk, 0, sizeof(junk));
        *h = (struct request_header){code, 0, 0, ORIEL_PROTOCOL_VERSION};
        /* find the right size: the one that does not give STATUS_INVALID_PARAMETER for a zero body is
         * not known here, so try sizes that cannot be right for any request (odd, oversized) */
        unsigned int bad_sizes[] = {1, 7, 9, 200, 0xffffffffu};
        for (unsigned int i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
            h->size = bad_sizes[i];
            h->data_size = 0;
            size_t len = sizeof(*h) + (bad_sizes[i] < 200 ? bad_sizes[i] : 8);
            s = exchange(sock, junk, len, NULL, 0, 1);
            CHECK(is_error(s), "code %u size %u -> %#x", code, bad_sizes[i], (unsigned)s);
        }
        /* data_size larger than what came, and huge (overflow of a 32-bit sum) */
        unsigned int data_sizes[] = {1, 64, ORIEL_MAX_MESSAGE + 1, 0xfffffff0u};
        for (unsigned int i = 0; i < sizeof(data_sizes) / sizeof(data_sizes[0]); i++) {
            h->size = 8;
            h->data_size = data_sizes[i];
            s = exchange(sock, junk, sizeof(*h) + 8, NULL, 0, 1);
            CHECK(is_error(s), "code %u data_size %u -> %#x", code, data_sizes[i], (unsigned)s);
        }
        /* wrong protocol version */
        h->size = 8;
        h->data_size = 0;
        h->version = ORIEL_PROTOCOL_VERSION + 1;
        s = exchange(sock, junk, sizeof(*h) + 8, NULL, 0, 1);
        CHECK(s == (is_one_way(code) ? R_ONE_WAY : STATUS_NOT_SUPPORTED), "code %u bad version -> %#x", code,
              (unsigned)s);
        /* anything but init_process before init_process */
        if (code != REQ_init_process && code < REQ_COUNT) {
            char packet[sizeof(struct request_header) + 64] = {0};
            for (unsigned int size = 8; size <= 64; size += 8) {
                struct request_header rh = {code, size, 0, ORIEL_PROTOCOL_VERSION};
                memcpy(packet, &rh, sizeof(rh));
                s = exchange(raw, packet, sizeof(rh) + size, NULL, 0, 0);
                CHECK(is_error(s), "uninitialized code %u size %u -> %#x", code, size, (unsigned)s);
            }
        }
    }
    CHECK(server_alive(), "server died");

    /* oversized packets: larger than the server's buffer (MSG_TRUNC) */
    {
        size_t big = ORIEL_MAX_MESSAGE + 4096;
        char *packet = calloc(1, big);
        struct request_header h = {REQ_close_handle, 8, big - sizeof(h) - 8, ORIEL_PROTOCOL_VERSION};
        memcpy(packet, &h, sizeof(h));
        s = send_packet(sock, packet, big, NULL, 0) ? R_CLOSED : recv_reply(sock, 2000, NULL, 0);
        CHECK(is_error(s), "oversized packet -> %#x", (unsigned)s);
        /* exactly at the limit: sizes agree but data_size exceeds ORIEL_MAX_MESSAGE */
        size_t edge = ORIEL_MAX_MESSAGE + 8;
        h.data_size = edge - sizeof(h) - 8;
        memcpy(packet, &h, sizeof(h));
        s = send_packet(sock, packet, edge, NULL, 0) ? R_CLOSED : recv_reply(sock, 2000, NULL, 0);
        CHECK(is_error(s) || s == R_CLOSED, "limit-size packet -> %#x", (unsigned)s);
        free(packet);
        if (s == R_CLOSED) {
            close(sock);
            sock = connect_init(NULL);
        }
    }

    /* fds where none are expected, too many fds, fds on a malformed packet: all closed by the server */
    {
        int fds[12];
        for (int i = 0; i < 12; i++)
            fds[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
        struct close_handle_request creq = {.handle = 0x40};
        struct close_handle_reply crep;
        s = call(sock, REQ_close_handle, &creq, sizeof(creq), NULL, 0, &crep, sizeof(crep), fds, 3);
        CHECK(s == STATUS_INVALID_HANDLE, "close_handle with fds -> %#x", (unsigned)s);
        s = call(sock, REQ_close_handle, &creq, sizeof(creq), NULL, 0, &crep, sizeof(crep), fds, 12);
        CHECK(is_error(s), "12 fds -> %#x", (unsigned)s);
        s = send_packet(sock, junk, 5, fds, 4) ? R_CLOSED : recv_reply(sock, 2000, NULL, 0);
        CHECK(s == STATUS_INVALID_PARAMETER, "truncated packet with fds -> %#x", (unsigned)s);
        /* a socket where a file is expected, a file where a socket is expected */
        int pair[2];
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair);
        struct new_thread_request treq = {0};
        struct new_thread_reply trep;
        s = call(sock, REQ_new_thread, &treq, sizeof(treq), NULL, 0, &trep, sizeof(trep), &pair[0], 1);
        CHECK(is_error(s), "new_thread with a stream socket -> %#x", (unsigned)s);
        s = call(sock, REQ_new_thread, &treq, sizeof(treq), NULL, 0, &trep, sizeof(trep), fds, 2);
        CHECK(is_error(s), "new_thread with two files -> %#x", (unsigned)s);
        close(pair[0]);
        close(pair[1]);
        for (int i = 0; i < 12; i++)
            close(fds[i]);
    }

    /* variable data of the wrong shape */
    {
        uint16_t name[600];
        size_t len = nt_name(name, "robust-bad");
        struct create_event_request ereq = {EVENT_ALL, 0, 1, 0};
        struct create_event_reply erep;
        s = CALL_DATA(sock, create_event, &ereq, name, len - 1, &erep);
        CHECK(is_error(s), "odd name length -> %#x", (unsigned)s);
        for (int i = 0; i < 600; i++)
            name[i] = 'x';
        s = CALL_DATA(sock, create_event, &ereq, name, sizeof(name), &erep);
        CHECK(is_error(s), "name without prefix -> %#x", (unsigned)s);
        len = nt_name(name, "");
        s = CALL_DATA(sock, create_event, &ereq, name, len, &erep);
        CHECK(is_error(s), "empty name -> %#x", (unsigned)s);
        len = nt_name(name, "a\\b");
        s = CALL_DATA(sock, create_event, &ereq, name, len, &erep);
        CHECK(is_error(s), "subdirectory -> %#x", (unsigned)s);
        struct open_sync_object_request oreq = {SERVER_OBJ_TYPE_COUNT + 3, EVENT_ALL, 0, 0};
        struct open_sync_object_reply orep;
        len = nt_name(name, "robust-none");
        s = CALL_DATA(sock, open_sync_object, &oreq, name, len, &orep);
        CHECK(is_error(s), "open of a bad type -> %#x", (unsigned)s);
        oreq.type = SERVER_OBJ_EVENT;
        s = CALL(sock, open_sync_object, &oreq, &orep);
        CHECK(is_error(s), "open without a name -> %#x", (unsigned)s);

        struct select_request sreq = {.deadline = 0, .flags = 0};
        struct select_reply srep;
        obj_handle_t handles[SERVER_SELECT_MAX + 1];
        for (int i = 0; i <= SERVER_SELECT_MAX; i++)
            handles[i] = 4;
        s = CALL_DATA(sock, select, &sreq, handles, sizeof(handles), &srep);
        CHECK(is_error(s), "select of 65 handles -> %#x", (unsigned)s);
        s = CALL_DATA(sock, select, &sreq, handles, 6, &srep);
        CHECK(is_error(s), "select with a partial handle -> %#x", (unsigned)s);
        handles[0] = 0x12344;
        s = CALL_DATA(sock, select, &sreq, handles, 4, &srep);
        CHECK(s == STATUS_INVALID_HANDLE, "select of a bad handle -> %#x", (unsigned)s);
        sreq.flags = 0x80;
        s = CALL_DATA(sock, select, &sreq, handles, 4, &srep);
        CHECK(is_error(s), "select with bad flags -> %#x", (unsigned)s);
    }
    close(sock);
    close(raw);
    CHECK(back_to_baseline(ctl, base, "malformed"), "malformed requests leaked");
    CHECK(server_alive(), "server died");
}

/* Requests with random bodies and data on a registered client. Requests that act on other host
 * processes by pid (terminate_process, set_process_info) or that may block (select) are left out: the
 * fuzzer (tests/fuzz/protocol_fuzz.c) covers them without a socket. */
static void test_random(int ctl, const struct snapshot *base)
{
    static const uint32_t sizes[REQ_COUNT] = {
#define SIZE_ENTRY(name) [REQ_##name] = sizeof(struct name##_request),
        ORIEL_REQUEST_LIST(SIZE_ENTRY)
#undef SIZE_ENTRY
    };
    unsigned int seed = 12345, errors = 0, bad = 0, sent = 0;
    int sock = connect_init(NULL);

    for (int i = 0; i < 3000 && sock != -1; i++) {
        uint8_t packet[512];
        struct request_header *h = (struct request_header *)packet;
        unsigned int code = rand_r(&seed) % REQ_COUNT;
        if (code == REQ_select || code == REQ_terminate_process || code == REQ_set_process_info)
            continue;
        unsigned int data = rand_r(&seed) % 4 ? 0 : rand_r(&seed) % 80;
        *h = (struct request_header){code, sizes[code], data, ORIEL_PROTOCOL_VERSION};
        for (size_t j = sizeof(*h); j < sizeof(*h) + sizes[code] + data; j++) {
            /* small values make plausible handles, flags and counts */
            unsigned int r = rand_r(&seed);
            packet[j] = (r & 0x300) ? (uint8_t)(r & 0x1c) : (uint8_t)r;
        }
        if (rand_r(&seed) % 8 == 0) { /* a bit flip anywhere, header included */
            unsigned int at = rand_r(&seed) % (sizeof(*h) + sizes[code] + data),
                         bit = 1u << (rand_r(&seed) % 8);
            packet[at] ^= bit;
            if (h->code == REQ_select || h->code == REQ_terminate_process || h->code == REQ_set_process_info)
                packet[at] ^= bit;
        }
        size_t len = sizeof(*h) + sizes[code] + data;
        NTSTATUS s = exchange(sock, packet, len, NULL, 0, 1);
        sent++;
        if (s == R_TIMEOUT || s == R_ERROR || s == R_CLOSED) {
            bad++;
            printf("  random request %d (code %u, %zu bytes) -> %d\n", i, code, len, s);
            close(sock);
            sock = connect_init(NULL);
        } else if (s < 0)
            errors++;
    }
    if (sock != -1)
        close(sock);
    CHECK(bad == 0, "%u of %u random requests got no proper reply", bad, sent);
    CHECK(errors > 0, "no random request failed (%u sent): the generator is broken", sent);
    CHECK(back_to_baseline(ctl, base, "random"), "random requests leaked");
    CHECK(server_alive(), "server died");
}

/* A client that floods requests and never reads the replies is dropped, not waited for. */
static void test_flood(int ctl, const struct snapshot *base)
{
    int sock = connect_init(NULL), sent = 0;
    struct {
        struct request_header h;
        struct get_object_counts_request r;
    } packet = {{REQ_get_object_counts, sizeof(struct get_object_counts_request), 0, ORIEL_PROTOCOL_VERSION},
                {{0}}};
    struct timespec t0, t1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    fcntl(sock, F_SETFL, O_NONBLOCK);
    for (int i = 0; i < 200000; i++) {
        if (send(sock, &packet, sizeof(packet), MSG_NOSIGNAL | MSG_DONTWAIT) != sizeof(packet)) {
            if (errno != EAGAIN)
                break; /* dropped */
            /* our send buffer is full while the server is still reading: it must keep serving others */
            struct snapshot s;
            CHECK(!take_snapshot(ctl, &s), "control client blocked by a flooding client");
            usleep(1000);
        } else
            sent++;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (t1.tv_sec - t0.tv_sec > 3)
            break;
    }
    close(sock);
    CHECK(sent > 0, "flood sent nothing");
    CHECK(back_to_baseline(ctl, base, "flood"), "flooding client leaked");
}

/* ---------------------------------------------------------------------------------------------- */

enum moment {
    KILL_BEFORE_INIT,  /* connected, nothing registered */
    KILL_IDLE,         /* objects and handles, a mutex owned, a second thread */
    KILL_WAITING,      /* as KILL_IDLE, both threads in a deferred select */
    KILL_MID_REQUESTS, /* a stream of create/dup/wait/release/close requests */
    KILL_MOMENTS
};
static const char *moment_names[] = {"before init", "idle", "in a wait", "mid-requests"};

struct child_report {
    uint32_t pid, tid, tid2;
};

/* The victim: registers, makes objects and reports over the pipe; then whatever `moment` says until
 * it is killed. Never returns. */
static void victim(int report_fd, enum moment moment, const char *tag)
{
    struct child_report rep = {0};
    struct init_process_reply init;
    uint16_t name[128];
    size_t len;
    int sock = connect_server();

    if (sock == -1)
        _exit(2);
    if (moment == KILL_BEFORE_INIT) {
        if (write(report_fd, &rep, sizeof(rep)) != sizeof(rep))
            _exit(3);
        pause();
    }
    if (init_client(sock, &init))
        _exit(4);
    rep.pid = init.pid;
    rep.tid = init.tid;

    char buf[64];
    snprintf(buf, sizeof(buf), "robust-mutex-%s", tag);
    len = nt_name(name, buf);
    struct create_mutex_request mreq = {MUTANT_ALL, 0, 1, 0};
    struct create_mutex_reply mrep;
    if (CALL_DATA(sock, create_mutex, &mreq, name, len, &mrep))
        _exit(5);
    snprintf(buf, sizeof(buf), "robust-event-%s", tag);
    len = nt_name(name, buf);
    struct create_event_request ereq = {EVENT_ALL, 0, 1, 0};
    struct create_event_reply erep;
    if (CALL_DATA(sock, create_event, &ereq, name, len, &erep))
        _exit(6);
    struct create_semaphore_request sreq = {SEMAPHORE_ALL, 0, 0, 10};
    struct create_semaphore_reply srep;
    if (CALL(sock, create_semaphore, &sreq, &srep))
        _exit(7);
    struct create_timer_request treq = {0x1f0003, 0, 1, 0};
    struct create_timer_reply trep;
    if (CALL(sock, create_timer, &treq, &trep))
        _exit(8);
    struct dup_handle_request dreq = {SERVER_CURRENT_PROCESS, erep.handle, SERVER_CURRENT_PROCESS, 0, 0, 2};
    struct dup_handle_reply drep;
    if (CALL(sock, dup_handle, &dreq, &drep))
        _exit(9);
    dreq.src_handle = SERVER_CURRENT_THREAD;
    if (CALL(sock, dup_handle, &dreq, &drep))
        _exit(10);
    /* the mutex twice more: recursion must not keep it alive either */
    struct select_request wreq = {.deadline = 0};
    struct select_reply wrep;
    for (int i = 0; i < 2; i++)
        if (CALL_DATA(sock, select, &wreq, &mrep.handle, sizeof(obj_handle_t), &wrep) != STATUS_WAIT_0)
            _exit(11);
    /* a second thread with its own connection */
    int pair[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
    struct new_thread_request ntreq = {0};
    struct new_thread_reply ntrep;
    if (call(sock, REQ_new_thread, &ntreq, sizeof(ntreq), NULL, 0, &ntrep, sizeof(ntrep), &pair[1], 1))
        _exit(12);
    close(pair[1]);
    int sock2 = pair[0];
    rep.tid2 = ntrep.tid;
    /* a timer armed far in the future with an APC for the dead thread */
    struct set_timer_request streq = {
        .deadline = UINT64_MAX / 2, .handle = trep.handle, .period = 1000, .apc_func = 0x1000, .apc_arg = 1};
    struct set_timer_reply strep;
    if (CALL(sock, set_timer, &streq, &strep))
        _exit(13);

    if (moment == KILL_WAITING) {
        /* main thread: the unsignaled event, forever; second thread: semaphore or timeout, alertable */
        wreq.deadline = SERVER_TIMEOUT_INFINITE;
        if (send_request(sock, REQ_select, &wreq, sizeof(wreq), &erep.handle, sizeof(obj_handle_t), NULL, 0))
            _exit(14);
        obj_handle_t two[2] = {srep.handle, trep.handle};
        wreq.flags = SERVER_SELECT_ALERTABLE;
        if (send_request(sock2, REQ_select, &wreq, sizeof(wreq), two, sizeof(two), NULL, 0))
            _exit(15);
        /* let the server take both requests before reporting */
        struct pollfd p = {sock, POLLIN, 0};
        poll(&p, 1, 50);
    }
    if (write(report_fd, &rep, sizeof(rep)) != sizeof(rep))
        _exit(16);
    if (moment != KILL_MID_REQUESTS)
        for (;;)
            pause();

    /* hammer until killed; sometimes the kill lands between our send and the reply */
    for (unsigned int i = 0;; i++) {
        struct create_event_request e = {EVENT_ALL, 0, i & 1, i & 2};
        struct create_event_reply er;
        if (CALL(sock, create_event, &e, &er))
            _exit(20);
        struct event_op_request op = {er.handle, SERVER_EVENT_SET};
        struct event_op_reply opr;
        CALL(sock2, event_op, &op, &opr);
        struct select_request w = {.deadline = 0};
        obj_handle_t hs[3] = {er.handle, mrep.handle, srep.handle};
        CALL_DATA(sock, select, &w, hs, sizeof(hs), &wrep);
        struct release_mutex_request rm = {mrep.handle};
        struct release_mutex_reply rmr;
        CALL(sock, release_mutex, &rm, &rmr);
        CALL_DATA(sock2, select, &w, &mrep.handle, sizeof(obj_handle_t), &wrep);
        struct dup_handle_request d = {SERVER_CURRENT_PROCESS, er.handle, SERVER_CURRENT_PROCESS, 0, 0, 2};
        CALL(sock, dup_handle, &d, &drep);
        struct release_semaphore_request rs = {srep.handle, 1};
        struct release_semaphore_reply rsr;
        CALL(sock2, release_semaphore, &rs, &rsr);
        if (i % 4 == 0) {
            /* leave some behind: the kill must collect them */
            struct close_handle_request c = {er.handle};
            struct close_handle_reply cr;
            CALL(sock, close_handle, &c, &cr);
            c.handle = drep.handle;
            CALL(sock, close_handle, &c, &cr);
        }
    }
}

static void test_kill(int ctl, const struct snapshot *base, enum moment moment, int delay_us, int round)
{
    char tag[32], what[96];
    int report[2];
    struct child_report rep;

    snprintf(tag, sizeof(tag), "%d-%d", (int)moment, round);
    snprintf(what, sizeof(what), "kill %s (round %d, %d us)", moment_names[moment], round, delay_us);
    if (pipe(report))
        return;
    pid_t child = fork();
    if (!child) {
        close(report[0]);
        close(ctl);
        victim(report[1], moment, tag);
        _exit(1);
    }
    close(report[1]);
    struct pollfd p = {report[0], POLLIN, 0};
    int got = poll(&p, 1, 5000) == 1 && read(report[0], &rep, sizeof(rep)) == sizeof(rep);
    close(report[0]);
    CHECK(got, "%s: the victim did not get ready", what);
    if (!got) {
        int status;
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
        printf("  victim status %#x\n", status);
        return;
    }

    /* an observer process: waits on the victim's mutex, its process and its threads */
    int obs = -1, obs2 = -1, obs3 = -1;
    obj_handle_t mutex = 0, process = 0, thread = 0, thread2 = 0;
    if (moment != KILL_BEFORE_INIT) {
        obs = connect_init(NULL);
        uint16_t name[128];
        char buf[64];
        snprintf(buf, sizeof(buf), "robust-mutex-%s", tag);
        size_t len = nt_name(name, buf);
        struct open_sync_object_request oreq = {SERVER_OBJ_MUTEX, MUTANT_ALL, 0, 0};
        struct open_sync_object_reply orep;
        CHECK(CALL_DATA(obs, open_sync_object, &oreq, name, len, &orep) == 0, "%s: open mutex", what);
        mutex = orep.handle;
        struct open_process_request preq = {rep.pid, SYNCHRONIZE_ACCESS | PROCESS_QUERY_LIMITED, 0, 0};
        struct open_process_reply prep;
        CHECK(CALL(obs, open_process, &preq, &prep) == 0, "%s: open process %#x", what, rep.pid);
        process = prep.handle;
        struct open_thread_request treq = {rep.tid, SYNCHRONIZE_ACCESS | THREAD_QUERY_LIMITED, 0, 0};
        struct open_thread_reply trep;
        CHECK(CALL(obs, open_thread, &treq, &trep) == 0, "%s: open thread", what);
        thread = trep.handle;
        treq.tid = rep.tid2;
        CHECK(CALL(obs, open_thread, &treq, &trep) == 0, "%s: open thread 2", what);
        thread2 = trep.handle;

        /* two more threads of the observer, so that three waits can be pending at once */
        int pair[2];
        struct new_thread_request ntreq = {0};
        struct new_thread_reply ntrep;
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
        CHECK(call(obs, REQ_new_thread, &ntreq, sizeof(ntreq), NULL, 0, &ntrep, sizeof(ntrep), &pair[1], 1) ==
                  0,
              "new_thread");
        close(pair[1]);
        obs2 = pair[0];
        struct close_handle_request creq = {ntrep.handle};
        struct close_handle_reply crep;
        CALL(obs, close_handle, &creq, &crep);
        socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
        CHECK(call(obs, REQ_new_thread, &ntreq, sizeof(ntreq), NULL, 0, &ntrep, sizeof(ntrep), &pair[1], 1) ==
                  0,
              "new_thread");
        close(pair[1]);
        obs3 = pair[0];
        creq.handle = ntrep.handle;
        CALL(obs, close_handle, &creq, &crep);

        struct select_request wreq = {.deadline = SERVER_TIMEOUT_INFINITE};
        send_request(obs, REQ_select, &wreq, sizeof(wreq), &mutex, sizeof(mutex), NULL, 0);
        send_request(obs2, REQ_select, &wreq, sizeof(wreq), &process, sizeof(process), NULL, 0);
        obj_handle_t both[2] = {thread, thread2};
        wreq.flags = SERVER_SELECT_ALL;
        send_request(obs3, REQ_select, &wreq, sizeof(wreq), both, sizeof(both), NULL, 0);
        if (moment != KILL_MID_REQUESTS) {
            /* the victim holds the mutex and is alive: nothing may be answered yet */
            CHECK(recv_reply(obs, 50, NULL, 0) == R_TIMEOUT, "%s: mutex wait ended early", what);
            CHECK(recv_reply(obs2, 0, NULL, 0) == R_TIMEOUT, "%s: process wait ended early", what);
            CHECK(recv_reply(obs3, 0, NULL, 0) == R_TIMEOUT, "%s: thread wait ended early", what);
        }
    }

    if (delay_us)
        usleep(delay_us);
    kill(child, SIGKILL);
    int status;
    waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "%s: victim exited by itself: %#x", what,
          status);

    if (obs != -1) {
        struct select_reply srep;
        NTSTATUS s = recv_reply(obs, 3000, &srep, sizeof(srep));
        /* mid-requests the victim may have been between release_mutex and its next wait */
        if (moment == KILL_MID_REQUESTS)
            CHECK(s == STATUS_ABANDONED_WAIT_0 || s == STATUS_WAIT_0, "%s: mutex wait -> %#x", what,
                  (unsigned)s);
        else
            CHECK(s == STATUS_ABANDONED_WAIT_0, "%s: mutex wait -> %#x", what, (unsigned)s);
        s = recv_reply(obs2, 3000, &srep, sizeof(srep));
        CHECK(s == STATUS_WAIT_0, "%s: process wait -> %#x", what, (unsigned)s);
        s = recv_reply(obs3, 3000, &srep, sizeof(srep));
        CHECK(s == STATUS_WAIT_0, "%s: wait for both threads -> %#x", what, (unsigned)s);

        struct query_sync_object_request qreq = {mutex};
        struct query_sync_object_reply qrep = {0};
        CHECK(CALL(obs, query_sync_object, &qreq, &qrep) == 0 && qrep.values[0] == 0 && qrep.values[1] == 1,
              "%s: the observer owns the mutex once: count %d owned %d abandoned %d", what, qrep.values[0],
              qrep.values[1], qrep.values[2]);
        struct release_mutex_request rreq = {mutex};
        struct release_mutex_reply rrep = {0};
        CHECK(CALL(obs, release_mutex, &rreq, &rrep) == 0 && rrep.prev_count == 0, "%s: release -> %d", what,
              rrep.prev_count);

        struct get_process_info_request pireq = {process, PROCESS_QUERY_LIMITED};
        struct get_process_info_reply pirep = {0};
        CHECK(CALL(obs, get_process_info, &pireq, &pirep) == 0 && !pirep.running &&
                  pirep.exit_code != STILL_ACTIVE_CODE,
              "%s: process running %u exit code %u", what, pirep.running, pirep.exit_code);
        struct get_thread_info_request tireq = {thread, THREAD_QUERY_LIMITED};
        struct get_thread_info_reply tirep = {0};
        CHECK(CALL(obs, get_thread_info, &tireq, &tirep) == 0 && !tirep.running &&
                  tirep.exit_code != STILL_ACTIVE_CODE,
              "%s: thread running %u exit code %u", what, tirep.running, tirep.exit_code);
        tireq.handle = thread2;
        CHECK(CALL(obs, get_thread_info, &tireq, &tirep) == 0 && !tirep.running &&
                  tirep.exit_code != STILL_ACTIVE_CODE,
              "%s: thread 2 running %u exit code %u", what, tirep.running, tirep.exit_code);
        /* the dead process's id no longer opens anything */
        struct open_process_request preq = {rep.pid, PROCESS_QUERY_LIMITED, 0, 0};
        struct open_process_reply prep;
        CHECK(CALL(obs, open_process, &preq, &prep) == STATUS_INVALID_CID, "%s: dead pid opens", what);
        close(obs3);
        close(obs2);
        close(obs);
    }
    CHECK(back_to_baseline(ctl, base, what), "%s: leaked", what);
}

/* init_process carries the client's host pid, which terminate_process later SIGKILLs: a client that
 * claims another host process's pid must not make the server kill that process. The bystander is our
 * own sleeping child; the liar is another child (so that a server that kills the real peer, found with
 * SO_PEERCRED, kills only the liar). Never use pids such as 0 or -1 here: kill() would take them as
 * process groups. */
static void test_forged_pid(int ctl, const struct snapshot *base)
{
    int report[2];
    pid_t bystander = fork();

    if (!bystander) {
        for (;;)
            pause();
    }
    if (pipe(report))
        return;
    pid_t liar = fork();
    if (!liar) {
        struct init_process_reply init;
        int sock = connect_server();
        struct init_process_request req = {.unix_pid = (uint32_t)bystander, .fd_mask = 0};
        NTSTATUS s = sock == -1 ? R_CLOSED : CALL(sock, init_process, &req, &init);
        uint32_t msg[2] = {(uint32_t)s, s ? 0 : init.pid};
        if (write(report[1], msg, sizeof(msg)) != sizeof(msg))
            _exit(1);
        for (;;)
            pause();
    }
    close(report[1]);
    uint32_t msg[2] = {R_TIMEOUT, 0};
    struct pollfd p = {report[0], POLLIN, 0};
    if (poll(&p, 1, 5000) != 1 || read(report[0], msg, sizeof(msg)) != sizeof(msg))
        msg[0] = R_TIMEOUT;
    close(report[0]);
    if (!msg[0]) {
        /* accepted: then terminating that process must not reach the bystander */
        int obs = connect_init(NULL);
        struct open_process_request oreq = {msg[1], 0x0001 /* PROCESS_TERMINATE */, 0, 0};
        struct open_process_reply orep;
        CHECK(CALL(obs, open_process, &oreq, &orep) == 0, "open the liar");
        struct terminate_process_request treq = {orep.handle, 7};
        struct terminate_process_reply trep;
        CHECK(CALL(obs, terminate_process, &treq, &trep) == 0, "terminate the liar");
        usleep(200000);
        CHECK(waitpid(bystander, NULL, WNOHANG) == 0,
              "terminate_process killed host pid %d, which a client merely named in init_process",
              (int)bystander);
        close(obs);
    } else
        CHECK(is_error((NTSTATUS)msg[0]), "init_process with another process's pid -> %#x", msg[0]);
    kill(liar, SIGKILL);
    kill(bystander, SIGKILL);
    waitpid(liar, NULL, 0);
    waitpid(bystander, NULL, 0);
    CHECK(back_to_baseline(ctl, base, "forged pid"), "forged pid leaked");
}

/* ---------------------------------------------------------------------------------------------- */

int main(int argc, char **argv)
{
    char tmpl[] = "/tmp/oriel-robust-test-XXXXXX", rundir[PATH_MAX], self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (len <= 0 || !mkdtemp(tmpl)) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    self[len] = 0;
    *strrchr(self, '/') = 0;
    if (getenv("ORIEL_SERVER")) /* e.g. a sanitizer build */
        snprintf(server_bin, sizeof(server_bin), "%s", getenv("ORIEL_SERVER"));
    else
        snprintf(server_bin, sizeof(server_bin), "%s/../../server/oriel-server", self);
    snprintf(prefix, sizeof(prefix), "%s/prefix", tmpl);
    snprintf(rundir, sizeof(rundir), "%s/run", tmpl);
    mkdir(prefix, 0755);
    mkdir(rundir, 0700);
    setenv("XDG_RUNTIME_DIR", rundir, 1);
    signal(SIGPIPE, SIG_IGN);

    if (oriel_socket_path(prefix, NULL, sockpath, sizeof(sockpath))) {
        printf("no socket path\n");
        failed++;
    } else if (access(server_bin, X_OK)) {
        printf("server binary %s missing\n", server_bin);
        failed++;
    } else if ((server_pid = start_server()) <= 0) {
        printf("server did not start\n");
        failed++;
    } else {
        struct snapshot base;
        int ctl = connect_init(NULL);
        if (ctl != -1) {
            /* the server may create one-time resources with the first sync object (the shared-memory
             * slots of server/sync_shm.c hold an fd): not part of what a client can leak */
            struct create_event_request ereq = {EVENT_ALL, 0, 1, 0};
            struct create_event_reply erep;
            struct close_handle_reply crep;
            CHECK(CALL(ctl, create_event, &ereq, &erep) == 0, "warm-up event");
            struct close_handle_request creq = {erep.handle};
            CHECK(CALL(ctl, close_handle, &creq, &crep) == 0, "warm-up close");
        }
        CHECK(ctl != -1 && !take_snapshot(ctl, &base), "control client");
        if (ctl != -1) {
            CHECK(base.counts.clients == 1 && base.counts.counts[SERVER_OBJ_PROCESS] == 1,
                  "baseline clients %u", base.counts.clients);
            test_malformed(ctl, &base);
            test_random(ctl, &base);
            test_flood(ctl, &base);
            for (int m = 0; m < KILL_MOMENTS; m++)
                test_kill(ctl, &base, m, 0, 0);
            /* kills that land at varied points of the request stream */
            for (int round = 1; round <= 8; round++)
                test_kill(ctl, &base, KILL_MID_REQUESTS, round * 1500, round);
            test_kill(ctl, &base, KILL_WAITING, 20000, 1);
            test_forged_pid(ctl, &base);
            CHECK(server_alive(), "server died");
            close(ctl);
        }
        int status;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (;;) {
            if (waitpid(server_pid, &status, WNOHANG) == server_pid)
                break;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            if (t1.tv_sec - t0.tv_sec > 5) {
                kill(server_pid, SIGKILL);
                waitpid(server_pid, &status, 0);
                break;
            }
            usleep(10000);
        }
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "server exit status %#x", status);
    }
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
    if (system(cmd)) {
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
