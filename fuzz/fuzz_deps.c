/*
 * fuzz_deps.c - libFuzzer target: one ELF file as the program of a
 * simulated process (`linkscope deps -r --interposition`).
 *
 * The loader simulation reads files by path, so the bytes are written to
 * a file first: once per process a private directory is made with
 * mkdtemp, and every input is written to the same path inside it.  That
 * directory is the process's root and holds nothing but the input (no
 * ld.so.cache, no ld.so.conf, no loader, no libraries), so a DT_NEEDED
 * name never resolves to a host library and no search is slow or depends
 * on the machine.  Inside the root the file is "/prog"; a name that
 * reaches it (a PT_INTERP of "/prog", DT_NEEDED "/prog", an RPATH of
 * "$ORIGIN" with DT_NEEDED "prog") loads the input itself, so hostile
 * bytes also reach the loader-reading code (default directories, glibc
 * version) and the dedup by path and inode.
 *
 * Per input, as cmd_deps.c: a new ls_dsocache (it remembers files by
 * path, and the path is reused), then the deps pipeline, ls_deps_run
 * (ls_process_load with --preload=/prog, the program itself: the preload
 * must be recognised as loaded; ls_verneed_check; ls_bind_run with
 * interposition; the verdict), every version issue's message, and the
 * three writers (--list, the tree with and without colour, --json) into
 * /dev/null.
 *
 * e_ident[15] (EI_PAD, ignored by every reader) selects extra settings so
 * the fuzzer can reach them: bit 0 secure mode, bit 1 musl's rules, bit 2
 * an LD_LIBRARY_PATH with tokens, bit 3 LD_BIND_NOW, bit 4 --inhibit-cache,
 * bit 5 --dlopen=/prog (bit 6: --global), bit 7 $ORIGIN as given (as
 * --list sets it; the binding still runs, -r being given).
 * The seeds have it 0: the plain `deps -r --interposition` path.
 *
 * Everything allocated is freed per input (leak detection is on).
 * Build with fuzz/build.sh.
 */
#include "pipeline/deps.h"
#include "report/deps_report.h"
#include "report/json.h"

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static char fz_root[PATH_MAX];	/* the private root */
static char fz_prog[PATH_MAX];	/* fz_root/prog: the input */
static FILE *fz_null;

static void fz_cleanup(void)
{
	if (fz_prog[0])
		unlink(fz_prog);
	if (fz_root[0])
		rmdir(fz_root);
}

static void fz_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fz_null)
		return;
	snprintf(fz_root, sizeof fz_root, "%s/linkscope-fuzz-deps.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fz_root)) {
		perror("fuzz_deps: mkdtemp");
		abort();
	}
	/* The loader compares the program's resolved path with the root, so
	 * the root must be canonical (TMPDIR may hold a symlink). */
	char real[PATH_MAX];

	if (!realpath(fz_root, real)) {
		perror("fuzz_deps: realpath");
		abort();
	}
	snprintf(fz_root, sizeof fz_root, "%s", real);
	snprintf(fz_prog, sizeof fz_prog, "%s/prog", fz_root);
	atexit(fz_cleanup);
	fz_null = fopen("/dev/null", "w");
	if (!fz_null)
		abort();
}

static void fz_write(const uint8_t *data, size_t size)
{
	int fd = open(fz_prog, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		perror("fuzz_deps: open");
		abort();
	}
	while (size) {
		ssize_t n = write(fd, data, size);

		if (n <= 0) {
			perror("fuzz_deps: write");
			abort();
		}
		data += n;
		size -= (size_t)n;
	}
	close(fd);
}

static void fz_touch(const char *s)
{
	if (s)
		fz_sink += strlen(s);
}

/* What the writers do not print but later analyses might read. */
static void fz_walk(const ls_process *p)
{
	fz_touch(p->error);
	fz_touch(p->note);
	for (uint32_t i = 0; i < p->nobjs; i++) {
		const ls_ldobj *o = &p->objs[i];

		fz_touch(o->name);
		fz_touch(o->path);
		fz_touch(o->why);
		fz_touch(ls_how_name(o->how));
		if (o->dso && o->deps)
			for (uint32_t k = 0; k < o->dso->nneeded; k++)
				fz_sink += (size_t)o->deps[k];
	}
	for (uint32_t i = 0; i < p->ntried; i++) {
		fz_touch(p->tried[i].path);
		fz_touch(p->tried[i].skipped);
	}
	for (uint32_t i = 0; i < p->nrisks; i++) {
		fz_touch(p->risks[i].dir);
		fz_touch(ls_ldrisk_name(p->risks[i].kind));
	}
	fz_sink += ls_process_lists_rtld(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *preload[] = { "/prog" };
	uint8_t opt = size > 15 ? data[15] : 0;
	ls_ldconfig cfg = {
		.root = NULL, .loader = -1,
		.preload = preload, .npreload = 1,
		/* Not the CPU's: the same input must take the same path on
		 * every machine. */
		.hwcaps = "x86-64-v3:x86-64-v2",
	};
	ls_deps_opts o = { .bind = true, .interposition = true };
	ls_dsocache *c;
	ls_deps_result r;
	ls_diag d = { 0 };

	fz_setup();
	fz_write(data, size);
	cfg.root = fz_root;
	cfg.secure = opt & 1;
	if (opt & 2)
		cfg.loader = LS_LOADER_MUSL;
	if (opt & 4)
		cfg.ld_library_path = "$ORIGIN/../$LIB:${PLATFORM}::/;/prog";
	cfg.bind_now = opt & 8;
	cfg.inhibit_cache = opt & 16;
	if (opt & 32) {
		cfg.dlopen = "/prog";
		cfg.dlopen_global = opt & 64;
	}
	cfg.origin_as_given = opt & 128;
	o.cfg = cfg;

	c = ls_dsocache_new();
	if (!c)
		abort();
	if (ls_deps_run(&o, c, fz_prog, &r, &d) < 0)
		fz_touch(d.msg);
	for (size_t i = 0; i < r.errors.n; i++)
		fz_touch(r.errors.v[i].diag.msg);
	if (r.loaded) {
		ls_json js;

		fz_walk(r.p);
		for (uint32_t i = 0; r.ver && i < r.ver->nissues; i++) {
			char msg[1024];

			ls_verissue_message(r.p, &r.ver->issues[i], msg,
					    sizeof msg);
			fz_touch(msg);
		}
		ls_deps_list(fz_null, fz_null, &r);
		ls_deps_text(fz_null, &r, false);
		ls_deps_text(fz_null, &r, true);
		ls_json_init_at(&js, fz_null, opt & 1, 2);
		ls_deps_json_file(&js, &r);
		fz_sink += (size_t)r.failed + r.ok;
		fz_touch(r.reason);
		fflush(fz_null);
	}
	ls_deps_result_free(&r);
	ls_dsocache_free(c);
	return 0;
}
