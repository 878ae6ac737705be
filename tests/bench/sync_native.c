/*
 * Synchronization benchmark, native Linux side: the measurements of tests/bench/sync.c with the host's
 * primitives, as the floor oriel is compared with (tests/bench/sync_run).
 *
 *     mutex     pthread_mutex_lock + unlock (a Windows mutex is a kernel object; this is the cheapest lock)
 *     event     ping-pong between two threads over two futex-based auto-reset events
 *     critsect  pthread_mutex_lock + unlock (what a critical section should cost: the 1.5x target)
 *     thread    pthread_create + pthread_join
 *     spawn     fork + exec of this program in `child` mode + waitpid
 *
 *     sync_native [BENCH...] [-t SECONDS]   prints `NAME OPS_PER_SECOND COUNT` per benchmark
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds = 1.0;
static char self[4096];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void report(const char *name, unsigned long long count, double elapsed)
{
    printf("%s %.0f %llu\n", name, count / elapsed, count);
    fflush(stdout);
}

static void fail(const char *name, const char *what)
{
    printf("%s failed: %s (%s)\n", name, what, strerror(errno));
    fflush(stdout);
    exit(1);
}

#define TIMED_LOOP(name, batch, min_count, op)                                                               \
    do {                                                                                                     \
        unsigned long long count_ = 0;                                                                       \
        double start_ = now(), elapsed_;                                                                     \
        do {                                                                                                 \
            for (int i_ = 0; i_ < (batch); i_++) {                                                           \
                op;                                                                                          \
            }                                                                                                \
            count_ += (batch);                                                                               \
            elapsed_ = now() - start_;                                                                       \
        } while (elapsed_ < seconds || count_ < (min_count));                                                \
        report(name, count_, elapsed_);                                                                      \
    } while (0)

static void bench_mutex(const char *name)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    static volatile long sink;
    TIMED_LOOP(name, 10000, 10000, {
        pthread_mutex_lock(&m);
        sink++;
        pthread_mutex_unlock(&m);
    });
}

/* auto-reset event: 0 = clear, 1 = set */
static atomic_int ping, pong, stop_pong;

static void event_set(atomic_int *ev)
{
    atomic_store(ev, 1);
    syscall(SYS_futex, ev, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void event_wait(atomic_int *ev)
{
    int one = 1;
    while (!atomic_compare_exchange_strong(ev, &one, 0)) {
        syscall(SYS_futex, ev, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
        one = 1;
    }
}

static void *pong_thread(void *arg)
{
    for (;;) {
        event_wait(&ping);
        if (atomic_load(&stop_pong))
            return NULL;
        event_set(&pong);
    }
}

static void bench_event(const char *name)
{
    pthread_t th;
    if (pthread_create(&th, NULL, pong_thread, NULL))
        fail(name, "pthread_create");
    TIMED_LOOP(name, 100, 100, {
        event_set(&ping);
        event_wait(&pong);
    });
    atomic_store(&stop_pong, 1);
    event_set(&ping);
    pthread_join(th, NULL);
}

static void *empty_thread(void *arg)
{
    return NULL;
}

static void bench_thread(const char *name)
{
    TIMED_LOOP(name, 10, 10, {
        pthread_t th;
        if (pthread_create(&th, NULL, empty_thread, NULL))
            fail(name, "pthread_create");
        pthread_join(th, NULL);
    });
}

static void bench_spawn(const char *name)
{
    TIMED_LOOP(name, 1, 5, {
        int status;
        pid_t pid = fork();
        if (pid < 0)
            fail(name, "fork");
        if (!pid) {
            execl(self, self, "child", (char *)NULL);
            _exit(127);
        }
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
            fail(name, "child");
    });
}

static const struct {
    const char *name;
    void (*fn)(const char *);
} benches[] = {
    {"mutex", bench_mutex},   {"event", bench_event}, {"critsect", bench_mutex},
    {"thread", bench_thread}, {"spawn", bench_spawn},
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

int main(int argc, char **argv)
{
    int selected[NBENCH] = {0}, any = 0;

    if (argc > 1 && !strcmp(argv[1], "child"))
        return 0;
    if (!realpath("/proc/self/exe", self))
        snprintf(self, sizeof(self), "%s", argv[0]);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            seconds = atof(argv[++i]);
            continue;
        }
        size_t j;
        for (j = 0; j < NBENCH; j++)
            if (!strcmp(argv[i], benches[j].name))
                break;
        if (j == NBENCH) {
            fprintf(stderr, "usage: sync_native [mutex|event|critsect|thread|spawn]... [-t SECONDS]\n");
            return 2;
        }
        selected[j] = any = 1;
    }
    for (size_t j = 0; j < NBENCH; j++)
        if (!any || selected[j])
            benches[j].fn(benches[j].name);
    return 0;
}
