/*
 * remedy.c - the next step for each failed requirement (remedy.h): the
 * symptom the failure causes and the fix for C and for Go builds.
 *
 * Why a table of texts rather than a link to a wiki: the user who meets
 * `FAIL scratch` needs the flag now, and the message they will see in
 * production is what they search for, so both are printed where the
 * failure is.  Each text is filled from the audit where a fact makes it
 * exact: the interpreter and library names, the first version the loader
 * will report missing, the program's name as the loader prints it.
 *
 * Every flag here was checked with a real build (gcc 12 / binutils 2.40,
 * Go 1.26; tests/e2e/check_remedy.py rebuilds each failing fixture with
 * the printed flags and checks it then passes).  Sources:
 * - glibc elf/dl-version.c (match_symbol, _dl_check_map_versions) and
 *   elf/rtld.c (print_missing_version): "%s: %s: version `%s' not found
 *   (required by %s)", one line per missing version, walked in
 *   .gnu.version_r order (Verneed entries, then each Vernaux chain);
 * - glibc debug/stack_chk_fail.c, debug/fortify_fail.c: "*** stack
 *   smashing detected ***: terminated", "*** buffer overflow detected
 *   ***: terminated"; elf/dl-reloc.c: "cannot restore segment prot after
 *   reloc"; elf/dl-load.c: "cannot enable executable stack as shared
 *   object requires";
 * - runc libcontainer/standard_init_linux.go: the exec error of a program
 *   whose PT_INTERP is missing ("exec /app: no such file or directory";
 *   runc before 1.1: "standard_init_linux.go:228: exec user process
 *   caused: no such file or directory");
 * - Go cmd/link: -bindnow (Go 1.23), -buildmode=pie with the internal
 *   linker writes PT_GNU_RELRO, -r sets DT_RUNPATH, -B gobuildid.
 */
#include "remedy.h"
#include "policy.h"
#include "systarget.h"
#include "../readers/elf_defs.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* printf into a new string (vasprintf: _GNU_SOURCE, also in musl);
 * NULL when out of memory. */
__attribute__((format(printf, 1, 2)))
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, f);
	n = vasprintf(&s, f, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

/* The file's name as a user runs it from its directory ("./app"): the
 * loader prints argv[0]. */
static const char *base(const ls_audit *a)
{
	const char *p = a->member ? a->member : a->path;
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p ? p : "app";
}

/* Debian's multiarch directory of the C library for the machine, as the
 * loader names a library it found through ld.so.cache there. */
static const char *libdir(const ls_audit *a)
{
	switch (a->machine) {
	case EM_X86_64: return "/lib/x86_64-linux-gnu/";
	case EM_AARCH64: return "/lib/aarch64-linux-gnu/";
	case EM_386: return "/lib/i386-linux-gnu/";
	case EM_ARM: return "/lib/arm-linux-gnueabihf/";
	case EM_PPC64: return "/lib/powerpc64le-linux-gnu/";
	case EM_S390: return "/lib/s390x-linux-gnu/";
	case EM_RISCV: return "/lib/riscv64-linux-gnu/";
	default: return "/lib/";
	}
}

/* zig's name of the architecture, for `zig cc -target ARCH-linux-gnu.X`. */
static const char *zig_arch(const ls_audit *a)
{
	switch (a->machine) {
	case EM_X86_64: return "x86_64";
	case EM_AARCH64: return "aarch64";
	case EM_386: return "x86";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv64";
	default: return NULL;
	}
}

static const char *first_needed(const ls_audit *a)
{
	return a->load.dyn.nneeded ? a->load.dyn.needed[0] : "libfoo.so";
}

static bool go_only(const ls_audit *a)
{
	return a->go.is_go && !a->go.cgo;
}

/* ---- the RPATH elements ---- */

char *ls_rpath_explain(const ls_audit *a, const ls_rpath_risk *r)
{
	int n = (int)r->dir.n;
	const char *d = r->dir.p, *lib = first_needed(a);
	struct passwd pw, *res = NULL;
	char buf[1024];

	switch (r->kind) {
	case LS_RISK_RELATIVE:
		return fmt("'%.*s' is relative: it is searched from whatever "
			   "directory the program is started in, so anyone who can "
			   "make the user run it from a directory they control can "
			   "plant %s there", n, d, lib);
	case LS_RISK_EMPTY:
		return fmt("'' (an empty element) is the current directory: it "
			   "is searched from whatever directory the program is "
			   "started in, so anyone who can make the user run it from "
			   "a directory they control can plant %s there", lib);
	case LS_RISK_ORIGIN_SETUID:
		return fmt("'%.*s' uses $ORIGIN in a set-user/group-ID program: "
			   "$ORIGIN is the directory the program was started from, "
			   "and any user can hard-link the program next to a library "
			   "of theirs (where fs.protected_hardlinks is 0) and run it "
			   "with its privileges", n, d);
	case LS_RISK_WORLD_WRITABLE:
		return fmt("'%.*s' is world-writable: any local user can write a "
			   "library (%s) into %.*s, and it is loaded in place of the "
			   "real one (a sticky bit does not stop them creating it "
			   "first)", n, d, lib, n, d);
	case LS_RISK_NOT_ROOT_OWNED:
		if (getpwuid_r((uid_t)r->uid, &pw, buf, sizeof buf, &res) || !res)
			res = NULL;
		if (res)
			return fmt("'%.*s' is owned by user '%s' (uid %u), not root: "
				   "%s, and any program running as %s, can put a %s "
				   "there that this program then loads", n, d,
				   res->pw_name, r->uid, res->pw_name, res->pw_name, lib);
		return fmt("'%.*s' is owned by uid %u, not root: that user, and "
			   "any program running as that user, can put a %s there "
			   "that this program then loads", n, d, r->uid, lib);
	case LS_RISK_MISSING:
		return fmt("'%.*s' does not exist: whoever can create %.*s first "
			   "decides what gets loaded", n, d, n, d);
	}
	return fmt("'%.*s' is unsafe", n, d);
}

/* ---- one function per requirement: the symptom and both fixes ---- */

typedef struct remedy {
	char *symptom, *fix_c, *fix_go;
} remedy;

typedef void (*remedy_fn)(const ls_audit *a, const ls_failure *f, remedy *r);

/* A program without its loader in the image: the kernel's ENOENT, as
 * runc and docker print it. */
static char *exec_enoent(const ls_audit *a)
{
	if (!a->load.interp)
		return fmt("./%s: error while loading shared libraries: %s: cannot "
			   "open shared object file: No such file or directory",
			   base(a), first_needed(a));
	return fmt("docker run prints \"exec /%s: no such file or directory\" "
		   "(runc before 1.1: \"standard_init_linux.go:228: exec user "
		   "process caused: no such file or directory\", the line number "
		   "varying by release): the kernel's "
		   "ENOENT for the missing interpreter %s (PT_INTERP), although "
		   "/%s itself is there", base(a), a->load.interp, base(a));
}

static const char go_scratch[] =
	"CGO_ENABLED=0 go build (no C code: a static binary); or keep cgo but "
	"drop the net and os/user cgo code with -tags netgo,osusergo; or link "
	"the C code statically: -ldflags '-linkmode external -extldflags "
	"-static' (with net or os/user, add -tags netgo,osusergo: static glibc "
	"keeps its NSS lookups). `linkscope gocgo ./...` lists the packages "
	"that pull cgo in";

/* A Go program without cgo that still has an interpreter: a PIE made by
 * the internal linker asks for the loader. */
static const char go_pie_static[] =
	"build without -buildmode=pie (Go's internal linker gives a PIE an "
	"interpreter), or as a static PIE with the C linker (which needs "
	"cgo): CGO_ENABLED=1 go build -buildmode=pie -ldflags '-linkmode "
	"external -extldflags -static-pie'";

/* The Go fix for a program that needs a loader. */
static char *go_static_fix(const ls_audit *a)
{
	const char *mode = a->go.build_mode;

	return go_only(a) && mode && !strcmp(mode, "pie") ?
		fmt("%s", go_pie_static) : fmt("%s", go_scratch);
}

static void r_static(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)f;
	r->symptom = a->load.interp ?
		fmt("where %s is missing (another distribution, FROM scratch): "
		    "\"bash: ./%s: cannot execute: required file not found\" "
		    "(docker: \"exec /%s: no such file or directory\"); where %s "
		    "is missing: \"./%s: error while loading shared libraries: "
		    "%s: cannot open shared object file: No such file or "
		    "directory\"", a->load.interp, base(a), base(a),
		    first_needed(a), base(a), first_needed(a)) :
		exec_enoent(a);
	r->fix_c = fmt("link with -static (or -static-pie for a static PIE); "
		       "a static glibc program that calls getpwnam, getaddrinfo "
		       "and the like still reads NSS configuration at run time");
	r->fix_go = go_static_fix(a);
}

static void r_scratch(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)f;
	if (a->static_nss && !a->load.interp && !a->load.dyn.nneeded) {
		r->symptom = fmt("name lookups find nothing in an empty image: "
				 "getpwnam(\"root\") returns NULL and "
				 "getaddrinfo(\"localhost\") fails with \"Temporary "
				 "failure in name resolution\" (no /etc/passwd, "
				 "/etc/hosts, /etc/nsswitch.conf); NSS sources other "
				 "than files and dns (sss, ldap, systemd) dlopen "
				 "libnss_*.so.2 of the glibc release it was linked with");
		r->fix_c = fmt("link against musl (musl-gcc -static), whose "
			       "lookups read /etc/passwd and /etc/hosts themselves "
			       "and load no modules; or avoid getpwnam, getaddrinfo "
			       "and the other NSS functions in a static glibc "
			       "program.  (Copying /etc/passwd, /etc/group, "
			       "/etc/hosts and an nsswitch.conf naming only files "
			       "and dns into the image makes the lookups work with "
			       "glibc 2.34+, which has those two built in, but the "
			       "program still carries the module loader.)");
		r->fix_go = fmt("-tags netgo,osusergo: Go's own resolver and "
				"user lookup, which read /etc/hosts, "
				"/etc/resolv.conf and /etc/passwd themselves; or "
				"CGO_ENABLED=0");
		return;
	}
	r->symptom = exec_enoent(a);
	r->fix_c = fmt("link statically: -static (or -static-pie); or start "
		       "from an image that has the C library (FROM debian:12-slim, "
		       "gcr.io/distroless/cc) instead of FROM scratch");
	r->fix_go = go_static_fix(a);
}

static void r_pie(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("ASLR cannot move the program's code: its functions "
			 "and ROP gadgets sit at the same addresses in every run, "
			 "so an exploit needs no address leak");
	r->fix_c = fmt("compile with -fPIE and link with -pie (an explicit "
		       "-no-pie turns it off; -static-pie for a static program)");
	r->fix_go = fmt("go build -buildmode=pie");
}

static void r_relro(const ls_audit *a, const ls_failure *f, remedy *r)
{
	bool full = strstr(f->requirement, "full") != NULL;

	r->symptom = a->relro == LS_RELRO_PARTIAL ?
		fmt("the GOT's PLT part (.got.plt) stays writable for lazy "
		    "binding: a memory-write bug can overwrite a function "
		    "pointer there (GOT overwrite) and take control at the next "
		    "call") :
		fmt("relocated data (the GOT, .init_array, .dynamic) stay "
		    "writable for the life of the process: a memory-write bug "
		    "can overwrite a function pointer there (GOT overwrite)");
	r->fix_c = full ? fmt("link with -Wl,-z,relro,-z,now") :
		fmt("link with -Wl,-z,relro (-Wl,-z,relro,-z,now for full RELRO)");
	r->fix_go = full ?
		fmt("go build -buildmode=pie -ldflags=-bindnow (Go 1.23+; Go's "
		    "internal linker writes PT_GNU_RELRO only for PIE and "
		    "shared builds), or link with the C linker: -ldflags "
		    "'-linkmode=external -extldflags=-Wl,-z,relro,-z,now'") :
		fmt("go build -buildmode=pie (Go's internal linker writes "
		    "PT_GNU_RELRO only for PIE and shared builds), or -ldflags "
		    "'-linkmode=external -extldflags=-Wl,-z,relro'");
}

static void r_bindnow(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)f;
	r->symptom = fmt("functions are bound at their first call: a symbol "
			 "missing from a library shows only then (\"./%s: symbol "
			 "lookup error: ./%s: undefined symbol: NAME\"), and the "
			 "GOT's PLT part stays writable", base(a), base(a));
	r->fix_c = fmt("link with -Wl,-z,now");
	r->fix_go = fmt("-ldflags=-bindnow (Go 1.23+), or -ldflags "
			"'-linkmode=external -extldflags=-Wl,-z,now'");
}

static void r_nx(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)f;
	r->symptom = a->kind == LS_ART_SHARED ?
		fmt("every program that loads it gets an executable stack, so a "
		    "stack buffer overflow can run code written onto the stack; "
		    "where the loader may not make the stack executable (SELinux, "
		    "glibc 2.41+ dlopen) loading fails: \"cannot enable "
		    "executable stack as shared object requires\"") :
		fmt("the stack of the process (and of every thread) is "
		    "executable: a stack buffer overflow can run code written "
		    "onto the stack (shellcode)");
	r->fix_c = fmt("link with -Wl,-z,noexecstack, and mark each assembly "
		       "file with .section .note.GNU-stack,\"\",@progbits (ld "
		       "2.39+ names it: \"missing .note.GNU-stack section "
		       "implies executable stack\")");
	r->fix_go = fmt("Go's own linker always writes a non-executable "
			"PT_GNU_STACK; with -linkmode=external the C objects decide: "
			"-ldflags '-extldflags=-Wl,-z,noexecstack', or add the "
			".note.GNU-stack section to the package's .S files");
}

static void r_canary(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("a stack buffer overflow overwrites the return "
			 "address unnoticed, instead of stopping the program with "
			 "\"*** stack smashing detected ***: terminated\"");
	r->fix_c = fmt("compile with -fstack-protector-strong");
	r->fix_go = fmt("Go code has none to enable (the compiler checks bounds "
			"instead), and the standard library's cgo code (runtime/cgo, "
			"net, os/user) is built with -fno-stack-protector on "
			"purpose; for your own C code in a cgo build: "
			"CGO_CFLAGS='-O2 -g -fstack-protector-strong' go build");
}

static void r_fortify(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("an overflow of a fixed-size buffer by memcpy, "
			 "strcpy, sprintf, read, ... goes unnoticed, instead of "
			 "stopping the program with \"*** buffer overflow detected "
			 "***: terminated\"");
	r->fix_c = fmt("compile with -O2 -D_FORTIFY_SOURCE=2 (=3 with GCC 12+ "
		       "and glibc 2.34+); without optimisation (-O0) glibc "
		       "ignores it");
	r->fix_go = fmt("Go code calls no glibc string functions; for your own "
			"C code in a cgo build: CGO_CFLAGS='-O2 -g "
			"-D_FORTIFY_SOURCE=2' go build");
}

static void r_no_rpath(const ls_audit *a, const ls_failure *f, remedy *r)
{
	const char *list = a->load.dyn.rpath ? a->load.dyn.rpath : a->load.dyn.runpath;

	(void)f;
	r->symptom = fmt("the loader searches %s before the system "
			 "directories: a library there is loaded in place of the "
			 "system's%s", list ? list : "its directories",
			 a->load.dyn.rpath ? " (DT_RPATH also applies to the "
			 "libraries this file loads, and beats LD_LIBRARY_PATH)" : "");
	r->fix_c = fmt("drop -Wl,-rpath (and -R) from the link; remove it "
		       "from a built file with chrpath -d FILE or patchelf "
		       "--remove-rpath FILE");
	r->fix_go = fmt("drop -r from -ldflags and -Wl,-rpath from "
			"-extldflags, CGO_LDFLAGS and #cgo LDFLAGS lines");
}

static void r_safe_rpath(const ls_audit *a, const ls_failure *f, remedy *r)
{
	bool origin = false;

	(void)f;
	for (uint32_t i = 0; i < a->nrisks; i++)
		origin |= a->risks[i].kind == LS_RISK_ORIGIN_SETUID;
	r->symptom = fmt("a library planted in one of these directories is "
			 "loaded into %s instead of the real %s, and runs with "
			 "its privileges", a->kind == LS_ART_SHARED ?
			 "every program that loads this library" : "the program",
			 first_needed(a));
	r->fix_c = origin ?
		fmt("a set-ID program should name only absolute, root-owned "
		    "directories: -Wl,-rpath,/usr/lib/NAME; or remove the list "
		    "with chrpath -d FILE or patchelf --remove-rpath FILE") :
		fmt("link with -Wl,-rpath,'$ORIGIN/../lib' (relative to the "
		    "file itself, not to the current directory) or an "
		    "absolute root-owned directory; or remove the list with "
		    "chrpath -d FILE or patchelf --remove-rpath FILE");
	r->fix_go = fmt("-ldflags=-r='$ORIGIN/../lib' (or an absolute "
			"root-owned directory), and remove -Wl,-rpath from "
			"-extldflags, CGO_LDFLAGS and #cgo LDFLAGS lines");
}

static void r_no_textrel(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("the loader writes to its code pages at load time: "
			 "each process gets a private copy of them, and SELinux "
			 "(execmod) refuses it: \"cannot restore segment prot "
			 "after reloc: Permission denied\"");
	r->fix_c = fmt("compile every object with -fPIC (libraries) or -fPIE "
		       "(programs); -Wl,-z,text makes the link fail naming the "
		       "object that needs text relocations");
	r->fix_go = fmt("the go command compiles cgo's C code with -fPIC "
			"already: the text relocations come from a C library, "
			"assembly or .syso file linked in (#cgo LDFLAGS): rebuild "
			"it with -fPIC");
}

static void r_no_rwx(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("code written into that segment can run: any "
			 "memory-write bug there is code injection (ld 2.39+ "
			 "warns: \"has a LOAD segment with RWX permissions\")");
	r->fix_c = fmt("remove -Wl,-N (--omagic) from the link; in a linker "
		       "script, put code and writable data in separate PHDRS");
	r->fix_go = fmt("Go's linker never writes one; with -linkmode=external "
			"look for -N or a linker script in -extldflags");
}

static void r_cet(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("Intel CET stays off for the whole process: indirect "
			 "branches may land anywhere (no IBT) and return addresses "
			 "are not checked against a shadow stack (no SHSTK), so "
			 "ROP/JOP chains work even on CPUs that could stop them");
	r->fix_c = fmt("compile every object with -fcf-protection and link with "
		       "-Wl,-z,ibt,-z,shstk: the linker keeps the property only "
		       "when every input has it, and some distributions' "
		       "crt1.o, crti.o and crtn.o (Debian 12's) lack it; "
		       "-Wl,-z,cet-report=warning lists each input without it");
	r->fix_go = fmt("the Go compiler emits no ENDBR64 landing pads and no "
			"CET property (golang/go#66054): a Go binary cannot pass "
			"this gate; --exclude it");
}

static void r_bti(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("indirect branches may land anywhere in the code (no "
			 "BTI landing pads are enforced): JOP/ROP chains work even "
			 "on CPUs that could stop them");
	r->fix_c = fmt("compile every object with -mbranch-protection=standard "
		       "(BTI and PAC) and link with -Wl,-z,force-bti: the linker "
		       "keeps BTI only when every input has it, and some "
		       "distributions' crt files (Debian 12's) lack it; with "
		       "force-bti ld warns about each such input");
	r->fix_go = fmt("the Go compiler emits no BTI landing pads "
			"(golang/go#66054): a Go binary cannot pass this gate; "
			"--exclude it");
}

static void r_cgo(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a;
	if (!strcmp(f->requirement, "cgo")) {
		r->symptom = fmt("Go's own resolver and user lookup replace the "
				 "C library's: NSS sources other than files and dns "
				 "(sss, ldap, mdns) are not consulted");
		r->fix_go = fmt("CGO_ENABLED=1 with a C compiler installed, "
				"without -tags netgo,osusergo");
		return;
	}
	r->symptom = a->load.interp ? exec_enoent(a) :
		fmt("the binary carries C code: a cross build needs a C "
		    "cross-compiler, and the C code is outside Go's memory safety");
	r->fix_go = fmt("%s", go_scratch);
}

/* The first version of the gate's family above the target that the
 * loader will meet, in .gnu.version_r order (Verneed, then Vernaux
 * chain: glibc's _dl_check_map_versions walks them so), and how many are
 * missing in all.  Weak references are only warnings. */
static const ls_version *first_missing(const ls_audit *a, const char *family,
				       const char *target, uint32_t *n)
{
	const ls_object *o = a->obj;
	const ls_version *best = NULL;
	size_t plen = strlen(family);

	*n = 0;
	for (uint32_t i = 0; o && i < o->nversions; i++) {
		const ls_version *v = &o->versions[i];

		if (v->defined || !v->name || (v->flags & 2 /* VER_FLG_WEAK */) ||
		    strncmp(v->name, family, plen) || v->name[plen] != '_' ||
		    v->name[plen + 1] < '0' || v->name[plen + 1] > '9' ||
		    ls_version_cmp(v->name + plen + 1, target) <= 0)
			continue;
		(*n)++;
		if (!best || v->seq < best->seq)
			best = v;
	}
	return best;
}

/* Distributions by their glibc, newest first: the build image for a
 * glibc gate. */
static const struct { const char *glibc, *name; } images[] = {
	{ "2.36", "Debian 12" }, { "2.35", "Ubuntu 22.04" },
	{ "2.34", "RHEL 9" }, { "2.31", "Debian 11 or Ubuntu 20.04" },
	{ "2.28", "manylinux_2_28 (RHEL 8)" }, { "2.27", "Ubuntu 18.04" },
	{ "2.17", "manylinux2014 (CentOS 7)" },
};

static void r_version(const ls_audit *a, const ls_failure *f, remedy *r)
{
	const char *rule = ls_requirement_name(f->rule);
	const char *fam = !strcmp(rule, "glibcxx") ? "GLIBCXX" :
		!strcmp(rule, "cxxabi") ? "CXXABI" :
		!strcmp(rule, "gcc") ? "GCC" : "GLIBC";
	/* The target as spelled: after "<=", "-max=" or "=". */
	const char *target = strpbrk(f->requirement, "=");
	const ls_version *v;
	const char *image = NULL, *za = zig_arch(a), *start = "";
	uint32_t n;

	target = target ? target + 1 : "";
	if ((v = first_missing(a, fam, target, &n)))
		r->symptom = fmt("./%s: %s%s: version `%s' not found (required by "
				 "./%s)%s", base(a), libdir(a), v->file ? v->file : "?",
				 v->name, base(a), n > 1 ?
				 "; glibc's loader prints one such line for each "
				 "missing version" : "");
	else
		r->symptom = fmt("the loader refuses to start it: version `%s_...' "
				 "not found", fam);
	if (!strcmp(fam, "GLIBC")) {
		for (size_t i = 0; i < sizeof images / sizeof images[0]; i++)
			if (ls_version_cmp(images[i].glibc, target) <= 0) {
				image = images[i].name;
				break;
			}
		/* glibc 2.34 gave __libc_start_main a new version: crt1.o of
		 * the build machine asks for it, whatever the code calls. */
		for (uint32_t i = 0; i < f->nsyms; i++)
			if (!strcmp(f->syms[i].name, "__libc_start_main"))
				start = " (__libc_start_main comes from the build "
					"machine's crt1.o: only building against the "
					"older glibc removes it)";
		r->fix_c = za ?
			fmt("build against glibc %s or older: in a %s container, or "
			    "with zig cc -target %s-linux-gnu.%s; or stop calling the "
			    "functions listed%s", target, image ? image : "older",
			    za, target, start) :
			fmt("build against glibc %s or older (in a %s container); "
			    "or stop calling the functions listed%s", target,
			    image ? image : "older", start);
		r->fix_go = fmt("CGO_ENABLED=0 (a binary without cgo needs no "
				"glibc version), or build in an image with glibc %s "
				"or older (golang:*-bullseye is Debian 11, glibc 2.31)",
				target);
	} else if (!strcmp(fam, "GCC")) {
		r->fix_c = fmt("link libgcc statically: -static-libgcc (and "
			       "-static-libstdc++ for C++), or build with the "
			       "target's GCC");
	} else {
		r->fix_c = fmt("build with the target's older GCC (its "
			       "libstdc++), or link libstdc++ statically: "
			       "-static-libstdc++");
	}
	if (!r->fix_go && a->go.is_go)
		r->fix_go = fmt("link the C++ runtime of the cgo build statically: "
				"CGO_LDFLAGS='-static-libstdc++ -static-libgcc' go "
				"build; or build in an image with the target's GCC");
}

static void r_go(const ls_audit *a, const ls_failure *f, remedy *r)
{
	const char *v = strpbrk(f->requirement, "=");

	(void)a;
	r->symptom = fmt("it lacks the fixes of later Go releases, security "
			 "fixes of the standard library (crypto/tls, net/http) "
			 "included");
	r->fix_go = fmt("rebuild with Go %s or later (a toolchain line in "
			"go.mod, or GOTOOLCHAIN=go%s.0)", v ? v + 1 : "?",
			v ? v + 1 : "?");
}

static void r_buildid(const ls_audit *a, const ls_failure *f, remedy *r)
{
	(void)a, (void)f;
	r->symptom = fmt("no build ID: debuggers, debuginfod and crash "
			 "reporters (systemd-coredump, eu-unstrip) cannot match "
			 "the file to its debug information");
	r->fix_c = fmt("link with -Wl,--build-id");
	r->fix_go = fmt("-ldflags=-B=gobuildid (a GNU build ID derived from "
			"the Go build ID; the default since Go 1.24, which "
			"-B=none turns off), or with the C linker: -ldflags "
			"'-linkmode=external -extldflags=-Wl,--build-id'");
}

/* The first needed version the loader meets (.gnu.version_r order, as
 * first_missing) that the failure lists a symbol under and names as
 * missing in needs (its reason's "needs V (...), ..." part; a symbol can
 * also be listed as undefined under a version the target has). */
static const ls_version *first_listed(const ls_audit *a, const ls_failure *f,
				      const char *needs, size_t len)
{
	const ls_version *best = NULL;

	for (uint32_t i = 0; a->obj && i < a->obj->nversions; i++) {
		const ls_version *v = &a->obj->versions[i];

		if (v->defined || !v->name || (v->flags & 2 /* VER_FLG_WEAK */) ||
		    (best && v->seq >= best->seq))
			continue;
		if (!memmem(needs, len, v->name, strlen(v->name)))
			continue;
		for (uint32_t k = 0; k < f->nsyms; k++)
			if (!strcmp(f->syms[k].version, v->name)) {
				best = v;
				break;
			}
	}
	return best;
}

/*
 * A named target (systarget.c).  The reason names what fails, in fixed
 * forms ("needs GLIBC_2.34 (...)", "undefined symbol: ...", "needs LIB,
 * which ... does not have", "interpreter ... is not on ..."); the symptom
 * gives the loader's or kernel's line for each form present.
 */
static void r_target(const ls_audit *a, const ls_failure *f, remedy *r)
{
	const char *name = strchr(f->requirement, '=');
	const char *why = f->reason ? f->reason : "";
	const ls_systarget_info *t;
	const char *glibc = NULL, *za = zig_arch(a);
	const char *needs = strstr(why, "): needs ");
	size_t tl = needs ? strcspn(needs + 9, " ,(") : 0;
	const char *part[4];
	char vline[320];
	int n = 0, i;

	name = name ? name + 1 : "?";
	if ((i = ls_systarget_lookup(name)) >= 0 && (t = ls_systarget_get(i)))
		glibc = t->glibc;
	if (strstr(why, "interpreter "))
		part[n++] = "the kernel cannot start it (\"exec: no such file or "
			    "directory\": the interpreter is missing)";
	/* "): needs GLIBC_2.34 (...)", not "): needs libfoo.so.1, which" */
	if (needs && !memmem(needs + 9, tl, ".so", 3)) {
		const char *end = strstr(needs, "; ");
		const ls_version *v = first_listed(a, f, needs, end ?
						   (size_t)(end - needs) : strlen(needs));

		if (v)
			snprintf(vline, sizeof vline, "the loader refuses to start "
				 "it: \"./%s: %s%s: version `%s' not found (required "
				 "by ./%s)\", one line per missing version", base(a),
				 libdir(a), v->file ? v->file : "?", v->name, base(a));
		part[n++] = v ? vline : "the loader refuses to start it: "
			    "\"version `V' not found (required by PROGRAM)\", one "
			    "line per missing version";
	}
	if (strstr(why, "undefined symbol: "))
		part[n++] = "the loader stops at \"symbol lookup error: undefined "
			    "symbol: NAME, version V\" (with lazy binding, at the "
			    "first call)";
	if (strstr(why, " does not have"))
		part[n++] = "the loader stops at \"error while loading shared "
			    "libraries: LIB: cannot open shared object file: No "
			    "such file or directory\"";
	r->symptom = fmt("on %s %s%s%s%s%s%s%s", name,
			 n > 0 ? part[0] : "it does not load",
			 n > 1 ? "; " : "", n > 1 ? part[1] : "",
			 n > 2 ? "; " : "", n > 2 ? part[2] : "",
			 n > 3 ? "; " : "", n > 3 ? part[3] : "");
	r->fix_c = za && glibc ?
		fmt("build on the target (in its container: debian:N for debian-N, "
		    "quay.io/pypa/manylinux_2_28_%s for manylinux_2_28) or "
		    "against its glibc %s (zig cc -target %s-linux-gnu.%s); a "
		    "function that lived in libpthread, libdl or librt before "
		    "glibc 2.34 needs -lpthread, -ldl or -lrt named on the link",
		    za, glibc, za, glibc) :
		fmt("build on the target (in its container), against its glibc "
		    "and GCC");
	r->fix_go = fmt("CGO_ENABLED=0 (a binary without cgo needs no glibc); "
			"or build in an image of the target (golang:*-bullseye "
			"is Debian 11)");
}

static const struct entry {
	const char *rule;
	remedy_fn fn;
	const char *help;
} entries[] = {
	{ "static", r_static, "Symptom: the program does not start where its interpreter or a library is missing. C: link with -static (or -static-pie). Go: CGO_ENABLED=0, or -ldflags '-linkmode external -extldflags -static'." },
	{ "scratch", r_scratch, "Symptom: docker run prints \"exec /app: no such file or directory\" (the interpreter is missing from the image). C: link with -static or -static-pie. Go: CGO_ENABLED=0, -tags netgo,osusergo, or -ldflags '-linkmode external -extldflags -static'; `linkscope gocgo ./...` shows which packages pull cgo in." },
	{ "pie", r_pie, "Symptom: ASLR cannot move the program's code. C: -fPIE -pie. Go: -buildmode=pie." },
	{ "relro", r_relro, "Symptom: the GOT stays writable (GOT overwrite). C: -Wl,-z,relro,-z,now. Go: -buildmode=pie -ldflags=-bindnow (Go 1.23+), or -ldflags '-linkmode=external -extldflags=-Wl,-z,relro,-z,now'." },
	{ "bindnow", r_bindnow, "Symptom: a missing symbol shows only at its first call (\"symbol lookup error\"). C: -Wl,-z,now. Go: -ldflags=-bindnow (Go 1.23+)." },
	{ "nx", r_nx, "Symptom: code on the stack can run. C: -Wl,-z,noexecstack and .note.GNU-stack in assembly files. Go: -ldflags '-extldflags=-Wl,-z,noexecstack' with external linking." },
	{ "canary", r_canary, "Symptom: stack overflows go unnoticed (no \"*** stack smashing detected ***\"). C: -fstack-protector-strong. Go (cgo): CGO_CFLAGS='-O2 -g -fstack-protector-strong'." },
	{ "fortify", r_fortify, "Symptom: buffer overflows in libc calls go unnoticed (no \"*** buffer overflow detected ***\"). C: -O2 -D_FORTIFY_SOURCE=2. Go (cgo): CGO_CFLAGS='-O2 -g -D_FORTIFY_SOURCE=2'." },
	{ "no-rpath", r_no_rpath, "Symptom: libraries are searched in the RPATH/RUNPATH first. C: drop -Wl,-rpath; chrpath -d or patchelf --remove-rpath. Go: drop -ldflags=-r and -Wl,-rpath." },
	{ "safe-rpath", r_safe_rpath, "Symptom: a library planted in an unsafe search directory is loaded. C: -Wl,-rpath,'$ORIGIN/../lib' or remove it (chrpath -d, patchelf --remove-rpath). Go: -ldflags=-r='$ORIGIN/../lib', remove -Wl,-rpath from -extldflags." },
	{ "no-textrel", r_no_textrel, "Symptom: code pages are written at load time (\"cannot restore segment prot after reloc\" under SELinux). C: -fPIC / -fPIE on every object; -Wl,-z,text finds the culprit. Go: rebuild the C libraries linked in with -fPIC." },
	{ "no-rwx", r_no_rwx, "Symptom: a writable and executable segment (\"has a LOAD segment with RWX permissions\"). C: remove -Wl,-N; separate PHDRS in linker scripts." },
	{ "cet", r_cet, "Symptom: Intel CET stays off. C: -fcf-protection on every object, linked with -Wl,-z,ibt,-z,shstk. Go: not supported by the Go compiler." },
	{ "bti", r_bti, "Symptom: AArch64 BTI stays off. C: -mbranch-protection=standard on every object, linked with -Wl,-z,force-bti. Go: not supported by the Go compiler." },
	{ "no-cgo", r_cgo, "Go: CGO_ENABLED=0, or -tags netgo,osusergo; `linkscope gocgo ./...` shows which packages pull cgo in." },
	{ "cgo", r_cgo, "Go: CGO_ENABLED=1 with a C compiler installed, without -tags netgo,osusergo." },
	{ "glibc", r_version, "Symptom: \"version `GLIBC_2.34' not found (required by ./app)\". C: build against the target's glibc (an older distribution's container, or zig cc -target x86_64-linux-gnu.2.31). Go: CGO_ENABLED=0, or build in an older-glibc image." },
	{ "glibcxx", r_version, "Symptom: \"version `GLIBCXX_3.4.30' not found\". C++: build with the target's GCC, or -static-libstdc++." },
	{ "cxxabi", r_version, "Symptom: \"version `CXXABI_1.3.13' not found\". C++: build with the target's GCC, or -static-libstdc++." },
	{ "gcc", r_version, "Symptom: \"version `GCC_7.0.0' not found\". C: -static-libgcc, or build with the target's GCC." },
	{ "go", r_go, "Go: rebuild with the required Go release (go.mod toolchain line or GOTOOLCHAIN)." },
	{ "target", r_target, "Symptom: on the target the loader refuses to start the file (\"version `GLIBC_2.34' not found\", \"undefined symbol\", a missing library or interpreter). C: build on the target or against its glibc. Go: CGO_ENABLED=0, or build in an image of the target." },
	{ "buildid", r_buildid, "Symptom: debuggers cannot find the debug information. C: -Wl,--build-id. Go: -ldflags=-B=gobuildid." },
};

static const struct entry *entry_of(int rule)
{
	const char *name = ls_requirement_name(rule);

	for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
		if (!strcmp(entries[i].rule, name))
			return &entries[i];
	return NULL;
}

const char *ls_remedy_help(int rule)
{
	const struct entry *e = entry_of(rule);

	return e ? e->help : NULL;
}

int ls_remedy_fill(ls_failure *f, const ls_audit *a)
{
	const struct entry *e = entry_of(f->rule);
	remedy r = { 0 };
	bool c = !go_only(a), go = a->go.is_go;

	if (!e)
		return 0;
	e->fn(a, f, &r);
	/* Only the fix that applies: a C file gets no Go text, a Go file
	 * without cgo no C flags.  A Go-only rule has no C fix at all. */
	if (!c) {
		free(r.fix_c);
		r.fix_c = NULL;
	}
	if (!go) {
		free(r.fix_go);
		r.fix_go = NULL;
	}
	f->symptom = r.symptom;
	f->fix_c = r.fix_c;
	f->fix_go = r.fix_go;
	if (!r.symptom || (c && !r.fix_c && e->fn != r_cgo && e->fn != r_go) ||
	    (go && !r.fix_go))
		return -1;
	return 0;
}
