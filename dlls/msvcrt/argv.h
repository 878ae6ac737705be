/*
 * msvcrt's command-line splitting (argv.c): pure functions shared with the host unit test.
 * Each returns argc and stores one block holding argv[] (NULL-terminated) and the strings, obtained from
 * alloc; -1 when alloc fails.
 */
#ifndef ORIEL_MSVCRT_ARGV_H
#define ORIEL_MSVCRT_ARGV_H

#include <stddef.h>
#include <stdint.h>

int msvcrt_argv_split_a(const char *cmd, char ***argv_out, void *(*alloc)(size_t));
int msvcrt_argv_split_w(const uint16_t *cmd, uint16_t ***argv_out, void *(*alloc)(size_t));

#endif /* ORIEL_MSVCRT_ARGV_H */
