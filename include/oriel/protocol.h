/*
 * The oriel-server protocol, compiled by both sides (server/ and dlls/ntdll/server.c).
 *
 * Transport: one AF_UNIX SOCK_SEQPACKET connection per client thread. Every message is one packet:
 *
 *     request:  struct request_header | struct NAME_request (header.size bytes) | data (header.data_size)
 *     reply:    struct reply_header   | struct NAME_reply   (header.size bytes) | data (header.data_size)
 *
 * and file descriptors ride along as SCM_RIGHTS ancillary data of that packet. Requests are declared
 * once, in ORIEL_REQUEST_LIST below: the request code enum, the server's dispatch table and the client's
 * typed call helper are all generated from it. Every request and reply struct is made of fixed-size
 * integers only, so the layout is the same for any compiler and any future 32-bit client.
 *
 * This header only uses <stdint.h> types so that the server, which never sees the Windows headers,
 * can include it.
 */
#ifndef ORIEL_PROTOCOL_H
#define ORIEL_PROTOCOL_H

#include <stdint.h>

#define ORIEL_PROTOCOL_VERSION 2

/* Largest packet either side sends or accepts (header + fixed part + data). */
#define ORIEL_MAX_MESSAGE 65536
/* Most fds one packet may carry. */
#define ORIEL_MAX_FDS 4

typedef uint32_t obj_handle_t; /* a handle value in the client process (multiples of 4; 0 = none) */

struct request_header {
    uint32_t code;      /* enum request_code */
    uint32_t size;      /* bytes of the fixed request struct that follows; must equal its sizeof */
    uint32_t data_size; /* bytes of variable data after the fixed struct */
    uint32_t version;   /* ORIEL_PROTOCOL_VERSION */
};

struct reply_header {
    int32_t status;     /* NTSTATUS */
    uint32_t size;      /* bytes of the fixed reply struct that follows (0 when status is an error) */
    uint32_t data_size; /* bytes of variable data after the fixed struct */
    uint32_t fd_count;  /* fds attached to this packet */
};

/* What kind of host object a file handle wraps (the server decides from fstat/isatty). */
enum server_fd_type {
    FD_TYPE_INVALID = 0,
    FD_TYPE_FILE,    /* regular file */
    FD_TYPE_DIR,     /* directory */
    FD_TYPE_CONSOLE, /* a terminal: Windows' console */
    FD_TYPE_CHAR,    /* another character device (/dev/null behaves as NUL) */
    FD_TYPE_PIPE,    /* FIFO */
    FD_TYPE_SOCKET,  /* socket (treated as a pipe by Win32) */
};

/* Object types, also the index into get_object_counts' reply. */
enum server_object_type { SERVER_OBJ_PROCESS = 0, SERVER_OBJ_THREAD, SERVER_OBJ_FILE, SERVER_OBJ_TYPE_COUNT };
#define SERVER_OBJ_COUNT_SLOTS 16

/* Handle flags as Windows defines them (HANDLE_FLAG_*). */
#define SERVER_HANDLE_FLAG_INHERIT 0x1
#define SERVER_HANDLE_FLAG_PROTECT_FROM_CLOSE 0x2
/* Pseudo-handles for the calling process and thread on the wire (NtCurrentProcess(), NtCurrentThread()). */
#define SERVER_CURRENT_PROCESS ((obj_handle_t)0xffffffff)
#define SERVER_CURRENT_THREAD ((obj_handle_t)0xfffffffe)

/* ---- init_process: register the process and its main thread; fds 0,1,2 attached (see fd_mask) ---- */
struct init_process_request {
    uint32_t unix_pid;
    uint32_t fd_mask; /* bit i: host fd i is attached (in increasing order) */
};
struct init_process_reply {
    uint32_t pid;
    uint32_t tid;
    obj_handle_t std_handles[3]; /* 0 where the fd was absent */
    uint32_t std_types;          /* enum server_fd_type of std handle i in bits 8*i..8*i+7 */
    uint32_t std_access[3];      /* granted access of each std handle */
    uint32_t pad;
};

/* ---- close_handle ---- */
struct close_handle_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct close_handle_reply {
    uint32_t pad[2];
};

/* ---- dup_handle: only within the calling process for now ---- */
struct dup_handle_request {
    obj_handle_t src_process; /* SERVER_CURRENT_PROCESS */
    obj_handle_t src_handle;
    obj_handle_t dst_process; /* SERVER_CURRENT_PROCESS */
    uint32_t access;
    uint32_t attributes; /* OBJ_INHERIT */
    uint32_t options;    /* DUPLICATE_SAME_ACCESS, DUPLICATE_CLOSE_SOURCE */
};
struct dup_handle_reply {
    obj_handle_t handle;
    uint32_t pad;
};

/* ---- get_handle_fd: the reply carries a duplicate of the object's host fd ---- */
struct get_handle_fd_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct get_handle_fd_reply {
    uint32_t type;    /* enum server_fd_type */
    uint32_t access;  /* granted access of the handle (generic rights mapped) */
    uint32_t options; /* FILE_* create options of the open (synchronous I/O, directory ...) */
    uint32_t pad;
};

/* ---- alloc_file_handle: the client opened the fd itself (attached); the server checks sharing ---- */
struct alloc_file_handle_request {
    uint32_t access;     /* desired access (generic rights allowed) */
    uint32_t sharing;    /* FILE_SHARE_* */
    uint32_t attributes; /* OBJ_INHERIT */
    uint32_t options;    /* FILE_* create options */
};
struct alloc_file_handle_reply {
    obj_handle_t handle;
    uint32_t type; /* enum server_fd_type */
};

/* ---- get_handle_info / set_handle_info ---- */
struct get_handle_info_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct get_handle_info_reply {
    uint32_t flags;        /* SERVER_HANDLE_FLAG_* */
    uint32_t access;       /* granted access */
    uint32_t object_type;  /* enum server_object_type */
    uint32_t handle_count; /* handles to the object, all processes */
    uint32_t ref_count;    /* references to the object */
    uint32_t pad;
};
struct set_handle_info_request {
    obj_handle_t handle;
    uint32_t mask;  /* which SERVER_HANDLE_FLAG_* bits to change */
    uint32_t flags; /* their new values */
    uint32_t pad;
};
struct set_handle_info_reply {
    uint32_t old_flags;
    uint32_t pad;
};

/* ---- exit_process: records the exit code; the connection closing does the cleanup ---- */
struct exit_process_request {
    uint32_t exit_code;
    uint32_t pad;
};
struct exit_process_reply {
    uint32_t pad[2];
};

/* ---- get_object_counts: live objects per type in the whole server (leak tests) ---- */
struct get_object_counts_request {
    uint32_t pad[2];
};
struct get_object_counts_reply {
    uint32_t counts[SERVER_OBJ_COUNT_SLOTS]; /* indexed by enum server_object_type */
    uint32_t handles;                        /* open handles in the calling process */
    uint32_t clients;                        /* connected clients */
};

/* The one list of requests. X(name) expands to whatever the including side needs. Append only:
 * the position is the request code. */
#define ORIEL_REQUEST_LIST(X)                                                                                \
    X(init_process)                                                                                          \
    X(close_handle)                                                                                          \
    X(dup_handle)                                                                                            \
    X(get_handle_fd)                                                                                         \
    X(alloc_file_handle)                                                                                     \
    X(get_handle_info)                                                                                       \
    X(set_handle_info)                                                                                       \
    X(exit_process)                                                                                          \
    X(get_object_counts)

// clang-format off
enum request_code {
#define ORIEL_REQ_ENUM(name) REQ_##name,
    ORIEL_REQUEST_LIST(ORIEL_REQ_ENUM)
#undef ORIEL_REQ_ENUM
    REQ_COUNT
};
// clang-format on

/* Keep every fixed part 8-byte sized so data that follows stays aligned. */
#define ORIEL_REQ_CHECK(name)                                                                                \
    _Static_assert(sizeof(struct name##_request) % 8 == 0, #name " request size");                           \
    _Static_assert(sizeof(struct name##_reply) % 8 == 0, #name " reply size");
ORIEL_REQUEST_LIST(ORIEL_REQ_CHECK)
#undef ORIEL_REQ_CHECK

/* ELF-only export of ntdll.dll.so for other builtins (kernel32's console code): the host fd behind a
 * handle (cached by ntdll: never close it) and its enum server_fd_type. Returns an NTSTATUS. */
__attribute__((visibility("default"))) int32_t __oriel_handle_unix_fd(void *handle, int *fd, uint32_t *type);
/* ELF-only export of ntdll.dll.so for kernel32's CreatePipe: an anonymous pipe as two file handles
 * (attributes: OBJ_INHERIT). Returns an NTSTATUS. */
__attribute__((visibility("default"))) int32_t __oriel_create_pipe(void **read_end, void **write_end,
                                                                   uint32_t attributes);

/* ---- rendezvous: where the server of a prefix listens ----
 * The socket directory is $XDG_RUNTIME_DIR/oriel when XDG_RUNTIME_DIR names a directory we own, else
 * /tmp/.oriel-UID. It is created with mode 0700 and refused when not owned by us or accessible to
 * group/other. The socket is server-<dev>-<ino>-v<protocol> after the prefix directory's device and
 * inode, so renaming or symlinking the prefix still finds the same server; <name>.lock serialises
 * starting it. */
#define ORIEL_SOCKET_PATH_MAX 108 /* sizeof(sockaddr_un.sun_path) */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Creates (if needed) and checks the socket directory. Returns 0 or an errno value. */
static inline int oriel_socket_dir(char *dir, size_t size)
{
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    struct stat st;
    uid_t uid = getuid();
    int n = -1;

    if (xdg && xdg[0] == '/' && !stat(xdg, &st) && S_ISDIR(st.st_mode) && st.st_uid == uid &&
        !access(xdg, W_OK | X_OK))
        n = snprintf(dir, size, "%s/oriel", xdg);
    if (n < 0)
        n = snprintf(dir, size, "/tmp/.oriel-%u", (unsigned)uid);
    if (n < 0 || (size_t)n >= size)
        return ENAMETOOLONG;
    if (mkdir(dir, 0700) && errno != EEXIST)
        return errno;
    if (lstat(dir, &st))
        return errno;
    if (!S_ISDIR(st.st_mode) || st.st_uid != uid || (st.st_mode & 077))
        return EPERM;
    return 0;
}

/* Socket (and, with suffix ".lock", lock file) path of the server of the prefix directory. */
static inline int oriel_socket_path(const char *prefix, const char *suffix, char *path, size_t size)
{
    char dir[ORIEL_SOCKET_PATH_MAX];
    struct stat st;
    int err, n;

    if (stat(prefix, &st))
        return errno;
    if ((err = oriel_socket_dir(dir, sizeof(dir))))
        return err;
    /* the protocol version is part of the name: servers of different builds never meet */
    n = snprintf(path, size, "%s/server-%llx-%llx-v%u%s", dir, (unsigned long long)st.st_dev,
                 (unsigned long long)st.st_ino, ORIEL_PROTOCOL_VERSION, suffix ? suffix : "");
    if (n < 0 || (size_t)n >= size)
        return ENAMETOOLONG;
    return 0;
}

#endif /* ORIEL_PROTOCOL_H */
