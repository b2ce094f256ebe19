# Where the installed appliance keeps its files.  Included before the parts
# so their programs can be told these paths; cmake/package.cmake (included
# last) installs the data, the configuration and the units, and makes the
# Debian package.
#
#   /usr/bin/id06-{kiosk,sync,chip,mrz}         the programs
#   /usr/share/id06-kiosk/model/                the MRZ model
#   /usr/share/id06-kiosk/ui/lang/              the translations
#   /etc/id06-kiosk/                            kiosk.conf, csca/, private/
#   /var/lib/id06-kiosk/                        the store (StateDirectory=)
#
# Programs find their data relative to themselves (BINDIR/../share/
# id06-kiosk), so an unpacked package works wherever it is unpacked; run
# from the build tree, where that folder does not exist, they fall back to
# the source tree (see kiosk/kiosk_paths.c and mrz/read/reader.c).
if(CMAKE_INSTALL_PREFIX_INITIALIZED_TO_DEFAULT)
  set(CMAKE_INSTALL_PREFIX /usr CACHE PATH "Install prefix (the Debian package uses /usr)" FORCE)
endif()
include(GNUInstallDirs)

set(ID06_DATA_SUBDIR ${CMAKE_INSTALL_DATADIR}/id06-kiosk)
file(RELATIVE_PATH ID06_DATA_FROM_BIN ${CMAKE_INSTALL_FULL_BINDIR}
     ${CMAKE_INSTALL_PREFIX}/${ID06_DATA_SUBDIR})
# Configuration, state and system integration are absolute: the package
# puts them where Debian's tools look, whatever the prefix.
set(ID06_CONF_DIR /etc/id06-kiosk)
set(ID06_CONF_FILE ${ID06_CONF_DIR}/kiosk.conf)
set(ID06_STATE_DIR /var/lib/id06-kiosk)
set(ID06_UNIT_DIR /lib/systemd/system)
set(ID06_UDEV_DIR /lib/udev/rules.d)
set(ID06_MODPROBE_DIR /lib/modprobe.d)
