#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

#ifndef HZ_VERSION
#define HZ_VERSION "0.0.0"
#endif

/* Commands and options live in these two tables, which also print --help,
 * so the help can never disagree with what is parsed. */
static const struct command {
	const char *name;
	const char *synopsis;
	const char *summary;
	size_t min_args, max_args;
	int (*fn)(const cli_opts *);
} commands[] = {
	{"run", "run [CAMPAIGN_DIR] [-o OUTPUT_DIR] [-j N] [-q] [--wait SECONDS]",
	 "consolidate a campaign: results.json, 汇总报告.docx, 排名.xlsx, 反馈/ (defaults: input/ and output/)", 0, 1,
	 cmd_run},
	{"forms", "forms [CAMPAIGN_DIR] [-o DIR] [--reviews]",
	 "write a pre-filled 自查自评表.xlsx per roster unit, and a blank one; with --reviews the review groups' "
	 "考评表 and a blank 考评汇总表 (defaults: input/ and output/forms)", 0, 1,
	 cmd_forms},
	{"dump", "dump FILE", "print what huizong reads in one .xlsx/.docx, as JSON", 1, 1, cmd_dump},
	{"history", "history [OUTPUT_DIR] [--json]",
	 "print the nightly history of an output folder, one row per as_of date (default: output/)", 0, 1,
	 cmd_history},
};

enum opt_id { OPT_OUTPUT, OPT_JOBS, OPT_QUIET, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_WAIT, OPT_JSON, OPT_HELP, OPT_VERSION,
	      OPT_REVIEWS };

static const struct option_def {
	enum opt_id id;
	char short_name;
	const char *long_name;
	const char *arg; /* NULL: a flag */
	const char *commands; /* space-separated list, or NULL for all */
	const char *help;
} options[] = {
	{OPT_OUTPUT, 'o', "output", "DIR", "run forms", "output folder (run: output/; forms: output/forms)"},
	{OPT_JOBS, 'j', "jobs", "N", "run", "files read in parallel (default: number of cores)"},
	{OPT_QUIET, 'q', "quiet", NULL, "run forms", "no summary on stdout"},
	{OPT_PROGRESS, 0, "progress", NULL, "run", "progress line on stderr even when not a terminal"},
	{OPT_NO_PROGRESS, 0, "no-progress", NULL, "run", "no progress line"},
	{OPT_WAIT, 0, "wait", "SECONDS", "run", "wait up to SECONDS for another run on the same output folder (default: exit 75 at once)"},
	{OPT_JSON, 0, "json", NULL, "history", "rows as JSON"},
	{OPT_REVIEWS, 0, "reviews", NULL, "forms",
	 "the review groups' forms: a 考评表 per roster group (a sheet per unit that submitted) and a 考评汇总表"},
	{OPT_HELP, 'h', "help", NULL, NULL, "this help"},
	{OPT_VERSION, 'V', "version", NULL, NULL, "print the version"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int applies(const struct option_def *d, const char *cmd)
{
	const char *p;
	size_t n;
	if (!d->commands || !cmd)
		return 1;
	n = strlen(cmd);
	for (p = d->commands; (p = strstr(p, cmd)) != NULL; p += n)
		if ((p == d->commands || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static void print_options(FILE *f, const char *cmd)
{
	for (size_t i = 0; i < COUNT(options); i++) {
		const struct option_def *d = &options[i];
		char left[64];
		if (!applies(d, cmd))
			continue;
		if (d->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", d->short_name, d->long_name, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", d->long_name, d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(f, "  %-24s %s\n", left, d->help);
	}
}

static void usage(FILE *f)
{
	fprintf(f, "huizong %s — 汇总: consolidate checklist-campaign submissions\n\n", HZ_VERSION);
	fprintf(f, "usage: huizong <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < COUNT(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "  %-8s %s\n", "help", "help COMMAND: options of one command");
	fprintf(f, "\noptions:\n");
	print_options(f, NULL);
	fprintf(f, "\nexit codes: 0 all files accepted; 1 outputs written but some files rejected or units unknown"
		   "\n(dump: file unreadable); 2 nothing written (bad settings, no checklist ...); 64 wrong command line;"
		   "\n75 another run is using the output folder (run: try again later, or --wait)\n");
}

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < COUNT(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int command_help(const char *name)
{
	const struct command *c = find_command(name);
	if (!c) {
		fprintf(stderr, "huizong: no command '%s' (see huizong --help)\n", name);
		return HZ_EXIT_USAGE;
	}
	printf("usage: huizong %s\n\n%s\n\noptions:\n", c->synopsis, c->summary);
	print_options(stdout, c->name);
	return HZ_EXIT_OK;
}

static int bad_usage(const char *fmt, const char *what)
{
	fprintf(stderr, "huizong: ");
	fprintf(stderr, fmt, what);
	fprintf(stderr, "\n(see huizong --help)\n");
	return HZ_EXIT_USAGE;
}

/* --wait: whole or decimal seconds, up to a day (a nightly run's span). */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v;
	/* digits and one point only: strtod would take "0x10", "1e3", "inf" */
	if (!s[0] || strspn(s, "0123456789.") != strlen(s) || strchr(s, '.') != strrchr(s, '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= 86400))
		return -1;
	*out = v;
	return 0;
}

static int parse_jobs(const char *s, int *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 1 || v > 256)
		return -1;
	*out = (int)v;
	return 0;
}

/* Finds the option a word names; *inline_arg gets "--output=DIR"'s DIR. */
static const struct option_def *find_option(const char *word, const char **inline_arg)
{
	*inline_arg = NULL;
	if (word[1] == '-') {
		const char *name = word + 2, *eq = strchr(name, '=');
		size_t n = eq ? (size_t)(eq - name) : strlen(name);
		for (size_t i = 0; i < COUNT(options); i++)
			if (strlen(options[i].long_name) == n && strncmp(options[i].long_name, name, n) == 0) {
				if (eq)
					*inline_arg = eq + 1;
				return &options[i];
			}
		return NULL;
	}
	for (size_t i = 0; i < COUNT(options); i++)
		if (options[i].short_name && options[i].short_name == word[1]) {
			if (word[2])
				*inline_arg = word + 2; /* -j2 */
			return &options[i];
		}
	return NULL;
}

int cli_jobs(const cli_opts *o)
{
	long n;
	if (o->jobs > 0)
		return o->jobs;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : (n > 64 ? 64 : (int)n);
}

int cli_main(int argc, char **argv)
{
	cli_opts o;
	const struct command *cmd = NULL;
	int want_help = 0, only_args = 0;

	memset(&o, 0, sizeof(o));
	o.progress = -1;
	if (argc < 2) {
		usage(stderr);
		return HZ_EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc == 2) {
			usage(stdout);
			return HZ_EXIT_OK;
		}
		return argc == 3 ? command_help(argv[2]) : bad_usage("%s", "help takes one command name");
	}
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i], *arg;
		const struct option_def *d;
		if (only_args || w[0] != '-' || w[1] == '\0') {
			if (!cmd) {
				cmd = find_command(w);
				if (!cmd)
					return bad_usage("unknown command '%s'", w);
				o.command = cmd->name;
			} else if (o.nargs < COUNT(o.args)) {
				o.args[o.nargs++] = w;
			} else {
				return bad_usage("%s", "too many arguments");
			}
			continue;
		}
		if (strcmp(w, "--") == 0) {
			only_args = 1;
			continue;
		}
		d = find_option(w, &arg);
		if (!d)
			return bad_usage("unknown option '%s'", w);
		if (cmd && !applies(d, cmd->name)) {
			fprintf(stderr, "huizong: option '%s' does not apply to '%s'\n(see huizong help %s)\n", w, cmd->name,
				cmd->name);
			return HZ_EXIT_USAGE;
		}
		if (d->arg && !arg) {
			if (i + 1 >= argc)
				return bad_usage("option '%s' needs a value", w);
			arg = argv[++i];
		} else if (!d->arg && arg) {
			return bad_usage("option '%s' takes no value", w);
		}
		switch (d->id) {
		case OPT_OUTPUT:
			o.output = arg;
			break;
		case OPT_JOBS:
			if (parse_jobs(arg, &o.jobs))
				return bad_usage("-j needs a number from 1 to 256, not '%s'", arg);
			break;
		case OPT_WAIT:
			if (parse_seconds(arg, &o.wait_seconds))
				return bad_usage("--wait needs a number of seconds from 0 to 86400, not '%s'", arg);
			break;
		case OPT_JSON:
			o.json = 1;
			break;
		case OPT_QUIET:
			o.quiet = 1;
			break;
		case OPT_PROGRESS:
			o.progress = 1;
			break;
		case OPT_NO_PROGRESS:
			o.progress = 0;
			break;
		case OPT_REVIEWS:
			o.reviews = 1;
			break;
		case OPT_HELP:
			want_help = 1;
			break;
		case OPT_VERSION:
			printf("huizong %s\n", HZ_VERSION);
			return HZ_EXIT_OK;
		}
	}
	if (want_help) {
		if (cmd)
			return command_help(cmd->name);
		usage(stdout);
		return HZ_EXIT_OK;
	}
	if (!cmd) {
		usage(stderr);
		return HZ_EXIT_USAGE;
	}
	if (o.nargs < cmd->min_args || o.nargs > cmd->max_args) {
		fprintf(stderr, "huizong: wrong number of arguments\nusage: huizong %s\n", cmd->synopsis);
		return HZ_EXIT_USAGE;
	}
	return cmd->fn(&o);
}
