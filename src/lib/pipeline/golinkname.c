/*
 * golinkname.c - the `golinkname` pipeline (see golinkname.h): the build
 * context (GOOS, GOARCH, cgo, the GOROOT's release and experiments), the
 * GOROOT's own pushes and blockedLinknames (go/goroot_links.h), every
 * argument scanned (go/modscan.h), and the records judged.
 *
 * The defaults are the go command's: $GOOS/$GOARCH when they name a known
 * port, else the host's (cmd/go's runtime.GOOS/GOARCH); cgo as
 * $CGO_ENABLED says, else on for a native build only (go/build's
 * defaultContext: cgo is off when cross-compiling).
 */
#include "golinkname.h"
#include "../go/golist.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#define HOST_GOARCH "amd64"
#elif defined(__aarch64__)
#define HOST_GOARCH "arm64"
#elif defined(__i386__)
#define HOST_GOARCH "386"
#elif defined(__riscv) && __riscv_xlen == 64
#define HOST_GOARCH "riscv64"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HOST_GOARCH "ppc64le"
#elif defined(__s390x__)
#define HOST_GOARCH "s390x"
#elif defined(__arm__)
#define HOST_GOARCH "arm"
#else
#define HOST_GOARCH "unknown"
#endif
#define HOST_GOOS "linux"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *env_or(const char *var, bool (*known)(const char *, size_t),
			  const char *dflt)
{
	const char *v = getenv(var);

	return v && known(v, strlen(v)) ? v : dflt;
}

/* modscan's callback: kept in the order met; out of memory is kept to be
 * returned after the scan. */
struct sink {
	ls_golinkname_result *r;
	ls_diag *d;
	bool oom;
};

static void on_error(void *ctx, const char *path, const ls_diag *what)
{
	struct sink *k = ctx;

	if (!k->oom &&
	    ls_input_errors_add(&k->r->errors, path, NULL, what, k->d) < 0)
		k->oom = true;
}

/* The notes on the GOROOT's tables: --stats, then what limits them. */
static int goroot_notes(const ls_golinkname_opts *o, ls_golinkname_result *r,
			const char *goroot, double t0)
{
	ls_goroot_stats st;
	const ls_buildctx *c = &r->scan.ctx;

	ls_goroot_links_stats(r->g, &st);
	if (o->stats &&
	    ls_strvec_addf(&r->notes, "%s (%s %s/%s): %zu Go files, "
			   "%zu assembly files, %zu packages, %zu symbols, %zu pushed, "
			   "%zu assembly symbols, %zu blockedLinknames entries; %.3f s",
			   goroot, r->version[0] ? r->version : "go?", c->goos,
			   c->goarch, st.go_files, st.asm_files, st.packages,
			   st.symbols, st.pushes, st.asm_symbols, st.blocked,
			   now() - t0) < 0)
		return -1;
	if (st.newer &&
	    ls_strvec_addf(&r->notes, "%s is %s, newer than the linker rules "
			   "modelled (Go 1.%d): judged by those", goroot,
			   r->version, LS_GOLINK_MODELLED_MINOR) < 0)
		return -1;
	if (!st.have_blocked &&
	    ls_strvec_addf(&r->notes, "%s: no blockedLinknames in "
			   "src/cmd/link/internal/loader/loader.go (before Go 1.23, or "
			   "not a full GOROOT): no entry is blocked by name", goroot) < 0)
		return -1;
	return 0;
}

/* The GOROOT's release, experiments and tables.  0; 1 when it cannot be
 * read (the error is the result's only entry); -1 out of memory. */
static int load_goroot(const ls_golinkname_opts *o, ls_golinkname_result *r,
		       const char *goroot, ls_diag *d)
{
	ls_buildctx *c = &r->scan.ctx;
	ls_diag e = { 0 };
	double t0 = now();

	if (ls_goroot_version(goroot, r->version, sizeof r->version,
			      &c->go_minor) < 0)
		c->go_minor = 1000;
	/* goexperiment.* tags: this GOROOT's defaults and $GOEXPERIMENT. */
	if (ls_goroot_experiments(goroot, c->goos, c->goarch,
				  getenv("GOEXPERIMENT"), r->experiments,
				  sizeof r->experiments) == 0)
		c->experiments = r->experiments;
	if (ls_goroot_links_load(goroot, c, &r->g, &e) < 0)
		return ls_input_errors_add(&r->errors, goroot, NULL, &e, d) < 0
		       ? -1 : 1;
	return goroot_notes(o, r, goroot, t0) < 0 ? ls_oom(d) : 0;
}

static void judge(ls_golinkname_result *r, const char *goroot, bool scanned)
{
	ls_goroot_stats gst = { .minor = -1 };
	const ls_modscan *s = &r->scan;

	if (r->g)
		ls_goroot_links_stats(r->g, &gst);
	r->report = (ls_golinkname_report){
		.goroot = goroot,
		.go_version = r->version[0] ? r->version : NULL,
		.goos = s->ctx.goos, .goarch = s->ctx.goarch, .cgo = s->ctx.cgo,
		.recs = s->recs, .n = s->n,
		.rules_minor = !r->g ? -1 : gst.minor > LS_GOLINK_MODELLED_MINOR ?
			       LS_GOLINK_MODELLED_MINOR : gst.minor < 27 ? 26 : 27,
		.newer = gst.newer,
	};
	/* Nothing could be read: the error alone, no empty summary. */
	r->has_report = scanned || !s->errors;
	for (size_t i = 0; i < s->n; i++)
		r->nfailed += ls_lnrec_fails(&s->recs[i]);
	r->ok = !s->errors && !r->nfailed;
}

int ls_golinkname_run(const ls_golinkname_opts *o, const char *const *args,
		      size_t nargs, ls_golinkname_result *r, ls_diag *d)
{
	struct sink k = { .r = r, .d = d };
	ls_modscan *s = &r->scan;
	const char *ecgo = getenv("CGO_ENABLED"), *goroot = o->goroot;
	ls_diag gd;
	bool scanned = false;
	int rc;

	memset(r, 0, sizeof *r);
	s->error = on_error;
	s->error_ctx = &k;
	s->ctx.goos = o->goos ? o->goos : env_or("GOOS", ls_known_goos, HOST_GOOS);
	s->ctx.goarch = o->goarch ? o->goarch
			: env_or("GOARCH", ls_known_goarch, HOST_GOARCH);
	s->ctx.cgo = ecgo && *ecgo ? !strcmp(ecgo, "1")
		     : !strcmp(s->ctx.goos, HOST_GOOS) &&
		       !strcmp(s->ctx.goarch, HOST_GOARCH);
	s->ctx.go_minor = 1000;	/* no GOROOT: every release tag holds */
	if (!goroot)
		goroot = r->goroot_env = ls_go_env("go", NULL, "GOROOT", &gd);
	if (goroot && !*goroot)
		goroot = NULL;
	if (goroot && (rc = load_goroot(o, r, goroot, d)) != 0)
		return rc < 0 ? -1 : 0;
	s->g = r->g;
	s->modcache = o->modcache;
	s->no_deps = o->no_deps;
	for (size_t i = 0; i < nargs; i++) {
		int before = s->errors;

		ls_modscan_arg(s, args[i]);
		scanned |= s->errors == before;
	}
	ls_modscan_finish(s);
	if (k.oom)
		return -1;
	judge(r, goroot, scanned);
	return 0;
}

void ls_golinkname_result_free(ls_golinkname_result *r)
{
	ls_modscan_free(&r->scan);
	ls_goroot_links_free(r->g);
	ls_strvec_free(&r->notes);
	ls_input_errors_free(&r->errors);
	free(r->goroot_env);
	memset(r, 0, sizeof *r);
}
