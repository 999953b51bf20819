#include <stdio.h>

#include "cli.h"

#include "banned.h"

/* Not built yet: says so honestly instead of pretending. */
int cmd_dump(const cli_opts *o)
{
	(void)o;
	fprintf(stderr, "huizong: 'dump' is not implemented yet\n");
	return HZ_EXIT_FATAL;
}
