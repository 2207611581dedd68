/* Stand-in for a Go c-archive: its exported function plus the runtime's
 * cgo entry points that every Go c-archive carries. */
void crosscall2(void (*fn)(void *), void *a, int n, unsigned long ctxt)
{
	(void)n; (void)ctxt;
	fn(a);
}
void _cgo_panic(void *a) { (void)a; }
unsigned long _cgo_topofstack(void) { return 0; }
int ResizeImage(int w, int h) { return w * h; }
