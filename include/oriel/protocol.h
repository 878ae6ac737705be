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

#define ORIEL_PROTOCOL_VERSION 7

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
enum server_object_type {
    SERVER_OBJ_PROCESS = 0,
    SERVER_OBJ_THREAD,
    SERVER_OBJ_FILE,
    SERVER_OBJ_EVENT,
    SERVER_OBJ_MUTEX,
    SERVER_OBJ_SEMAPHORE,
    SERVER_OBJ_TIMER,
    SERVER_OBJ_TYPE_COUNT
};
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
    uint64_t token;   /* a child made by new_process: its token (ORIEL_ENV_PROCESS_TOKEN), else 0 */
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

/* ---- alloc_file_handle: the client opened the fd itself (attached); the server checks sharing.
 * data: with FILE_DELETE_ON_CLOSE (0x1000) in options, the host path (no terminator) the server deletes
 * when the last handle to the new file object closes ---- */
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

/* ==== synchronization objects and waits (server/event.c mutex.c semaphore.c wait.c namespace.c) ====
 * create_* and open_sync_object take the object's name as variable data: the full NT path in UTF-16
 * without terminator (\BaseNamedObjects\NAME); no data means an unnamed object. */
struct create_event_request {
    uint32_t access;       /* desired access (generic rights allowed) */
    uint32_t attributes;   /* OBJ_INHERIT, OBJ_OPENIF */
    uint32_t manual_reset; /* NotificationEvent */
    uint32_t initial_state;
};
struct create_event_reply {
    obj_handle_t handle; /* status STATUS_OBJECT_NAME_EXISTS: a handle to the existing object */
    uint32_t pad;
};
struct create_mutex_request {
    uint32_t access;
    uint32_t attributes;
    uint32_t owned; /* the calling thread owns it */
    uint32_t pad;
};
struct create_mutex_reply {
    obj_handle_t handle;
    uint32_t pad;
};
struct create_semaphore_request {
    uint32_t access;
    uint32_t attributes;
    int32_t initial;
    int32_t max;
};
struct create_semaphore_reply {
    obj_handle_t handle;
    uint32_t pad;
};
struct open_sync_object_request {
    uint32_t type; /* enum server_object_type: EVENT, MUTEX or SEMAPHORE */
    uint32_t access;
    uint32_t attributes; /* OBJ_INHERIT */
    uint32_t pad;
};
struct open_sync_object_reply {
    obj_handle_t handle;
    uint32_t pad;
};
enum server_event_op { SERVER_EVENT_SET, SERVER_EVENT_RESET, SERVER_EVENT_PULSE };
struct event_op_request {
    obj_handle_t handle;
    uint32_t op; /* enum server_event_op */
};
struct event_op_reply {
    int32_t prev_state;
    uint32_t pad;
};
struct release_mutex_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct release_mutex_reply {
    int32_t prev_count; /* as NtQueryMutant's CurrentCount: 1 free, 0 owned once, -n owned n+1 times */
    uint32_t pad;
};
struct release_semaphore_request {
    obj_handle_t handle;
    uint32_t count;
};
struct release_semaphore_reply {
    uint32_t prev_count;
    uint32_t pad;
};
struct query_sync_object_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct query_sync_object_reply {
    uint32_t type;     /* enum server_object_type */
    int32_t values[3]; /* event: manual, signaled; mutex: CurrentCount, owned by caller, abandoned;
                          semaphore: count, max */
};
/* select: wait for handles (variable data: obj_handle_t[1..64]). The reply comes when the wait ends,
 * possibly much later: STATUS_WAIT_0 + i, STATUS_ABANDONED_WAIT_0 + i, STATUS_TIMEOUT or an error. */
#define SERVER_SELECT_ALL 0x1       /* wait for all objects at once (else any) */
#define SERVER_SELECT_ALERTABLE 0x2 /* user APCs end the wait (not delivered yet) */
#define SERVER_SELECT_MAX 64
#define SERVER_TIMEOUT_INFINITE UINT64_MAX
struct select_request {
    uint64_t deadline;   /* CLOCK_MONOTONIC ns; SERVER_TIMEOUT_INFINITE; in the past: poll */
    uint32_t flags;      /* SERVER_SELECT_* */
    obj_handle_t signal; /* SignalObjectAndWait: object to signal first, or 0 */
};
struct select_reply {
    uint32_t pad[2];
};
/* Waitable timers (server/timer.c); open_sync_object and query_sync_object also serve them
 * (query values: signaled, remaining time in 100 ns units as low and high halves). */
struct create_timer_request {
    uint32_t access;
    uint32_t attributes;
    uint32_t manual_reset; /* NotificationTimer */
    uint32_t pad;
};
struct create_timer_reply {
    obj_handle_t handle;
    uint32_t pad;
};
struct set_timer_request {
    uint64_t deadline; /* CLOCK_MONOTONIC ns of the first expiry */
    obj_handle_t handle;
    uint32_t period;   /* ms, 0: once */
    uint64_t apc_func; /* completion routine queued to the calling thread at each expiry, or 0 */
    uint64_t apc_arg;  /* its first argument (then the UTC FILETIME of the expiry, low and high) */
};
struct set_timer_reply {
    int32_t prev_state; /* it was signaled */
    uint32_t pad;
};
struct cancel_timer_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct cancel_timer_reply {
    int32_t prev_state;
    uint32_t pad;
};
/* User APCs (server/wait.c): queued to a thread, they end its alertable wait (select) with
 * STATUS_USER_APC; the thread then takes them one by one with get_apc and runs them. A select with no
 * handles is a plain (alertable) delay. */
struct queue_apc_request {
    uint64_t func;
    uint64_t args[3];
    obj_handle_t thread; /* needs THREAD_SET_CONTEXT */
    uint32_t pad;
};
struct queue_apc_reply {
    uint32_t pad[2];
};
struct get_apc_request {
    uint32_t pad[2];
};
struct get_apc_reply {
    uint64_t func; /* 0: none queued */
    uint64_t args[3];
};

/* ---- Shared-memory fast path of events, mutexes and semaphores (docs/server.md, "Fast path") ----
 * Every such object keeps its whole state in one slot of a memory region the server shares with all
 * clients (get_sync_shm). The server changes a slot only with SYNC_SLOT_LOCK held; clients change it
 * with a compare-and-swap from an unlocked value and ask the server (sync_wake) to look at the object's
 * waits when `waiters` is nonzero. All accesses are sequentially consistent atomics. */
#define SYNC_SHM_SLOTS (1u << 20)
#define SYNC_SLOT_LOCK (1ull << 63)
/* mutex state: owner thread id in the low 32 bits (0 free), recursion count in bits 32-62 */
#define SYNC_MUTEX_ABANDONED 0xffffffffu /* owner of a free mutex whose last owner died holding it */
enum sync_slot_type {
    SYNC_SLOT_FREE = 0,
    SYNC_SLOT_EVENT_AUTO,   /* state: 1 signaled */
    SYNC_SLOT_EVENT_MANUAL, /* state: 1 signaled */
    SYNC_SLOT_MUTEX,
    SYNC_SLOT_SEMAPHORE, /* state: count; max below */
};
struct sync_slot {
    uint64_t state;
    uint32_t serial;  /* changes whenever the slot is given to a new object */
    uint32_t type;    /* enum sync_slot_type */
    uint32_t max;     /* semaphore maximum */
    uint32_t waiters; /* waits the server has queued on the object */
    uint32_t pad[2];
};
struct get_sync_shm_request {
    uint32_t pad[2];
};
struct get_sync_shm_reply { /* the region's fd is attached (SYNC_SHM_SLOTS slots) */
    uint32_t slots;
    uint32_t pad;
};
/* handle -> slot of the object and the handle's access; STATUS_OBJECT_TYPE_MISMATCH: no slot */
struct get_sync_slot_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct get_sync_slot_reply {
    uint32_t index;
    uint32_t serial;
    uint32_t type; /* enum sync_slot_type */
    uint32_t access;
};
/* A client changed the object's slot while waits were queued: the server retries them. One way: the
 * server never answers it, errors included; the thread's next request is served after it. */
struct sync_wake_request {
    obj_handle_t handle;
    uint32_t pad;
};
struct sync_wake_reply {
    uint32_t pad[2];
};

/* ---- new_thread: registers a thread of the calling process; the attached fd is one end of a
 * SOCK_SEQPACKET socketpair that becomes the new thread's own connection ---- */
struct new_thread_request {
    uint32_t attributes; /* OBJ_INHERIT for the returned handle */
    uint32_t pad;
};
struct new_thread_reply {
    uint32_t tid;
    obj_handle_t handle; /* THREAD_ALL_ACCESS handle to the new thread */
};

/* ==== threads (server/thread_requests.c) ==== */
/* terminate_thread: marks a thread exited with exit_code (its handles become signaled). For the
 * calling thread with SERVER_TERMINATE_UNLESS_LAST, nothing happens when it is the last running
 * thread of its process (reply.last = 1): the client then ends the whole process instead. */
#define SERVER_TERMINATE_UNLESS_LAST 0x1
struct terminate_thread_request {
    obj_handle_t handle; /* needs THREAD_TERMINATE; SERVER_CURRENT_THREAD */
    uint32_t exit_code;
    uint32_t flags;
    uint32_t pad;
};
struct terminate_thread_reply {
    uint32_t self; /* the handle named the calling thread */
    uint32_t last; /* the calling thread was the last one and was left running */
};
/* get_thread_info: access is what the caller needs on the handle (THREAD_QUERY_LIMITED_INFORMATION is
 * implied by THREAD_QUERY_INFORMATION, as on Windows). */
struct get_thread_info_request {
    obj_handle_t handle;
    uint32_t access;
};
struct get_thread_info_reply {
    uint32_t pid;
    uint32_t tid;
    uint32_t exit_code; /* STILL_ACTIVE while running */
    int32_t priority;
    uint64_t affinity;
    uint32_t running;
    uint32_t last; /* the only running thread of its process */
};
#define SERVER_THREAD_INFO_PRIORITY 0x1
#define SERVER_THREAD_INFO_AFFINITY 0x2
struct set_thread_info_request {
    obj_handle_t handle; /* needs THREAD_SET_INFORMATION (or the limited right) */
    uint32_t mask;       /* SERVER_THREAD_INFO_* */
    int32_t priority;
    uint32_t pad;
    uint64_t affinity;
};
struct set_thread_info_reply {
    uint32_t pad[2];
};
/* open_thread: a handle to a running thread by id (STATUS_INVALID_CID when there is none). */
struct open_thread_request {
    uint32_t tid;
    uint32_t access;
    uint32_t attributes; /* OBJ_INHERIT */
    uint32_t pad;
};
struct open_thread_reply {
    obj_handle_t handle;
    uint32_t pid;
};

/* ==== process creation (server/process_create.c) ==== */
/* Host environment variable of a child started by CreateProcess: the token of its new_process. */
#define ORIEL_ENV_PROCESS_TOKEN "ORIEL_PROCESS_TOKEN"
/* Host environment variable of such a child: the fd of its ready-made server connection (use it instead
 * of connecting; its init_process goes there). */
#define ORIEL_ENV_SERVER_FD "ORIEL_SERVER_FD"
/* new_process: creates a process object and its main thread for a child the caller is about to start.
 * The attached fd (a sealed memfd with the child's startup block, include/oriel/process.h) is kept for
 * the child's get_startup_info. With inherit_handles, every inheritable handle of the caller is
 * duplicated into the child's table at the same value. std_handles are the caller's handles for the
 * child's stdin/stdout/stderr; the child gets them at the same value when inherited, else as copies.
 * An optional second fd is one end of a SOCK_SEQPACKET socketpair: the connection of the child's main
 * thread, so that the child is known to have died even if it never gets as far as its init_process. */
#define SERVER_NEW_PROCESS_INHERIT 0x1
#define SERVER_NEW_PROCESS_SUSPENDED 0x2
struct new_process_request {
    uint32_t flags;              /* SERVER_NEW_PROCESS_* */
    uint32_t process_attributes; /* OBJ_INHERIT for the returned process handle */
    uint32_t thread_attributes;  /* OBJ_INHERIT for the returned thread handle */
    obj_handle_t std_handles[3]; /* 0: none */
};
struct new_process_reply {
    uint64_t token; /* for the child's init_process */
    uint32_t pid;
    uint32_t tid;
    obj_handle_t process_handle; /* PROCESS_ALL_ACCESS */
    obj_handle_t thread_handle;  /* THREAD_ALL_ACCESS */
};
/* get_startup_info: the reply carries the startup block fd given to new_process (none for a process
 * the launcher started directly: STATUS_NOT_FOUND). */
struct get_startup_info_request {
    uint32_t pad[2];
};
struct get_startup_info_reply {
    uint32_t parent_pid;
    obj_handle_t resume_gate; /* CREATE_SUSPENDED: wait for this handle, then close it, before running
                                 guest code (signaled by resume_process_thread); else 0 */
};
/* get_process_info: access is what the caller needs on the handle (PROCESS_QUERY_LIMITED_INFORMATION is
 * implied by PROCESS_QUERY_INFORMATION). */
struct get_process_info_request {
    obj_handle_t handle;
    uint32_t access;
};
struct get_process_info_reply {
    uint32_t pid;
    uint32_t parent_pid;
    uint32_t exit_code; /* STILL_ACTIVE while running */
    uint32_t running;
    int32_t priority_class; /* as SetPriorityClass stored it */
    uint32_t pad;
    uint64_t create_time; /* FILETIME units (100 ns since 1601) */
    uint64_t exit_time;   /* 0 while running */
};
#define SERVER_PROCESS_INFO_PRIORITY 0x1
#define SERVER_PROCESS_INFO_UNIX_PID 0x2 /* the creator tells the host pid of a child it started */
struct set_process_info_request {
    obj_handle_t handle; /* needs PROCESS_SET_INFORMATION */
    uint32_t mask;       /* SERVER_PROCESS_INFO_* */
    int32_t priority_class;
    uint32_t unix_pid;
};
struct set_process_info_reply {
    uint32_t pad[2];
};
/* open_process: a handle to a running process by id (STATUS_INVALID_CID when there is none). */
struct open_process_request {
    uint32_t pid;
    uint32_t access;
    uint32_t attributes; /* OBJ_INHERIT */
    uint32_t pad;
};
struct open_process_reply {
    obj_handle_t handle;
    uint32_t pad;
};
/* terminate_process: records exit_code and kills the process (SIGKILL); for the calling process the
 * reply says self = 1 and the client exits by itself. */
struct terminate_process_request {
    obj_handle_t handle; /* needs PROCESS_TERMINATE */
    uint32_t exit_code;
};
struct terminate_process_reply {
    uint32_t self;
    uint32_t pad;
};
/* resume_process_thread: ResumeThread on a thread of another process that is still held by
 * CREATE_SUSPENDED (prev_count as ResumeThread returns). STATUS_NOT_FOUND when the handle is not such a
 * thread. */
struct resume_process_thread_request {
    obj_handle_t handle; /* needs THREAD_SUSPEND_RESUME */
    uint32_t pad;
};
struct resume_process_thread_reply {
    uint32_t prev_count;
    uint32_t pad;
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
    X(get_object_counts)                                                                                     \
    X(create_event)                                                                                          \
    X(create_mutex)                                                                                          \
    X(create_semaphore)                                                                                      \
    X(open_sync_object)                                                                                      \
    X(event_op)                                                                                              \
    X(release_mutex)                                                                                         \
    X(release_semaphore)                                                                                     \
    X(query_sync_object)                                                                                     \
    X(select)                                                                                                \
    X(new_thread)                                                                                            \
    X(terminate_thread)                                                                                      \
    X(get_thread_info)                                                                                       \
    X(set_thread_info)                                                                                       \
    X(open_thread)                                                                                           \
    X(new_process)                                                                                           \
    X(get_startup_info)                                                                                      \
    X(get_process_info)                                                                                      \
    X(set_process_info)                                                                                      \
    X(open_process)                                                                                          \
    X(terminate_process)                                                                                     \
    X(resume_process_thread)                                                                                 \
    X(create_timer)                                                                                          \
    X(set_timer)                                                                                             \
    X(cancel_timer)                                                                                          \
    X(queue_apc)                                                                                             \
    X(get_apc)                                                                                               \
    X(get_sync_shm)                                                                                          \
    X(get_sync_slot)                                                                                         \
    X(sync_wake)

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

/* A fingerprint of the request table (every request's and reply's size, in code order), so that a
 * client never talks to a server built from a different protocol.h even when somebody forgot to bump
 * ORIEL_PROTOCOL_VERSION: it is part of the socket name. */
static inline uint32_t oriel_protocol_fingerprint(void)
{
    static const uint32_t sizes[] = {
#define ORIEL_REQ_SIZES(name) sizeof(struct name##_request), sizeof(struct name##_reply),
        ORIEL_REQUEST_LIST(ORIEL_REQ_SIZES)
#undef ORIEL_REQ_SIZES
    };
    uint32_t hash = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        hash ^= sizes[i];
        hash *= 16777619u;
    }
    return hash;
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
    n = snprintf(path, size, "%s/server-%llx-%llx-v%u-%08x%s", dir, (unsigned long long)st.st_dev,
                 (unsigned long long)st.st_ino, ORIEL_PROTOCOL_VERSION, oriel_protocol_fingerprint(),
                 suffix ? suffix : "");
    if (n < 0 || (size_t)n >= size)
        return ENAMETOOLONG;
    return 0;
}

#endif /* ORIEL_PROTOCOL_H */
