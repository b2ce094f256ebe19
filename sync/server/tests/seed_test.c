/* seed_test.c - the demo seed is consistent: unique order ids, appointments
 * pointing at orders, and each ICAO specimen MRZ matching exactly the
 * orders it says (same surname, given names, birth date, nationality) and
 * none of its near misses. */
#include <ctype.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct mrz_person {
	char surname[40], given[40], birth[7], nationality[4];
};

/* Copies n characters of s from pos, or "" when s is too short. */
static void field(const char *s, size_t pos, size_t n, char *out, size_t cap)
{
	out[0] = '\0';
	if (strlen(s) < pos + n || n >= cap)
		return;
	memcpy(out, s + pos, n);
	out[n] = '\0';
}

/* "ERIKSSON<<ANNA<MARIA<<<" -> surname ERIKSSON, given ANNA<MARIA */
static void split_name(const char *name, struct mrz_person *p)
{
	const char *sep = strstr(name, "<<");
	size_t n = sep ? (size_t)(sep - name) : strlen(name);
	snprintf(p->surname, sizeof p->surname, "%.*s", (int)n, name);
	snprintf(p->given, sizeof p->given, "%s", sep ? sep + 2 : "");
	size_t g = strlen(p->given);
	while (g && p->given[g - 1] == '<')
		p->given[--g] = '\0';
}

static bool parse_specimen(json_t *mrz, struct mrz_person *p)
{
	const char *l1 = json_string_value(json_array_get(mrz, 0));
	const char *l2 = json_string_value(json_array_get(mrz, 1));
	const char *l3 = json_string_value(json_array_get(mrz, 2));
	char name[40];
	memset(p, 0, sizeof *p);
	if (!l1 || !l2)
		return false;
	if (json_array_size(mrz) == 3 && strlen(l1) == 30 && l3) {       /* TD1 */
		field(l2, 0, 6, p->birth, sizeof p->birth);
		field(l2, 15, 3, p->nationality, sizeof p->nationality);
		field(l3, 0, 30, name, sizeof name);
	} else if (strlen(l1) == 44 || strlen(l1) == 36) {               /* TD3, TD2 */
		field(l2, 13, 6, p->birth, sizeof p->birth);
		field(l2, 10, 3, p->nationality, sizeof p->nationality);
		field(l1, 5, strlen(l1) - 5, name, sizeof name);
	} else {
		return false;
	}
	split_name(name, p);
	return p->surname[0] && p->birth[0];
}

/* ASCII names only: upper case, spaces and hyphens become '<'. */
static void to_mrz(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	for (; *s && n + 1 < cap; s++)
		out[n++] = (*s == ' ' || *s == '-') ? '<' : (char)toupper((unsigned char)*s);
	out[n] = '\0';
}

static bool order_matches(json_t *order, const struct mrz_person *p)
{
	json_t *h = json_object_get(order, "cardholder");
	const char *dob = json_string_value(json_object_get(h, "date_of_birth"));
	char surname[80], given[80], yymmdd[7];
	to_mrz(json_string_value(json_object_get(h, "surname")), surname, sizeof surname);
	to_mrz(json_string_value(json_object_get(h, "given_names")), given, sizeof given);
	if (!dob || strlen(dob) != 10)
		return false;
	snprintf(yymmdd, sizeof yymmdd, "%.2s%.2s%.2s", dob + 2, dob + 5, dob + 8);
	return strcmp(surname, p->surname) == 0 && strcmp(given, p->given) == 0 &&
	       strcmp(yymmdd, p->birth) == 0 &&
	       strcmp(json_string_value(json_object_get(h, "nationality")), p->nationality) == 0;
}

static json_t *find_order(json_t *orders, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(orders, i, o)
		if (strcmp(json_string_value(json_object_get(o, "order_id")), id) == 0)
			return o;
	return NULL;
}

int main(void)
{
	int failed = 0;
	json_error_t err;
	json_t *seed = json_load_file(ID06_SOURCE_DIR "/sync/server/seed/demo.json", JSON_REJECT_DUPLICATES, &err);
	if (!seed) {
		printf("FAIL seed: not JSON: %s line %d\n", err.text, err.line);
		return 1;
	}
	json_t *orders = json_object_get(seed, "orders");
	size_t i, k;
	json_t *o, *v;
	json_array_foreach(orders, i, o) {
		const char *id = json_string_value(json_object_get(o, "order_id"));
		for (k = i + 1; id && k < json_array_size(orders); k++)
			if (strcmp(id, json_string_value(json_object_get(json_array_get(orders, k), "order_id"))) == 0) {
				printf("FAIL seed: order %s twice\n", id);
				failed++;
			}
	}
	json_array_foreach(json_object_get(seed, "appointments"), i, v) {
		const char *id = json_string_value(json_object_get(v, "order_id"));
		if (!id || !find_order(orders, id)) {
			printf("FAIL appointment %zu: expected an order of the seed, got %s\n", i, id ? id : "none");
			failed++;
		}
	}
	size_t specimens = 0;
	json_array_foreach(json_object_get(seed, "specimens"), i, v) {
		struct mrz_person p;
		const char *doc = json_string_value(json_object_get(v, "document"));
		if (!parse_specimen(json_object_get(v, "mrz"), &p)) {
			printf("FAIL specimen %s: MRZ not TD1, TD2 or TD3\n", doc);
			failed++;
			continue;
		}
		specimens++;
		const char *lists[] = {"matches", "must_not_match"};
		for (int want = 1; want >= 0; want--) {
			json_t *id;
			json_array_foreach(json_object_get(v, lists[1 - want]), k, id) {
				json_t *order = find_order(orders, json_string_value(id));
				bool got = order && order_matches(order, &p);
				if (!order || got != (bool)want) {
					printf("FAIL specimen %s vs %s: expected %s, got %s\n", doc, json_string_value(id),
					       want ? "match" : "no match", !order ? "no such order" : got ? "match" : "no match");
					failed++;
				}
			}
		}
	}
	if (specimens != 3) {
		printf("FAIL seed: expected the TD1, TD2 and TD3 specimens, got %zu\n", specimens);
		failed++;
	}
	json_decref(seed);
	printf("%s: %zu specimens checked, %d failed\n", failed ? "FAIL" : "ok", specimens, failed);
	return failed ? 1 : 0;
}
