/*
 * oriel: the launcher.
 *
 *     oriel [options] PROGRAM [ARGS...]
 *
 * It validates the program with the PE library before anything else (so a bad file gets one clear
 * line and exit status 1 without starting a server), finds or creates the prefix, locates the
 * builtin DLLs and the server relative to its own binary, and hands over to ntdll.dll.so through
 * __oriel_start (include/oriel/launcher.h). See docs/launcher.md.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher_private.h"
#include "oriel/debug.h"
#include "oriel/launcher.h"
#include "pe.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(launcher);

static void usage(FILE *out)
{
    fprintf(out, "Usage: oriel [options] PROGRAM [ARGS...]\n"
                 "Run the Windows x64 program PROGRAM (a PE32+ .exe; \".exe\" may be omitted).\n"
                 "\n"
                 "Options:\n"
                 "  --check-imports PROGRAM  list the imports of PROGRAM that no module provides\n"
                 "                           (one DLL!Function a line); exit 0 if all resolve, else 1\n"
                 "  --help                   show this help and exit\n"
                 "  --version                show the version and exit\n"
                 "  --                       end of options\n"
                 "\n"
                 "Environment:\n"
                 "  ORIEL_PREFIX   prefix directory (default ~/.oriel; created when absent)\n"
                 "  ORIEL_DEBUG    debug channels, e.g. +relay,+loaddll,warn+all,-all\n"
                 "  ORIEL_DLLDIR   directory of the builtin DLLs (default: found from the oriel binary)\n"
                 "  ORIEL_SERVER   oriel-server binary to start (default: found from the oriel binary)\n");
}

static char *self_dir(void)
{
    char path[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (len <= 0)
        return NULL;
    path[len] = 0;
    char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    *slash = 0;
    return strdup(path[0] ? path : "/");
}

static char *absolute(const char *path)
{
    char *res = realpath(path, NULL);
    return res ? res : strdup(path);
}

static int has_ntdll(const char *dir)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/ntdll/ntdll.dll.so", dir);
    if (!access(path, R_OK))
        return 1;
    snprintf(path, sizeof(path), "%s/ntdll.dll.so", dir);
    return !access(path, R_OK);
}

/* The builtin DLL directory: ORIEL_DLLDIR, else ../dlls (build tree), else ../lib/oriel (installed). */
static char *find_dll_dir(const char *self)
{
    const char *env = getenv(ORIEL_ENV_DLLDIR);
    char path[PATH_MAX];

    if (env && *env)
        return absolute(env);
    if (!self)
        return NULL;
    static const char *const candidates[] = {"%s/../dlls", "%s/../lib/oriel", "%s/dlls"};
    for (unsigned int i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        snprintf(path, sizeof(path), candidates[i], self);
        if (has_ntdll(path))
            return absolute(path);
    }
    return NULL;
}

static char *find_server(const char *self)
{
    const char *env = getenv(ORIEL_ENV_SERVER);
    char path[PATH_MAX];

    if (env && *env)
        return absolute(env);
    if (!self)
        return NULL;
    static const char *const candidates[] = {"%s/../server/oriel-server", "%s/oriel-server",
                                             "%s/../lib/oriel/oriel-server"};
    for (unsigned int i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        snprintf(path, sizeof(path), candidates[i], self);
        if (!access(path, X_OK))
            return absolute(path);
    }
    return NULL;
}

static int ends_with_exe(const char *name)
{
    size_t len = strlen(name);
    return len >= 4 && !strcasecmp(name + len - 4, ".exe");
}

/* Checks that `name` (or name.exe) is a loadable x86_64 PE32+ program; prints one line on error.
 * Returns the absolute path of the file or NULL. */
static char *validate_program(const char *name)
{
    struct stat st;
    char *path = strdup(name);
    int err;

    if (stat(path, &st) < 0) {
        err = errno;
        if (err == ENOENT && !ends_with_exe(name)) {
            char *with_exe;
            if (asprintf(&with_exe, "%s.exe", name) >= 0) {
                if (!stat(with_exe, &st)) {
                    free(path);
                    path = with_exe;
                    goto found;
                }
                free(with_exe);
            }
        }
        fprintf(stderr, "oriel: %s: %s\n", name, strerror(err));
        free(path);
        return NULL;
    }
found:
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "oriel: %s: is a directory\n", path);
        free(path);
        return NULL;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "oriel: %s: %s\n", path, strerror(errno));
        free(path);
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "oriel: %s: not a regular file\n", path);
        close(fd);
        free(path);
        return NULL;
    }
    enum pe_error pe_err = PE_ERR_TOO_SMALL;
    void *data = NULL;
    if (st.st_size > 0) {
        data = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (data == MAP_FAILED) {
            fprintf(stderr, "oriel: %s: %s\n", path, strerror(errno));
            close(fd);
            free(path);
            return NULL;
        }
        struct pe_file pe;
        pe_err = pe_file_open(&pe, data, st.st_size);
        if (pe_err == PE_OK && (pe.nt->FileHeader.Characteristics & IMAGE_FILE_DLL)) {
            munmap(data, st.st_size);
            close(fd);
            fprintf(stderr, "oriel: %s: is a DLL, not a program\n", path);
            free(path);
            return NULL;
        }
        munmap(data, st.st_size);
    }
    close(fd);
    if (pe_err != PE_OK) {
        fprintf(stderr, "oriel: %s: %s\n", path, pe_strerror(pe_err));
        free(path);
        return NULL;
    }
    char *abs = absolute(path);
    free(path);
    return abs;
}

int main(int argc, char **argv)
{
    unsigned int mode = ORIEL_START_RUN;
    int i;

    for (i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--")) {
            i++;
            break;
        }
        if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strcmp(arg, "--version")) {
            printf("oriel %s\n", ORIEL_VERSION);
            return 0;
        }
        if (!strcmp(arg, "--check-imports")) {
            mode = ORIEL_START_CHECK_IMPORTS;
            continue;
        }
        if (arg[0] == '-' && arg[1]) {
            fprintf(stderr, "oriel: unknown option %s (try --help)\n", arg);
            return 2;
        }
        break;
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }

    char *exe = validate_program(argv[i]);
    if (!exe)
        return 1;

    char *self = self_dir();
    char *dll_dir = find_dll_dir(self);
    if (!dll_dir || !has_ntdll(dll_dir)) {
        fprintf(stderr, "oriel: cannot find the builtin DLLs (ntdll.dll.so)%s%s; set ORIEL_DLLDIR\n",
                dll_dir ? " in " : "", dll_dir ? dll_dir : "");
        return 1;
    }
    char *server = find_server(self);
    char *prefix = prefix_find();
    static char user[256];
    if (!prefix || prefix_setup(prefix, dll_dir, user, sizeof(user)) < 0)
        return 1;

    /* Children (and ntdll's server client) see the same configuration. */
    setenv(ORIEL_ENV_PREFIX, prefix, 1);
    setenv(ORIEL_ENV_DLLDIR, dll_dir, 1);
    if (server)
        setenv(ORIEL_ENV_SERVER, server, 1);

    char ntdll_path[PATH_MAX];
    snprintf(ntdll_path, sizeof(ntdll_path), "%s/ntdll/ntdll.dll.so", dll_dir);
    if (access(ntdll_path, R_OK))
        snprintf(ntdll_path, sizeof(ntdll_path), "%s/ntdll.dll.so", dll_dir);
    void *ntdll = dlopen(ntdll_path, RTLD_NOW | RTLD_LOCAL);
    if (!ntdll) {
        fprintf(stderr, "oriel: cannot load %s: %s\n", ntdll_path, dlerror());
        return 1;
    }
    oriel_start_func start = (oriel_start_func)dlsym(ntdll, ORIEL_START_SYMBOL);
    if (!start) {
        fprintf(stderr, "oriel: %s has no %s entry point\n", ntdll_path, ORIEL_START_SYMBOL);
        return 1;
    }

    static struct oriel_start_params params;
    params.version = ORIEL_START_PARAMS_VERSION;
    params.mode = mode;
    params.exe_path = exe;
    params.argc = argc - i - 1;
    params.argv = argv + i + 1;
    params.prefix = prefix;
    params.dll_dir = dll_dir;
    params.server_path = server;
    params.user_name = user;
    TRACE("starting %s (%d args)\n", exe, params.argc);
    start(&params);
}
