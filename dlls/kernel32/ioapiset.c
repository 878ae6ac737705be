/*
 * I/O completion ports (ioapiset.h): CreateIoCompletionPort, PostQueuedCompletionStatus,
 * GetQueuedCompletionStatus(Ex).
 *
 * A port is a semaphore handle (so CloseHandle, waits and alertable waits work through the normal
 * handle machinery) plus a process-local FIFO of packets: the semaphore counts queued packets and a
 * waiter that acquires one count owns one packet. Ports are therefore process-local and only carry
 * packets queued with PostQueuedCompletionStatus. A slot keeps a duplicate of the semaphore so that a
 * closed port whose handle value was reused by another object is recognised as gone.
 * FIXME: the Windows way is an IoCompletion object in the server (NtCreateIoCompletion), which would
 * also let file and socket I/O queue their completions.
 */
#include "kernel32_private.h"
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(iocp);

struct iocp_packet {
    struct iocp_packet *next;
    ULONG_PTR key;
    LPOVERLAPPED overlapped;
    ULONG_PTR status;
    DWORD bytes;
};

struct iocp_port {
    HANDLE handle; /* the program's handle to the semaphore; NULL: free slot */
    HANDLE own;    /* our duplicate: tells whether the program still has the port open */
    struct iocp_packet *head, *tail;
};

static RTL_SRWLOCK ports_lock; /* zero: unlocked */
static struct iocp_port *ports;
static SIZE_T ports_count;

static void free_packets(struct iocp_packet *packet)
{
    while (packet) {
        struct iocp_packet *next = packet->next;
        HeapFree(GetProcessHeap(), 0, packet);
        packet = next;
    }
}

static void free_slot(struct iocp_port *port)
{
    free_packets(port->head);
    CloseHandle(port->own);
    port->handle = port->own = NULL;
    port->head = port->tail = NULL;
}

/* Called with ports_lock held exclusively. */
static struct iocp_port *find_port(HANDLE handle)
{
    for (SIZE_T i = 0; i < ports_count; i++) {
        if (!handle || ports[i].handle != handle)
            continue;
        /* Our duplicate keeps the semaphore alive: once it is the only handle left, the program
         * closed the port and the value may name something else now. FIXME: a port whose handle was
         * duplicated and then closed still matches its old value. */
        OBJECT_BASIC_INFORMATION info;
        if (!NtQueryObject(ports[i].own, ObjectBasicInformation, &info, sizeof(info), NULL) &&
            info.HandleCount > 1)
            return &ports[i];
        free_slot(&ports[i]);
        return NULL;
    }
    return NULL;
}

static BOOL add_port(HANDLE handle)
{
    struct iocp_port *slot = NULL;
    HANDLE own;
    if (!DuplicateHandle(GetCurrentProcess(), handle, GetCurrentProcess(), &own, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return FALSE;
    for (SIZE_T i = 0; i < ports_count; i++)
        if (ports[i].handle == handle)
            free_slot(&ports[i]); /* a closed port had this value */
    for (SIZE_T i = 0; i < ports_count && !slot; i++)
        if (!ports[i].handle)
            slot = &ports[i];
    if (!slot) {
        SIZE_T count = ports_count ? ports_count * 2 : 8;
        struct iocp_port *grown =
            ports ? HeapReAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, ports, count * sizeof(*ports))
                  : HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, count * sizeof(*ports));
        if (!grown) {
            CloseHandle(own);
            return FALSE;
        }
        ports = grown;
        slot = &ports[ports_count];
        ports_count = count;
    }
    slot->handle = handle;
    slot->own = own;
    slot->head = slot->tail = NULL;
    return TRUE;
}

HANDLE WINAPI CreateIoCompletionPort(HANDLE file, HANDLE existing, ULONG_PTR key, DWORD threads)
{
    TRACE("%p %p %lx %u\n", file, existing, (unsigned long)key, threads);
    if (file != INVALID_HANDLE_VALUE) {
        struct iocp_port *port;
        RtlAcquireSRWLockExclusive(&ports_lock);
        port = existing ? find_port(existing) : NULL;
        RtlReleaseSRWLockExclusive(&ports_lock);
        if (existing && !port) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        /* FIXME: the association is accepted but I/O on the file does not queue completion packets
         * yet; programs that only post their own packets (Go's netpoll wake-ups) work. */
        FIXME_ONCE("association of file %p with a completion port does not deliver completions\n", file);
        if (existing)
            return existing;
    } else if (existing) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return NULL;
    }

    /* The count is the number of queued packets; the concurrency value (threads) is not enforced. */
    HANDLE handle = CreateSemaphoreW(NULL, 0, 0x7fffffff, NULL);
    if (!handle)
        return NULL;
    RtlAcquireSRWLockExclusive(&ports_lock);
    BOOL added = add_port(handle);
    RtlReleaseSRWLockExclusive(&ports_lock);
    if (!added) {
        CloseHandle(handle);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return handle;
}

BOOL WINAPI PostQueuedCompletionStatus(HANDLE handle, DWORD bytes, ULONG_PTR key, LPOVERLAPPED overlapped)
{
    struct iocp_packet *packet = HeapAlloc(GetProcessHeap(), 0, sizeof(*packet));
    TRACE("%p %u %lx %p\n", handle, bytes, (unsigned long)key, overlapped);
    if (!packet) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    packet->next = NULL;
    packet->key = key;
    packet->overlapped = overlapped;
    packet->status = 0;
    packet->bytes = bytes;

    RtlAcquireSRWLockExclusive(&ports_lock);
    struct iocp_port *port = find_port(handle);
    if (port) {
        if (port->tail)
            port->tail->next = packet;
        else
            port->head = packet;
        port->tail = packet;
    }
    RtlReleaseSRWLockExclusive(&ports_lock);
    if (!port) {
        HeapFree(GetProcessHeap(), 0, packet);
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    /* Released after queueing: a waiter woken by this count always finds a packet. */
    if (!ReleaseSemaphore(handle, 1, NULL))
        return FALSE;
    return TRUE;
}

/* Takes the packet the caller acquired a semaphore count for. */
static struct iocp_packet *pop_packet(HANDLE handle)
{
    struct iocp_packet *packet = NULL;
    RtlAcquireSRWLockExclusive(&ports_lock);
    struct iocp_port *port = find_port(handle);
    if (port && (packet = port->head)) {
        port->head = packet->next;
        if (!port->head)
            port->tail = NULL;
    }
    RtlReleaseSRWLockExclusive(&ports_lock);
    return packet;
}

static BOOL is_port(HANDLE handle)
{
    RtlAcquireSRWLockExclusive(&ports_lock);
    BOOL found = find_port(handle) != NULL;
    RtlReleaseSRWLockExclusive(&ports_lock);
    return found;
}

/* Waits for one packet; returns it, or NULL with the last error set (WAIT_TIMEOUT,
 * WAIT_IO_COMPLETION, ERROR_ABANDONED_WAIT_0 when the port was closed, ERROR_INVALID_HANDLE). */
static struct iocp_packet *wait_packet(HANDLE handle, DWORD timeout, BOOL alertable)
{
    if (!is_port(handle)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return NULL;
    }
    DWORD ret = WaitForSingleObjectEx(handle, timeout, alertable);
    if (ret == WAIT_OBJECT_0) {
        struct iocp_packet *packet = pop_packet(handle);
        if (!packet)
            SetLastError(ERROR_ABANDONED_WAIT_0);
        return packet;
    }
    if (ret == WAIT_TIMEOUT || ret == WAIT_IO_COMPLETION)
        SetLastError(ret);
    else if (ret == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE)
        SetLastError(ERROR_ABANDONED_WAIT_0); /* closed while waiting */
    return NULL;
}

BOOL WINAPI GetQueuedCompletionStatus(HANDLE handle, LPDWORD bytes, PULONG_PTR key, LPOVERLAPPED *overlapped,
                                      DWORD timeout)
{
    TRACE("%p %p %p %p %u\n", handle, bytes, key, overlapped, timeout);
    struct iocp_packet *packet = wait_packet(handle, timeout, FALSE);
    if (!packet) {
        *overlapped = NULL;
        return FALSE;
    }
    *bytes = packet->bytes;
    *key = packet->key;
    *overlapped = packet->overlapped;
    HeapFree(GetProcessHeap(), 0, packet);
    return TRUE;
}

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE handle, LPOVERLAPPED_ENTRY entries, ULONG count,
                                        PULONG removed, DWORD timeout, BOOL alertable)
{
    TRACE("%p %p %u %p %u %d\n", handle, entries, count, removed, timeout, alertable);
    if (!count || !entries || !removed) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *removed = 0;
    struct iocp_packet *packet = wait_packet(handle, timeout, alertable);
    if (!packet)
        return FALSE;
    ULONG n = 0;
    for (;;) {
        entries[n].lpCompletionKey = packet->key;
        entries[n].lpOverlapped = packet->overlapped;
        entries[n].Internal = packet->status;
        entries[n].dwNumberOfBytesTransferred = packet->bytes;
        HeapFree(GetProcessHeap(), 0, packet);
        if (++n == count || WaitForSingleObject(handle, 0) != WAIT_OBJECT_0)
            break;
        if (!(packet = pop_packet(handle)))
            break;
    }
    *removed = n;
    return TRUE;
}
