#!/usr/bin/env bash
# The programs' shared code and the headless programs compile without a warning under clang
# with the project's warnings (-Wshadow among them), as they do under gcc: clang also warns
# when a parameter shadows a global of the C library (wb_cli_unknown's optopt and optind did
# shadow getopt's). And every C file of the tree (programs, tests, benchmarks, fuzz targets)
# has no two string literals joined in an array where a comma may be missing
# (-Wstring-concatenation; a message meant to be one, written on two lines, is parenthesized).
# Only a syntax check, no object is written.
set -euo pipefail
: "${WB_SRC:?WB_SRC must name the source tree}"
command -v clang >/dev/null || { echo "SKIP: no clang"; exit 77; }
cd "$WB_SRC"
inc=()
for d in src/core src/config src/sim src/transport src/apps/common src/adapters/asterisk; do
    inc+=("-I$d")
done
common=(-std=gnu11 -fsyntax-only -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE)
n=0
for f in src/apps/common/*.c src/transport/*.c src/apps/wallboard-hub/*.c \
    src/apps/wallboard-sim/*.c src/apps/wallboard-replay/*.c src/apps/wallboard-asterisk/*.c; do
    clang "${common[@]}" -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wno-unused-parameter -Werror "${inc[@]}" "$f" || { echo "FAIL: clang warns on $f" >&2; exit 1; }
    n=$((n + 1))
done
echo "ok: $n files without a clang warning"

all=()
while IFS= read -r d; do
    all+=("-I$d")
done < <(find src tests -type d)
sdl=()
if command -v pkg-config >/dev/null && pkg-config --exists sdl2 SDL2_ttf; then
    read -r -a sdl <<<"$(pkg-config --cflags sdl2 SDL2_ttf)"
fi
# A file whose headers are not installed here (SDL's on a machine built headless) cannot be
# read: it is counted as not checked, not as failed; any other error fails.
m=0
unread=0
while IFS= read -r f; do
    if out=$(clang "${common[@]}" -Wno-everything -Wstring-concatenation -Werror \
        '-DWB_SRCDIR="."' '-DWB_DATADIR="."' '-DWB_BINDIR="."' "${sdl[@]}" "${all[@]}" "$f" 2>&1); then
        m=$((m + 1))
    elif grep -q "fatal error: '.*' file not found" <<<"$out"; then
        unread=$((unread + 1))
    else
        printf '%s\n' "$out" >&2
        echo "FAIL: string literals joined in an array in $f" >&2
        exit 1
    fi
done < <(find src tests bench -name '*.c' | sort)
echo "ok: $m files without a suspicious string concatenation ($unread not read: headers missing)"
echo "PASS"
