// Package main is a Go library for C programs:
//
//	go build -buildmode=c-archive -o libimage.a .
//
// gives libimage.a and libimage.h.  The archive holds the exported function
// and, in go.o and the runtime/cgo objects, a whole Go runtime.
package main

import "C"

//export ResizeImage
func ResizeImage(w, h C.int) C.int { return w * h }

func main() {}
