/*
 * ldscript_sections.c - SECTIONS, MEMORY and PHDRS of a GNU linker script
 * (binutils 2.40 ld/ldgram.y, statement by statement; see ldscript.c for
 * the grammar in outline): input section descriptions (which sections of
 * which files go where, /DISCARD/ and KEEP), output sections with their
 * addresses, types and attributes, OVERLAY, and the statements allowed
 * anywhere in SECTIONS.  The symbols they assign and read are recorded as
 * at the top level.
 */
#include "ldscript_impl.h"

#include <stdlib.h>
#include <string.h>

/* --- input section descriptions ---------------------------------------------- */

static bool is_sort_kw(const ls_ldtok *t)
{
	return is_kw(t, LS_KW_SORT) || is_kw(t, LS_KW_SORT_BY_NAME) ||
	       is_kw(t, LS_KW_SORT_BY_ALIGNMENT) || is_kw(t, LS_KW_SORT_NONE) ||
	       is_kw(t, LS_KW_SORT_BY_INIT_PRIORITY);
}

/*
 * ldgram.y wildcard_maybe_exclude: [EXCLUDE_FILE ( name... )] name, whose
 * first token t is read.  The names excluded go to excl, the pattern to
 * *pattern.
 */
static int wild_name(parser *p, const ls_ldtok *first, char ***excl,
		     size_t *nexcl, char **pattern)
{
	ls_ldtok t = *first;
	char buf[64];

	if (is_kw(&t, LS_KW_EXCLUDE_FILE)) {
		uint64_t open;
		size_t n = 0;
		if (lds_expect(p, LS_LX_WILD, '(', "EXCLUDE_FILE") < 0)
			return -1;
		open = p->lx.t.start;
		for (;;) {
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			ls_ldtok x = p->lx.t;
			if (is_op(&x, ')') && n)
				break;
			if (x.kind == LS_T_EOF)
				return ls_fail(p->d, open, "EXCLUDE_FILE ( is never closed");
			if (x.kind != LS_T_NAME || x.len == 0)
				return ls_fail(p->d, x.start, "unexpected %s in EXCLUDE_FILE",
					       desc(p, &x, buf));
			PUSH(p, *excl, *nexcl, LDS_MAX_ENTRIES, "excluded files", x.start);
			if (lds_copy_name(p, &x, &(*excl)[*nexcl - 1]) < 0)
				return -1;
			n++;
		}
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
	}
	if (t.kind != LS_T_NAME)
		return ls_fail(p->d, t.start, "expected a file or section pattern, found %s",
			       desc(p, &t, buf));
	if (t.len == 0)
		return ls_fail(p->d, t.start, "empty pattern");
	return lds_copy_name(p, &t, pattern);
}

/* The section patterns up to close (')' or ']'), at least one; open is
 * where the list started. */
static int section_list(parser *p, ls_ldscript_insec *e, int close, uint64_t open)
{
	size_t n = 0;

	for (;;) {
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, close)) {
			if (!n)
				return ls_fail(p->d, t.start, "no section pattern before '%c'",
					       close);
			return 0;
		}
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "section list is never closed");
		/* In the WILD state ',' is a name character: a lone ','
		 * is bfd's pattern "," (which no section is called). */
		if (ls_ldlex_is(&p->lx, &t, ","))
			continue;
		PUSH(p, e->sections, e->nsections, LDS_MAX_ENTRIES, "section patterns",
		     t.start);
		ls_ldscript_secpat *sp = &e->sections[e->nsections - 1];
		if (is_sort_kw(&t)) {
			/* SORT_x ( [SORT_y (] pattern [)] ): the order of
			 * the output, nothing about which sections. */
			if (lds_expect(p, LS_LX_WILD, '(', "SORT") < 0 || next(p, LS_LX_WILD) < 0)
				return -1;
			bool inner = is_sort_kw(&p->lx.t);
			if (inner && (lds_expect(p, LS_LX_WILD, '(', "SORT") < 0 ||
						 next(p, LS_LX_WILD) < 0))
				return -1;
			t = p->lx.t;
			if (wild_name(p, &t, &sp->exclude_files, &sp->nexclude_files,
				      &sp->pattern) < 0 ||
			    lds_expect(p, LS_LX_WILD, ')', "the sorted pattern") < 0 ||
			    (inner && lds_expect(p, LS_LX_WILD, ')', "the sorted pattern") < 0))
				return -1;
		} else if (wild_name(p, &t, &sp->exclude_files, &sp->nexclude_files,
				     &sp->pattern) < 0) {
			return -1;
		}
		n++;
	}
}

/*
 * An input section description whose first token is read (ldgram.y
 * input_section_spec_no_keep), recorded for the output section being
 * read.
 */
static int input_spec(parser *p, const ls_ldtok *first, bool keep)
{
	ls_ldscript *s = p->s;
	ls_ldtok t = *first;
	char buf[64];

	PUSH(p, s->insecs, s->ninsecs, LDS_MAX_ENTRIES, "input section descriptions",
	     first->start);
	ls_ldscript_insec *e = &s->insecs[s->ninsecs - 1];
	e->keep = keep;
	e->offset = first->start;
	if (lds_copy_str(p, p->output, strlen(p->output), first->start, &e->output) < 0)
		return -1;
	e->discard = !strcmp(p->output, "/DISCARD/");

	if (is_kw(&t, LS_KW_INPUT_SECTION_FLAGS)) {
		if (lds_expect(p, LS_LX_WILD, '(', "INPUT_SECTION_FLAGS") < 0)
			return -1;
		for (;;) {
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			ls_ldtok f = p->lx.t;
			if (f.kind != LS_T_NAME || f.len == 0)
				return ls_fail(p->d, f.start,
					       "INPUT_SECTION_FLAGS wants a flag, found %s",
					       desc(p, &f, buf));
			PUSH(p, e->flags, e->nflags, LDS_MAX_ENTRIES, "section flags", f.start);
			if (lds_copy_name(p, &f, &e->flags[e->nflags - 1]) < 0 ||
			    next(p, LS_LX_WILD) < 0)
				return -1;
			if (is_op(&p->lx.t, ')'))
				break;
			if (!is_op(&p->lx.t, '&'))
				return ls_fail(p->d, p->lx.t.start,
					       "expected '&' or ')' in INPUT_SECTION_FLAGS, found %s",
					       desc(p, &p->lx.t, buf));
		}
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
	}
	if (is_op(&t, '[')) {
		/* The old form "[ sections ]": from every file. */
		if (lds_copy_str(p, "*", 1, t.start, &e->file) < 0)
			return -1;
		return section_list(p, e, ']', t.start);
	}
	bool plain = true;
	if (is_kw(&t, LS_KW_SORT) || is_kw(&t, LS_KW_SORT_BY_NAME) ||
	    is_kw(&t, LS_KW_SORT_NONE)) {
		/* filename_spec: SORT_BY_NAME|SORT_NONE ( file ) */
		plain = false;
		if (lds_expect(p, LS_LX_WILD, '(', "SORT") < 0 || next(p, LS_LX_WILD) < 0)
			return -1;
		t = p->lx.t;
		if (wild_name(p, &t, &e->exclude_files, &e->nexclude_files, &e->file) < 0 ||
		    lds_expect(p, LS_LX_WILD, ')', "the sorted file pattern") < 0)
			return -1;
	} else {
		if (wild_name(p, &t, &e->exclude_files, &e->nexclude_files, &e->file) < 0)
			return -1;
		plain = e->nexclude_files == 0;
	}
	ls_ldtok n;
	if (peek(p, LS_LX_WILD, &n) < 0)
		return -1;
	if (is_op(&n, '(')) {
		p->lx.pos = n.end;
		return section_list(p, e, ')', n.start);
	}
	if (!plain)
		return ls_fail(p->d, n.start, "expected '(' after the file pattern, found %s",
			       desc(p, &n, buf));
	/* A file name alone: every section of that file. */
	return 0;
}

/* --- output sections ---------------------------------------------------------- */

/* "( type )" after an output section's address (ldgram.y atype): the '('
 * is next. */
static int section_type(parser *p)
{
	char buf[64];

	if (lds_expect(p, LS_LX_EXPR, '(', "the output section address") < 0 ||
		       next(p, LS_LX_EXPR) < 0)
		return -1;
	ls_ldtok t = p->lx.t;
	if (is_op(&t, ')'))
		return 0;
	if (is_kw(&t, LS_KW_READONLY)) {
		ls_ldtok n;
		if (peek(p, LS_LX_EXPR, &n) < 0)
			return -1;
		if (is_op(&n, '(')) {
			/* READONLY ( TYPE = exp ) */
			p->lx.pos = n.end;
			if (next(p, LS_LX_EXPR) < 0)
				return -1;
			if (!is_kw(&p->lx.t, LS_KW_TYPE))
				return ls_fail(p->d, p->lx.t.start,
					       "expected TYPE after READONLY (, found %s",
					       desc(p, &p->lx.t, buf));
			if (lds_expect(p, LS_LX_EXPR, '=', "TYPE") < 0 ||
			    lds_read_expr(p, NULL, -1, NULL, NULL) < 0 ||
			    lds_expect(p, LS_LX_EXPR, ')', "the TYPE value") < 0)
				return -1;
		}
	} else if (is_kw(&t, LS_KW_TYPE)) {
		/* TYPE = SHT_PROGBITS...: ld knows those names; the value
		 * is not a symbol reference. */
		if (lds_expect(p, LS_LX_EXPR, '=', "TYPE") < 0 ||
		    lds_read_expr(p, NULL, -1, NULL, NULL) < 0)
			return -1;
	} else if (!is_kw(&t, LS_KW_NOLOAD) && !is_kw(&t, LS_KW_DSECT) &&
		   !is_kw(&t, LS_KW_COPY) && !is_kw(&t, LS_KW_INFO) &&
		   !is_kw(&t, LS_KW_OVERLAY)) {
		return ls_fail(p->d, t.start, "unknown output section type %s",
			       desc(p, &t, buf));
	}
	return lds_expect(p, LS_LX_EXPR, ')', "the output section type");
}

static bool is_type_kw(const ls_ldtok *t)
{
	return is_kw(t, LS_KW_NOLOAD) || is_kw(t, LS_KW_DSECT) ||
	       is_kw(t, LS_KW_COPY) || is_kw(t, LS_KW_INFO) ||
	       is_kw(t, LS_KW_OVERLAY) || is_kw(t, LS_KW_READONLY) ||
	       is_kw(t, LS_KW_TYPE) || is_op(t, ')');
}

/* A "(" that starts a section type rather than an address expression. */
static int type_follows(parser *p, bool *yes)
{
	ls_ldtok t, u;
	uint64_t pos = p->lx.pos;

	*yes = false;
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (!is_op(&t, '('))
		return 0;
	p->lx.pos = t.end;
	int rc = peek(p, LS_LX_EXPR, &u);
	p->lx.pos = pos;
	if (rc < 0)
		return -1;
	*yes = is_type_kw(&u);
	return 0;
}

/*
 * ldgram.y opt_exp_with_type, through the ':': [exp] [( type )] ':', or
 * BIND ( exp ) [BLOCK ( exp )] [( type )] ':'.  The address reads names
 * (LS_LDS_REF_EXPR).
 */
static int section_address(parser *p, const char *what)
{
	ls_ldtok t;
	bool type;

	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, ':')) {
		p->lx.pos = t.end;
		return 0;
	}
	if (is_op(&t, '{'))
		return ls_fail(p->d, t.start, "expected ':' after %s, found '{'", what);
	if (is_kw(&t, LS_KW_BIND)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "BIND") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
		if (is_kw(&t, LS_KW_BLOCK)) {
			p->lx.pos = t.end;
			if (lds_paren_expr(p, LS_LDS_REF_EXPR, "BLOCK") < 0)
				return -1;
		}
	} else {
		if (type_follows(p, &type) < 0)
			return -1;
		if (!type && lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0)
			return -1;
	}
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, '(') && section_type(p) < 0)
		return -1;
	return lds_expect(p, LS_LX_EXPR, ':', what);
}

/* [> region] [AT > region] { : phdr } [= fill] [,] after an output
 * section's or overlay's '}' (SCRIPT state); full: the first two too. */
static int section_tail(parser *p, bool full)
{
	ls_ldtok t;
	char buf[64];

	if (peek(p, LS_LX_SCRIPT, &t) < 0)
		return -1;
	if (full && is_op(&t, '>')) {
		p->lx.pos = t.end;
		if (next(p, LS_LX_SCRIPT) < 0 || lds_want_name(p, &p->lx.t, "'>'") < 0 ||
		    peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (full && is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (lds_expect(p, LS_LX_SCRIPT, '>', "AT") < 0 || next(p, LS_LX_SCRIPT) < 0 ||
		    lds_want_name(p, &p->lx.t, "AT >") < 0 || peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	while (is_op(&t, ':')) {
		p->lx.pos = t.end;
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (p->lx.t.kind != LS_T_NAME)
			return ls_fail(p->d, p->lx.t.start,
				       "expected a program header after ':', found %s",
				       desc(p, &p->lx.t, buf));
		if (peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (is_op(&t, '=')) {
		/* The fill: an expression (ld lexes "/DISCARD/" after it as
		 * a name, not a division). */
		p->lx.pos = t.end;
		if (lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		    peek(p, LS_LX_SCRIPT, &t) < 0)
			return -1;
	}
	if (is_op(&t, ','))
		p->lx.pos = t.end;
	return 0;
}

static int body(parser *p, uint64_t open);

/* name [addr] [(type)] : [AT(..)] [ALIGN(..)] [ALIGN_WITH_INPUT]
 * [SUBALIGN(..)] [ONLY_IF_RO|ONLY_IF_RW|SPECIAL] { body } tail; the name
 * is read. */
static int output_section(parser *p, const ls_ldtok *name)
{
	ls_ldtok t;
	char buf[64];

	if (name->len == 0)
		return ls_fail(p->d, name->start, "empty output section name");
	if (lds_copy_name(p, name, &p->output) < 0)
		return -1;
	if (section_address(p, "the output section name and address") < 0 ||
	    peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ALIGN)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "ALIGN") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ALIGN_WITH_INPUT)) {
		p->lx.pos = t.end;
		if (peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_SUBALIGN)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "SUBALIGN") < 0 ||
		    peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_ONLY_IF_RO) || is_kw(&t, LS_KW_ONLY_IF_RW) ||
	    is_kw(&t, LS_KW_SPECIAL))
		p->lx.pos = t.end;
	if (next(p, LS_LX_EXPR) < 0)
		return -1;
	if (!is_op(&p->lx.t, '{'))
		return ls_fail(p->d, p->lx.t.start,
			       "expected '{' after output section %s, found %s",
			       p->output, desc(p, &p->lx.t, buf));
	if (body(p, p->lx.t.start) < 0 || section_tail(p, true) < 0)
		return -1;
	free(p->output);
	p->output = NULL;
	return 0;
}

/* Statements of an output section, up to its '}' (WILD state); open is
 * the offset of its '{'. */
static int body(parser *p, uint64_t open)
{
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_WILD) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, '}'))
			return 0;
		if (is_op(&t, ';'))
			continue;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "output section %s { is never closed",
				       p->output);
		if (t.kind == LS_T_NAME) {
			bool yes;
			if (lds_assign_follows(p, LS_LX_WILD, &yes) < 0)
				return -1;
			if (yes) {
				if (lds_assignment(p, &t, LS_LX_WILD, LS_LD_ASSIGN) < 0 ||
				    lds_separator(p, "the assignment") < 0)
					return -1;
			} else if (input_spec(p, &t, false) < 0) {
				return -1;
			}
			continue;
		}
		if (t.kind == LS_T_OP && t.op == '[') {
			if (input_spec(p, &t, false) < 0)
				return -1;
			continue;
		}
		if (t.kind != LS_T_KW)
			return ls_fail(p->d, t.start, "unexpected %s in output section %s",
				       desc(p, &t, buf), p->output);
		switch (t.kw) {
		case LS_KW_KEEP:
			if (lds_expect(p, LS_LX_WILD, '(', "KEEP") < 0 || next(p, LS_LX_WILD) < 0)
				return -1;
			t = p->lx.t;
			if (input_spec(p, &t, true) < 0 ||
			    lds_expect(p, LS_LX_WILD, ')', "the kept input sections") < 0)
				return -1;
			break;
		case LS_KW_CREATE_OBJECT_SYMBOLS:
		case LS_KW_CONSTRUCTORS:
			break;
		case LS_KW_SORT:
		case LS_KW_SORT_BY_NAME: {
			/* SORT ( CONSTRUCTORS ), or a sorted file pattern. */
			uint64_t pos = p->lx.pos;
			if (next(p, LS_LX_WILD) < 0)
				return -1;
			if (is_op(&p->lx.t, '(')) {
				if (next(p, LS_LX_WILD) < 0)
					return -1;
				if (is_kw(&p->lx.t, LS_KW_CONSTRUCTORS)) {
					if (lds_expect(p, LS_LX_WILD, ')', "CONSTRUCTORS") < 0)
						return -1;
					break;
				}
			}
			p->lx.pos = pos;
			if (input_spec(p, &t, false) < 0)
				return -1;
			break;
		}
		case LS_KW_SORT_NONE:
		case LS_KW_EXCLUDE_FILE:
		case LS_KW_INPUT_SECTION_FLAGS:
			if (input_spec(p, &t, false) < 0)
				return -1;
			break;
		case LS_KW_QUAD: case LS_KW_SQUAD: case LS_KW_LONG:
		case LS_KW_SHORT: case LS_KW_BYTE: case LS_KW_FILL:
			/* Data: the value may name symbols. */
			if (lds_paren_expr(p, LS_LDS_REF_EXPR, desc(p, &t, buf)) < 0)
				return -1;
			break;
		case LS_KW_ASSERT:
			if (lds_assert_stmt(p) < 0 || lds_separator(p, "ASSERT") < 0)
				return -1;
			break;
		case LS_KW_PROVIDE: case LS_KW_PROVIDE_HIDDEN: case LS_KW_HIDDEN:
			if (lds_provide(p, t.kw, LS_LX_WILD) < 0 ||
			    lds_separator(p, "the assignment") < 0)
				return -1;
			break;
		case LS_KW_INCLUDE:
			return ls_fail(p->d, t.start,
				       "INCLUDE is not supported (the included script is not read)");
		default:
			return ls_fail(p->d, t.start, "unexpected %s in output section %s",
				       desc(p, &t, buf), p->output);
		}
	}
}

/* OVERLAY [start] : [NOCROSSREFS] [AT ( ldaddr )] [SUBALIGN ( exp )]
 * { { name { body } { : phdr } [= fill] [,] } } tail; the keyword read. */
static int overlay(parser *p)
{
	ls_ldtok t;
	uint64_t open;
	char buf[64];

	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_op(&t, ':')) {
		p->lx.pos = t.end;
	} else if (lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		   lds_expect(p, LS_LX_EXPR, ':', "the OVERLAY address") < 0) {
		return -1;
	}
	if (peek(p, LS_LX_EXPR, &t) < 0)
		return -1;
	if (is_kw(&t, LS_KW_NOCROSSREFS)) {
		p->lx.pos = t.end;
		if (peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_AT)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0 || peek(p, LS_LX_EXPR, &t) < 0)
			return -1;
	}
	if (is_kw(&t, LS_KW_SUBALIGN)) {
		p->lx.pos = t.end;
		if (lds_paren_expr(p, LS_LDS_REF_EXPR, "SUBALIGN") < 0)
			return -1;
	}
	if (lds_expect(p, LS_LX_EXPR, '{', "the OVERLAY header") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		t = p->lx.t;
		if (is_op(&t, '}'))
			break;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "OVERLAY { is never closed");
		if (t.kind != LS_T_NAME || t.len == 0)
			return ls_fail(p->d, t.start, "unexpected %s in OVERLAY",
				       desc(p, &t, buf));
		if (lds_copy_name(p, &t, &p->output) < 0 ||
		    lds_expect(p, LS_LX_SCRIPT, '{', "the overlay section name") < 0 ||
		    body(p, p->lx.t.start) < 0 || section_tail(p, false) < 0)
			return -1;
		free(p->output);
		p->output = NULL;
	}
	return section_tail(p, true);
}

/* The statements of SECTIONS { } (or of an svr3 GROUP in it) up to the
 * '}'; open is the offset of the '{'. */
int lds_sec_list(parser *p, uint64_t open, int depth)
{
	char buf[64];

	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		bool done;
		if (is_op(&t, '}'))
			return 0;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "SECTIONS { is never closed");
		if (is_op(&t, ';'))
			continue;	/* lld accepts it; bfd's grammar does not */
		if (lds_statement_anywhere(p, &t, &done) < 0)
			return -1;
		if (done)
			continue;
		if (is_kw(&t, LS_KW_OVERLAY)) {
			if (overlay(p) < 0)
				return -1;
		} else if (is_kw(&t, LS_KW_GROUP)) {
			/* ldgram.y: "just enough to support the gcc svr3.ifile
			 * script": GROUP [addr] : { statements } */
			if (depth + 1 > LDS_MAX_NEST)
				return ls_fail(p->d, t.start, "GROUP nested more than %d deep",
					       LDS_MAX_NEST);
			if (section_address(p, "GROUP") < 0 ||
			    lds_expect(p, LS_LX_SCRIPT, '{', "GROUP") < 0 ||
			    lds_sec_list(p, p->lx.t.start, depth + 1) < 0)
				return -1;
		} else if (t.kind == LS_T_NAME) {
			if (output_section(p, &t) < 0)
				return -1;
		} else {
			return ls_fail(p->d, t.start, "unexpected %s in SECTIONS",
				       desc(p, &t, buf));
		}
	}
}

/*
 * ldgram.y statement_anywhere (ENTRY, ASSERT, assignments) and INCLUDE,
 * for the top level and SECTIONS; t is read.  *done is false when t starts
 * something else.
 */
int lds_statement_anywhere(parser *p, const ls_ldtok *t, bool *done)
{
	*done = true;
	if (t->kind == LS_T_NAME) {
		bool yes;
		if (lds_assign_follows(p, LS_LX_SCRIPT, &yes) < 0)
			return -1;
		if (yes)
			return lds_assignment(p, t, LS_LX_SCRIPT, LS_LD_ASSIGN) < 0 ? -1 :
			       lds_separator(p, "the assignment");
		*done = false;
		return 0;
	}
	if (t->kind != LS_T_KW) {
		*done = false;
		return 0;
	}
	switch (t->kw) {
	case LS_KW_ENTRY:
		return lds_entry(p);
	case LS_KW_ASSERT:
		return lds_assert_stmt(p);
	case LS_KW_PROVIDE: case LS_KW_PROVIDE_HIDDEN: case LS_KW_HIDDEN:
		return lds_provide(p, t->kw, LS_LX_SCRIPT) < 0 ? -1 :
		       lds_separator(p, "the assignment");
	case LS_KW_INCLUDE:
		return ls_fail(p->d, t->start,
			       "INCLUDE is not supported (the included script is not read)");
	}
	*done = false;
	return 0;
}

/* MEMORY { name [( attributes )] : ORIGIN = exp [,] LENGTH = exp ... } */
int lds_memory(parser *p)
{
	uint64_t open;
	char buf[64];

	if (lds_expect(p, LS_LX_SCRIPT, '{', "MEMORY") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t, n;
		if (is_op(&t, '}'))
			return 0;
		if (is_op(&t, ','))
			continue;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "MEMORY { is never closed");
		if (is_kw(&t, LS_KW_INCLUDE))
			return ls_fail(p->d, t.start,
				       "INCLUDE is not supported (the included script is not read)");
		if (t.kind != LS_T_NAME || t.len == 0)
			return ls_fail(p->d, t.start, "unexpected %s in MEMORY",
				       desc(p, &t, buf));
		if (peek(p, LS_LX_SCRIPT, &n) < 0)
			return -1;
		if (is_op(&n, '(')) {
			/* Attributes: r w x a i l and '!', no symbols. */
			size_t k = 0;
			p->lx.pos = n.end;
			for (;;) {
				if (next(p, LS_LX_SCRIPT) < 0)
					return -1;
				if (is_op(&p->lx.t, ')') && k)
					break;
				if (!is_op(&p->lx.t, '!') && p->lx.t.kind != LS_T_NAME)
					return ls_fail(p->d, p->lx.t.start,
						       "unexpected %s in memory attributes",
						       desc(p, &p->lx.t, buf));
				k++;
			}
		}
		if (lds_expect(p, LS_LX_SCRIPT, ':', "the memory region") < 0 ||
		    next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (!is_kw(&p->lx.t, LS_KW_ORIGIN) && !is_kw(&p->lx.t, LS_KW_o) &&
		    !is_kw(&p->lx.t, LS_KW_org))
			return ls_fail(p->d, p->lx.t.start, "expected ORIGIN, found %s",
				       desc(p, &p->lx.t, buf));
		if (lds_expect(p, LS_LX_SCRIPT, '=', "ORIGIN") < 0 ||
		    lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0 ||
		    peek(p, LS_LX_SCRIPT, &n) < 0)
			return -1;
		if (is_op(&n, ','))
			p->lx.pos = n.end;
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		if (!is_kw(&p->lx.t, LS_KW_LENGTH) && !is_kw(&p->lx.t, LS_KW_l) &&
		    !is_kw(&p->lx.t, LS_KW_len))
			return ls_fail(p->d, p->lx.t.start, "expected LENGTH, found %s",
				       desc(p, &p->lx.t, buf));
		if (lds_expect(p, LS_LX_SCRIPT, '=', "LENGTH") < 0 ||
		    lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, NULL) < 0)
			return -1;
	}
}

/* PHDRS { name type [FILEHDR] [PHDRS] [AT ( exp )] [FLAGS ( exp )] ; ... } */
int lds_phdrs(parser *p)
{
	uint64_t open;
	char buf[64];

	if (lds_expect(p, LS_LX_SCRIPT, '{', "PHDRS") < 0)
		return -1;
	open = p->lx.t.start;
	for (;;) {
		if (next(p, LS_LX_SCRIPT) < 0)
			return -1;
		ls_ldtok t = p->lx.t;
		if (is_op(&t, '}'))
			return 0;
		if (t.kind == LS_T_EOF)
			return ls_fail(p->d, open, "PHDRS { is never closed");
		if (t.kind != LS_T_NAME)
			return ls_fail(p->d, t.start, "unexpected %s in PHDRS",
				       desc(p, &t, buf));
		/* The type: PT_LOAD and the like are names ld knows, not
		 * symbols; any other expression reads what it names. */
		size_t mark = p->s->nrefs;
		bool single;
		if (lds_read_expr(p, NULL, LS_LDS_REF_EXPR, NULL, &single) < 0)
			return -1;
		if (single)
			while (p->s->nrefs > mark)
				free(p->s->refs[--p->s->nrefs].name);
		for (;;) {
			if (next(p, LS_LX_EXPR) < 0)
				return -1;
			ls_ldtok q = p->lx.t;
			if (is_op(&q, ';'))
				break;
			if (is_kw(&q, LS_KW_AT)) {
				if (lds_paren_expr(p, LS_LDS_REF_EXPR, "AT") < 0)
					return -1;
			} else if (ls_ldlex_is(&p->lx, &q, "FLAGS")) {
				if (lds_paren_expr(p, LS_LDS_REF_EXPR, "FLAGS") < 0)
					return -1;
			} else if (!ls_ldlex_is(&p->lx, &q, "FILEHDR") &&
				   !ls_ldlex_is(&p->lx, &q, "PHDRS")) {
				return ls_fail(p->d, q.start, "PHDRS syntax error at %s",
					       desc(p, &q, buf));
			}
		}
	}
}
