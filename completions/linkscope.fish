# fish completion for linkscope(1): commands and each command's options, as
# their --help lists them (tests/e2e/install.sh checks that every option of
# every --help is here).  Installed as
# share/fish/vendor_completions.d/linkscope.fish.

set -l cmds syms check deps link gocgo golinkname
complete -c linkscope -f
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -l help -d 'print the usage'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -l version -d 'print the version'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a syms -d 'list symbol tables, as nm'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a check -d 'audit hardening, load needs, build facts'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a deps -d 'simulate the dynamic loader'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a link -d 'dry-run a static link'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a gocgo -d 'where cgo enters a Go module'
complete -c linkscope -n "not __fish_seen_subcommand_from $cmds" -a golinkname -d 'judge //go:linkname pulls'

# Shared by every command.
set -l any "__fish_seen_subcommand_from $cmds"
complete -c linkscope -n $any -l output -r -d 'write the report to FILE'
complete -c linkscope -n $any -l color -x -a 'auto always never' -d 'when to colour'
complete -c linkscope -n $any -l colour -x -a 'auto always never' -d 'when to colour'

# syms
set -l s "__fish_seen_subcommand_from syms"
complete -c linkscope -n $s -F
complete -c linkscope -n $s -s a -l debug-syms -d 'include section and file symbols'
complete -c linkscope -n $s -s A -s o -l print-file-name -d 'prefix every line with the file name'
complete -c linkscope -n $s -s B -d 'BSD format (the default)'
complete -c linkscope -n $s -s C -l demangle -d 'demangle C++, Rust and D names'
complete -c linkscope -n $s -l no-demangle -d 'do not demangle'
complete -c linkscope -n $s -s D -l dynamic -d 'list the dynamic symbols, with versions'
complete -c linkscope -n $s -s f -l format -x -a 'bsd posix' -d 'output format'
complete -c linkscope -n $s -s g -l extern-only -d 'only external symbols'
complete -c linkscope -n $s -s n -s v -l numeric-sort -d 'sort by value'
complete -c linkscope -n $s -s p -l no-sort -d 'keep symbol-table order'
complete -c linkscope -n $s -s P -l portability -d 'POSIX format'
complete -c linkscope -n $s -s r -l reverse-sort -d 'reverse the sort'
complete -c linkscope -n $s -s s -l print-armap -d 'print the archive index'
complete -c linkscope -n $s -s S -l print-size -d 'print sizes of defined symbols'
complete -c linkscope -n $s -l size-sort -d 'sort by size'
complete -c linkscope -n $s -s t -l radix -x -a 'd o x' -d 'radix of values'
complete -c linkscope -n $s -s u -l undefined-only -d 'only undefined symbols'
complete -c linkscope -n $s -s U -l defined-only -d 'only defined symbols'
complete -c linkscope -n $s -l without-symbol-versions -d 'do not append @VERSION'
complete -c linkscope -n $s -l special-syms -d 'include mapping symbols and local labels'
complete -c linkscope -n $s -l quiet -d 'do not report files without symbols'
complete -c linkscope -n $s -l json -d 'one JSON document'
complete -c linkscope -n $s -s h -l help -d 'print the usage'

# check
set -l c "__fish_seen_subcommand_from check"
complete -c linkscope -n $c -F
complete -c linkscope -n $c -s r -l recursive -d 'walk directories'
complete -c linkscope -n $c -l require -x -a 'static scratch pie relro=full relro=partial bindnow nx canary fortify no-rpath safe-rpath no-textrel no-rwx cet bti no-cgo cgo glibc\<= go\>= buildid hardened' -d 'requirements'
complete -c linkscope -n $c -l target -x -a 'debian-11 debian-12 debian-13 manylinux_2_17 manylinux_2_28 manylinux_2_34 manylinux2014 rhel-7 centos-7 rhel-8 rhel-9' -d 'would it load on the named system'
complete -c linkscope -n $c -l list-targets -d 'list the named targets'
complete -c linkscope -n $c -l json -d 'one JSON document'
complete -c linkscope -n $c -l sarif -d 'SARIF 2.1.0'
complete -c linkscope -n $c -l root -x -a '(__fish_complete_directories)' -d 'judge RPATH directories inside this sysroot'
complete -c linkscope -n $c -l exclude -x -d 'skip files and directories matching GLOB'
complete -c linkscope -n $c -l go-funcs -d 'list Go function names'
complete -c linkscope -n $c -l failures-only -d 'show only the artifacts that fail a requirement'
complete -c linkscope -n $c -l table -d 'one line per artifact'
complete -c linkscope -n $c -l cross-filesystems -d 'with -r, enter directories on other file systems'
complete -c linkscope -n $c -l no-progress -d 'no progress line on a terminal'
complete -c linkscope -n $c -s j -l jobs -x -d 'audit N files at a time'
complete -c linkscope -n $c -s h -l help -d 'print the usage'

# deps
set -l d "__fish_seen_subcommand_from deps"
complete -c linkscope -n $d -F
complete -c linkscope -n $d -l root -x -a '(__fish_complete_directories)' -d 'a root directory'
complete -c linkscope -n $d -l loader -x -a 'glibc musl' -d 'the loader'
complete -c linkscope -n $d -l env -x -a 'LD_LIBRARY_PATH= LD_PRELOAD= LD_BIND_NOW=' -d 'environment of the process'
complete -c linkscope -n $d -l preload -r -d 'preload a library'
complete -c linkscope -n $d -l secure -d 'simulate AT_SECURE'
complete -c linkscope -n $d -l inhibit-cache -d 'do not use ld.so.cache'
complete -c linkscope -n $d -l hwcaps -x -d 'glibc-hwcaps subdirectories'
complete -c linkscope -n $d -l list -d 'print what ldd prints'
complete -c linkscope -n $d -l json -d 'one JSON document'
complete -c linkscope -n $d -s r -l bind -d 'resolve every undefined symbol'
complete -c linkscope -n $d -l interposition -d 'symbols defined more than once'
complete -c linkscope -n $d -l dlopen -r -d 'dlopen a plugin after start-up'
complete -c linkscope -n $d -l global -d 'dlopen with RTLD_GLOBAL'
complete -c linkscope -n $d -s j -l jobs -x -d 'N programs at a time'
complete -c linkscope -n $d -s h -l help -d 'print the usage'

# link (the link command after -- completes as commands and files)
set -l l "__fish_seen_subcommand_from link"
complete -c linkscope -n $l -F
complete -c linkscope -n $l -l semantics -x -a 'bfd gold lld mold' -d 'the linker rules'
complete -c linkscope -n $l -l json -d 'one JSON document'
complete -c linkscope -n $l -l sarif -d 'SARIF 2.1.0'
complete -c linkscope -n $l -l members -d 'list every archive member pulled'
complete -c linkscope -n $l -l no-demangle -d 'print C++ names as in the objects'
complete -c linkscope -n $l -l stats -d 'counters'
complete -c linkscope -n $l -s h -l help -d 'print the usage'
complete -c linkscope -n "$l; and contains -- -- (commandline -opc)" -a '(__fish_complete_command)'

# gocgo
set -l g "__fish_seen_subcommand_from gocgo"
complete -c linkscope -n $g -a '(__fish_complete_directories)'
complete -c linkscope -n $g -l json -d 'one JSON document'
complete -c linkscope -n $g -l go -r -d 'the go command'
complete -c linkscope -n $g -l pattern -x -d 'packages to list'
complete -c linkscope -n $g -s h -l help -d 'print the usage'

# golinkname
set -l n "__fish_seen_subcommand_from golinkname"
complete -c linkscope -n $n -F
complete -c linkscope -n $n -l goroot -x -a '(__fish_complete_directories)' -d 'the GOROOT that judges'
complete -c linkscope -n $n -l goos -x -d 'target GOOS'
complete -c linkscope -n $n -l goarch -x -d 'target GOARCH'
complete -c linkscope -n $n -l modcache -x -a '(__fish_complete_directories)' -d 'the module cache'
complete -c linkscope -n $n -l no-deps -d 'only the named sources'
complete -c linkscope -n $n -l json -d 'one JSON document'
complete -c linkscope -n $n -l stats -d 'GOROOT scan counts'
complete -c linkscope -n $n -s h -l help -d 'print the usage'
