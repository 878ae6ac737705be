/*
 * WSAStartup/WSACleanup: version negotiation, WSADATA contents, balanced start-up counts, the
 * per-thread Winsock error.
 */
#include <winsock2.h>

#include "test.h"

START_TEST(wsastartup)
{
    WSADATA data;

    memset(&data, 0xcc, sizeof(data));
    ok(WSAStartup(MAKEWORD(2, 2), &data) == 0, "WSAStartup 2.2 failed\n");
    ok(data.wVersion == MAKEWORD(2, 2), "wVersion %#x\n", data.wVersion);
    ok(data.wHighVersion == MAKEWORD(2, 2), "wHighVersion %#x\n", data.wHighVersion);
    ok(strlen(data.szDescription) < sizeof(data.szDescription), "description not terminated\n");

    /* A newer version than supported gets the highest supported one. */
    ok(WSAStartup(MAKEWORD(3, 0), &data) == 0, "WSAStartup 3.0 failed\n");
    ok(data.wVersion == MAKEWORD(2, 2), "wVersion %#x\n", data.wVersion);
    ok(WSAStartup(MAKEWORD(1, 1), &data) == 0, "WSAStartup 1.1 failed\n");
    ok(data.wVersion == MAKEWORD(1, 1), "wVersion %#x\n", data.wVersion);
    ok(WSAStartup(MAKEWORD(0, 0), &data) == WSAVERNOTSUPPORTED, "WSAStartup 0.0 accepted\n");

    WSASetLastError(12345);
    ok(WSAGetLastError() == 12345, "WSAGetLastError %d\n", WSAGetLastError());
    ok(GetLastError() == 12345, "GetLastError %lu\n", GetLastError());

    /* Three successful start-ups need three clean-ups. */
    ok(WSACleanup() == 0, "WSACleanup 1 failed\n");
    ok(WSACleanup() == 0, "WSACleanup 2 failed\n");
    ok(WSACleanup() == 0, "WSACleanup 3 failed\n");
    ok(WSACleanup() == SOCKET_ERROR, "unbalanced WSACleanup succeeded\n");
    ok(WSAGetLastError() == WSANOTINITIALISED, "error %d\n", WSAGetLastError());
}
