/* fuzz_reply.c - every parser of server replies on the same bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "sync_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	static struct sync_order_page page;
	static struct sync_appt_page appts;
	struct sync_reply_where w;
	struct sync_order_entry entry;
	struct sync_problem pb;
	struct sync_ack ack;
	struct sync_health h;
	sync_reply_orders(body, size, &page, &w);
	sync_reply_order(body, size, &entry, &w);
	sync_reply_appointments(body, size, &appts, &w);
	sync_reply_problem(body, size, &pb);
	for (int k = SYNC_RESULT_IDENTITY_VERIFIED; k <= SYNC_RESULT_APPT_NO_SHOW; k++)
		sync_reply_ack((enum sync_result_kind)k, body, size, &ack, &w);
	sync_reply_health(body, size, &h, &w);
	return 0;
}
