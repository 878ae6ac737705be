/*
 * GetNamedPipeHandleState for anonymous pipes (host pipes and socketpairs behind file handles).
 * FIXME: named pipes come with the named pipe device; these are weak so that namedpipeapi.c can take
 * them over without a link conflict.
 */
#include <stdlib.h>

#include "kernel32_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(file);

static BOOL pipe_state(HANDLE pipe, LPDWORD state, LPDWORD instances, LPDWORD max_count, LPDWORD timeout)
{
    uint32_t type = FD_TYPE_INVALID;
    int fd;
    NTSTATUS status = __oriel_handle_unix_fd(pipe, &fd, &type);

    if (status) {
        /* a handle that is not a file at all is as unusable here as an invalid one */
        k32_set_ntstatus(status == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : status);
        return FALSE;
    }
    if (type != FD_TYPE_PIPE && type != FD_TYPE_SOCKET) {
        SetLastError(ERROR_INVALID_FUNCTION);
        return FALSE;
    }
    /* anonymous pipes are blocking byte pipes with a single instance */
    if (state)
        *state = PIPE_WAIT | PIPE_READMODE_BYTE;
    if (instances)
        *instances = 1;
    if (max_count || timeout)
        FIXME_ONCE("collection count and timeout are for remote named pipes; left unchanged\n");
    return TRUE;
}

__attribute__((weak)) WINBASEAPI BOOL WINAPI GetNamedPipeHandleStateW(HANDLE pipe, LPDWORD state,
                                                                      LPDWORD instances, LPDWORD max_count,
                                                                      LPDWORD timeout, LPWSTR user,
                                                                      DWORD user_size)
{
    TRACE("%p %p %p %p %p %p %u\n", pipe, state, instances, max_count, timeout, user, user_size);
    if (!pipe_state(pipe, state, instances, max_count, timeout))
        return FALSE;
    if (user && user_size && !GetEnvironmentVariableW(u"USERNAME", user, user_size))
        user[0] = 0;
    return TRUE;
}

__attribute__((weak)) WINBASEAPI BOOL WINAPI GetNamedPipeHandleStateA(HANDLE pipe, LPDWORD state,
                                                                      LPDWORD instances, LPDWORD max_count,
                                                                      LPDWORD timeout, LPSTR user,
                                                                      DWORD user_size)
{
    TRACE("%p %p %p %p %p %p %u\n", pipe, state, instances, max_count, timeout, user, user_size);
    if (!pipe_state(pipe, state, instances, max_count, timeout))
        return FALSE;
    if (user && user_size && !GetEnvironmentVariableA("USERNAME", user, user_size))
        user[0] = 0;
    return TRUE;
}
