/* proto_test.c - server replies (untrusted) and configuration files: one
 * table row per input, expected error and field; plus request bodies. */
#include <jansson.h>

#include "sync.h"
#include "sync_proto.h"
#include "test_util.h"

#define ORDER_OK                                                                      \
	"{\"order_id\":\"N-100001\",\"version\":3,\"status\":\"awaiting_identification\"," \
	"\"tombstone\":false,\"company\":{\"org_number\":\"556677-8899\",\"name\":\"Bygg AB\"}," \
	"\"card_type\":\"standard\",\"valid_until\":\"2027-05-31\",\"delivery\":{}," \
	"\"requires_residence_permit\":false,\"updated_at\":\"2026-11-23T10:00:00Z\","     \
	"\"cardholder\":{\"given_names\":\"Zdzis\\u0142aw\",\"surname\":\"W\\u00f3jcik\"," \
	"\"date_of_birth\":\"1985-07-14\",\"nationality\":\"POL\",\"identification_number\":null," \
	"\"email\":\"z@example.org\",\"mobile\":null}}"
#define TOMB "{\"order_id\":\"N-7\",\"version\":2,\"status\":\"cancelled\",\"tombstone\":true}"

static void test_orders(void)
{
	static const struct {
		const char *body;
		enum sync_err want;
		size_t count;
		const char *where; /* prefix of the reported field */
	} rows[] = {
		{"{\"orders\":[" ORDER_OK "," TOMB "],\"next_cursor\":\"v1.2\",\"has_more\":true}",
		 SYNC_OK, 2, ""},
		{"{\"orders\":[],\"next_cursor\":\"\",\"has_more\":false}", SYNC_OK, 0, ""},
		{"", SYNC_ERR_REPLY_JSON, 0, "line"},
		{"{\"orders\":[", SYNC_ERR_REPLY_JSON, 0, "line"},
		{"[]", SYNC_ERR_REPLY_SHAPE, 0, "top level"},
		{"{\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0, "orders"},
		{"{\"orders\":{},\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0,
		 "orders"},
		{"{\"orders\":[],\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0, "next_cursor"},
		{"{\"orders\":[],\"next_cursor\":\"x\",\"has_more\":1}", SYNC_ERR_REPLY_SHAPE, 0,
		 "has_more"},
		{"{\"orders\":[],\"orders\":[],\"next_cursor\":\"x\",\"has_more\":false}",
		 SYNC_ERR_REPLY_JSON, 0, "line"},
		{"{\"orders\":[1],\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0,
		 "orders[0]"},
		{"{\"orders\":[{\"order_id\":\"../x\",\"version\":1,\"status\":\"s\",\"tombstone\":true}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_BAD_FIELD, 0, "orders[0].order_id"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":0,\"status\":\"s\",\"tombstone\":true}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_BAD_FIELD, 0, "orders[0].version"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":\"1\",\"status\":\"s\",\"tombstone\":true}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0, "orders[0].version"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\"}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0, "orders[0].tombstone"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\",\"tombstone\":false}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_SHAPE, 0, "orders[0].company"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\",\"tombstone\":false,"
		 "\"company\":{\"org_number\":\"1\",\"name\":\"c\"},\"card_type\":\"standard\","
		 "\"valid_until\":\"2027-02-30\",\"requires_residence_permit\":false,\"cardholder\":{}}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_BAD_FIELD, 0, "orders[0].valid_until"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\",\"tombstone\":false,"
		 "\"company\":{\"org_number\":\"1\",\"name\":\"c\"},\"card_type\":\"standard\","
		 "\"valid_until\":\"2027-02-28\",\"requires_residence_permit\":false,\"cardholder\":"
		 "{\"given_names\":\"a\",\"surname\":\"b\",\"date_of_birth\":\"85-07-14\",\"nationality\":\"POL\"}}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_BAD_FIELD, 0,
		 "orders[0].cardholder.date_of_birth"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\",\"tombstone\":false,"
		 "\"company\":{\"org_number\":\"1\",\"name\":\"c\"},\"card_type\":\"standard\","
		 "\"valid_until\":\"2027-02-28\",\"requires_residence_permit\":false,\"cardholder\":"
		 "{\"given_names\":\"a\\u0001b\",\"surname\":\"b\",\"date_of_birth\":\"1985-07-14\","
		 "\"nationality\":\"POL\"}}],\"next_cursor\":\"x\",\"has_more\":false}",
		 SYNC_ERR_BAD_FIELD, 0, "orders[0].cardholder.given_names"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\\u0000\",\"tombstone\":true}],"
		 "\"next_cursor\":\"x\",\"has_more\":false}", SYNC_ERR_REPLY_JSON, 0, "line"},
		{"{\"orders\":[{\"order_id\":\"N-1\",\"version\":1,\"status\":\"s\",\"tombstone\":false,"
		 "\"company\":{\"org_number\":\"1\",\"name\":\"c\"},\"card_type\":\"standard\","
		 "\"valid_until\":\"2027-02-28\",\"requires_residence_permit\":false,\"cardholder\":"
		 "{\"given_names\":\"a\",\"surname\":\"b\",\"date_of_birth\":\"1985-07-14\","
		 "\"nationality\":\"POLAND\"}}],\"next_cursor\":\"x\",\"has_more\":false}",
		 SYNC_ERR_TOO_LONG, 0, "orders[0].cardholder.nationality"},
		{"{\"orders\":[" ORDER_OK "],\"next_cursor\":\"" /* 70-char cursor */
		 "0123456789012345678901234567890123456789012345678901234567890123456789\","
		 "\"has_more\":false}", SYNC_ERR_TOO_LONG, 0, "next_cursor"},
	};
	struct sync_order_page *page = malloc(sizeof *page);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct sync_reply_where w;
		char what[64];
		snprintf(what, sizeof what, "orders row %zu", i);
		enum sync_err got = sync_reply_orders(rows[i].body, strlen(rows[i].body), page, &w);
		EXPECT_ERR(what, rows[i].want, got);
		EXPECT_INT(what, rows[i].count, page->count);
		if (rows[i].where[0] && strncmp(w.field, rows[i].where, strlen(rows[i].where)) != 0) {
			fprintf(stderr, "FAIL %s: field expected \"%s...\", got \"%s\"\n", what,
			        rows[i].where, w.field);
			test_failures++;
		}
	}
	/* The good page, field by field. */
	const char *good = rows[0].body;
	sync_reply_orders(good, strlen(good), page, NULL);
	const struct sync_order *o = &page->items[0].order;
	EXPECT_STR("order_id", "N-100001", o->order_id);
	EXPECT_INT("version", 3, o->version);
	EXPECT_STR("given_names", "Zdzis\xc5\x82\x61w", o->given_names);
	EXPECT_STR("surname", "W\xc3\xb3jcik", o->surname);
	EXPECT_STR("birth_date", "1985-07-14", o->birth_date);
	EXPECT_STR("company", "Bygg AB", o->company);
	EXPECT_STR("email", "z@example.org", o->email);
	EXPECT_STR("mobile null", "", o->mobile);
	EXPECT_INT("tombstone", 1, page->items[1].tombstone);
	EXPECT_STR("cursor", "v1.2", page->next_cursor);
	EXPECT_INT("has_more", 1, page->has_more);

	/* Every truncation of the good page is an error, never a crash. */
	for (size_t n = 0; n < strlen(good); n++)
		if (sync_reply_orders(good, n, page, NULL) == SYNC_OK) {
			fprintf(stderr, "FAIL truncated at %zu: expected an error, got success\n", n);
			test_failures++;
		}
	/* Oversized pages are refused before parsing. */
	EXPECT_ERR("too big", SYNC_ERR_REPLY_TOO_BIG,
	           sync_reply_orders(good, SYNC_REPLY_MAX + 1, page, NULL));
	free(page);
}

static void test_small_replies(void)
{
	struct sync_problem pb;
	const char *p412 = "{\"status\":412,\"code\":\"order_changed\",\"message\":\"changed\","
	                   "\"current_version\":4}";
	EXPECT_ERR("problem", SYNC_OK, sync_reply_problem(p412, strlen(p412), &pb));
	EXPECT_INT("problem status", 412, pb.status);
	EXPECT_STR("problem code", "order_changed", pb.code);
	EXPECT_INT("current_version", 4, pb.current_version);
	EXPECT_ERR("problem without code", SYNC_ERR_REPLY_SHAPE,
	           sync_reply_problem("{\"status\":500}", 14, &pb));
	EXPECT_ERR("html error page", SYNC_ERR_REPLY_JSON,
	           sync_reply_problem("<html>502</html>", 16, &pb));

	struct sync_ack ack;
	const char *iv = "{\"verification_id\":\"V-1\",\"order_id\":\"N-1\",\"status\":\"identified\","
	                 "\"duplicate\":false}";
	EXPECT_ERR("identity ack", SYNC_OK,
	           sync_reply_ack(SYNC_RESULT_IDENTITY_VERIFIED, iv, strlen(iv), &ack, NULL));
	EXPECT_STR("identity ref", "V-1", ack.ref);
	EXPECT_ERR("identity ack read as account", SYNC_ERR_REPLY_SHAPE,
	           sync_reply_ack(SYNC_RESULT_ACCOUNT_CREATED, iv, strlen(iv), &ack, NULL));
	const char *dec = "{\"order_id\":\"N-1\",\"status\":\"confirmed\"}";
	EXPECT_ERR("decision ack", SYNC_OK,
	           sync_reply_ack(SYNC_RESULT_ORDER_CONFIRMED, dec, strlen(dec), &ack, NULL));
	EXPECT_STR("decision ref", "confirmed", ack.ref);

	struct sync_appt_page *ap = malloc(sizeof *ap);
	const char *appts = "{\"date\":\"2026-11-23\",\"appointments\":[{\"appointment_id\":\"A-1\","
	                    "\"site\":\"mobile-team\",\"site_name\":\"Mobile\",\"starts_at\":"
	                    "\"2026-11-23T09:00:00+01:00\",\"ends_at\":\"2026-11-23T09:20:00+01:00\","
	                    "\"order_id\":\"N-1\",\"given_names\":\"Anna\",\"surname\":\"Berg\"}]}";
	EXPECT_ERR("appointments", SYNC_OK, sync_reply_appointments(appts, strlen(appts), ap, NULL));
	EXPECT_INT("appointment count", 1, ap->count);
	EXPECT_INT("starts_at", 1795420800, ap->items[0].starts_at);
	EXPECT_STR("display name", "Anna Berg", ap->items[0].display_name);
	free(ap);

	static const struct {
		const char *text;
		enum sync_err want;
		int64_t t;
	} instants[] = {
		{"1970-01-01T00:00:00Z", SYNC_OK, 0},
		{"2026-11-23T08:00:00Z", SYNC_OK, 1795420800},
		{"2026-11-23T09:00:00.123+01:00", SYNC_OK, 1795420800},
		{"2026-11-23T03:00:00-05:00", SYNC_OK, 1795420800},
		{"2026-11-23 08:00:00Z", SYNC_ERR_BAD_FIELD, 0},
		{"2026-11-23T08:00:00", SYNC_ERR_BAD_FIELD, 0},
		{"2026-02-30T08:00:00Z", SYNC_ERR_BAD_FIELD, 0},
		{"2026-11-23T24:00:00Z", SYNC_ERR_BAD_FIELD, 0},
		{"2026-11-23T08:00:00+0100", SYNC_ERR_BAD_FIELD, 0},
		{"2026-11-23T08:00:00Zjunk", SYNC_ERR_BAD_FIELD, 0},
	};
	for (size_t i = 0; i < sizeof instants / sizeof instants[0]; i++) {
		int64_t t = -1;
		EXPECT_ERR(instants[i].text, instants[i].want, sync_parse_instant(instants[i].text, &t));
		EXPECT_INT(instants[i].text, instants[i].t, t);
	}
}

static void test_requests(void)
{
	struct sync_result r;
	memset(&r, 0, sizeof r);
	r.kind = SYNC_RESULT_IDENTITY_VERIFIED;
	snprintf(r.order_id, sizeof r.order_id, "N-1");
	r.order_version = 2;
	r.at = 1795420800;
	snprintf(r.document.type, sizeof r.document.type, "passport");
	snprintf(r.document.number, sizeof r.document.number, "XA123");
	snprintf(r.surname, sizeof r.surname, "Berg");
	r.mrz_ok = 1;
	r.passive_auth = SYNC_VERDICT_PASSED;
	static const unsigned char face[] = {0xff, 0xd8, 0xff, 0xe0};
	r.face = face;
	r.face_len = sizeof face;
	struct sync_request q;
	EXPECT_ERR("build identity", SYNC_OK, sync_request_build(&r, &q));
	EXPECT_STR("path", "/orders/N-1/identity-verification", q.path);
	json_t *j = json_loads(q.body, 0, NULL);
	EXPECT_INT("order_version", 2, json_integer_value(json_object_get(j, "order_version")));
	EXPECT_STR("verified_at", "2026-11-23T08:00:00Z",
	           json_string_value(json_object_get(j, "verified_at")));
	EXPECT_STR("passive auth", "passed",
	           json_string_value(json_object_get(json_object_get(j, "method"),
	                                             "passive_authentication")));
	EXPECT_STR("face base64", "/9j/4A==",
	           json_string_value(json_object_get(json_object_get(j, "face_image"), "data")));
	json_decref(j);
	sync_request_free(&q);

	r.kind = SYNC_RESULT_ORDER_REJECTED;
	snprintf(r.reason_code, sizeof r.reason_code, "wrong_name");
	EXPECT_ERR("build decision", SYNC_OK, sync_request_build(&r, &q));
	EXPECT_STR("path", "/orders/N-1/decision", q.path);
	j = json_loads(q.body, 0, NULL);
	EXPECT_STR("decision", "reject", json_string_value(json_object_get(j, "decision")));
	EXPECT_STR("reason_code", "wrong_name", json_string_value(json_object_get(j, "reason_code")));
	json_decref(j);
	sync_request_free(&q);

	snprintf(r.order_id, sizeof r.order_id, "N-1?x=1");
	EXPECT_ERR("order id with query", SYNC_ERR_BAD_FIELD, sync_request_build(&r, &q));
	snprintf(r.order_id, sizeof r.order_id, "N-1");
	snprintf(r.reason, sizeof r.reason, "bad \xff utf-8");
	EXPECT_ERR("invalid UTF-8", SYNC_ERR_BAD_FIELD, sync_request_build(&r, &q));
}

#define CFG_BASE                                                                          \
	"server_url = https://127.0.0.1:8443/v1/\nca_file=/ca.pem\ncert_file = /c.pem\n"   \
	"key_file = /c.key\nstore_path = /s.db\n"

static void test_config(void)
{
	static const struct {
		const char *text;
		enum sync_err want;
		const char *msg; /* substring of the message */
	} rows[] = {
		{CFG_BASE "store_key_file = /k\n", SYNC_OK, ""},
		{"# comment\n\n" CFG_BASE "store_key_credential = id06-store\r\n", SYNC_OK, ""},
		{CFG_BASE, SYNC_ERR_CONFIG, "store_key_file"},
		{CFG_BASE "store_key_file=/k\nstore_key_credential=x\n", SYNC_ERR_CONFIG, "exactly one"},
		{CFG_BASE "store_key_file=/k\nfrobnicate = 1\n", SYNC_ERR_CONFIG,
		 "line 7: unknown setting \"frobnicate\""},
		{CFG_BASE "store_key_file=/k\nca_file=/other\n", SYNC_ERR_CONFIG, "line 7: ca_file is set twice"},
		{CFG_BASE "store_key_file=/k\nrequest_timeout_ms = 10s\n", SYNC_ERR_CONFIG,
		 "not a whole number"},
		{CFG_BASE "store_key_file=/k\nrequest_timeout_ms = 5\n", SYNC_ERR_CONFIG, "out of range"},
		{CFG_BASE "store_key_file=/k\npage_size = 500\n", SYNC_ERR_CONFIG, "out of range"},
		{CFG_BASE "store_key_file=/k\nbackoff_base_ms=5000\nbackoff_cap_ms=100\n",
		 SYNC_ERR_CONFIG, "backoff_cap_ms"},
		{CFG_BASE "store_key_file=/k\nsite\n", SYNC_ERR_CONFIG, "line 7: expected \"name = value\""},
		{CFG_BASE "store_key_file=/k\nsite =\n", SYNC_ERR_CONFIG, "site is empty"},
		{"server_url = http://x/v1\nca_file=/a\ncert_file=/b\nkey_file=/c\nstore_path=/d\n"
		 "store_key_file=/k\n", SYNC_ERR_CONFIG, "https://"},
		{"ca_file=/a\ncert_file=/b\nkey_file=/c\nstore_path=/d\nstore_key_file=/k\n",
		 SYNC_ERR_CONFIG, "server_url is missing"},
		{CFG_BASE "store_key_credential = ../etc/key\n", SYNC_ERR_CONFIG, "a name, not a path"},
		/* the kiosk's settings: the line, the setting and what it takes */
		{CFG_BASE "store_key_file=/k\nkiosk_camera = /dev/video2\nkiosk_nfc = pcsc:ACS ACR122U\n"
		 "kiosk_languages = en,sv,pl\nkiosk_language = sv\nkiosk_screen = 1024x600\n"
		 "kiosk_bac_fallback = no\nkiosk_dpi = 117\nkiosk_office = sthlm-1\n"
		 "kiosk_staff_pin_file = /etc/id06/staff.pin\nkiosk_idle_s = 90\n", SYNC_OK, ""},
		{CFG_BASE "store_key_file=/k\nkiosk_camera = images:/srv/demo\nkiosk_nfc = pn532_uart\n",
		 SYNC_OK, ""},
		{CFG_BASE "store_key_file=/k\nkiosk_camera = usb0\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_camera = usb0: expected /dev/videoN"},
		{CFG_BASE "store_key_file=/k\nkiosk_camera = images:\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_camera = images:: expected"},
		{CFG_BASE "store_key_file=/k\nkiosk_nfc = :/dev/ttyUSB0\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_nfc = :/dev/ttyUSB0: expected a libnfc connstring"},
		{CFG_BASE "store_key_file=/k\nkiosk_nfc = PN532:x\n", SYNC_ERR_CONFIG, "libnfc connstring"},
		{CFG_BASE "store_key_file=/k\nkiosk_idle_s = 5\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_idle_s = 5 is out of range 10..3600"},
		{CFG_BASE "store_key_file=/k\nkiosk_done_s = soon\n", SYNC_ERR_CONFIG,
		 "kiosk_done_s: \"soon\" is not a whole number of seconds"},
		{CFG_BASE "store_key_file=/k\nkiosk_languages = en;sv\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_languages = en;sv: expected language codes separated by commas"},
		{CFG_BASE "store_key_file=/k\nkiosk_languages = en,sv,en\n", SYNC_ERR_CONFIG,
		 "kiosk_languages = en,sv,en"},
		{CFG_BASE "store_key_file=/k\nkiosk_languages = en,sv,\n", SYNC_ERR_CONFIG,
		 "kiosk_languages = en,sv,"},
		{CFG_BASE "store_key_file=/k\nkiosk_language = SV\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_language = SV: expected a language code"},
		{CFG_BASE "store_key_file=/k\nkiosk_languages = en,pl\nkiosk_language = sv\n",
		 SYNC_ERR_CONFIG, "kiosk_language = sv is not among kiosk_languages = en,pl"},
		{CFG_BASE "store_key_file=/k\nkiosk_screen = big\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_screen = big: expected fullscreen or a window size WIDTHxHEIGHT"},
		{CFG_BASE "store_key_file=/k\nkiosk_screen = 100x100\n", SYNC_ERR_CONFIG, "kiosk_screen"},
		{CFG_BASE "store_key_file=/k\nkiosk_screen = 1024x600x2\n", SYNC_ERR_CONFIG, "kiosk_screen"},
		{CFG_BASE "store_key_file=/k\nkiosk_bac_fallback = maybe\n", SYNC_ERR_CONFIG,
		 "line 7: kiosk_bac_fallback = maybe: expected yes or no"},
		{CFG_BASE "store_key_file=/k\nkiosk_dpi = 2000\n", SYNC_ERR_CONFIG, "kiosk_dpi"},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct sync_config c;
		char msg[256], what[32];
		snprintf(what, sizeof what, "config row %zu", i);
		EXPECT_ERR(what, rows[i].want,
		           sync_config_parse(rows[i].text, strlen(rows[i].text), &c, msg, sizeof msg));
		if (!strstr(msg, rows[i].msg)) {
			fprintf(stderr, "FAIL %s: message expected to contain \"%s\", got \"%s\"\n", what,
			        rows[i].msg, msg);
			test_failures++;
		}
	}
	struct sync_config c;
	const char *t = rows[0].text;
	sync_config_parse(t, strlen(t), &c, NULL, 0);
	EXPECT_STR("trailing slash dropped", "https://127.0.0.1:8443/v1", c.server_url);
	EXPECT_INT("default timeout", 30000, c.request_timeout_ms);
	EXPECT_INT("default order age", 86400, c.order_max_age_s);
	EXPECT_STR("default camera", "/dev/video0", c.kiosk.camera);
	EXPECT_STR("default reader (libnfc's)", "", c.kiosk.nfc);
	EXPECT_STR("default language", "en", c.kiosk.language);
	EXPECT_INT("default idle", 60, c.kiosk.idle_s);
	EXPECT_INT("default warning", 20, c.kiosk.warning_s);
	EXPECT_INT("default chip", 30, c.kiosk.chip_s);
	EXPECT_INT("default look-up", 10, c.kiosk.lookup_s);
	EXPECT_INT("default done", 15, c.kiosk.done_s);
	EXPECT_INT("default fullscreen", 0, c.kiosk.width);
	EXPECT_INT("default BAC fallback", 1, c.kiosk.bac_fallback);
	t = rows[15].text;
	EXPECT_ERR("kiosk settings", SYNC_OK, sync_config_parse(t, strlen(t), &c, NULL, 0));
	EXPECT_STR("camera", "/dev/video2", c.kiosk.camera);
	EXPECT_STR("reader", "pcsc:ACS ACR122U", c.kiosk.nfc);
	EXPECT_STR("languages", "en,sv,pl", c.kiosk.languages);
	EXPECT_STR("language", "sv", c.kiosk.language);
	EXPECT_INT("window width", 1024, c.kiosk.width);
	EXPECT_INT("window height", 600, c.kiosk.height);
	EXPECT_INT("no BAC fallback", 0, c.kiosk.bac_fallback);
	EXPECT_INT("dpi", 117, c.kiosk.dpi);
	EXPECT_STR("office", "sthlm-1", c.kiosk.office);
	EXPECT_STR("PIN file", "/etc/id06/staff.pin", c.kiosk.staff_pin_file);
	EXPECT_INT("idle", 90, c.kiosk.idle_s);
	char msg[256];
	EXPECT_ERR("missing file", SYNC_ERR_CONFIG,
	           sync_config_load("/nonexistent/sync.conf", &c, msg, sizeof msg));
	EXPECT_TRUE("says it cannot read", strstr(msg, "cannot read") != NULL);
}

int main(void)
{
	test_orders();
	test_small_replies();
	test_requests();
	test_config();
	if (test_failures) {
		fprintf(stderr, "%d check(s) failed\n", test_failures);
		return 1;
	}
	printf("proto_test: all checks passed\n");
	return 0;
}
