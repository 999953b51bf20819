/*
 * Removing a folder of ours with all it holds: a killed run's stage, and
 * above all the previous 反馈/ once the new one is in place (campaign/
 * commit.c) — 700 letters at 2,000 units, 50,000 at 100,000.
 *
 * On a disk every unlink frees the file's blocks (and discards them on a
 * mount with -o discard): 0.1–0.2 ms a file on ext4 without a journal, so
 * 0.1 s and 6 s for those two folders, all of it at the end of the run,
 * most of it waiting for the device.
 * Two things make it cheaper:
 *  - hz_tree_remove unlinks a folder's files in inode order (the inode
 *    table and its bitmap visited in one pass, as rm -rf does for large
 *    folders), from up to HZ_TREE_REMOVE_THREADS threads: an unlink mostly
 *    waits for the device to free the blocks, and those waits overlap;
 *  - hz_tree_removal does it on a thread of its own, while the run goes on
 *    (its history, its memory given back), and is waited for before the
 *    output folder's lock is released.
 */
#ifndef HZ_WRITE_TREE_REMOVAL_H
#define HZ_WRITE_TREE_REMOVAL_H

#include <pthread.h>
#include <stdbool.h>

/* Removes the file or tree at path (links not followed; a folder of it made
 * writable first when it is not).  0 (also when path is gone) or -1 with
 * errno.  Safe from several threads on different paths.  Every temporary
 * of ours goes by it: outfile.h's sweep, the output stage, 反馈/'s swap. */
int hz_tree_remove(const char *path);

/* A tree removed on a thread of its own. */
typedef struct hz_tree_removal {
	char path[4096];  /* what is being removed; "" when nothing is */
	pthread_t thread;
	bool threaded;    /* thread is to be joined */
	int rc;           /* hz_tree_remove's, once finished */
	int err;          /* its errno when rc is -1 */
} hz_tree_removal;

void hz_tree_removal_init(hz_tree_removal *r);

/* Starts removing path (copied) and returns; when no thread can be started
 * (or path is too long to copy) it is removed before returning.  r must be
 * idle (initialised, or finished). */
void hz_tree_removal_start(hz_tree_removal *r, const char *path);

/* Waits until the removal started on r is done.  0, or -1 with r->err (and
 * r->path) telling what failed.  Nothing started: 0.  Then r is idle again,
 * its path kept for the caller's message until the next start. */
int hz_tree_removal_finish(hz_tree_removal *r);

#endif
