/* session_test.c - the session state machine, driven by events alone.
 * Each scenario feeds events and checks the state and the actions; a
 * failure prints the scenario, the step, what was expected and what came. */
#include <stdio.h>
#include <string.h>

#include "kiosk_session.h"
#include "mrz_make.h"

static int failures;
static const char *scenario;
static struct kiosk_session S;
static struct kiosk_actions A;
static uint64_t now;

#define TODAY 20261123

static void check_state(int line, enum kiosk_state want)
{
	if (S.state != want) {
		printf("FAIL %s (line %d): state expected %s got %s\n", scenario, line,
		       kiosk_state_name(want), kiosk_state_name(S.state));
		failures++;
	}
}

static bool has_action(enum kiosk_action_type t, const char *detail)
{
	for (int i = 0; i < A.count; i++)
		if (A.list[i].type == t && (!detail || strcmp(A.list[i].detail, detail) == 0))
			return true;
	return false;
}

static void check_action(int line, enum kiosk_action_type t, const char *detail, bool want)
{
	if (has_action(t, detail) != want) {
		printf("FAIL %s (line %d): action %d%s%s expected %s\n", scenario, line, (int)t,
		       detail ? " " : "", detail ? detail : "", want ? "present" : "absent");
		failures++;
	}
}

#define STATE(st) check_state(__LINE__, st)
#define ACTION(t) check_action(__LINE__, t, NULL, true)
#define ACTION_DETAIL(t, d) check_action(__LINE__, t, d, true)
#define NO_ACTION(t) check_action(__LINE__, t, NULL, false)
#define EXPECT(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                            \
			printf("FAIL %s (line %d): %s\n", scenario, __LINE__, #cond);         \
			failures++;                                                           \
		}                                                                         \
	} while (0)

static void send(struct kiosk_event ev)
{
	ev.now_ms = now;
	kiosk_session_step(&S, &ev, &A);
}

static void tap(const char *button)
{
	struct kiosk_event ev = {.type = KIOSK_EV_BUTTON};
	snprintf(ev.button, sizeof ev.button, "%s", button);
	send(ev);
}

static void tick(uint64_t ms)
{
	now += ms;
	send((struct kiosk_event){.type = KIOSK_EV_TICK});
}

static struct mrz_result parsed(const char *text)
{
	struct mrz_result r;
	struct mrz_options opts = {2026, 11, 23};
	enum mrz_err err = mrz_parse(text, strlen(text), &opts, &r);
	if (err != MRZ_OK) {
		printf("FAIL %s: test MRZ does not parse: %s\n%s", scenario, mrz_err_str(err), text);
		failures++;
	}
	return r;
}

static void mrz_read(const struct mrz_result *m)
{
	send((struct kiosk_event){.type = KIOSK_EV_MRZ, .mrz = m});
}

static void chip_done(const struct mrz_result *dg1, enum kiosk_verdict verdict, bool dg1_match)
{
	struct kiosk_chip_report r = {.verdict = verdict, .dg1_matches_mrz = dg1_match, .dg1 = *dg1};
	snprintf(r.access, sizeof r.access, "BAC");
	send((struct kiosk_event){.type = KIOSK_EV_CHIP_DONE, .chip = &r});
}

static void chip_failed(enum kiosk_chip_failure f)
{
	send((struct kiosk_event){.type = KIOSK_EV_CHIP_FAILED, .failure = f});
}

/* Taps the digits on the pad, one key each. */
static void type_digits(const char *digits)
{
	for (const char *p = digits; *p; p++) {
		char b[8];
		snprintf(b, sizeof b, "key:%c", *p);
		tap(b);
	}
}

static void candidates(const struct kiosk_order *orders, int n)
{
	send((struct kiosk_event){.type = KIOSK_EV_CANDIDATES, .orders = orders, .order_count = n});
}

static void begin(const char *name)
{
	scenario = name;
	now = 1000;
	kiosk_session_init(&S, NULL, now, TODAY);
	memset(&A, 0, sizeof A);
}

static char polish_text[128], ukrainian_text[128], permit_text[128], other_permit_text[128];
static char visa_text[128], expired_text[128];

static const struct kiosk_order wojcik = {
	.order_id = "ord-1", .version = 3, .company = "Bygg AB", .card_type = "ID06",
	.valid_until = "2027-05-31", .delivery = "Company address", .surname = "Wójcik",
	.given_names = "Zdzisław", .birth_date = "1985-03-12", .nationality = "POL",
	.id_number = "85031212345", .email = "zdzislaw.wojcik@example.com",
	.mobile = "+48 601 234 567"};

static void make_documents(void)
{
	mrz_make_td3(polish_text, sizeof polish_text, "POL", "WOJCIK<<ZDZISLAW", "EA1234567", "POL",
	             "850312", 'M', "310101", "85031212345");
	mrz_make_td3(ukrainian_text, sizeof ukrainian_text, "UKR", "SHEVCHENKO<<OLEKSANDR",
	             "FA9876543", "UKR", "900704", 'M', "320202", "");
	mrz_make_td1(permit_text, sizeof permit_text, "IR", "SWE", "UT1234567", "", "900704", 'M',
	             "280303", "UKR", "", "SHEVCHENKO<<OLEKSANDR");
	mrz_make_td1(other_permit_text, sizeof other_permit_text, "IR", "SWE", "UT7654321", "",
	             "910101", 'M', "280303", "UKR", "", "SHEVCHENKO<<PETRO");
	mrz_make_td3(expired_text, sizeof expired_text, "POL", "WOJCIK<<ZDZISLAW", "EA1234567", "POL",
	             "850312", 'M', "200101", "");
	/* A visa: TD3-sized but code V. */
	mrz_make_td3(visa_text, sizeof visa_text, "SWE", "WOJCIK<<ZDZISLAW", "V12345678", "POL",
	             "850312", 'M', "270101", "");
	visa_text[0] = 'V';
}

/* lang -> document -> chip -> verified: the common opening. */
static struct mrz_result open_with(const char *text)
{
	tap("lang:pl");
	STATE(KIOSK_DOCUMENT);
	ACTION(KIOSK_ACT_CAMERA_START);
	struct mrz_result m = parsed(text);
	mrz_read(&m);
	return m;
}

static void test_happy_path(void)
{
	begin("happy path, EU citizen");
	struct mrz_result m = open_with(polish_text);
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CAMERA_STOP);
	ACTION(KIOSK_ACT_CHIP_READ_MRZ);
	send((struct kiosk_event){.type = KIOSK_EV_CHIP_PROGRESS, .permille = 420});
	struct ui_view v;
	kiosk_session_view(&S, &v);
	EXPECT(v.screen == UI_SCREEN_CHIP_READING && v.progress_permille == 420);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	STATE(KIOSK_VERIFIED);
	kiosk_session_view(&S, &v);
	EXPECT(strcmp(v.display_name, "ZDZISLAW WOJCIK") == 0);
	tap("continue");
	STATE(KIOSK_MATCHING);
	ACTION(KIOSK_ACT_LOOKUP_ORDERS);
	struct kiosk_order namesake = wojcik;
	snprintf(namesake.order_id, sizeof namesake.order_id, "ord-2");
	snprintf(namesake.birth_date, sizeof namesake.birth_date, "1979-10-02");
	snprintf(namesake.id_number, sizeof namesake.id_number, "79100298765");
	struct kiosk_order both[2] = {namesake, wojcik};
	candidates(both, 2);
	STATE(KIOSK_CONTACT);
	EXPECT(S.match_count == 1 && strcmp(S.matches[S.chosen].order.order_id, "ord-1") == 0);
	kiosk_session_view(&S, &v);
	EXPECT(strcmp(v.email_masked, "z***@example.com") == 0);
	EXPECT(strcmp(v.mobile_masked, "+48 *** *** *67") == 0);
	tap("continue");
	STATE(KIOSK_SUMMARY);
	ACTION(KIOSK_ACT_ENQUEUE_VERIFIED);
	ACTION(KIOSK_ACT_ENQUEUE_ACCOUNT);
	kiosk_session_view(&S, &v);
	EXPECT(v.order_count == 1 && strcmp(v.orders[0].company, "Bygg AB") == 0);
	tap("accept");
	STATE(KIOSK_DONE);
	ACTION(KIOSK_ACT_ENQUEUE_CONFIRM);
	tick(S.timeouts.done_ms);
	STATE(KIOSK_IDLE);
	ACTION(KIOSK_ACT_WIPE);
	EXPECT(kiosk_session_is_clean(&S));
	EXPECT(strcmp(S.language, "en") == 0);
}

static void test_third_country_national(void)
{
	begin("third-country national with residence permit");
	struct mrz_result m = open_with(ukrainian_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	tap("continue");
	STATE(KIOSK_DOCUMENT);
	ACTION(KIOSK_ACT_CAMERA_START);
	struct ui_view v;
	kiosk_session_view(&S, &v);
	EXPECT(v.screen == UI_SCREEN_PERMIT_DOCUMENT);
	struct mrz_result p = parsed(permit_text);
	mrz_read(&p);
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CHIP_READ_MRZ);
	chip_done(&p, KIOSK_VERDICT_GENUINE, true);
	STATE(KIOSK_MATCHING);
	ACTION(KIOSK_ACT_LOOKUP_ORDERS);

	begin("permit card of someone else");
	m = open_with(ukrainian_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	tap("continue");
	struct mrz_result other = parsed(other_permit_text);
	mrz_read(&other);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_PERMIT_MISMATCH);
	tap("retry");
	STATE(KIOSK_CHIP_PROBLEM); /* no retry past a mismatch: staff */
}

static void test_timeout(void)
{
	begin("idle timeout with warning, then full reset");
	struct mrz_result m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	STATE(KIOSK_VERIFIED);
	tick(39000);
	EXPECT(!S.warning);
	tick(1000);
	EXPECT(S.warning);
	struct ui_view v;
	kiosk_session_view(&S, &v);
	EXPECT(v.timeout_warning && v.seconds_left == 20);
	tap("continue"); /* dismisses the warning only */
	STATE(KIOSK_VERIFIED);
	EXPECT(!S.warning);
	tick(59999);
	STATE(KIOSK_VERIFIED);
	tick(1);
	STATE(KIOSK_IDLE);
	ACTION(KIOSK_ACT_WIPE);
	ACTION_DETAIL(KIOSK_ACT_AUDIT, "session reset: timeout");
	EXPECT(kiosk_session_is_clean(&S));

	begin("timeout while the camera runs stops it");
	tap("lang:sv");
	tick(60000);
	STATE(KIOSK_IDLE);
	ACTION(KIOSK_ACT_CAMERA_STOP);

	begin("idle screen never times out");
	tick(600000);
	STATE(KIOSK_IDLE);
	EXPECT(A.count == 0);

	begin("a reset returns to the configured start language");
	kiosk_session_set_home_language(&S, "sv");
	EXPECT(strcmp(S.language, "sv") == 0);
	tap("lang:pl");
	EXPECT(strcmp(S.language, "pl") == 0);
	tap("cancel");
	STATE(KIOSK_IDLE);
	EXPECT(strcmp(S.language, "sv") == 0);
	kiosk_session_set_home_language(&S, "xx"); /* unknown: kept as it was */
	EXPECT(strcmp(S.home_language, "sv") == 0);
	kiosk_session_set_home_language(&S, "en");
}

static void test_chip_problems(void)
{
	begin("document moved away, then retry");
	struct mrz_result m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_LOST);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_MOVED_AWAY);
	tap("retry");
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CHIP_READ_MRZ);

	begin("chip needs the CAN");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_NEEDS_CAN);
	STATE(KIOSK_CAN);
	const char *keys[] = {"key:1", "key:2", "key:3", "key:4", "key:5"};
	for (int i = 0; i < 5; i++)
		tap(keys[i]);
	tap("continue"); /* five digits: not yet */
	STATE(KIOSK_CAN);
	tap("key:9");
	tap("key:9"); /* a seventh digit is ignored */
	EXPECT(strcmp(S.can, "123459") == 0);
	tap("continue");
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CHIP_READ_CAN);

	scenario = "CAN refused, then the right one";
	type_digits("123459");
	chip_failed(KIOSK_CHIP_CAN_REFUSED);
	STATE(KIOSK_CAN);
	EXPECT(S.can[0] == '\0'); /* the wrong number is gone */
	struct ui_view cv;
	kiosk_session_view(&S, &cv);
	EXPECT(cv.screen == UI_SCREEN_CAN_ENTRY && cv.entry_error && cv.digits[0] == '\0');
	type_digits("123456");
	kiosk_session_view(&S, &cv);
	EXPECT(strcmp(cv.digits, "123456") == 0);
	tap("continue");
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CHIP_READ_CAN);
	chip_done(&m, KIOSK_VERDICT_NOT_PROVEN, true);
	STATE(KIOSK_VERIFIED);
	EXPECT(S.can[0] == '\0' && S.can_refusals == 0); /* no longer needed */

	begin("CAN refused until staff must help");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_NEEDS_CAN);
	for (int i = 0; i < KIOSK_MAX_CAN_TRIES; i++) {
		STATE(KIOSK_CAN);
		type_digits("000000");
		tap("continue");
		ACTION(KIOSK_ACT_CHIP_READ_CAN);
		chip_failed(KIOSK_CHIP_CAN_REFUSED);
	}
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_NONE);
	ACTION_DETAIL(KIOSK_ACT_AUDIT, "chip refused the CAN too often: staff");
	tap("retry");
	tap("enter_can");
	STATE(KIOSK_CHIP_PROBLEM); /* neither opens the chip again */
	NO_ACTION(KIOSK_ACT_CHIP_READ_CAN);
	tap("cancel");
	STATE(KIOSK_IDLE);
	EXPECT(kiosk_session_is_clean(&S) && S.can_refusals == 0);

	begin("CAN entry: back to the camera, CAN wiped");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_NEEDS_CAN);
	type_digits("12");
	tap("back");
	STATE(KIOSK_DOCUMENT);
	ACTION(KIOSK_ACT_CAMERA_START);
	EXPECT(S.can[0] == '\0');

	begin("CAN half typed, then the person walks away");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_NEEDS_CAN);
	type_digits("1234");
	tick(S.timeouts.idle_ms);
	STATE(KIOSK_IDLE);
	ACTION(KIOSK_ACT_WIPE);
	EXPECT(kiosk_session_is_clean(&S));

	begin("CAN read lost: retry reads with the CAN again");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_NEEDS_CAN);
	type_digits("123456");
	tap("continue");
	chip_failed(KIOSK_CHIP_LOST);
	STATE(KIOSK_CHIP_PROBLEM);
	tap("retry");
	ACTION(KIOSK_ACT_CHIP_READ_CAN);
	NO_ACTION(KIOSK_ACT_CHIP_READ_MRZ);

	begin("tampered chip");
	m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_FAILED, true);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_NOT_GENUINE);
	tap("retry");
	STATE(KIOSK_CHIP_PROBLEM);
	tap("cancel");
	STATE(KIOSK_IDLE);
	EXPECT(kiosk_session_is_clean(&S));

	begin("chip MRZ differs from the printed one");
	m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, false);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_DG1_MISMATCH);

	begin("access denied: read the MRZ again");
	m = open_with(polish_text);
	chip_failed(KIOSK_CHIP_ACCESS_DENIED);
	tap("retry");
	STATE(KIOSK_DOCUMENT);
	ACTION(KIOSK_ACT_CAMERA_START);

	begin("chip read that never ends");
	m = open_with(polish_text);
	tick(S.timeouts.chip_ms);
	STATE(KIOSK_CHIP_PROBLEM);
	ACTION(KIOSK_ACT_CHIP_CANCEL);

	begin("expired document");
	m = open_with(expired_text);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_EXPIRED);

	begin("a visa is not an identity document");
	m = open_with(visa_text);
	STATE(KIOSK_CHIP_PROBLEM);
	EXPECT(S.problem == UI_PROBLEM_NOT_ACCEPTED);
	(void)m;
}

static void test_orders(void)
{
	begin("no order");
	struct mrz_result m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	tap("continue");
	struct kiosk_order near = wojcik;
	snprintf(near.surname, sizeof near.surname, "Wojcick");
	candidates(&near, 1);
	STATE(KIOSK_NO_ORDER);
	EXPECT(S.near_miss_count == 1 && S.near_misses[0].differs == KIOSK_FIELD_SURNAME);
	struct ui_view v;
	kiosk_session_view(&S, &v);
	EXPECT(v.order_count == 0); /* the near miss is never on the cardholder's screen */
	tap("done");
	STATE(KIOSK_IDLE);

	begin("two employers, reject the second with a reason");
	m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_GENUINE, true);
	tap("continue");
	struct kiosk_order second = wojcik;
	snprintf(second.order_id, sizeof second.order_id, "ord-9");
	snprintf(second.company, sizeof second.company, "Betong AB");
	struct kiosk_order two[2] = {wojcik, second};
	candidates(two, 2);
	STATE(KIOSK_CHOOSE_ORDER);
	kiosk_session_view(&S, &v);
	EXPECT(v.order_count == 2 && strcmp(v.orders[1].company, "Betong AB") == 0);
	tap("order:5");
	STATE(KIOSK_CHOOSE_ORDER);
	tap("order:1");
	STATE(KIOSK_CONTACT);
	tap("continue");
	tap("reject");
	STATE(KIOSK_REJECT_REASON);
	tap("reason:1"); /* the UI counts from 0 */
	STATE(KIOSK_DONE);
	ACTION(KIOSK_ACT_ENQUEUE_REJECT);
	EXPECT(S.reject_reason == 2 && strcmp(S.matches[S.chosen].order.order_id, "ord-9") == 0);
	tap("done");
	STATE(KIOSK_IDLE);
	EXPECT(kiosk_session_is_clean(&S));
}

static void test_staff(void)
{
	begin("staff PIN locks after repeated failures");
	tap("staff");
	STATE(KIOSK_STAFF_PIN);
	for (int attempt = 0; attempt < 5; attempt++) {
		tap("key:1");
		tap("key:2");
		tap("key:3");
		tap("key:4");
		tap("continue");
		ACTION(KIOSK_ACT_CHECK_PIN);
		send((struct kiosk_event){.type = KIOSK_EV_PIN_CHECKED, .pin_ok = false});
	}
	ACTION_DETAIL(KIOSK_ACT_AUDIT, "staff PIN locked after repeated failures");
	tap("key:1");
	tap("key:2");
	tap("key:3");
	tap("key:4");
	tap("continue");
	NO_ACTION(KIOSK_ACT_CHECK_PIN);
	now += S.timeouts.pin_lock_ms;
	tap("key:1");
	tap("key:2");
	tap("key:3");
	tap("key:4");
	tap("continue");
	ACTION(KIOSK_ACT_CHECK_PIN);
	send((struct kiosk_event){.type = KIOSK_EV_PIN_CHECKED, .pin_ok = true});
	STATE(KIOSK_STAFF_MENU);

	scenario = "staff manual MRZ entry still reads the chip";
	tap("menu:manual_mrz");
	STATE(KIOSK_STAFF_MANUAL_MRZ);
	for (const char *p = polish_text; *p; p++) {
		char b[16];
		if (*p == '\n')
			snprintf(b, sizeof b, "key:newline");
		else
			snprintf(b, sizeof b, "key:%c", *p);
		tap(b);
	}
	tap("continue");
	STATE(KIOSK_CHIP);
	ACTION(KIOSK_ACT_CHIP_READ_MRZ);
	EXPECT(S.manual_mrz);

	scenario = "staff mode has no way to force a match";
	begin(scenario);
	tap("staff");
	send((struct kiosk_event){.type = KIOSK_EV_PIN_CHECKED, .pin_ok = true});
	STATE(KIOSK_STAFF_PIN); /* no check was asked for: the answer is ignored */
	tap("key:1");
	tap("key:2");
	tap("key:3");
	tap("key:4");
	tap("continue");
	send((struct kiosk_event){.type = KIOSK_EV_PIN_CHECKED, .pin_ok = true});
	STATE(KIOSK_STAFF_MENU);
	tap("match");
	tap("force");
	STATE(KIOSK_STAFF_MENU);
	tap("menu:appointments");
	STATE(KIOSK_STAFF_APPOINTMENTS);
	ACTION_DETAIL(KIOSK_ACT_LOAD_STAFF_LIST, "appointments");
	tap("checkin"); /* no line named */
	NO_ACTION(KIOSK_ACT_APPOINTMENT);
	tap("checkin:2");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "checkin:2");
	tap("back");
	tap("back");
	STATE(KIOSK_IDLE);
}

static void staff_login(void)
{
	tap("staff");
	type_digits("2468");
	tap("continue");
	send((struct kiosk_event){.type = KIOSK_EV_PIN_CHECKED, .pin_ok = true});
	STATE(KIOSK_STAFF_MENU);
}

/* Whether the appointments screen offers "link:<i>". */
static bool link_offered(void)
{
	struct ui_view v;
	kiosk_session_view(&S, &v);
	return v.screen == UI_SCREEN_STAFF_APPOINTMENTS && v.visitor_link;
}

static void test_appointments(void)
{
	begin("staff link the person just verified to an appointment");
	struct mrz_result m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_NOT_PROVEN, true);
	tap("continue");
	candidates(&wojcik, 1);
	STATE(KIOSK_CONTACT);
	tap("continue");
	tap("accept");
	tap("done");
	STATE(KIOSK_IDLE);
	EXPECT(kiosk_session_is_clean(&S) && strcmp(S.visitor_order, "ord-1") == 0);
	staff_login();
	tap("menu:appointments");
	EXPECT(link_offered());
	tap("link:1");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "link:1");
	ACTION_DETAIL(KIOSK_ACT_LOAD_STAFF_LIST, "appointments");
	EXPECT(S.staff_selected == 1);
	tap("checkin:2");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "checkin:2"); /* a check-in links nobody by itself */
	tap("noshow:0");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "noshow:0");
	EXPECT(S.staff_selected == 0);
	tap("link:x");
	NO_ACTION(KIOSK_ACT_APPOINTMENT);

	scenario = "the visitor is no longer offered after ten minutes";
	now += KIOSK_VISITOR_LINK_MS;
	tick(0); /* the staff screen timed out too */
	STATE(KIOSK_IDLE);
	staff_login();
	tap("menu:appointments");
	EXPECT(!link_offered());
	tap("link:2");
	NO_ACTION(KIOSK_ACT_APPOINTMENT);
	tap("checkin:2");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "checkin:2");

	begin("the next document read forgets the last visitor");
	m = open_with(polish_text);
	chip_done(&m, KIOSK_VERDICT_NOT_PROVEN, true);
	tap("continue");
	candidates(&wojcik, 1);
	tap("continue");
	EXPECT(strcmp(S.visitor_order, "ord-1") == 0);
	tap("accept");
	tap("done");
	m = open_with(polish_text); /* the next person, who gets no further */
	EXPECT(S.visitor_order[0] == '\0');
	tap("cancel");
	staff_login();
	tap("menu:appointments");
	EXPECT(!link_offered());
	tap("link:0");
	NO_ACTION(KIOSK_ACT_APPOINTMENT);

	begin("no visitor verified: no link, a plain check-in");
	staff_login();
	tap("menu:appointments");
	EXPECT(!link_offered());
	tap("link:0");
	NO_ACTION(KIOSK_ACT_APPOINTMENT);
	tap("checkin:0");
	ACTION_DETAIL(KIOSK_ACT_APPOINTMENT, "checkin:0");
	(void)m;
}

static void test_devices(void)
{
	begin("a missing reader puts the kiosk out of order");
	send((struct kiosk_event){.type = KIOSK_EV_DEVICES, .camera_present = true,
	                          .reader_present = false});
	STATE(KIOSK_OUT_OF_ORDER);
	struct ui_view v;
	kiosk_session_view(&S, &v);
	EXPECT(v.problem == UI_PROBLEM_READER_MISSING);
	tap("lang:en");
	STATE(KIOSK_OUT_OF_ORDER);
	send((struct kiosk_event){.type = KIOSK_EV_DEVICES, .camera_present = true,
	                          .reader_present = true});
	STATE(KIOSK_IDLE);

	begin("camera unplugged mid-session wipes the session");
	struct mrz_result m = open_with(polish_text);
	(void)m;
	send((struct kiosk_event){.type = KIOSK_EV_DEVICES, .camera_present = false,
	                          .reader_present = true});
	STATE(KIOSK_OUT_OF_ORDER);
	ACTION(KIOSK_ACT_CHIP_CANCEL);
	EXPECT(kiosk_session_is_clean(&S));
}

int main(void)
{
	make_documents();
	test_happy_path();
	test_third_country_national();
	test_timeout();
	test_chip_problems();
	test_orders();
	test_staff();
	test_appointments();
	test_devices();
	printf("session scenarios: %d failed\n", failures);
	return failures ? 1 : 0;
}
