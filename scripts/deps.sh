# shellcheck shell=bash disable=SC2034 # the lists are used by the scripts that source this
# scripts/deps.sh - the one list of Debian 12 packages the wallboard needs to build, run and
# test, and a function that installs the missing ones. Sourced by scripts/test.sh and
# scripts/run.sh (and so by .ci/run); not meant to be run on its own.

# Why each one is needed: see the dependency table in README.md.
WB_DEPS_BUILD=(build-essential cmake pkg-config)
WB_DEPS_LIBS=(libsdl2-dev libsdl2-ttf-dev libnanomsg-dev libuv1-dev libcjson-dev libinih-dev
    libsystemd-dev libpng-dev tzdata libjsmn-dev)
WB_DEPS_TEST=(libcmocka-dev nanomsg-utils clang libclang-rt-14-dev shellcheck systemd python3
    valgrind strace)

# What scripts/run.sh needs (no test tools) and what scripts/test.sh needs (everything).
WB_DEPS_RUN=("${WB_DEPS_BUILD[@]}" "${WB_DEPS_LIBS[@]}" libcmocka-dev)
WB_DEPS_ALL=("${WB_DEPS_BUILD[@]}" "${WB_DEPS_LIBS[@]}" "${WB_DEPS_TEST[@]}")

# Prints the packages of "$@" that dpkg does not list as installed for this machine's
# architecture (or "all"). A foreign-architecture copy (libsdl2-dev:arm64 for the cross build)
# does not count.
wb_missing_packages() {
    local p native
    native=$(dpkg --print-architecture)
    for p in "$@"; do
        if ! dpkg-query -W -f='${Architecture} ${db:Status-Status}\n' "$p" 2>/dev/null |
            grep -Eq "^($native|all) installed\$"; then
            printf '%s\n' "$p"
        fi
    done
}

# Installs the packages of "$@" that are missing, with one apt-get update first, and says what
# it did. Returns non-zero when something is missing and cannot be installed.
wb_install_deps() {
    local missing
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "deps: not a Debian system (no dpkg-query); assuming the dependencies are present"
        return 0
    fi
    mapfile -t missing < <(wb_missing_packages "$@")
    if ((${#missing[@]} == 0)); then
        echo "deps: all $# Debian packages already installed"
        return 0
    fi
    echo "deps: missing Debian packages: ${missing[*]}"
    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            echo "deps: ERROR: not root and no sudo; install them with:" >&2
            echo "      apt-get install ${missing[*]}" >&2
            return 1
        fi
    fi
    "${sudo[@]}" apt-get update -q || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}" || return 1
    echo "deps: installed: ${missing[*]}"
}
