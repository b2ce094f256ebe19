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

#include "mrz.h"  /* DG1 is an MRZ: the one edge between the libraries */

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
	EMRTD_ERR_NEEDS_CAN,      /* the chip takes PACE with the CAN only */
	EMRTD_ERR_CAN_REFUSED,    /* the chip refused the CAN given */
	EMRTD_ERR_BAD_SIGNATURE,  /* a chip's signature does not verify */
	EMRTD_ERR_NO_SERVICE,     /* the PC/SC service (pcscd) is not running */
	EMRTD_ERR_READER_NOT_FOUND, /* no reader of the name asked for */
	EMRTD_ERR_CAM_FAILED,     /* PACE-CAM: the chip does not hold the key of EF.CardSecurity */
	EMRTD_ERR_COUNT
};

/* Words a person can act on; never NULL. */
const char *emrtd_err_str(enum emrtd_err err);

/* Frees what this library allocated (file bytes, images, JPEGs).  NULL is
 * fine. */
void emrtd_free(void *p);

/* ---- transport ---------------------------------------------------------- */

/* How APDUs reach the chip: libnfc or PC/SC.  A transport moves
 * bytes only; it never sees keys in the clear beyond the APDUs it carries. */
struct emrtd_transport_ops {
	const char *name;  /* "libnfc", "test", ... */
	/* One command APDU, one response APDU (data + SW1 SW2) into resp (cap
	 * bytes).  EMRTD_ERR_CARD_LOST when the document left the field,
	 * EMRTD_ERR_TIMEOUT when it did not answer in timeout_ms. */
	enum emrtd_err (*transceive)(void *ctx, const uint8_t *cmd, size_t cmd_len, uint8_t *resp,
	                             size_t cap, size_t *resp_len, int timeout_ms);
	void (*close)(void *ctx);  /* may be NULL */
};

struct emrtd_transport {
	const struct emrtd_transport_ops *ops;
	void *ctx;
	/* Largest response APDU the path carries (libnfc + PN53x: 263 bytes
	 * incl. SW); READ BINARY sizes are chosen to stay below it. */
	size_t max_response;
	char description[96];  /* reader and target, for reports (no personal data) */
};

/* Opens a libnfc reader and waits up to wait_ms for an ISO 14443-4 target
 * (type A, then B).  connstring: "pn532_uart:/dev/ttyUSB0", "acr122_usb",
 * or NULL for libnfc's default.  EMRTD_ERR_NO_READER, EMRTD_ERR_NO_CARD.
 * Free with emrtd_transport_close(). */
enum emrtd_err emrtd_transport_nfc_open(const char *connstring, int wait_ms,
                                        struct emrtd_transport **out);
/* Opens a PC/SC reader (pcsc-lite) and waits up to wait_ms for a card.
 * reader: a name as PC/SC lists it, or the start of one ("ACS ACR122U"
 * matches "ACS ACR122U PICC Interface 00 00"); NULL: the first reader
 * that holds a card.  T=1 or T=0 as the card offers; extended-length
 * APDUs only when its ATR announces them.  EMRTD_ERR_NO_SERVICE (pcscd
 * not running), EMRTD_ERR_NO_READER, EMRTD_ERR_READER_NOT_FOUND,
 * EMRTD_ERR_NO_CARD.  A card removed during the read is
 * EMRTD_ERR_CARD_LOST, as with libnfc. */
enum emrtd_err emrtd_transport_pcsc_open(const char *reader, int wait_ms,
                                         struct emrtd_transport **out);
/* The PC/SC readers' names joined by "; " into buf (cut to cap bytes,
 * NUL-terminated), for messages that say which names exist. */
enum emrtd_err emrtd_transport_pcsc_readers(char *buf, size_t cap);
/* Either transport from one configuration string: "pcsc:NAME" (or
 * "pcsc:" for any reader) is PC/SC, anything else a libnfc connstring
 * (NULL or "": libnfc's default device). */
enum emrtd_err emrtd_transport_open(const char *device, int wait_ms,
                                    struct emrtd_transport **out);
void emrtd_transport_close(struct emrtd_transport *t);

/* ---- files --------------------------------------------------------------- */

enum emrtd_file {
	EMRTD_FILE_COM = 0,
	EMRTD_FILE_DG1, EMRTD_FILE_DG2, EMRTD_FILE_DG3, EMRTD_FILE_DG4, EMRTD_FILE_DG5,
	EMRTD_FILE_DG6, EMRTD_FILE_DG7, EMRTD_FILE_DG8, EMRTD_FILE_DG9, EMRTD_FILE_DG10,
	EMRTD_FILE_DG11, EMRTD_FILE_DG12, EMRTD_FILE_DG13, EMRTD_FILE_DG14, EMRTD_FILE_DG15,
	EMRTD_FILE_DG16,
	EMRTD_FILE_SOD,
	EMRTD_FILE_COUNT
};

/* "EF.COM", "DG1" ... "EF.SOD". */
const char *emrtd_file_name(enum emrtd_file f);
uint16_t emrtd_file_fid(enum emrtd_file f);  /* 011E, 0101 ... 011D */
uint8_t emrtd_file_tag(enum emrtd_file f);   /* 60, 61, 75 ... 77 */
/* The data group of an LDS tag (as listed in EF.COM), or EMRTD_FILE_COUNT. */
enum emrtd_file emrtd_file_from_tag(uint8_t tag);

/* The largest file accepted (a DG2 with a high resolution face). */
#define EMRTD_MAX_FILE (512u * 1024u)

/* ---- session --------------------------------------------------------------- */

/* Bytes read of bytes expected, per file: for the progress bar.  Called on
 * the reading thread after every chunk. */
typedef void (*emrtd_progress_fn)(void *ctx, enum emrtd_file file, size_t done, size_t total);

struct emrtd_options {
	int timeout_ms;       /* per APDU; 0 = 2000 */
	size_t max_read;      /* plaintext bytes per READ BINARY; 0 = 0xDF */
	bool use_sfi;         /* read by short file identifier (no SELECT),
	                         falling back to SELECT when the chip refuses */
	emrtd_progress_fn progress;
	void *progress_ctx;
	bool no_pace;         /* BAC only, even when the chip offers PACE */
	bool bac_fallback;    /* BAC after a failed PACE (fail closed otherwise) */
};

enum emrtd_access {
	EMRTD_ACCESS_NONE = 0,
	EMRTD_ACCESS_BAC,
	EMRTD_ACCESS_PACE_ECDH_GM,
	EMRTD_ACCESS_PACE_DH_GM,
	EMRTD_ACCESS_PACE_ECDH_CAM,   /* PACE that also authenticated the chip */
};
/* "none", "BAC", "PACE-ECDH-GM", "PACE-DH-GM", "PACE-ECDH-CAM" */
const char *emrtd_access_name(enum emrtd_access a);

struct emrtd_stats {
	unsigned apdus;
	size_t bytes_out;    /* command bytes sent */
	size_t bytes_in;     /* response bytes received */
	unsigned read_size;  /* READ BINARY size in use after any fallback */
};

struct emrtd_session;

/* Selects the eMRTD application (A0000002471001) over t, which stays
 * owned by the caller and must outlive the session.  opts may be NULL. */
enum emrtd_err emrtd_session_open(struct emrtd_transport *t, const struct emrtd_options *opts,
                                  struct emrtd_session **out);
/* Basic access control with the MRZ key seed (the first 16 bytes of
 * SHA-1 of the MRZ information; see emrtd_key_from_mrz).  The seed is
 * copied and wiped with the session.  EMRTD_ERR_ACCESS_DENIED when the chip
 * refuses the key. */
enum emrtd_err emrtd_session_bac(struct emrtd_session *s, const uint8_t seed[16]);

/* PACE passwords: the MRZ (as for BAC) and/or the card access number. */
struct emrtd_access_key {
	bool has_mrz;
	uint8_t bac_seed[16];      /* emrtd_key_from_mrz */
	uint8_t mrz_password[20];  /* SHA-1 of the MRZ information */
	char can[16];              /* digits, "" when not known */
};
/* The key from an MRZ parsed by emrtd_key_from_mrz (can stays empty). */
enum emrtd_err emrtd_access_key_from_mrz(const struct mrz_result *mrz,
                                         struct emrtd_access_key *key);
void emrtd_access_key_wipe(struct emrtd_access_key *key);

/* PACE (ICAO 9303-11 §4.4) with password (key_ref 1 MRZ: the 20-byte
 * hash; 2 CAN: its digits): selects the MF, reads EF.CardAccess, runs the
 * first protocol it offers that this library supports, restarts secure
 * messaging with the PACE keys and selects the eMRTD application through
 * it.  EMRTD_ERR_NOT_FOUND when there is no EF.CardAccess (a BAC-only
 * chip), EMRTD_ERR_UNSUPPORTED when it offers nothing we run,
 * EMRTD_ERR_NEEDS_CAN when the chip refuses the MRZ as password,
 * EMRTD_ERR_ACCESS_DENIED when it refuses the MRZ, EMRTD_ERR_CAN_REFUSED
 * when it refuses the CAN, EMRTD_ERR_MAC
 * when its token does not verify. */
enum emrtd_err emrtd_session_pace(struct emrtd_session *s, unsigned key_ref,
                                  const uint8_t *password, size_t n);
/* The access protocol as the options ask: PACE (CAN when given, else MRZ)
 * unless opts.no_pace; BAC when the chip has no EF.CardAccess, or after a
 * failed PACE only with opts.bac_fallback (then the PACE error is kept
 * when BAC fails too).  emrtd_session_access says which was used. */
enum emrtd_err emrtd_session_authenticate(struct emrtd_session *s,
                                          const struct emrtd_access_key *key);
/* Reads one whole file through secure messaging.  *data is allocated
 * (free with emrtd_free), *len its size.  EMRTD_ERR_NOT_FOUND when the chip
 * has no such file, EMRTD_ERR_SECURITY when it needs more than BAC. */
enum emrtd_err emrtd_session_read_file(struct emrtd_session *s, enum emrtd_file f, uint8_t **data,
                                       size_t *len);
enum emrtd_access emrtd_session_access(const struct emrtd_session *s);
/* After PACE, the protocol run ("ECDH-GM AES-128 brainpoolP256r1"), ""
 * otherwise; borrowed until the session closes. */
const char *emrtd_session_pace_protocol(const struct emrtd_session *s);
void emrtd_session_stats(const struct emrtd_session *s, struct emrtd_stats *out);
/* The status word of the last failed command (0 if none), for reports. */
uint16_t emrtd_session_last_sw(const struct emrtd_session *s);
/* Wipes keys and frees.  NULL is fine. */
void emrtd_session_close(struct emrtd_session *s);

/* ---- access key ------------------------------------------------------------ */

/* The BAC key seed from MRZ text (2 or 3 lines; the check digits must
 * hold).  *mrz gets the parsed MRZ for the DG1 cross-check; wipe it with
 * mrz_result_wipe.  EMRTD_ERR_MRZ when the text gives no key. */
enum emrtd_err emrtd_key_from_mrz(const char *text, size_t len, uint8_t seed[16],
                                  struct mrz_result *mrz);

/* ---- LDS parsing (all borrow the file bytes) -------------------------------- */

/* EF.COM: LDS and Unicode versions and the data groups present. */
struct emrtd_com {
	char lds_version[5];      /* "0107" */
	char unicode_version[7];  /* "040000" */
	bool present[EMRTD_FILE_COUNT];
};
enum emrtd_err emrtd_com_parse(const uint8_t *p, size_t n, struct emrtd_com *out);

/* DG1: the MRZ text (61 { 5F1F }), NUL-terminated, lines joined. */
enum emrtd_err emrtd_dg1_mrz(const uint8_t *p, size_t n, char *mrz, size_t cap);

enum emrtd_image_format {
	EMRTD_IMAGE_NONE = 0,
	EMRTD_IMAGE_JPEG,
	EMRTD_IMAGE_JP2,   /* JPEG 2000 with the JP2 box structure */
	EMRTD_IMAGE_J2K,   /* raw JPEG 2000 codestream (FF 4F FF 51) */
};
const char *emrtd_image_format_name(enum emrtd_image_format f);  /* "jpeg", "jp2", "j2k" */

/* DG2: the first face image of the biometric group (ISO/IEC 19794-5 or
 * ISO/IEC 39794-5).  image points into the DG2 bytes (borrowed). */
struct emrtd_face {
	enum emrtd_image_format format;
	const uint8_t *image;
	size_t image_len;
	unsigned width, height;  /* as the header declares (0 if unknown) */
	unsigned faces;          /* number of face images in DG2 */
};
enum emrtd_err emrtd_dg2_parse(const uint8_t *p, size_t n, struct emrtd_face *out);

/* A decoded image, 8-bit RGB rows.  Free with emrtd_image_fini. */
struct emrtd_image {
	unsigned width, height;
	uint8_t *rgb;      /* width * height * 3, allocated */
};
#define EMRTD_MAX_PIXELS (4096u * 4096u)
enum emrtd_err emrtd_face_decode(const struct emrtd_face *face, struct emrtd_image *out);
void emrtd_image_fini(struct emrtd_image *img);
/* Encodes RGB as JPEG (quality 1-100); *jpeg allocated, free with emrtd_free. */
enum emrtd_err emrtd_image_to_jpeg(const struct emrtd_image *img, int quality, uint8_t **jpeg,
                                   size_t *len);

/* ---- passive authentication ------------------------------------------------- */

/* CSCA certificates trusted to sign document signers. */
struct emrtd_trust;
enum emrtd_err emrtd_trust_new(struct emrtd_trust **out);
/* Every certificate (PEM or DER; .pem .crt .cer .der) in dir; *added says
 * how many.  Master lists (.ml, .mls) found there are imported too. */
enum emrtd_err emrtd_trust_add_dir(struct emrtd_trust *t, const char *dir, unsigned *added);
/* An ICAO/BSI CMS master list file: its signature is checked against the
 * signer certificate it carries, then every CSCA in it is added. */
enum emrtd_err emrtd_trust_add_master_list(struct emrtd_trust *t, const uint8_t *p, size_t n,
                                           unsigned *added);
void emrtd_trust_free(struct emrtd_trust *t);

enum emrtd_check {
	EMRTD_CHECK_NOT_DONE = 0,
	EMRTD_CHECK_PASS,
	EMRTD_CHECK_FAIL,
};
const char *emrtd_check_name(enum emrtd_check c);  /* "not checked", "pass", "fail" */

struct emrtd_pa {
	enum emrtd_check signature;  /* the SOD's CMS signature by its document signer */
	enum emrtd_check chain;      /* document signer -> trusted CSCA, dates */
	enum emrtd_check hashes;     /* every data group read matches the SOD */
	enum emrtd_check dg_hash[EMRTD_FILE_COUNT];  /* per data group read */
	bool dg_listed[EMRTD_FILE_COUNT];            /* the SOD holds a hash for it */
	char hash_algorithm[16];     /* "sha256" */
	char signer[160];            /* document signer subject (one line) */
	enum emrtd_check verdict;    /* pass only when all three pass */
	char reason[200];            /* words for the first failure */
};

/* Checks EF.SOD against the files read (files[f] NULL when not read;
 * EF.COM and EF.SOD themselves are not hashed).  trust may be NULL: the
 * chain is then not checked and the verdict cannot pass.  Malformed input
 * is a FAIL with a reason, not an error; errors are for bad arguments and
 * resources. */
enum emrtd_err emrtd_passive_auth(const struct emrtd_trust *trust, const uint8_t *sod, size_t sod_len,
                                  const uint8_t *const files[EMRTD_FILE_COUNT],
                                  const size_t lens[EMRTD_FILE_COUNT], struct emrtd_pa *out);

/* ---- proving the chip genuine (part 11 §6) ------------------------------------ */

/* Chip authentication (DG14's key: a key agreement, then secure messaging
 * restarted with the new keys and a file read under them) and active
 * authentication (DG15's key signs a random challenge).  A passive
 * authentication alone says the data are genuine; one of these says the
 * chip holding them is not a copy. */
enum emrtd_proof_state {
	EMRTD_PROOF_NOT_SUPPORTED = 0,  /* the chip has no key for it (no DG14 / DG15) */
	EMRTD_PROOF_PASSED,
	EMRTD_PROOF_FAILED,             /* the chip could not prove it (reason) */
	EMRTD_PROOF_NOT_CHECKED,        /* not run, or does not count (reason) */
};
struct emrtd_proof {
	enum emrtd_proof_state state;
	char reason[160];     /* for FAILED and NOT_CHECKED: what happened */
	char algorithm[64];   /* "ECDH brainpoolP256r1 AES-128", "RSA-1024 ISO 9796-2 SHA-1" */
	unsigned apdus;       /* APDUs the step sent */
	double ms;            /* wall time of the step (benchmarks only) */
};
/* "passed", "failed: REASON", "not supported", "not checked: REASON". */
void emrtd_proof_describe(const struct emrtd_proof *p, char *buf, size_t cap);

/* Active authentication with the DG15 file read (and DG14, may be NULL,
 * for the ECDSA hash): INTERNAL AUTHENTICATE with 8 random bytes.  The
 * outcome goes to *out; the return is an error only when the session
 * cannot go on (card lost, secure messaging broken). */
enum emrtd_err emrtd_session_active_auth(struct emrtd_session *s, const uint8_t *dg15, size_t n15,
                                         const uint8_t *dg14, size_t n14, struct emrtd_proof *out);
/* Chip authentication with the DG14 file read: MSE:Set KAT (3DES) or
 * MSE:Set AT + GENERAL AUTHENTICATE (AES), secure messaging restarted
 * with the new keys (SSC zero), then DG14 read again under them and
 * compared.  Return as for emrtd_session_active_auth. */
enum emrtd_err emrtd_session_chip_auth(struct emrtd_session *s, const uint8_t *dg14, size_t n14,
                                       struct emrtd_proof *out);

enum emrtd_verdict {
	EMRTD_VERDICT_NOT_PROVEN = 0,
	EMRTD_VERDICT_GENUINE,
	EMRTD_VERDICT_FAILED,
};
const char *emrtd_verdict_name(enum emrtd_verdict v);  /* "not proven", "genuine", "failed" */

/* ---- a whole document ------------------------------------------------------- */

/* What one read of a document gave, for the kiosk and id06-chip.  Owns its
 * file bytes and image; holds personal data: free with
 * emrtd_document_free, which wipes it. */
struct emrtd_document {
	uint8_t *files[EMRTD_FILE_COUNT];       /* NULL when not read */
	size_t lens[EMRTD_FILE_COUNT];
	bool tried[EMRTD_FILE_COUNT];           /* listed (or needed) and asked for */
	enum emrtd_err file_err[EMRTD_FILE_COUNT];
	struct emrtd_com com;
	bool have_com;

	/* emrtd_document_verify fills the rest. */
	struct mrz_result dg1;
	bool dg1_parsed;
	bool dg1_matches;                       /* DG1 fits the MRZ used as key */
	char dg1_mismatch[96];                  /* which field differs (no values) */
	struct emrtd_face face;                 /* borrows files[DG2] */
	struct emrtd_image image;               /* the face decoded to RGB */
	enum emrtd_err face_err;
	struct emrtd_pa pa;
	char incomplete[200];                   /* a listed DG that could not be read */
	bool complete;                          /* every listed DG read, DG2 among them */
	bool verified;                          /* PA passed, DG1 fits, a face read decodes */
	/* A kiosk accepts a person only when verified AND complete: a document
	 * whose chip withholds DG2 verifies (what was read is genuine) but
	 * gives no face to compare. */

	/* emrtd_document_read runs active then chip authentication after the
	 * files (their raw outcome); emrtd_document_verify counts a pass
	 * only when passive authentication verified DG15 / DG14. */
	struct emrtd_proof aa_run, ca_run;
	struct emrtd_proof active_auth, chip_auth;  /* as counted */
	/* The one answer for the kiosk:
	 *   GENUINE    verified (PA, DG1, face) and chip or active
	 *              authentication passed;
	 *   FAILED     a check failed: PA, DG1 against the MRZ, the face, chip
	 *              or active authentication;
	 *   NOT_PROVEN nothing failed, but something is missing (no trust
	 *              store, neither DG14 nor DG15, an unsupported key).
	 * verdict_reason says which (no personal data). */
	enum emrtd_verdict verdict;
	char verdict_reason[200];
	/* PACE-CAM (chip authentication through PACE's mapping).  The read
	 * fills the first two, emrtd_document_verify the rest. */
	bool cam;                               /* access was PACE-CAM: the chip proved the key
	                                           of the EF.CardSecurity below */
	uint8_t *card_security;                 /* that EF.CardSecurity, NULL otherwise */
	size_t card_security_len;
	struct emrtd_pa card_security_check;    /* its signature and signer chain */
	bool cam_passed;                        /* chip authenticated: cam, and EF.CardSecurity
	                                           signed by a trusted document signer */
};

/* Reads EF.COM, then DG1, DG2, DG11, DG12, DG14, DG15 as EF.COM lists
 * them (DG1 and DG2 when EF.COM is missing), then EF.SOD, through an open
 * session with access granted; then active authentication (DG15) and chip
 * authentication (DG14), which leaves the session under the CA keys.  A file the chip does not have or guards
 * (NOT_FOUND, SECURITY, a bad status or tag) is recorded in file_err and
 * the read goes on; losing the card or secure messaging stops it with that
 * error, and *out then still holds what was read (or NULL on NOMEM).
 * Free *out with emrtd_document_free. */
enum emrtd_err emrtd_document_read(struct emrtd_session *s, struct emrtd_document **out);
/* Offline checks: DG1 against key_mrz (may be NULL: not compared), the face
 * decoded, passive authentication with trust (may be NULL: the verdict
 * cannot pass), then chip_auth, active_auth and verdict.  Findings go into the struct; the return is for bad
 * arguments and resources. */
enum emrtd_err emrtd_document_verify(struct emrtd_document *d, const struct emrtd_trust *trust,
                                     const struct mrz_result *key_mrz);
void emrtd_document_free(struct emrtd_document *d);

#ifdef __cplusplus
}
#endif

#endif
