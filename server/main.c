/*
 * oriel-server: command line, socket set-up and the single-threaded event loop.
 *
 *   oriel-server [--prefix DIR] [--debug] [--exit-timeout SECONDS] [--ready-fd N]
 *
 * The prefix defaults to $ORIEL_PREFIX, then ~/.oriel. --debug keeps stderr open (with ORIEL_DEBUG
 * channels) instead of detaching from the terminal. --ready-fd is how a starting client learns that
 * the socket listens: the server writes one byte to that fd and closes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "request.h"
#include "sync.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

static int epoll_fd = -1;
static int listen_fd = -1;
static struct list clients = LIST_INIT(clients);
static char socket_path[ORIEL_SOCKET_PATH_MAX];
static ino_t socket_ino;
static long long idle_since;

static void usage(FILE *out)
{
    fprintf(out, "usage: oriel-server [--prefix DIR] [--debug] [--exit-timeout SECONDS] [--ready-fd N]\n");
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void remove_client(struct client *client)
{
    TRACE("client %p disconnected\n", (void *)client);
    epoll_ctl(epoll_fd, EPOLL_CTL_DEL, client->fd, NULL);
    close(client->fd);
    list_remove(&client->entry);
    client_detach(client);
    free(client);
    if (!--client_count)
        idle_since = now_ms();
}

static struct client *attach_fd(int fd, struct process *process, struct thread *thread)
{
    struct epoll_event ev = {.events = EPOLLIN};
    struct client *client = calloc(1, sizeof(*client));

    if (!client)
        return NULL;
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    client->fd = fd; /* a socketpair end: SO_PEERCRED would name its creator, so peer_pid stays 0 */
    ev.data.ptr = client;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
        free(client);
        return NULL;
    }
    client->process = (struct process *)grab_object(&process->obj);
    client->thread = (struct thread *)grab_object(&thread->obj);
    list_add_tail(&clients, &client->entry);
    client_count++;
    TRACE("thread %04x has its own connection\n", thread->id);
    return client;
}

static void accept_client(void)
{
    struct epoll_event ev = {.events = EPOLLIN};
    struct client *client;
    struct ucred cred;
    socklen_t len = sizeof(cred);
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (fd == -1)
        return;
    /* the directory is private already; this also stops a descriptor passed to another user */
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != getuid()) {
        WARN("refusing a client of uid %u\n", (unsigned)cred.uid);
        close(fd);
        return;
    }
    if (!(client = calloc(1, sizeof(*client)))) {
        close(fd);
        return;
    }
    client->fd = fd;
    client->peer_pid = cred.pid; /* connected through the socket: the kernel's word on its pid */
    ev.data.ptr = client;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev)) {
        close(fd);
        free(client);
        return;
    }
    list_add_tail(&clients, &client->entry);
    client_count++;
    TRACE("client %p connected (pid %d)\n", (void *)client, (int)cred.pid);
}

/* Reads one packet and answers it. Returns 0 when the client must go. */
static int serve_client(struct client *client)
{
    static uint64_t buffer[(ORIEL_MAX_MESSAGE + 8) / 8];
    static uint64_t reply[(sizeof(struct reply_header) + MAX_FIXED_SIZE) / 8];
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * ORIEL_MAX_FDS)];
    } control;
    struct iovec iov = {buffer, sizeof(buffer)};
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &control, .msg_controllen = sizeof(control)};
    int fds[ORIEL_MAX_FDS];
    unsigned int fd_count = 0;
    struct cmsghdr *cmsg;
    ssize_t size;
    size_t reply_size;
    int reply_fd;

    size = recvmsg(client->fd, &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    if (size < 0)
        return errno == EAGAIN || errno == EINTR;
    if (size == 0)
        return 0;
    for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        int *p = (int *)CMSG_DATA(cmsg);
        size_t n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            if (fd_count < ORIEL_MAX_FDS)
                fds[fd_count++] = p[i];
            else
                close(p[i]);
        }
    }
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
        /* too big or too many fds: answer with an error, the client stays */
        WARN("oversized packet from client %p\n", (void *)client);
        size = 0;
    }
    reply_size = dispatch_request(client, buffer, size, fds, fd_count, reply, sizeof(reply), &reply_fd);
    if (!reply_size)
        return 1; /* deferred: server/wait.c answers when the wait ends */
    if (size >= (ssize_t)sizeof(struct request_header)) {
        uint32_t code;
        memcpy(&code, buffer, sizeof(code));
        /* one way, even when refused before its handler ran: the client reads no answer (exit_process:
         * the client leaves right after, so a reply would only cost it a round trip) */
        if (code == REQ_sync_wake || code == REQ_exit_process)
            return 1;
    }

    iov.iov_base = reply;
    iov.iov_len = reply_size;
    memset(&msg, 0, sizeof(msg));
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    if (reply_fd != -1) {
        memset(&control, 0, sizeof(control));
        msg.msg_control = &control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int));
        cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(cmsg), &reply_fd, sizeof(int));
    }
    /* a client that does not read its replies is dropped rather than allowed to block the server */
    if (sendmsg(client->fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)reply_size)
        return 0;
    return 1;
}

static int open_socket(void)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    struct stat st;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    if (fd == -1)
        return -1;
    strcpy(addr.sun_path, socket_path);
    if (bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        int probe;
        if (errno != EADDRINUSE)
            goto fail;
        /* a live server answers: leave it alone; a stale socket file is replaced */
        probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (probe != -1 && !connect(probe, (struct sockaddr *)&addr, sizeof(addr))) {
            close(probe);
            close(fd);
            errno = EADDRINUSE;
            return -1;
        }
        if (probe != -1)
            close(probe);
        unlink(socket_path);
        if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)))
            goto fail;
    }
    if (listen(fd, 64))
        goto fail;
    if (!stat(socket_path, &st))
        socket_ino = st.st_ino;
    return fd;
fail:
    close(fd);
    return -1;
}

static void detach_std_fds(void)
{
    int null = open("/dev/null", O_RDWR);
    if (null == -1)
        return;
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    if (null > 2)
        close(null);
}

int main(int argc, char **argv)
{
    const char *prefix = getenv("ORIEL_PREFIX");
    char default_prefix[4096];
    int debug = 0, ready_fd = -1, err;
    long exit_timeout_ms = 3000;
    int unlinked = 0;
    struct stat st;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--prefix") && i + 1 < argc)
            prefix = argv[++i];
        else if (!strcmp(argv[i], "--debug"))
            debug = 1;
        else if (!strcmp(argv[i], "--exit-timeout") && i + 1 < argc)
            exit_timeout_ms = (long)(atof(argv[++i]) * 1000);
        else if (!strcmp(argv[i], "--ready-fd") && i + 1 < argc)
            ready_fd = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!prefix || !prefix[0]) {
        const char *home = getenv("HOME");
        if (!home) {
            fprintf(stderr, "oriel-server: neither ORIEL_PREFIX nor HOME is set\n");
            return 1;
        }
        snprintf(default_prefix, sizeof(default_prefix), "%s/.oriel", home);
        prefix = default_prefix;
    }
    if ((err = oriel_socket_path(prefix, NULL, socket_path, sizeof(socket_path)))) {
        fprintf(stderr, "oriel-server: no socket for prefix %s: %s\n", prefix,
                err == EPERM ? "socket directory not owned by the user or accessible to others"
                             : strerror(err));
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    if ((listen_fd = open_socket()) == -1) {
        if (errno == EADDRINUSE) {
            TRACE("a server already runs for %s\n", prefix);
            return 0;
        }
        fprintf(stderr, "oriel-server: cannot listen on %s: %s\n", socket_path, strerror(errno));
        return 1;
    }
    if (chdir("/")) {
        /* not fatal: only avoids pinning the client's directory */
    }
    if (!debug) {
        detach_std_fds();
        setsid();
    }
    if (ready_fd >= 0) {
        char c = 1;
        if (write(ready_fd, &c, 1) != 1) {
            /* the client gave up waiting; serve anyway */
        }
        close(ready_fd);
    }

    /* events, mutexes and semaphores live in shared memory (server/sync_shm.c) */
    if (!sync_shm_init())
        ERR("no shared memory for sync objects: they cannot be created\n");
    epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    attach_client_fd = attach_fd;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_fd == -1 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, listen_fd, &ev)) {
        ERR("epoll: %s\n", strerror(errno));
        unlink(socket_path);
        return 1;
    }
    TRACE("listening on %s\n", socket_path);

    idle_since = now_ms();
    for (;;) {
        struct epoll_event events[64];
        int timeout = -1, n;

        if (!client_count) {
            long long left = idle_since + exit_timeout_ms - now_ms();
            if (unlinked || left <= 0) {
                /* Remove the name first so that new clients start a new server, then serve whoever
                 * connected in between before going. */
                if (!unlinked && !stat(socket_path, &st) && st.st_ino == socket_ino)
                    unlink(socket_path);
                unlinked = 1;
                accept_client();
                if (!client_count)
                    break;
                continue;
            }
            timeout = (int)left;
        }
        /* the nearest wait deadline (server/wait.c) bounds the sleep */
        int wait_timeout = wait_next_timeout();
        if (wait_timeout >= 0 && (timeout < 0 || wait_timeout < timeout))
            timeout = wait_timeout;
        n = epoll_wait(epoll_fd, events, 64, timeout);
        wait_check_timeouts();
        if (n < 0 && errno != EINTR) {
            ERR("epoll_wait: %s\n", strerror(errno));
            break;
        }
        for (int i = 0; i < n; i++) {
            struct client *client = events[i].data.ptr;
            if (!client) {
                accept_client();
                continue;
            }
            if ((events[i].events & EPOLLIN) && serve_client(client))
                continue;
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                remove_client(client);
        }
    }
    TRACE("no client for %ld ms, exiting\n", exit_timeout_ms);
    return 0;
}
