/*
 * link_libpath.c - the libraries of the -l search path the link was not
 * given, and what they define (the not-given hint); see link_libscan.h.
 *
 * A Debian search path names about 1,450 lib*.so and lib*.a, under five
 * names of three directories, and a failing link's report must not take
 * longer than the link.  So it goes in three steps:
 *  1. the directories are listed, each once whatever name it is reached
 *     under, and the libraries to read are put in search order;
 *  2. threads read them, each file on its own, recording the definitions
 *     of wanted names (link_scan_bytes: indexes and hash tables);
 *  3. the records are handed to fn in search order, skipping a file
 *     already handed under another name, so the answers are those of one
 *     thread reading every name of every directory in turn.
 */
#include "link_libscan.h"
#include "../core/array.h"
#include "ldscript.h"

#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* Reading is mostly waiting for the kernel (open, map, page faults) or,
 * with a cold cache, the disk: a few more threads than cores help. */
#define READ_THREADS 4

typedef struct fileid {
	dev_t dev;
	ino_t ino;
} fileid;

/* A lib*.so or lib*.a name of a directory; done: given a task, as
 * opposed to skipped because the search found it (it is an input). */
typedef struct libname {
	char *name;
	size_t len;
	bool so, done;
} libname;

/* A directory, listed once whatever name it is reached under. */
typedef struct libdir {
	fileid id;
	libname *names;		/* in readdir order */
	size_t n, cap;
} libdir;

/* A definition a thread found; s.name is the wanted entry's own (the
 * file is unmapped by the time it is handed to fn). */
typedef struct found {
	ls_symbol s;
	char *where;
} found;

/* One file a task read: a linker script, or an ELF file or archive with
 * the definitions in it. */
typedef struct part {
	fileid id;
	bool script;
	found *defs;
	size_t n, cap;
} part;

/* A library the search would try, under the path it would be found by. */
typedef struct task {
	char *path;
	char *lib;		/* "-lNAME" */
	part *parts;		/* the library, then a script's files */
	size_t nparts, cap;
	int rc;			/* < 0: out of memory */
} task;

typedef struct libpath {
	linkctx *c;
	const ltab *want;
	libdir *dirs;
	size_t ndirs, capdirs;
	task *tasks;
	size_t ntasks, captasks;
	size_t listed;		/* names counted against the limit */
	atomic_size_t next;	/* the next task to read */
	/* The files handed to fn: open addressing, at most half full. */
	struct idslot {
		fileid id;
		bool used;
	} *ids;
	size_t nids, idmask;
} libpath;

/* --- 1. the directories, in search order --------------------------------- */

static bool is_input_path(const linkctx *c, const char *path)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (!strcmp(c->files[i].path, path))
			return true;
	return false;
}

static int add_name(libdir *ld, const char *name, size_t n, bool so)
{
	if (ls_array_reserve(&ld->names, &ld->cap, ld->n + 1, sizeof *ld->names) < 0)
		return -1;
	char *copy = strdup(name);
	if (!copy)
		return -1;
	ld->names[ld->n++] = (libname){ copy, n, so, false };
	return 0;
}

/* The lib*.so and lib*.a names, in readdir order; no more of each kind
 * than the limit lets be read. */
static int read_names(DIR *dp, libdir *ld)
{
	size_t nso = 0, na = 0;
	struct dirent *e;

	while ((e = readdir(dp))) {
		size_t n = strlen(e->d_name);
		bool so = n > 6 && !strcmp(e->d_name + n - 3, ".so");
		bool a = n > 5 && !strcmp(e->d_name + n - 2, ".a");
		if (strncmp(e->d_name, "lib", 3) || (!so && !a) ||
		    (so ? nso : na) >= LINK_SCAN_MAX_FILES)
			continue;
		if (add_name(ld, e->d_name, n, so) < 0)
			return -1;
		*(so ? &nso : &na) += 1;
	}
	return 0;
}

/* The directory's entry, listed now unless it was under another name;
 * NULL in *out when it cannot be opened. */
static int find_dir(libpath *p, const char *dir, libdir **out)
{
	DIR *dp = opendir(dir);
	struct stat st;
	int rc;

	*out = NULL;
	if (!dp)
		return 0;
	if (fstat(dirfd(dp), &st) < 0) {
		closedir(dp);
		return 0;
	}
	for (size_t i = 0; i < p->ndirs; i++)
		if (p->dirs[i].id.dev == st.st_dev && p->dirs[i].id.ino == st.st_ino) {
			closedir(dp);
			*out = &p->dirs[i];
			return 0;
		}
	if (ls_array_reserve(&p->dirs, &p->capdirs, p->ndirs + 1, sizeof *p->dirs) < 0) {
		closedir(dp);
		return -1;
	}
	libdir *ld = &p->dirs[p->ndirs++];
	memset(ld, 0, sizeof *ld);
	ld->id = (fileid){ st.st_dev, st.st_ino };
	rc = read_names(dp, ld);
	closedir(dp);
	*out = ld;
	return rc;
}

static int add_task(libpath *p, const libname *e, char *path)
{
	int n = (int)(e->len - 3 - (e->so ? 3 : 2));
	char *lib = link_fmt("-l%.*s", n, e->name + 3);

	if (!lib || ls_array_reserve(&p->tasks, &p->captasks, p->ntasks + 1,
				     sizeof *p->tasks) < 0) {
		free(lib);
		free(path);
		return -1;
	}
	p->tasks[p->ntasks++] = (task){ .path = path, .lib = lib };
	return 0;
}

/*
 * lib*.so names, then lib*.a names, as -l looks for them; each counts
 * against the limit, read or not.  A directory met again under another
 * name (-L/usr/lib/gcc/x86_64-linux-gnu/12/../../../x86_64-linux-gnu,
 * /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu) holds the same files,
 * whose answers fn already has; only those skipped as inputs are tried
 * under the new name, where they are not the input.
 */
static int list_dir(libpath *p, const char *dir)
{
	libdir *ld;
	int rc = find_dir(p, dir, &ld);

	for (int pass = 0; ld && rc >= 0 && pass < 2; pass++)
		for (size_t k = 0; k < ld->n && rc >= 0 &&
				   p->listed < LINK_SCAN_MAX_FILES; k++) {
			libname *e = &ld->names[k];
			if (e->so != (pass == 0))
				continue;
			p->listed++;
			if (e->done)
				continue;
			char *path = link_fmt("%s/%s", dir, e->name);
			if (!path)
				return -1;
			if (is_input_path(p->c, path)) {
				free(path);
				continue;
			}
			e->done = true;
			rc = add_task(p, e, path);
		}
	return rc;
}

/* --- 2. reading, on several threads -------------------------------------- */

/*
 * A file is read in a few scattered places (headers, an archive index, a
 * hash table), so its mapping asks for no read-around: a fault on an
 * uncached page otherwise reads read_ahead_kb around it, 8 MiB on some
 * virtual disks, and a cold search path read 300 MB instead of 20 MB.
 */
static int map_sparse(const char *path, ls_mapfile *mf)
{
	ls_diag d;

	if (ls_map(path, mf, &d) < 0)
		return -1;
	if (mf->addr)
		madvise(mf->addr, mf->maplen, MADV_RANDOM);
	return 0;
}

static part *add_part(task *t, fileid id, bool script)
{
	if (ls_array_reserve(&t->parts, &t->cap, t->nparts + 1, sizeof *t->parts) < 0)
		return NULL;
	part *pt = &t->parts[t->nparts++];
	*pt = (part){ .id = id, .script = script };
	return pt;
}

static int record_def(linkctx *c, const ltab *want, const ls_symbol *s,
		      const char *where, void *arg)
{
	part *pt = arg;
	int64_t id = ltab_find(want, s->name, (uint32_t)s->name_len,
			       ls_lhash(s->name, s->name_len));

	(void)c;
	if (id < 0)
		return 0;
	if (ls_array_reserve(&pt->defs, &pt->cap, pt->n + 1, sizeof *pt->defs) < 0)
		return -1;
	found *f = &pt->defs[pt->n];
	f->s = *s;
	f->s.name = want->syms[id].name;
	if (!(f->where = strdup(where)))
		return -1;
	pt->n++;
	return 0;
}

/* An ELF file or archive: a library of the search or a script's file. */
static int read_lib(const libpath *p, task *t, const char *path,
		    const ls_mapfile *mf)
{
	part *pt = add_part(t, (fileid){ mf->dev, mf->ino }, false);

	if (!pt)
		return -1;
	return link_scan_bytes(p->c, p->want, path, mf->bytes, record_def, pt);
}

/* The files a linker script found by the search names (libm.so, libc.so):
 * what -lNAME would bring.  Their machine is not checked: the link would
 * read them; a script among them is not followed. */
static int read_script(const libpath *p, task *t, const ls_mapfile *smf)
{
	const char *sysroot = p->c->cmd->sysroot;
	ls_ldscript sc;
	ls_diag d;
	int rc = 0;

	if (!add_part(t, (fileid){ smf->dev, smf->ino }, true))
		return -1;
	if (ls_ldscript_parse(smf->bytes, &sc, &d) < 0)
		return 0;
	for (size_t i = 0; i < sc.nentries && rc >= 0; i++) {
		const char *name = sc.entries[i].name;
		ls_mapfile mf;
		if (sc.entries[i].is_lib || name[0] != '/')
			continue;
		char *path = sysroot ? link_fmt("%s%s", sysroot, name) : strdup(name);
		if (!path) {
			rc = -1;
			break;
		}
		if (map_sparse(path, &mf) == 0) {
			if (ls_is_archive(mf.bytes) || ls_is_elf(mf.bytes))
				rc = read_lib(p, t, path, &mf);
			ls_unmap(&mf);
		}
		free(path);
	}
	ls_ldscript_free(&sc);
	return rc;
}

/* A script is followed; an archive is read whatever its machine (its
 * members tell), an ELF file only when it is the link's. */
static int read_task(const libpath *p, task *t)
{
	ls_mapfile mf;
	int rc = 0;

	if (map_sparse(t->path, &mf) < 0)
		return 0;
	if (ls_ldscript_detect(mf.bytes))
		rc = read_script(p, t, &mf);
	else if (ls_is_archive(mf.bytes) ||
		 (ls_is_elf(mf.bytes) &&
		  link_elf_ident(mf.bytes, NULL, NULL) == p->c->machine))
		rc = read_lib(p, t, t->path, &mf);
	ls_unmap(&mf);
	return rc;
}

static void *reader(void *arg)
{
	libpath *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->ntasks)
		p->tasks[i].rc = read_task(p, &p->tasks[i]);
	return NULL;
}

/* Every task read; the calling thread reads too, and alone when no
 * thread can be started. */
static void read_all(libpath *p)
{
	pthread_t th[READ_THREADS - 1];
	size_t n = 0;

	atomic_init(&p->next, 0);
	while (n < READ_THREADS - 1 && (n + 1) * 8 < p->ntasks &&
	       pthread_create(&th[n], NULL, reader, p) == 0)
		n++;
	reader(p);
	while (n)
		pthread_join(th[--n], NULL);
}

/* --- 3. the answers, in search order ------------------------------------- */

static size_t id_slot(fileid id, size_t mask)
{
	uint64_t h = (uint64_t)id.ino * 0x9e3779b97f4a7c15ull ^ (uint64_t)id.dev;

	h *= 0xff51afd7ed558ccdull;
	return (size_t)(h ^ h >> 32) & mask;
}

static bool id_seen(const libpath *p, fileid id)
{
	if (!p->ids)
		return false;
	for (size_t j = id_slot(id, p->idmask); p->ids[j].used; j = (j + 1) & p->idmask)
		if (p->ids[j].id.dev == id.dev && p->ids[j].id.ino == id.ino)
			return true;
	return false;
}

static void id_put(struct idslot *t, size_t mask, fileid id)
{
	size_t j = id_slot(id, mask);

	while (t[j].used)
		j = (j + 1) & mask;
	t[j].id = id;
	t[j].used = true;
}

static int id_add(libpath *p, fileid id)
{
	size_t size = p->ids ? p->idmask + 1 : 0;

	if (2 * (p->nids + 1) > size) {
		size_t nsize = size ? 2 * size : 256;
		struct idslot *t = calloc(nsize, sizeof *t);
		if (!t)
			return -1;
		for (size_t j = 0; j < size; j++)
			if (p->ids[j].used)
				id_put(t, nsize - 1, p->ids[j].id);
		free(p->ids);
		p->ids = t;
		p->idmask = nsize - 1;
	}
	id_put(p->ids, p->idmask, id);
	p->nids++;
	return 0;
}

/* A file handed to fn before gives nothing new (fn keeps the first
 * answer): skipped, and with a script all the files it names. */
static int hand_task(libpath *p, const task *t, link_def_fn fn)
{
	int rc = 0;

	for (size_t i = 0; i < t->nparts && rc >= 0; i++) {
		const part *pt = &t->parts[i];
		if (id_seen(p, pt->id)) {
			if (pt->script)
				return 0;
			continue;
		}
		if (id_add(p, pt->id) < 0)
			return -1;
		for (size_t k = 0; k < pt->n && rc >= 0; k++)
			rc = fn(p->c, p->want, &pt->defs[k].s, pt->defs[k].where, t->lib);
	}
	return rc;
}

static void libpath_free(libpath *p)
{
	for (size_t i = 0; i < p->ndirs; i++) {
		for (size_t k = 0; k < p->dirs[i].n; k++)
			free(p->dirs[i].names[k].name);
		free(p->dirs[i].names);
	}
	for (size_t i = 0; i < p->ntasks; i++) {
		task *t = &p->tasks[i];
		for (size_t j = 0; j < t->nparts; j++) {
			for (size_t k = 0; k < t->parts[j].n; k++)
				free(t->parts[j].defs[k].where);
			free(t->parts[j].defs);
		}
		free(t->parts);
		free(t->path);
		free(t->lib);
	}
	free(p->dirs);
	free(p->tasks);
	free(p->ids);
}

int link_scan_search_path(linkctx *c, const ltab *want, link_def_fn fn)
{
	const ls_link_cmd *cmd = c->cmd;
	libpath p = { .c = c, .want = want };
	int rc = 0;

	for (size_t i = 0; i < cmd->nlibdirs + cmd->ndefault_dirs && rc >= 0; i++)
		rc = list_dir(&p, i < cmd->nlibdirs ? cmd->libdirs[i]
				  : cmd->default_dirs[i - cmd->nlibdirs]);
	if (rc >= 0)
		read_all(&p);
	for (size_t i = 0; i < p.ntasks && rc >= 0; i++)
		rc = p.tasks[i].rc < 0 ? -1 : hand_task(&p, &p.tasks[i], fn);
	libpath_free(&p);
	return rc;
}
