/*
 * Process creation between kernel32 (CreateProcess: name resolution, ANSI/Unicode, validation) and
 * ntdll (dlls/ntdll/processapi.c: the server objects, the startup block and starting the launcher),
 * and the startup block a child reads at start-up (get_startup_info, include/oriel/protocol.h).
 */
#ifndef ORIEL_PROCESS_H
#define ORIEL_PROCESS_H

#include <stdint.h>

#define ORIEL_STARTUP_BLOCK_VERSION 1

/* The startup block: this header followed by the strings it points to (offsets in bytes from the
 * start of the block, lengths in UTF-16 units, no terminators; runtime_len is in bytes). */
struct oriel_startup_block {
    uint32_t version; /* ORIEL_STARTUP_BLOCK_VERSION */
    uint32_t size;    /* the whole block */
    uint32_t creation_flags;
    uint32_t startf_flags; /* STARTUPINFO.dwFlags */
    uint32_t x, y, x_size, y_size, x_chars, y_chars, fill_attribute;
    uint32_t show_window;
    uint32_t image_off, image_len;     /* DOS path of the program */
    uint32_t cmdline_off, cmdline_len; /* the command line exactly as given */
    uint32_t curdir_off, curdir_len;   /* DOS path of the current directory */
    uint32_t env_off, env_len;         /* environment block including the final empty string */
    uint32_t title_off, title_len;
    uint32_t desktop_off, desktop_len;
    uint32_t runtime_off, runtime_len; /* STARTUPINFO.lpReserved2 (the CRT's inherited fds) */
};

#ifdef ORIEL_WINBASE_H
/* What CreateProcess hands to ntdll. All strings are NUL-terminated UTF-16. */
struct oriel_create_process {
    const WCHAR *image;     /* full DOS path of the resolved program (exists) */
    const WCHAR *cmdline;   /* the child's command line */
    const WCHAR *curdir;    /* full DOS path of an existing directory; NULL: ours */
    const WCHAR *env;       /* UTF-16 environment block; NULL: ours */
    const STARTUPINFOW *si; /* may be NULL */
    DWORD creation_flags;   /* CREATE_SUSPENDED ... */
    BOOL inherit_handles;
    ULONG process_attributes; /* OBJ_INHERIT for the process handle */
    ULONG thread_attributes;  /* OBJ_INHERIT for the thread handle */
};

/* ELF-only export of ntdll.dll.so: starts the child and fills *pi. Returns an NTSTATUS. */
__attribute__((visibility("default"))) int32_t __oriel_create_process(const struct oriel_create_process *cp,
                                                                      PROCESS_INFORMATION *pi);
#endif

#endif /* ORIEL_PROCESS_H */
