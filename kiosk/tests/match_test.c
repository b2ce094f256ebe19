/* match_test.c - orders (as typed) against documents (as printed), one row
 * per case: which fields must differ. */
#include <stdio.h>
#include <string.h>

#include "kiosk_match.h"
#include "mrz_make.h"

struct row {
	const char *what;
	/* the document */
	const char *doc_state, *doc_name, *doc_birth, *doc_personal;
	/* the order */
	const char *surname, *given, *birth, *nationality, *id_number;
	unsigned differs;
	bool partial_birth;
};

static const struct row rows[] = {
	{"Müller as MUELLER", "D", "MUELLER<<JUERGEN", "750101", "", "Müller", "Jürgen", "1975-01-01", "DEU", "", 0, false},
	{"Müller as MULLER", "D", "MULLER<<JURGEN", "750101", "", "Müller", "Jürgen", "1975-01-01", "DEU", "", 0, false},
	{"Müller is not MILLER", "D", "MILLER<<JURGEN", "750101", "", "Müller", "Jürgen", "1975-01-01", "DEU", "", KIOSK_FIELD_SURNAME, false},
	{"Wójcik as WOJCIK", "POL", "WOJCIK<<ZDZISLAW", "850312", "", "Wójcik", "Zdzisław", "1985-03-12", "POL", "", 0, false},
	{"Åsa Öberg", "SWE", "OEBERG<<AASA", "900101", "", "Öberg", "Åsa", "1990-01-01", "SWE", "", 0, false},
	{"compound surname with a space", "ESP", "GARCIA<MARQUEZ<<ANA<MARIA", "800505", "", "García Márquez", "Ana María", "1980-05-05", "ESP", "", 0, false},
	{"hyphenated surname", "POL", "NOWAK<KOWALSKA<<ANNA", "800505", "", "Nowak-Kowalska", "Anna", "1980-05-05", "POL", "", 0, false},
	{"Ukrainian Cyrillic", "UKR", "SHEVCHENKO<<OLEKSANDR", "900704", "", "Шевченко", "Олександр", "1990-07-04", "UKR", "", 0, false},
	{"given name missing a part", "POL", "WOJCIK<<ZDZISLAW<JAN", "850312", "", "Wójcik", "Zdzisław", "1985-03-12", "POL", "", KIOSK_FIELD_GIVEN_NAMES, false},
	{"namesake with another birth date", "POL", "WOJCIK<<ZDZISLAW", "850312", "", "Wójcik", "Zdzisław", "1979-10-02", "POL", "", KIOSK_FIELD_BIRTH_DATE, false},
	{"birth date a century off", "POL", "WOJCIK<<ZDZISLAW", "850312", "", "Wójcik", "Zdzisław", "1885-03-12", "POL", "", KIOSK_FIELD_BIRTH_DATE, false},
	{"unknown birth day and month", "AFG", "AHMADI<<FARID", "85<<<<", "", "Ahmadi", "Farid", "1985-01-01", "AFG", "", 0, true},
	{"unknown birth day, wrong year", "AFG", "AHMADI<<FARID", "85<<<<", "", "Ahmadi", "Farid", "1986-01-01", "AFG", "", KIOSK_FIELD_BIRTH_DATE, true},
	{"document of another nationality", "LTU", "WOJCIK<<ZDZISLAW", "850312", "", "Wójcik", "Zdzisław", "1985-03-12", "POL", "", KIOSK_FIELD_NATIONALITY, false},
	{"Germany is D in the MRZ, DEU in the order", "D", "MUELLER<<JUERGEN", "750101", "", "Müller", "Jürgen", "1975-01-01", "DEU", "", 0, false},
	{"an order typed with D", "D", "MUELLER<<JUERGEN", "750101", "", "Müller", "Jürgen", "1975-01-01", "D", "", 0, false},
	{"PESEL printed on the passport", "POL", "WOJCIK<<ZDZISLAW", "850312", "85031212345", "Wójcik", "Zdzisław", "1985-03-12", "POL", "85031212345", 0, false},
	{"PESEL differs from the passport's", "POL", "WOJCIK<<ZDZISLAW", "850312", "85031212345", "Wójcik", "Zdzisław", "1985-03-12", "POL", "85031299999", KIOSK_FIELD_ID_NUMBER, false},
	{"samordningsnummer fits the birth date", "POL", "WOJCIK<<ZDZISLAW", "850312", "85031212345", "Wójcik", "Zdzisław", "1985-03-12", "POL", "850372-1234", 0, false},
	{"samordningsnummer of another date", "POL", "WOJCIK<<ZDZISLAW", "850312", "", "Wójcik", "Zdzisław", "1985-03-12", "POL", "850373-1234", KIOSK_FIELD_ID_NUMBER, false},
	{"everything else differs", "LTU", "KAZLAUSKAS<<JONAS", "700101", "", "Wójcik", "Zdzisław", "1985-03-12", "POL", "", KIOSK_FIELD_SURNAME | KIOSK_FIELD_GIVEN_NAMES | KIOSK_FIELD_BIRTH_DATE | KIOSK_FIELD_NATIONALITY, false},
};

static int failures;

static void check_row(const struct row *r)
{
	char text[128];
	char state[4];
	snprintf(state, sizeof state, "%s", r->doc_state);
	mrz_make_td3(text, sizeof text, state, r->doc_name, "AB1234567", state, r->doc_birth, 'M',
	             "310101", r->doc_personal);
	struct mrz_result doc;
	struct mrz_options opts = {2026, 11, 23};
	if (mrz_parse(text, strlen(text), &opts, &doc) != MRZ_OK) {
		printf("FAIL %s: test document does not parse:\n%s", r->what, text);
		failures++;
		return;
	}
	struct kiosk_order order;
	memset(&order, 0, sizeof order);
	snprintf(order.order_id, sizeof order.order_id, "o1");
	snprintf(order.surname, sizeof order.surname, "%s", r->surname);
	snprintf(order.given_names, sizeof order.given_names, "%s", r->given);
	snprintf(order.birth_date, sizeof order.birth_date, "%s", r->birth);
	snprintf(order.nationality, sizeof order.nationality, "%s", r->nationality);
	snprintf(order.id_number, sizeof order.id_number, "%s", r->id_number);
	struct kiosk_match m;
	kiosk_match_order(&doc, &order, &m);
	if (m.differs != r->differs || m.birth_date_partial != r->partial_birth) {
		char why[256];
		kiosk_match_explain(&m, &doc, why, sizeof why);
		printf("FAIL %s: differs expected 0x%x got 0x%x, partial birth expected %d got %d (%s)\n",
		       r->what, r->differs, m.differs, r->partial_birth, m.birth_date_partial, why);
		failures++;
	}
}

/* A name too long for TD1's 30 characters: the truncated field matches the
 * name it was cut from, and not a shorter name that shares its start. */
static void check_truncation(void)
{
	char field[64];
	if (mrz_name_field("PAPANDROPOULOS<KAZANTZIDIS", "KONSTANTINOS<ALEXANDROS", 30, field,
	                   sizeof field) != MRZ_OK) {
		printf("FAIL truncation: mrz_name_field refused the name\n");
		failures++;
		return;
	}
	char text[128];
	mrz_make_td1(text, sizeof text, "ID", "GRC", "AB1234567", "", "800101", 'M', "310101", "GRC",
	             "", field);
	struct mrz_result doc;
	struct mrz_options opts = {2026, 11, 23};
	if (mrz_parse(text, strlen(text), &opts, &doc) != MRZ_OK || !doc.name_truncated) {
		printf("FAIL truncation: %s does not parse as a truncated name\n", field);
		failures++;
		return;
	}
	struct kiosk_order order = {.surname = "Papandropoulos-Kazantzidis",
	                            .given_names = "Konstantinos Alexandros",
	                            .birth_date = "1980-01-01", .nationality = "GRC"};
	struct kiosk_match m;
	kiosk_match_order(&doc, &order, &m);
	if (m.differs != 0 || !m.name_truncated) {
		printf("FAIL truncation: full name should match %s, differs 0x%x\n", field, m.differs);
		failures++;
	}
	snprintf(order.given_names, sizeof order.given_names, "Konstantinos");
	kiosk_match_order(&doc, &order, &m);
	if (m.differs == 0) {
		printf("FAIL truncation: %s must not match the shorter given name\n", field);
		failures++;
	}
}

static void check_masks(void)
{
	static const struct {
		const char *in, *email, *phone;
	} masks[] = {
		{"anna@example.se", "a***@example.se", NULL},
		{"@example.se", "***", NULL},
		{"", "", NULL},
		{"+46 70 123 45 67", NULL, "+46 ** *** ** 67"},
		{"0701234567", NULL, "07******67"},
	};
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		char out[64];
		const char *want = masks[i].email ? masks[i].email : masks[i].phone;
		if (masks[i].email)
			kiosk_mask_email(masks[i].in, out, sizeof out);
		else
			kiosk_mask_phone(masks[i].in, out, sizeof out);
		if (strcmp(out, want) != 0) {
			printf("FAIL mask \"%s\": expected \"%s\" got \"%s\"\n", masks[i].in, want, out);
			failures++;
		}
	}
	if (kiosk_needs_permit("POL") || kiosk_needs_permit("NOR") || !kiosk_needs_permit("UKR") ||
	    !kiosk_needs_permit("UTO")) {
		printf("FAIL kiosk_needs_permit\n");
		failures++;
	}
}

int main(void)
{
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check_row(&rows[i]);
	check_truncation();
	check_masks();
	printf("%zu match rows + truncation + masks: %d failed\n", sizeof rows / sizeof rows[0],
	       failures);
	return failures ? 1 : 0;
}
