/*
 * Client side of the oriel-server protocol (include/oriel/protocol.h): connecting (and starting the
 * server when none runs), sending requests and caching the host fds behind file handles so that reads
 * and writes are direct syscalls. See docs/server.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(server);

/* How long a client waits for a server it started to listen. */
#define SERVER_START_TIMEOUT_MS 5000

/* The process connection, made by the main thread. Threads created through server_new_thread get their
 * own (thread_server_fd); any other thread borrows the process connection under process_fd_mutex. */
static int process_server_fd = -1;
static __thread int thread_server_fd = -1;
/* The server's id of the thread behind the connection this thread uses (server_thread_id). */
static __thread DWORD thread_server_tid;
static pthread_mutex_t process_fd_mutex = PTHREAD_MUTEX_INITIALIZER;

/* ---- connecting ---- */

static int connect_socket(const char *path)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path))
        return -1;
    strcpy(addr.sun_path, path);
    fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd == -1)
        return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
        close(fd);
        return -1;
    }
    return fd;
}

static char *find_server_binary(void)
{
    const char *env = getenv(ORIEL_ENV_SERVER);
    char self[PATH_MAX], *slash, *path;
    ssize_t len;

    if (env && env[0])
        return strdup(env);
    /* next to the launcher: dirname(/proc/self/exe)/../server/oriel-server */
    len = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (len <= 0)
        return NULL;
    self[len] = 0;
    if (!(slash = strrchr(self, '/')))
        return NULL;
    *slash = 0;
    if (asprintf(&path, "%s/../server/oriel-server", self) < 0)
        return NULL;
    return path;
}

/* Fork+exec the server detached from us (double fork: it is never our zombie) and wait until it
 * says it listens. Called with the start lock held. */
static int spawn_server(const char *prefix)
{
    char *binary = find_server_binary();
    const char *timeout = getenv("ORIEL_SERVER_EXIT_TIMEOUT");
    const char *debug = getenv("ORIEL_SERVER_DEBUG");
    char *argv[10];
    int argc = 0, ready[2], status;
    char ready_arg[16] = "3";
    pid_t pid;

    if (!binary) {
        ERR("cannot find oriel-server (set %s)\n", ORIEL_ENV_SERVER);
        return -1;
    }
    if (access(binary, X_OK)) {
        ERR("cannot run %s: %s\n", binary, strerror(errno));
        free(binary);
        return -1;
    }
    if (pipe2(ready, O_CLOEXEC)) {
        free(binary);
        return -1;
    }
    argv[argc++] = binary;
    argv[argc++] = "--prefix";
    argv[argc++] = (char *)prefix;
    argv[argc++] = "--ready-fd";
    argv[argc++] = ready_arg;
    if (timeout && timeout[0]) {
        argv[argc++] = "--exit-timeout";
        argv[argc++] = (char *)timeout;
    }
    if (debug && debug[0] == '1')
        argv[argc++] = "--debug";
    argv[argc] = NULL;

    TRACE("starting %s for %s\n", binary, prefix);
    pid = fork();
    if (pid == 0) {
        /* only async-signal-safe calls from here on */
        if (fork() == 0) {
            setsid();
            if (dup2(ready[1], 3) == 3) {
                if (syscall(SYS_close_range, 4, ~0U, 0))
                    for (int fd = 4; fd < 1024; fd++)
                        close(fd);
                execv(binary, argv);
            }
            _exit(127);
        }
        _exit(0);
    }
    close(ready[1]);
    free(binary);
    if (pid == -1) {
        close(ready[0]);
        return -1;
    }
    while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
        ;

    struct pollfd pfd = {.fd = ready[0], .events = POLLIN};
    char c;
    int ok = 0;
    for (;;) {
        int n = poll(&pfd, 1, SERVER_START_TIMEOUT_MS);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n == 1 && read(ready[0], &c, 1) == 1;
        break;
    }
    close(ready[0]);
    return ok ? 0 : -1;
}

static int connect_server(const char *prefix)
{
    char path[ORIEL_SOCKET_PATH_MAX], lock_path[ORIEL_SOCKET_PATH_MAX];
    int fd, lock_fd, err;

    if ((err = oriel_socket_path(prefix, NULL, path, sizeof(path))) ||
        (err = oriel_socket_path(prefix, ".lock", lock_path, sizeof(lock_path)))) {
        ERR("no server socket for prefix %s: %s\n", prefix,
            err == EPERM ? "socket directory not owned by the user or accessible to others" : strerror(err));
        return -1;
    }
    if ((fd = connect_socket(path)) != -1)
        return fd;

    /* Only one client starts the server; the others wait on the lock and then find it running. */
    lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock_fd == -1) {
        ERR("cannot open %s: %s\n", lock_path, strerror(errno));
        return -1;
    }
    while (flock(lock_fd, LOCK_EX) && errno == EINTR)
        ;
    if ((fd = connect_socket(path)) == -1 && spawn_server(prefix) == 0)
        fd = connect_socket(path);
    close(lock_fd); /* releases the lock */
    if (fd == -1)
        ERR("cannot start or reach oriel-server for prefix %s\n", prefix);
    return fd;
}

/* ---- requests ---- */

static NTSTATUS send_request(int fd, unsigned int code, const void *req, unsigned int req_size,
                             const void *data, unsigned int data_size, const int *fds, unsigned int fd_count)
{
    struct request_header header = {code, req_size, data_size, ORIEL_PROTOCOL_VERSION};
    struct iovec iov[3] = {{&header, sizeof(header)}, {(void *)req, req_size}, {(void *)data, data_size}};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * ORIEL_MAX_FDS)];
    } control;
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = data_size ? 3 : 2};
    ssize_t ret;

    if (fd_count > ORIEL_MAX_FDS || sizeof(header) + req_size + data_size > ORIEL_MAX_MESSAGE)
        return STATUS_INVALID_PARAMETER;
    if (fd_count) {
        memset(&control, 0, sizeof(control));
        msg.msg_control = &control;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * fd_count);
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SCM_RIGHTS;
        cmsg->cmsg_len = CMSG_LEN(sizeof(int) * fd_count);
        memcpy(CMSG_DATA(cmsg), fds, sizeof(int) * fd_count);
    }
    do
        ret = sendmsg(fd, &msg, MSG_NOSIGNAL);
    while (ret == -1 && errno == EINTR);
    if (ret != (ssize_t)(sizeof(header) + req_size + data_size))
        return STATUS_PIPE_BROKEN;
    return STATUS_SUCCESS;
}

static NTSTATUS receive_reply(int fd, void *reply, unsigned int reply_size, int *fd_out)
{
    struct reply_header header;
    char buffer[512];
    struct iovec iov[2] = {{&header, sizeof(header)}, {buffer, sizeof(buffer)}};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int) * ORIEL_MAX_FDS)];
    } control;
    struct msghdr msg = {
        .msg_iov = iov, .msg_iovlen = 2, .msg_control = &control, .msg_controllen = sizeof(control)};
    int received = -1;
    ssize_t ret;

    do
        ret = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    while (ret == -1 && errno == EINTR);
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg); ret > 0 && cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg)) {
        if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS)
            continue;
        int *p = (int *)CMSG_DATA(cmsg);
        size_t n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            if (received == -1)
                received = p[i];
            else
                close(p[i]);
        }
    }
    if (ret < (ssize_t)sizeof(header)) {
        if (received != -1)
            close(received);
        ERR("lost the connection to oriel-server\n");
        return STATUS_PIPE_BROKEN;
    }
    if (header.status >= 0) {
        if (header.size != reply_size || sizeof(header) + header.size > (size_t)ret) {
            ERR("malformed reply from oriel-server (%u bytes, expected %u)\n", header.size, reply_size);
            if (received != -1)
                close(received);
            return STATUS_INVALID_PARAMETER;
        }
        memcpy(reply, buffer, reply_size);
    }
    if (fd_out)
        *fd_out = received;
    else if (received != -1)
        close(received);
    return header.status;
}

NTSTATUS server_call(unsigned int code, const void *req, unsigned int req_size, const void *data,
                     unsigned int data_size, const int *fds, unsigned int fd_count, void *reply,
                     unsigned int reply_size, int *fd_out)
{
    int fd = thread_server_fd, locked = 0;
    NTSTATUS status;

    if (fd_out)
        *fd_out = -1;
    if (fd == -1) {
        pthread_mutex_lock(&process_fd_mutex);
        locked = 1;
        fd = process_server_fd;
        if (fd == -1) {
            pthread_mutex_unlock(&process_fd_mutex);
            return STATUS_INVALID_HANDLE;
        }
    }
    status = send_request(fd, code, req, req_size, data, data_size, fds, fd_count);
    if (!status)
        status = receive_reply(fd, reply, reply_size, fd_out);
    if (locked)
        pthread_mutex_unlock(&process_fd_mutex);
    return status;
}

NTSTATUS server_post(unsigned int code, const void *req, unsigned int req_size)
{
    int fd = thread_server_fd, locked = 0;
    NTSTATUS status;

    if (fd == -1) {
        pthread_mutex_lock(&process_fd_mutex);
        locked = 1;
        if ((fd = process_server_fd) == -1) {
            pthread_mutex_unlock(&process_fd_mutex);
            return STATUS_INVALID_HANDLE;
        }
    }
    status = send_request(fd, code, req, req_size, NULL, 0, NULL, 0);
    if (locked)
        pthread_mutex_unlock(&process_fd_mutex);
    return status;
}

/* ---- the fd cache: handle -> host fd, type and access ---- */

struct fd_cache_entry {
    int fd; /* -1: not cached */
    unsigned char type;
    ACCESS_MASK access;
    ULONG options;
};

static struct fd_cache_entry *fd_cache;
static unsigned int fd_cache_size;
static pthread_mutex_t fd_cache_mutex = PTHREAD_MUTEX_INITIALIZER;

static unsigned int handle_index(HANDLE handle)
{
    ULONG_PTR value = (ULONG_PTR)handle;
    if (!value || (value & 3) || value > 0xfffffff0)
        return UINT_MAX;
    return (unsigned int)(value / 4);
}

NTSTATUS server_get_fd_info(HANDLE handle, int *fd, enum server_fd_type *type, ACCESS_MASK *access,
                            ULONG *options)
{
    unsigned int index = handle_index(handle);
    struct get_handle_fd_request req = {.handle = (obj_handle_t)(ULONG_PTR)handle};
    struct get_handle_fd_reply reply;
    NTSTATUS status;
    int new_fd;

    if (index == UINT_MAX)
        return STATUS_INVALID_HANDLE;
    pthread_mutex_lock(&fd_cache_mutex);
    if (index < fd_cache_size && fd_cache[index].fd != -1) {
        *fd = fd_cache[index].fd;
        if (type)
            *type = fd_cache[index].type;
        if (access)
            *access = fd_cache[index].access;
        if (options)
            *options = fd_cache[index].options;
        pthread_mutex_unlock(&fd_cache_mutex);
        return STATUS_SUCCESS;
    }
    /* the lock is held across the round trip so two threads never cache the same handle twice */
    status = SERVER_CALL(get_handle_fd, &req, &reply, NULL, 0, &new_fd);
    if (!status && new_fd == -1)
        status = STATUS_OBJECT_TYPE_MISMATCH;
    if (!status) {
        if (index >= fd_cache_size) {
            unsigned int size = fd_cache_size ? fd_cache_size : 64;
            while (size <= index)
                size *= 2;
            struct fd_cache_entry *cache = realloc(fd_cache, size * sizeof(*cache));
            if (cache) {
                for (unsigned int i = fd_cache_size; i < size; i++)
                    cache[i].fd = -1;
                fd_cache = cache;
                fd_cache_size = size;
            }
        }
        if (index < fd_cache_size) {
            fd_cache[index].fd = new_fd;
            fd_cache[index].type = reply.type;
            fd_cache[index].access = reply.access;
            fd_cache[index].options = reply.options;
            *fd = new_fd;
        } else {
            close(new_fd);
            status = STATUS_NO_MEMORY;
        }
        if (type)
            *type = reply.type;
        if (access)
            *access = reply.access;
        if (options)
            *options = reply.options;
    }
    pthread_mutex_unlock(&fd_cache_mutex);
    return status;
}

NTSTATUS server_get_unix_fd(HANDLE handle, int *fd)
{
    return server_get_fd_info(handle, fd, NULL, NULL, NULL);
}

void server_add_fd_cache(HANDLE handle, int fd, enum server_fd_type type, ACCESS_MASK access, ULONG options)
{
    unsigned int index = handle_index(handle);

    pthread_mutex_lock(&fd_cache_mutex);
    if (index != UINT_MAX && index >= fd_cache_size) {
        unsigned int size = fd_cache_size ? fd_cache_size : 64;
        while (size <= index)
            size *= 2;
        struct fd_cache_entry *cache = realloc(fd_cache, size * sizeof(*cache));
        if (cache) {
            for (unsigned int i = fd_cache_size; i < size; i++)
                cache[i].fd = -1;
            fd_cache = cache;
            fd_cache_size = size;
        }
    }
    if (index < fd_cache_size && fd_cache[index].fd == -1) {
        fd_cache[index].fd = fd;
        fd_cache[index].type = type;
        fd_cache[index].access = access;
        fd_cache[index].options = options;
        fd = -1;
    }
    pthread_mutex_unlock(&fd_cache_mutex);
    if (fd != -1)
        close(fd); /* not cacheable: the next use asks the server */
}

/* For other builtins (kernel32's console code): host fd (cached, do not close) and enum server_fd_type
 * of a handle. ELF-only export. */
__attribute__((visibility("default"))) int32_t __oriel_handle_unix_fd(void *handle, int *fd, uint32_t *type)
{
    enum server_fd_type t = FD_TYPE_INVALID;
    NTSTATUS status = server_get_fd_info(handle, fd, &t, NULL, NULL);
    if (type)
        *type = t;
    return status;
}

DWORD server_thread_id(void)
{
    return thread_server_tid;
}

void server_remove_fd_cache(HANDLE handle)
{
    unsigned int index = handle_index(handle);

    sync_forget_handle(handle);

    pthread_mutex_lock(&fd_cache_mutex);
    if (index < fd_cache_size && fd_cache[index].fd != -1) {
        close(fd_cache[index].fd);
        fd_cache[index].fd = -1;
    }
    pthread_mutex_unlock(&fd_cache_mutex);
}

/* ---- threads ---- */

static pthread_key_t thread_fd_key;
static pthread_once_t thread_fd_key_once = PTHREAD_ONCE_INIT;

static void close_thread_fd(void *arg)
{
    int fd = (int)(LONG_PTR)arg - 1;
    /* the server sees the connection close: the thread has exited */
    if (fd >= 0)
        close(fd);
}

static void init_thread_fd_key(void)
{
    pthread_key_create(&thread_fd_key, close_thread_fd);
}

NTSTATUS server_new_thread(ULONG attributes, DWORD *tid, HANDLE *handle, int *thread_fd)
{
    struct new_thread_request req = {.attributes = attributes & OBJ_INHERIT};
    struct new_thread_reply reply;
    NTSTATUS status;
    int fds[2];

    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds))
        return errno == EMFILE || errno == ENFILE ? STATUS_TOO_MANY_OPENED_FILES : STATUS_NO_MEMORY;
    status = SERVER_CALL(new_thread, &req, &reply, &fds[1], 1, NULL);
    close(fds[1]);
    if (status) {
        close(fds[0]);
        return status;
    }
    *tid = reply.tid;
    *handle = (HANDLE)(ULONG_PTR)reply.handle;
    *thread_fd = fds[0];
    return STATUS_SUCCESS;
}

void server_init_thread(int thread_fd)
{
    pthread_once(&thread_fd_key_once, init_thread_fd_key);
    thread_server_fd = thread_fd;
    thread_server_tid = (DWORD)(ULONG_PTR)NtCurrentTeb()->ClientId.UniqueThread;
    /* closed automatically when the thread ends, however it ends */
    pthread_setspecific(thread_fd_key, (void *)(LONG_PTR)(thread_fd + 1));
}

/* ---- process start and exit ---- */

NTSTATUS server_init_process(struct server_process_init *info)
{
    struct init_process_request req = {.unix_pid = (uint32_t)getpid()};
    struct init_process_reply reply;
    const char *prefix = getenv(ORIEL_ENV_PREFIX);
    char default_prefix[PATH_MAX];
    int fds[3], fd_count = 0;
    NTSTATUS status;

    if (!prefix || !prefix[0]) {
        const char *home = getenv("HOME");
        if (!home)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        snprintf(default_prefix, sizeof(default_prefix), "%s/.oriel", home);
        prefix = default_prefix;
    }
    if (getenv(ORIEL_ENV_SERVER_FD)) { /* CreateProcess made our connection (processapi.c) */
        process_server_fd = atoi(getenv(ORIEL_ENV_SERVER_FD));
        unsetenv(ORIEL_ENV_SERVER_FD);
        if (process_server_fd < 3 || fcntl(process_server_fd, F_SETFD, FD_CLOEXEC))
            process_server_fd = -1;
    } else
        process_server_fd = connect_server(prefix);
    if (process_server_fd == -1)
        return STATUS_PIPE_BROKEN;
    /* Windows has no SIGPIPE: a write to a closed pipe or socket fails with an error instead */
    signal(SIGPIPE, SIG_IGN);
    /* Until threads register their own connections (init_thread, next step) every thread, the main
     * one included, shares this one under process_fd_mutex. */
    if (getenv(ORIEL_ENV_PROCESS_TOKEN)) /* started by CreateProcess (processapi.c) */
        req.token = strtoull(getenv(ORIEL_ENV_PROCESS_TOKEN), NULL, 16);
    for (int i = 0; i < 3; i++) {
        if (fcntl(i, F_GETFD) == -1)
            continue;
        req.fd_mask |= 1u << i;
        fds[fd_count++] = i;
    }
    status = SERVER_CALL(init_process, &req, &reply, fds, fd_count, NULL);
    if (status) {
        ERR("init_process failed: %#x\n", (unsigned)status);
        close(process_server_fd);
        process_server_fd = -1;
        return status;
    }
    info->pid = reply.pid;
    info->tid = reply.tid;
    thread_server_tid = reply.tid; /* the main thread: the process connection is its own */
    for (int i = 0; i < 3; i++) {
        info->std_handles[i] = (HANDLE)(ULONG_PTR)reply.std_handles[i];
        /* the std handles wrap our own fds 0-2: cache copies now instead of asking the server later */
        int fd = reply.std_handles[i] ? fcntl(i, F_DUPFD_CLOEXEC, 3) : -1;
        if (fd != -1)
            server_add_fd_cache(info->std_handles[i], fd, (reply.std_types >> (8 * i)) & 0xff,
                                reply.std_access[i], FILE_SYNCHRONOUS_IO_NONALERT);
    }
    TRACE("pid %04x tid %04x std handles %#x %#x %#x\n", reply.pid, reply.tid, reply.std_handles[0],
          reply.std_handles[1], reply.std_handles[2]);
    return STATUS_SUCCESS;
}

void server_exit_process(DWORD exit_code)
{
    struct exit_process_request req = {.exit_code = exit_code};

    if (process_server_fd == -1)
        return;
    /* one way: the server reads the code before it sees the connection close, which is when it
     * cleans up (the process is gone then) */
    server_post(REQ_exit_process, &req, sizeof(req));
}
