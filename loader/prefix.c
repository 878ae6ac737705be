/*
 * Prefix discovery and creation for the launcher.
 *
 * Creation must stay well under a second and be idempotent: every step is "create if absent"
 * (mkdir/EEXIST, O_CREAT|O_EXCL, symlink/EEXIST), so running it on a complete prefix costs a few
 * syscalls per builtin DLL and repairs an incomplete one.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "launcher_private.h"
#include "oriel/debug.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(launcher);

static const char *user_name(void)
{
    const char *user = getenv("USER");
    if (user && *user && !strchr(user, '/'))
        return user;
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name && *pw->pw_name)
        return pw->pw_name;
    return "user";
}

char *prefix_find(void)
{
    const char *env = getenv("ORIEL_PREFIX");
    char *path;

    if (env && *env) {
        if (env[0] == '/')
            return strdup(env);
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd))) {
            fprintf(stderr, "oriel: cannot get the current directory: %s\n", strerror(errno));
            return NULL;
        }
        if (asprintf(&path, "%s/%s", cwd, env) < 0)
            return NULL;
        return path;
    }
    const char *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : NULL;
    }
    if (!home || home[0] != '/') {
        fprintf(stderr, "oriel: cannot find the home directory; set ORIEL_PREFIX\n");
        return NULL;
    }
    if (asprintf(&path, "%s/.oriel", home) < 0)
        return NULL;
    return path;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "oriel: cannot create %s: %s\n", path, strerror(errno));
    return -1;
}

static int make_dirf(const char *fmt, const char *a, const char *b)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), fmt, a, b);
    return make_dir(path);
}

static int make_link(const char *target, const char *path)
{
    struct stat st;
    if (!lstat(path, &st))
        return 0; /* keep whatever the user configured */
    if (symlink(target, path) == 0 || errno == EEXIST)
        return 0;
    fprintf(stderr, "oriel: cannot create %s: %s\n", path, strerror(errno));
    return -1;
}

static void make_placeholder(const char *sysdir, const char *dll)
{
    char *path;
    if (asprintf(&path, "%s/%s.dll", sysdir, dll) < 0)
        return;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0)
        close(fd);
    free(path);
}

/* One placeholder per builtin: DIR/NAME/NAME.dll.so (build tree) or DIR/NAME.dll.so (installed). */
static void make_placeholders(const char *sysdir, const char *dll_dir)
{
    DIR *dir = opendir(dll_dir);
    struct dirent *de;
    char path[PATH_MAX];

    if (!dir)
        return;
    while ((de = readdir(dir))) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (name[0] == '.')
            continue;
        if (len > 7 && !strcmp(name + len - 7, ".dll.so")) {
            char base[NAME_MAX + 1];
            memcpy(base, name, len - 7);
            base[len - 7] = 0;
            make_placeholder(sysdir, base);
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s/%s.dll.so", dll_dir, name, name);
        if (!access(path, F_OK))
            make_placeholder(sysdir, name);
    }
    closedir(dir);
}

/* What a complete prefix was last set up for: the oriel version, the builtin DLL directory and its
 * modification time (a DLL added or removed changes it) and the uid. While the stamp matches,
 * start-up skips the whole setup (one read instead of dozens of system calls), like Wine's
 * .update-timestamp; a prefix edited by hand since is not repaired until the stamp changes. */
static int setup_stamp(const char *dll_dir, char *buf, size_t size)
{
    struct stat st;
    long long mtime =
        dll_dir && !stat(dll_dir, &st) ? (long long)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : 0;
    int n = snprintf(buf, size, "oriel %s\ndlls %s %lld\nuid %u\n", ORIEL_VERSION, dll_dir ? dll_dir : "",
                     mtime, (unsigned)getuid());
    return n > 0 && (size_t)n < size;
}

/* Compares the stamp's key lines and returns the user name recorded after them in user. */
static int stamp_matches(const char *prefix, const char *stamp, char *user, size_t user_size)
{
    char path[PATH_MAX], buf[PATH_MAX + 256];
    ssize_t len;
    int fd;

    if (snprintf(path, sizeof(path), "%s/.oriel-setup", prefix) >= (int)sizeof(path))
        return 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return 0;
    len = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (len < 0)
        return 0;
    buf[len] = 0;
    size_t key_len = strlen(stamp);
    char *name = buf + key_len, *end;
    if (strncmp(buf, stamp, key_len) || strncmp(name, "user ", 5) || !(end = strchr(name + 5, '\n')) ||
        end[1] || end == name + 5 || (size_t)(end - name - 5) >= user_size)
        return 0;
    memcpy(user, name + 5, end - name - 5);
    user[end - name - 5] = 0;
    return 1;
}

static void write_stamp(const char *prefix, const char *key, const char *user)
{
    char path[PATH_MAX], tmp[PATH_MAX], stamp[PATH_MAX + 512];
    int fd;

    if (snprintf(stamp, sizeof(stamp), "%suser %s\n", key, user) >= (int)sizeof(stamp))
        return;
    if (snprintf(path, sizeof(path), "%s/.oriel-setup", prefix) >= (int)sizeof(path) ||
        snprintf(tmp, sizeof(tmp), "%s/.oriel-setup.%d", prefix, (int)getpid()) >= (int)sizeof(tmp))
        return;
    if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
        return;
    if (write(fd, stamp, strlen(stamp)) != (ssize_t)strlen(stamp) || close(fd) || rename(tmp, path))
        unlink(tmp);
}

int prefix_setup(const char *prefix, const char *dll_dir, char *user_out, size_t user_size)
{
    char sysdir[PATH_MAX], stamp[PATH_MAX + 256];
    int have_stamp = setup_stamp(dll_dir, stamp, sizeof(stamp));

    TRACE("prefix %s, dlls %s\n", prefix, dll_dir);
    if (have_stamp && stamp_matches(prefix, stamp, user_out, user_size))
        return 0;
    const char *user = user_name(); /* the stamp keeps it: looking it up costs a passwd lookup */
    snprintf(user_out, user_size, "%s", user);
    if (make_dir(prefix) < 0)
        return -1;
    if (make_dirf("%s/drive_c", prefix, NULL) < 0 || make_dirf("%s/drive_c/windows", prefix, NULL) < 0 ||
        make_dirf("%s/drive_c/windows/system32", prefix, NULL) < 0 ||
        make_dirf("%s/drive_c/Program Files", prefix, NULL) < 0 ||
        make_dirf("%s/drive_c/ProgramData", prefix, NULL) < 0 ||
        make_dirf("%s/drive_c/users", prefix, NULL) < 0 ||
        make_dirf("%s/drive_c/users/%s", prefix, user) < 0 ||
        make_dirf("%s/drive_c/users/%s/Temp", prefix, user) < 0 ||
        make_dirf("%s/dosdevices", prefix, NULL) < 0)
        return -1;

    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/dosdevices/c:", prefix);
    if (make_link("../drive_c", path) < 0)
        return -1;
    snprintf(path, sizeof(path), "%s/dosdevices/z:", prefix);
    if (make_link("/", path) < 0)
        return -1;

    snprintf(sysdir, sizeof(sysdir), "%s/drive_c/windows/system32", prefix);
    if (dll_dir)
        make_placeholders(sysdir, dll_dir);
    if (have_stamp)
        write_stamp(prefix, stamp, user);
    return 0;
}
