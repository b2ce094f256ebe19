/* seed_orders.c - puts card orders (and appointments) into the kiosk's
 * store for a scripted session, as a pull from the ID06 side would.
 *
 *   kiosk_seed_orders CONFIG ORDERS [APPOINTMENTS]
 *
 * ORDERS: one order a line, fields separated by '|':
 *   order_id|version|company|card_type|valid_until|surname|given_names|
 *   birth_date|nationality|identification_number|email|mobile
 * APPOINTMENTS: one a line, local times:
 *   appointment_id|site|site_name|YYYY-MM-DDTHH:MM|minutes|order_id|display_name
 * '#' starts a comment line. */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync.h"

#define FIELDS 12

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src);
}

/* Splits line at '|' into exactly n fields; false when the count differs. */
static bool split_fields(char *line, char **field, int n)
{
	int count = 0;
	char *p = line;
	while (count < n) {
		field[count++] = p;
		char *bar = strchr(p, '|');
		if (!bar)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	return count == n && !strchr(p, '|');
}

/* "2026-11-23T09:00" in local time -> unix seconds, -1 if malformed. */
static int64_t local_time(const char *text)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (sscanf(text, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	           &tm.tm_min) != 5)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int seed_appointments(struct sync_store *store, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 2;
	}
	char line[1024];
	int n = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *field[7];
		int64_t start = -1;
		if (!split_fields(line, field, 7) || (start = local_time(field[3])) < 0) {
			fprintf(stderr, "%s: an appointment line is not id|site|site_name|"
			                "YYYY-MM-DDTHH:MM|minutes|order_id|display_name\n", path);
			rc = 1;
			break;
		}
		struct sync_appt a;
		memset(&a, 0, sizeof a);
		copy(a.appt_id, sizeof a.appt_id, field[0]);
		copy(a.site, sizeof a.site, field[1]);
		copy(a.site_name, sizeof a.site_name, field[2]);
		a.starts_at = start;
		a.ends_at = start + 60 * atoi(field[4]);
		copy(a.order_id, sizeof a.order_id, field[5]);
		copy(a.display_name, sizeof a.display_name, field[6]);
		enum sync_err err = sync_appts_put(store, &a);
		if (err) {
			fprintf(stderr, "appointment %s: %s\n", a.appt_id, sync_err_str(err));
			rc = 1;
		}
		n++;
	}
	fclose(f);
	if (rc == 0)
		printf("kiosk_seed_orders: %d appointments\n", n);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: kiosk_seed_orders CONFIG ORDERS [APPOINTMENTS]\n");
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
		if (!split_fields(line, field, FIELDS)) {
			fprintf(stderr, "%s: an order line does not have %d fields\n", argv[2], FIELDS);
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
	if (rc == 0)
		printf("kiosk_seed_orders: %d orders\n", n);
	if (rc == 0 && argc == 4)
		rc = seed_appointments(store, argv[3]);
	sync_store_close(store);
	return rc;
}
