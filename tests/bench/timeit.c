/* timeit: run a command N times and print the median, minimum and maximum wall time in ms.
 *
 *   timeit [-n RUNS] [-w WARMUP] [-t TIMEOUT_S] [-s STATUS] [-p PREPARE] -- COMMAND [ARGS...]
 *          [::: COMMAND [ARGS...]]...
 *
 * Several commands separated by ":::" are measured interleaved (run 1 of each, run 2 of each ...).
 * Each run is timed with CLOCK_MONOTONIC from just before posix_spawn to the child's exit; its
 * stdin and stdout are /dev/null. PREPARE (a shell command) runs untimed before every timed run,
 * e.g. to stop a server for cold start-up figures. A run that exceeds TIMEOUT_S is killed with its
 * process group and makes timeit fail, as does an exit status other than STATUS, so a benchmark
 * never hangs and never times a broken program. Output: "MEDIAN MIN MAX", a line per command
 * ("n/a" for a command that failed; the exit status is then 1). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Returns the elapsed ms, or -1 after printing why the run failed. */
static double run_once(char **cmd, double timeout_ms, int want_status)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t chld, empty;
    double start, elapsed;
    int status, err;
    pid_t pid;

    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigemptyset(&empty);
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setsigmask(&attr, &empty);

    start = now_ms();
    err = posix_spawnp(&pid, cmd[0], &actions, &attr, cmd, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (err) {
        fprintf(stderr, "timeit: cannot run %s: %s\n", cmd[0], strerror(err));
        return -1;
    }
    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid)
            break;
        double left = start + timeout_ms - now_ms();
        if (left <= 0) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            fprintf(stderr, "timeit: %s timed out after %.0f s\n", cmd[0], timeout_ms / 1e3);
            return -1;
        }
        struct timespec ts = {(time_t)(left / 1e3), (long)((left - (time_t)(left / 1e3) * 1e3) * 1e6)};
        /* SIGCHLD is blocked, so this wakes exactly when a child changes state (or on timeout) */
        if (sigtimedwait(&chld, NULL, &ts) == -1 && errno != EAGAIN && errno != EINTR) {
            perror("timeit: sigtimedwait");
            return -1;
        }
    }
    elapsed = now_ms() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != want_status) {
        if (WIFEXITED(status))
            fprintf(stderr, "timeit: %s exited with %d, expected %d\n", cmd[0], WEXITSTATUS(status),
                    want_status);
        else
            fprintf(stderr, "timeit: %s killed by signal %d\n", cmd[0], WTERMSIG(status));
        return -1;
    }
    return elapsed;
}

#define MAX_COMMANDS 8

int main(int argc, char **argv)
{
    int runs = 10, warmup = 0, want_status = 0, opt, ncmd = 0, status = 0;
    double timeout_ms = 30000, *times[MAX_COMMANDS];
    char **cmds[MAX_COMMANDS];
    int dead[MAX_COMMANDS] = {0};
    const char *prepare = NULL;
    sigset_t chld;

    while ((opt = getopt(argc, argv, "+n:w:t:s:p:")) != -1) {
        switch (opt) {
        case 'n':
            runs = atoi(optarg);
            break;
        case 'w':
            warmup = atoi(optarg);
            break;
        case 't':
            timeout_ms = atof(optarg) * 1e3;
            break;
        case 's':
            want_status = atoi(optarg);
            break;
        case 'p':
            prepare = optarg;
            break;
        default:
            fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] [-t TIMEOUT_S] [-s STATUS] [-p PREPARE] "
                            "-- COMMAND [ARGS...] [::: COMMAND [ARGS...]]...\n");
            return 2;
        }
    }
    if (optind >= argc || runs < 1) {
        fprintf(stderr, "timeit: no command given\n");
        return 2;
    }
    /* Several commands (separated by ":::") are interleaved run by run, so that a change in the
     * machine's load during the measurement affects them all alike. */
    cmds[ncmd++] = argv + optind;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], ":::"))
            continue;
        argv[i] = NULL;
        if (ncmd == MAX_COMMANDS || i + 1 >= argc) {
            fprintf(stderr, "timeit: too many or empty commands\n");
            return 2;
        }
        cmds[ncmd++] = argv + i + 1;
    }
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    for (int c = 0; c < ncmd; c++)
        if (!(times[c] = calloc(runs, sizeof(double))))
            return 1;
    for (int i = 0; i < warmup; i++)
        for (int c = 0; c < ncmd; c++)
            if (!dead[c] && run_once(cmds[c], timeout_ms, want_status) < 0)
                dead[c] = 1;
    for (int i = 0; i < runs; i++) {
        for (int c = 0; c < ncmd; c++) {
            if (dead[c])
                continue;
            if (prepare) {
                int st = system(prepare);
                if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
                    fprintf(stderr, "timeit: preparation command failed: %s\n", prepare);
                    return 1;
                }
            }
            if ((times[c][i] = run_once(cmds[c], timeout_ms, want_status)) < 0)
                dead[c] = 1;
        }
    }
    /* one line per command: "MEDIAN MIN MAX", or "n/a" for a command that failed */
    for (int c = 0; c < ncmd; c++) {
        double *t = times[c];
        if (dead[c]) {
            printf("n/a\n");
            status = 1;
            continue;
        }
        qsort(t, runs, sizeof(double), cmp_double);
        printf("%.3f %.3f %.3f\n", runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0],
               t[runs - 1]);
    }
    return status;
}
