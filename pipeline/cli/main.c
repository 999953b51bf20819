#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"

#include "banned.h"

int main(int argc, char **argv)
{
	/*
	 * huizong never wants the machine's local time: dates are computed in
	 * the campaign's [campaign] timezone by plain arithmetic.  libzip,
	 * however, converts every zip entry's time through localtime(), so
	 * (1) the DOS timestamps our fixed 1980-01-01 outputs carry would
	 * depend on the machine's zone, breaking byte-identical outputs across
	 * machines, and (2) with TZ unset glibc re-stats /etc/localtime on
	 * every call (50,000 stats for a 2,000-unit run).  UTC fixes both.
	 * Set before any thread starts.
	 */
	setenv("TZ", "UTC0", 1);
	tzset();
	return cli_main(argc, argv);
}
