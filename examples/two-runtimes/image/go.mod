module example.com/two-runtimes/image

go 1.21
