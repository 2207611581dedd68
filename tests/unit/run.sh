#!/bin/bash
# tests/unit/run.sh BUILDDIR - runs the cmocka unit tests built in BUILDDIR
# and turns their TAP output into the suites' PASS:/FAIL: lines.
set -u
BUILD=${1:-build}
. "$(dirname "$0")/../lib/common.sh"

shopt -s nullglob
bins=("$BUILD"/tests/unit/test_*)
if [ ${#bins[@]} -eq 0 ]; then
	lt_fail unit-binaries "no unit test binaries in $BUILD/tests/unit"
fi
for bin in "${bins[@]}"; do
	[ -x "$bin" ] && [ -f "$bin" ] || continue
	name=$(basename "$bin")
	log=$(CMOCKA_MESSAGE_OUTPUT=TAP "$bin" 2>&1)
	rc=$?
	seen=0
	while IFS= read -r line; do
		case "$line" in
		*" # SKIP"*)
			# cmocka's TAP writes a skipped test as "(not) ok N # SKIP
			# name"; the test printed why (print_message) just before.
			seen=1
			lt_skip "unit-$name-${line##*# SKIP }" "skip() in the test: $(printf '%s\n' "$log" | grep '^# ' | tail -1)" ;;
		"ok "*)
			seen=1
			lt_pass "unit-$name-${line#* - }" ;;
		"not ok "*)
			seen=1
			lt_fail "unit-$name-${line#* - }" "$(printf '%s\n' "$log" | grep -v '^ok ' | head -20)" ;;
		esac
	done <<<"$log"
	if [ $seen -eq 0 ] || { [ $rc -ne 0 ] && ! grep -v '# SKIP' <<<"$log" | grep -q '^not ok'; }; then
		lt_fail "unit-$name" "exit $rc" "$(printf '%s\n' "$log" | tail -20)"
	fi
done
echo "unit: $LT_PASSED passed, $LT_FAILED failed"
