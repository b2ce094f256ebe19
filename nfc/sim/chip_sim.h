/* chip_sim.h - the chip's software peers: a virtual eMRTD (ICAO Doc 9303)
 * that answers the real APDU protocol, the LDS it serves (EF.COM, DG1, DG2,
 * EF.SOD signed by a test PKI), and a PN532 emulator that speaks the HSU
 * frame protocol of libnfc's pn532_uart driver on a pseudo-terminal.
 *
 * Test and demo code only: nothing here is linked into the kiosk.  The
 * virtual chip never logs the MRZ or key material; keys live in fixed arrays
 * and are wiped when a session ends and when the card is freed. */
#ifndef ID06_CHIP_SIM_H
#define ID06_CHIP_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sim_err {
	SIM_OK = 0,
	SIM_ERR_ARG,            /* a NULL or otherwise unusable argument */
	SIM_ERR_NOMEM,          /* out of memory */
	SIM_ERR_NEED_MORE,      /* the bytes so far are the start of a frame */
	SIM_ERR_BAD_LCS,        /* frame length checksum does not add up */
	SIM_ERR_BAD_DCS,        /* frame data checksum does not add up */
	SIM_ERR_BAD_LENGTH,     /* a length field is zero or impossible */
	SIM_ERR_BAD_POSTAMBLE,  /* the frame does not end in 00 */
	SIM_ERR_TOO_BIG,        /* more data than the frame or buffer holds */
	SIM_ERR_BAD_MRZ,        /* the MRZ text is not a valid TD1/TD2/TD3 MRZ */
	SIM_ERR_FACE,           /* the face image is missing, empty or too big */
	SIM_ERR_PKI,            /* test PKI files missing or unusable */
	SIM_ERR_CRYPTO,         /* an OpenSSL operation failed */
	SIM_ERR_IO,             /* a file or terminal could not be read/written */
	SIM_ERR_UNKNOWN_FAULT,  /* not one of the fault switch names */
	SIM_ERR_TAG_LOST,       /* the tag left the field: no answer */
};

/* Words a person can act on; never NULL. */
const char *sim_err_str(enum sim_err err);

/* ---- Fault switches ---------------------------------------------------- */

enum sim_fault {
	SIM_FAULT_NONE = 0,
	SIM_FAULT_BAD_MAC,          /* protected READ BINARY answers carry a wrong MAC */
	SIM_FAULT_TRUNCATED,        /* protected READ BINARY answers cut short */
	SIM_FAULT_OVERLONG,         /* READ BINARY answers more bytes than Le asked */
	SIM_FAULT_BAD_TLV,          /* DG1's inner 5F1F length is wrong (signed as is) */
	SIM_FAULT_TAMPER_DG1,       /* DG1 changed after the SOD was signed */
	SIM_FAULT_TAMPER_DG2,       /* DG2 changed after the SOD was signed */
	SIM_FAULT_UNTRUSTED_SIGNER, /* SOD signed by a signer outside the trust store */
	SIM_FAULT_SW_6982,          /* READ BINARY of DG2: security status not satisfied */
	SIM_FAULT_SW_6A82,          /* SELECT of DG2: file not found */
	SIM_FAULT_LOST_TAG,         /* the tag leaves the field in the middle of DG2 */
	SIM_FAULT_SLOW,             /* every APDU answer is delayed */
	SIM_FAULT_BAD_PACE_TOKEN,   /* the chip's PACE token T_IC is wrong */
	SIM_FAULT_WRONG_AA_KEY,     /* active authentication: not the key of DG15 */
	SIM_FAULT_WRONG_CA_KEY,     /* chip authentication: not the key of DG14 */
	SIM_FAULT_DG14_NOT_SIGNED,  /* DG14 present but EF.SOD has no hash for it */
	SIM_FAULT_AA_CUT,           /* INTERNAL AUTHENTICATE with Le 00: half the signature */
	SIM_FAULT_CAM_WRONG_KEY,    /* PACE-CAM: EF.CardSecurity names another key than the chip's */
	SIM_FAULT_NO_SFI,           /* READ BINARY by short file identifier refused (6A86) */
	SIM_FAULT_COUNT
};

/* "bad-mac", "truncated", ... or "none". */
const char *sim_fault_name(enum sim_fault fault);
enum sim_err sim_fault_parse(const char *name, enum sim_fault *out);

/* ---- The document (LDS) ------------------------------------------------ */

/* Declared maxima: a face image and a whole elementary file. */
/* Every file stays below 32 KB, the reach of READ BINARY's 15-bit offset. */
#define SIM_MAX_FACE 30000u
#define SIM_MAX_FILE 32767u

enum sim_image_kind { SIM_IMAGE_JPEG = 0, SIM_IMAGE_JPEG2000 = 1 };

/* One elementary file of the eMRTD application. */
struct sim_file {
	uint16_t fid;       /* 011E EF.COM, 0101 DG1, 0102 DG2, 011D EF.SOD */
	uint8_t sfi;        /* short file identifier (1E, 01, 02, 1D) */
	uint8_t *data;      /* owned by the sim_doc */
	size_t len;
};

/* Chip authentication (DG14) and active authentication (DG15) keys:
 * ecdh (brainpoolP256r1, explicit parameters, AES-128: MSE:Set AT and
 * GENERAL AUTHENTICATE), ecdh-p256 (3DES: MSE:Set KAT), dh (RFC 5114
 * 1024-bit MODP group, 3DES); rsa (1024 bits, ISO/IEC 9796-2 SHA-1),
 * ecdsa (P-256, plain r||s, SHA-256 named in DG14), ecdsa-der (P-384, DER,
 * hash by key size). */
enum sim_ca { SIM_CA_NONE = 0, SIM_CA_ECDH, SIM_CA_ECDH_P256, SIM_CA_DH };
enum sim_aa { SIM_AA_NONE = 0, SIM_AA_RSA, SIM_AA_ECDSA, SIM_AA_ECDSA_DER };
struct sim_auth_opts {
	enum sim_ca ca;
	enum sim_aa aa;
};
/* "none", "ecdh", "ecdh-p256", "dh"; "none", "rsa", "ecdsa", "ecdsa-der" */
enum sim_err sim_ca_parse(const char *name, enum sim_ca *out);
enum sim_err sim_aa_parse(const char *name, enum sim_aa *out);

#define SIM_DOC_FILES 6   /* EF.COM, DG1, DG2, EF.SOD, DG14, DG15 */
struct sim_doc {
	uint8_t bac_seed[16];         /* K_seed from the MRZ: wiped by sim_doc_fini */
	uint8_t pace_mrz[20];         /* PACE MRZ password (SHA-1 of MRZ_information) */
	struct sim_file files[SIM_DOC_FILES];
	struct sim_auth_opts auth;
	struct evp_pkey_st *ca_key;   /* the chip's private keys (OpenSSL EVP_PKEY) */
	struct evp_pkey_st *aa_key;
};

/* Builds the LDS for mrz_text (two or three lines, '\n' separated, or the
 * characters run together) and the face image (JPEG or JPEG 2000 bytes,
 * borrowed for the call), signs EF.SOD with the PKI in pki_dir (files
 * document-signer.{crt,key} or, for SIM_FAULT_UNTRUSTED_SIGNER,
 * untrusted-signer.{crt,key}), and applies the LDS faults.  Free with
 * sim_doc_fini(). */
enum sim_err sim_doc_build(const char *mrz_text, const uint8_t *face,
                           size_t face_len, enum sim_image_kind kind,
                           const char *pki_dir, enum sim_fault fault,
                           struct sim_doc *doc);
/* The same with a chip authentication and/or active authentication key
 * (auth may be NULL: none); DG14 and DG15 are listed in EF.COM and hashed
 * in EF.SOD (DG14 not with SIM_FAULT_DG14_NOT_SIGNED). */
enum sim_err sim_doc_build_auth(const char *mrz_text, const uint8_t *face, size_t face_len,
                                enum sim_image_kind kind, const char *pki_dir,
                                enum sim_fault fault, const struct sim_auth_opts *auth,
                                struct sim_doc *doc);
void sim_doc_fini(struct sim_doc *doc);
/* CMS SignedData (DER ContentInfo) over content with eContentType
 * content_oid (dotted), signed by the document signer of pki_dir (or the
 * untrusted one).  *der is malloc'd: free() it. */
enum sim_err sim_cms_sign(const char *pki_dir, bool untrusted, const char *content_oid,
                          const uint8_t *content, size_t n, uint8_t **der, size_t *der_len);

struct emrtd_pace_info;
/* EF.CardSecurity for a PACE-CAM chip (card_security.c): the n PACEInfos
 * and a fresh static key on the curve of infos[0] (its private key to sk,
 * *sk_len bytes), signed with pki_dir's document signer.  wrong_key puts
 * another key in the file (SIM_FAULT_CAM_WRONG_KEY).  *file is malloc'd:
 * free() it. */
enum sim_err sim_card_security_build(const char *pki_dir, const struct emrtd_pace_info *infos,
                                     size_t n, bool wrong_key, uint8_t *sk, size_t sk_cap,
                                     size_t *sk_len, uint8_t **file, size_t *len);
const struct sim_file *sim_doc_file(const struct sim_doc *doc, uint16_t fid);
/* Image width and height from a JPEG SOF or a JP2/J2K header; 0 x 0 when
 * the bytes do not say (bounded scan, never reads past len). */
void sim_face_size(const uint8_t *img, size_t len, unsigned *width, unsigned *height);

/* ---- The sample face ------------------------------------------------- */

/* Draws the project's synthetic face (width x height) and encodes it as
 * JPEG (quality 1-100) or JPEG 2000 JP2 (quality q gives a compression ratio
 * of 101 - q).  Deterministic.  *out is malloc'd: free() it. */
enum sim_err sim_face_make(enum sim_image_kind kind, unsigned width,
                           unsigned height, int quality, uint8_t **out,
                           size_t *out_len);
/* JPEG (FF D8 FF), JP2 box or J2K codestream (FF 4F FF 51); else SIM_ERR_FACE. */
enum sim_err sim_face_kind(const uint8_t *img, size_t len,
                           enum sim_image_kind *kind);

/* ---- The virtual chip -------------------------------------------------- */

/* Access protocols the chip offers: BAC only (no EF.CardAccess); PACE
 * ECDH-GM with the MRZ or the CAN, and BAC; PACE with the CAN only (no
 * BAC, the MRZ refused as PACE password); PACE DH-GM and BAC. */
enum sim_access {
	SIM_ACCESS_BAC = 0,
	SIM_ACCESS_PACE_ECDH,
	SIM_ACCESS_PACE_ONLY_CAN,
	SIM_ACCESS_PACE_DH,
	SIM_ACCESS_PACE_CAM,   /* PACE ECDH-CAM (EF.CardAccess lists GM too) and BAC */
};
/* "bac", "pace-ecdh", "pace-only-can", "pace-dh", "pace-cam" */
enum sim_err sim_access_parse(const char *name, enum sim_access *out);

struct sim_card_opts {
	enum sim_fault fault;
	enum sim_access access;
	char can[16];             /* PACE CAN, digits ("" = none) */
	uint32_t pace_param;      /* standardized domain parameters; for ECDH 0 = 13,
	                             brainpoolP256r1; for DH 0 is MODP-1024-160 */
	unsigned pace_cipher;     /* cipher arc of id-PACE-*: 1 3DES, 2 AES-128 (0 = 2),
	                             3 AES-192, 4 AES-256 */
	const char *pki_dir;      /* pace-cam: signs EF.CardSecurity (borrowed for
	                             sim_card_new); NULL: the doc's default test PKI */
	/* Deterministic randomness for tests (ICAO 9303-11 Appendix D): when
	 * set, GET CHALLENGE answers rnd_ic and BAC uses k_ic. */
	bool fixed_random;
	uint8_t rnd_ic[8];
	uint8_t k_ic[16];
};

struct sim_card;

/* doc is borrowed and must outlive the card.  opts may be NULL. */
enum sim_err sim_card_new(const struct sim_doc *doc,
                          const struct sim_card_opts *opts,
                          struct sim_card **out);
void sim_card_free(struct sim_card *card);
/* The card left the field or was deselected: session keys wiped, no file
 * selected, the application not selected. */
void sim_card_reset(struct sim_card *card);
/* One command APDU in, one response APDU (data + SW1 SW2) out.  Every input,
 * however malformed, gets a status word.  SIM_ERR_TAG_LOST means no answer
 * at all (the tag left the field); SIM_ERR_TOO_BIG only when cap < 2.
 * resp needs SIM_MAX_RAPDU bytes for every answer to fit. */
#define SIM_MAX_RAPDU 300
enum sim_err sim_card_apdu(struct sim_card *card, const uint8_t *cmd,
                           size_t cmd_len, uint8_t *resp, size_t cap,
                           size_t *resp_len);

/* Counters since sim_card_new, for the benchmark. */
struct sim_card_stats {
	unsigned apdus;
	unsigned long bytes_in, bytes_out;
	double crypto_seconds;   /* CPU time in the chip's SM and BAC */
};
void sim_card_stats(const struct sim_card *card, struct sim_card_stats *out);

/* ---- PN532 HSU frames -------------------------------------------------- */

/* Longest frame payload: TFI + 264 bytes (PN532 extended frame). */
#define SIM_PN532_MAX_DATA 265u
/* Longest frame on the wire: 00 00 FF FF FF LENm LENl LCS data DCS 00. */
#define SIM_PN532_MAX_FRAME (SIM_PN532_MAX_DATA + 10u)

enum sim_frame_kind {
	SIM_FRAME_INFO = 0,  /* normal or extended information frame */
	SIM_FRAME_ACK,
	SIM_FRAME_NACK,
	SIM_FRAME_ERROR,     /* application level error frame 7F */
};

struct sim_frame {
	enum sim_frame_kind kind;
	bool extended;
	size_t len;                       /* bytes in data: TFI first */
	uint8_t data[SIM_PN532_MAX_DATA];
};

/* Reads one frame from buf.  Bytes before the start code 00 FF (the 55 55
 * 00... wake-up preamble, line noise) are skipped.  *consumed is always set:
 * how many bytes the caller may drop (on an error, enough to resynchronise;
 * on SIM_ERR_NEED_MORE, the skipped noise only). */
enum sim_err sim_pn532_frame_parse(const uint8_t *buf, size_t len,
                                   struct sim_frame *frame, size_t *consumed);
/* Writes an information frame: normal when len <= 255, else extended.
 * data includes the TFI. */
enum sim_err sim_pn532_frame_write(const uint8_t *data, size_t len,
                                   uint8_t *out, size_t cap, size_t *out_len);

/* ---- PN532 emulator ---------------------------------------------------- */

/* The card the emulator puts in its field. */
struct sim_target_ops {
	enum sim_err (*apdu)(void *ctx, const uint8_t *cmd, size_t len,
	                     uint8_t *resp, size_t cap, size_t *resp_len);
	void (*reset)(void *ctx);
	void *ctx;
};

/* Longest InDataExchange answer per frame before MI chaining. */
#define SIM_PN532_MAX_EXCHANGE 262u

struct sim_pn532;

enum sim_err sim_pn532_new(const struct sim_target_ops *target,
                           struct sim_pn532 **out);
void sim_pn532_free(struct sim_pn532 *emu);

/* Output of one step: the ACK (if any) and the response frame (if any),
 * written one after the other; delay_ms asks the caller to wait between them
 * (the slow fault). */
struct sim_pn532_out {
	uint8_t bytes[6 + SIM_PN532_MAX_FRAME];
	size_t ack_len;      /* 6 or 0 */
	size_t len;          /* ack + response */
	unsigned delay_ms;
};

/* Consumes at most one frame from in (see sim_pn532_frame_parse for
 * *consumed) and says what the chip answers.  Returns the parse result:
 * SIM_ERR_NEED_MORE when no whole frame is there yet. */
enum sim_err sim_pn532_step(struct sim_pn532 *emu, const uint8_t *in,
                            size_t len, size_t *consumed,
                            struct sim_pn532_out *out);
/* Delay per InDataExchange answer (the slow fault). */
void sim_pn532_set_delay(struct sim_pn532 *emu, unsigned delay_ms);

struct sim_pn532_stats {
	unsigned frames_in, frames_out, exchanges;
	unsigned long host_bytes, chip_bytes;  /* bytes on the serial line */
	unsigned long apdu_bytes_in, apdu_bytes_out;
};
void sim_pn532_stats(const struct sim_pn532 *emu, struct sim_pn532_stats *out);

#endif
