/*
 * Temporary names and durability for everything huizong writes into an
 * output folder (SPEC 8.2).
 *
 * Every temporary file or folder is named .huizong-tmp-<pid>-<n>-<name>
 * beside its target: hidden, on the target's file system (so the rename
 * is atomic), unique per process (pid) and per write (n), and recognisable,
 * so that the next run, holding the folder's lock, removes what a killed
 * run left — and nothing else.
 *
 * Durable: a file is fsynced before it is renamed over its target, and
 * the folder after its renames, so a power loss leaves either the old or
 * the new output whole.
 */
#ifndef HZ_WRITE_OUTFILE_H
#define HZ_WRITE_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"

#define HZ_TMP_PREFIX ".huizong-tmp-"

/* "dir/.huizong-tmp-<pid>-<n>-<base>" for final_path "dir/base" (or "base"):
 * a new n on every call, from a counter shared by all threads.  HZ_E_WRITE
 * when it does not fit into out (n bytes). */
HZ_MUST_USE hz_code hz_tmp_path(const char *final_path, char *out, size_t n, hz_error *err);

/* Whether a folder entry's name is one hz_tmp_path makes for what huizong
 * writes: ".huizong-tmp-" digits "-" digits "-" and the name of an output
 * (outfile.c's list); a user's ".huizong-tmp-1-1-备份" is not. */
bool hz_tmp_name_is_ours(const char *name);

/* Removes from dir (not below it) every entry whose name is ours, a folder
 * with all it holds.  Only for a folder whose lock the caller holds: a
 * running huizong's temporaries would go too.  *removed (may be NULL)
 * counts the entries removed.  HZ_E_WRITE (naming the first) when one
 * cannot be removed; the others are removed all the same. */
HZ_MUST_USE hz_code hz_tmp_sweep(const char *dir, size_t *removed, hz_error *err);


/* fsync of an open file; of the file at path; of the folder at path (its
 * entries: what was created, renamed or removed in it).  0 or -1 (errno). */
int hz_sync_fd(int fd);
int hz_sync_path(const char *path);
int hz_sync_dir(const char *path);

/* Everything written on the file system that holds path, in one call
 * (syncfs): for a folder of hundreds of new files, far cheaper than an
 * fsync each.  0 or -1 (errno). */
int hz_sync_filesystem(const char *path);

#endif
