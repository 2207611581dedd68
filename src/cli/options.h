/*
 * options.h - the one option parser of the subcommands.
 *
 * Each command describes its options in a table (long and short name,
 * argument, help text, and the field it sets or the function it calls)
 * and says which of the shared options it takes (--json, --sarif,
 * --color, --jobs, --output).  cli_parse() turns the table into
 * getopt_long's arguments, applies each option, refuses what the table
 * does not know with one message and one usage tail, and writes --help
 * from the same table, so that every command's help is laid out alike
 * and cannot drift from what it accepts.
 *
 * A command's option structure starts with a cli_common, which the shared
 * options fill; the table's offsets are into that structure.
 */
#ifndef LS_CLI_OPTIONS_H
#define LS_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The shared options a command takes. */
enum {
	CLI_JSON = 1 << 0,	/* --json */
	CLI_SARIF = 1 << 1,	/* --sarif (refused together with --json) */
	CLI_COLOR = 1 << 2,	/* --color=WHEN (and --colour) */
	CLI_JOBS = 1 << 3,	/* -j, --jobs=N */
	CLI_OUTPUT = 1 << 4,	/* --output=FILE */
};

enum cli_fmt { CLI_FMT_TEXT, CLI_FMT_JSON, CLI_FMT_SARIF };

/* What the shared options set; the first member of every command's
 * option structure. */
typedef struct cli_common {
	enum cli_fmt fmt;
	bool json, sarif;	/* as given, to refuse both */
	bool color;		/* the answer to --color=WHEN, for text */
	const char *color_when;	/* auto, always, never */
	long jobs;		/* default: the online CPUs */
	const char *output;	/* NULL: standard output */
} cli_common;

enum cli_how {
	CLI_SET_TRUE,		/* bool field = true */
	CLI_SET_FALSE,		/* bool field = false */
	CLI_SET_STR,		/* const char * field = the argument */
	CLI_SET_INT,		/* int field = val */
	CLI_CALL,		/* fn(opts, argument): 0, or an exit status */
};

enum cli_arg { CLI_NOARG, CLI_REQARG, CLI_OPTARG };

typedef struct cli_opt {
	const char *lng;	/* long name, or NULL */
	char shrt;		/* short letter, or 0 */
	enum cli_arg arg;
	const char *meta;	/* the argument's name in --help ("N") */
	const char *help;	/* NULL: not listed (an alias) */
	enum cli_how how;
	size_t off;		/* the field, for CLI_SET_* */
	int val;		/* for CLI_SET_INT */
	int (*fn)(void *opts, const char *arg);
	const char *spell;	/* --help's left column, when not derived */
} cli_opt;

/* Table entries: a flag that sets a bool, an option whose argument is
 * kept, an option handled by a function. */
#define CLI_FLAG(l, s, type, field, h) \
	{ .lng = (l), .shrt = (s), .arg = CLI_NOARG, .help = (h), \
	  .how = CLI_SET_TRUE, .off = offsetof(type, field) }
#define CLI_UNFLAG(l, s, type, field, h) \
	{ .lng = (l), .shrt = (s), .arg = CLI_NOARG, .help = (h), \
	  .how = CLI_SET_FALSE, .off = offsetof(type, field) }
/* A flag whose --help spelling lists its aliases ("-n, -v, --numeric-sort"). */
#define CLI_FLAG_AS(l, s, type, field, sp, h) \
	{ .lng = (l), .shrt = (s), .arg = CLI_NOARG, .help = (h), .spell = (sp), \
	  .how = CLI_SET_TRUE, .off = offsetof(type, field) }
#define CLI_INT(l, s, type, field, v, h) \
	{ .lng = (l), .shrt = (s), .arg = CLI_NOARG, .help = (h), \
	  .how = CLI_SET_INT, .off = offsetof(type, field), .val = (v) }
#define CLI_STR(l, s, m, type, field, h) \
	{ .lng = (l), .shrt = (s), .arg = CLI_REQARG, .meta = (m), .help = (h), \
	  .how = CLI_SET_STR, .off = offsetof(type, field) }
#define CLI_FN(l, s, a, m, f, h) \
	{ .lng = (l), .shrt = (s), .arg = (a), .meta = (m), .help = (h), \
	  .how = CLI_CALL, .fn = (f) }

typedef struct cli_cmd {
	const char *name;	/* "check" */
	const char *operands;	/* "FILE|DIR..." for the usage line */
	const char *about;	/* the paragraph after the usage line */
	const char *after;	/* what follows the options: exit status ... */
	void (*more_help)(FILE *f);	/* between the options and after */
	unsigned shared;	/* CLI_JSON | ... */
	bool stop_at_operand;	/* options end at the first operand ("+") */
	const char *missing;	/* the usage error without operands; NULL:
				 * operands are optional */
	const cli_opt *opts;	/* ended by an entry without names */
} cli_cmd;

/* Parses argv into opts (a structure that starts with a cli_common) and
 * sets *first to the index of the first operand.  Returns 0 to go on, -1
 * after --help was printed (exit 0), or an exit status after a usage
 * error was printed.  With --output, standard output is that file from
 * here on. */
int cli_parse(const cli_cmd *cmd, int argc, char **argv, void *opts,
	      int *first);

/* "linkscope CMD: what" and the usage tail on stderr; returns the usage
 * exit status.  fmt takes one string argument. */
int cli_usage(const cli_cmd *cmd, const char *fmt, const char *arg);

#endif
