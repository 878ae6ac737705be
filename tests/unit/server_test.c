/*
 * Host test of oriel-server over its real socket: starts server/oriel-server for a temporary prefix and
 * socket directory, then talks the protocol (include/oriel/protocol.h) directly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
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

static int passed, failed;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond)                                                                                            \
            passed++;                                                                                        \
        else {                                                                                               \
            failed++;                                                                                        \
            printf("%s:%d: failed: %s: ", __FILE__, __LINE__, #cond);                                        \
            printf(__VA_ARGS__);                                                                             \
            printf("\n");                                                                                    \
        }                                                                                                    \
    } while (0)

static char prefix[PATH_MAX], sockpath[ORIEL_SOCKET_PATH_MAX], server_bin[PATH_MAX + 64];

static int connect_server(void)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    strcpy(addr.sun_path, sockpath);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends a raw packet; returns the reply status and copies the fixed reply. */
static NTSTATUS raw_call(int sock, const void *packet, size_t size, const int *fds, int nfds, void *reply,
                         size_t reply_size, int *fd_out)
{
    struct iovec iov = {(void *)packet, size};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * 8)];
    } control;
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    char buffer[1024];
    struct reply_header header;

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
    if (sendmsg(sock, &msg, MSG_NOSIGNAL) != (ssize_t)size)
        return -1;
    iov.iov_base = buffer;
    iov.iov_len = sizeof(buffer);
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = &control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    if (n < (ssize_t)sizeof(header))
        return -2;
    memcpy(&header, buffer, sizeof(header));
    if (fd_out)
        *fd_out = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_type == SCM_RIGHTS) {
            int fd;
            memcpy(&fd, CMSG_DATA(c), sizeof(fd));
            if (fd_out)
                *fd_out = fd;
            else
                close(fd);
        }
    if (header.status >= 0 && reply) {
        if (header.size != reply_size)
            return -3;
        memcpy(reply, buffer + sizeof(header), reply_size);
    }
    return header.status;
}

#define CALL(sock, name, req, reply, fds, nfds, fd_out)                                                      \
    call(sock, REQ_##name, req, sizeof(*(req)), reply, sizeof(*(reply)), fds, nfds, fd_out)
static NTSTATUS call(int sock, unsigned int code, const void *req, size_t req_size, void *reply,
                     size_t reply_size, const int *fds, int nfds, int *fd_out)
{
    char packet[512];
    struct request_header h = {code, req_size, 0, ORIEL_PROTOCOL_VERSION};
    memcpy(packet, &h, sizeof(h));
    memcpy(packet + sizeof(h), req, req_size);
    return raw_call(sock, packet, sizeof(h) + req_size, fds, nfds, reply, reply_size, fd_out);
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
        dup2(ready[1], 3);
        execl(server_bin, server_bin, "--prefix", prefix, "--ready-fd", "3", "--exit-timeout", "0.3",
              "--debug", (char *)NULL);
        _exit(127);
    }
    close(ready[1]);
    struct pollfd p = {ready[0], POLLIN, 0};
    if (poll(&p, 1, 5000) != 1 || read(ready[0], &c, 1) != 1)
        pid = -1;
    close(ready[0]);
    return pid;
}

static int init_client(int sock, struct init_process_reply *reply, int with_fds)
{
    struct init_process_request req = {.unix_pid = getpid(), .fd_mask = with_fds ? 7 : 0};
    int fds[3] = {0, 1, 2};
    return CALL(sock, init_process, &req, reply, fds, with_fds ? 3 : 0, NULL);
}

static void test_basic(void)
{
    struct init_process_reply init;
    int sock = connect_server();
    CHECK(sock != -1, "connect: %s", strerror(errno));

    /* before init_process nothing else is served */
    struct close_handle_request creq = {.handle = 4};
    struct close_handle_reply crep;
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == STATUS_INVALID_HANDLE,
          "close before init");

    CHECK(init_client(sock, &init, 1) == 0, "init_process");
    CHECK(init.pid && !(init.pid & 3) && init.tid && !(init.tid & 3) && init.pid != init.tid, "ids %x %x",
          init.pid, init.tid);
    CHECK(init.std_handles[0] == 4 && init.std_handles[1] == 8 && init.std_handles[2] == 12, "std %x %x %x",
          init.std_handles[0], init.std_handles[1], init.std_handles[2]);
    CHECK(init_client(sock, &init, 0) == STATUS_INVALID_PARAMETER, "second init_process");

    /* get_handle_fd returns the same file */
    struct get_handle_fd_request freq = {.handle = init.std_handles[2]};
    struct get_handle_fd_reply frep;
    int fd = -1;
    CHECK(CALL(sock, get_handle_fd, &freq, &frep, NULL, 0, &fd) == 0, "get_handle_fd");
    struct stat a, b;
    CHECK(fd != -1 && !fstat(fd, &a) && !fstat(2, &b) && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
          "same file");
    if (fd != -1)
        close(fd);
    freq.handle = 0x400;
    CHECK(CALL(sock, get_handle_fd, &freq, &frep, NULL, 0, &fd) == STATUS_INVALID_HANDLE, "bad handle");
    freq.handle = 5;
    CHECK(CALL(sock, get_handle_fd, &freq, &frep, NULL, 0, &fd) == STATUS_INVALID_HANDLE, "unaligned handle");

    /* dup + handle info + close */
    struct dup_handle_request dreq = {SERVER_CURRENT_PROCESS, init.std_handles[1],
                                      SERVER_CURRENT_PROCESS, 0,
                                      2 /* OBJ_INHERIT */,    2 /* SAME_ACCESS */};
    struct dup_handle_reply drep;
    CHECK(CALL(sock, dup_handle, &dreq, &drep, NULL, 0, NULL) == 0 && drep.handle == 16, "dup -> %x",
          drep.handle);
    struct get_handle_info_request ireq = {.handle = drep.handle};
    struct get_handle_info_reply irep;
    CHECK(CALL(sock, get_handle_info, &ireq, &irep, NULL, 0, NULL) == 0 && irep.flags == 1 &&
              irep.handle_count == 2 && irep.object_type == SERVER_OBJ_FILE,
          "info flags %x count %u", irep.flags, irep.handle_count);
    struct set_handle_info_request sreq = {.handle = drep.handle, .mask = 3, .flags = 2};
    struct set_handle_info_reply srep;
    CHECK(CALL(sock, set_handle_info, &sreq, &srep, NULL, 0, NULL) == 0 && srep.old_flags == 1, "set info");
    creq.handle = drep.handle;
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == STATUS_HANDLE_NOT_CLOSABLE, "protected");
    sreq.flags = 0;
    CHECK(CALL(sock, set_handle_info, &sreq, &srep, NULL, 0, NULL) == 0 && srep.old_flags == 2, "unprotect");
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == 0, "close dup");
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == STATUS_INVALID_HANDLE, "close twice");
    /* close source */
    dreq.options = 3;
    dreq.src_handle = init.std_handles[0];
    CHECK(CALL(sock, dup_handle, &dreq, &drep, NULL, 0, NULL) == 0 && drep.handle == 16, "dup close source");
    creq.handle = init.std_handles[0];
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == STATUS_INVALID_HANDLE, "source closed");

    /* share modes: an exclusive open of a file blocks a second one */
    char path[PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/share.txt", prefix);
    int f1 = open(path, O_RDWR | O_CREAT, 0644), f2 = open(path, O_RDONLY);
    struct alloc_file_handle_request areq = {0x80000000 | 0x40000000, 0 /* no sharing */, 0, 0};
    struct alloc_file_handle_reply arep;
    CHECK(CALL(sock, alloc_file_handle, &areq, &arep, &f1, 1, NULL) == 0 && arep.type == FD_TYPE_FILE,
          "alloc file");
    obj_handle_t h1 = arep.handle;
    areq.access = 0x80000000;
    areq.sharing = 7;
    CHECK(CALL(sock, alloc_file_handle, &areq, &arep, &f2, 1, NULL) == STATUS_SHARING_VIOLATION, "sharing");
    creq.handle = h1;
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == 0, "close file");
    f2 = open(path, O_RDONLY);
    CHECK(CALL(sock, alloc_file_handle, &areq, &arep, &f2, 1, NULL) == 0, "open after close");
    /* attribute-only access never conflicts */
    f1 = open(path, O_RDONLY);
    areq.access = 0x80 /* FILE_READ_ATTRIBUTES */;
    areq.sharing = 0;
    CHECK(CALL(sock, alloc_file_handle, &areq, &arep, &f1, 1, NULL) == 0, "attributes only");
    CHECK(CALL(sock, alloc_file_handle, &areq, &arep, NULL, 0, NULL) == STATUS_INVALID_PARAMETER, "no fd");
    unlink(path);

    /* malformed packets fail the request, not the server */
    char junk[64] = {0};
    CHECK(raw_call(sock, junk, 3, NULL, 0, NULL, 0, NULL) == STATUS_INVALID_PARAMETER, "short");
    struct request_header h = {REQ_COUNT + 5, 0, 0, ORIEL_PROTOCOL_VERSION};
    CHECK(raw_call(sock, &h, sizeof(h), NULL, 0, NULL, 0, NULL) == STATUS_NOT_IMPLEMENTED, "bad code");
    h.code = REQ_close_handle;
    h.size = 4;
    memcpy(junk, &h, sizeof(h));
    CHECK(raw_call(sock, junk, sizeof(h) + 4, NULL, 0, NULL, 0, NULL) == STATUS_INVALID_PARAMETER,
          "bad size");
    h.size = 8;
    h.data_size = 1000;
    memcpy(junk, &h, sizeof(h));
    CHECK(raw_call(sock, junk, sizeof(h) + 8, NULL, 0, NULL, 0, NULL) == STATUS_INVALID_PARAMETER,
          "bad data size");
    h.version = 99;
    CHECK(raw_call(sock, &h, sizeof(h), NULL, 0, NULL, 0, NULL) == STATUS_NOT_SUPPORTED, "bad version");

    /* counts, then a second client sees the first one's objects go away when it disconnects */
    struct get_object_counts_request oreq = {{0}};
    struct get_object_counts_reply orep;
    CHECK(CALL(sock, get_object_counts, &oreq, &orep, NULL, 0, NULL) == 0 &&
              orep.counts[SERVER_OBJ_PROCESS] == 1 && orep.counts[SERVER_OBJ_THREAD] == 1 &&
              orep.clients == 1,
          "counts %u %u %u", orep.counts[0], orep.counts[1], orep.clients);
    unsigned int files = orep.counts[SERVER_OBJ_FILE];
    CHECK(files == 5, "files %u", files); /* stdout, stderr, stdin (dup'ed), two opens of share.txt */

    /* new_thread: the attached socket becomes the new thread's own connection */
    int pair[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
    struct new_thread_request treq = {.attributes = 0};
    struct new_thread_reply trep;
    CHECK(CALL(sock, new_thread, &treq, &trep, &pair[1], 1, NULL) == 0 && trep.tid && !(trep.tid & 3) &&
              trep.handle,
          "new_thread");
    close(pair[1]);
    CHECK(CALL(pair[0], get_object_counts, &oreq, &orep, NULL, 0, NULL) == 0 &&
              orep.counts[SERVER_OBJ_THREAD] == 2 && orep.clients == 2,
          "the thread's connection serves requests: threads %u clients %u", orep.counts[SERVER_OBJ_THREAD],
          orep.clients);
    ireq.handle = trep.handle;
    CHECK(CALL(sock, get_handle_info, &ireq, &irep, NULL, 0, NULL) == 0 &&
              irep.object_type == SERVER_OBJ_THREAD,
          "thread handle");
    creq.handle = trep.handle;
    CHECK(CALL(sock, close_handle, &creq, &crep, NULL, 0, NULL) == 0, "close thread handle");
    close(pair[0]);
    usleep(50000);
    CHECK(CALL(sock, get_object_counts, &oreq, &orep, NULL, 0, NULL) == 0 &&
              orep.counts[SERVER_OBJ_THREAD] == 1 && orep.clients == 1,
          "thread gone with its connection: threads %u clients %u", orep.counts[SERVER_OBJ_THREAD],
          orep.clients);
    /* a non-socket fd is refused */
    int devnull = open("/dev/null", O_RDONLY);
    CHECK(CALL(sock, new_thread, &treq, &trep, &devnull, 1, NULL) == STATUS_INVALID_PARAMETER,
          "new_thread fd");
    close(devnull);

    int sock2 = connect_server();
    CHECK(init_client(sock2, &init, 0) == 0, "second client");
    close(sock);
    usleep(50000);
    CHECK(CALL(sock2, get_object_counts, &oreq, &orep, NULL, 0, NULL) == 0 &&
              orep.counts[SERVER_OBJ_PROCESS] == 1 && orep.counts[SERVER_OBJ_THREAD] == 1 &&
              orep.counts[SERVER_OBJ_FILE] == 0 && orep.clients == 1,
          "after disconnect: %u %u %u %u", orep.counts[0], orep.counts[1], orep.counts[2], orep.clients);
    close(sock2);
}

int main(int argc, char **argv)
{
    char tmpl[] = "/tmp/oriel-server-test-XXXXXX", rundir[PATH_MAX], self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    pid_t pid;
    int status;

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

    /* the rendezvous refuses a directory others can enter */
    char dir[ORIEL_SOCKET_PATH_MAX];
    chmod(rundir, 0755);
    mkdir(strcat(strcpy(dir, rundir), "/oriel"), 0755);
    CHECK(oriel_socket_dir(dir, sizeof(dir)) == EPERM, "group/other accessible directory accepted");
    chmod(dir, 0700);
    chmod(rundir, 0700);
    CHECK(oriel_socket_dir(dir, sizeof(dir)) == 0, "private directory refused");
    CHECK(oriel_socket_path(prefix, NULL, sockpath, sizeof(sockpath)) == 0 && strstr(sockpath, "/server-"),
          "socket path %s", sockpath);

    if (access(server_bin, X_OK)) {
        printf("server binary %s missing\n", server_bin);
        failed++;
    } else if ((pid = start_server()) <= 0) {
        printf("server did not start\n");
        failed++;
    } else {
        test_basic();
        /* idle exit: the server leaves within its timeout after the last client */
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        waitpid(pid, &status, 0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "server exit status %#x", status);
        CHECK(secs < 2.0, "server took %.2fs to exit", secs);
        CHECK(access(sockpath, F_OK) == -1, "socket left behind");
    }
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpl);
    if (system(cmd)) {
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
