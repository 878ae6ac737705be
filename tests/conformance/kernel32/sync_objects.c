/*
 * Events, mutexes and semaphores within one thread: CreateEvent/CreateMutex/CreateSemaphore (and their
 * Ex, Open and A/W forms), SetEvent/ResetEvent/PulseEvent, ReleaseMutex, ReleaseSemaphore,
 * WaitForSingleObject(Ex), WaitForMultipleObjects(Ex) and SignalObjectAndWait. Expectations follow
 * Microsoft's synchapi.h documentation. Multi-threaded behaviour is tested in event.c and thread.c.
 */
#include "test.h"

static char prefix[64];

static const char *obj_name(const char *suffix)
{
    static char buf[4][128];
    static int n;
    char *out = buf[n++ & 3];
    snprintf(out, 128, "%s_%s", prefix, suffix);
    return out;
}

static void test_events(void)
{
    HANDLE h;
    DWORD r;

    h = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(h != NULL, "CreateEventA: %lu\n", GetLastError());
    ok(((ULONG_PTR)h & 3) == 0, "handle %p not a multiple of 4\n", h);

    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "unsignaled auto-reset event: %lu\n", r);
    ok(SetEvent(h), "SetEvent: %lu\n", GetLastError());
    ok(SetEvent(h), "SetEvent twice: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_OBJECT_0, "signaled auto-reset event: %lu\n", r);
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "auto-reset event resets after one wait: %lu\n", r);
    ok(SetEvent(h), "SetEvent: %lu\n", GetLastError());
    ok(ResetEvent(h), "ResetEvent: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "after ResetEvent: %lu\n", r);
    ok(PulseEvent(h), "PulseEvent: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "PulseEvent without waiters leaves it reset: %lu\n", r);
    ok(CloseHandle(h), "CloseHandle\n");

    h = CreateEventW(NULL, TRUE, TRUE, NULL);
    ok(h != NULL, "CreateEventW: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_OBJECT_0, "initially set manual event: %lu\n", r);
    r = WaitForSingleObjectEx(h, 0, FALSE);
    ok(r == WAIT_OBJECT_0, "manual event stays set: %lu\n", r);
    ok(ResetEvent(h), "ResetEvent: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "manual event after ResetEvent: %lu\n", r);
    ok(PulseEvent(h), "PulseEvent: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "manual event after PulseEvent: %lu\n", r);
    CloseHandle(h);

    h = CreateEventExA(NULL, NULL, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS);
    ok(h != NULL, "CreateEventExA: %lu\n", GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "CreateEventEx initial set\n");
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "CreateEventEx manual reset\n");
    CloseHandle(h);
    h = CreateEventExW(NULL, NULL, 0, EVENT_ALL_ACCESS);
    ok(h != NULL, "CreateEventExW: %lu\n", GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "CreateEventEx initially reset\n");
    CloseHandle(h);
}

static void test_semaphores(void)
{
    HANDLE h;
    LONG prev;
    BOOL ret;
    DWORD r;

    SetLastError(0xdeadbeef);
    h = CreateSemaphoreA(NULL, 2, 3, NULL);
    ok(h != NULL, "CreateSemaphoreA: %lu\n", GetLastError());
    ok(GetLastError() == 0, "last error after a new semaphore: %lu\n", GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "count 2\n");
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "count 1\n");
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "count 0: %lu\n", r);
    prev = 0xdead;
    ok(ReleaseSemaphore(h, 1, &prev), "ReleaseSemaphore: %lu\n", GetLastError());
    ok(prev == 0, "previous count %ld\n", prev);
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(h, 3, NULL), "release past the maximum succeeded\n");
    ok(GetLastError() == ERROR_TOO_MANY_POSTS, "past the maximum: %lu\n", GetLastError());
    prev = 0xdead;
    ok(ReleaseSemaphore(h, 2, &prev), "ReleaseSemaphore up to the maximum: %lu\n", GetLastError());
    ok(prev == 1, "previous count %ld\n", prev);
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(h, 1, NULL) && GetLastError() == ERROR_TOO_MANY_POSTS, "at the maximum: %lu\n",
       GetLastError());
    /* "lReleaseCount ... The value must be greater than zero": Windows fails 0 and negative counts with
     * ERROR_INVALID_PARAMETER; Wine 8.0 accepts them */
    SetLastError(0xdeadbeef);
    ret = ReleaseSemaphore(h, 0, NULL);
    ok((!ret && GetLastError() == ERROR_INVALID_PARAMETER) || broken(ret), "release 0: %d %lu\n", ret,
       GetLastError());
    SetLastError(0xdeadbeef);
    ret = ReleaseSemaphore(h, -1, NULL);
    ok((!ret && GetLastError() == ERROR_INVALID_PARAMETER) ||
           broken(!ret && GetLastError() == ERROR_TOO_MANY_POSTS),
       "release -1: %d %lu\n", ret, GetLastError());
    for (int i = 0; i < 3; i++)
        ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "take %d\n", i);
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "empty again\n");
    CloseHandle(h);

    /* "lInitialCount ... must be greater than or equal to zero and less than or equal to lMaximumCount";
     * "lMaximumCount ... must be greater than zero" */
    SetLastError(0xdeadbeef);
    h = CreateSemaphoreA(NULL, 4, 3, NULL);
    ok(!h && GetLastError() == ERROR_INVALID_PARAMETER, "initial > max: %p %lu\n", h, GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateSemaphoreA(NULL, 0, 0, NULL);
    ok(!h && GetLastError() == ERROR_INVALID_PARAMETER, "max 0: %p %lu\n", h, GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateSemaphoreW(NULL, -1, 3, NULL);
    ok(!h && GetLastError() == ERROR_INVALID_PARAMETER, "initial -1: %p %lu\n", h, GetLastError());

    h = CreateSemaphoreExW(NULL, 1, 1, NULL, 0, SEMAPHORE_ALL_ACCESS);
    ok(h != NULL, "CreateSemaphoreExW: %lu\n", GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "CreateSemaphoreEx initial count\n");
    CloseHandle(h);
}

static void test_mutexes(void)
{
    HANDLE h;
    DWORD r;

    SetLastError(0xdeadbeef);
    h = CreateMutexA(NULL, TRUE, NULL);
    ok(h != NULL, "CreateMutexA: %lu\n", GetLastError());
    ok(GetLastError() == 0, "last error after a new mutex: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_OBJECT_0, "the owner acquires it again: %lu\n", r);
    ok(ReleaseMutex(h), "first release: %lu\n", GetLastError());
    ok(ReleaseMutex(h), "second release: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(h), "third release succeeded\n");
    ok(GetLastError() == ERROR_NOT_OWNER, "release of a free mutex: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_OBJECT_0, "free mutex: %lu\n", r);
    ok(ReleaseMutex(h), "release: %lu\n", GetLastError());
    CloseHandle(h);

    h = CreateMutexW(NULL, FALSE, NULL);
    ok(h != NULL, "CreateMutexW: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(h) && GetLastError() == ERROR_NOT_OWNER, "release unowned: %lu\n", GetLastError());
    for (int i = 0; i < 5; i++)
        ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "recursive acquire %d\n", i);
    for (int i = 0; i < 5; i++)
        ok(ReleaseMutex(h), "recursive release %d: %lu\n", i, GetLastError());
    ok(!ReleaseMutex(h), "one release too many\n");
    CloseHandle(h);

    h = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS);
    ok(h != NULL, "CreateMutexExA: %lu\n", GetLastError());
    ok(ReleaseMutex(h), "CreateMutexEx initial owner: %lu\n", GetLastError());
    CloseHandle(h);
}

static void test_named(void)
{
    HANDLE h, h2, h3;
    char upper[128];

    SetLastError(0xdeadbeef);
    h = CreateEventA(NULL, TRUE, FALSE, obj_name("event"));
    ok(h != NULL, "CreateEventA named: %lu\n", GetLastError());
    ok(GetLastError() == 0, "new named event: last error %lu\n", GetLastError());
    /* "If the named event object existed before the function call, the function returns a handle to the
     * existing object and GetLastError returns ERROR_ALREADY_EXISTS." */
    SetLastError(0xdeadbeef);
    h2 = CreateEventA(NULL, FALSE, TRUE, obj_name("event"));
    ok(h2 != NULL && h2 != h, "second CreateEventA: %p %lu\n", h2, GetLastError());
    ok(GetLastError() == ERROR_ALREADY_EXISTS, "existing event: last error %lu\n", GetLastError());
    ok(WaitForSingleObject(h2, 0) == WAIT_TIMEOUT, "the existing object keeps its state\n");
    ok(SetEvent(h), "SetEvent: %lu\n", GetLastError());
    ok(WaitForSingleObject(h2, 0) == WAIT_OBJECT_0, "both handles name one object\n");
    ok(WaitForSingleObject(h2, 0) == WAIT_OBJECT_0, "still manual-reset through the second handle\n");
    ResetEvent(h);

    /* "Name comparison is case sensitive." */
    strcpy(upper, obj_name("event"));
    for (char *p = upper; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p -= 0x20;
    SetLastError(0xdeadbeef);
    h3 = OpenEventA(EVENT_ALL_ACCESS, FALSE, upper);
    ok(!h3 && GetLastError() == ERROR_FILE_NOT_FOUND, "OpenEventA with another case: %p %lu\n", h3,
       GetLastError());
    SetLastError(0xdeadbeef);
    h3 = CreateSemaphoreA(NULL, 0, 1, upper);
    ok(h3 != NULL && GetLastError() == 0, "another case is another name: %p %lu\n", h3, GetLastError());
    CloseHandle(h3);
    /* Local\ is the session's own namespace, where unprefixed names go too */
    snprintf(upper, sizeof(upper), "Local\\%s", obj_name("event"));
    h3 = OpenEventA(EVENT_ALL_ACCESS, FALSE, upper);
    ok(h3 != NULL, "OpenEventA Local\\: %lu\n", GetLastError());
    CloseHandle(h3);

    /* another type under that name */
    SetLastError(0xdeadbeef);
    h3 = CreateMutexA(NULL, FALSE, obj_name("event"));
    ok(!h3 && GetLastError() == ERROR_INVALID_HANDLE, "mutex over an event name: %p %lu\n", h3,
       GetLastError());
    SetLastError(0xdeadbeef);
    h3 = CreateSemaphoreA(NULL, 1, 1, obj_name("event"));
    ok(!h3 && GetLastError() == ERROR_INVALID_HANDLE, "semaphore over an event name: %p %lu\n", h3,
       GetLastError());
    SetLastError(0xdeadbeef);
    h3 = OpenMutexA(SYNCHRONIZE, FALSE, obj_name("event"));
    ok(!h3 && GetLastError() == ERROR_INVALID_HANDLE, "OpenMutex of an event: %p %lu\n", h3, GetLastError());
    SetLastError(0xdeadbeef);
    h3 = OpenSemaphoreA(SYNCHRONIZE, FALSE, obj_name("event"));
    ok(!h3 && GetLastError() == ERROR_INVALID_HANDLE, "OpenSemaphore of an event: %p %lu\n", h3,
       GetLastError());

    /* the name goes with the last handle */
    CloseHandle(h);
    h3 = OpenEventA(SYNCHRONIZE, FALSE, obj_name("event"));
    ok(h3 != NULL, "one handle left keeps the name: %lu\n", GetLastError());
    CloseHandle(h3);
    CloseHandle(h2);
    SetLastError(0xdeadbeef);
    h3 = OpenEventA(SYNCHRONIZE, FALSE, obj_name("event"));
    ok(!h3 && GetLastError() == ERROR_FILE_NOT_FOUND, "name after the last close: %p %lu\n", h3,
       GetLastError());
    SetLastError(0xdeadbeef);
    h3 = OpenEventW(SYNCHRONIZE, FALSE, L"oriel_sync_objects_no_such_event");
    ok(!h3 && GetLastError() == ERROR_FILE_NOT_FOUND, "OpenEventW missing: %p %lu\n", h3, GetLastError());
    SetLastError(0xdeadbeef);
    h3 = OpenMutexA(SYNCHRONIZE, FALSE, obj_name("nomutex"));
    ok(!h3 && GetLastError() == ERROR_FILE_NOT_FOUND, "OpenMutexA missing: %p %lu\n", h3, GetLastError());
    SetLastError(0xdeadbeef);
    h3 = OpenSemaphoreA(SYNCHRONIZE, FALSE, obj_name("nosem"));
    ok(!h3 && GetLastError() == ERROR_FILE_NOT_FOUND, "OpenSemaphoreA missing: %p %lu\n", h3, GetLastError());

    /* named mutex and semaphore */
    SetLastError(0xdeadbeef);
    h = CreateMutexA(NULL, TRUE, obj_name("mutex"));
    ok(h != NULL && GetLastError() == 0, "named mutex: %p %lu\n", h, GetLastError());
    SetLastError(0xdeadbeef);
    h2 = CreateMutexW(NULL, FALSE, NULL);
    CloseHandle(h2);
    h2 = OpenMutexA(MUTEX_ALL_ACCESS, FALSE, obj_name("mutex"));
    ok(h2 != NULL, "OpenMutexA: %lu\n", GetLastError());
    ok(ReleaseMutex(h2), "release through the opened handle: %lu\n", GetLastError());
    ok(!ReleaseMutex(h), "released once only\n");
    CloseHandle(h2);
    CloseHandle(h);

    h = CreateSemaphoreA(NULL, 0, 5, obj_name("sem"));
    ok(h != NULL, "named semaphore: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    h2 = CreateSemaphoreA(NULL, 3, 10, obj_name("sem"));
    ok(h2 != NULL && GetLastError() == ERROR_ALREADY_EXISTS, "existing semaphore: %p %lu\n", h2,
       GetLastError());
    ok(WaitForSingleObject(h2, 0) == WAIT_TIMEOUT, "the existing semaphore keeps its count\n");
    h3 = OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, obj_name("sem"));
    ok(h3 != NULL, "OpenSemaphoreA: %lu\n", GetLastError());
    ok(ReleaseSemaphore(h3, 5, NULL), "release through the opened handle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(h3, 1, NULL) && GetLastError() == ERROR_TOO_MANY_POSTS,
       "the first creation's maximum holds: %lu\n", GetLastError());
    CloseHandle(h3);
    CloseHandle(h2);
    CloseHandle(h);

    SetLastError(0xdeadbeef);
    h = OpenEventA(SYNCHRONIZE, FALSE, NULL);
    ok(!h && GetLastError() == ERROR_INVALID_PARAMETER, "OpenEventA(NULL): %p %lu\n", h, GetLastError());

    /* an empty name is no name: two creations give two objects */
    SetLastError(0xdeadbeef);
    h = CreateEventA(NULL, TRUE, FALSE, "");
    ok(h != NULL && GetLastError() == 0, "empty name: %p %lu\n", h, GetLastError());
    SetLastError(0xdeadbeef);
    h2 = CreateEventA(NULL, TRUE, TRUE, "");
    ok(h2 != NULL && GetLastError() == 0, "empty name again: %p %lu\n", h2, GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "distinct objects\n");
    CloseHandle(h);
    CloseHandle(h2);
}

static void test_wait_multiple(void)
{
    HANDLE ev[3], sem, handles[MAXIMUM_WAIT_OBJECTS + 1];
    DWORD r;

    for (int i = 0; i < 3; i++)
        ev[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(r == WAIT_TIMEOUT, "wait any, none set: %lu\n", r);
    SetEvent(ev[2]);
    SetEvent(ev[1]);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 1, "wait any returns the lowest index: %lu\n", r);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 2, "then the next one: %lu\n", r);
    r = WaitForMultipleObjectsEx(3, ev, FALSE, 0, FALSE);
    ok(r == WAIT_TIMEOUT, "all consumed: %lu\n", r);

    /* wait all consumes nothing until everything is signaled */
    SetEvent(ev[0]);
    SetEvent(ev[2]);
    r = WaitForMultipleObjects(3, ev, TRUE, 0);
    ok(r == WAIT_TIMEOUT, "wait all, one missing: %lu\n", r);
    ok(WaitForSingleObject(ev[0], 0) == WAIT_OBJECT_0, "wait all left ev[0] set\n");
    SetEvent(ev[0]);
    SetEvent(ev[1]);
    r = WaitForMultipleObjects(3, ev, TRUE, 0);
    ok(r == WAIT_OBJECT_0, "wait all: %lu\n", r);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(r == WAIT_TIMEOUT, "wait all consumed every auto-reset event: %lu\n", r);

    sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    handles[0] = sem;
    handles[1] = ev[0];
    r = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok(r == WAIT_TIMEOUT, "wait all with a reset event: %lu\n", r);
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0, "the semaphore kept its count\n");
    ReleaseSemaphore(sem, 1, NULL);

    /* mutex owned by us counts as signaled in a wait all */
    handles[1] = CreateMutexA(NULL, TRUE, NULL);
    r = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok(r == WAIT_OBJECT_0, "wait all semaphore + own mutex: %lu\n", r);
    ok(ReleaseMutex(handles[1]) && ReleaseMutex(handles[1]), "the wait took the mutex once more\n");
    CloseHandle(handles[1]);

    /* "The maximum number of object handles is MAXIMUM_WAIT_OBJECTS. This parameter cannot be zero." */
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        handles[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(0, handles, FALSE, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER, "0 handles: %lu %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, handles, FALSE, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER, "65 handles: %lu %lu\n", r,
       GetLastError());
    SetEvent(handles[MAXIMUM_WAIT_OBJECTS - 1]);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1, "64 handles, last set: %lu\n", r);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, TRUE, 0);
    ok(r == WAIT_TIMEOUT, "64 handles wait all: %lu\n", r);
    for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        SetEvent(handles[i]);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, TRUE, 0);
    ok(r == WAIT_OBJECT_0, "64 handles all set: %lu\n", r);
    for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        CloseHandle(handles[i]);

    /* "It may not contain multiple copies of the same handle": Windows rejects an object given twice to a
     * wait-all (STATUS_INVALID_PARAMETER_MIX); Wine 8.0 waits (broken). A wait-any does not mind. */
    handles[0] = handles[1] = ev[0];
    SetEvent(ev[0]);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok((r == WAIT_FAILED && GetLastError() == ERROR_INVALID_PARAMETER) || broken(r == WAIT_OBJECT_0),
       "one event twice, wait all: %lu %lu\n", r, GetLastError());
    SetEvent(ev[0]);
    r = WaitForMultipleObjects(2, handles, FALSE, 0);
    ok(r == WAIT_OBJECT_0, "one event twice, wait any: %lu\n", r);

    /* one bad handle fails the whole wait */
    handles[0] = ev[0];
    handles[1] = (HANDLE)(ULONG_PTR)0xdead0;
    SetEvent(ev[0]);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, handles, FALSE, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE, "bad second handle: %lu %lu\n", r,
       GetLastError());
    ok(WaitForSingleObject(ev[0], 0) == WAIT_OBJECT_0, "the failed wait consumed nothing\n");

    for (int i = 0; i < 3; i++)
        CloseHandle(ev[i]);
    CloseHandle(sem);
}

static void test_timeouts_and_errors(void)
{
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL), sem, mutex;
    DWORD start, elapsed, r;

    start = GetTickCount();
    r = WaitForSingleObject(ev, 200);
    elapsed = GetTickCount() - start;
    ok(r == WAIT_TIMEOUT, "timed wait: %lu\n", r);
    ok(elapsed >= 180 && elapsed < 3000, "waited %lu ms for 200\n", elapsed);
    start = GetTickCount();
    r = WaitForMultipleObjects(1, &ev, TRUE, 100);
    elapsed = GetTickCount() - start;
    ok(r == WAIT_TIMEOUT, "timed wait all: %lu\n", r);
    ok(elapsed >= 80 && elapsed < 3000, "waited %lu ms for 100\n", elapsed);

    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(NULL, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE, "NULL handle: %lu %lu\n", r,
       GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForSingleObject((HANDLE)(ULONG_PTR)0xdead0, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_INVALID_HANDLE, "bogus handle: %lu %lu\n", r,
       GetLastError());

    /* the process and thread are running: not signaled */
    r = WaitForSingleObject(GetCurrentProcess(), 0);
    ok(r == WAIT_TIMEOUT, "own process: %lu\n", r);
    r = WaitForSingleObject(GetCurrentThread(), 10);
    ok(r == WAIT_TIMEOUT, "own thread: %lu\n", r);

    /* functions applied to the wrong type */
    sem = CreateSemaphoreA(NULL, 0, 1, NULL);
    mutex = CreateMutexA(NULL, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(!SetEvent(sem) && GetLastError() == ERROR_INVALID_HANDLE, "SetEvent(semaphore): %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(ev) && GetLastError() == ERROR_INVALID_HANDLE, "ReleaseMutex(event): %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(mutex, 1, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "ReleaseSemaphore(mutex): %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetEvent(NULL) && GetLastError() == ERROR_INVALID_HANDLE, "SetEvent(NULL): %lu\n", GetLastError());

    /* SignalObjectAndWait */
    r = SignalObjectAndWait(ev, ev, 0, FALSE);
    ok(r == WAIT_OBJECT_0, "signal and wait on one event: %lu\n", r);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "the wait consumed the signal\n");
    r = SignalObjectAndWait(sem, ev, 0, FALSE);
    ok(r == WAIT_TIMEOUT, "signal semaphore, wait event: %lu\n", r);
    ok(WaitForSingleObject(sem, 0) == WAIT_OBJECT_0, "the semaphore was released\n");
    ok(WaitForSingleObject(mutex, 0) == WAIT_OBJECT_0, "take the mutex\n");
    r = SignalObjectAndWait(mutex, sem, 0, FALSE);
    ok(r == WAIT_TIMEOUT, "release mutex, wait semaphore: %lu\n", r);
    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(mutex) && GetLastError() == ERROR_NOT_OWNER, "SignalObjectAndWait released the mutex\n");
    ReleaseSemaphore(sem, 1, NULL);
    SetLastError(0xdeadbeef);
    r = SignalObjectAndWait(sem, ev, 0, FALSE);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_TOO_MANY_POSTS, "signal a full semaphore: %lu %lu\n", r,
       GetLastError());

    CloseHandle(ev);
    CloseHandle(sem);
    CloseHandle(mutex);
}

static void test_access(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, obj_name("access")), sem = CreateSemaphoreA(NULL, 1, 2, NULL);
    HANDLE mutex = CreateMutexA(NULL, FALSE, NULL), h;
    DWORD r;

    ok(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &h, SYNCHRONIZE, FALSE, 0),
       "DuplicateHandle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetEvent(h) && GetLastError() == ERROR_ACCESS_DENIED, "SetEvent without EVENT_MODIFY_STATE: %lu\n",
       GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ResetEvent(h) && GetLastError() == ERROR_ACCESS_DENIED,
       "ResetEvent without EVENT_MODIFY_STATE: %lu\n", GetLastError());
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_TIMEOUT, "wait with SYNCHRONIZE: %lu\n", r);
    CloseHandle(h);

    ok(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &h, EVENT_MODIFY_STATE, FALSE, 0),
       "DuplicateHandle: %lu\n", GetLastError());
    ok(SetEvent(h), "SetEvent with EVENT_MODIFY_STATE: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED, "wait without SYNCHRONIZE: %lu %lu\n", r,
       GetLastError());
    CloseHandle(h);

    h = OpenEventA(EVENT_MODIFY_STATE, FALSE, obj_name("access"));
    ok(h != NULL, "OpenEventA: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(1, &h, FALSE, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED, "opened without SYNCHRONIZE: %lu %lu\n", r,
       GetLastError());
    ok(ResetEvent(h), "ResetEvent: %lu\n", GetLastError());
    CloseHandle(h);

    ok(DuplicateHandle(GetCurrentProcess(), sem, GetCurrentProcess(), &h, SYNCHRONIZE, FALSE, 0),
       "DuplicateHandle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!ReleaseSemaphore(h, 1, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "ReleaseSemaphore without SEMAPHORE_MODIFY_STATE: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    r = SignalObjectAndWait(h, ev, 0, FALSE);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED,
       "SignalObjectAndWait without access: %lu %lu\n", r, GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "wait with SYNCHRONIZE\n");
    CloseHandle(h);

    ok(DuplicateHandle(GetCurrentProcess(), mutex, GetCurrentProcess(), &h, MUTANT_QUERY_STATE, FALSE, 0),
       "DuplicateHandle: %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(h, 0);
    ok(r == WAIT_FAILED && GetLastError() == ERROR_ACCESS_DENIED, "mutex wait without SYNCHRONIZE: %lu %lu\n",
       r, GetLastError());
    CloseHandle(h);

    CloseHandle(ev);
    CloseHandle(sem);
    CloseHandle(mutex);
}

START_TEST(sync_objects)
{
    snprintf(prefix, sizeof(prefix), "oriel_sync_objects_%lu", GetCurrentProcessId());
    test_events();
    test_semaphores();
    test_mutexes();
    test_named();
    test_wait_multiple();
    test_timeouts_and_errors();
    test_access();
}
