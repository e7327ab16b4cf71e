#!/usr/bin/env bash
# Checks that a built program carries the hardening CMakeLists.txt asks for
# (OWASP ASVS 14.1.2), by reading its ELF headers and symbols:
#   bash tests/build/check_hardening.sh build/portsafe
# Exits 1 naming each protection that is missing.
set -euo pipefail
bin="${1:?usage: check_hardening.sh PROGRAM}"
[[ -x "$bin" ]] || { echo "no program at $bin"; exit 1; }
missing=()
readelf -h "$bin" | grep -q "Type:.*DYN" || missing+=("position-independent executable (PIE)")
readelf -l "$bin" | grep -q "GNU_RELRO" || missing+=("read-only relocations (RELRO)")
readelf -d "$bin" | grep -qE "BIND_NOW|FLAGS.*NOW" || missing+=("immediate binding (BIND_NOW)")
stack=$(readelf -lW "$bin" | awk '$1 == "GNU_STACK" {print $7}')
[[ "$stack" == "RW" ]] || missing+=("non-executable stack (GNU_STACK is '$stack')")
symbols=$(readelf --dyn-syms -W "$bin")
grep -q "__stack_chk_fail" <<<"$symbols" || missing+=("stack protector (__stack_chk_fail)")
grep -qE "__[a-z_]+_chk@" <<<"$symbols" || missing+=("checked libc calls (_FORTIFY_SOURCE)")
if ((${#missing[@]} > 0)); then
  printf 'missing: %s\n' "${missing[@]}"
  exit 1
fi
echo "hardened: PIE, RELRO, BIND_NOW, non-executable stack, stack protector, FORTIFY"
