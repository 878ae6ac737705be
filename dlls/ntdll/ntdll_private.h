/*
 * Interfaces shared between the source files of ntdll only. Each area keeps its own section.
 */
#ifndef ORIEL_NTDLL_PRIVATE_H
#define ORIEL_NTDLL_PRIVATE_H

#include <windows.h>
#include <winternl.h>

/* ---- LIST_ENTRY rings (loader.c, threadapi.c, threadpool.c); CONTAINING_RECORD finds the owner ---- */
static inline void ntdll_list_init(LIST_ENTRY *head)
{
    head->Flink = head->Blink = head;
}

static inline BOOL ntdll_list_empty(const LIST_ENTRY *head)
{
    return head->Flink == head;
}

/* Inserts entry before next; with the list head as next, at the tail. */
static inline void ntdll_list_add_tail(LIST_ENTRY *next, LIST_ENTRY *entry)
{
    entry->Blink = next->Blink;
    entry->Flink = next;
    next->Blink->Flink = entry;
    next->Blink = entry;
}

/* Unlinks entry and leaves it an empty ring of its own. */
static inline void ntdll_list_remove(LIST_ENTRY *entry)
{
    entry->Blink->Flink = entry->Flink;
    entry->Flink->Blink = entry->Blink;
    entry->Flink = entry->Blink = entry;
}

/* ---- debug.c ---- */
void debug_init(void);

/* ---- server.c (client side of the server protocol) ---- */
enum server_fd_type;
struct server_process_init {
    DWORD pid;
    DWORD tid;
    HANDLE std_handles[3]; /* stdin, stdout, stderr as server handles; NULL where the fd is closed */
};
/* Connects the calling (main) thread to the prefix's server, starting oriel-server when none runs,
 * registers the process and its main thread and turns host fds 0-2 into server handles. */
NTSTATUS server_init_process(struct server_process_init *info);
/* Host fd behind a handle (cached; do not close it). */
NTSTATUS server_get_unix_fd(HANDLE handle, int *fd);
/* Tells the server this process is exiting (before _exit). */
void server_exit_process(DWORD exit_code);
/* One request/reply round trip on the calling thread's connection (include oriel/protocol.h for the
 * structs). fds are sent with the request; *fd_out receives an fd the reply carries (or -1). */
NTSTATUS server_call(unsigned int code, const void *req, unsigned int req_size, const void *data,
                     unsigned int data_size, const int *fds, unsigned int fd_count, void *reply,
                     unsigned int reply_size, int *fd_out);
/* Type-checked form: SERVER_CALL(close_handle, &req, &reply, NULL, 0, NULL). */
#define SERVER_CALL(name, req, reply, fds, fd_count, fd_out)                                                 \
    ({                                                                                                       \
        _Static_assert(__builtin_types_compatible_p(__typeof__(*(req)), struct name##_request), #name);      \
        _Static_assert(__builtin_types_compatible_p(__typeof__(*(reply)), struct name##_reply), #name);      \
        server_call(REQ_##name, (req), sizeof(*(req)), NULL, 0, (fds), (fd_count), (reply),                  \
                    sizeof(*(reply)), (fd_out));                                                             \
    })
/* Host fd, enum server_fd_type, granted access and FILE_* options of a file handle (fd cached: do not
 * close it; NtClose drops it). Any out pointer but fd may be NULL. */
NTSTATUS server_get_fd_info(HANDLE handle, int *fd, enum server_fd_type *type, ACCESS_MASK *access,
                            ULONG *options);
/* NtClose: forget the cached fd of a handle. */
void server_remove_fd_cache(HANDLE handle);
/* NtCreateFile: cache the fd it opened itself for the new handle (takes ownership of fd). */
void server_add_fd_cache(HANDLE handle, int fd, enum server_fd_type type, ACCESS_MASK access, ULONG options);
/* CreateThread, on the creating thread: registers a new thread of this process with the server and
 * returns its id, a handle to it and the connection the new thread must adopt with server_init_thread. */
NTSTATUS server_new_thread(ULONG attributes, DWORD *tid, HANDLE *handle, int *thread_fd);
/* First thing on the new thread: use its own connection from now on (closed automatically at thread exit,
 * which is how the server learns the thread is gone). */
void server_init_thread(int thread_fd);
/* errno -> NTSTATUS for file operations (file.c). */
NTSTATUS errno_to_status(int err);

/* ---- path.c (owner: files helper) ---- */
/* DOS/NT path (C:\\dir\\f, \\??\\C:\\..., relative to the current directory) -> host path,
 * matching each component case-insensitively; the last component need not exist. malloc'ed result. */
NTSTATUS path_dos_to_unix(const WCHAR *dos_path, char **unix_path);
/* Host path -> DOS path (a drive from dosdevices, longest match; Z:\\ for the host root). malloc'ed. */
NTSTATUS path_unix_to_dos(const char *unix_path, WCHAR **dos_path);
/* The pure parts, for tests/unit/path_test.c. path_full_name: Win32 normalisation of name against curdir
 * (GetFullPathNameW rules); returns the length without terminator when it fits in buffer_chars, else the
 * size needed including it; 0 for an invalid name. */
ULONG path_full_name(const WCHAR *name, const WCHAR *curdir, WCHAR *buffer, ULONG buffer_chars,
                     WCHAR **file_part);
/* NT path (\\??\\C:\\a or C:\\a) -> host path under prefix/dosdevices, case-insensitive. */
NTSTATUS path_nt_to_unix_in(const char *prefix, const WCHAR *nt, SIZE_T nt_len, char **unix_path);
NTSTATUS path_unix_to_dos_in(const char *prefix, const char *unix_path, WCHAR **dos_path);

/* ---- sysinfo.c ---- */
ULONG ntdll_cpu_count(void); /* processors (at most 64), read once */

/* ---- om.c ---- */
/* Live server objects per type and the process's open handle count (ELF-only export). */
__attribute__((visibility("default"))) NTSTATUS __oriel_get_object_counts(ULONG *counts, ULONG count,
                                                                          ULONG *handles);

/* ---- loader.c / process.c / thread.c (owner: loader helper) ---- */
/* For a new thread, running on its own TEB (GS set): allocates its static TLS blocks and calls
 * TLS callbacks and DllMain(DLL_THREAD_ATTACH) of every initialised module, under the loader lock. */
void ldr_thread_attach(void);
/* DLL_THREAD_DETACH in reverse order, then frees the thread's static TLS blocks. */
void ldr_thread_detach(void);
/* Allocates a zeroed TEB for a new thread (Self, Peb, ClientId.UniqueProcess filled). */
TEB *thread_alloc_teb(void);
/* Makes `teb` the calling thread's TEB (GS base) and registers it for TLS bookkeeping. */
void thread_set_teb(TEB *teb);
/* Unregisters and frees a TEB (the thread no longer runs on it). */
void thread_free_teb(TEB *teb);
/* Allocates a guest stack of `reserve` bytes with a guard page at the bottom and fills StackBase,
 * StackLimit and DeallocationStack of `teb`. */
NTSTATUS thread_alloc_stack(TEB *teb, SIZE_T reserve);
/* Calls func(arg) with the stack pointer at `stack_top` (16-byte aligned), SysV ABI. */
void thread_call_on_stack(void (*func)(void *), void *arg, void *stack_top);
/* Calls cb for every registered TEB with the TEB list locked (static TLS for DLLs loaded later). */
void thread_for_each_teb(void (*cb)(TEB *teb, void *ctx), void *ctx);
extern PEB *ntdll_peb;          /* the process' PEB (valid before GS is set) */
extern HANDLE ntdll_process_id; /* ClientId.UniqueProcess of every thread */
/* Loader entry points used by process.c. */
struct oriel_start_params;
NTSTATUS ldr_init_process(const struct oriel_start_params *params); /* maps the exe, registers ntdll */
void ldr_run_process(void) __attribute__((noreturn)); /* on the guest stack: imports, init, entry */
void ldr_process_detach(void);                        /* DLL_PROCESS_DETACH in reverse initialization order */
/* env.c: builds PEB->ProcessParameters (command line, environment, directories, std handles). */
NTSTATUS env_init_process_params(const struct oriel_start_params *params, const HANDLE std_handles[3]);
/* The command line for argv0 and argv, each quoted so that CommandLineToArgvW splits it back. */
WCHAR *env_build_command_line(const WCHAR *argv0, int argc, WCHAR **argv);
/* The loader lock and module images, for resource.c (call ldr_module_image with the lock held;
 * NULL module means the exe). */
struct pe_image;
void ldr_lock(void);
int ldr_trylock(void);
void ldr_unlock(void);
const struct pe_image *ldr_module_image(HMODULE module);
/* ldrpath.c: names and files for the loader. */
int ldr_wcsicmp_n(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen); /* 0 when equal (ASCII case) */
char *ldr_wide_to_utf8(const WCHAR *s, size_t len);                          /* malloc'ed */
void ldr_lower_ascii(char *s);
/* The DLL implementing an API set (lower-case name with extension); NULL when unknown or not an API set. */
const char *ldr_apiset_target(const char *lower_name, int *is_apiset);
int ldr_is_known_dll(const char *lower_name);
char *ldr_find_file_nocase(const char *dir, const char *name);          /* host path in dir, or NULL */
char *ldr_builtin_so_path(const char *dll_dir, const char *lower_base); /* existing NAME.dll.so, or NULL */
char *ldr_dos_to_unix(const char *prefix, const WCHAR *dos);            /* malloc'ed host path */
WCHAR *ntdll_utf8_to_wide(const char *s);                               /* malloc'ed UTF-16 copy */
WCHAR *ntdll_unix_to_dos_path(const char *unix_path);                   /* malloc'ed; falls back to Z:\ */
/* Terminates the process now: flushes host stdio, tells the server, _exit(code & 0xff). */
void process_exit_now(DWORD code) __attribute__((noreturn));

/* ---- usershared.c (owner: real-world programs helper) ---- */
/* Maps KUSER_SHARED_DATA at 0x7ffe0000 and starts the thread that keeps its clocks current. */
void user_shared_data_init(void);
void user_shared_data_refresh(void);       /* update the clocks in the page now */
void user_shared_data_start_updater(void); /* keep them updated every 1 ms from now on */

/* ---- threadapi.c (owner: threads helper) ---- */
/* At start-up on the main thread, after its TEB has its ids: the suspend signal handler and the main
 * thread's entry in the thread list. */
void thread_init_process(void);
/* ExitProcess / NtTerminateProcess(NULL): stops every other thread of the process (no notifications). */
void thread_terminate_others(void);

/* ---- signal.c / exception.c (owner: exceptions helper) ---- */
void signal_init_process(void); /* installs SIGSEGV/SIGILL/SIGFPE/SIGBUS/SIGTRAP handlers */
void signal_init_thread(void);  /* per-thread alternate signal stack; call on every new thread */
void signal_exit_thread(void);  /* frees it; call on the host stack of a thread about to end */
/* The CONTEXT (integer, control, segment and FXSAVE state) of a host signal's ucontext. */
struct ucontext_t;
void signal_context_from_ucontext(CONTEXT *context, const struct ucontext_t *uc);
/* unwind.c: the loaded module whose image holds pc; whether pc is in a PE module with unwind data */
LDR_DATA_TABLE_ENTRY *unwind_find_module(ULONG64 pc);
BOOL unwind_pc_in_pe_code(ULONG64 pc);
/* crashreport.c: ends the process with the exception code, after a crash report when context is set */
void exception_terminate(const EXCEPTION_RECORD *rec, const CONTEXT *context) __attribute__((noreturn));
void crash_report(const EXCEPTION_RECORD *rec, const CONTEXT *context);

/* ---- relay.c (owner: spec helper) ---- */
/* With +relay, points the export table of a builtin module at its relay thunks. */
void relay_setup_module(HMODULE module);

/* ---- heap.c / virtual.c ---- */
/* The loader registers each mapped PE image so NtQueryVirtualMemory reports MEM_IMAGE with the image
 * base as AllocationBase; virtual_unregister_image when it unmaps one. */
void virtual_register_image(void *base, size_t size);
void virtual_unregister_image(void *base);
/* For the SIGSEGV handler: when addr lies in a PAGE_GUARD page, clears the guard (restoring the page's
 * protection) and returns TRUE; the handler then raises STATUS_GUARD_PAGE_VIOLATION. */
BOOL virtual_clear_guard(void *addr);
/* Low-level lock for ntdll internals (no TEB needed): a futex word, 0 = free. */
void ntdll_lock(int *lock);
void ntdll_unlock(int *lock);
/* Process-private futex (critsection.c): waits while *addr == val, at most for the relative host time
 * timeout (NULL: no limit); returns the syscall's result (-1 with errno ETIMEDOUT, EAGAIN, EINTR). */
struct timespec;
int ntdll_futex_wait(volatile int *addr, int val, const struct timespec *timeout);
/* Wakes up to count waiters (INT_MAX: all) of addr. */
void ntdll_futex_wake(volatile int *addr, int count);

/* ---- processapi.c (owner: process creation helper) ---- */
/* env.c: a CreateProcess child's parameters from its startup block; STATUS_NOT_FOUND otherwise. */
NTSTATUS process_init_spawned_params(RTL_USER_PROCESS_PARAMETERS *pp);
/* process.c: NtTerminateProcess of another handle; *self: it named us, the caller exits. */
NTSTATUS process_terminate_other(HANDLE process, NTSTATUS exit_status, BOOL *self);
/* sysinfo.c: ProcessBasicInformation of any process handle. */
NTSTATUS process_query_basic_info(HANDLE process, PROCESS_BASIC_INFORMATION *pbi);
/* threadapi.c: NtResumeThread of a CREATE_SUSPENDED child's main thread (STATUS_NOT_FOUND: not one). */
NTSTATUS process_resume_remote_thread(HANDLE thread, ULONG *prev_count);

/* ---- syncobj.c (owner: sync objects helper) ---- */
/* A server-side delay (select with no handles): alertable, it ends early to run queued user APCs
 * (STATUS_USER_APC); otherwise STATUS_SUCCESS when the timeout passed. For NtDelayExecution. */
NTSTATUS sync_delay(BOOLEAN alertable, const LARGE_INTEGER *timeout);
/* NtClose (through server_remove_fd_cache): forget what the fast path cached about a handle. */
void sync_forget_handle(HANDLE handle);
/* server.c: the server's id of the calling thread's connection (its own, or the main thread's), 0 for
 * a thread that borrows the process connection without being the main thread. */
DWORD server_thread_id(void);
/* server.c: sends a request the server never answers (sync_wake); the thread's later requests are
 * served after it. */
NTSTATUS server_post(unsigned int code, const void *req, unsigned int req_size);

#endif /* ORIEL_NTDLL_PRIVATE_H */
