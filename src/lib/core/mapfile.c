/*
 * mapfile.c - read-only mmap of inputs; see mapfile.h.
 */
#include "mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Small files are read into the heap instead: for them a mapping costs
 * more than the copy (page faults on first touch, and a TLB shootdown on
 * every CPU the process ran on at munmap), and `check -r` meets
 * thousands of them.
 */
static int read_small(int fd, size_t size, ls_mapfile *mf, ls_diag *d)
{
	uint8_t *buf = malloc(size);
	size_t got = 0;

	if (!buf)
		return ls_fail_nooff(d, "out of memory");
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;
			free(buf);
			return ls_fail_nooff(d, "cannot read: %s", strerror(e));
		}
		got += (size_t)n;
	}
	mf->heap = buf;
	mf->bytes.base = buf;
	mf->bytes.size = size;
	return 0;
}

const char *ls_file_type_name(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a regular file";
}

/*
 * O_NONBLOCK so that opening a FIFO with no writer returns at once
 * instead of waiting for one (open(2), fifo(7)); O_NOCTTY so that a
 * terminal device never becomes our controlling terminal.  The type is
 * judged on the descriptor, not the name, so nothing can be swapped in
 * between; nothing is read before it is known to be a regular file (a
 * read of /dev/zero never ends).
 */
int ls_open_regular(const char *path, struct stat *st, int *err, ls_diag *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int e;

	if (fd < 0) {
		e = errno;
		/* A socket cannot be opened at all (ENXIO): say what it is
		 * rather than "No such device or address". */
		if (e == ENXIO && stat(path, st) == 0 && !S_ISREG(st->st_mode)) {
			*err = ENODEV;
			return ls_fail_nooff(d, "is %s (not a regular file)",
					     ls_file_type_name(st->st_mode));
		}
		*err = e;
		return ls_fail_nooff(d, "%s", strerror(e));
	}
	if (fstat(fd, st) < 0) {
		e = errno;
		close(fd);
		*err = e;
		return ls_fail_nooff(d, "%s", strerror(e));
	}
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		*err = S_ISDIR(st->st_mode) ? EISDIR : ENODEV;
		if (S_ISDIR(st->st_mode))
			return ls_fail_nooff(d, "is a directory");
		return ls_fail_nooff(d, "is %s (not a regular file)",
				     ls_file_type_name(st->st_mode));
	}
	return fd;
}

FILE *ls_fopen_regular(const char *path)
{
	struct stat st;
	int err, fd = ls_open_regular(path, &st, &err, NULL);
	FILE *f;

	if (fd < 0) {
		errno = err;
		return NULL;
	}
	if (!(f = fdopen(fd, "r"))) {
		err = errno;
		close(fd);
		errno = err;
	}
	return f;
}

int ls_map(const char *path, ls_mapfile *mf, ls_diag *d)
{
	struct stat st;
	int fd;

	memset(mf, 0, sizeof *mf);
	fd = ls_open_regular(path, &st, &mf->err, d);
	if (fd < 0)
		return -1;
	mf->dev = st.st_dev;
	mf->ino = st.st_ino;
	mf->mode = st.st_mode;
	mf->uid = st.st_uid;
	if (st.st_size > 0 && st.st_size <= LS_READ_MAX) {
		if (read_small(fd, (size_t)st.st_size, mf, d) < 0) {
			close(fd);
			mf->err = EIO;
			return -1;
		}
	} else if (st.st_size > 0) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			       fd, 0);
		if (p == MAP_FAILED) {
			int e = errno;
			close(fd);
			mf->err = e;
			return ls_fail_nooff(d, "cannot map: %s", strerror(e));
		}
		mf->addr = p;
		mf->maplen = (size_t)st.st_size;
		mf->bytes.base = p;
		mf->bytes.size = (uint64_t)st.st_size;
	}
	close(fd);
	return 0;
}

void ls_map_borrow(ls_mapfile *mf, const void *bytes, size_t len)
{
	memset(mf, 0, sizeof *mf);
	mf->bytes.base = bytes;
	mf->bytes.size = len;
	mf->borrowed = true;
}

void ls_unmap(ls_mapfile *mf)
{
	if (mf->addr)
		munmap(mf->addr, mf->maplen);
	free(mf->heap);
	memset(mf, 0, sizeof *mf);
}
