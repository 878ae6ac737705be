/*
 * Internal interfaces of the launcher (loader/main.c, loader/prefix.c).
 */
#ifndef ORIEL_LAUNCHER_PRIVATE_H
#define ORIEL_LAUNCHER_PRIVATE_H

/* Makes sure the prefix directory tree exists (idempotent, cheap when complete): drive_c/windows/system32
 * with a placeholder file per builtin DLL found in dll_dir, Program Files, ProgramData, users/USER,
 * dosdevices/c: and z:. Returns 0 on success, -1 after printing one error line. */
/* Creates or completes the prefix; user receives the host user's name (from the setup stamp when the
 * prefix is complete). */
int prefix_setup(const char *prefix, const char *dll_dir, char *user, size_t user_size);

/* Absolute host path of the prefix (ORIEL_PREFIX or ~/.oriel), malloc'ed; NULL after printing an error. */
char *prefix_find(void);

#endif /* ORIEL_LAUNCHER_PRIVATE_H */
