/* kiosk_match.h - does a document belong to the person a card order names?
 *
 * ID06 requires the order's name and date of birth to equal the identity
 * document's exactly.  The order is typed in UTF-8 ("Jürgen Müller"); the
 * MRZ holds ICAO 9303 part 3 transliterations ("MUELLER<<JUERGEN" or
 * "MULLER<<JURGEN"), possibly truncated.  An order matches when one of the
 * transliterations the standard allows equals the MRZ name (a truncated MRZ
 * name only matches the name it truncates), the birth date is equal (only
 * the known parts when the document leaves day or month unknown), and the
 * nationality and identification number do not contradict the document.
 * A mismatch is explained field by field; it is never forced. */
#ifndef ID06_KIOSK_MATCH_H
#define ID06_KIOSK_MATCH_H

#include <stdbool.h>

#include "mrz.h"

/* A pending card order as the kiosk needs it (filled from sync/). */
struct kiosk_order {
	char order_id[40];
	int version;
	char company[96];
	char card_type[48];
	char valid_until[16];     /* ISO date */
	char delivery[96];
	char surname[96];         /* UTF-8, as typed by the orderer */
	char given_names[96];
	char birth_date[16];      /* ISO date YYYY-MM-DD */
	char nationality[4];      /* ICAO / ISO 3166 alpha-3 */
	char id_number[32];       /* foreign id, personnummer or samordningsnummer */
	char email[96];
	char mobile[32];
};

/* Fields that differ, as a bit mask. */
enum kiosk_field {
	KIOSK_FIELD_SURNAME = 1 << 0,
	KIOSK_FIELD_GIVEN_NAMES = 1 << 1,
	KIOSK_FIELD_BIRTH_DATE = 1 << 2,
	KIOSK_FIELD_NATIONALITY = 1 << 3,
	KIOSK_FIELD_ID_NUMBER = 1 << 4,
};

struct kiosk_match {
	struct kiosk_order order;
	unsigned differs;          /* enum kiosk_field bits; 0 = a match */
	bool name_truncated;       /* matched a truncated MRZ name */
	bool birth_date_partial;   /* the document leaves day or month unknown */
	bool id_number_checked;    /* the document carries a number to compare */
	char order_surname_mrz[MRZ_MAX_NAME * 2 + 1]; /* the order's recommended MRZ form, for staff */
	char order_given_mrz[MRZ_MAX_NAME * 2 + 1];
};

/* Compares one order with the document's MRZ.  *out gets a copy of the
 * order and the fields that differ. */
void kiosk_match_order(const struct mrz_result *doc, const struct kiosk_order *order,
                       struct kiosk_match *out);

/* How many fields differ: 0 is a match, 1 is a near miss worth showing staff. */
int kiosk_match_distance(const struct kiosk_match *m);

/* A staff-facing sentence naming the differing fields, e.g.
 * "surname differs: order MULLER, document MUELLER".  Never shown to the
 * cardholder (it would reveal another person's order data). */
void kiosk_match_explain(const struct kiosk_match *m, const struct mrz_result *doc,
                         char *buf, int cap);

/* "j***@example.com", "+46 *** *** 12": enough for the owner to recognise. */
void kiosk_mask_email(const char *email, char *out, int cap);
void kiosk_mask_phone(const char *phone, char *out, int cap);

/* Whether a nationality code needs an EU residence permit card to work in
 * Sweden (not an EU/EEA state or Switzerland, and not Sweden). */
bool kiosk_needs_permit(const char *nationality);

#endif
