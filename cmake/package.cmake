# The appliance: what `cmake --install` puts where, and the Debian package
# CPack makes of it (`cmake --build build --target package`, or
# scripts/package).  Paths are set in cmake/install.cmake.  Test servers,
# simulators and benchmarks are not installed.

install(TARGETS id06-kiosk id06-sync id06-chip id06-mrz
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(FILES ${ID06_SOURCE_DIR}/mrz/model/mrz.traineddata
        DESTINATION ${ID06_DATA_SUBDIR}/model)
install(DIRECTORY ${ID06_SOURCE_DIR}/ui/lang
        DESTINATION ${ID06_DATA_SUBDIR}/ui FILES_MATCHING PATTERN "*.txt")
# Fonts: DejaVu from fonts-dejavu-core (a dependency), found by the UI in
# /usr/share/fonts/truetype/dejavu.

install(FILES ${ID06_SOURCE_DIR}/dist/etc/kiosk.conf DESTINATION ${ID06_CONF_DIR})
install(FILES ${ID06_SOURCE_DIR}/dist/etc/csca/README DESTINATION ${ID06_CONF_DIR}/csca)
install(FILES ${ID06_SOURCE_DIR}/dist/systemd/id06-kiosk.service
              ${ID06_SOURCE_DIR}/dist/systemd/id06-sync.service
              ${ID06_SOURCE_DIR}/dist/systemd/id06-sync-purge.service
              ${ID06_SOURCE_DIR}/dist/systemd/id06-sync-purge.timer
        DESTINATION ${ID06_UNIT_DIR})
install(FILES ${ID06_SOURCE_DIR}/dist/udev/60-id06-kiosk.rules DESTINATION ${ID06_UDEV_DIR})
install(FILES ${ID06_SOURCE_DIR}/dist/modprobe-id06-kiosk.conf
        DESTINATION ${ID06_MODPROBE_DIR} RENAME id06-kiosk.conf)
install(FILES ${ID06_SOURCE_DIR}/README.md ${ID06_SOURCE_DIR}/dist/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# ---- the Debian package ----------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME id06-kiosk)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ID06 kiosk team <kiosk@id06.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "identity verification kiosk for ID06 card orders")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "identity verification kiosk for ID06 card orders
 Reads a passport's or ID card's MRZ by camera, reads and verifies its chip
 over NFC (BAC, PACE, passive authentication), matches the holder to a
 pending ID06 card order and lets them confirm it on a touchscreen; results
 go to the ID06 server through an encrypted offline-first outbox.
 .
 Installs the programs, systemd units (none enabled), udev rules for the
 NFC readers and cameras, and /etc/id06-kiosk/.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies from the programs themselves (dpkg-shlibdeps), plus
# what they load or run without linking it.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libnfc-bin, systemd")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${ID06_SOURCE_DIR}/dist/debian/conffiles
    ${ID06_SOURCE_DIR}/dist/debian/postinst
    ${ID06_SOURCE_DIR}/dist/debian/prerm
    ${ID06_SOURCE_DIR}/dist/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
