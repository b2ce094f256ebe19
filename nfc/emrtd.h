/* emrtd.h - read and verify the chip of an ePassport or ID card (ICAO Doc
 * 9303 parts 10 and 11): BAC, secure messaging, the LDS files, the face
 * image, passive authentication.
 *
 * Nothing here prints or logs; results are plain structs or buffers whose
 * lifetime each declaration states.  Third-party headers stay in the .c
 * files. */
#ifndef ID06_EMRTD_H
#define ID06_EMRTD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum emrtd_err {
	EMRTD_OK = 0,
	EMRTD_ERR_ARG,            /* a NULL or unusable argument */
	EMRTD_ERR_NOMEM,
	EMRTD_ERR_TRUNCATED,      /* data end before a declared length */
	EMRTD_ERR_BAD_TAG,        /* a TLV tag that is not allowed there */
	EMRTD_ERR_BAD_LENGTH,     /* an impossible or indefinite length */
	EMRTD_ERR_TOO_BIG,        /* bigger than the buffer or the declared maximum */
	EMRTD_ERR_BAD_PADDING,    /* ISO 9797-1 padding missing after decryption */
	EMRTD_ERR_MAC,            /* a secure-messaging or BAC MAC does not verify */
	EMRTD_ERR_SM_MISSING_DO,  /* a protected APDU lacks a required data object */
	EMRTD_ERR_SM_STATUS,      /* the chip answered a bare status word */
	EMRTD_ERR_CRYPTO,         /* OpenSSL failed */
	EMRTD_ERR_MRZ,            /* the MRZ fields cannot form an access key */
	EMRTD_ERR_ACCESS_DENIED,  /* the chip refused the access key */
	EMRTD_ERR_BAC_BAD_RESPONSE, /* the mutual authentication answer is wrong */
	EMRTD_ERR_NO_READER,
	EMRTD_ERR_NO_CARD,
	EMRTD_ERR_CARD_LOST,      /* the document left the field */
	EMRTD_ERR_TIMEOUT,
	EMRTD_ERR_TRANSPORT,      /* the reader failed otherwise */
	EMRTD_ERR_STATUS,         /* an unexpected status word */
	EMRTD_ERR_NOT_FOUND,      /* a file or element that is not there */
	EMRTD_ERR_NOT_EMRTD,      /* no eMRTD application on the chip */
	EMRTD_ERR_SECURITY,       /* the file needs more than BAC (e.g. EAC) */
	EMRTD_ERR_IMAGE,          /* the face image cannot be decoded */
	EMRTD_ERR_UNSUPPORTED,
	EMRTD_ERR_IO,             /* a local file could not be read or written */
	EMRTD_ERR_TRUST,          /* the trust store cannot be used */
	EMRTD_ERR_COUNT
};

/* Words a person can act on; never NULL. */
const char *emrtd_err_str(enum emrtd_err err);

#ifdef __cplusplus
}
#endif

#endif
