/*
 * Pipes: CreatePipe (anonymous pipes). Named pipes come with the named pipe device.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

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

WINBASEAPI BOOL WINAPI PeekNamedPipe(HANDLE pipe, LPVOID buffer, DWORD size, LPDWORD read, LPDWORD avail,
                                     LPDWORD left)
{
    FILE_PIPE_PEEK_BUFFER *peek;
    ULONG header = offsetof(FILE_PIPE_PEEK_BUFFER, Data);
    IO_STATUS_BLOCK io;
    NTSTATUS status;

    TRACE("%p %p %u\n", pipe, buffer, size);
    if (!buffer)
        size = 0;
    if (!(peek = malloc(header + size))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    io.Information = 0;
    status = NtFsControlFile(pipe, NULL, NULL, NULL, &io, FSCTL_PIPE_PEEK, NULL, 0, peek, header + size);
    if (status == STATUS_BUFFER_OVERFLOW)
        status = STATUS_SUCCESS; /* more data than asked for is not an error here */
    if (!k32_set_ntstatus(status)) {
        free(peek);
        return FALSE;
    }
    if (read)
        *read = io.Information - header;
    if (avail)
        *avail = peek->ReadDataAvailable;
    if (left)
        *left = peek->MessageLength; /* "zero for byte-type pipes" */
    if (buffer && io.Information > header)
        memcpy(buffer, peek->Data, io.Information - header);
    free(peek);
    return TRUE;
}
