/* fuzz_auth.c - the parsers of chip authentication and active
 * authentication input over arbitrary bytes: DG14 (every key it yields is
 * decoded as the reader would), DG15, an ISO/IEC 9796-2 representative,
 * the INTERNAL AUTHENTICATE answer checked against fixed RSA-1024 and P-256
 * keys, and the terminal's public key as a P-256 chip receives it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "emrtd_auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static EVP_PKEY *rsa, *ec;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t challenge[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	if (!rsa) {
		rsa = EVP_RSA_gen(1024);
		ec = EVP_EC_gen("P-256");
		if (!rsa || !ec)
			abort();
	}
	struct emrtd_dg14 d;
	if (emrtd_dg14_parse(data, size, &d) == EMRTD_OK) {
		if (d.n_ca > EMRTD_DG14_MAX || d.n_keys > EMRTD_DG14_MAX)
			abort();
		for (size_t i = 0; i < d.n_keys; i++) {
			EVP_PKEY *k = NULL;
			if (d.keys[i].spki < data || d.keys[i].spki + d.keys[i].spki_len > data + size)
				abort();
			if (emrtd_ca_chip_key(&d.keys[i], &k) == EMRTD_OK && !k)
				abort();
			EVP_PKEY_free(k);
		}
	}
	EVP_PKEY *k = NULL;
	if (emrtd_dg15_key(data, size, &k) == EMRTD_OK && !k)
		abort();
	EVP_PKEY_free(k);
	enum emrtd_hash h;
	if (emrtd_iso9796_2_check(data, size, challenge, 8, &h) == EMRTD_OK && h == EMRTD_HASH_NONE)
		abort();
	char algo[64];
	/* Only answers of a size the key could give reach the costly
	 * operations: the size checks come first in the code too. */
	(void)emrtd_aa_verify(rsa, EMRTD_HASH_NONE, challenge, 8, data, size, algo, sizeof algo);
	if (size <= 80)
		(void)emrtd_aa_verify(ec, (enum emrtd_hash)(size % 6), challenge, 8, data, size, algo,
		                      sizeof algo);
	if (size <= 70) {
		struct emrtd_ca ca;
		(void)emrtd_ca_chip(EMRTD_CIPHER_AES128, ec, data, size, &ca);
		emrtd_ca_wipe(&ca);
	}
	return 0;
}
