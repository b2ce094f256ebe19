/* sync.h - the kiosk's local store and offline-first outbox (library id06_sync).
 *
 * One SQLite file holds the cached pending card orders, today's
 * appointments, the outbox of results waiting to reach the ID06 side, and
 * an audit log.  Personal data (names, birth dates, document numbers,
 * e-mail, mobile, face images) is encrypted field by field with AES-256-GCM
 * under a 32-byte device key; birth dates are looked up through a keyed
 * HMAC blind index, never stored in clear.  Results are deleted once the
 * server has acknowledged them.
 *
 * Every function returns enum sync_err (0 on success) and fills its
 * out-parameters, which are emptied on entry.  Strings in result structs
 * are NUL-terminated UTF-8 in fixed arrays.  Structs holding personal data
 * must be wiped with sync_wipe() when the caller is done with them.
 * A store handle is used by one thread at a time. */
#ifndef ID06_SYNC_H
#define ID06_SYNC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sync_err {
	SYNC_OK = 0,
	SYNC_ERR_ARG,            /* a NULL or out-of-range argument */
	SYNC_ERR_NOMEM,
	SYNC_ERR_KEY_MISSING,    /* key file or credential not found */
	SYNC_ERR_KEY_SIZE,       /* key file is not exactly 32 bytes */
	SYNC_ERR_KEY_WRONG,      /* key does not match the store */
	SYNC_ERR_STORE_OPEN,     /* cannot open or create the store file */
	SYNC_ERR_STORE_NEWER,    /* store written by a newer version */
	SYNC_ERR_STORE_CORRUPT,  /* store failed its integrity check */
	SYNC_ERR_STORE_IO,       /* SQLite read or write failed */
	SYNC_ERR_STORE_BUSY,     /* another process holds the write lock */
	SYNC_ERR_TAMPERED,       /* a ciphertext failed authentication */
	SYNC_ERR_CRYPTO,         /* OpenSSL failed */
	SYNC_ERR_NOT_FOUND,
	SYNC_ERR_TOO_LONG,       /* a field exceeds its declared maximum */
	SYNC_ERR_BAD_FIELD,      /* a field has the wrong format */
	SYNC_ERR_CONFIG,         /* configuration file: see the message */
	SYNC_ERR_REPLY_TOO_BIG,  /* server reply larger than allowed */
	SYNC_ERR_REPLY_JSON,     /* server reply is not valid JSON */
	SYNC_ERR_REPLY_SHAPE,    /* server reply lacks a field or has a wrong type */
	SYNC_ERR_COUNT
};

/* Words a person can act on.  Never NULL. */
const char *sync_err_str(enum sync_err err);

/* Declared maxima, in bytes including the terminating NUL. */
#define SYNC_ID_MAX 64          /* order, appointment, visitor ids */
#define SYNC_NAME_MAX 128       /* one name field, UTF-8 */
#define SYNC_DATE_MAX 11        /* YYYY-MM-DD */
#define SYNC_COUNTRY_MAX 4      /* ICAO three-letter code */
#define SYNC_DOCNUM_MAX 32
#define SYNC_EMAIL_MAX 128
#define SYNC_MOBILE_MAX 32
#define SYNC_STATUS_MAX 32
#define SYNC_REASON_MAX 256
#define SYNC_IDEM_MAX 37        /* UUID text */
#define SYNC_FACE_MAX 600000   /* JPEG, as the contract allows */
#define SYNC_CURSOR_MAX 65
#define SYNC_SHORT_MAX 24       /* codes: card type, document type, verdicts */
#define SYNC_KEY_LEN 32

/* ---- the device key ---------------------------------------------------- */

struct sync_key {
	unsigned char bytes[SYNC_KEY_LEN];
};

/* Reads exactly 32 raw bytes from `path`, or, when `credential` is not
 * NULL, from $CREDENTIALS_DIRECTORY/<credential> (systemd LoadCredential=).
 * Exactly one of the two must be given. */
enum sync_err sync_key_load(const char *path, const char *credential,
                            struct sync_key *out);

/* Overwrites n bytes at p so the compiler cannot drop it. */
void sync_wipe(void *p, size_t n);

/* ---- the store -------------------------------------------------------- */

struct sync_store;

struct sync_store_options {
	int64_t order_max_age_s;   /* cached orders older than this are purged; 0: 86400 */
	int64_t audit_max_age_s;   /* audit entries older than this are purged; 0: 90 days */
};

/* Opens or creates the store at `path` and brings its schema to the
 * current version.  The key is copied (and subkeys derived); the caller may
 * wipe its copy at once.  `opts` may be NULL for the defaults. */
enum sync_err sync_store_open(const char *path, const struct sync_key *key,
                              const struct sync_store_options *opts,
                              struct sync_store **out);
void sync_store_close(struct sync_store *store);

/* The schema version this build writes. */
int sync_store_schema_version(void);

/* Groups many writes into one durable commit (pulls do this). */
enum sync_err sync_store_begin(struct sync_store *store);
enum sync_err sync_store_commit(struct sync_store *store);
void sync_store_rollback(struct sync_store *store);

/* Persistent key/value settings of the sync client (pull cursor etc.). */
enum sync_err sync_store_meta_get(struct sync_store *store, const char *name,
                                  char *value, size_t cap);
enum sync_err sync_store_meta_set(struct sync_store *store, const char *name,
                                  const char *value);

/* ---- cached orders ----------------------------------------------------- */

struct sync_order {
	char order_id[SYNC_ID_MAX];
	int64_t version;            /* server's version; a decision carries it */
	char status[SYNC_STATUS_MAX];
	char org_number[SYNC_SHORT_MAX];
	char company[SYNC_NAME_MAX];
	char card_type[SYNC_SHORT_MAX];
	char valid_until[SYNC_DATE_MAX];
	int requires_residence_permit;
	/* The cardholder as the orderer typed it: encrypted at rest. */
	char surname[SYNC_NAME_MAX];
	char given_names[SYNC_NAME_MAX];
	char birth_date[SYNC_DATE_MAX];
	char nationality[SYNC_COUNTRY_MAX];
	char identification_number[SYNC_DOCNUM_MAX];
	char coordination_number[SYNC_SHORT_MAX];
	char email[SYNC_EMAIL_MAX];
	char mobile[SYNC_MOBILE_MAX];
	int64_t fetched_at;         /* unix seconds, set by the store */
};

/* Inserts or replaces an order (by order_id). */
enum sync_err sync_orders_put(struct sync_store *store, const struct sync_order *order);
enum sync_err sync_orders_delete(struct sync_store *store, const char *order_id);
/* Drops every cached order (the server asked for a fresh snapshot). */
enum sync_err sync_orders_clear(struct sync_store *store);
enum sync_err sync_orders_get(struct sync_store *store, const char *order_id,
                              struct sync_order *out);
enum sync_err sync_orders_count(struct sync_store *store, int64_t *out);

#define SYNC_MATCH_MAX 16
struct sync_order_list {
	size_t count;
	int truncated;              /* more than SYNC_MATCH_MAX matched */
	struct sync_order items[SYNC_MATCH_MAX];
};

/* Pending orders whose birth date is `birth_date`, through a blind index:
 * "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when the document leaves the day or
 * the month unknown.  The kiosk compares the names itself. */
enum sync_err sync_orders_find_by_birth_date(struct sync_store *store,
                                             const char *birth_date,
                                             struct sync_order_list *out);

/* The same answer by decrypting every cached order: the baseline the
 * benchmark compares the index against, and a cross-check in tests. */
enum sync_err sync_orders_find_by_birth_date_scan(struct sync_store *store,
                                                  const char *birth_date,
                                                  struct sync_order_list *out);

/* ---- appointments ------------------------------------------------------ */

enum sync_appt_state {
	SYNC_APPT_BOOKED = 0,
	SYNC_APPT_CHECKED_IN,
	SYNC_APPT_NO_SHOW,
	SYNC_APPT_DONE,
};
const char *sync_appt_state_name(enum sync_appt_state state);

struct sync_appt {
	char appt_id[SYNC_ID_MAX];
	char site[SYNC_ID_MAX];
	char site_name[SYNC_NAME_MAX];
	int64_t starts_at;              /* unix seconds */
	int64_t ends_at;
	char order_id[SYNC_ID_MAX];     /* booked order */
	char display_name[SYNC_NAME_MAX * 2]; /* "given surname", for staff; encrypted at rest */
	enum sync_appt_state state;     /* kept across re-pulls */
	char visitor_order_id[SYNC_ID_MAX]; /* order linked at the kiosk */
	int64_t updated_at;
};

enum sync_err sync_appts_put(struct sync_store *store, const struct sync_appt *appt);

#define SYNC_APPT_LIST_MAX 64
struct sync_appt_list {
	size_t count;
	int truncated;
	struct sync_appt items[SYNC_APPT_LIST_MAX];
};

/* Appointments with from <= starts_at < to, by start time. */
enum sync_err sync_appts_list(struct sync_store *store, int64_t from, int64_t to,
                              struct sync_appt_list *out);

/* Marks check-in, no-show or done; `visitor_order_id` (may be NULL) links
 * the order the kiosk matched.  Audited; a check-in or a no-show is also
 * queued in the outbox (appointment_checked_in / appointment_no_show, with
 * the visitor's order when linked) in the same transaction, so the mark
 * reaches the server (POST /v1/appointments/{id}/attendance). */
enum sync_err sync_appts_mark(struct sync_store *store, const char *appt_id,
                              enum sync_appt_state state,
                              const char *visitor_order_id);

/* ---- the outbox -------------------------------------------------------- */

enum sync_result_kind {
	SYNC_RESULT_IDENTITY_VERIFIED = 1,  /* POST /v1/orders/{id}/identity-verification */
	SYNC_RESULT_ACCOUNT_CREATED,        /* POST /v1/orders/{id}/account */
	SYNC_RESULT_ORDER_CONFIRMED,        /* POST /v1/orders/{id}/decision, confirm */
	SYNC_RESULT_ORDER_REJECTED,         /* POST /v1/orders/{id}/decision, reject */
	SYNC_RESULT_APPT_CHECKED_IN,        /* POST /v1/appointments/{id}/attendance */
	SYNC_RESULT_APPT_NO_SHOW,           /* the same, no_show */
};
const char *sync_result_kind_name(enum sync_result_kind kind);
/* Parses a name from sync_result_kind_name(); 0 when unknown. */
enum sync_result_kind sync_result_kind_parse(const char *name);

enum sync_verdict {
	SYNC_VERDICT_NOT_PERFORMED = 0,
	SYNC_VERDICT_PASSED,
	SYNC_VERDICT_FAILED,
	SYNC_VERDICT_NOT_SUPPORTED,
};
const char *sync_verdict_name(enum sync_verdict v);

struct sync_document {
	char type[SYNC_SHORT_MAX];          /* passport, id_card, residence_permit; "" = none */
	char issuing_state[SYNC_COUNTRY_MAX];
	char number[SYNC_DOCNUM_MAX];       /* as in the MRZ, fillers removed */
	char expiry[SYNC_DATE_MAX];
};

/* One result for the ID06 side.  Which fields count depends on kind. */
struct sync_result {
	enum sync_result_kind kind;
	char order_id[SYNC_ID_MAX];  /* appointment marks: the visitor's order, "" = none */
	char appt_id[SYNC_ID_MAX];   /* appointment marks only */
	int64_t order_version;       /* the version matched / shown to the cardholder */
	int64_t at;                  /* when it happened (unix s); 0: now, at enqueue */
	/* identity verified */
	struct sync_document document;
	struct sync_document residence_permit;  /* third-country nationals */
	char surname[SYNC_NAME_MAX];            /* holder, as read from the document */
	char given_names[SYNC_NAME_MAX];
	char birth_date[SYNC_DATE_MAX];
	char nationality[SYNC_COUNTRY_MAX];
	int mrz_ok, chip_read;
	char access[SYNC_SHORT_MAX];            /* how the chip was opened: BAC, PACE-ECDH-GM; "" unknown */
	enum sync_verdict passive_auth, chip_auth, active_auth;
	const unsigned char *face;   /* JPEG; borrowed for the call; may be NULL */
	size_t face_len;             /* <= SYNC_FACE_MAX */
	/* account created */
	char email[SYNC_EMAIL_MAX];
	char mobile[SYNC_MOBILE_MAX];
	char language[SYNC_SHORT_MAX];
	/* order rejected */
	char reason_code[SYNC_SHORT_MAX];  /* wrong_name, wrong_date_of_birth, ... other */
	char reason[SYNC_REASON_MAX * 2];  /* the cardholder's words, <= 500 bytes */
};

/* Queues a result durably (the call returns after the commit reached the
 * disk) under a fresh idempotency key, copied to idem_key (may be NULL). */
enum sync_err sync_outbox_enqueue(struct sync_store *store,
                                  const struct sync_result *result,
                                  char idem_key[SYNC_IDEM_MAX]);

enum sync_outbox_state {
	SYNC_OUTBOX_PENDING = 0,
	SYNC_OUTBOX_FAILED,          /* refused by the server: staff must act */
	SYNC_OUTBOX_CONFLICT,        /* order changed while offline */
};
const char *sync_outbox_state_name(enum sync_outbox_state state);

/* One outbox entry to push, decrypted; wipe with sync_outbox_item_fini. */
struct sync_outbox_item {
	int64_t seq;                 /* push order */
	char idem_key[SYNC_IDEM_MAX];
	int64_t attempts;
	int64_t created_at;
	struct sync_result result;   /* result.face is owned by the item */
};
void sync_outbox_item_fini(struct sync_outbox_item *item);

/* The oldest pending entry (SYNC_ERR_NOT_FOUND when none).  Entries wait
 * their turn in order: the oldest is returned even when not yet due;
 * *due_at tells when it may be tried (unix milliseconds). */
enum sync_err sync_outbox_peek(struct sync_store *store,
                               struct sync_outbox_item *item, int64_t *due_at);

/* The server acknowledged the entry: delete it with its personal data and
 * write an audit record. */
enum sync_err sync_outbox_ack(struct sync_store *store, int64_t seq,
                              const char *server_ref);
/* A transient failure: try again at next_at (unix milliseconds). */
enum sync_err sync_outbox_retry_later(struct sync_store *store, int64_t seq,
                                      int64_t next_at, int http_status,
                                      const char *error);
/* A permanent refusal: the entry leaves the queue for staff. */
enum sync_err sync_outbox_refuse(struct sync_store *store, int64_t seq,
                                 enum sync_outbox_state state, int http_status,
                                 const char *reason);
/* Staff: put a refused entry back in the queue, or drop it (and its data). */
enum sync_err sync_outbox_requeue(struct sync_store *store, const char *idem_key);
enum sync_err sync_outbox_dismiss(struct sync_store *store, const char *idem_key);

struct sync_failure {
	char idem_key[SYNC_IDEM_MAX];
	enum sync_result_kind kind;
	char order_id[SYNC_ID_MAX];
	enum sync_outbox_state state;
	int http_status;
	char reason[SYNC_REASON_MAX];
	int64_t at;
};
#define SYNC_FAILURE_LIST_MAX 64
struct sync_failure_list {
	size_t count;
	int truncated;
	struct sync_failure items[SYNC_FAILURE_LIST_MAX];
};
enum sync_err sync_outbox_failures(struct sync_store *store,
                                   struct sync_failure_list *out);

/* ---- status ------------------------------------------------------------ */

struct sync_status {
	int64_t pending;
	int64_t failed;
	int64_t conflict;
	int64_t acked_total;
	int64_t orders_cached;
	int64_t last_success_at;     /* unix seconds, 0: never */
	int64_t last_attempt_at;
	char last_error[SYNC_REASON_MAX];
};
enum sync_err sync_status_get(struct sync_store *store, struct sync_status *out);
/* Recorded by the sync client after each exchange (error NULL: success). */
enum sync_err sync_status_note(struct sync_store *store, int64_t at, const char *error);

/* ---- the audit log ----------------------------------------------------- */

/* Audit entries hold what happened, when and to which order/entry: never
 * names, birth dates, document numbers or images. */
struct sync_audit {
	int64_t id;
	int64_t at;
	char event[SYNC_STATUS_MAX];
	char ref[SYNC_ID_MAX];       /* order id or idempotency key */
	char detail[SYNC_REASON_MAX];
};
enum sync_err sync_audit_append(struct sync_store *store, const char *event,
                                const char *ref, const char *detail);

#define SYNC_AUDIT_LIST_MAX 64
struct sync_audit_list {
	size_t count;
	int truncated;
	struct sync_audit items[SYNC_AUDIT_LIST_MAX];
};
/* Entries with id > after_id, oldest first. */
enum sync_err sync_audit_read(struct sync_store *store, int64_t after_id,
                              struct sync_audit_list *out);

/* ---- retention --------------------------------------------------------- */

struct sync_purge_counts {
	int64_t orders;
	int64_t appts;
	int64_t audit;
};
/* Deletes cached orders and appointments older than order_max_age_s and
 * audit entries older than audit_max_age_s, as of `now`. */
enum sync_err sync_store_purge(struct sync_store *store, int64_t now,
                               struct sync_purge_counts *out);

/* ---- configuration ------------------------------------------------------ */

/* One file, "name = value" lines, '#' comments; see sync/README.md. */
#define SYNC_PATH_MAX 1024
struct sync_config {
	char server_url[SYNC_PATH_MAX];   /* https://host:port/v1 */
	char ca_file[SYNC_PATH_MAX];      /* the only CA trusted for the server */
	char cert_file[SYNC_PATH_MAX];    /* this kiosk's client certificate */
	char key_file[SYNC_PATH_MAX];     /* and its private key */
	char store_path[SYNC_PATH_MAX];
	char store_key_file[SYNC_PATH_MAX];      /* 32 raw bytes, or: */
	char store_key_credential[SYNC_ID_MAX];  /* systemd credential name */
	char site[SYNC_ID_MAX];           /* appointments of this site ("" = all) */
	int64_t connect_timeout_ms;       /* default 5000 */
	int64_t request_timeout_ms;       /* default 30000 */
	int64_t backoff_base_ms;          /* default 1000 */
	int64_t backoff_cap_ms;           /* default 300000 */
	int64_t poll_interval_ms;         /* default 60000 */
	int64_t page_size;                /* default 200 */
	int64_t order_max_age_s;          /* default 86400 */
	int64_t audit_max_age_s;          /* default 90 days */
	/* The kiosk's own settings (kiosk_*), read only by id06-kiosk; they
	 * live here so one parser checks the one file. */
	struct sync_kiosk_config {
		char camera[SYNC_PATH_MAX];   /* /dev/videoN, video:FILE or images:DIR;
		                               * default /dev/video0 */
		char nfc[SYNC_PATH_MAX];      /* libnfc connstring; "" = libnfc's default */
		int64_t idle_s;               /* default 60 */
		int64_t warning_s;            /* default 20 */
		int64_t chip_s;               /* default 30 */
		int64_t lookup_s;             /* default 10 */
		int64_t done_s;               /* default 15 */
		char languages[64];           /* "en,sv,pl"; "" = every translation file */
		char language[8];             /* the start screen's language; default "en" */
		char office[SYNC_ID_MAX];     /* this kiosk's office id ("" = none) */
		char staff_pin_file[SYNC_PATH_MAX]; /* "" = staff mode closed */
		int64_t dpi;                  /* 0 = ask SDL */
		int64_t width, height;        /* window size; 0 = fullscreen (default) */
		int64_t bac_fallback;         /* 1 (default): BAC allowed when PACE is not */
		char csca_dir[SYNC_PATH_MAX]; /* CSCA trust store; "" = /etc/id06-kiosk/csca */
	} kiosk;
};

/* Parses a configuration text; on SYNC_ERR_CONFIG `msg` says which line
 * and setting is wrong and what is expected. */
enum sync_err sync_config_parse(const char *text, size_t len, struct sync_config *out,
                                char *msg, size_t msg_cap);
enum sync_err sync_config_load(const char *path, struct sync_config *out,
                               char *msg, size_t msg_cap);
/* Loads the store key the configuration names. */
enum sync_err sync_config_key(const struct sync_config *cfg, struct sync_key *out);
/* Opens the store the configuration names, with its key (wiped before this
 * returns) and its retention settings.  On error *key_failed (may be NULL)
 * says whether the key, rather than the store file, was the problem. */
enum sync_err sync_config_open_store(const struct sync_config *cfg, struct sync_store **out,
                                     int *key_failed);

#ifdef __cplusplus
}
#endif
#endif
