/* test_chip.h - an in-process eMRTD for the reader's unit tests: a
 * transport whose other end is a small card model built on the chip side
 * of emrtd_crypto.h (BAC answer, SM unwrap/wrap).  Switches make it refuse
 * READ BINARY sizes the way field chips do, leave the field, lie about
 * lengths.  The full virtual chip with PKI and a PN532 is nfc/sim/. */
#ifndef ID06_NFC_TEST_CHIP_H
#define ID06_NFC_TEST_CHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd.h"
#include "emrtd_crypto.h"

#define TEST_CHIP_FILES 8

struct test_chip {
	/* configuration */
	uint8_t seed[16];                  /* the document's BAC key seed */
	struct {
		uint16_t fid;
		uint8_t sfi;
		const uint8_t *data;           /* borrowed */
		size_t len;
	} files[TEST_CHIP_FILES];
	size_t max_le;                     /* larger READ BINARY Le is refused (0: none) */
	uint16_t refuse_sw;                /* status for a refused Le (6C00 adds the size) */
	bool no_sfi;                       /* READ BINARY by SFI answers 6A86 */
	unsigned lost_after;               /* the card leaves after this many APDUs (0: never) */
	size_t overlong;                   /* READ BINARY answers this many extra bytes */

	/* state */
	struct emrtd_sm sm;
	bool app_selected, challenge_sent;
	uint8_t rnd_ic[8];
	int selected;                      /* file index or -1 */
	unsigned apdus;
	bool le_on_select;                 /* a SELECT carried Le (should never) */
	size_t largest_le;                 /* largest READ BINARY Le seen */
};

void test_chip_init(struct test_chip *c);
/* A transport whose transceive is the chip. */
void test_chip_transport(struct test_chip *c, struct emrtd_transport *t);

#endif
