/*
 * fuzz_verscript.c - libFuzzer target: the version script reader and
 * matcher (src/lib/link/verscript.c, verscript_match.c) on arbitrary bytes.
 *
 * Every input is parsed eight times: with the rules of bfd, gold, lld and
 * mold, as a --version-script file and as a VERSION { } command.  A
 * failure must leave the result empty and give a message with an offset
 * inside the input.  A success is checked for consistency (nodes,
 * patterns, dependencies, offsets, names inside the input or NUL-
 * terminated copies), then every node and pattern is read to its end and
 * names are looked up: a fixed set (C names, mangled C++ names with their
 * demangled forms, the empty name, a long one) and, from the input, each
 * pattern's text, each pattern's text with a byte cut or added, each node
 * name, and slices of the input itself.  Every answer must point at a real
 * node and pattern.  Nothing is written; everything is freed per input
 * (leak detection is on).  Build with fuzz/build.sh.
 */
#include "link/verscript.h"
#include "link/linkcmd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Makes reads of returned strings observable (ASan sees every byte). */
static volatile size_t fz_sink;

static const struct {
	const char *name, *demangled;
} fixed[] = {
	{ "foo", NULL }, { "foobar", NULL }, { "bar", NULL }, { "", NULL },
	{ "main", NULL }, { "_init", NULL }, { "cfunc", NULL },
	{ "_Z5gfunci", "gfunc(int)" }, { "_ZN2ns4funcEi", "ns::func(int)" },
	{ "_ZN2ns4funcEd", "ns::func(double)" },
	{ "_ZNSt6vectorIiSaIiEE9push_backERKi",
	  "std::vector<int, std::allocator<int> >::push_back(int const&)" },
	{ "GLIBC_2.2.5", NULL }, { "*", NULL }, { "[", NULL }, { "\\", NULL },
};

static void check_match(const ls_verscript *vs, int r, const ls_vermatch *m,
			size_t size)
{
	if (r < 0 || r > 1)
		abort();
	if (r == 0) {
		if (m->matched || m->node != -1 || m->pat != -1 || m->version)
			abort();
		return;
	}
	if (!m->matched || m->node < 0 || (size_t)m->node >= vs->nnodes ||
	    m->pat < 0 || (size_t)m->pat >= vs->npats)
		abort();
	const ls_verscript_pat *p = &vs->pats[m->pat];
	if (p->node != (uint32_t)m->node || m->offset != p->offset ||
	    m->offset > size)
		abort();
	if (m->version != vs->nodes[m->node].name)
		abort();
	if (m->version)
		fz_sink += strlen(m->version) + m->version_len;
	if (m->exact && m->catch_all)
		abort();
	if (m->global != !!(p->flags & LS_VSP_GLOBAL))
		abort();
}

static void lookup(const ls_verscript *vs, const char *name, size_t len,
		   const char *demangled, size_t size)
{
	ls_vermatch m;
	int r = ls_verscript_lookup(vs, name, len, demangled, &m);

	check_match(vs, r, &m, size);
}

static void check_parsed(const ls_verscript *vs, const uint8_t *data,
			 size_t size)
{
	const char *lo = (const char *)data, *hi = lo + size;
	static char longname[5000];
	char buf[300];

	if (vs->npats > LS_VS_MAX_PATTERNS || vs->nnodes > LS_VS_MAX_NODES)
		abort();
	if (vs->nwarnings && (!vs->warning.msg[0] || vs->warning.offset > size))
		abort();
	size_t pats = 0, deps = 0;
	for (size_t i = 0; i < vs->nnodes; i++) {
		const ls_verscript_node *nd = &vs->nodes[i];
		if (nd->first_pat != pats || nd->first_dep != deps || nd->offset > size)
			abort();
		pats += nd->npats;
		deps += nd->ndeps;
		if (nd->name && strlen(nd->name) != nd->name_len)
			abort();
		for (uint32_t k = 0; k < nd->ndeps; k++) {
			const ls_verscript_dep *dp = &vs->deps[nd->first_dep + k];
			if (dp->name < lo || dp->name + dp->len > hi || dp->offset > size)
				abort();
			if (dp->node < -1 || dp->node >= (int32_t)vs->nnodes)
				abort();
			fz_sink += memchr(dp->name, 0, dp->len) != NULL;
		}
	}
	if (pats != vs->npats || deps != vs->ndeps)
		abort();
	for (size_t i = 0; i < vs->npats; i++) {
		const ls_verscript_pat *p = &vs->pats[i];
		if (p->node >= vs->nnodes || p->offset > size || p->lang > LS_VS_JAVA)
			abort();
		if (p->len && memchr(p->text, 0x7f, p->len))
			fz_sink++;
		if (i && p->node < vs->pats[i - 1].node)
			abort();
		/* Into the input, or a shorter unescaped copy (bfd). */
		if ((p->text < lo || p->text + p->len > hi) &&
		    (vs->sem != LS_SEM_BFD || p->len > size))
			abort();
	}

	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		lookup(vs, fixed[i].name, strlen(fixed[i].name), fixed[i].demangled, size);
		lookup(vs, fixed[i].name, strlen(fixed[i].name), NULL, size);
	}
	memset(longname, 'a', sizeof longname - 1);
	lookup(vs, longname, sizeof longname - 1, longname, size);
	lookup(vs, NULL, 0, NULL, size);

	/* At most 512 patterns, so that a large input stays quick. */
	for (size_t i = 0; i < vs->npats && i < 512; i++) {
		const ls_verscript_pat *p = &vs->pats[i];
		size_t n = p->len < sizeof buf - 2 ? p->len : sizeof buf - 2;
		memcpy(buf, p->text, n);
		buf[n] = 0;
		lookup(vs, p->text, p->len, NULL, size);
		lookup(vs, "x", 1, buf, size);
		if (n) {
			lookup(vs, buf, n - 1, NULL, size);
			lookup(vs, buf + 1, n - 1, buf, size);
		}
		buf[n] = 'x';
		buf[n + 1] = 0;
		lookup(vs, buf, n + 1, NULL, size);
	}
	for (size_t i = 0; i < vs->nnodes && i < 64; i++)
		if (vs->nodes[i].name)
			lookup(vs, vs->nodes[i].name, vs->nodes[i].name_len,
			       vs->nodes[i].name, size);
	/* Slices of the input as names. */
	for (size_t off = 0; off < size && off < 4096; off += 37) {
		size_t n = size - off < 64 ? size - off : 64;
		lookup(vs, lo + off, n, NULL, size);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int sems[] = { LS_SEM_BFD, LS_SEM_GOLD, LS_SEM_LLD, LS_SEM_MOLD };
	ls_bytes b = { data, size };

	for (int cmd = 0; cmd < 2; cmd++) {
		for (int s = 0; s < 4; s++) {
			ls_verscript vs;
			ls_diag d = { 0 };
			if (ls_verscript_parse(b, sems[s], cmd ? LS_VS_VERSION_COMMAND : 0,
					       &vs, &d) < 0) {
				if (!d.msg[0] || vs.nodes || vs.pats || vs.deps ||
				    vs.npats || vs.nnodes || vs.ndeps || vs.ix_ || vs.block_)
					abort();
				if (d.has_offset && d.offset > size)
					abort();
				fz_sink += strlen(d.msg);
				continue;
			}
			if (vs.sem != sems[s])
				abort();
			check_parsed(&vs, data, size);
			ls_verscript_free(&vs);
		}
	}
	return 0;
}
