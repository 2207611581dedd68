/*
 * test_core.c - the library's shared mechanisms (src/lib/core/): the
 * growable array (array.h), the string vector (strvec.h) and the one
 * subprocess runner (spawn.h).  Every per-file copy they replaced relied
 * on these properties, so they are pinned here: growth keeps elements,
 * an overflowing size is refused with the array untouched, string lists
 * stay NULL-terminated, and ls_spawn's bound, environment changes,
 * working directory and exit statuses are what spawn.h says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/array.h"
#include "core/spawn.h"
#include "core/strvec.h"

#include <stdlib.h>
#include <string.h>

/* ---- array.h ---- */

static void test_array_growth(void **state)
{
	int *v = NULL;
	size_t n = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(LS_ARRAY_PUSH(v, n, cap, i), 0);
		assert_true(cap >= n);
	}
	assert_int_equal(n, 1000);
	assert_int_equal(cap, 1024);	/* 8, doubled */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	/* Room already there: nothing moves. */
	int *before = v;
	assert_int_equal(ls_array_reserve(&v, &cap, 1024, sizeof *v), 0);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 1024);
	free(v);
}

static void test_array_push_zero(void **state)
{
	struct { int a; char b[16]; } *v = NULL, *e;
	size_t n = 0, cap = 0;

	(void)state;
	for (int i = 0; i < 20; i++) {
		e = ls_array_push_zero(&v, &n, &cap, sizeof *v);
		assert_non_null(e);
		assert_ptr_equal(e, &v[i]);
		assert_int_equal(e->a, 0);
		assert_int_equal(e->b[15], 0);
		e->a = i + 1;
		memset(e->b, 'x', sizeof e->b);
	}
	assert_int_equal(n, 20);
	assert_int_equal(v[19].a, 20);
	assert_int_equal(v[0].a, 1);
	free(v);
}

/* need * elsize past SIZE_MAX: -1, and the caller's array as it was. */
static void test_array_overflow(void **state)
{
	long *v = NULL, *before;
	size_t n = 0, cap = 0;

	(void)state;
	for (long i = 0; i < 5; i++)
		assert_int_equal(LS_ARRAY_PUSH(v, n, cap, i), 0);
	before = v;
	assert_int_equal(ls_array_reserve(&v, &cap, SIZE_MAX / sizeof *v + 1,
					  sizeof *v), -1);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 8);
	/* The doubling itself would overflow. */
	assert_int_equal(ls_array_reserve(&v, &cap, SIZE_MAX, 1), -1);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 8);
	/* One element too large for the first capacity. */
	assert_int_equal(ls_array_reserve(&v, &cap, 9, SIZE_MAX / 8), -1);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 8);
	for (long i = 0; i < 5; i++)
		assert_int_equal(v[i], i);
	/* A fresh array refuses the same way and stays empty. */
	long *w = NULL;
	size_t wcap = 0;

	assert_int_equal(ls_array_reserve(&w, &wcap, 1, SIZE_MAX / 4), -1);
	assert_null(w);
	assert_int_equal(wcap, 0);
	free(v);
}

/* ---- strvec.h ---- */

static void test_strvec(void **state)
{
	ls_strvec sv = { 0 };
	char *mine;

	(void)state;
	assert_false(ls_strvec_has(&sv, "a"));
	assert_int_equal(ls_strvec_add(&sv, "alpha"), 0);
	assert_int_equal(ls_strvec_addn(&sv, "betamax", 4), 0);
	assert_int_equal(ls_strvec_addf(&sv, "%s-%d", "gamma", 3), 0);
	mine = strdup("delta");
	assert_non_null(mine);
	assert_int_equal(ls_strvec_take(&sv, mine), 0);
	assert_int_equal(sv.n, 4);
	assert_string_equal(sv.v[0], "alpha");
	assert_string_equal(sv.v[1], "beta");
	assert_string_equal(sv.v[2], "gamma-3");
	assert_ptr_equal(sv.v[3], mine);	/* taken, not copied */
	assert_null(sv.v[4]);
	assert_true(ls_strvec_has(&sv, "beta"));
	assert_false(ls_strvec_has(&sv, "betamax"));
	/* take(NULL) is a failed allocation passed on: -1, nothing added. */
	assert_int_equal(ls_strvec_take(&sv, NULL), -1);
	assert_int_equal(sv.n, 4);

	ls_strvec_pop(&sv);
	assert_int_equal(sv.n, 3);
	assert_null(sv.v[3]);
	assert_false(ls_strvec_has(&sv, "delta"));
	ls_strvec_pop(&sv);
	ls_strvec_pop(&sv);
	ls_strvec_pop(&sv);
	assert_int_equal(sv.n, 0);
	assert_null(sv.v[0]);
	ls_strvec_pop(&sv);		/* empty: nothing to do */
	assert_int_equal(sv.n, 0);

	for (int i = 0; i < 100; i++)
		assert_int_equal(ls_strvec_addf(&sv, "%d", i), 0);
	assert_string_equal(sv.v[99], "99");
	assert_null(sv.v[100]);
	ls_strvec_free(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.n, 0);
	assert_int_equal(sv.cap, 0);
	ls_strvec_free(&sv);		/* twice is harmless */
}

/* ---- spawn.h ---- */

static void test_spawn_echo(void **state)
{
	const char *argv[] = { "/bin/echo", "hello", "world", NULL };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(argv, NULL, &r, &d), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "hello world\n");
	assert_int_equal(r.outlen, 12);
	assert_string_equal(r.err, "");
	assert_int_equal(r.errlen, 0);
	ls_spawn_result_free(&r);
	assert_null(r.out);
	assert_int_equal(r.status, -1);
}

/* Does the NUL-terminated text hold line as a whole line? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)); p++)
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

static void test_spawn_env(void **state)
{
	const char *argv[] = { "/usr/bin/env", NULL };
	const char *env[] = { "LS_TEST_SET=new", "LS_TEST_ADD=1", "LS_TEST_DEL",
			      NULL };
	ls_spawn_opts o = { .env = env };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	setenv("LS_TEST_SET", "old", 1);
	setenv("LS_TEST_DEL", "gone", 1);
	setenv("LS_TEST_KEEP", "kept", 1);
	assert_int_equal(ls_spawn(argv, &o, &r, &d), 0);
	assert_int_equal(r.status, 0);
	assert_true(has_line(r.out, "LS_TEST_SET=new"));
	assert_false(has_line(r.out, "LS_TEST_SET=old"));
	assert_true(has_line(r.out, "LS_TEST_ADD=1"));
	assert_true(has_line(r.out, "LS_TEST_KEEP=kept"));
	assert_null(strstr(r.out, "LS_TEST_DEL="));
	ls_spawn_result_free(&r);
	/* Our own environment is not changed. */
	assert_string_equal(getenv("LS_TEST_SET"), "old");
	assert_string_equal(getenv("LS_TEST_DEL"), "gone");
	unsetenv("LS_TEST_SET");
	unsetenv("LS_TEST_DEL");
	unsetenv("LS_TEST_KEEP");
}

static void test_spawn_dir(void **state)
{
	const char *argv[] = { "pwd", NULL };	/* a bare name: PATH */
	ls_spawn_opts o = { .dir = "/" };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(argv, &o, &r, &d), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "/\n");
	ls_spawn_result_free(&r);
}

static void test_spawn_stderr(void **state)
{
	const char *argv[] = { "/bin/sh", "-c", "echo out; echo err >&2", NULL };
	ls_spawn_opts o = { .merge_stderr = true };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(argv, NULL, &r, &d), 0);
	assert_string_equal(r.out, "out\n");
	assert_string_equal(r.err, "err\n");
	assert_int_equal(r.errlen, 4);
	ls_spawn_result_free(&r);
	assert_int_equal(ls_spawn(argv, &o, &r, &d), 0);
	assert_string_equal(r.out, "out\nerr\n");
	assert_string_equal(r.err, "");
	ls_spawn_result_free(&r);
}

/* A program that prints without end is stopped at the bound. */
static void test_spawn_max_out(void **state)
{
	const char *argv[] = { "/usr/bin/yes", NULL };
	ls_spawn_opts o = { .max_out = 4096 };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(argv, &o, &r, &d), -1);
	assert_non_null(strstr(d.msg, "/usr/bin/yes printed more than 4096 bytes"));
	assert_int_equal(r.status, 128 + 9);	/* SIGKILL */
	assert_int_equal(r.outlen, 4096);
	assert_non_null(r.out);
	assert_int_equal(strlen(r.out), 4096);
	ls_spawn_result_free(&r);

	/* The bound itself is not too much. */
	const char *fits[] = { "/bin/sh", "-c", "printf 0123456789", NULL };

	o.max_out = 10;
	assert_int_equal(ls_spawn(fits, &o, &r, &d), 0);
	assert_string_equal(r.out, "0123456789");
	ls_spawn_result_free(&r);
}

static void test_spawn_missing(void **state)
{
	const char *abs[] = { "/nonexistent/linkscope-no-such-program", NULL };
	const char *bare[] = { "linkscope-no-such-program", NULL };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(abs, NULL, &r, &d), -1);
	assert_non_null(strstr(d.msg, "cannot run /nonexistent/linkscope-no-such-program"));
	assert_int_equal(r.status, -1);
	assert_non_null(r.out);
	assert_non_null(r.err);
	ls_spawn_result_free(&r);
	memset(&d, 0, sizeof d);
	assert_int_equal(ls_spawn(bare, NULL, &r, &d), -1);
	assert_non_null(strstr(d.msg, "cannot run linkscope-no-such-program"));
	ls_spawn_result_free(&r);
}

static void test_spawn_status(void **state)
{
	const char *three[] = { "/bin/sh", "-c", "exit 3", NULL };
	const char *term[] = { "/bin/sh", "-c", "kill -TERM $$", NULL };
	ls_spawn_result r;
	ls_diag d = { 0 };

	(void)state;
	assert_int_equal(ls_spawn(three, NULL, &r, &d), 0);
	assert_int_equal(r.status, 3);
	ls_spawn_result_free(&r);
	assert_int_equal(ls_spawn(term, NULL, &r, &d), 0);
	assert_int_equal(r.status, 128 + 15);
	ls_spawn_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_growth),
		cmocka_unit_test(test_array_push_zero),
		cmocka_unit_test(test_array_overflow),
		cmocka_unit_test(test_strvec),
		cmocka_unit_test(test_spawn_echo),
		cmocka_unit_test(test_spawn_env),
		cmocka_unit_test(test_spawn_dir),
		cmocka_unit_test(test_spawn_stderr),
		cmocka_unit_test(test_spawn_max_out),
		cmocka_unit_test(test_spawn_missing),
		cmocka_unit_test(test_spawn_status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
