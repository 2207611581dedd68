/*
 * main.c - `linkscope <command> [options] FILE...`: finds the command and
 * hands it the rest of the command line, as git's builtins do.
 */
#include "cli.h"
#include "../lib/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void usage(FILE *f)
{
	fputs("usage: linkscope <command> [options] FILE...\n"
	      "       linkscope --help | --version\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'linkscope <command> --help' describes a command.\n"
	      "linkscope never executes the files it inspects.\n", f);
}

int cli_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "linkscope %s: ", cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: linkscope %s [options] FILE... (see --help)\n", cmd);
	return LS_EXIT_INPUT;
}

bool cli_want_color(const char *when)
{
	const char *nc = getenv("NO_COLOR");

	if (!strcmp(when, "always"))
		return true;
	if (!strcmp(when, "never"))
		return false;
	return isatty(STDOUT_FILENO) && !(nc && *nc);
}

void cli_input_error_to(FILE *f, const char *path, const char *member,
			const ls_diag *d)
{
	const char *what = d->warning ? "warning: " : "";

	if (member)
		fprintf(f, "linkscope: %s(%s): %s%s", path, member, what, d->msg);
	else
		fprintf(f, "linkscope: %s: %s%s", path, what, d->msg);
	if (d->has_offset)
		fprintf(f, " at offset 0x%llx", (unsigned long long)d->offset);
	fputc('\n', f);
}

void cli_input_error(const char *path, const char *member, const ls_diag *d)
{
	fflush(stdout);
	cli_input_error_to(stderr, path, member, d);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return LS_EXIT_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return LS_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("linkscope %s\n", LS_VERSION);
		return LS_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "linkscope: '%s' is not a command; see 'linkscope --help'\n",
		argv[1]);
	return LS_EXIT_INPUT;
}
