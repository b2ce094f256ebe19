/* body_test.c - the reference server's result-body parser: a table of
 * bodies and the expected outcome (error, HTTP status, problem code, field). */
#include "devserver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC "\"document\":{\"type\":\"passport\",\"issuing_state\":\"UTO\",\"number\":\"L898902C3\",\"expiry\":\"2032-04-15\"}"
#define HOLDER "\"holder\":{\"surname\":\"ERIKSSON\",\"given_names\":\"ANNA MARIA\",\"date_of_birth\":\"1974-08-12\",\"nationality\":\"UTO\"}"
#define METHOD "\"method\":{\"mrz\":true,\"chip\":true,\"passive_authentication\":\"passed\",\"chip_authentication\":\"not_supported\",\"active_authentication\":\"passed\"}"
#define WHEN "\"verified_at\":\"2026-11-23T10:15:00+01:00\""
#define ID_OK "{\"order_version\":1," DOC "," HOLDER "," METHOD "," WHEN "}"

struct row {
	const char *name;
	enum devsrv_body_kind kind;
	const char *body;
	enum devsrv_err err;
	int status;
	const char *code;
	const char *field;
};

#define METHOD_ACCESS(a) "\"method\":{\"mrz\":true,\"chip\":true,\"access\":\"" a "\",\"passive_authentication\":\"passed\",\"chip_authentication\":\"not_supported\",\"active_authentication\":\"passed\"}"
#define MARKED "\"marked_at\":\"2026-11-23T09:05:00+01:00\""

static const struct row rows[] = {
	{"identity ok", DEVSRV_BODY_IDENTITY, ID_OK, DEVSRV_OK, 0, "", ""},
	{"identity with face", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD "," WHEN ",\"face_image\":{\"format\":\"jpeg\",\"data\":\"/9j/4AAQ\"}}",
	 DEVSRV_OK, 0, "", ""},
	{"identity unknown field ignored", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD "," WHEN ",\"future\":[1,2]}", DEVSRV_OK, 0, "", ""},
	{"not json", DEVSRV_BODY_IDENTITY, "{\"order_version\":1,", DEVSRV_ERR_MALFORMED, 400, "malformed_json", ""},
	{"empty", DEVSRV_BODY_IDENTITY, "", DEVSRV_ERR_MALFORMED, 400, "malformed_json", ""},
	{"array", DEVSRV_BODY_ACCOUNT, "[]", DEVSRV_ERR_MALFORMED, 400, "malformed_json", ""},
	{"duplicate key", DEVSRV_BODY_ACCOUNT,
	 "{\"email\":\"a@example.com\",\"email\":\"b@example.com\",\"mobile\":\"+46700000001\",\"language\":\"sv\"}",
	 DEVSRV_ERR_MALFORMED, 400, "malformed_json", ""},
	{"version missing", DEVSRV_BODY_IDENTITY, "{" DOC "," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "order_version"},
	{"version zero", DEVSRV_BODY_IDENTITY, "{\"order_version\":0," DOC "," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "order_version"},
	{"bad document type", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1,\"document\":{\"type\":\"driving_licence\",\"issuing_state\":\"UTO\",\"number\":\"L8\",\"expiry\":\"2032-04-15\"}," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "document.type"},
	{"lowercase state", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1,\"document\":{\"type\":\"passport\",\"issuing_state\":\"uto\",\"number\":\"L8\",\"expiry\":\"2032-04-15\"}," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "document.issuing_state"},
	{"expiry 31 Feb", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1,\"document\":{\"type\":\"passport\",\"issuing_state\":\"UTO\",\"number\":\"L8\",\"expiry\":\"2032-02-31\"}," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "document.expiry"},
	{"holder missing", DEVSRV_BODY_IDENTITY, "{\"order_version\":1," DOC "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "holder"},
	{"bad verdict", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER ",\"method\":{\"mrz\":true,\"chip\":true,\"passive_authentication\":\"ok\",\"chip_authentication\":\"passed\",\"active_authentication\":\"passed\"}," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "method.passive_authentication"},
	{"neither mrz nor chip", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER ",\"method\":{\"mrz\":false,\"chip\":false,\"passive_authentication\":\"passed\",\"chip_authentication\":\"passed\",\"active_authentication\":\"passed\"}," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "method.mrz"},
	{"face not base64", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD "," WHEN ",\"face_image\":{\"format\":\"jpeg\",\"data\":\"/9j/4A=Q\"}}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "face_image.data"},
	{"face not jpeg", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD "," WHEN ",\"face_image\":{\"format\":\"jpeg\",\"data\":\"iVBORw0K\"}}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "face_image.data"},
	{"time without offset", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD ",\"verified_at\":\"2026-11-23T10:15:00\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "verified_at"},
	{"permit of wrong type", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC ",\"residence_permit\":{\"type\":\"passport\",\"issuing_state\":\"SWE\",\"number\":\"R1\",\"expiry\":\"2027-01-31\"}," HOLDER "," METHOD "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "residence_permit.type"},
	{"account ok", DEVSRV_BODY_ACCOUNT,
	 "{\"email\":\"anna@example.com\",\"mobile\":\"+46700000001\",\"language\":\"sv\"}", DEVSRV_OK, 0, "", ""},
	{"account bad mobile", DEVSRV_BODY_ACCOUNT,
	 "{\"email\":\"anna@example.com\",\"mobile\":\"0700000001\",\"language\":\"sv\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "mobile"},
	{"account bad email", DEVSRV_BODY_ACCOUNT,
	 "{\"email\":\"anna.example.com\",\"mobile\":\"+46700000001\",\"language\":\"sv\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "email"},
	{"account control char", DEVSRV_BODY_ACCOUNT,
	 "{\"email\":\"anna@example.com\\n\",\"mobile\":\"+46700000001\",\"language\":\"sv\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "email"},
	{"confirm ok", DEVSRV_BODY_DECISION,
	 "{\"order_version\":3,\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00.5Z\"}", DEVSRV_OK, 0, "", ""},
	{"confirm with reason", DEVSRV_BODY_DECISION,
	 "{\"order_version\":3,\"decision\":\"confirm\",\"reason_code\":\"other\",\"decided_at\":\"2026-11-23T10:20:00Z\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "reason_code"},
	{"reject ok", DEVSRV_BODY_DECISION,
	 "{\"order_version\":3,\"decision\":\"reject\",\"reason_code\":\"wrong_name\",\"reason\":\"\\u00c5sa\",\"decided_at\":\"2026-11-23T10:20:00+01:00\"}",
	 DEVSRV_OK, 0, "", ""},
	{"reject without reason", DEVSRV_BODY_DECISION,
	 "{\"order_version\":3,\"decision\":\"reject\",\"decided_at\":\"2026-11-23T10:20:00+01:00\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "reason_code"},
	{"decision unknown", DEVSRV_BODY_DECISION,
	 "{\"order_version\":3,\"decision\":\"maybe\",\"decided_at\":\"2026-11-23T10:20:00+01:00\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "decision"},
	{"version as string", DEVSRV_BODY_DECISION,
	 "{\"order_version\":\"3\",\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00+01:00\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "order_version"},
	{"identity with PACE access", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD_ACCESS("PACE-ECDH-GM") "," WHEN "}", DEVSRV_OK, 0, "", ""},
	{"identity with BAC access", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD_ACCESS("BAC") "," WHEN "}", DEVSRV_OK, 0, "", ""},
	{"identity with an unknown access", DEVSRV_BODY_IDENTITY,
	 "{\"order_version\":1," DOC "," HOLDER "," METHOD_ACCESS("none") "," WHEN "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "method.access"},
	{"check-in with visitor", DEVSRV_BODY_ATTENDANCE,
	 "{\"attendance\":\"checked_in\",\"visitor_order_id\":\"N-100001\"," MARKED "}", DEVSRV_OK, 0, "", ""},
	{"check-in alone", DEVSRV_BODY_ATTENDANCE, "{\"attendance\":\"checked_in\"," MARKED "}",
	 DEVSRV_OK, 0, "", ""},
	{"no-show", DEVSRV_BODY_ATTENDANCE, "{\"attendance\":\"no_show\"," MARKED "}", DEVSRV_OK, 0, "", ""},
	{"no-show with a visitor", DEVSRV_BODY_ATTENDANCE,
	 "{\"attendance\":\"no_show\",\"visitor_order_id\":\"N-1\"," MARKED "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "visitor_order_id"},
	{"attendance unknown", DEVSRV_BODY_ATTENDANCE, "{\"attendance\":\"late\"," MARKED "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "attendance"},
	{"attendance missing", DEVSRV_BODY_ATTENDANCE, "{" MARKED "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "attendance"},
	{"visitor order id with a slash", DEVSRV_BODY_ATTENDANCE,
	 "{\"attendance\":\"checked_in\",\"visitor_order_id\":\"N/1\"," MARKED "}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "visitor_order_id"},
	{"marked_at missing", DEVSRV_BODY_ATTENDANCE, "{\"attendance\":\"no_show\"}",
	 DEVSRV_ERR_INVALID, 400, "invalid_field", "marked_at"},
};

/* Same JSON, other whitespace and key order: same fingerprint. */
static int check_fingerprints(void)
{
	struct devsrv_body *a = malloc(sizeof *a), *b = malloc(sizeof *b), *c = malloc(sizeof *c);
	struct devsrv_problem p;
	int failed = 0;
	if (!a || !b || !c)
		return 1;
	const char *x = "{\"order_version\":3,\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00Z\"}";
	const char *y = "{ \"decided_at\" : \"2026-11-23T10:20:00Z\",\n \"decision\":\"confirm\", \"order_version\": 3 }";
	const char *z = "{\"order_version\":4,\"decision\":\"confirm\",\"decided_at\":\"2026-11-23T10:20:00Z\"}";
	if (devsrv_body_parse(DEVSRV_BODY_DECISION, x, strlen(x), a, &p) ||
	    devsrv_body_parse(DEVSRV_BODY_DECISION, y, strlen(y), b, &p) ||
	    devsrv_body_parse(DEVSRV_BODY_DECISION, z, strlen(z), c, &p)) {
		printf("FAIL fingerprint: a body did not parse: %s\n", p.message);
		failed = 1;
	} else if (strcmp(a->sha256, b->sha256) != 0) {
		printf("FAIL fingerprint: expected equal for reordered keys, got %s vs %s\n", a->sha256, b->sha256);
		failed = 1;
	} else if (strcmp(a->sha256, c->sha256) == 0) {
		printf("FAIL fingerprint: expected different for another version, got equal %s\n", a->sha256);
		failed = 1;
	}
	free(a);
	free(b);
	free(c);
	return failed;
}

int main(void)
{
	int failed = 0;
	struct devsrv_body *out = malloc(sizeof *out);
	if (!out)
		return 1;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct devsrv_problem p;
		enum devsrv_err err = devsrv_body_parse(r->kind, r->body, strlen(r->body), out, &p);
		bool ok = err == r->err && p.status == r->status && strcmp(p.code, r->code) == 0 &&
		          strcmp(p.field, r->field) == 0;
		if (ok && err != DEVSRV_OK && !p.message[0])
			ok = false;
		if (!ok) {
			printf("FAIL %s: expected %s/%d/%s/%s, got %s/%d/%s/%s (%s)\n", r->name,
			       devsrv_err_str(r->err), r->status, r->code, r->field, devsrv_err_str(err), p.status,
			       p.code, p.field, p.message);
			failed++;
		}
	}
	/* Parsed values of the full identity row. */
	struct devsrv_problem p;
	if (devsrv_body_parse(DEVSRV_BODY_IDENTITY, rows[1].body, strlen(rows[1].body), out, &p) == DEVSRV_OK) {
		const struct devsrv_identity *id = &out->u.identity;
		if (strcmp(id->document.number, "L898902C3") != 0 || id->order_version != 1 ||
		    !id->has_face || id->face_bytes != 6 || strcmp(id->passive_auth, "passed") != 0) {
			printf("FAIL identity values: expected L898902C3/1/face 6 bytes/passed, got %s/%lld/%zu/%s\n",
			       id->document.number, id->order_version, id->face_bytes, id->passive_auth);
			failed++;
		}
	}
	/* Oversized input: refused before parsing. */
	if (devsrv_body_parse(DEVSRV_BODY_ACCOUNT, "{}", (size_t)DEVSRV_MAX_BODY + 1, out, &p) != DEVSRV_ERR_TOO_BIG ||
	    p.status != 413) {
		printf("FAIL oversized: expected too big/413, got %d\n", p.status);
		failed++;
	}
	/* Checks shared with query parameters. */
	struct {
		const char *s;
		bool date, instant, key;
	} checks[] = {
		{"2024-02-29", true, false, true}, {"2023-02-29", false, false, true},
		{"2026-11-23T10:15:00Z", false, true, true}, {"2026-11-23T24:00:00Z", false, false, true},
		{"2026-11-23T10:15:00+0100", false, false, false}, {"", false, false, false},
		{"550e8400-e29b-41d4-a716-446655440000", false, false, true}, {"key with space", false, false, false},
	};
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		bool d = devsrv_is_date(checks[i].s), t = devsrv_is_instant(checks[i].s);
		bool k = devsrv_is_idempotency_key(checks[i].s);
		if (d != checks[i].date || t != checks[i].instant || k != checks[i].key) {
			printf("FAIL checks \"%s\": expected date %d instant %d key %d, got %d %d %d\n", checks[i].s,
			       checks[i].date, checks[i].instant, checks[i].key, d, t, k);
			failed++;
		}
	}
	failed += check_fingerprints();
	free(out);
	printf("%s: %zu rows, %d failed\n", failed ? "FAIL" : "ok", sizeof rows / sizeof rows[0], failed);
	return failed ? 1 : 0;
}
