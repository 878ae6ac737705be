/*
 * Other processes: creating them (the ntdll half of CreateProcess), opening, querying and terminating
 * them, and a created child's own start-up (its process parameters come from its parent).
 *
 * A child is another launcher process (loader/oriel, which /proc/self/exe names) started with
 * posix_spawn on the host path of the program. Everything Windows-visible travels through the server:
 * new_process creates the child's objects and keeps its startup block (a memfd); the child finds them
 * with the token it gets in its host environment. The child's host fds 0-2 are the fds behind its std
 * handles so that anything writing to fd 1 lands where GetStdHandle(STD_OUTPUT_HANDLE) points.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ntdll_private.h"
#include "oriel/ntdll.h"
#include "oriel/debug.h"
#include "oriel/process.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(process);

static size_t env_len(const WCHAR *env) /* in WCHARs, including the final empty string */
{
    const WCHAR *p = env;
    while (*p)
        p += NTDLL_wcslen(p) + 1;
    return p - env + 1;
}

/* ---- reaping: children are our host children; collect them so they never stay zombies ---- */

static pthread_mutex_t reap_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t *spawned;
static unsigned int spawned_count, spawned_size;

static void reap_children(pid_t add)
{
    pthread_mutex_lock(&reap_lock);
    for (unsigned int i = 0; i < spawned_count;) {
        if (waitpid(spawned[i], NULL, WNOHANG) != 0) /* exited (or not ours any more) */
            spawned[i] = spawned[--spawned_count];
        else
            i++;
    }
    if (add > 0) {
        if (spawned_count == spawned_size) {
            unsigned int size = spawned_size ? spawned_size * 2 : 16;
            pid_t *p = realloc(spawned, size * sizeof(*p));
            if (p) {
                spawned = p;
                spawned_size = size;
            }
        }
        if (spawned_count < spawned_size)
            spawned[spawned_count++] = add;
    }
    pthread_mutex_unlock(&reap_lock);
}

/* ---- the startup block ---- */

static void put_string(char *block, uint32_t *pos, uint32_t *off, uint32_t *len, const void *data,
                       uint32_t units, uint32_t unit_size)
{
    *off = *pos;
    *len = units;
    if (units)
        memcpy(block + *pos, data, (size_t)units * unit_size);
    *pos += (units * unit_size + 7) & ~7u;
}

static int make_startup_fd(const struct oriel_create_process *cp, const WCHAR *image, const WCHAR *curdir,
                           const WCHAR *env)
{
    const STARTUPINFOW *si = cp->si;
    struct oriel_startup_block hdr = {.version = ORIEL_STARTUP_BLOCK_VERSION};
    const WCHAR *title = si && si->lpTitle ? si->lpTitle : image;
    const WCHAR *desktop = si && si->lpDesktop ? si->lpDesktop : u"WinSta0\\Default";
    uint32_t n_image = NTDLL_wcslen(image), n_cmd = NTDLL_wcslen(cp->cmdline), n_cur = NTDLL_wcslen(curdir),
             n_env = env_len(env);
    uint32_t n_title = NTDLL_wcslen(title), n_desk = NTDLL_wcslen(desktop);
    uint32_t n_rt = si && si->cbReserved2 && si->lpReserved2 ? si->cbReserved2 : 0;
    size_t size = sizeof(hdr) + 8 * 8 +
                  ((size_t)n_image + n_cmd + n_cur + n_env + n_title + n_desk) * sizeof(WCHAR) + n_rt;
    char *block = calloc(1, size);
    uint32_t pos = (sizeof(hdr) + 7) & ~7u;
    int fd;

    if (!block)
        return -1;
    hdr.creation_flags = cp->creation_flags;
    if (si) {
        hdr.startf_flags = si->dwFlags;
        hdr.x = si->dwX;
        hdr.y = si->dwY;
        hdr.x_size = si->dwXSize;
        hdr.y_size = si->dwYSize;
        hdr.x_chars = si->dwXCountChars;
        hdr.y_chars = si->dwYCountChars;
        hdr.fill_attribute = si->dwFillAttribute;
        hdr.show_window = si->wShowWindow;
    }
    put_string(block, &pos, &hdr.image_off, &hdr.image_len, image, n_image, sizeof(WCHAR));
    put_string(block, &pos, &hdr.cmdline_off, &hdr.cmdline_len, cp->cmdline, n_cmd, sizeof(WCHAR));
    put_string(block, &pos, &hdr.curdir_off, &hdr.curdir_len, curdir, n_cur, sizeof(WCHAR));
    put_string(block, &pos, &hdr.env_off, &hdr.env_len, env, n_env, sizeof(WCHAR));
    put_string(block, &pos, &hdr.title_off, &hdr.title_len, title, n_title, sizeof(WCHAR));
    put_string(block, &pos, &hdr.desktop_off, &hdr.desktop_len, desktop, n_desk, sizeof(WCHAR));
    put_string(block, &pos, &hdr.runtime_off, &hdr.runtime_len, n_rt ? si->lpReserved2 : NULL, n_rt, 1);
    hdr.size = pos;
    memcpy(block, &hdr, sizeof(hdr));

    fd = memfd_create("oriel-startup", MFD_CLOEXEC);
    if (fd != -1) {
        size_t done = 0;
        while (done < pos) {
            ssize_t n = write(fd, block + done, pos - done);
            if (n <= 0) {
                if (n < 0 && errno == EINTR)
                    continue;
                close(fd);
                fd = -1;
                break;
            }
            done += n;
        }
    }
    free(block);
    return fd;
}

/* ---- creating a process ---- */

/* Only x64 programs run: anything else fails CreateProcess (ERROR_BAD_EXE_FORMAT) rather than the
 * child's start-up. */
static NTSTATUS check_image(const char *path)
{
    IMAGE_DOS_HEADER dos;
    struct {
        DWORD signature;
        IMAGE_FILE_HEADER file;
    } nt;
    NTSTATUS status = STATUS_INVALID_IMAGE_FORMAT;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd == -1)
        return errno == ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : errno_to_status(errno);
    if (pread(fd, &dos, sizeof(dos), 0) == sizeof(dos) && dos.e_magic == IMAGE_DOS_SIGNATURE &&
        dos.e_lfanew > 0 && pread(fd, &nt, sizeof(nt), dos.e_lfanew) == sizeof(nt) &&
        nt.signature == IMAGE_NT_SIGNATURE && nt.file.Machine == IMAGE_FILE_MACHINE_AMD64 &&
        !(nt.file.Characteristics & IMAGE_FILE_DLL))
        status = STATUS_SUCCESS;
    close(fd);
    return status;
}

static char launcher[PATH_MAX];
static pthread_once_t launcher_once = PTHREAD_ONCE_INIT;

static void init_launcher_path(void)
{
    /* we run inside the launcher: its binary is ours */
    ssize_t len = readlink("/proc/self/exe", launcher, sizeof(launcher) - 1);
    launcher[len > 0 ? len : 0] = 0;
}

static const char *launcher_path(void)
{
    pthread_once(&launcher_once, init_launcher_path);
    return launcher[0] ? launcher : NULL;
}

/* The child's server connection is this fd in the child. */
#define CHILD_SERVER_FD 3

static int is_var(const char *entry, const char *name)
{
    size_t len = strlen(name);
    return !strncmp(entry, name, len) && entry[len] == '=';
}

/* The host environment of the child: ours plus its token and connection (the first two entries, the
 * only strings allocated here). */
static char **child_host_env(uint64_t token)
{
    extern char **environ;
    size_t n = 0;
    char **envp;

    while (environ[n])
        n++;
    if (!(envp = calloc(n + 3, sizeof(*envp))))
        return NULL;
    if (asprintf(&envp[0], "%s=%llx", ORIEL_ENV_PROCESS_TOKEN, (unsigned long long)token) < 0 ||
        asprintf(&envp[1], "%s=%d", ORIEL_ENV_SERVER_FD, CHILD_SERVER_FD) < 0) {
        free(envp[0]);
        free(envp);
        return NULL;
    }
    n = 2;
    for (char **e = environ; *e; e++)
        if (!is_var(*e, ORIEL_ENV_PROCESS_TOKEN) && !is_var(*e, ORIEL_ENV_SERVER_FD))
            envp[n++] = *e;
    envp[n] = NULL;
    return envp;
}

static NTSTATUS spawn_launcher(const char *image, const char *cwd, const HANDLE std[3], uint64_t token,
                               obj_handle_t process, int server_fd)
{
    struct set_process_info_request req = {.handle = process, .mask = SERVER_PROCESS_INFO_UNIX_PID};
    struct set_process_info_reply reply;
    const char *path = launcher_path();
    posix_spawn_file_actions_t actions;
    char *argv[] = {(char *)path, "--", (char *)image, NULL};
    char **envp;
    int fds[3], err;
    pid_t pid;

    if (!path)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (!(envp = child_host_env(token)))
        return STATUS_NO_MEMORY;
    posix_spawn_file_actions_init(&actions);
    for (int i = 0; i < 3; i++) {
        int fd = -1;
        fds[i] = -1;
        /* private copies above 2 so that no dup2 below overwrites another's source */
        if (std[i] && !server_get_unix_fd(std[i], &fd))
            fds[i] = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (fds[i] != -1)
            posix_spawn_file_actions_adddup2(&actions, fds[i], i);
        else
            posix_spawn_file_actions_addopen(&actions, i, "/dev/null", O_RDWR, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, server_fd, CHILD_SERVER_FD);
    if (cwd)
        posix_spawn_file_actions_addchdir_np(&actions, cwd);
    err = posix_spawn(&pid, path, &actions, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    for (int i = 0; i < 3; i++)
        if (fds[i] != -1)
            close(fds[i]);
    free(envp[0]);
    free(envp[1]);
    free(envp);
    if (err) {
        WARN("cannot start %s for %s: %s\n", path, image, strerror(err));
        return err == ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : errno_to_status(err);
    }
    TRACE("started %s (unix pid %d)\n", image, (int)pid);
    /* so that TerminateProcess can kill it before it has connected */
    req.unix_pid = pid;
    SERVER_CALL(set_process_info, &req, &reply, NULL, 0, NULL);
    reap_children(pid);
    return STATUS_SUCCESS;
}

__attribute__((visibility("default"))) int32_t __oriel_create_process(const struct oriel_create_process *cp,
                                                                      PROCESS_INFORMATION *pi)
{
    RTL_USER_PROCESS_PARAMETERS *params = NtCurrentTeb()->Peb->ProcessParameters;
    struct new_process_request req = {0};
    struct new_process_reply reply;
    WCHAR *env_copy = NULL;
    const WCHAR *curdir;
    char *unix_image = NULL, *unix_cwd = NULL;
    HANDLE std[3];
    NTSTATUS status;
    int fd, fds[2], sock[2];

    reap_children(0);
    if ((status = path_dos_to_unix(cp->image, &unix_image)))
        return status;
    if ((status = check_image(unix_image))) {
        free(unix_image);
        return status;
    }
    if (cp->curdir) {
        curdir = cp->curdir;
        if ((status = path_dos_to_unix(curdir, &unix_cwd))) {
            free(unix_image);
            return status;
        }
    } else
        curdir = params->CurrentDirectory.DosPath.Buffer;
    if (!cp->env && (status = RtlCreateEnvironment(TRUE, &env_copy))) {
        free(unix_image);
        free(unix_cwd);
        return status;
    }
    if (cp->si && (cp->si->dwFlags & STARTF_USESTDHANDLES)) {
        std[0] = cp->si->hStdInput;
        std[1] = cp->si->hStdOutput;
        std[2] = cp->si->hStdError;
    } else {
        std[0] = params->StdInput;
        std[1] = params->StdOutput;
        std[2] = params->StdError;
    }

    fd = make_startup_fd(cp, cp->image, curdir, cp->env ? cp->env : env_copy);
    RtlDestroyEnvironment(env_copy);
    if (fd == -1) {
        free(unix_image);
        free(unix_cwd);
        return STATUS_NO_MEMORY;
    }
    req.flags = (cp->inherit_handles ? SERVER_NEW_PROCESS_INHERIT : 0) |
                ((cp->creation_flags & CREATE_SUSPENDED) ? SERVER_NEW_PROCESS_SUSPENDED : 0);
    req.process_attributes = cp->process_attributes & OBJ_INHERIT;
    req.thread_attributes = cp->thread_attributes & OBJ_INHERIT;
    for (int i = 0; i < 3; i++)
        req.std_handles[i] = (obj_handle_t)(ULONG_PTR)std[i];
    /* the child's connection: the server learns of its death even if it never starts properly */
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sock)) {
        close(fd);
        free(unix_image);
        free(unix_cwd);
        return errno_to_status(errno);
    }
    fds[0] = fd;
    fds[1] = sock[1];
    status = server_call(REQ_new_process, &req, sizeof(req), NULL, 0, fds, 2, &reply, sizeof(reply), NULL);
    close(fd);
    close(sock[1]);
    if (!status) {
        status = spawn_launcher(unix_image, unix_cwd, std, reply.token, reply.process_handle, sock[0]);
        if (status) {
            struct terminate_process_request treq = {.handle = reply.process_handle, .exit_code = 1};
            struct terminate_process_reply trep;
            SERVER_CALL(terminate_process, &treq, &trep, NULL, 0, NULL);
            NtClose((HANDLE)(ULONG_PTR)reply.process_handle);
            NtClose((HANDLE)(ULONG_PTR)reply.thread_handle);
        }
    }
    close(sock[0]);
    free(unix_image);
    free(unix_cwd);
    if (status)
        return status;
    pi->hProcess = (HANDLE)(ULONG_PTR)reply.process_handle;
    pi->hThread = (HANDLE)(ULONG_PTR)reply.thread_handle;
    pi->dwProcessId = reply.pid;
    pi->dwThreadId = reply.tid;
    TRACE("%s: pid %04x tid %04x\n", debugstr_w(cp->cmdline), reply.pid, reply.tid);
    return STATUS_SUCCESS;
}

/* ---- the child's side ---- */

static DWORD parent_process_id;

static WCHAR *block_string(const char *block, uint32_t size, uint32_t off, uint32_t len, size_t min_chars)
{
    size_t chars = len + 1 > min_chars ? len + 1 : min_chars;
    WCHAR *s;

    if (off > size || (size_t)len * sizeof(WCHAR) > size - off)
        return NULL;
    if (!(s = calloc(chars, sizeof(WCHAR))))
        return NULL;
    memcpy(s, block + off, (size_t)len * sizeof(WCHAR));
    return s;
}

static void set_ustr(UNICODE_STRING *us, WCHAR *buf, size_t max_chars)
{
    size_t len = buf ? NTDLL_wcslen(buf) : 0;
    us->Buffer = buf;
    us->Length = len * sizeof(WCHAR);
    us->MaximumLength = (max_chars > len ? max_chars : len + 1) * sizeof(WCHAR);
}

/* Called by env.c while it builds the process parameters: a child created by CreateProcess takes them
 * from its startup block. STATUS_NOT_FOUND: not such a child (build them from the launcher's). */
NTSTATUS process_init_spawned_params(RTL_USER_PROCESS_PARAMETERS *pp)
{
    struct get_startup_info_request req = {{0}};
    struct get_startup_info_reply reply;
    struct oriel_startup_block hdr;
    NTSTATUS status;
    struct stat st;
    char *block;
    int fd;

    if (!getenv(ORIEL_ENV_PROCESS_TOKEN))
        return STATUS_NOT_FOUND;
    unsetenv(ORIEL_ENV_PROCESS_TOKEN); /* our own children get their own */
    if ((status = SERVER_CALL(get_startup_info, &req, &reply, NULL, 0, &fd)))
        return status;
    if (fd == -1)
        return STATUS_INVALID_PARAMETER;
    if (fstat(fd, &st) || st.st_size < (off_t)sizeof(hdr) || st.st_size > 0x7fffffff ||
        (block = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        close(fd);
        return STATUS_INVALID_PARAMETER;
    }
    close(fd);
    memcpy(&hdr, block, sizeof(hdr));
    if (hdr.version != ORIEL_STARTUP_BLOCK_VERSION || hdr.size > st.st_size) {
        munmap(block, st.st_size);
        return STATUS_INVALID_PARAMETER;
    }
    parent_process_id = reply.parent_pid;

    WCHAR *image = block_string(block, hdr.size, hdr.image_off, hdr.image_len, 0);
    WCHAR *cmd = block_string(block, hdr.size, hdr.cmdline_off, hdr.cmdline_len, 0);
    WCHAR *cur = block_string(block, hdr.size, hdr.curdir_off, hdr.curdir_len, MAX_PATH + 1);
    WCHAR *env = block_string(block, hdr.size, hdr.env_off, hdr.env_len, 2);
    WCHAR *title = block_string(block, hdr.size, hdr.title_off, hdr.title_len, 0);
    WCHAR *desktop = block_string(block, hdr.size, hdr.desktop_off, hdr.desktop_len, 0);
    if (!image || !cmd || !cur || !env || !title || !desktop) {
        munmap(block, st.st_size);
        return STATUS_INVALID_PARAMETER;
    }
    /* the current directory always ends with a backslash */
    size_t cur_len = NTDLL_wcslen(cur);
    if (cur_len && cur[cur_len - 1] != '\\' && cur_len < MAX_PATH)
        cur[cur_len++] = '\\';
    set_ustr(&pp->ImagePathName, image, 0);
    set_ustr(&pp->CommandLine, cmd, 0);
    set_ustr(&pp->CurrentDirectory.DosPath, cur, cur_len + 1 > MAX_PATH ? cur_len + 1 : MAX_PATH);
    set_ustr(&pp->WindowTitle, title, 0);
    set_ustr(&pp->Desktop, desktop, 0);
    set_ustr(&pp->DllPath, ntdll_utf8_to_wide(""), 0);
    set_ustr(&pp->ShellInfo, ntdll_utf8_to_wide(""), 0);
    pp->RuntimeInfo.Buffer = NULL;
    pp->RuntimeInfo.Length = pp->RuntimeInfo.MaximumLength = 0;
    if (hdr.runtime_len && hdr.runtime_off <= hdr.size && hdr.runtime_len <= hdr.size - hdr.runtime_off &&
        hdr.runtime_len <= 0xffff && (pp->RuntimeInfo.Buffer = malloc(hdr.runtime_len))) {
        memcpy(pp->RuntimeInfo.Buffer, block + hdr.runtime_off, hdr.runtime_len);
        pp->RuntimeInfo.Length = pp->RuntimeInfo.MaximumLength = hdr.runtime_len;
    }
    pp->StartingX = hdr.x;
    pp->StartingY = hdr.y;
    pp->CountX = hdr.x_size;
    pp->CountY = hdr.y_size;
    pp->CountCharsX = hdr.x_chars;
    pp->CountCharsY = hdr.y_chars;
    pp->FillAttribute = hdr.fill_attribute;
    pp->WindowFlags = hdr.startf_flags;
    pp->ShowWindowFlags = (hdr.startf_flags & STARTF_USESHOWWINDOW) ? hdr.show_window : 1 /* SW_SHOWNORMAL */;
    pp->Environment = env;
    pp->EnvironmentSize = env_len(env) * sizeof(WCHAR);
    munmap(block, st.st_size);

    if (reply.resume_gate) {
        /* CREATE_SUSPENDED: no guest code before the parent's ResumeThread */
        HANDLE gate = (HANDLE)(ULONG_PTR)reply.resume_gate;
        TRACE("waiting to be resumed\n");
        NtWaitForSingleObject(gate, FALSE, NULL);
        NtClose(gate);
    }
    TRACE("command line %s, parent %04x\n", debugstr_w(cmd), parent_process_id);
    return STATUS_SUCCESS;
}

/* ---- other processes ---- */

NTSYSAPI NTSTATUS WINAPI NtOpenProcess(PHANDLE handle, ACCESS_MASK access, POBJECT_ATTRIBUTES attr,
                                       PCLIENT_ID id)
{
    struct open_process_request req = {.access = access};
    struct open_process_reply reply;
    NTSTATUS status;

    if (!handle || !id)
        return STATUS_INVALID_PARAMETER;
    req.pid = (uint32_t)(ULONG_PTR)id->UniqueProcess;
    req.attributes = attr ? attr->Attributes & OBJ_INHERIT : 0;
    if (!req.pid)
        return STATUS_INVALID_CID;
    status = SERVER_CALL(open_process, &req, &reply, NULL, 0, NULL);
    *handle = status ? NULL : (HANDLE)(ULONG_PTR)reply.handle;
    return status;
}

/* NtTerminateProcess of a handle other than NtCurrentProcess() (process.c). Returns with *self set when
 * the handle names the calling process: the caller exits. */
NTSTATUS process_terminate_other(HANDLE process, NTSTATUS exit_status, BOOL *self)
{
    struct terminate_process_request req = {.handle = (obj_handle_t)(ULONG_PTR)process,
                                            .exit_code = (uint32_t)exit_status};
    struct terminate_process_reply reply;
    NTSTATUS status = SERVER_CALL(terminate_process, &req, &reply, NULL, 0, NULL);

    *self = !status && reply.self;
    return status;
}

/* NtQueryInformationProcess(ProcessBasicInformation) of any process handle (sysinfo.c calls it for
 * handles other than the current process). */
NTSTATUS process_query_basic_info(HANDLE process, PROCESS_BASIC_INFORMATION *pbi)
{
    struct get_process_info_request req = {.handle = (obj_handle_t)(ULONG_PTR)process,
                                           .access = 0x1000 /* PROCESS_QUERY_LIMITED_INFORMATION */};
    struct get_process_info_reply reply;
    NTSTATUS status;

    if (process == NtCurrentProcess())
        req.handle = SERVER_CURRENT_PROCESS;
    if ((status = SERVER_CALL(get_process_info, &req, &reply, NULL, 0, NULL)))
        return status;
    memset(pbi, 0, sizeof(*pbi));
    pbi->ExitStatus = reply.running ? STATUS_PENDING : reply.exit_code;
    pbi->PebBaseAddress = reply.pid == (DWORD)(ULONG_PTR)ntdll_process_id ? NtCurrentTeb()->Peb : NULL;
    pbi->AffinityMask = NtCurrentTeb()->Peb->ActiveProcessAffinityMask;
    pbi->BasePriority = 8;
    pbi->UniqueProcessId = reply.pid;
    pbi->InheritedFromUniqueProcessId = reply.parent_pid;
    return STATUS_SUCCESS;
}

/* For kernel32 (GetPriorityClass/SetPriorityClass, GetExitCodeProcess): ELF-only. */
__attribute__((visibility("default"))) int32_t __oriel_process_info(HANDLE process, uint32_t access,
                                                                    uint32_t *pid, uint32_t *exit_code,
                                                                    int32_t *priority_class)
{
    struct get_process_info_request req = {.handle = (obj_handle_t)(ULONG_PTR)process, .access = access};
    struct get_process_info_reply reply;
    NTSTATUS status;

    if (process == NtCurrentProcess())
        req.handle = SERVER_CURRENT_PROCESS;
    if ((status = SERVER_CALL(get_process_info, &req, &reply, NULL, 0, NULL)))
        return status;
    if (pid)
        *pid = reply.pid;
    if (exit_code)
        *exit_code = reply.exit_code;
    if (priority_class)
        *priority_class = reply.priority_class;
    return STATUS_SUCCESS;
}

__attribute__((visibility("default"))) int32_t __oriel_set_priority_class(HANDLE process,
                                                                          int32_t priority_class)
{
    struct set_process_info_request req = {.handle = (obj_handle_t)(ULONG_PTR)process,
                                           .mask = SERVER_PROCESS_INFO_PRIORITY,
                                           .priority_class = priority_class};
    struct set_process_info_reply reply;

    if (process == NtCurrentProcess())
        req.handle = SERVER_CURRENT_PROCESS;
    return SERVER_CALL(set_process_info, &req, &reply, NULL, 0, NULL);
}

/* NtResumeThread of a thread of another process held by CREATE_SUSPENDED (threadapi.c calls it when
 * the handle is not one of our threads). */
NTSTATUS process_resume_remote_thread(HANDLE thread, ULONG *prev_count)
{
    struct resume_process_thread_request req = {.handle = (obj_handle_t)(ULONG_PTR)thread};
    struct resume_process_thread_reply reply;
    NTSTATUS status = SERVER_CALL(resume_process_thread, &req, &reply, NULL, 0, NULL);

    if (!status && prev_count)
        *prev_count = reply.prev_count;
    return status;
}

/* For kernel32's GetProcessTimes: creation and exit time (FILETIME units; exit 0 while running).
 * ELF-only. */
__attribute__((visibility("default"))) int32_t __oriel_process_times(HANDLE process, uint64_t *create_time,
                                                                     uint64_t *exit_time)
{
    struct get_process_info_request req = {.handle = (obj_handle_t)(ULONG_PTR)process,
                                           .access = 0x1000 /* PROCESS_QUERY_LIMITED_INFORMATION */};
    struct get_process_info_reply reply;
    NTSTATUS status;

    if (process == NtCurrentProcess())
        req.handle = SERVER_CURRENT_PROCESS;
    if ((status = SERVER_CALL(get_process_info, &req, &reply, NULL, 0, NULL)))
        return status;
    *create_time = reply.create_time;
    *exit_time = reply.exit_time;
    return STATUS_SUCCESS;
}
