/*
 * cmd_link.c - `linkscope link [options] -- COMMAND...`: the dry run of a
 * static link.  COMMAND is the failing link as the user runs it (a
 * compiler driver or a linker); the linker itself never runs.
 */
#include "cli.h"
#include "options.h"
#include "../lib/link/link.h"
#include "../lib/report/link_report.h"
#include "../lib/version.h"

#include <stdlib.h>
#include <string.h>

struct opts {
	cli_common c;		/* first: the shared options */
	ls_link_report_opts r;
	int sem;
};

static const cli_cmd link_cmd;

static int set_semantics(void *o, const char *arg)
{
	int sem = ls_link_sem_parse(arg);

	if (sem < 0)
		return cli_usage(&link_cmd, "unknown --semantics '%s' (bfd, gold, lld, mold)", arg);
	((struct opts *)o)->sem = sem;
	return 0;
}

static const cli_opt link_opts[] = {
	CLI_FN("semantics", 0, CLI_REQARG, "LINKER", set_semantics,
	       "bfd, gold, lld or mold"),
	CLI_FLAG("members", 0, struct opts, r.members,
		 "list every archive member pulled, and why"),
	CLI_UNFLAG("no-demangle", 0, struct opts, r.demangle,
		   "print C++ names as they are in the objects"),
	CLI_FLAG("stats", 0, struct opts, r.stats,
		 "counters (symbols, members, index entries)"),
	{ 0 },
};

static const cli_cmd link_cmd = {
	.name = "link",
	.operands = "-- COMMAND...",
	.about =
"Resolve the symbols of a link exactly as the linker COMMAND would, without\n"
"running the linker or writing an output, and explain the result: every\n"
"duplicate definition (file or archive(member), function, source line from\n"
"DWARF), every undefined reference with the places that make it and why it\n"
"is undefined (an input of another architecture, a library on the search\n"
"path that was not given, archive order, hidden visibility, symbol\n"
"versions, C/C++ mangling, glibc/musl and Go patterns), wrong-architecture\n"
"inputs and archive members, and why each archive member was pulled.\n"
"\n"
"COMMAND is a compiler driver (gcc, g++, clang, aarch64-linux-gnu-gcc ...)\n"
"or a linker (ld, ld.bfd, ld.gold, ld.lld, mold).  A driver is asked for\n"
"its link line with -###; a driver that is not installed is modelled\n"
"(Debian's gcc layout; docs/link.md).  -fuse-ld= or the linker's name\n"
"picks the rules, unless --semantics says otherwise.\n",
	.after =
"Exit status: 0 when the link would succeed, 1 when it would fail, 2 when\n"
"an input is unreadable or malformed, the driver fails, or on bad usage.\n"
"\n"
"Example:\n"
"  linkscope link -- gcc main.o -L. -lfoo -lbar -o app\n",
	.shared = CLI_JSON | CLI_SARIF | CLI_COLOR | CLI_OUTPUT,
	.stop_at_operand = true,
	.missing = "no link command (put it after --: linkscope link -- gcc main.o ...)",
	.opts = link_opts,
};

int cmd_link(int argc, char **argv)
{
	struct opts o = { .r = { .demangle = true }, .sem = -1 };
	int first, rc;
	ls_link_cmd cmd;
	ls_link_result res;
	ls_diag d = { 0 };

	if ((rc = cli_parse(&link_cmd, argc, argv, &o, &first)) != 0)
		return rc < 0 ? LS_EXIT_OK : rc;
	o.r.color = o.c.color;
	memset(&cmd, 0, sizeof cmd);
	if (ls_linkcmd_build(argc - first, argv + first, o.sem, &cmd, &d) < 0) {
		cli_cmd_error("link", &d, "");
		ls_linkcmd_free(&cmd);
		return LS_EXIT_INPUT;
	}
	if (ls_link_run(&cmd, &res, &d) < 0) {
		cli_cmd_error("link", &d, "");
		ls_link_result_free(&res);
		ls_linkcmd_free(&cmd);
		return LS_EXIT_INPUT;
	}
	ls_linkcmd_version(&cmd);
	if (o.c.fmt == CLI_FMT_JSON)
		ls_link_write_json(stdout, &res, &o.r);
	else if (o.c.fmt == CLI_FMT_SARIF)
		ls_link_write_sarif(stdout, &res, LS_VERSION);
	else
		ls_link_write_text(stdout, &res, &o.r);
	rc = res.ok ? LS_EXIT_OK : LS_EXIT_POLICY;
	if (cli_flush() != 0)
		rc = LS_EXIT_INPUT;
#ifdef __SANITIZE_ADDRESS__
	ls_link_result_free(&res);
	ls_linkcmd_free(&cmd);
#else
	/* The mappings and tables go with the process: freeing a large
	 * link's symbol table only costs time. */
	(void)ls_link_result_free;
	if (getenv("LINKSCOPE_FREE")) {
		ls_link_result_free(&res);
		ls_linkcmd_free(&cmd);
	}
#endif
	return rc;
}
