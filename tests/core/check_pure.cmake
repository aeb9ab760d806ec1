# check_pure.cmake - the core stays pure (design.md section 2): wb_core links only libc, libm and
# cJSON, and calls nothing that opens or reads a file. Reading the configuration is src/config's
# (wb_conf), which links the core, never the reverse; this check fails if the core regains inih
# or file reading, whichever way it comes back.
#
#   cmake -DNM=<nm> -DLIB=<libwb_core.a> -DLINKS=<wb_core's LINK_LIBRARIES, comma-separated>
#         -P check_pure.cmake
#
# Two checks, both on what the build really made, so they hold in every build of
# scripts/test.sh (native, headless, sanitizers, the aarch64 cross build with its own nm):
#   1. wb_core's link line names no inih (the pkg-config target PkgConfig::INIH or -linih);
#   2. libwb_core.a's symbols, read with the toolchain's nm: no ini_* symbol at all, defined or
#      called (inih's API is ini_parse, ini_parse_file, ini_parse_string, ini_parse_stream),
#      and no call of the C library's functions that open, read or inspect a file.
# The C library reads its own zone database for wb_time.c's localtime_r and mktime; that is
# inside libc and not a call the core makes, so it does not show here.
cmake_minimum_required(VERSION 3.18)

foreach(var NM LIB)
  if(NOT ${var})
    message(FATAL_ERROR "check_pure: ${var} is not set (see the usage at the top of this file)")
  endif()
endforeach()

set(bad "")

# 1. The link line.
string(REPLACE "," ";" links "${LINKS}")
foreach(l ${links})
  if(l MATCHES "[Ii][Nn][Ii][Hh]")
    string(APPEND bad "  wb_core links ${l}: inih belongs to wb_conf (src/config)\n")
  endif()
endforeach()

# 2. The symbols. -A names the object file of each symbol, -P prints "NAME TYPE ..." after it.
execute_process(COMMAND ${NM} -A -P ${LIB} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_pure: ${NM} -A -P ${LIB} failed (${rc}): ${err}")
endif()
# A check that read nothing would pass whatever the core did: the archive must show the core's
# own wb_config_defaults as a defined function.
if(NOT out MATCHES "\\]: wb_config_defaults T ")
  message(FATAL_ERROR "check_pure: ${NM} printed no wb_config_defaults in ${LIB}; cannot check")
endif()
# What opens, reads or inspects a file, with the 64-bit, fortified and old-glibc stat names.
set(file_calls
    fopen fopen64 freopen freopen64 open open64 openat openat64 __open_2 __open64_2 __openat_2
    __openat64_2 creat creat64 read __read_chk pread pread64 fread fread_unlocked __fread_chk
    opendir fdopendir stat stat64 fstat fstat64 lstat lstat64 fstatat fstatat64 statx __xstat
    __xstat64 __fxstat __fxstat64 __lxstat __lxstat64 __fxstatat __fxstatat64 access faccessat
    euidaccess eaccess)
string(REPLACE "\n" ";" lines "${out}")
foreach(line ${lines})
  if(NOT line MATCHES "\\[([^]]*)\\]: ([^ ]+) ([A-Za-z?]+)")
    continue()
  endif()
  set(obj ${CMAKE_MATCH_1})
  set(sym ${CMAKE_MATCH_2})
  set(type ${CMAKE_MATCH_3})
  if(sym MATCHES "^ini_")
    string(APPEND bad "  ${obj}: ${sym} (${type}): inih belongs to wb_conf (src/config)\n")
  elseif(type STREQUAL "U" AND sym IN_LIST file_calls)
    string(APPEND bad "  ${obj}: calls ${sym}: the core does no file I/O\n")
  endif()
endforeach()

if(bad)
  message(FATAL_ERROR "check_pure: ${LIB} is not pure:\n${bad}")
endif()
message(STATUS "check_pure: ${LIB}: no inih, no file calls (link line: ${LINKS})")
