/* A second Go c-archive: the same runtime symbols, another export. */
void crosscall2(void (*fn)(void *), void *a, int n, unsigned long ctxt)
{
	(void)n; (void)ctxt;
	fn(a);
}
void _cgo_panic(void *a) { (void)a; }
unsigned long _cgo_topofstack(void) { return 0; }
int HashBytes(char *p, int n) { int h = 0; while (n--) h = h * 31 + *p++; return h; }
