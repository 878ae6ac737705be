/* Runs itself as a child (CreateProcessA), captures the child's stdout and stderr through an anonymous
 * pipe (CreatePipe + STARTF_USESTDHANDLES), waits for it and prints what it wrote and its exit code. */
#include <stdio.h>
#include <string.h>
#include <windows.h>

int main(int argc, char **argv)
{
    SECURITY_ATTRIBUTES sa = {sizeof(sa), NULL, TRUE};
    STARTUPINFOA si = {sizeof(si)};
    PROCESS_INFORMATION pi;
    char self[MAX_PATH], cmd[MAX_PATH + 64], out[4096];
    DWORD total = 0, got, code = 0;
    HANDLE rd, wr;

    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("child: argc=%d\n", argc);
        for (int i = 2; i < argc; i++)
            printf("child: argv[%d]=%s\n", i, argv[i]);
        fflush(stdout);
        fprintf(stderr, "child: on stderr\n");
        return 42;
    }

    if (!CreatePipe(&rd, &wr, &sa, 0)) {
        printf("CreatePipe failed: %lu\n", GetLastError());
        return 1;
    }
    /* only the write end goes to the child: the read end must see the end of the data */
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(cmd, sizeof(cmd), "\"%s\" child \"two words\" plain", self);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = wr;
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        printf("CreateProcess failed: %lu\n", GetLastError());
        return 1;
    }
    CloseHandle(wr);
    while (total < sizeof(out) - 1 && ReadFile(rd, out + total, sizeof(out) - 1 - total, &got, NULL) && got)
        total += got;
    out[total] = 0;
    CloseHandle(rd);
    if (WaitForSingleObject(pi.hProcess, 10000) != WAIT_OBJECT_0) {
        printf("the child did not exit\n");
        TerminateProcess(pi.hProcess, 1);
    }
    GetExitCodeProcess(pi.hProcess, &code);
    printf("parent: pid and tid non-zero: %s\n", pi.dwProcessId && pi.dwThreadId ? "yes" : "no");
    printf("parent: the child wrote %lu bytes:\n%s", total, out);
    printf("parent: exit code %lu\n", code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return 0;
}
