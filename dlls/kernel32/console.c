/*
 * Std handles and the console. A Windows console handle is a file handle whose host fd is a terminal;
 * console calls work on terminals only and fail with ERROR_INVALID_HANDLE on pipes and files, as on
 * Windows when the std handles are redirected. Output is UTF-8 on the terminal. See docs/server.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "kernel32_private.h"
#include "oriel/debug.h"
#include "oriel/protocol.h"

ORIEL_DEFAULT_DEBUG_CHANNEL(console);

C_ASSERT(sizeof(CONSOLE_SCREEN_BUFFER_INFO) == 22);

static pthread_mutex_t console_mutex = PTHREAD_MUTEX_INITIALIZER;
/* Windows starts a console with the OEM code page for input and output. */
static UINT console_cp = ORIEL_OEM_CP, console_output_cp = ORIEL_OEM_CP;
static DWORD output_mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;
static DWORD input_extra_mode = ENABLE_INSERT_MODE | ENABLE_QUICK_EDIT_MODE | ENABLE_EXTENDED_FLAGS;
static PHANDLER_ROUTINE *ctrl_handlers;
static unsigned int ctrl_handler_count;
static BOOL ctrl_c_ignored;

/* ---- std handles ---- */

static HANDLE *std_handle_slot(DWORD which)
{
    RTL_USER_PROCESS_PARAMETERS *params = NtCurrentTeb()->Peb->ProcessParameters;

    switch (which) {
    case STD_INPUT_HANDLE:
        return &params->StdInput;
    case STD_OUTPUT_HANDLE:
        return &params->StdOutput;
    case STD_ERROR_HANDLE:
        return &params->StdError;
    default:
        return NULL;
    }
}

WINBASEAPI HANDLE WINAPI GetStdHandle(DWORD which)
{
    HANDLE *slot = std_handle_slot(which);

    if (!slot) {
        SetLastError(ERROR_INVALID_HANDLE);
        return INVALID_HANDLE_VALUE;
    }
    return *slot;
}

WINBASEAPI BOOL WINAPI SetStdHandle(DWORD which, HANDLE handle)
{
    HANDLE *slot = std_handle_slot(which);

    TRACE("%d %p\n", (int)which, handle);
    if (!slot) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *slot = handle;
    return TRUE;
}

/* ---- console handles ---- */

/* The terminal fd behind a console handle, or -1 with ERROR_INVALID_HANDLE set. */
static int console_fd(HANDLE handle)
{
    uint32_t type;
    int fd;

    if (handle == INVALID_HANDLE_VALUE || !handle || __oriel_handle_unix_fd(handle, &fd, &type) ||
        type != FD_TYPE_CONSOLE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return -1;
    }
    return fd;
}

/* FIXME: Windows tells input from output console handles by the object; we go by the std input slot. */
static BOOL is_input_handle(HANDLE handle)
{
    return handle == NtCurrentTeb()->Peb->ProcessParameters->StdInput;
}

WINBASEAPI BOOL WINAPI GetConsoleMode(HANDLE handle, LPDWORD mode)
{
    struct termios tio;
    int fd = console_fd(handle);

    if (fd == -1)
        return FALSE;
    if (!is_input_handle(handle)) {
        pthread_mutex_lock(&console_mutex);
        *mode = output_mode;
        pthread_mutex_unlock(&console_mutex);
        return TRUE;
    }
    if (tcgetattr(fd, &tio)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&console_mutex);
    *mode = input_extra_mode;
    pthread_mutex_unlock(&console_mutex);
    if (tio.c_lflag & ISIG)
        *mode |= ENABLE_PROCESSED_INPUT;
    if (tio.c_lflag & ICANON)
        *mode |= ENABLE_LINE_INPUT;
    if (tio.c_lflag & ECHO)
        *mode |= ENABLE_ECHO_INPUT;
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetConsoleMode(HANDLE handle, DWORD mode)
{
    struct termios tio;
    int fd = console_fd(handle);

    TRACE("%p %#x\n", handle, mode);
    if (fd == -1)
        return FALSE;
    if (!is_input_handle(handle)) {
        if (mode &
            ~(ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING |
              DISABLE_NEWLINE_AUTO_RETURN | ENABLE_LVB_GRID_WORLDWIDE)) {
            SetLastError(ERROR_INVALID_PARAMETER);
            return FALSE;
        }
        pthread_mutex_lock(&console_mutex);
        output_mode = mode;
        pthread_mutex_unlock(&console_mutex);
        return TRUE;
    }
    /* echo without line input is refused by Windows */
    if ((mode & ENABLE_ECHO_INPUT) && !(mode & ENABLE_LINE_INPUT)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (tcgetattr(fd, &tio)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    tio.c_lflag &= ~(ISIG | ICANON | ECHO);
    if (mode & ENABLE_PROCESSED_INPUT)
        tio.c_lflag |= ISIG;
    if (mode & ENABLE_LINE_INPUT)
        tio.c_lflag |= ICANON;
    if (mode & ENABLE_ECHO_INPUT)
        tio.c_lflag |= ECHO;
    if (tcsetattr(fd, TCSANOW, &tio)) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    pthread_mutex_lock(&console_mutex);
    input_extra_mode = mode & ~(ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT);
    pthread_mutex_unlock(&console_mutex);
    return TRUE;
}

/* ---- code pages ---- */

WINBASEAPI UINT WINAPI GetConsoleCP(void)
{
    return console_cp;
}

WINBASEAPI UINT WINAPI GetConsoleOutputCP(void)
{
    return console_output_cp;
}

/* FIXME: every oriel process counts as attached to a console, so these never fail for lack of one. */
WINBASEAPI BOOL WINAPI SetConsoleCP(UINT cp)
{
    if (!IsValidCodePage(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    console_cp = cp;
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetConsoleOutputCP(UINT cp)
{
    if (!IsValidCodePage(cp)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    console_output_cp = cp;
    return TRUE;
}

/* ---- control handlers ---- */

WINBASEAPI BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE handler, BOOL add)
{
    BOOL ret = TRUE;

    TRACE("%p %d\n", (void *)handler, add);
    FIXME_ONCE("control handlers are stored but Ctrl-C is not delivered to them yet\n");
    pthread_mutex_lock(&console_mutex);
    if (!handler)
        ctrl_c_ignored = add;
    else if (add) {
        PHANDLER_ROUTINE *list = realloc(ctrl_handlers, (ctrl_handler_count + 1) * sizeof(*list));
        if (list) {
            ctrl_handlers = list;
            ctrl_handlers[ctrl_handler_count++] = handler;
        } else {
            SetLastError(ERROR_NOT_ENOUGH_MEMORY);
            ret = FALSE;
        }
    } else {
        /* the most recently added registration goes first */
        unsigned int i = ctrl_handler_count;
        while (i > 0 && ctrl_handlers[i - 1] != handler)
            i--;
        if (!i) {
            SetLastError(ERROR_INVALID_PARAMETER);
            ret = FALSE;
        } else {
            memmove(ctrl_handlers + i - 1, ctrl_handlers + i,
                    (ctrl_handler_count - i) * sizeof(*ctrl_handlers));
            ctrl_handler_count--;
        }
    }
    pthread_mutex_unlock(&console_mutex);
    return ret;
}

/* ---- screen buffer ---- */

WINBASEAPI BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE handle, PCONSOLE_SCREEN_BUFFER_INFO info)
{
    struct winsize ws;
    int fd = console_fd(handle);

    if (fd == -1)
        return FALSE;
    if (is_input_handle(handle)) {
        /* an input handle is not a screen buffer */
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (ioctl(fd, TIOCGWINSZ, &ws) || !ws.ws_col || !ws.ws_row) {
        ws.ws_col = 80;
        ws.ws_row = 25;
    }
    FIXME_ONCE("cursor position and attributes are not tracked\n");
    memset(info, 0, sizeof(*info));
    info->dwSize.X = ws.ws_col;
    info->dwSize.Y = ws.ws_row;
    info->wAttributes = FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE;
    info->srWindow.Right = ws.ws_col - 1;
    info->srWindow.Bottom = ws.ws_row - 1;
    info->dwMaximumWindowSize = info->dwSize;
    return TRUE;
}

WINBASEAPI BOOL WINAPI SetConsoleTextAttribute(HANDLE handle, WORD attr)
{
    static const int ansi[8] = {0, 4, 2, 6, 1, 5, 3, 7}; /* Windows BGR bits -> ANSI colour index */
    char seq[32];
    int fd = console_fd(handle), n;

    if (fd == -1)
        return FALSE;
    /* Windows' default (grey on black) maps to the terminal's own defaults (39/49); bright colours are
     * bold for the foreground and the 100-107 range for the background */
    int fg = (attr & 0x0f) == 7 ? 39 : 30 + ansi[attr & 7];
    int bg = !(attr & 0xf0) ? 49 : ((attr & BACKGROUND_INTENSITY) ? 100 : 40) + ansi[(attr >> 4) & 7];
    n = snprintf(seq, sizeof(seq), "\033[0;%s%d;%dm", (attr & FOREGROUND_INTENSITY) ? "1;" : "", fg, bg);
    if (write(fd, seq, n) != n) {
        SetLastError(ERROR_WRITE_FAULT);
        return FALSE;
    }
    return TRUE;
}

/* ---- console I/O ---- */

static BOOL write_all(int fd, const char *buf, size_t len)
{
    while (len) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            SetLastError(ERROR_WRITE_FAULT);
            return FALSE;
        }
        buf += n;
        len -= n;
    }
    return TRUE;
}

WINBASEAPI BOOL WINAPI WriteConsoleW(HANDLE handle, const void *buffer, DWORD count, LPDWORD written,
                                     LPVOID reserved)
{
    int fd = console_fd(handle);
    ULONG bytes;
    char *utf8;
    BOOL ret;

    TRACE("%p %s\n", handle, debugstr_wn(buffer, count));
    if (written)
        *written = 0;
    if (fd == -1)
        return FALSE;
    if (!count)
        return TRUE;
    if (RtlUnicodeToUTF8N(NULL, 0, &bytes, buffer, count * sizeof(WCHAR)) && !bytes) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(utf8 = malloc(bytes))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    RtlUnicodeToUTF8N(utf8, bytes, &bytes, buffer, count * sizeof(WCHAR));
    ret = write_all(fd, utf8, bytes);
    free(utf8);
    if (ret && written)
        *written = count;
    return ret;
}

BOOL k32_console_write_file(HANDLE handle, const void *buffer, DWORD count, LPDWORD written, BOOL *ret)
{
    const unsigned char *p = buffer;
    DWORD i;

    /* plain ASCII or UTF-8 output needs no conversion: WriteFile writes it directly */
    if (console_output_cp == 65001)
        return FALSE;
    for (i = 0; i < count && p[i] < 0x80; i++)
        ;
    if (i == count)
        return FALSE;
    {
        uint32_t type;
        int fd;
        if (__oriel_handle_unix_fd(handle, &fd, &type) || type != FD_TYPE_CONSOLE)
            return FALSE;
    }
    *ret = WriteConsoleA(handle, buffer, count, written, NULL);
    return TRUE;
}

WINBASEAPI BOOL WINAPI WriteConsoleA(HANDLE handle, const void *buffer, DWORD count, LPDWORD written,
                                     LPVOID reserved)
{
    WCHAR *wbuf;
    int wlen;
    BOOL ret;

    if (written)
        *written = 0;
    if (console_fd(handle) == -1)
        return FALSE;
    if (!count)
        return TRUE;
    wlen = MultiByteToWideChar(console_output_cp, 0, buffer, count, NULL, 0);
    if (wlen <= 0 || !(wbuf = malloc(wlen * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    MultiByteToWideChar(console_output_cp, 0, buffer, count, wbuf, wlen);
    ret = WriteConsoleW(handle, wbuf, wlen, NULL, reserved);
    free(wbuf);
    if (ret && written)
        *written = count;
    return ret;
}

WINBASEAPI BOOL WINAPI ReadConsoleW(HANDLE handle, LPVOID buffer, DWORD count, LPDWORD chars_read,
                                    LPVOID control)
{
    int fd = console_fd(handle);
    char utf8[4096];
    ssize_t n;
    ULONG bytes;

    if (chars_read)
        *chars_read = 0;
    if (fd == -1)
        return FALSE;
    if (!count)
        return TRUE;
    if (control)
        FIXME_ONCE("CONSOLE_READCONSOLE_CONTROL ignored\n");
    /* at most one UTF-8 byte per requested character keeps the result within count WCHARs */
    do
        n = read(fd, utf8, count < sizeof(utf8) ? count : sizeof(utf8));
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        SetLastError(ERROR_READ_FAULT);
        return FALSE;
    }
    RtlUTF8ToUnicodeN(buffer, count * sizeof(WCHAR), &bytes, utf8, n);
    if (chars_read)
        *chars_read = bytes / sizeof(WCHAR);
    return TRUE;
}

WINBASEAPI BOOL WINAPI ReadConsoleA(HANDLE handle, LPVOID buffer, DWORD count, LPDWORD chars_read,
                                    LPVOID control)
{
    WCHAR *wbuf;
    DWORD wread = 0;
    int len;

    if (chars_read)
        *chars_read = 0;
    if (console_fd(handle) == -1)
        return FALSE;
    if (!(wbuf = malloc((count + 1) * sizeof(WCHAR)))) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (!ReadConsoleW(handle, wbuf, count, &wread, control)) {
        free(wbuf);
        return FALSE;
    }
    len = wread ? WideCharToMultiByte(console_cp, 0, wbuf, wread, buffer, count, NULL, NULL) : 0;
    free(wbuf);
    if (chars_read)
        *chars_read = len > 0 ? len : 0;
    return TRUE;
}

WINBASEAPI BOOL WINAPI GetNumberOfConsoleInputEvents(HANDLE handle, LPDWORD count)
{
    int fd = console_fd(handle), pending = 0;

    if (fd == -1)
        return FALSE;
    /* FIXME: bytes waiting stand in for key events */
    if (ioctl(fd, FIONREAD, &pending) || pending < 0)
        pending = 0;
    *count = pending;
    return TRUE;
}

WINBASEAPI BOOL WINAPI FlushConsoleInputBuffer(HANDLE handle)
{
    int fd = console_fd(handle);

    if (fd == -1)
        return FALSE;
    tcflush(fd, TCIFLUSH);
    return TRUE;
}
