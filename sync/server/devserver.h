/* devserver.h - private header of id06-devserver, the reference server for
 * the sync contract (sync/contract/openapi.yaml).  Not a public API. */
#ifndef ID06_DEVSERVER_H
#define ID06_DEVSERVER_H

#include <stdbool.h>
#include <stddef.h>

enum {
	DEVSRV_MAX_BODY = 1 << 20,   /* request bodies, bytes */
	DEVSRV_MAX_FACE = 600000,    /* decoded face JPEG, bytes */
	DEVSRV_MAX_NAME = 800,       /* a name from the document, bytes of UTF-8 */
	DEVSRV_MAX_REASON = 2000,    /* rejection reason, bytes of UTF-8 */
};

enum devsrv_err {
	DEVSRV_OK = 0,
	DEVSRV_ERR_MALFORMED,  /* not JSON, or not a JSON object */
	DEVSRV_ERR_INVALID,    /* JSON, but a field is missing or wrong */
	DEVSRV_ERR_TOO_BIG,    /* over DEVSRV_MAX_BODY */
	DEVSRV_ERR_NOMEM,
};
const char *devsrv_err_str(enum devsrv_err err);

/* An error answer: a problem object (contract: components/schemas/Problem). */
struct devsrv_problem {
	int status;
	char code[40];
	char message[320];
	char field[64];             /* "" when not about one field */
	long long current_version;  /* > 0 only for order_changed */
};
void devsrv_problem_set(struct devsrv_problem *p, int status, const char *code,
                        const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

struct devsrv_document {
	char type[20];          /* passport, id_card, residence_permit */
	char issuing_state[4];
	char number[23];
	char expiry[11];        /* YYYY-MM-DD */
};

struct devsrv_identity {
	long long order_version;
	struct devsrv_document document;
	bool has_permit;
	struct devsrv_document permit;
	char surname[DEVSRV_MAX_NAME + 1];
	char given_names[DEVSRV_MAX_NAME + 1];
	char date_of_birth[11];
	char nationality[4];
	bool mrz, chip;
	char passive_auth[16], chip_auth[16], active_auth[16];
	char access[24];        /* method.access: BAC, PACE-ECDH-GM ...; "" when not sent */
	bool has_face;
	size_t face_bytes;
	char face_sha256[65];   /* hex */
	char verified_at[40];
};

struct devsrv_account {
	char email[255];
	char mobile[33];
	char language[36];
};

struct devsrv_decision {
	long long order_version;
	bool confirm;
	char reason_code[24];   /* "" for a confirmation */
	char reason[DEVSRV_MAX_REASON + 1];
	char decided_at[40];
};

/* Staff at the kiosk marked an appointment. */
struct devsrv_attendance {
	bool checked_in;            /* else no_show */
	char visitor_order_id[33];  /* the order of the person who came; "" = none */
	char marked_at[40];
};

enum devsrv_body_kind {
	DEVSRV_BODY_IDENTITY,
	DEVSRV_BODY_ACCOUNT,
	DEVSRV_BODY_DECISION,
	DEVSRV_BODY_ATTENDANCE,
};

struct devsrv_body {
	enum devsrv_body_kind kind;
	char sha256[65];        /* of the canonical JSON (sorted keys, compact) */
	union {
		struct devsrv_identity identity;
		struct devsrv_account account;
		struct devsrv_decision decision;
		struct devsrv_attendance attendance;
	} u;
};

/* Parses and validates one result body of the given kind.  Unknown fields
 * are ignored (forward compatibility).  On failure fills problem (400 or
 * 413) and returns the error; out is emptied on entry either way. */
enum devsrv_err devsrv_body_parse(enum devsrv_body_kind kind, const char *buf,
                                  size_t len, struct devsrv_body *out,
                                  struct devsrv_problem *problem);

/* Field checks shared with the server's query parameters. */
bool devsrv_is_date(const char *s);
bool devsrv_is_instant(const char *s);
bool devsrv_is_order_id(const char *s);
bool devsrv_is_idempotency_key(const char *s);

/* SHA-256 of data as 64 lowercase hex digits plus NUL. */
void devsrv_sha256_hex(const void *data, size_t len, char out[65]);

#endif
