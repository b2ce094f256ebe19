/* kiosk_session.c - the session state machine: no I/O, no clock, no sleep. */
#include "kiosk_session.h"

#include <stdio.h>
#include <string.h>

static const char *const state_names[KIOSK_STATE_COUNT] = {
	[KIOSK_IDLE] = "idle",
	[KIOSK_DOCUMENT] = "document",
	[KIOSK_CHIP] = "chip",
	[KIOSK_CHIP_PROBLEM] = "chip_problem",
	[KIOSK_CAN] = "can",
	[KIOSK_VERIFIED] = "verified",
	[KIOSK_MATCHING] = "matching",
	[KIOSK_NO_ORDER] = "no_order",
	[KIOSK_CHOOSE_ORDER] = "choose_order",
	[KIOSK_CONTACT] = "contact",
	[KIOSK_SUMMARY] = "summary",
	[KIOSK_REJECT_REASON] = "reject_reason",
	[KIOSK_DONE] = "done",
	[KIOSK_OUT_OF_ORDER] = "out_of_order",
	[KIOSK_STAFF_PIN] = "staff_pin",
	[KIOSK_STAFF_MENU] = "staff_menu",
	[KIOSK_STAFF_APPOINTMENTS] = "staff_appointments",
	[KIOSK_STAFF_MANUAL_MRZ] = "staff_manual_mrz",
	[KIOSK_STAFF_DEVICES] = "staff_devices",
	[KIOSK_STAFF_SYNC] = "staff_sync",
	[KIOSK_STAFF_AUDIT] = "staff_audit",
};

const char *kiosk_state_name(enum kiosk_state state)
{
	if ((unsigned)state < KIOSK_STATE_COUNT && state_names[state])
		return state_names[state];
	return "unknown";
}

void kiosk_timeouts_default(struct kiosk_timeouts *t)
{
	t->idle_ms = 60000;
	t->warning_ms = 20000;
	t->chip_ms = 30000;
	t->lookup_ms = 10000;
	t->done_ms = 15000;
	t->pin_lock_ms = 5 * 60000;
	t->pin_max_failures = 5;
}

static const char *const languages[] = {"en", "sv", "pl", "lt", "lv", "et", "ro", "uk", "ru"};

static bool language_known(const char *code)
{
	for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
		if (strcmp(languages[i], code) == 0)
			return true;
	return false;
}

static void act(struct kiosk_actions *a, enum kiosk_action_type type, const char *detail)
{
	/* The list is sized for the longest transition; dropping an action
	 * silently would be a bug, so the last slot is never overwritten. */
	if (a->count >= KIOSK_MAX_ACTIONS)
		return;
	struct kiosk_action *x = &a->list[a->count++];
	x->type = type;
	snprintf(x->detail, sizeof x->detail, "%s", detail ? detail : "");
}

static void enter(struct kiosk_session *s, enum kiosk_state state)
{
	s->state = state;
	s->state_since_ms = s->now_ms;
	s->warning = false;
}

static bool is_staff_state(enum kiosk_state st)
{
	return st >= KIOSK_STAFF_PIN && st <= KIOSK_STAFF_AUDIT;
}

static bool devices_ok(const struct kiosk_session *s)
{
	return s->camera_present && s->reader_present;
}

/* volatile so the compiler cannot drop the stores as dead. */
static void wipe_bytes(void *p, size_t n)
{
	volatile unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		b[i] = 0;
}

/* Personal data only; staff counters and device state survive. */
static void wipe_personal(struct kiosk_session *s)
{
	mrz_result_wipe(&s->mrz);
	mrz_result_wipe(&s->permit_mrz);
	wipe_bytes(&s->chip, sizeof s->chip);
	wipe_bytes(&s->permit_chip, sizeof s->permit_chip);
	wipe_bytes(s->matches, sizeof s->matches);
	wipe_bytes(s->near_misses, sizeof s->near_misses);
	wipe_bytes(s->can, sizeof s->can);
	s->can_refusals = 0;
	wipe_bytes(s->mrz_entry, sizeof s->mrz_entry);
	wipe_bytes(s->pin_digits, sizeof s->pin_digits);
	s->phase = KIOSK_PHASE_IDENTITY;
	s->manual_mrz = false;
	s->chip_permille = 0;
	s->chip_failure = 0;
	s->problem = UI_PROBLEM_NONE;
	s->match_count = 0;
	s->near_miss_count = 0;
	s->chosen = -1;
	s->reject_reason = 0;
	s->chip_attempts = 0;
	s->staff_selected = -1;
}

/* Back to the start: stop the devices, wipe everything of the person. */
static void reset(struct kiosk_session *s, struct kiosk_actions *a, const char *why)
{
	if (s->state == KIOSK_DOCUMENT)
		act(a, KIOSK_ACT_CAMERA_STOP, NULL);
	if (s->state == KIOSK_CHIP)
		act(a, KIOSK_ACT_CHIP_CANCEL, NULL);
	wipe_personal(s);
	act(a, KIOSK_ACT_WIPE, NULL);
	act(a, KIOSK_ACT_AUDIT, why);
	snprintf(s->language, sizeof s->language, "%s", s->home_language);
	enter(s, devices_ok(s) ? KIOSK_IDLE : KIOSK_OUT_OF_ORDER);
	s->last_activity_ms = s->now_ms;
}

void kiosk_session_init(struct kiosk_session *s, const struct kiosk_timeouts *t,
                        uint64_t now_ms, int today)
{
	memset(s, 0, sizeof *s);
	if (t)
		s->timeouts = *t;
	else
		kiosk_timeouts_default(&s->timeouts);
	s->now_ms = now_ms;
	s->today = today;
	s->last_activity_ms = now_ms;
	s->state_since_ms = now_ms;
	s->camera_present = true;
	s->reader_present = true;
	s->chosen = -1;
	s->staff_selected = -1;
	snprintf(s->home_language, sizeof s->home_language, "en");
	snprintf(s->language, sizeof s->language, "en");
}

void kiosk_session_set_home_language(struct kiosk_session *s, const char *code)
{
	if (!language_known(code))
		return;
	snprintf(s->home_language, sizeof s->home_language, "%s", code);
	if (s->state == KIOSK_IDLE)
		snprintf(s->language, sizeof s->language, "%s", code);
}

static int date_ymd(const struct mrz_date *d)
{
	return d->year * 10000 + d->month * 100 + d->day;
}

static bool is_identity_document(const struct mrz_result *m)
{
	/* Passports (TD3, code P) and ID cards (TD1/TD2, codes A, C, I).
	 * Visas are not identity documents. */
	if (m->format == MRZ_TD3)
		return m->document_code[0] == 'P';
	if (m->format == MRZ_TD1 || m->format == MRZ_TD2)
		return strchr("ACI", m->document_code[0]) != NULL;
	return false;
}

static bool same_person(const struct mrz_result *a, const struct mrz_result *b)
{
	return strcmp(a->surname, b->surname) == 0 &&
	       strcmp(a->given_names, b->given_names) == 0 &&
	       strcmp(a->birth_date.raw, b->birth_date.raw) == 0;
}

static void start_chip_read(struct kiosk_session *s, struct kiosk_actions *a, bool with_can)
{
	s->chip_permille = 0;
	s->chip_attempts++;
	act(a, with_can ? KIOSK_ACT_CHIP_READ_CAN : KIOSK_ACT_CHIP_READ_MRZ, NULL);
	enter(s, KIOSK_CHIP);
}

static void problem(struct kiosk_session *s, struct kiosk_actions *a, enum ui_problem p,
                    const char *audit)
{
	s->problem = p;
	act(a, KIOSK_ACT_AUDIT, audit);
	enter(s, KIOSK_CHIP_PROBLEM);
}

/* A document's MRZ was read (camera, or staff typed it). */
static void on_mrz(struct kiosk_session *s, const struct mrz_result *m, bool manual,
                   struct kiosk_actions *a)
{
	if (!m || !m->valid)
		return; /* the reader reports only agreed, valid reads; ignore others */
	if (!manual)
		act(a, KIOSK_ACT_CAMERA_STOP, NULL);
	if (s->phase == KIOSK_PHASE_IDENTITY) {
		/* Someone new at the kiosk: the last visitor is no longer the
		 * one staff would link. */
		memset(s->visitor_order, 0, sizeof s->visitor_order);
		s->visitor_until_ms = 0;
		s->mrz = *m;
		s->manual_mrz = manual;
		if (!is_identity_document(m)) {
			problem(s, a, UI_PROBLEM_NOT_ACCEPTED, "document not accepted");
			return;
		}
	} else {
		s->permit_mrz = *m;
		if (m->format != MRZ_TD1 || !same_person(&s->mrz, m)) {
			problem(s, a, UI_PROBLEM_PERMIT_MISMATCH, "permit card does not match");
			return;
		}
	}
	if (s->today && date_ymd(&m->expiry_date) < s->today) {
		problem(s, a, UI_PROBLEM_EXPIRED, "document expired");
		return;
	}
	s->chip_attempts = 0;
	start_chip_read(s, a, false);
}

static void on_chip_done(struct kiosk_session *s, const struct kiosk_chip_report *r,
                         struct kiosk_actions *a)
{
	if (!r)
		return;
	struct kiosk_chip_report *dst = s->phase == KIOSK_PHASE_IDENTITY ? &s->chip : &s->permit_chip;
	*dst = *r;
	if (r->verdict == KIOSK_VERDICT_FAILED) {
		problem(s, a, UI_PROBLEM_NOT_GENUINE, "chip verification failed");
		return;
	}
	if (!r->dg1_matches_mrz) {
		problem(s, a, UI_PROBLEM_DG1_MISMATCH, "chip MRZ differs from printed MRZ");
		return;
	}
	/* The CAN opened this document only; a permit card has its own. */
	wipe_bytes(s->can, sizeof s->can);
	s->can_refusals = 0;
	act(a, KIOSK_ACT_AUDIT, s->phase == KIOSK_PHASE_IDENTITY ? "identity chip verified"
	                                                          : "permit chip verified");
	if (s->phase == KIOSK_PHASE_IDENTITY) {
		enter(s, KIOSK_VERIFIED);
	} else {
		act(a, KIOSK_ACT_LOOKUP_ORDERS, NULL);
		enter(s, KIOSK_MATCHING);
	}
}

static void on_chip_failed(struct kiosk_session *s, enum kiosk_chip_failure f,
                           struct kiosk_actions *a)
{
	s->chip_failure = f;
	switch (f) {
	case KIOSK_CHIP_NEEDS_CAN:
		wipe_bytes(s->can, sizeof s->can);
		s->chip_attempts = 0; /* reads with the CAN start their own count */
		act(a, KIOSK_ACT_AUDIT, "chip needs CAN");
		enter(s, KIOSK_CAN);
		return;
	case KIOSK_CHIP_CAN_REFUSED:
		wipe_bytes(s->can, sizeof s->can);
		if (++s->can_refusals < KIOSK_MAX_CAN_TRIES) {
			act(a, KIOSK_ACT_AUDIT, "chip refused the CAN");
			enter(s, KIOSK_CAN); /* the screen says the number was wrong */
			return;
		}
		/* Problem "none": something went wrong, ask the staff; no retry. */
		problem(s, a, UI_PROBLEM_NONE, "chip refused the CAN too often: staff");
		return;
	case KIOSK_CHIP_NO_CARD:
		problem(s, a, UI_PROBLEM_NO_CHIP, "no chip answered");
		return;
	case KIOSK_CHIP_LOST:
		problem(s, a, UI_PROBLEM_MOVED_AWAY, "document moved during chip read");
		return;
	case KIOSK_CHIP_ACCESS_DENIED:
		problem(s, a, UI_PROBLEM_ACCESS_DENIED, "chip refused the access key");
		return;
	case KIOSK_CHIP_ERROR:
		break;
	}
	problem(s, a, UI_PROBLEM_NOT_GENUINE, "chip answered wrongly");
}

static void on_candidates(struct kiosk_session *s, const struct kiosk_order *orders, int count,
                          struct kiosk_actions *a)
{
	s->match_count = 0;
	s->near_miss_count = 0;
	for (int i = 0; i < count && orders; i++) {
		struct kiosk_match m;
		kiosk_match_order(&s->chip.dg1, &orders[i], &m);
		int distance = kiosk_match_distance(&m);
		if (distance == 0 && s->match_count < KIOSK_MAX_CANDIDATES)
			s->matches[s->match_count++] = m;
		else if (distance == 1 && s->near_miss_count < KIOSK_MAX_CANDIDATES)
			s->near_misses[s->near_miss_count++] = m;
		memset(&m, 0, sizeof m);
	}
	char line[48];
	snprintf(line, sizeof line, "orders matched: %d, near misses: %d", s->match_count,
	         s->near_miss_count);
	act(a, KIOSK_ACT_AUDIT, line);
	if (s->match_count == 0) {
		enter(s, KIOSK_NO_ORDER);
	} else if (s->match_count == 1) {
		s->chosen = 0;
		enter(s, KIOSK_CONTACT);
	} else {
		enter(s, KIOSK_CHOOSE_ORDER);
	}
}

/* "key:7" -> '7'; 0 when the button is not a key. */
static char key_of(const char *button)
{
	if (strncmp(button, "key:", 4) == 0 && button[4] && !button[5])
		return button[4];
	return 0;
}

static int index_of(const char *button, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(button, prefix, n) != 0)
		return -1;
	int v = 0;
	const char *p = button + n;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 1000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static void append_char(char *buf, size_t cap, size_t max_len, char c)
{
	size_t n = strlen(buf);
	if (n < max_len && n + 1 < cap) {
		buf[n] = c;
		buf[n + 1] = '\0';
	}
}

static void delete_char(char *buf)
{
	size_t n = strlen(buf);
	if (n)
		buf[n - 1] = '\0';
}

static void open_staff_list(struct kiosk_session *s, enum kiosk_state st, const char *which,
                            struct kiosk_actions *a)
{
	s->staff_selected = -1;
	act(a, KIOSK_ACT_LOAD_STAFF_LIST, which);
	enter(s, st);
}

/* Staff may link the order of the person verified last to an
 * appointment for KIOSK_VISITOR_LINK_MS. */
static bool visitor_known(const struct kiosk_session *s)
{
	return s->visitor_order[0] && s->now_ms < s->visitor_until_ms;
}

static void on_staff_button(struct kiosk_session *s, const char *b, struct kiosk_actions *a)
{
	char c = key_of(b);
	switch (s->state) {
	case KIOSK_STAFF_PIN:
		if (c >= '0' && c <= '9') {
			append_char(s->pin_digits, sizeof s->pin_digits, 8, c);
		} else if (strcmp(b, "key:del") == 0) {
			delete_char(s->pin_digits);
		} else if (strcmp(b, "continue") == 0) {
			if (s->now_ms < s->pin_locked_until_ms || strlen(s->pin_digits) < 4) {
				memset(s->pin_digits, 0, sizeof s->pin_digits);
				break; /* locked or too short: the screen shows the refusal */
			}
			s->pin_check_pending = true;
			act(a, KIOSK_ACT_CHECK_PIN, NULL);
		} else if (strcmp(b, "back") == 0) {
			memset(s->pin_digits, 0, sizeof s->pin_digits);
			if (s->staff_return == KIOSK_IDLE || s->staff_return == KIOSK_OUT_OF_ORDER)
				enter(s, devices_ok(s) ? KIOSK_IDLE : KIOSK_OUT_OF_ORDER);
			else
				enter(s, s->staff_return);
		}
		break;
	case KIOSK_STAFF_MENU:
		if (strcmp(b, "menu:appointments") == 0)
			open_staff_list(s, KIOSK_STAFF_APPOINTMENTS, "appointments", a);
		else if (strcmp(b, "menu:manual_mrz") == 0) {
			memset(s->mrz_entry, 0, sizeof s->mrz_entry);
			enter(s, KIOSK_STAFF_MANUAL_MRZ);
		} else if (strcmp(b, "menu:devices") == 0)
			open_staff_list(s, KIOSK_STAFF_DEVICES, "devices", a);
		else if (strcmp(b, "menu:sync") == 0)
			open_staff_list(s, KIOSK_STAFF_SYNC, "sync", a);
		else if (strcmp(b, "menu:audit") == 0)
			open_staff_list(s, KIOSK_STAFF_AUDIT, "audit", a);
		else if (strcmp(b, "back") == 0) {
			act(a, KIOSK_ACT_AUDIT, "staff logout");
			reset(s, a, "session reset: staff exit");
		}
		break;
	case KIOSK_STAFF_APPOINTMENTS: {
		/* The UI's buttons carry the line: "checkin:<i>", "noshow:<i>",
		 * and "link:<i>" while a verified visitor's order is known (the
		 * appointment checked in with that order as its visitor). */
		static const char *const marks[] = {"checkin:", "noshow:", "link:"};
		enum { MARKS = sizeof marks / sizeof marks[0], LINK = 2 };
		int line = -1, m = 0;
		for (; m < MARKS; m++)
			if ((line = index_of(b, marks[m])) >= 0)
				break;
		if (line >= 0 && (m != LINK || visitor_known(s))) {
			char detail[48];
			s->staff_selected = line;
			snprintf(detail, sizeof detail, "%s%d", marks[m], line);
			act(a, KIOSK_ACT_APPOINTMENT, detail);
			act(a, KIOSK_ACT_LOAD_STAFF_LIST, "appointments");
		} else if (strcmp(b, "back") == 0) {
			enter(s, KIOSK_STAFF_MENU);
		}
		break;
	}
	case KIOSK_STAFF_MANUAL_MRZ:
		if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<') {
			append_char(s->mrz_entry, sizeof s->mrz_entry, sizeof s->mrz_entry - 1, c);
		} else if (strcmp(b, "key:newline") == 0) {
			append_char(s->mrz_entry, sizeof s->mrz_entry, sizeof s->mrz_entry - 1, '\n');
		} else if (strcmp(b, "key:del") == 0) {
			delete_char(s->mrz_entry);
		} else if (strcmp(b, "continue") == 0) {
			struct mrz_options opts = {s->today / 10000, s->today / 100 % 100, s->today % 100};
			struct mrz_result m;
			enum mrz_err err = mrz_parse(s->mrz_entry, strlen(s->mrz_entry), &opts, &m);
			if (err == MRZ_OK && m.valid) {
				/* The chip must still be read and verified: a typed
				 * MRZ is only the key, never the evidence. */
				act(a, KIOSK_ACT_AUDIT, "staff entered MRZ manually");
				s->phase = KIOSK_PHASE_IDENTITY;
				on_mrz(s, &m, true, a);
			} else {
				s->problem = UI_PROBLEM_ACCESS_DENIED; /* shown as "check the text" */
			}
			mrz_result_wipe(&m);
		} else if (strcmp(b, "back") == 0) {
			memset(s->mrz_entry, 0, sizeof s->mrz_entry);
			enter(s, KIOSK_STAFF_MENU);
		}
		break;
	case KIOSK_STAFF_DEVICES:
		if (strcmp(b, "refresh") == 0)
			act(a, KIOSK_ACT_LOAD_STAFF_LIST, "devices"); /* the driver scans again */
		else if (strcmp(b, "back") == 0)
			enter(s, KIOSK_STAFF_MENU);
		break;
	case KIOSK_STAFF_SYNC:
	case KIOSK_STAFF_AUDIT:
		if (strcmp(b, "back") == 0)
			enter(s, KIOSK_STAFF_MENU);
		break;
	default:
		break;
	}
}

/* The chosen order is now verified: staff may link it to an appointment. */
static void remember_visitor(struct kiosk_session *s)
{
	if (s->chosen < 0 || s->chosen >= s->match_count)
		return;
	snprintf(s->visitor_order, sizeof s->visitor_order, "%s",
	         s->matches[s->chosen].order.order_id);
	s->visitor_until_ms = s->now_ms + KIOSK_VISITOR_LINK_MS;
}

static void on_button(struct kiosk_session *s, const char *b, struct kiosk_actions *a)
{
	if (s->warning) {
		/* The first touch while the warning shows only dismisses it. */
		s->warning = false;
		return;
	}
	if (strcmp(b, "staff") == 0 && !is_staff_state(s->state)) {
		s->staff_return = s->state;
		if (s->state == KIOSK_DOCUMENT)
			act(a, KIOSK_ACT_CAMERA_STOP, NULL);
		memset(s->pin_digits, 0, sizeof s->pin_digits);
		s->pin_check_pending = false; /* a late answer to an old check is void */
		enter(s, KIOSK_STAFF_PIN);
		return;
	}
	if (is_staff_state(s->state)) {
		on_staff_button(s, b, a);
		return;
	}
	if (strcmp(b, "cancel") == 0 && s->state != KIOSK_IDLE && s->state != KIOSK_OUT_OF_ORDER) {
		reset(s, a, "session reset: cancelled");
		return;
	}
	switch (s->state) {
	case KIOSK_IDLE:
		if (strncmp(b, "lang:", 5) == 0 && language_known(b + 5)) {
			snprintf(s->language, sizeof s->language, "%s", b + 5);
			act(a, KIOSK_ACT_AUDIT, "session start");
			act(a, KIOSK_ACT_CAMERA_START, NULL);
			enter(s, KIOSK_DOCUMENT);
		}
		break;
	case KIOSK_CHIP_PROBLEM:
		if (strcmp(b, "enter_can") == 0 && s->problem == UI_PROBLEM_ACCESS_DENIED) {
			memset(s->can, 0, sizeof s->can);
			enter(s, KIOSK_CAN);
			break;
		}
		if (strcmp(b, "retry") != 0)
			break;
		if (s->problem == UI_PROBLEM_NO_CHIP || s->problem == UI_PROBLEM_MOVED_AWAY) {
			if (s->chip_attempts < 3)
				start_chip_read(s, a, s->chip_failure == KIOSK_CHIP_NEEDS_CAN || s->can[0]);
		} else if (s->problem == UI_PROBLEM_ACCESS_DENIED && !s->manual_mrz) {
			/* The MRZ may have been misread: read it again. */
			act(a, KIOSK_ACT_CAMERA_START, NULL);
			enter(s, KIOSK_DOCUMENT);
		}
		/* Anything else (not genuine, mismatch, expired) is for staff. */
		break;
	case KIOSK_CAN: {
		char c = key_of(b);
		if (c >= '0' && c <= '9')
			append_char(s->can, sizeof s->can, 6, c);
		else if (strcmp(b, "key:del") == 0)
			delete_char(s->can);
		else if (strcmp(b, "continue") == 0 && strlen(s->can) == 6)
			start_chip_read(s, a, true);
		else if (strcmp(b, "back") == 0) {
			/* Lay the document on the glass again: a misread MRZ may
			 * have been what the chip refused. */
			wipe_bytes(s->can, sizeof s->can);
			act(a, KIOSK_ACT_CAMERA_START, NULL);
			enter(s, KIOSK_DOCUMENT);
		}
		break;
	}
	case KIOSK_VERIFIED:
		if (strcmp(b, "continue") != 0)
			break;
		if (s->phase == KIOSK_PHASE_IDENTITY && kiosk_needs_permit(s->chip.dg1.nationality)) {
			s->phase = KIOSK_PHASE_PERMIT;
			act(a, KIOSK_ACT_CAMERA_START, NULL);
			enter(s, KIOSK_DOCUMENT);
		} else {
			act(a, KIOSK_ACT_LOOKUP_ORDERS, NULL);
			enter(s, KIOSK_MATCHING);
		}
		break;
	case KIOSK_CHOOSE_ORDER: {
		int i = index_of(b, "order:");
		if (i >= 0 && i < s->match_count) {
			s->chosen = i;
			enter(s, KIOSK_CONTACT);
		}
		break;
	}
	case KIOSK_CONTACT:
		if (strcmp(b, "continue") == 0 || strcmp(b, "contact_wrong") == 0)
			remember_visitor(s);
		if (strcmp(b, "continue") == 0) {
			act(a, KIOSK_ACT_ENQUEUE_VERIFIED, NULL);
			act(a, KIOSK_ACT_ENQUEUE_ACCOUNT, NULL);
			enter(s, KIOSK_SUMMARY);
		} else if (strcmp(b, "contact_wrong") == 0) {
			/* Wrong contact details are the orderer's to correct. */
			act(a, KIOSK_ACT_ENQUEUE_VERIFIED, NULL);
			enter(s, KIOSK_REJECT_REASON);
		}
		break;
	case KIOSK_SUMMARY:
		if (strcmp(b, "accept") == 0) {
			act(a, KIOSK_ACT_ENQUEUE_CONFIRM, NULL);
			act(a, KIOSK_ACT_AUDIT, "order confirmed");
			enter(s, KIOSK_DONE);
		} else if (strcmp(b, "reject") == 0) {
			enter(s, KIOSK_REJECT_REASON);
		}
		break;
	case KIOSK_REJECT_REASON: {
		/* The UI numbers reasons from 0 ("reason:0".."reason:4"); the
		 * session keeps 1.. so that 0 means none chosen. */
		int r = index_of(b, "reason:");
		if (r >= 0 && r < KIOSK_MAX_REJECT_REASONS) {
			s->reject_reason = r + 1;
			act(a, KIOSK_ACT_ENQUEUE_REJECT, NULL);
			act(a, KIOSK_ACT_AUDIT, "order rejected");
			enter(s, KIOSK_DONE);
		} else if (strcmp(b, "back") == 0) {
			enter(s, KIOSK_SUMMARY);
		}
		break;
	}
	case KIOSK_NO_ORDER:
	case KIOSK_DONE:
		if (strcmp(b, "done") == 0)
			reset(s, a, "session reset: done");
		break;
	default:
		break;
	}
}

/* States where a person may be standing at the kiosk with data on screen. */
static bool times_out(const struct kiosk_session *s)
{
	return s->state != KIOSK_IDLE && s->state != KIOSK_OUT_OF_ORDER;
}

static void on_tick(struct kiosk_session *s, struct kiosk_actions *a)
{
	uint64_t in_state = s->now_ms - s->state_since_ms;
	if (s->state == KIOSK_CHIP && in_state >= s->timeouts.chip_ms) {
		act(a, KIOSK_ACT_CHIP_CANCEL, NULL);
		on_chip_failed(s, KIOSK_CHIP_NO_CARD, a);
		return;
	}
	if (s->state == KIOSK_MATCHING && in_state >= s->timeouts.lookup_ms) {
		s->problem = UI_PROBLEM_SERVER;
		act(a, KIOSK_ACT_AUDIT, "order look-up timed out");
		enter(s, KIOSK_NO_ORDER);
		return;
	}
	if (s->state == KIOSK_DONE && in_state >= s->timeouts.done_ms) {
		reset(s, a, "session reset: done");
		return;
	}
	if (!times_out(s))
		return;
	/* A chip read in progress is activity: the person is holding the
	 * document to the reader. */
	uint64_t since = s->last_activity_ms > s->state_since_ms ? s->last_activity_ms
	                                                         : s->state_since_ms;
	uint64_t idle = s->now_ms - since;
	if (idle >= s->timeouts.idle_ms) {
		reset(s, a, "session reset: timeout");
	} else if (idle + s->timeouts.warning_ms >= s->timeouts.idle_ms) {
		s->warning = true;
	}
}

static void on_devices(struct kiosk_session *s, const struct kiosk_event *ev,
                       struct kiosk_actions *a)
{
	bool was_ok = devices_ok(s);
	s->camera_present = ev->camera_present;
	s->reader_present = ev->reader_present;
	bool ok = devices_ok(s);
	if (was_ok && !ok) {
		act(a, KIOSK_ACT_AUDIT, !s->camera_present ? "camera missing" : "NFC reader missing");
		bool needs_device = s->state == KIOSK_IDLE || s->state == KIOSK_DOCUMENT ||
		                    s->state == KIOSK_CHIP || s->state == KIOSK_CHIP_PROBLEM ||
		                    s->state == KIOSK_CAN;
		if (needs_device)
			reset(s, a, "session reset: device missing");
	} else if (!was_ok && ok) {
		act(a, KIOSK_ACT_AUDIT, "devices back");
		if (s->state == KIOSK_OUT_OF_ORDER)
			enter(s, KIOSK_IDLE);
	}
}

void kiosk_session_step(struct kiosk_session *s, const struct kiosk_event *ev,
                        struct kiosk_actions *a)
{
	memset(a, 0, sizeof *a);
	if (ev->now_ms > s->now_ms)
		s->now_ms = ev->now_ms;
	if (ev->today)
		s->today = ev->today;

	switch (ev->type) {
	case KIOSK_EV_TICK:
		on_tick(s, a);
		return;
	case KIOSK_EV_ACTIVITY:
		s->last_activity_ms = s->now_ms;
		s->warning = false;
		return;
	case KIOSK_EV_BUTTON:
		s->last_activity_ms = s->now_ms;
		on_button(s, ev->button, a);
		return;
	case KIOSK_EV_DEVICES:
		on_devices(s, ev, a);
		return;
	case KIOSK_EV_MRZ:
		if (s->state == KIOSK_DOCUMENT) {
			s->last_activity_ms = s->now_ms;
			on_mrz(s, ev->mrz, false, a);
		}
		return;
	case KIOSK_EV_CHIP_PROGRESS:
		if (s->state == KIOSK_CHIP) {
			s->last_activity_ms = s->now_ms;
			if (ev->permille >= 0 && ev->permille <= 1000)
				s->chip_permille = ev->permille;
		}
		return;
	case KIOSK_EV_CHIP_DONE:
		if (s->state == KIOSK_CHIP)
			on_chip_done(s, ev->chip, a);
		return;
	case KIOSK_EV_CHIP_FAILED:
		if (s->state == KIOSK_CHIP)
			on_chip_failed(s, ev->failure, a);
		return;
	case KIOSK_EV_CANDIDATES:
		if (s->state == KIOSK_MATCHING)
			on_candidates(s, ev->orders, ev->order_count, a);
		return;
	case KIOSK_EV_PIN_CHECKED:
		/* Only the answer to a check this session asked for counts. */
		if (s->state != KIOSK_STAFF_PIN || !s->pin_check_pending)
			return;
		s->pin_check_pending = false;
		memset(s->pin_digits, 0, sizeof s->pin_digits);
		if (ev->pin_ok) {
			s->pin_failures = 0;
			act(a, KIOSK_ACT_AUDIT, "staff login");
			enter(s, KIOSK_STAFF_MENU);
		} else if (++s->pin_failures >= s->timeouts.pin_max_failures) {
			s->pin_failures = 0;
			s->pin_locked_until_ms = s->now_ms + s->timeouts.pin_lock_ms;
			act(a, KIOSK_ACT_AUDIT, "staff PIN locked after repeated failures");
		} else {
			act(a, KIOSK_ACT_AUDIT, "staff PIN refused");
		}
		return;
	case KIOSK_EV_ENQUEUED:
		if (!ev->ok) {
			/* The outbox could not store a result: nothing more may be
			 * promised to this person; staff must look. */
			s->problem = UI_PROBLEM_SERVER;
			act(a, KIOSK_ACT_AUDIT, "outbox write failed");
			wipe_personal(s);
			s->problem = UI_PROBLEM_SERVER;
			act(a, KIOSK_ACT_WIPE, NULL);
			enter(s, KIOSK_OUT_OF_ORDER);
		}
		return;
	}
}

static const enum ui_screen screen_of[KIOSK_STATE_COUNT] = {
	[KIOSK_IDLE] = UI_SCREEN_LANGUAGE,
	[KIOSK_DOCUMENT] = UI_SCREEN_PLACE_DOCUMENT,
	[KIOSK_CHIP] = UI_SCREEN_CHIP_READING,
	[KIOSK_CHIP_PROBLEM] = UI_SCREEN_CHIP_PROBLEM,
	[KIOSK_CAN] = UI_SCREEN_CAN_ENTRY,
	[KIOSK_VERIFIED] = UI_SCREEN_VERIFIED,
	[KIOSK_MATCHING] = UI_SCREEN_CHIP_READING,
	[KIOSK_NO_ORDER] = UI_SCREEN_NO_ORDER,
	[KIOSK_CHOOSE_ORDER] = UI_SCREEN_CHOOSE_ORDER,
	[KIOSK_CONTACT] = UI_SCREEN_CONTACT_CONFIRM,
	[KIOSK_SUMMARY] = UI_SCREEN_ORDER_SUMMARY,
	[KIOSK_REJECT_REASON] = UI_SCREEN_REJECT_REASON,
	[KIOSK_DONE] = UI_SCREEN_DONE,
	[KIOSK_OUT_OF_ORDER] = UI_SCREEN_OUT_OF_ORDER,
	[KIOSK_STAFF_PIN] = UI_SCREEN_STAFF_PIN,
	[KIOSK_STAFF_MENU] = UI_SCREEN_STAFF_MENU,
	[KIOSK_STAFF_APPOINTMENTS] = UI_SCREEN_STAFF_APPOINTMENTS,
	[KIOSK_STAFF_MANUAL_MRZ] = UI_SCREEN_STAFF_MANUAL_MRZ,
	[KIOSK_STAFF_DEVICES] = UI_SCREEN_STAFF_DEVICES,
	[KIOSK_STAFF_SYNC] = UI_SCREEN_STAFF_SYNC,
	[KIOSK_STAFF_AUDIT] = UI_SCREEN_STAFF_AUDIT,
};

static void order_item(const struct kiosk_order *o, struct ui_order_item *item)
{
	snprintf(item->company, sizeof item->company, "%s", o->company);
	snprintf(item->card_type, sizeof item->card_type, "%s", o->card_type);
	snprintf(item->valid_until, sizeof item->valid_until, "%s", o->valid_until);
	snprintf(item->delivery, sizeof item->delivery, "%s", o->delivery);
}

void kiosk_session_view(const struct kiosk_session *s, struct ui_view *v)
{
	memset(v, 0, sizeof *v);
	v->screen = screen_of[s->state];
	snprintf(v->language, sizeof v->language, "%s", s->language);
	v->timeout_warning = s->warning;
	if (s->warning) {
		uint64_t since = s->last_activity_ms > s->state_since_ms ? s->last_activity_ms
		                                                         : s->state_since_ms;
		uint64_t deadline = since + s->timeouts.idle_ms;
		v->seconds_left = deadline > s->now_ms ? (int)((deadline - s->now_ms + 999) / 1000) : 0;
	}
	v->selected_line = s->staff_selected;
	switch (s->state) {
	case KIOSK_DOCUMENT:
		if (s->phase == KIOSK_PHASE_PERMIT)
			v->screen = UI_SCREEN_PERMIT_DOCUMENT;
		break;
	case KIOSK_CHIP:
		v->progress_permille = s->chip_permille;
		break;
	case KIOSK_MATCHING:
		v->progress_permille = 1000;
		break;
	case KIOSK_CHIP_PROBLEM:
	case KIOSK_NO_ORDER:
	case KIOSK_OUT_OF_ORDER:
		v->problem = s->problem;
		if (s->state == KIOSK_OUT_OF_ORDER && s->problem == UI_PROBLEM_NONE)
			v->problem = !s->camera_present ? UI_PROBLEM_CAMERA_MISSING
			                                : UI_PROBLEM_READER_MISSING;
		break;
	case KIOSK_CAN:
		snprintf(v->digits, sizeof v->digits, "%s", s->can);
		v->entry_error = s->chip_failure == KIOSK_CHIP_CAN_REFUSED;
		break;
	case KIOSK_VERIFIED:
		snprintf(v->display_name, sizeof v->display_name, "%s %s", s->chip.dg1.given_names,
		         s->chip.dg1.surname);
		break;
	case KIOSK_CHOOSE_ORDER:
		v->order_count = s->match_count < UI_MAX_ITEMS ? s->match_count : UI_MAX_ITEMS;
		for (int i = 0; i < v->order_count; i++)
			order_item(&s->matches[i].order, &v->orders[i]);
		break;
	case KIOSK_CONTACT:
		if (s->chosen >= 0) {
			const struct kiosk_order *o = &s->matches[s->chosen].order;
			kiosk_mask_email(o->email, v->email_masked, (int)sizeof v->email_masked);
			kiosk_mask_phone(o->mobile, v->mobile_masked, (int)sizeof v->mobile_masked);
		}
		break;
	case KIOSK_SUMMARY:
	case KIOSK_REJECT_REASON:
		if (s->chosen >= 0) {
			v->order_count = 1;
			order_item(&s->matches[s->chosen].order, &v->orders[0]);
		}
		break;
	case KIOSK_STAFF_PIN:
		snprintf(v->digits, sizeof v->digits, "%s", s->pin_digits);
		v->entry_error = s->now_ms < s->pin_locked_until_ms;
		break;
	case KIOSK_STAFF_APPOINTMENTS:
		v->visitor_link = visitor_known(s);
		break;
	case KIOSK_STAFF_MANUAL_MRZ:
		snprintf(v->mrz_entry, sizeof v->mrz_entry, "%s", s->mrz_entry);
		v->entry_error = s->problem == UI_PROBLEM_ACCESS_DENIED;
		break;
	default:
		break;
	}
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

bool kiosk_session_is_clean(const struct kiosk_session *s)
{
	return all_zero(&s->mrz, sizeof s->mrz) && all_zero(&s->permit_mrz, sizeof s->permit_mrz) &&
	       all_zero(&s->chip, sizeof s->chip) &&
	       all_zero(&s->permit_chip, sizeof s->permit_chip) &&
	       all_zero(s->matches, sizeof s->matches) &&
	       all_zero(s->near_misses, sizeof s->near_misses) && all_zero(s->can, sizeof s->can) &&
	       all_zero(s->mrz_entry, sizeof s->mrz_entry) && s->match_count == 0 &&
	       s->near_miss_count == 0;
}
