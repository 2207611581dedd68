/*
 * options.c - one getopt_long loop for every command, driven by its
 * option table (options.h), and the --help that table describes.
 *
 * The shared options are one table here, appended to each command's
 * own entries according to cmd->shared, so that --color, --jobs, --json,
 * --sarif and --output are spelled, checked and documented once.
 */
#include "options.h"
#include "cli.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAXOPTS = 64 };

static int set_json(void *o, const char *arg)
{
	cli_common *c = o;

	(void)arg;
	c->json = true;
	c->fmt = CLI_FMT_JSON;
	return 0;
}

static int set_sarif(void *o, const char *arg)
{
	cli_common *c = o;

	(void)arg;
	c->sarif = true;
	c->fmt = CLI_FMT_SARIF;
	return 0;
}

static const cli_cmd *parsing;	/* for the shared options' messages */

static int set_color(void *o, const char *arg)
{
	cli_common *c = o;

	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
		return cli_usage(parsing, "--color takes auto, always or never, not '%s'", arg);
	c->color_when = arg;
	return 0;
}

static int set_jobs(void *o, const char *arg)
{
	cli_common *c = o;
	char *end;
	long n = strtol(arg, &end, 10);

	if (n < 1 || n > 256 || end == arg)
		return cli_usage(parsing, "--jobs takes 1 to 256, not '%s'", arg);
	c->jobs = n;
	return 0;
}

static int set_output(void *o, const char *arg)
{
	cli_common *c = o;

	if (!*arg)
		return cli_usage(parsing, "%s", "--output needs a file name");
	c->output = arg;
	return 0;
}

/* In the order --help lists them, each with the bit that enables it. */
static const struct shared {
	unsigned bit;
	cli_opt opt;
} shared[] = {
	{ CLI_JSON, CLI_FN("json", 0, CLI_NOARG, NULL, set_json, NULL) },
	{ CLI_SARIF, CLI_FN("sarif", 0, CLI_NOARG, NULL, set_sarif,
			    "SARIF 2.1.0, for code-scanning upload") },
	{ CLI_OUTPUT, CLI_FN("output", 0, CLI_REQARG, "FILE", set_output,
			     "write the report to FILE instead of standard output") },
	{ CLI_COLOR, CLI_FN("color", 0, CLI_REQARG, "WHEN", set_color,
			    "auto (default: a terminal, NO_COLOR unset, TERM not dumb), always, never") },
	{ CLI_COLOR, CLI_FN("colour", 0, CLI_REQARG, "WHEN", set_color, NULL) },
	{ CLI_JOBS, CLI_FN("jobs", 'j', CLI_REQARG, "N", set_jobs,
			   "N inputs at a time (default: online CPUs)") },
};

static const cli_opt help_opt = { .lng = "help", .shrt = 'h', .help = "this help" };

/* The command's entries, then the shared ones it takes, then --help. */
static size_t collect(const cli_cmd *cmd, const cli_opt **all)
{
	size_t n = 0;

	for (const cli_opt *o = cmd->opts; o && (o->lng || o->shrt); o++)
		if (n < MAXOPTS - 8)
			all[n++] = o;
	for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
		if (cmd->shared & shared[i].bit)
			all[n++] = &shared[i].opt;
	all[n++] = &help_opt;
	return n;
}

static void left_column(char *buf, size_t n, const cli_opt *o)
{
	const char *eq = o->arg == CLI_OPTARG ? "[=" : "=";

	if (o->spell)
		snprintf(buf, n, "%s", o->spell);
	else if (o->lng && o->shrt)
		snprintf(buf, n, "-%c, --%s%s%s%s", o->shrt, o->lng,
			 o->meta ? eq : "", o->meta ? o->meta : "",
			 o->meta && o->arg == CLI_OPTARG ? "]" : "");
	else if (o->lng)
		snprintf(buf, n, "    --%s%s%s%s", o->lng, o->meta ? eq : "",
			 o->meta ? o->meta : "",
			 o->meta && o->arg == CLI_OPTARG ? "]" : "");
	else
		snprintf(buf, n, "-%c%s%s", o->shrt, o->meta ? " " : "",
			 o->meta ? o->meta : "");
}

/* "  LEFT<pad>help", help's further lines under its first. */
static void help_line(FILE *f, const char *left, const char *help)
{
	const int col = 24;
	int w = fprintf(f, "  %s", left) - 2;

	if (w >= col)
		fprintf(f, "\n%*s", col + 2, "");
	else
		fprintf(f, "%*s", col - w, "");
	for (const char *p = help; *p; p++) {
		fputc(*p, f);
		if (*p == '\n' && p[1])
			fprintf(f, "%*s", col + 2, "");
	}
	fputc('\n', f);
}

static void print_help(const cli_cmd *cmd, const cli_opt *const *all, size_t n)
{
	FILE *f = stdout;
	char left[128], json[96];

	fprintf(f, "usage: linkscope %s [options] %s\n\n%s\n", cmd->name,
		cmd->operands, cmd->about);
	snprintf(json, sizeof json, "one JSON document (docs/json-%s.md)", cmd->name);
	for (size_t i = 0; i < n; i++) {
		const char *h = all[i]->help;

		if (all[i]->fn == set_json)
			h = json;
		if (!h)
			continue;
		left_column(left, sizeof left, all[i]);
		help_line(f, left, h);
	}
	if (cmd->more_help)
		cmd->more_help(f);
	if (cmd->after)
		fprintf(f, "\n%s", cmd->after);
}

int cli_usage(const cli_cmd *cmd, const char *fmt, const char *arg)
{
	fflush(stdout);
	fprintf(stderr, "linkscope %s: ", cmd->name);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: linkscope %s [options] %s (see 'linkscope %s --help')\n",
		cmd->name, cmd->operands, cmd->name);
	return LS_EXIT_INPUT;
}

static int apply(const cli_opt *o, void *opts, const char *arg)
{
	char *field = (char *)opts + o->off;

	switch (o->how) {
	case CLI_SET_TRUE: *(bool *)field = true; return 0;
	case CLI_SET_FALSE: *(bool *)field = false; return 0;
	case CLI_SET_STR: *(const char **)field = arg; return 0;
	case CLI_SET_INT: *(int *)field = o->val; return 0;
	case CLI_CALL: return o->fn ? o->fn(opts, arg) : 0;
	}
	return 0;
}

/* After the loop: what the shared options mean together, and whether
 * there are operands. */
static int settle(const cli_cmd *cmd, cli_common *c, bool operands)
{
	/* TERM=dumb has no escapes, as git (color.c) and GCC
	 * (diagnostic-color.cc) judge it. */
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (c->json && c->sarif)
		return cli_usage(cmd, "%s", "--json and --sarif exclude each other");
	if (!operands && cmd->missing)
		return cli_usage(cmd, "%s", cmd->missing);
	if (!c->color_when || !strcmp(c->color_when, "auto"))
		c->color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
			   !(term && !strcmp(term, "dumb")) && !c->output;
	else
		c->color = !strcmp(c->color_when, "always");
	if (c->fmt != CLI_FMT_TEXT)
		c->color = false;
	if (c->output && !freopen(c->output, "w", stdout)) {
		fprintf(stderr, "linkscope %s: %s: cannot write: %m\n", cmd->name,
			c->output);
		return LS_EXIT_INPUT;
	}
	return 0;
}

/* The first entry doing what entry i does (--colour is --color), so that
 * getopt_long takes an abbreviation of both (--col) as one option. */
static size_t alias_of(const cli_opt *const *all, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (all[k]->how == all[i]->how && all[k]->off == all[i]->off &&
		    all[k]->fn == all[i]->fn && all[k]->val == all[i]->val &&
		    all[k]->arg == all[i]->arg)
			return k;
	return i;
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *opts,
	      int *first)
{
	const cli_opt *all[MAXOPTS];
	struct option lo[MAXOPTS + 1];
	char so[3 * MAXOPTS + 3];
	size_t n = collect(cmd, all), nl = 0, ns = 0;
	cli_common *c = opts;
	int ch, rc;

	parsing = cmd;
	c->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	so[ns++] = cmd->stop_at_operand ? '+' : ':';
	if (cmd->stop_at_operand)
		so[ns++] = ':';
	for (size_t i = 0; i < n; i++) {
		const cli_opt *o = all[i];
		int has = o->arg == CLI_NOARG ? no_argument :
			  o->arg == CLI_REQARG ? required_argument : optional_argument;

		if (o->lng)
			lo[nl++] = (struct option){ o->lng, has, NULL,
						    256 + (int)alias_of(all, i) };
		if (o->shrt) {
			so[ns++] = o->shrt;
			for (int k = 0; k < has; k++)
				so[ns++] = ':';
		}
	}
	lo[nl] = (struct option){ 0 };
	so[ns] = 0;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		const cli_opt *o = NULL;

		if (ch >= 256)
			o = all[ch - 256];
		for (size_t i = 0; !o && ch != '?' && ch != ':' && i < n; i++)
			if (all[i]->shrt == ch)
				o = all[i];
		if (o == &help_opt) {
			print_help(cmd, all, n);
			return -1;
		}
		if (ch == ':')
			return cli_usage(cmd, "option '%s' needs an argument", argv[optind - 1]);
		if (!o)
			return cli_usage(cmd, "unknown option '%s'", argv[optind - 1]);
		if ((rc = apply(o, opts, optarg)) != 0)
			return rc;
	}
	if ((rc = settle(cmd, c, optind < argc)) != 0)
		return rc;
	*first = optind;
	return 0;
}
