int ResizeImage(int w, int h);
int HashBytes(const char *p, int n);
int main(void) { return ResizeImage(2, 3) + HashBytes("x", 1); }
