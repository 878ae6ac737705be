/*
 * ELF-only exports of ntdll.dll.so that other builtin DLLs call: oriel internals with no Windows
 * equivalent, never in a PE export table. Declared once here; ntdll includes this header too so the
 * definitions are checked against it.
 */
#ifndef ORIEL_NTDLL_H
#define ORIEL_NTDLL_H

#include <stdint.h>
#include <windef.h>

#define ORIEL_NTDLL_EXPORT __attribute__((visibility("default")))

/* processapi.c: information about any process handle (NTSTATUS results). */
ORIEL_NTDLL_EXPORT int32_t __oriel_process_info(HANDLE process, uint32_t access, uint32_t *pid,
                                                uint32_t *exit_code, int32_t *priority_class);
ORIEL_NTDLL_EXPORT int32_t __oriel_process_times(HANDLE process, uint64_t *create_time, uint64_t *exit_time);
ORIEL_NTDLL_EXPORT int32_t __oriel_set_priority_class(HANDLE process, int32_t priority_class);

/* threadapi.c: kernel32 registers BaseThreadInitThunk; TlsFree clears a slot in every thread. */
ORIEL_NTDLL_EXPORT void __oriel_set_thread_init_thunk(void *thunk);
ORIEL_NTDLL_EXPORT void __oriel_clear_tls_slot(uint32_t index);

#endif /* ORIEL_NTDLL_H */
