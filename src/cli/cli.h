/*
 * cli.h - what the subcommands share: their entry points and how errors
 * about inputs are printed.
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include "../lib/core/diag.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses, the same for every command. */
enum {
	LS_EXIT_OK = 0,
	LS_EXIT_POLICY = 1,	/* a requirement failed (check, link) */
	LS_EXIT_INPUT = 2,	/* bad input or bad usage */
};

int cmd_syms(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_deps(int argc, char **argv);
int cmd_golinkname(int argc, char **argv);
int cmd_gocgo(int argc, char **argv);
int cmd_link(int argc, char **argv);

/* "linkscope CMD: what\nusage: ..." on stderr; returns LS_EXIT_INPUT.
 * fmt takes one string argument. */
int cli_usage_error(const char *cmd, const char *fmt, const char *arg);

/* --color=WHEN: always, never, or auto (a terminal and NO_COLOR unset). */
bool cli_want_color(const char *when);

/* "linkscope: FILE[(member)]: what at offset 0x..." on stderr. */
void cli_input_error(const char *path, const char *member, const ls_diag *d);
/* The same line, written to f (a worker's buffer). */
void cli_input_error_to(FILE *f, const char *path, const char *member,
			const ls_diag *d);

#endif
