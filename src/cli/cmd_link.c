/*
 * cmd_link.c - `linkscope link [options] -- COMMAND...`: the dry run of a
 * static link.  COMMAND is the failing link as the user runs it (a
 * compiler driver or a linker); the linker itself never runs.
 */
#include "cli.h"
#include "../lib/link/link.h"
#include "../lib/report/link_report.h"
#include "../lib/version.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
"usage: linkscope link [options] -- COMMAND...\n"
"\n"
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
"picks the rules, unless --semantics says otherwise.\n"
"\n"
"      --semantics=LINKER  bfd, gold, lld or mold\n"
"      --json              one JSON document (docs/json-link.md)\n"
"      --sarif             SARIF 2.1.0, for code-scanning upload\n"
"      --members           list every archive member pulled, and why\n"
"      --no-demangle       print C++ names as they are in the objects\n"
"      --stats             counters (symbols, members, index entries)\n"
"  -h, --help              this help\n"
"\n"
"Exit status: 0 when the link would succeed, 1 when it would fail, 2 when\n"
"an input is unreadable or malformed, the driver fails, or on bad usage.\n"
"\n"
"Example:\n"
"  linkscope link -- gcc main.o -L. -lfoo -lbar -o app\n";

int cmd_link(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "sarif", no_argument, NULL, 'S' },
		{ "semantics", required_argument, NULL, 's' },
		{ "members", no_argument, NULL, 'm' },
		{ "no-demangle", no_argument, NULL, 'N' },
		{ "stats", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	ls_link_report_opts o = { .demangle = true };
	bool json = false, sarif = false;
	int sem = -1, c;
	ls_link_cmd cmd;
	ls_link_result res;
	ls_diag d = { 0 };

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", lopts, NULL)) != -1) {
		switch (c) {
		case 'J':
			json = true;
			break;
		case 'S':
			sarif = true;
			break;
		case 's':
			sem = ls_link_sem_parse(optarg);
			if (sem < 0)
				return cli_usage_error("link", "unknown --semantics '%s' (bfd, gold, lld, mold)",
						       optarg);
			break;
		case 'm':
			o.members = true;
			break;
		case 'N':
			o.demangle = false;
			break;
		case 'T':
			o.stats = true;
			break;
		case 'h':
			fputs(help, stdout);
			return LS_EXIT_OK;
		default:
			return cli_usage_error("link", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (json && sarif)
		return cli_usage_error("link", "%s", "--json and --sarif exclude each other");
	if (optind >= argc)
		return cli_usage_error("link", "%s",
				       "no link command (put it after --: linkscope link -- gcc main.o ...)");
	memset(&cmd, 0, sizeof cmd);
	if (ls_linkcmd_build(argc - optind, argv + optind, sem, &cmd, &d) < 0) {
		fprintf(stderr, "linkscope link: %s\n", d.msg);
		ls_linkcmd_free(&cmd);
		return LS_EXIT_INPUT;
	}
	if (ls_link_run(&cmd, &res, &d) < 0) {
		fflush(stdout);
		fprintf(stderr, "linkscope link: %s", d.msg);
		if (d.has_offset)
			fprintf(stderr, " at offset 0x%llx", (unsigned long long)d.offset);
		fputc('\n', stderr);
		ls_link_result_free(&res);
		ls_linkcmd_free(&cmd);
		return LS_EXIT_INPUT;
	}
	ls_linkcmd_version(&cmd);
	if (json)
		ls_link_write_json(stdout, &res, &o);
	else if (sarif)
		ls_link_write_sarif(stdout, &res, LS_VERSION);
	else
		ls_link_write_text(stdout, &res, &o);
	int rc = res.ok ? LS_EXIT_OK : LS_EXIT_POLICY;
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
