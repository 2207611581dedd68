/*
 * cli.h - what the subcommands share: their entry points, exit statuses,
 * the one way a diagnostic is printed (and recorded in a JSON document's
 * "errors"), and the ordered output of inputs run on the pool.
 */
#ifndef LS_CLI_H
#define LS_CLI_H

#include "../lib/core/diag.h"
#include "../lib/pipeline/input_errors.h"
#include "../lib/report/json.h"
#include "options.h"

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

/*
 * Where one input's output and diagnostics go.  A pooled input (check,
 * deps) writes its report to out and its error lines to a buffer, both
 * printed in input order by cli_slots_print; a direct one (syms,
 * golinkname) prints error lines at once.  With json, each error is also
 * an element of the document's "errors" array.
 */
typedef struct cli_slot {
	FILE *out;		/* the report (cli_slot_open) */
	FILE *err, *jerr;	/* opened on the first diagnostic */
	ls_json ej;		/* writes "errors" elements into jerr */
	bool json, direct;
	int errors;		/* errors reported; warnings are not */
	char *outb, *errb, *jerrb;
	size_t outn, errn, jerrn;
} cli_slot;

/* Opens s->out in memory; exits on out of memory (a CLI, not the
 * library). */
void cli_slot_open(cli_slot *s, bool json);
/* Closes the streams; the buffers stay for cli_slots_print. */
void cli_slot_close(cli_slot *s);

/* "linkscope: FILE[(member)]: [warning: ]what[ at offset 0x...]", to the
 * slot's error lines (stderr for a direct slot or s == NULL), and with
 * JSON an "errors" element unless a warning.  Counts errors in s. */
void cli_diag(cli_slot *s, const char *path, const char *member,
	      const ls_diag *d);
/* cli_diag for each input a pipeline could not read (its result's
 * errors, pipeline/input_errors.h), in the order met. */
void cli_diag_errors(cli_slot *s, const ls_input_errors *e);
/* The same line, straight to stderr. */
void cli_input_error(const char *path, const char *member, const ls_diag *d);
/* "linkscope CMD: what[ at offset 0x...WHERE]" for a failure that is not
 * one input's (the driver, go); where is "" or " of its output". */
void cli_cmd_error(const char *cmd, const ls_diag *d, const char *where);

/* "linkscope CMD: ..." on stderr, after what stdout holds: a note or a
 * failure in the command's own words. */
void cli_note(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "linkscope: out of memory"; returns the exit status for it. */
int cli_oom(void);
/* A memory stream for buffered output; exits on out of memory. */
FILE *cli_memstream(char **buf, size_t *len);

/* Prints n slots in input order: each one's error lines on stderr, then
 * its report on stdout, after sep when an earlier slot printed one (text),
 * or as elements through doc (JSON, SARIF: the slots hold fragments).
 * The "errors" elements of all slots are gathered in *errs (malloc'd, the
 * caller frees; *errs NULL when none).  Frees the slots' buffers. */
void cli_slots_print(cli_slot *s, size_t n, const char *sep, ls_json *doc,
		     char **errs, size_t *errslen);

/* Ends a command's output: 0, or 2 after "writing output" failed. */
int cli_flush(void);

#endif
