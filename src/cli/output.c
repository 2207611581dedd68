/*
 * output.c - the one way the commands print a diagnostic, and the
 * ordered output of inputs run in parallel (cli.h).
 *
 * Inputs run on the pool write to memory; printing them in input order
 * once all are done keeps the output independent of scheduling.  A
 * diagnostic is one line on stderr, and in a JSON document one element of
 * "errors", so that a program reading the document sees every input that
 * could not be read, whatever the command.
 */
#include "cli.h"
#include "../lib/core/array.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_oom(void)
{
	fflush(stdout);
	fputs("linkscope: out of memory\n", stderr);
	return LS_EXIT_INPUT;
}

/*
 * A memory stream like open_memstream's (*buf NUL-terminated, *len its
 * length, both final after fclose), on fopencookie: glibc's
 * open_memstream callocs and zeroes a BUFSIZ buffer per stream, which cost
 * check -r as much as a fifth of its time on small files.  Here the buffer
 * grows through ls_array_reserve only as bytes arrive.
 */
typedef struct {
	char **buf;
	size_t *len, cap;
} mem_cookie;

static ssize_t mem_write(void *c, const char *p, size_t n)
{
	mem_cookie *m = c;

	if (ls_array_reserve(m->buf, &m->cap, *m->len + n + 1, 1) < 0)
		return -1;
	memcpy(*m->buf + *m->len, p, n);
	*m->len += n;
	(*m->buf)[*m->len] = '\0';
	return (ssize_t)n;
}

static int mem_close(void *c)
{
	mem_cookie *m = c;
	int rc = 0;

	/* Like open_memstream, an empty stream leaves "" rather than NULL. */
	if (!*m->buf && !(*m->buf = calloc(1, 1)))
		rc = -1;
	free(m);
	return rc;
}

FILE *cli_memstream(char **buf, size_t *len)
{
	static const cookie_io_functions_t io = {
		.write = mem_write, .close = mem_close,
	};
	mem_cookie *m = malloc(sizeof *m);
	FILE *f;

	if (!m)
		exit(cli_oom());
	*m = (mem_cookie){ buf, len, 0 };
	*buf = NULL;
	*len = 0;
	if (!(f = fopencookie(m, "w", io)))
		exit(cli_oom());
	return f;
}

void cli_slot_open(cli_slot *s, bool json)
{
	s->json = json;
	s->out = cli_memstream(&s->outb, &s->outn);
}

void cli_slot_close(cli_slot *s)
{
	if (s->out)
		fclose(s->out);
	if (s->err)
		fclose(s->err);
	if (s->jerr)
		fclose(s->jerr);
	s->out = s->err = s->jerr = NULL;
}

static void line(FILE *f, const char *path, const char *member, const ls_diag *d)
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
	line(stderr, path, member, d);
}

void cli_diag(cli_slot *s, const char *path, const char *member,
	      const ls_diag *d)
{
	if (!s || s->direct) {
		cli_input_error(path, member, d);
	} else {
		if (!s->err)
			s->err = cli_memstream(&s->errb, &s->errn);
		line(s->err, path, member, d);
	}
	if (!s || d->warning)
		return;
	s->errors++;
	if (!s->json)
		return;
	if (!s->jerr) {
		s->jerr = cli_memstream(&s->jerrb, &s->jerrn);
		ls_json_init_at(&s->ej, s->jerr, false, 2);
	}
	ls_json_input_error(&s->ej, path, member, d->msg, d->has_offset, d->offset);
}

void cli_diag_errors(cli_slot *s, const ls_input_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		cli_diag(s, e->v[i].path, e->v[i].member, &e->v[i].diag);
}

void cli_note(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "linkscope %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_cmd_error(const char *cmd, const ls_diag *d, const char *where)
{
	if (d->has_offset)
		cli_note(cmd, "%s at offset 0x%llx%s", d->msg,
			 (unsigned long long)d->offset, where);
	else
		cli_note(cmd, "%s", d->msg);
}

void cli_slots_print(cli_slot *s, size_t n, const char *sep, ls_json *doc,
		     char **errs, size_t *errslen)
{
	FILE *ef = NULL;
	ls_json ej;
	bool first = true;

	*errs = NULL;
	*errslen = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i].errn) {
			fflush(stdout);
			fwrite(s[i].errb, 1, s[i].errn, stderr);
			fflush(stderr);
		}
		if (s[i].outn && doc) {
			ls_json_raw(doc, s[i].outb, s[i].outn);
		} else if (s[i].outn) {
			if (!first && sep)
				fputs(sep, stdout);
			fwrite(s[i].outb, 1, s[i].outn, stdout);
			first = false;
		}
		if (s[i].jerrn) {
			if (!ef) {
				ef = cli_memstream(errs, errslen);
				ls_json_init_at(&ej, ef, false, 2);
			}
			ls_json_raw(&ej, s[i].jerrb, s[i].jerrn);
		}
		free(s[i].outb);
		free(s[i].errb);
		free(s[i].jerrb);
		s[i].outb = s[i].errb = s[i].jerrb = NULL;
	}
	if (ef)
		fclose(ef);
}

int cli_flush(void)
{
	if (fflush(stdout) != 0) {
		perror("linkscope: writing output");
		return LS_EXIT_INPUT;
	}
	return 0;
}
