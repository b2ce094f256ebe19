/* outbox_dump.c - lists what a scripted session queued for the ID06 side,
 * one line per result, so a session test can compare it with what it
 * expects.  It empties the outbox of the (throw-away) test store as it
 * goes: the store offers only the oldest entry at a time.
 *
 *   kiosk_outbox_dump CONFIG
 *
 * A line: KIND ORDER vVERSION [document=TYPE/STATE permit=TYPE
 * passive_auth=V face=jpeg|none access=BAC|PACE-ECDH-GM] [reason=CODE]
 * [contact=yes|no], or for an appointment mark KIND APPOINTMENT
 * visitor=ORDER|none.  Names, numbers and the face itself are never
 * printed. */
#include <stdio.h>
#include <string.h>

#include "sync.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: kiosk_outbox_dump CONFIG\n");
		return 2;
	}
	char msg[300];
	struct sync_config cfg;
	enum sync_err err = sync_config_load(argv[1], &cfg, msg, sizeof msg);
	if (err) {
		fprintf(stderr, "%s: %s\n", argv[1], err == SYNC_ERR_CONFIG ? msg : sync_err_str(err));
		return 2;
	}
	struct sync_store *store = NULL;
	err = sync_config_open_store(&cfg, &store, NULL);
	if (err) {
		fprintf(stderr, "store: %s\n", sync_err_str(err));
		return 2;
	}
	int rc = 0;
	for (int n = 0; n < 100; n++) {
		struct sync_outbox_item item;
		int64_t due = 0;
		err = sync_outbox_peek(store, &item, &due);
		if (err == SYNC_ERR_NOT_FOUND)
			break;
		if (err) {
			fprintf(stderr, "outbox: %s\n", sync_err_str(err));
			rc = 1;
			break;
		}
		const struct sync_result *r = &item.result;
		if (r->kind == SYNC_RESULT_APPT_CHECKED_IN || r->kind == SYNC_RESULT_APPT_NO_SHOW)
			printf("%s %s visitor=%s", sync_result_kind_name(r->kind), r->appt_id,
			       r->order_id[0] ? r->order_id : "none");
		else
			printf("%s %s v%lld", sync_result_kind_name(r->kind), r->order_id,
			       (long long)r->order_version);
		if (r->kind == SYNC_RESULT_IDENTITY_VERIFIED) {
			/* A JPEG starts FF D8 FF and ends FF D9. */
			int jpeg = r->face && r->face_len > 4 && r->face[0] == 0xFF && r->face[1] == 0xD8 &&
			           r->face[r->face_len - 2] == 0xFF && r->face[r->face_len - 1] == 0xD9;
			printf(" document=%s/%s permit=%s passive_auth=%s face=%s",
			       r->document.type, r->document.issuing_state,
			       r->residence_permit.type[0] ? r->residence_permit.type : "none",
			       sync_verdict_name(r->passive_auth), jpeg ? "jpeg" : "none");
			printf(" access=%s chip_auth=%s active_auth=%s", r->access[0] ? r->access : "unknown",
			       sync_verdict_name(r->chip_auth), sync_verdict_name(r->active_auth));
		} else if (r->kind == SYNC_RESULT_ACCOUNT_CREATED) {
			printf(" contact=%s language=%s", r->email[0] && r->mobile[0] ? "yes" : "no",
			       r->language);
		} else if (r->kind == SYNC_RESULT_ORDER_REJECTED) {
			printf(" reason=%s", r->reason_code);
		}
		printf("\n");
		err = sync_outbox_ack(store, item.seq, "test");
		sync_outbox_item_fini(&item);
		if (err) {
			fprintf(stderr, "outbox ack: %s\n", sync_err_str(err));
			rc = 1;
			break;
		}
	}
	sync_store_close(store);
	return rc;
}
