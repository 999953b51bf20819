/*
 * Opening an input file (SPEC 5.11, issue 20.3): what a unit, the office or
 * an earlier run left may be a FIFO, socket or device, or be replaced by
 * one between listing and reading.  A plain open() of a FIFO blocks until
 * a writer comes — for ever, with the output folder's lock held.  These
 * open with O_NONBLOCK, fstat, and keep only a regular file (O_NONBLOCK
 * then cleared).
 */
#ifndef HZ_OPEN_H
#define HZ_OPEN_H

#include <stdio.h>
#include <sys/stat.h>

/* A descriptor for reading path (O_CLOEXEC), or -1 with errno (EINVAL
 * when it is not a regular file).  st (may be NULL) gets its fstat. */
int hz_open_regular(const char *path, struct stat *st);

/* The same as a FILE ("rb"), or NULL with errno. */
FILE *hz_fopen_regular(const char *path);

/* What a file of mode is, when it is not a regular file: "a FIFO (named
 * pipe)", "a socket", "a device", "a folder"; NULL for a regular file. */
const char *hz_file_kind(mode_t mode);

/* strerror(errno), or "not a regular file" for hz_open_regular's EINVAL. */
const char *hz_open_error(int e);

/* dir + "/" + name, malloc'd (caller frees); NULL on out of memory.  The
 * one join of the readers and the conversion step. */
char *hz_path_join(const char *dir, const char *name);

#endif
