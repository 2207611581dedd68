module example.com/two-runtimes/crypto

go 1.21
