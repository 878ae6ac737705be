/*
 * I/O completion ports used as thread-safe queues: CreateIoCompletionPort without a file,
 * PostQueuedCompletionStatus, GetQueuedCompletionStatus(Ex) with timeouts, FIFO order, batches,
 * alertable waits interrupted by an APC, wake-ups across threads, closed and invalid ports.
 */
#include "test.h"

static HANDLE port_for_thread;

static DWORD WINAPI poster(void *arg)
{
    Sleep(100);
    PostQueuedCompletionStatus(port_for_thread, 42, 7, (OVERLAPPED *)arg);
    return 0;
}

static void test_create(void)
{
    HANDLE port;

    SetLastError(0xdeadbeef);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(port != NULL && port != INVALID_HANDLE_VALUE, "CreateIoCompletionPort failed %lu\n", GetLastError());
    ok(CloseHandle(port), "CloseHandle of a port failed\n");

    /* Windows: an existing port without a file to associate is an invalid parameter. */
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    SetLastError(0xdeadbeef);
    ok(CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 1, 0) == NULL,
       "existing port without file accepted\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu\n", GetLastError());
    CloseHandle(port);
}

static void test_queue(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED ov1, ov2, *ov;
    OVERLAPPED_ENTRY entries[4];
    ULONG_PTR key;
    ULONG removed;
    DWORD bytes, start;

    /* Empty port: times out with WAIT_TIMEOUT and a NULL overlapped. */
    ov = (OVERLAPPED *)0xdeadbeef;
    SetLastError(0xdeadbeef);
    start = GetTickCount();
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 50), "dequeued from an empty port\n");
    ok(GetLastError() == WAIT_TIMEOUT, "error %lu\n", GetLastError());
    ok(ov == NULL, "overlapped %p\n", ov);
    ok(GetTickCount() - start >= 30, "timeout returned after %lu ms\n", GetTickCount() - start);

    ok(PostQueuedCompletionStatus(port, 10, 1, &ov1), "PostQueuedCompletionStatus failed %lu\n",
       GetLastError());
    ok(PostQueuedCompletionStatus(port, 20, 2, &ov2), "PostQueuedCompletionStatus failed %lu\n",
       GetLastError());
    ok(PostQueuedCompletionStatus(port, 30, 3, NULL), "PostQueuedCompletionStatus failed %lu\n",
       GetLastError());

    /* First in, first out. */
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0), "dequeue failed %lu\n", GetLastError());
    ok(bytes == 10 && key == 1 && ov == &ov1, "got %lu %lu %p\n", bytes, (unsigned long)key, ov);

    memset(entries, 0xcc, sizeof(entries));
    removed = 99;
    ok(GetQueuedCompletionStatusEx(port, entries, 4, &removed, 0, FALSE), "Ex failed %lu\n", GetLastError());
    ok(removed == 2, "removed %lu\n", removed);
    ok(entries[0].lpCompletionKey == 2 && entries[0].lpOverlapped == &ov2 &&
           entries[0].dwNumberOfBytesTransferred == 20,
       "entry 0: %lu %p %lu\n", (unsigned long)entries[0].lpCompletionKey, entries[0].lpOverlapped,
       entries[0].dwNumberOfBytesTransferred);
    ok(entries[1].lpCompletionKey == 3 && entries[1].lpOverlapped == NULL &&
           entries[1].dwNumberOfBytesTransferred == 30,
       "entry 1: %lu %p\n", (unsigned long)entries[1].lpCompletionKey, entries[1].lpOverlapped);

    /* A batch never takes more than asked. */
    for (int i = 0; i < 3; i++)
        PostQueuedCompletionStatus(port, i, 100 + i, NULL);
    ok(GetQueuedCompletionStatusEx(port, entries, 2, &removed, 0, FALSE), "Ex failed %lu\n", GetLastError());
    ok(removed == 2 && entries[0].lpCompletionKey == 100 && entries[1].lpCompletionKey == 101,
       "removed %lu\n", removed);
    ok(GetQueuedCompletionStatusEx(port, entries, 2, &removed, 0, FALSE), "Ex failed %lu\n", GetLastError());
    ok(removed == 1 && entries[0].lpCompletionKey == 102, "removed %lu\n", removed);

    SetLastError(0xdeadbeef);
    ok(!GetQueuedCompletionStatusEx(port, entries, 2, &removed, 10, FALSE), "empty port gave entries\n");
    ok(GetLastError() == WAIT_TIMEOUT, "error %lu\n", GetLastError());

    /* A packet posted by another thread wakes a blocked waiter. */
    port_for_thread = port;
    HANDLE thread = CreateThread(NULL, 0, poster, &ov1, 0, NULL);
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &ov, 5000), "no wake-up %lu\n", GetLastError());
    ok(bytes == 42 && key == 7 && ov == &ov1, "got %lu %lu %p\n", bytes, (unsigned long)key, ov);
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    CloseHandle(port);
}

static int apc_calls;
static void WINAPI apc(ULONG_PTR arg)
{
    apc_calls++;
}

static void test_alertable(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED_ENTRY entry;
    ULONG removed;

    ok(QueueUserAPC(apc, GetCurrentThread(), 0), "QueueUserAPC failed\n");
    SetLastError(0xdeadbeef);
    ok(!GetQueuedCompletionStatusEx(port, &entry, 1, &removed, 1000, TRUE), "APC wait returned entries\n");
    ok(GetLastError() == WAIT_IO_COMPLETION, "error %lu\n", GetLastError());
    ok(apc_calls == 1, "APC ran %d times\n", apc_calls);
    CloseHandle(port);
}

static void test_invalid(void)
{
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *ov;
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);

    SetLastError(0xdeadbeef);
    ok(!PostQueuedCompletionStatus(NULL, 0, 0, NULL), "posted to NULL\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());

    /* An event is not a port. */
    SetLastError(0xdeadbeef);
    ok(!PostQueuedCompletionStatus(event, 0, 0, NULL), "posted to an event\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetQueuedCompletionStatus(event, &bytes, &key, &ov, 0), "dequeued from an event\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(event);

    /* A closed port is gone, even when its handle value is reused by a new object. */
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    PostQueuedCompletionStatus(port, 1, 1, NULL);
    CloseHandle(port);
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(!PostQueuedCompletionStatus(port, 0, 0, NULL), "posted to a closed port\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu\n", GetLastError());
    CloseHandle(event);
}

START_TEST(iocp)
{
    test_create();
    test_queue();
    test_alertable();
    test_invalid();
}
