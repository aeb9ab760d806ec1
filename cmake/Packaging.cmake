# Packaging.cmake - `cpack -G DEB` makes wallboard_VERSION_ARCH.deb for Debian 12 and
# Raspberry Pi OS: the programs, the bundled font, the assets, the systemd unit and the example
# configuration. Included at the end of the top-level CMakeLists.txt.
#
# Build a package with the install prefix the programs will run from (the renderer has the
# data directory compiled in):
#
#   cmake -S . -B build-deb -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=Release \
#         -DWB_BUILD_TESTS=OFF -DWB_BUILD_BENCH=OFF
#   cmake --build build-deb && cpack --config build-deb/CPackConfig.cmake -B build-deb/pkg
#
# The configuration: the package ships the example as /usr/share/wallboard/wallboard.ini and
# its postinst copies it to /etc/wallboard/wallboard.ini only when that file does not exist
# (and wallboard-asterisk.ini likewise, which the Asterisk unit's --config names).
# It is deliberately not a dpkg conffile: a conffile the site has edited (every kiosk edits
# its publisher URL) makes each upgrade stop at dpkg's "keep or replace?" question, which an
# unattended screen cannot answer, and the example's comments change more often than the
# settings. Upgrades therefore never touch the site's file; the new example sits beside it
# for a diff. (/usr/share/doc is not used as the source because minimal images drop it.)

option(WB_INSTALL_SYSTEMD_UNIT "Install the kiosk systemd unit and the example config" ON)

if(WB_INSTALL_SYSTEMD_UNIT)
  # lib/systemd/system under the /usr prefix: found by systemd on merged-/usr systems
  # (Debian 12, Raspberry Pi OS bookworm) and on older split ones alike.
  install(FILES ${PROJECT_SOURCE_DIR}/kiosk/wallboard.service
          DESTINATION lib/systemd/system)
  install(FILES ${PROJECT_SOURCE_DIR}/wallboard.ini
          DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard)
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/kiosk/install.sh
          DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard/kiosk)
endif()
foreach(doc README.md docs)
  # docs/ keeps its name so the README's relative links (docs/img/...) still work.
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${doc})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${doc}/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/${doc})
  elseif(EXISTS ${PROJECT_SOURCE_DIR}/${doc})
    install(FILES ${PROJECT_SOURCE_DIR}/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "Packaging: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; a .deb for the "
                 "kiosk unit (ExecStart=/usr/bin/wallboard) needs -DCMAKE_INSTALL_PREFIX=/usr")
endif()

set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "wallboard")
set(CPACK_PACKAGE_VENDOR "wallboard project")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "contact-center wallboard for wall TVs and kiosks")
set(CPACK_PACKAGE_CONTACT "wallboard maintainers <wallboard@localhost>")
# The package installs where the programs were built to look for their data.
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "misc")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the Description: line and indents these
# lines by one space itself; an empty line becomes the " ." paragraph separator.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Shows, per channel (phone, chat, email, ...), the contacts waiting, the
oldest wait, the service level today and over the last 30 minutes with an
Erlang C forecast, agents by state, alarms and where to move agents. It
subscribes to events over nanomsg and draws full-screen with SDL2 on KMSDRM
(no X server), or in a window on a desktop.

Includes wallboard-sim, a contact-center traffic simulator and load
generator, and a systemd unit for kiosks, which the package does not enable:
run /usr/share/wallboard/kiosk/install.sh on a kiosk.")

# Depends: computed by dpkg-shlibdeps from the libraries the programs really link (libsdl2,
# SDL2_ttf, nanomsg, libuv, cJSON, inih, libsystemd, libc), with the versions the build saw.
# A cross build cannot run dpkg-shlibdeps against libraries dpkg does not have installed for
# the target, so it gets the same list written out by hand (Debian 12 package names).
if(CMAKE_CROSSCOMPILING)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libc6 (>= 2.36), libsdl2-2.0-0 (>= 2.26), libsdl2-ttf-2.0-0 (>= 2.20), libnanomsg5 (>= 1.1.5), libuv1 (>= 1.44), libcjson1 (>= 1.7.15), libinih1 (>= 55), libpng16-16 (>= 1.6.39), libsystemd0, adduser")
  if(CMAKE_SYSTEM_PROCESSOR STREQUAL "aarch64")
    set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE "arm64")
  endif()
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  # adduser: the postinst creates the system user with it.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
endif()

set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/kiosk/deb/postinst;${PROJECT_SOURCE_DIR}/kiosk/deb/prerm;${PROJECT_SOURCE_DIR}/kiosk/deb/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)

# The Asterisk adapter: its unit (not enabled by the package: install.sh --asterisk enables it
# on the Asterisk host), its example configuration, and its installer beside install.sh.
if(WB_INSTALL_SYSTEMD_UNIT)
  install(FILES ${PROJECT_SOURCE_DIR}/kiosk/wallboard-asterisk.service
          DESTINATION lib/systemd/system)
  install(FILES ${PROJECT_SOURCE_DIR}/wallboard-asterisk.ini
          DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard)
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/kiosk/install-asterisk.sh
          DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard/kiosk)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/wallboard-asterisk.ini DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# The hub: its unit (not enabled by the package: install.sh --hub enables it on the hub
# machine) and its installer beside install.sh. The programs come with install(TARGETS).
if(WB_INSTALL_SYSTEMD_UNIT)
  install(FILES ${PROJECT_SOURCE_DIR}/kiosk/wallboard-hub.service
          DESTINATION lib/systemd/system)
  install(PROGRAMS ${PROJECT_SOURCE_DIR}/kiosk/install-hub.sh
          DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard/kiosk)
endif()
