/*
 * Pipes: CreatePipe (anonymous pipes). Named pipes come with the named pipe device.
 */
#include "kernel32_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

WINBASEAPI BOOL WINAPI CreatePipe(PHANDLE read_pipe, PHANDLE write_pipe, LPSECURITY_ATTRIBUTES sa, DWORD size)
{
    HANDLE r, w;
    NTSTATUS status;

    TRACE("%p %p %p %u\n", read_pipe, write_pipe, sa, size);
    status = __oriel_create_pipe(&r, &w, (sa && sa->bInheritHandle) ? OBJ_INHERIT : 0);
    if (!k32_set_ntstatus(status))
        return FALSE;
    *read_pipe = r;
    *write_pipe = w;
    return TRUE;
}
