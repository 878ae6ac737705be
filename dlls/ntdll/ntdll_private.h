/*
 * Interfaces shared between the source files of ntdll only. Each area keeps its own section.
 */
#ifndef ORIEL_NTDLL_PRIVATE_H
#define ORIEL_NTDLL_PRIVATE_H

#include <windows.h>
#include <winternl.h>

/* ---- debug.c ---- */
void debug_init(void);

/* ---- server.c (client side of the server protocol) ---- */
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

/* ---- path.c (owner: files helper) ---- */
/* DOS/NT path (C:\\dir\\f, \\??\\C:\\..., relative to the current directory) -> host path,
 * matching each component case-insensitively; the last component need not exist. malloc'ed result. */
NTSTATUS path_dos_to_unix(const WCHAR *dos_path, char **unix_path);
/* Host path -> DOS path (a drive from dosdevices, longest match; Z:\\ for the host root). malloc'ed. */
NTSTATUS path_unix_to_dos(const char *unix_path, WCHAR **dos_path);

/* ---- loader.c / process.c / thread.c (owner: loader helper) ---- */

/* ---- signal.c / exception.c (owner: exceptions helper) ---- */
void signal_init_process(void); /* installs SIGSEGV/SIGILL/SIGFPE/SIGBUS/SIGTRAP handlers */
void signal_init_thread(void);  /* per-thread alternate signal stack; call on every new thread */

/* ---- relay.c (owner: spec helper) ---- */
/* With +relay, points the export table of a builtin module at its relay thunks. */
void relay_setup_module(HMODULE module);

/* ---- heap.c / virtual.c ---- */

#endif /* ORIEL_NTDLL_PRIVATE_H */
