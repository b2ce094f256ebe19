/* seed_orders.c - puts card orders into the kiosk's store for a scripted
 * session, as a pull from the ID06 side would.
 *
 *   kiosk_seed_orders CONFIG ORDERS
 *
 * ORDERS: one order a line, fields separated by '|':
 *   order_id|version|company|card_type|valid_until|surname|given_names|
 *   birth_date|nationality|identification_number|email|mobile
 * '#' starts a comment line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

#define FIELDS 12

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: kiosk_seed_orders CONFIG ORDERS\n");
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
	FILE *f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		sync_store_close(store);
		return 2;
	}
	char line[1024];
	int n = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *field[FIELDS];
		int count = 0;
		char *p = line;
		while (count < FIELDS) {
			field[count++] = p;
			char *bar = strchr(p, '|');
			if (!bar)
				break;
			*bar = '\0';
			p = bar + 1;
		}
		if (count != FIELDS) {
			fprintf(stderr, "%s: an order line has %d fields, expected %d\n", argv[2], count,
			        FIELDS);
			rc = 1;
			break;
		}
		struct sync_order o;
		memset(&o, 0, sizeof o);
		copy(o.order_id, sizeof o.order_id, field[0]);
		o.version = atoi(field[1]);
		copy(o.status, sizeof o.status, "awaiting_identification");
		copy(o.company, sizeof o.company, field[2]);
		copy(o.card_type, sizeof o.card_type, field[3]);
		copy(o.valid_until, sizeof o.valid_until, field[4]);
		copy(o.surname, sizeof o.surname, field[5]);
		copy(o.given_names, sizeof o.given_names, field[6]);
		copy(o.birth_date, sizeof o.birth_date, field[7]);
		copy(o.nationality, sizeof o.nationality, field[8]);
		copy(o.identification_number, sizeof o.identification_number, field[9]);
		copy(o.email, sizeof o.email, field[10]);
		copy(o.mobile, sizeof o.mobile, field[11]);
		err = sync_orders_put(store, &o);
		if (err) {
			fprintf(stderr, "order %s: %s\n", o.order_id, sync_err_str(err));
			rc = 1;
			break;
		}
		n++;
	}
	fclose(f);
	sync_store_close(store);
	if (rc == 0)
		printf("kiosk_seed_orders: %d orders\n", n);
	return rc;
}
