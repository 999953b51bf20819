/*
 * The tool layer: only main.c and the cli*.c files parse options, print
 * and choose exit codes.  The stages below never print or exit.
 */
#ifndef HZ_CLI_H
#define HZ_CLI_H

#include <stddef.h>

/* Exit codes (SPEC §4). */
enum {
	HZ_EXIT_OK = 0,        /* every file accepted */
	HZ_EXIT_PARTIAL = 1,   /* outputs written; some files rejected or units unknown (dump: file unreadable) */
	HZ_EXIT_FATAL = 2,     /* nothing written: bad settings, no checklist ... */
	HZ_EXIT_USAGE = 64,    /* the command line itself is wrong (EX_USAGE) */
	HZ_EXIT_BUSY = 75      /* run: another run holds the output folder (EX_TEMPFAIL; SPEC 8.1) */
};

typedef struct cli_opts {
	const char *command;         /* "run", "dump", "forms" */
	const char *args[16];        /* positional arguments after the command */
	size_t nargs;
	const char *output;          /* -o DIR; NULL = command default */
	int jobs;                    /* -j N; 0 = number of cores */
	int quiet;                   /* -q: no summary, no progress */
	int progress;                /* --progress/--no-progress; -1 = when stderr is a terminal */
	double wait_seconds;         /* run --wait SECONDS: for another run's lock; 0 = not at all */
	int json;                    /* history --json */
	int reviews;                 /* forms --reviews: the review groups' forms (SPEC 6.1) */
} cli_opts;

int cli_main(int argc, char **argv);

/* Commands, each in its own cli_<name>.c. Return the exit code. */
int cmd_run(const cli_opts *o);
int cmd_dump(const cli_opts *o);
int cmd_forms(const cli_opts *o);
int cmd_history(const cli_opts *o);

/* Shared by the commands. */
int cli_jobs(const cli_opts *o); /* -j or the number of online cores */

#endif
