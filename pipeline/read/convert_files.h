/*
 * Files of the conversion step (convert_files.c): what convert.c and
 * soffice.c both do with the work folder.
 */
#ifndef HZ_CONVERT_FILES_H
#define HZ_CONVERT_FILES_H

#include <stddef.h>
#include <sys/stat.h>

/* A regular file read whole, at most HZ_MAX_FILE_BYTES + 1 bytes (more is
 * "too big"); 0 and *buf (caller frees), or -1.  *st: its status. */
int convert_files_read(const char *path, unsigned char **buf, size_t *len, struct stat *st);
/* n bytes as the whole of path (mode 0600, no link followed): 0 or -1. */
int convert_files_write(const char *path, const void *b, size_t n);
/* A folder of ours (0700), or one already there: 0 or -1. */
int convert_files_make_dir(const char *path);
/* Removes path and all below it, links not followed. */
void convert_files_remove_tree(const char *path);

#endif
