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

static void usage(FILE *f)
{
	fputs("usage: linkscope <command> [options] FILE...\n"
	      "       linkscope --help | --version\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'linkscope <command> --help' describes a command.\n"
	      "linkscope never executes the files it inspects.\n", f);
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
