/* emrtd_int.h - private helpers shared by the reader's files. */
#ifndef ID06_EMRTD_INT_H
#define ID06_EMRTD_INT_H

#include <stdint.h>

#include "emrtd.h"

/* Short file identifier: 1E for EF.COM, n for DGn, 1D for EF.SOD. */
uint8_t emrtd_file_sfi(enum emrtd_file f);

#endif
