/* A C program that uses two Go libraries, each built on its own with
 * go build -buildmode=c-archive.  Each archive brings a Go runtime, and one
 * program can hold only one: the link fails with multiple definitions of
 * crosscall2, _cgo_panic and _cgo_topofstack. */
#include <stdio.h>
#if __has_include("libimage.h") && __has_include("libcrypto_go.h")
#include "libimage.h"     /* written by go build -buildmode=c-archive */
#include "libcrypto_go.h"
#else
/* The C stand-ins in stand-in/, used where no Go toolchain is installed. */
int ResizeImage(int w, int h);
int HashBytes(char *p, int n);
#endif

int main(void)
{
	printf("%d %d\n", (int)ResizeImage(2, 3), (int)HashBytes("x", 1));
	return 0;
}
