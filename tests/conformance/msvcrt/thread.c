/*
 * msvcrt threads: _beginthreadex starts a thread whose errno and rand state are its own, and whose exit
 * code is the start routine's return value.
 */
#include "test.h"
#include <errno.h>
#include <process.h>

static volatile int child_errno_seen = -1, child_rand = -1;

static unsigned __stdcall child(void *arg)
{
    child_errno_seen = errno; /* a new thread starts with errno 0 */
    errno = ERANGE;
    child_rand = rand(); /* a new thread starts with seed 1 */
    return (unsigned)(UINT_PTR)arg;
}

START_TEST(thread)
{
    if (!GetProcAddress(GetModuleHandleA("kernel32.dll"), "CreateThread")) {
        skip("CreateThread not available\n");
        return;
    }
    srand(1234);
    rand();
    errno = EDOM;
    unsigned tid = 0;
    HANDLE h = (HANDLE)_beginthreadex(NULL, 0, child, (void *)(UINT_PTR)77, 0, &tid);
    ok(h != NULL && tid != 0, "_beginthreadex failed, errno %d\n", errno);
    if (!h)
        return;
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "thread did not finish\n");
    DWORD code = 0;
    ok(GetExitCodeThread(h, &code) && code == 77, "exit code %lu\n", code);
    CloseHandle(h);
    ok(child_errno_seen == 0, "child started with errno %d\n", child_errno_seen);
    ok(child_rand == 41, "child rand() %d: the seed is per thread\n", child_rand);
    ok(errno == EDOM, "the child changed this thread's errno: %d\n", errno);
}
