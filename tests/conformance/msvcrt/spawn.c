/*
 * The _spawn family and _cwait: this program runs itself in a child mode (`spawn.exe child MODE ...`).
 * The CRT joins the arguments with spaces without quoting them.
 */
#include "test.h"
#include <process.h>

static char self_path[MAX_PATH];

static void child_main(int argc, char **argv)
{
    if (!strcmp(argv[2], "exit") && argc > 3)
        exit(atoi(argv[3]));
    if (!strcmp(argv[2], "argc"))
        exit(argc);
    if (!strcmp(argv[2], "env") && argc > 3) {
        const char *v = getenv(argv[3]);
        exit(v ? (int)strlen(v) : 99);
    }
    exit(255);
}

static void test_spawn(void)
{
    const char *args[6];
    const char *env[] = {"ORIEL_SPAWN=12345", NULL};
    char dir[MAX_PATH], name[MAX_PATH], old_dir[MAX_PATH], *p;
    intptr_t ret, h;
    int status;

    args[0] = "prog"; /* argv[0] is just text: keep it free of spaces */
    args[1] = "child";
    args[2] = "exit";
    args[3] = "7";
    args[4] = NULL;
    ret = _spawnv(_P_WAIT, self_path, args);
    ok(ret == 7, "_spawnv(_P_WAIT) returned %Id\n", ret);

    ret = _spawnl(_P_WAIT, self_path, "prog", "child", "exit", "9", NULL);
    ok(ret == 9, "_spawnl returned %Id\n", ret);

    /* no quoting: "a b" is two arguments in the child */
    ret = _spawnl(_P_WAIT, self_path, "prog", "child", "argc", "a b", NULL);
    ok(ret == 5, "child argc %Id\n", ret);

    args[2] = "env";
    args[3] = "ORIEL_SPAWN";
    ret = _spawnve(_P_WAIT, self_path, args, env);
    ok(ret == 5, "_spawnve: child saw a value of length %Id\n", ret);

    args[2] = "exit";
    args[3] = "11";
    h = _spawnv(_P_NOWAIT, self_path, args);
    ok(h != -1 && h != 0, "_spawnv(_P_NOWAIT) returned %Id\n", h);
    status = -1;
    ret = _cwait(&status, h, 0);
    ok(ret == h, "_cwait returned %Id, expected %Id\n", ret, h);
    ok(status == 11, "_cwait status %d\n", status);

    /* _spawnvp finds a bare name in the current directory; ".exe" may be left out */
    strcpy(dir, self_path);
    p = strrchr(dir, '\\');
    strcpy(name, p + 1);
    *p = 0;
    p = strrchr(name, '.');
    if (p)
        *p = 0;
    GetCurrentDirectoryA(sizeof(old_dir), old_dir);
    SetCurrentDirectoryA(dir);
    args[0] = name;
    args[3] = "13";
    ret = _spawnvp(_P_WAIT, name, args);
    ok(ret == 13, "_spawnvp of '%s' returned %Id (errno %d)\n", name, ret, errno);
    SetCurrentDirectoryA(old_dir);

    errno = 0;
    ret = _spawnl(_P_WAIT, "C:\\no\\such\\oriel_prog.exe", "x", NULL);
    ok(ret == -1, "missing program: %Id\n", ret);
    ok(errno == ENOENT, "errno %d\n", errno);
}

START_TEST(spawn)
{
    if (test_argc >= 3 && !strcmp(test_argv[1], "child"))
        child_main(test_argc, test_argv);
    GetModuleFileNameA(NULL, self_path, sizeof(self_path));
    test_spawn();
}
