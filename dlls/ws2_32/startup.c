/*
 * Windows Sockets start-up (winsock2.h): version negotiation, the per-process start-up count and the
 * per-thread error code. Socket calls are not implemented yet; these let a program that only
 * initialises Winsock at start-up (Go's net package does so in every program that links it) run.
 */
#include <string.h>

#include <windows.h>
#include <oriel/debug.h>

ORIEL_DEFAULT_DEBUG_CHANNEL(winsock);

#define WSAEFAULT 10014
#define WSASYSNOTREADY 10091
#define WSAVERNOTSUPPORTED 10092
#define WSANOTINITIALISED 10093
#define SOCKET_ERROR (-1)
#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128

/* The x64 layout of WSADATA (winsock2.h puts the counts before the strings on _WIN64). */
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

#define HIGHEST_VERSION 0x0202 /* 2.2 */

static volatile LONG startup_count;

DECLSPEC_EXPORT int WINAPI WSAStartup(WORD version, LPWSADATA data)
{
    BYTE major = version & 0xff, minor = version >> 8;
    TRACE("%u.%u %p\n", major, minor, data);
    /* Windows Sockets 1.0 and anything below it cannot be served. */
    if (major < 1 || (major == 1 && minor < 1))
        return WSAVERNOTSUPPORTED;
    if (!data)
        return WSAEFAULT;
    memset(data, 0, sizeof(*data));
    /* The version used is the lower of the one asked for and the highest this DLL supports. */
    data->wVersion = (major > 2 || (major == 2 && minor > 2)) ? HIGHEST_VERSION : version;
    data->wHighVersion = HIGHEST_VERSION;
    strcpy(data->szDescription, "WinSock 2.0");
    strcpy(data->szSystemStatus, "Running");
    __atomic_add_fetch(&startup_count, 1, __ATOMIC_SEQ_CST);
    return 0;
}

DECLSPEC_EXPORT int WINAPI WSACleanup(void)
{
    TRACE("\n");
    LONG count = __atomic_load_n(&startup_count, __ATOMIC_SEQ_CST);
    while (count > 0) {
        if (__atomic_compare_exchange_n(&startup_count, &count, count - 1, FALSE, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST))
            return 0;
    }
    SetLastError(WSANOTINITIALISED);
    return SOCKET_ERROR;
}

/* The Winsock error of the calling thread is its Win32 last error, as on Windows. */
DECLSPEC_EXPORT int WINAPI WSAGetLastError(void)
{
    return (int)GetLastError();
}

DECLSPEC_EXPORT void WINAPI WSASetLastError(int error)
{
    SetLastError((DWORD)error);
}
