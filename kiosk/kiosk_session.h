/* kiosk_session.h - the cardholder's session as a pure state machine.
 *
 * kiosk_session_step(session, event, actions) changes the session and lists
 * what the devices, the store and the screen must do; it never sleeps, reads
 * a clock or touches a device.  Time arrives as events (KIOSK_EV_TICK with
 * now_ms), device results arrive as events, and the driver (kiosk_main.c or
 * the headless driver) carries out the actions.  So every path, timeouts
 * included, is tested by feeding events. */
#ifndef ID06_KIOSK_SESSION_H
#define ID06_KIOSK_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "kiosk_match.h"
#include "mrz.h"
#include "ui.h"

enum kiosk_state {
	KIOSK_IDLE = 0,         /* attract screen, language choice */
	KIOSK_DOCUMENT,         /* waiting for the MRZ from the camera */
	KIOSK_CHIP,             /* reading the chip */
	KIOSK_CHIP_PROBLEM,     /* a read failed: retry or ask staff */
	KIOSK_CAN,              /* the document needs its card access number */
	KIOSK_VERIFIED,         /* face and name shown: continue */
	KIOSK_MATCHING,         /* waiting for the order candidates */
	KIOSK_NO_ORDER,         /* nothing matches: the orderer must correct */
	KIOSK_CHOOSE_ORDER,     /* several orders match */
	KIOSK_CONTACT,          /* masked e-mail and mobile for the account */
	KIOSK_SUMMARY,          /* the order: accept or reject */
	KIOSK_REJECT_REASON,
	KIOSK_DONE,
	KIOSK_OUT_OF_ORDER,     /* a device is missing */
	KIOSK_STAFF_PIN,
	KIOSK_STAFF_MENU,
	KIOSK_STAFF_APPOINTMENTS,
	KIOSK_STAFF_MANUAL_MRZ,
	KIOSK_STAFF_DEVICES,
	KIOSK_STAFF_SYNC,
	KIOSK_STAFF_AUDIT,
	KIOSK_STATE_COUNT
};
const char *kiosk_state_name(enum kiosk_state state);

/* Which document the session is on: the identity document, then, for a
 * third-country national, the EU residence permit card. */
enum kiosk_doc_phase {
	KIOSK_PHASE_IDENTITY = 0,
	KIOSK_PHASE_PERMIT,
};

/* Why a chip read failed, as the reader reports it. */
enum kiosk_chip_failure {
	KIOSK_CHIP_NO_CARD = 1,    /* nothing answered */
	KIOSK_CHIP_LOST,           /* the document left the field */
	KIOSK_CHIP_ACCESS_DENIED,  /* the key does not fit */
	KIOSK_CHIP_NEEDS_CAN,      /* PACE with the CAN only */
	KIOSK_CHIP_ERROR,          /* anything else: a hostile or broken chip */
	KIOSK_CHIP_CAN_REFUSED,    /* the chip refused the CAN typed */
};

/* Wrong CANs a cardholder may type in one session before staff must help.
 * A guess is one in a million, so the limit is for the person, who mistyped
 * or reads the wrong number, not for the chip. */
#define KIOSK_MAX_CAN_TRIES 3

enum kiosk_verdict {
	KIOSK_VERDICT_GENUINE = 0,  /* passive auth + chip/active auth */
	KIOSK_VERDICT_NOT_PROVEN,   /* passive auth only, nothing failed */
	KIOSK_VERDICT_FAILED,
};

/* What the chip reader reports when it finished. */
struct kiosk_chip_report {
	enum kiosk_verdict verdict;
	bool dg1_matches_mrz;       /* DG1 equals the MRZ the key came from */
	struct mrz_result dg1;      /* the chip's MRZ */
	char access[24];            /* "BAC", "PACE-ECDH-GM" ... */
	char passive_auth[16];      /* "valid", "failed", ... for the evidence */
	char chip_auth[16];
	char active_auth[16];
	bool has_face;
};

/* Events.  Exactly one payload is meaningful per type. */
enum kiosk_event_type {
	KIOSK_EV_TICK = 0,        /* now_ms */
	KIOSK_EV_BUTTON,          /* button */
	KIOSK_EV_ACTIVITY,        /* a touch anywhere: resets the idle timer */
	KIOSK_EV_MRZ,             /* mrz: agreed result from camera or staff entry */
	KIOSK_EV_CHIP_PROGRESS,   /* permille */
	KIOSK_EV_CHIP_DONE,       /* chip */
	KIOSK_EV_CHIP_FAILED,     /* failure */
	KIOSK_EV_CANDIDATES,      /* orders: candidate orders for the person */
	KIOSK_EV_DEVICES,         /* camera_present, reader_present */
	KIOSK_EV_PIN_CHECKED,     /* pin_ok */
	KIOSK_EV_ENQUEUED,        /* the outbox accepted the result (ok) */
};

#define KIOSK_MAX_CANDIDATES 16

struct kiosk_event {
	enum kiosk_event_type type;
	uint64_t now_ms;                 /* every event carries the time (monotonic) */
	int today;                       /* the date as YYYYMMDD, 0 = unchanged */
	char button[32];
	const struct mrz_result *mrz;    /* borrowed for the call */
	int permille;
	enum kiosk_chip_failure failure;
	const struct kiosk_chip_report *chip;        /* borrowed for the call */
	int order_count;
	const struct kiosk_order *orders;            /* borrowed for the call */
	bool camera_present, reader_present;
	bool pin_ok;
	bool ok;
};

/* Actions, in the order the driver must carry them out. */
enum kiosk_action_type {
	KIOSK_ACT_CAMERA_START = 1,
	KIOSK_ACT_CAMERA_STOP,
	KIOSK_ACT_CHIP_READ_MRZ,    /* read the chip with the session's MRZ */
	KIOSK_ACT_CHIP_READ_CAN,    /* read the chip with the session's CAN */
	KIOSK_ACT_CHIP_CANCEL,
	KIOSK_ACT_LOOKUP_ORDERS,    /* candidates for the session's person */
	KIOSK_ACT_ENQUEUE_VERIFIED, /* identity verified, with evidence and face */
	KIOSK_ACT_ENQUEUE_ACCOUNT,  /* create the cardholder's account */
	KIOSK_ACT_ENQUEUE_CONFIRM,  /* the chosen order, accepted */
	KIOSK_ACT_ENQUEUE_REJECT,   /* the chosen order, rejected with reason */
	KIOSK_ACT_CHECK_PIN,        /* staff PIN digits are in the session */
	KIOSK_ACT_LOAD_STAFF_LIST,  /* fill the staff screen's lines */
	KIOSK_ACT_APPOINTMENT,      /* detail: "checkin:N" / "noshow:N" / "link:N" (check in
	                             * with the session's visitor_order as the visitor) */
	KIOSK_ACT_AUDIT,            /* detail: what happened, no personal data */
	KIOSK_ACT_WIPE,             /* wipe personal data everywhere (driver side) */
};

#define KIOSK_MAX_ACTIONS 12

struct kiosk_action {
	enum kiosk_action_type type;
	char detail[48];
};

struct kiosk_actions {
	int count;
	struct kiosk_action list[KIOSK_MAX_ACTIONS];
};

/* Timeouts in milliseconds; kiosk_config fills them from the config file. */
struct kiosk_timeouts {
	uint32_t idle_ms;         /* no touch for this long: warn, then reset */
	uint32_t warning_ms;      /* how long the warning shows before the reset */
	uint32_t chip_ms;         /* a chip read that takes longer fails */
	uint32_t lookup_ms;       /* waiting for order candidates */
	uint32_t done_ms;         /* the done screen, then reset */
	uint32_t pin_lock_ms;     /* staff PIN lock after too many failures */
	int pin_max_failures;
};
void kiosk_timeouts_default(struct kiosk_timeouts *t);

#define KIOSK_MAX_REJECT_REASONS 5  /* the UI's reason:0 .. reason:4 */

struct kiosk_session {
	enum kiosk_state state;
	enum kiosk_doc_phase phase;
	char language[8];
	char home_language[8];        /* the start screen's language: every reset
	                               * returns to it (kiosk_language) */
	struct kiosk_timeouts timeouts;

	uint64_t now_ms;
	int today;                    /* YYYYMMDD, for expiry checks */
	uint64_t state_since_ms;      /* when the state was entered */
	uint64_t last_activity_ms;    /* last touch */
	bool warning;                 /* the timeout warning is showing */

	bool camera_present, reader_present;

	/* Personal data of the session: wiped at every reset. */
	struct mrz_result mrz;              /* the identity document, as read */
	struct kiosk_chip_report chip;      /* its chip */
	struct mrz_result permit_mrz;       /* third-country nationals */
	struct kiosk_chip_report permit_chip;
	bool manual_mrz;                    /* typed by staff, not read by camera */
	char can[8];                        /* the card access number typed */
	int can_refusals;                   /* wrong CANs this session */
	int chip_permille;
	enum kiosk_chip_failure chip_failure;
	enum ui_problem problem;
	int match_count;
	struct kiosk_match matches[KIOSK_MAX_CANDIDATES]; /* matching orders */
	int near_miss_count;                /* for staff only */
	struct kiosk_match near_misses[KIOSK_MAX_CANDIDATES];
	int chosen;                         /* index in matches, -1 none */
	int reject_reason;                  /* 1.. */
	int chip_attempts;

	/* Staff mode: not personal data, kept across cardholder resets. */
	char pin_digits[16];
	bool pin_check_pending;             /* a CHECK_PIN awaits its answer */
	int pin_failures;
	uint64_t pin_locked_until_ms;
	enum kiosk_state staff_return;      /* where "back" from staff goes */
	char mrz_entry[3 * 45];             /* staff manual entry (personal: wiped) */
	int staff_selected;
	/* The order of the last person verified, for staff to link to an
	 * appointment ("link:N" on the appointments screen): an order id only
	 * (as the audit log holds), kept across the reset for
	 * KIOSK_VISITOR_LINK_MS or until the next document is read. */
	char visitor_order[64];
	uint64_t visitor_until_ms;
};

#define KIOSK_VISITOR_LINK_MS (10u * 60u * 1000u)

/* A new session in KIOSK_IDLE at time now_ms, language "en". */
void kiosk_session_init(struct kiosk_session *s, const struct kiosk_timeouts *t,
                        uint64_t now_ms, int today);

/* Sets the language every reset returns to (a known code; "en" at init),
 * and the current one when nobody is using the kiosk. */
void kiosk_session_set_home_language(struct kiosk_session *s, const char *code);

/* The state machine.  *actions is emptied first. */
void kiosk_session_step(struct kiosk_session *s, const struct kiosk_event *ev,
                        struct kiosk_actions *actions);

/* The screen for the session (everything but staff list lines, the camera
 * frame and the face image, which the driver adds). */
void kiosk_session_view(const struct kiosk_session *s, struct ui_view *view);

/* Whether the session holds no personal data (after a reset). */
bool kiosk_session_is_clean(const struct kiosk_session *s);

#endif
