# bash completion for linkscope(1).
#
# Commands and each command's options, as their --help lists them
# (tests/e2e/install.sh checks that every option of every --help is here).
# Installed as share/bash-completion/completions/linkscope.

_linkscope()
{
	local cur prev words cword
	_init_completion -s 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local commands="syms check deps link gocgo golinkname"
	local cmd="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	# After `link ... --` comes the link command: complete it as a command.
	if [[ $cmd == link ]]; then
		for ((i = i + 1; i < cword; i++)); do
			if [[ ${words[i]} == -- ]]; then
				COMPREPLY=($(compgen -c -f -- "$cur"))
				return
			fi
		done
	fi

	local opts
	case $cmd in
	syms)
		opts="-a --debug-syms -A -o --print-file-name -B -C --demangle
		      --no-demangle -D --dynamic -f --format= -g --extern-only
		      -n -v --numeric-sort -p --no-sort -P --portability
		      -r --reverse-sort -s --print-armap -S --print-size
		      --size-sort -t --radix= -u --undefined-only
		      -U --defined-only --without-symbol-versions
		      --special-syms --quiet --json --output= --color=
		      --colour= -h --help" ;;
	check)
		opts="-r --recursive --require= --target= --list-targets --json --sarif --root= --exclude=
		      --go-funcs --failures-only --table --cross-filesystems
		      --no-progress --output= --color= --colour= -j --jobs=
		      -h --help" ;;
	deps)
		opts="--root= --loader= --env= --preload= --secure
		      --inhibit-cache --hwcaps= --list --json -r --bind
		      --interposition --dlopen= --global --output= --color=
		      --colour= -j --jobs= -h --help" ;;
	link)
		opts="--semantics= --json --sarif --members --no-demangle
		      --stats --output= --color= --colour= -h --help --" ;;
	gocgo)
		opts="--json --go= --pattern= --output= --color= --colour=
		      -h --help" ;;
	golinkname)
		opts="--goroot= --goos= --goarch= --modcache= --no-deps --json
		      --stats --output= --color= --colour= -h --help" ;;
	*) return ;;
	esac

	# Values of options written --opt=VALUE or --opt VALUE.
	local opt=$prev val=$cur
	if [[ $prev == = ]]; then
		# bash splits --opt=VALUE at '=' (COMP_WORDBREAKS).
		opt=${words[cword-2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		val=${cur#*=}
	fi
	case $opt in
	-f|--format) COMPREPLY=($(compgen -W "bsd posix" -- "$val")); return ;;
	-t|--radix) COMPREPLY=($(compgen -W "d o x" -- "$val")); return ;;
	--semantics) COMPREPLY=($(compgen -W "bfd gold lld mold" -- "$val")); return ;;
	--loader) COMPREPLY=($(compgen -W "glibc musl" -- "$val")); return ;;
	--color|--colour) COMPREPLY=($(compgen -W "auto always never" -- "$val")); return ;;
	--root|--goroot|--modcache) COMPREPLY=($(compgen -d -- "$val")); return ;;
	--preload|--dlopen|--go|--output) COMPREPLY=($(compgen -f -- "$val")); return ;;
	--env) COMPREPLY=($(compgen -W "LD_LIBRARY_PATH= LD_PRELOAD= LD_BIND_NOW=" -- "$val")); compopt -o nospace 2>/dev/null; return ;;
	--require)
		# A comma-separated list: complete its last element.
		local pre=${val%,*}, last=${val##*,}
		[[ $val == *,* ]] || pre=""
		COMPREPLY=($(compgen -P "$pre" -W "static scratch pie relro=full
			relro=partial bindnow nx canary fortify no-rpath
			safe-rpath no-textrel no-rwx cet bti no-cgo cgo glibc<=
			go>= buildid hardened" -- "$last"))
		compopt -o nospace 2>/dev/null
		return ;;
	--target) COMPREPLY=($(compgen -W "debian-11 debian-12 debian-13 manylinux_2_17 manylinux_2_28 manylinux_2_34 manylinux2014 rhel-7 centos-7 rhel-8 rhel-9" -- "$val")); return ;;
	--jobs|-j|--hwcaps|--pattern|--goos|--goarch) return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $cmd in
	gocgo) COMPREPLY=($(compgen -d -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _linkscope linkscope
