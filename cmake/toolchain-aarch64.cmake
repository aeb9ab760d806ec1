# CMake toolchain for building the wallboard for 64-bit ARM (Raspberry Pi 3/4/5 running a
# 64-bit OS) on a Debian amd64 machine, with Debian's cross compiler and multiarch arm64
# libraries:
#
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install crossbuild-essential-arm64 qemu-user libsdl2-dev:arm64 ...
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64.cmake
#
# scripts/cross-arm64.sh does all of that. Libraries that cannot be co-installed with their
# amd64 twin (libnanomsg-dev is not Multi-Arch: same) can be unpacked into a directory whose
# pkg-config files are named by WB_CROSS_EXTRA_PKGCONFIG (a colon-separated list, given as
# -DWB_CROSS_EXTRA_PKGCONFIG=... or in the environment).

set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# pkg-config must see only arm64 .pc files: PKG_CONFIG_LIBDIR replaces the default search path
# (which would find the amd64 libraries and link the wrong architecture). The toolchain file is
# read again on every re-configure, so setting the environment here keeps it right then too.
set(_wb_pc_dirs "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
if(NOT WB_CROSS_EXTRA_PKGCONFIG AND DEFINED ENV{WB_CROSS_EXTRA_PKGCONFIG})
  set(WB_CROSS_EXTRA_PKGCONFIG "$ENV{WB_CROSS_EXTRA_PKGCONFIG}")
endif()
if(WB_CROSS_EXTRA_PKGCONFIG)
  # try_compile reads this file again in the same process without the cache variable; the
  # environment carries the value there so that reading does not reset the search path.
  set(ENV{WB_CROSS_EXTRA_PKGCONFIG} "${WB_CROSS_EXTRA_PKGCONFIG}")
  set(_wb_pc_dirs "${WB_CROSS_EXTRA_PKGCONFIG}:${_wb_pc_dirs}")
endif()
set(ENV{PKG_CONFIG_LIBDIR} "${_wb_pc_dirs}")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Multiarch: headers and libraries live in the host's /usr, in the aarch64-linux-gnu
# subdirectories that the Debian cross compiler already searches. Programs are host programs.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)

# Tests run under qemu-user. With libc6:arm64 installed (it comes with every -dev:arm64
# package) the arm64 loader sits at /lib/ld-linux-aarch64.so.1 and finds the multiarch
# libraries itself; only without it do we point qemu at the cross toolchain's own libc.
find_program(WB_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(WB_QEMU_AARCH64)
  if(EXISTS /lib/ld-linux-aarch64.so.1)
    set(CMAKE_CROSSCOMPILING_EMULATOR "${WB_QEMU_AARCH64}")
  else()
    set(CMAKE_CROSSCOMPILING_EMULATOR "${WB_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu")
  endif()
endif()
