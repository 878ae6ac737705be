/*
 * Processes, threads and the client connections that carry their requests.
 */
#ifndef ORIEL_SERVER_PROCESS_H
#define ORIEL_SERVER_PROCESS_H

#include <sys/types.h>

#include "handle.h"

struct thread;

struct process {
    struct object obj;
    struct list entry; /* in the list of running processes */
    uint32_t id;       /* Windows process id */
    pid_t unix_pid;
    int running; /* cleared on exit; the object may live on while handles refer to it */
    uint32_t exit_code;
    uint32_t exit_code_set; /* exit_process was received */
    struct handle_table handles;
    struct list threads;    /* struct thread.proc_entry */
    struct list wait_queue; /* waits for its exit (server/wait.c; zeroed = empty) */
    /* ---- process creation (server/process_create.c) ---- */
    uint32_t parent_id;     /* id of the process that created it (0: started by the launcher) */
    int32_t priority_class; /* SetPriorityClass value (0: NORMAL_PRIORITY_CLASS) */
    uint64_t create_time;   /* FILETIME units (process_create.c: filetime_now) */
    uint64_t exit_time;
};

struct thread {
    struct object obj;
    struct list proc_entry;  /* in process->threads */
    struct process *process; /* holds a reference */
    uint32_t id;             /* Windows thread id */
    int running;
    uint32_t exit_code;
    /* ---- threads helper (server/thread_requests.c) ---- */
    struct list wait_queue; /* waits on the thread (wait.c); signaled once it has exited */
    int32_t priority;       /* THREAD_PRIORITY_* as set by SetThreadPriority */
    uint64_t affinity;      /* SetThreadAffinityMask */
    struct list all_entry;  /* in the list of every thread object (open_thread by id) */
};

/* One connection = one client thread. */
struct client {
    int fd;                  /* socket, -1 when detached (fuzzing) */
    pid_t peer_pid;          /* host pid of the peer from SO_PEERCRED (0: socketpair or unknown) */
    struct list entry;       /* in the list of clients */
    struct process *process; /* NULL until init_process; holds a reference */
    struct thread *thread;   /* holds a reference */
};

/* Windows ids: multiples of 4, shared by processes and threads, never 0. */
uint32_t alloc_id(void);
void free_id(uint32_t id);

struct process *create_process(pid_t unix_pid);
/* Host pids come from clients: only a plain positive pid (never 0, 1, -1 or a process group) may ever
 * be signalled, and when parent > 0 it must be a child of that host process (parent < 0: reject).
 * Returns the pid, or 0 when it is not usable. */
pid_t checked_unix_pid(uint32_t pid, pid_t parent);
struct thread *create_thread(struct process *process);
/* thread_requests.c: the list of every thread object, for open_thread (create and destroy). */
void thread_list_add(struct thread *thread);
void thread_list_remove(struct thread *thread);
/* Marks the thread exited; the last thread takes the process down (handles closed). */
void thread_exit(struct thread *thread, uint32_t exit_code);
void process_exit(struct process *process, uint32_t exit_code);

/* ---- process creation (server/process_create.c) ---- */
/* The current time in FILETIME units (100 ns since 1601). */
uint64_t filetime_now(void);
/* The running process of that id, not grabbed, or NULL (process.c). */
struct process *get_process_from_id(uint32_t id);
/* init_process of a child made by new_process (req->token set). */
struct init_process_request;
struct init_process_reply;
struct request_ctx;
NTSTATUS init_spawned_process(struct request_ctx *ctx, const struct init_process_request *req,
                              struct init_process_reply *reply);

extern const struct object_ops process_ops;
extern const struct object_ops thread_ops;

#endif /* ORIEL_SERVER_PROCESS_H */
