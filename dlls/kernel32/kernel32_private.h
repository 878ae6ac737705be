/*
 * Interfaces shared between the source files of kernel32 only. Each area keeps its own section.
 */
#ifndef ORIEL_KERNEL32_PRIVATE_H
#define ORIEL_KERNEL32_PRIVATE_H

#include <windows.h>
#include <winternl.h>

/* ---- ANSI <-> UTF-16 helpers (libloaderapi.c; owner: loader helper) ---- */
/* Converts a NUL-terminated ANSI (CP_ACP) string into a malloc'ed UTF-16 string; NULL stays NULL
 * (check the source before treating NULL as an allocation failure). */
WCHAR *k32_ansi_to_wide(const char *str);
/* The same for an optional name argument of an A function: *wname NULL for NULL; FALSE with
 * ERROR_NOT_ENOUGH_MEMORY when a name could not be converted. */
BOOL k32_ansi_name(const char *name, WCHAR **wname);
/* Converts `len` UTF-16 units (-1: up to and including the NUL) into ANSI; returns the bytes written
 * (or needed when dst is NULL/dstlen 0), including the NUL when the source includes it. */
ULONG k32_wide_to_ansi(const WCHAR *src, int len, char *dst, ULONG dstlen);
/* Sets the last error from an NTSTATUS and returns FALSE when status is an error. */
BOOL k32_set_ntstatus(NTSTATUS status);
/* Stricter: any status but STATUS_SUCCESS (STATUS_TIMEOUT, STATUS_PENDING too) sets the last error and
 * returns FALSE, for the APIs whose Win32 failure includes those. */
BOOL k32_ok_or_set_error(NTSTATUS status);

/* ---- synchobj.c ---- */
/* A Win32 timeout in milliseconds as an NT relative timeout in *buf; NULL for INFINITE. */
LARGE_INTEGER *k32_timeout(LARGE_INTEGER *buf, DWORD ms);

/* ---- processthreadsapi.c ---- */
/* Runs the FLS callbacks of the calling thread (thread exit; owner: loader helper). */
void k32_fls_thread_cleanup(void);

/* ---- console.c (owner: files helper) ---- */
/* WriteFile on a console: bytes in the console output code page are shown as text, as conhost does.
 * Returns TRUE when it handled the write (result in *ret), FALSE when WriteFile should write the bytes. */
BOOL k32_console_write_file(HANDLE handle, const void *buffer, DWORD count, LPDWORD written, BOOL *ret);

#endif /* ORIEL_KERNEL32_PRIVATE_H */
