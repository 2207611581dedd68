/*
 * lsquery.c - a small program on the installed linkscope library: what
 * `linkscope syms`, `check`, `deps` and `link` answer, through the public
 * API only (<linkscope/linkscope.h>, linked through pkg-config).
 *
 *   cc lsquery.c $(pkg-config --cflags --libs linkscope) -o lsquery
 *   ./lsquery version
 *   ./lsquery syms [-D] [-m] FILE    nm's lines (-m: read FILE into memory
 *                                    first and analyse the buffer)
 *   ./lsquery check [-m] FILE [REQUIREMENTS]
 *   ./lsquery deps PROGRAM
 *   ./lsquery link CC ARGS...        the dry link of a command line
 *
 * tests/e2e/install.sh builds it against the installed copy and compares
 * its answers with the command-line tool's.
 */
#include <linkscope/linkscope.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "FILE(MEMBER): what at offset 0x..." as the command says it. */
static void print_error(const linkscope_error *e)
{
	const char *file = linkscope_error_file(e);
	const char *member = linkscope_error_member(e);
	uint64_t off;

	if (file)
		fprintf(stderr, "%s%s%s%s: ", file, member ? "(" : "",
			member ? member : "", member ? ")" : "");
	fputs(linkscope_error_message(e), stderr);
	if (linkscope_error_offset(e, &off))
		fprintf(stderr, " at offset 0x%" PRIx64, off);
}

static int fail(const char *what, linkscope_status st, linkscope_error *e)
{
	fprintf(stderr, "lsquery: %s: %s", what, linkscope_status_name(st));
	if (e) {
		fputs(": ", stderr);
		print_error(e);
	}
	fputc('\n', stderr);
	linkscope_error_free(e);
	return 2;
}

/* An object of the input that could not be read: the run goes on, as
 * the command goes on to the next member. */
static void object_error(const linkscope_error *e)
{
	fputs("lsquery: ", stderr);
	print_error(e);
	fputc('\n', stderr);
}

/* The whole file in a heap buffer: an input that exists only in memory. */
static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 65536);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 65536;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	*len = n;
	return buf;
}

static linkscope_status open_input(const char *path, int memory,
				   void **buf, linkscope_input **in,
				   linkscope_error **err)
{
	size_t len = 0;

	*buf = NULL;
	if (!memory)
		return linkscope_input_open_file(path, in, err);
	*buf = slurp(path, &len);
	if (!*buf) {
		perror(path);
		return LINKSCOPE_ERR_IO;
	}
	return linkscope_input_open_memory(path, *buf, len, in, err);
}

/* nm's BSD lines for a 64-bit object: value (blank when undefined),
 * letter, name and version. */
static int syms(int argc, char **argv)
{
	unsigned flags = 0;
	int memory = 0, i;
	linkscope_input *in;
	linkscope_syms *r;
	linkscope_error *e = NULL;
	linkscope_status st;
	void *buf;

	for (i = 0; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-D"))
			flags |= LINKSCOPE_SYMS_DYNAMIC;
		else if (!strcmp(argv[i], "-m"))
			memory = 1;
	}
	if (i >= argc)
		return fail("syms", LINKSCOPE_ERR_USAGE, NULL);
	st = open_input(argv[i], memory, &buf, &in, &e);
	if (st != LINKSCOPE_OK)
		return fail(argv[i], st, e);
	st = linkscope_syms_run(in, flags, &r, &e);
	linkscope_input_close(in);
	free(buf);		/* results do not borrow from the input */
	if (st != LINKSCOPE_OK)
		return fail(argv[i], st, e);
	for (size_t k = 0; k < linkscope_syms_count(r); k++) {
		char c = linkscope_syms_letter(r, k);
		int dflt;
		const char *ver = linkscope_syms_version(r, k, &dflt);

		if (c == 'U' || c == 'w' || c == 'v')
			printf("%16s %c %s", "", c, linkscope_syms_name(r, k));
		else
			printf("%016" PRIx64 " %c %s", linkscope_syms_value(r, k),
			       c, linkscope_syms_name(r, k));
		if (ver)
			printf("%s%s", dflt ? "@@" : "@", ver);
		putchar('\n');
	}
	int rc = linkscope_syms_error_count(r) ? 2 : 0;
	for (size_t k = 0; k < linkscope_syms_error_count(r); k++)
		object_error(linkscope_syms_error(r, k));
	linkscope_syms_free(r);
	return rc;
}

static int check(int argc, char **argv)
{
	int memory = argc > 0 && !strcmp(argv[0], "-m");
	linkscope_input *in;
	linkscope_check *r;
	linkscope_error *e = NULL;
	linkscope_status st;
	void *buf;

	argv += memory;
	argc -= memory;
	if (argc < 1)
		return fail("check", LINKSCOPE_ERR_USAGE, NULL);
	st = open_input(argv[0], memory, &buf, &in, &e);
	if (st != LINKSCOPE_OK)
		return fail(argv[0], st, e);
	st = linkscope_check_run(in, argc > 1 ? argv[1] : NULL, &r, &e);
	linkscope_input_close(in);
	free(buf);
	if (st != LINKSCOPE_OK)
		return fail(argv[0], st, e);
	for (size_t i = 0; i < linkscope_check_count(r); i++) {
		static const char *const facts[] = { "kind", "machine",
			"interp", "relro", "libc", "glibc_floor" };
		static const char *const flags[] = { "static", "pie", "nx",
			"canary", "bindnow" };

		for (size_t k = 0; k < sizeof facts / sizeof *facts; k++) {
			const char *v = linkscope_check_fact(r, i, facts[k]);
			printf("%s=%s\n", facts[k], v ? v : "null");
		}
		for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
			printf("%s=%s\n", flags[k],
			       linkscope_check_flag(r, i, flags[k]) ? "true" : "false");
		for (size_t k = 0; k < linkscope_check_needed_count(r, i); k++)
			printf("needed=%s\n", linkscope_check_needed(r, i, k));
		for (size_t k = 0; k < linkscope_check_failure_count(r, i); k++) {
			const char *c = linkscope_check_failure_fix(r, i, k, "c");
			const char *go = linkscope_check_failure_fix(r, i, k, "go");
			const char *sy = linkscope_check_failure_symptom(r, i, k);

			printf("failed=%s\n",
			       linkscope_check_failure_requirement(r, i, k));
			/* The next step: what the user will meet, the fixes. */
			printf("symptom=%s\nfix.c=%s\nfix.go=%s\n",
			       sy ? sy : "null", c ? c : "null", go ? go : "null");
		}
	}
	int rc = linkscope_check_ok(r) ? 0 : 1;
	printf("ok=%s\n", rc ? "false" : "true");
	for (size_t k = 0; k < linkscope_check_error_count(r); k++) {
		object_error(linkscope_check_error(r, k));
		rc = 2;
	}
	linkscope_check_free(r);
	return rc;
}

static int deps(int argc, char **argv)
{
	linkscope_deps *r;
	linkscope_error *e = NULL;
	linkscope_status st;

	if (argc < 1)
		return fail("deps", LINKSCOPE_ERR_USAGE, NULL);
	st = linkscope_deps_run(argv[0], NULL, &r, &e);
	if (st != LINKSCOPE_OK)
		return fail(argv[0], st, e);
	for (size_t i = 1; i < linkscope_deps_count(r); i++)
		printf("%s => %s (%s)\n", linkscope_deps_name(r, i),
		       linkscope_deps_path(r, i) ? linkscope_deps_path(r, i)
						 : "not found",
		       linkscope_deps_how(r, i));
	int rc = linkscope_deps_ok(r) ? 0 : 1;
	printf("missing=%zu\nok=%s\n", linkscope_deps_missing_count(r),
	       rc ? "false" : "true");
	if (rc)
		printf("reason=%s\n", linkscope_deps_reason(r));
	linkscope_deps_free(r);
	return rc;
}

static int link(int argc, char **argv)
{
	linkscope_link *r;
	linkscope_error *e = NULL;
	linkscope_status st = linkscope_link_run(argc, (const char *const *)argv,
						 &r, &e);

	if (st != LINKSCOPE_OK)
		return fail("link", st, e);
	for (size_t i = 0; i < linkscope_link_undefined_count(r); i++)
		printf("undefined=%s\n", linkscope_link_undefined(r, i));
	for (size_t i = 0; i < linkscope_link_duplicate_count(r); i++)
		printf("duplicate=%s\n", linkscope_link_duplicate(r, i));
	int rc = linkscope_link_ok(r) ? 0 : 1;
	printf("ok=%s\n", rc ? "false" : "true");
	linkscope_link_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "version")) {
		/* The header's release and the loaded library's. */
		printf("%s %s\n", LINKSCOPE_VERSION_STRING, linkscope_version());
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "syms"))
		return syms(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "check"))
		return check(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "deps"))
		return deps(argc - 2, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "link"))
		return link(argc - 2, argv + 2);
	fputs("usage: lsquery version | syms [-D] [-m] FILE | check [-m] FILE [REQ]"
	      " | deps PROGRAM | link CC ARGS...\n", stderr);
	return 2;
}
