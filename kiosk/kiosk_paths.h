/* kiosk_paths.h - where id06-kiosk finds its data and configuration. */
#ifndef ID06_KIOSK_PATHS_H
#define ID06_KIOSK_PATHS_H

#include <stddef.h>

/* The folder holding ui/lang (the translations): $ID06_KIOSK_DATA when
 * set; else the installed BINDIR/../share/id06-kiosk next to this program
 * when it exists (a package, wherever it is unpacked); else the source
 * tree this program was built from (the build tree, tests, the demo).
 * Copied into dir (cap bytes). */
void kiosk_data_dir(char *dir, size_t cap);

/* The configuration file when --config is not given. */
const char *kiosk_default_config(void);

/* The CSCA trust store folder when the configuration names none. */
const char *kiosk_default_csca_dir(void);

#endif
