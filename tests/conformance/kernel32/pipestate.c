/*
 * GetNamedPipeHandleState on anonymous pipes (CreatePipe): both ends are blocking byte-mode pipes with
 * one instance; other handles fail.
 */
#include "test.h"

START_TEST(pipestate)
{
    HANDLE rd, wr, file;
    DWORD state, instances;
    char path[MAX_PATH], dir[MAX_PATH];

    ok(CreatePipe(&rd, &wr, NULL, 0), "CreatePipe failed %lu\n", GetLastError());
    state = instances = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ok(GetNamedPipeHandleStateA(rd, &state, &instances, NULL, NULL, NULL, 0), "read end failed %lu\n",
       GetLastError());
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu\n", GetLastError());
    ok(state == (PIPE_WAIT | PIPE_READMODE_BYTE), "read end state %lx\n", state);
    ok(instances == 1, "read end instances %lu\n", instances);
    state = instances = 0xdeadbeef;
    ok(GetNamedPipeHandleStateW(wr, &state, &instances, NULL, NULL, NULL, 0), "write end failed %lu\n",
       GetLastError());
    ok(state == (PIPE_WAIT | PIPE_READMODE_BYTE) && instances == 1, "write end state %lx instances %lu\n",
       state, instances);
    ok(GetNamedPipeHandleStateA(rd, NULL, NULL, NULL, NULL, NULL, 0), "no outputs failed %lu\n",
       GetLastError());

    GetTempPathA(sizeof(dir), dir);
    sprintf(path, "%soriel_pipestate.tmp", dir);
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFile failed %lu\n", GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetNamedPipeHandleStateA(file, &state, NULL, NULL, NULL, NULL, 0), "a file is a pipe\n");
    ok(GetLastError() == ERROR_INVALID_FUNCTION, "file: error %lu\n", GetLastError());
    CloseHandle(file);

    SetLastError(0xdeadbeef);
    ok(!GetNamedPipeHandleStateA(NULL, &state, NULL, NULL, NULL, NULL, 0), "NULL is a pipe\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu\n", GetLastError());
    CloseHandle(rd);
    CloseHandle(wr);
}
