// Package main is a second Go library for C programs, built on its own:
//
//	go build -buildmode=c-archive -o libcrypto_go.a .
//
// It carries its own copy of the Go runtime, as every c-archive does.
package main

import (
	"C"
	"unsafe"
)

//export HashBytes
func HashBytes(p *C.char, n C.int) C.int {
	b := C.GoBytes(unsafe.Pointer(p), n)
	h := C.int(0)
	for _, c := range b {
		h = h*31 + C.int(c)
	}
	return h
}

func main() {}
