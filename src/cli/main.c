/*
 * main.c - `linkscope <command> [options] FILE...`: finds the command and
 * hands it the rest of the command line, as git's builtins do.
 */
#include "cli.h"
#include "../lib/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "syms", cmd_syms,
	  "list symbols of objects, archives, libraries (nm-compatible, --json)" },
	{ "check", cmd_check,
	  "audit binaries: static?, hardening, libc floor, Go build facts; --require" },
	{ "link", cmd_link,
	  "dry run of a link: duplicates, undefined references, wrong-arch inputs, why" },
	{ "deps", cmd_deps,
	  "the dynamic loader simulated: what loads from where, versions, -r binding" },
	{ "gocgo", cmd_gocgo,
	  "where cgo enters a Go module's build, what CGO_ENABLED=0 loses (--json)" },
	{ "golinkname", cmd_golinkname,
	  "//go:linkname pulls judged as a GOROOT's linker would (Go 1.23+)" },
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *f)
{
	fputs("usage: linkscope <command> [options] FILE...\n"
	      "       linkscope help [COMMAND] | --help | --version\n\ncommands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'linkscope help <command>' describes a command.\n"
	      "linkscope never executes the files it inspects.\n", f);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* Levenshtein distance, capped: names are short (one row of 32). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[32];

	if (la >= 31 || lb >= 31)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

/* As git's help_unknown_cmd: the commands nearest by edit distance, if
 * near enough (at most 2 edits, or a prefix of the name). */
static void unknown(const char *name)
{
	size_t best = (size_t)-1, d[NCOMMANDS];
	int shown = 0;

	for (size_t i = 0; i < NCOMMANDS; i++) {
		d[i] = distance(name, commands[i].name);
		if (*name && !strncmp(commands[i].name, name, strlen(name)))
			d[i] = 1;
		if (d[i] < best)
			best = d[i];
	}
	fprintf(stderr, "linkscope: '%s' is not a command", name);
	if (best <= 2) {
		fputs("; did you mean", stderr);
		for (size_t i = 0; i < NCOMMANDS; i++)
			if (d[i] == best)
				fprintf(stderr, "%s '%s'", shown++ ? " or" : "",
					commands[i].name);
		fputs("?\n", stderr);
	} else {
		fputs("\n", stderr);
	}
	fputs("see 'linkscope --help'\n", stderr);
}

/* `linkscope help [CMD]`: the global help, or CMD's as `CMD --help`. */
static int help(int argc, char **argv)
{
	const struct command *c;
	char *args[] = { NULL, "--help", NULL };

	if (argc < 3) {
		usage(stdout);
		return LS_EXIT_OK;
	}
	if (argc > 3) {
		fprintf(stderr, "linkscope help: takes one command, not %d\n",
			argc - 2);
		return LS_EXIT_INPUT;
	}
	if (!(c = find(argv[2]))) {
		unknown(argv[2]);
		return LS_EXIT_INPUT;
	}
	args[0] = argv[2];
	return c->run(2, args);
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return LS_EXIT_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return LS_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc, argv);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("linkscope %s\n", LS_VERSION);
		return LS_EXIT_OK;
	}
	if ((c = find(argv[1])))
		return c->run(argc - 1, argv + 1);
	unknown(argv[1]);
	return LS_EXIT_INPUT;
}
