/* emrtd_document.c - one read of a document and its offline checks: the
 * files EF.COM lists, DG1 against the printed MRZ, the face, passive
 * authentication.  Personal data stays in the struct and is wiped with it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emrtd_crypto.h"
#include "emrtd_int.h"

static const enum emrtd_file wanted[] = {EMRTD_FILE_DG1,  EMRTD_FILE_DG2,  EMRTD_FILE_DG11,
                                         EMRTD_FILE_DG12, EMRTD_FILE_DG14, EMRTD_FILE_DG15};

/* Errors after which the session cannot go on. */
static bool fatal(enum emrtd_err e)
{
	return e != EMRTD_OK && e != EMRTD_ERR_NOT_FOUND && e != EMRTD_ERR_SECURITY &&
	       e != EMRTD_ERR_STATUS && e != EMRTD_ERR_BAD_TAG && e != EMRTD_ERR_TOO_BIG;
}

static enum emrtd_err read_one(struct emrtd_session *s, struct emrtd_document *d, enum emrtd_file f)
{
	d->tried[f] = true;
	d->file_err[f] = emrtd_session_read_file(s, f, &d->files[f], &d->lens[f]);
	return fatal(d->file_err[f]) ? d->file_err[f] : EMRTD_OK;
}

enum emrtd_err emrtd_document_read(struct emrtd_session *s, struct emrtd_document **out)
{
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	if (!s)
		return EMRTD_ERR_ARG;
	struct emrtd_document *d = calloc(1, sizeof *d);
	if (!d)
		return EMRTD_ERR_NOMEM;
	*out = d;
	const uint8_t *cs = NULL;
	size_t csl = 0;
	if (emrtd_session_cam(s, &cs, &csl) && (d->card_security = malloc(csl))) {
		memcpy(d->card_security, cs, csl);
		d->card_security_len = csl;
		d->cam = true;
	}
	enum emrtd_err err = read_one(s, d, EMRTD_FILE_COM);
	if (err)
		return err;
	if (d->files[EMRTD_FILE_COM])
		d->have_com = emrtd_com_parse(d->files[EMRTD_FILE_COM], d->lens[EMRTD_FILE_COM], &d->com) ==
		              EMRTD_OK;
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		enum emrtd_file f = wanted[i];
		bool must = f == EMRTD_FILE_DG1 || f == EMRTD_FILE_DG2;
		if (d->have_com ? !d->com.present[f] : !must)
			continue;
		err = read_one(s, d, f);
		if (err)
			return err;
	}
	if ((err = read_one(s, d, EMRTD_FILE_SOD)))
		return err;
	return emrtd_document_prove(s, d);
}

/* DG1 to lines of its format's width, then mrz_parse. */
static void parse_dg1(struct emrtd_document *d)
{
	char mrz[100], text[100];
	if (emrtd_dg1_mrz(d->files[EMRTD_FILE_DG1], d->lens[EMRTD_FILE_DG1], mrz, sizeof mrz)) {
		snprintf(d->dg1_mismatch, sizeof d->dg1_mismatch, "DG1 holds no readable MRZ");
		return;
	}
	size_t n = strlen(mrz), w = n == 90 ? 30 : n == 72 ? 36 : 44, k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && i % w == 0)
			text[k++] = '\n';
		text[k++] = mrz[i];
	}
	text[k] = 0;
	mrz_parse(text, k, NULL, &d->dg1);
	emrtd_wipe(mrz, sizeof mrz);
	emrtd_wipe(text, sizeof text);
	d->dg1_parsed = d->dg1.format != MRZ_FORMAT_UNKNOWN;
	if (!d->dg1_parsed)
		snprintf(d->dg1_mismatch, sizeof d->dg1_mismatch, "DG1 is not an MRZ");
}

static void compare_dg1(struct emrtd_document *d, const struct mrz_result *key)
{
	const struct mrz_result *g = &d->dg1;
	const char *what = NULL;
	if (strcmp(g->document_number, key->document_number) != 0)
		what = "document number";
	else if (strcmp(g->birth_date.raw, key->birth_date.raw) != 0)
		what = "birth date";
	else if (strcmp(g->expiry_date.raw, key->expiry_date.raw) != 0)
		what = "expiry date";
	else if (strcmp(g->surname, key->surname) != 0 || strcmp(g->given_names, key->given_names) != 0)
		what = "name";
	else if (strcmp(g->issuing_state, key->issuing_state) != 0)
		what = "issuing state";
	if (what)
		snprintf(d->dg1_mismatch, sizeof d->dg1_mismatch, "%s in DG1 differs from the printed MRZ", what);
	d->dg1_matches = what == NULL;
}

enum emrtd_err emrtd_document_verify(struct emrtd_document *d, const struct emrtd_trust *trust,
                                     const struct mrz_result *key_mrz)
{
	if (!d)
		return EMRTD_ERR_ARG;
	mrz_result_wipe(&d->dg1);
	emrtd_image_fini(&d->image);
	d->dg1_parsed = d->dg1_matches = d->verified = d->complete = false;
	d->dg1_mismatch[0] = d->incomplete[0] = 0;
	memset(&d->face, 0, sizeof d->face);
	memset(&d->pa, 0, sizeof d->pa);
	d->face_err = EMRTD_OK;

	if (d->files[EMRTD_FILE_DG1]) {
		parse_dg1(d);
		if (d->dg1_parsed && key_mrz)
			compare_dg1(d, key_mrz);
	}
	if (d->files[EMRTD_FILE_DG2]) {
		d->face_err = emrtd_dg2_parse(d->files[EMRTD_FILE_DG2], d->lens[EMRTD_FILE_DG2], &d->face);
		if (!d->face_err)
			d->face_err = emrtd_face_decode(&d->face, &d->image);
		if (!d->face_err) {
			d->face.width = d->image.width;
			d->face.height = d->image.height;
		}
	}
	if (d->files[EMRTD_FILE_SOD]) {
		const uint8_t *files[EMRTD_FILE_COUNT];
		for (int f = 0; f < EMRTD_FILE_COUNT; f++)
			files[f] = d->files[f];
		enum emrtd_err err = emrtd_passive_auth(trust, d->files[EMRTD_FILE_SOD], d->lens[EMRTD_FILE_SOD],
		                                        files, d->lens, &d->pa);
		if (err)
			return err;
	} else {
		d->pa.verdict = EMRTD_CHECK_FAIL;
		snprintf(d->pa.reason, sizeof d->pa.reason, "EF.SOD could not be read: %s",
		         emrtd_err_str(d->tried[EMRTD_FILE_SOD] ? d->file_err[EMRTD_FILE_SOD] : EMRTD_ERR_NOT_FOUND));
	}
	/* A data group the chip lists but would not give is a finding: the
	 * kiosk cannot compare a face it did not get. */
	for (int f = EMRTD_FILE_DG1; f <= EMRTD_FILE_DG16 && !d->incomplete[0]; f++)
		if (d->tried[f] && !d->files[f])
			snprintf(d->incomplete, sizeof d->incomplete, "%s listed in EF.COM but not read: %s",
			         emrtd_file_name((enum emrtd_file)f), emrtd_err_str(d->file_err[f]));
	if (!d->incomplete[0] && !d->files[EMRTD_FILE_DG2])
		snprintf(d->incomplete, sizeof d->incomplete, "DG2 (the face, mandatory) is not on the chip");
	d->complete = !d->incomplete[0];
	if (d->cam) {
		uint8_t *content = malloc(d->card_security_len);
		size_t cl = 0;
		if (!content)
			return EMRTD_ERR_NOMEM;
		(void)emrtd_card_security_check(trust, d->card_security, d->card_security_len,
		                                &d->card_security_check, content,
		                                d->card_security_len, &cl);
		free(content);
	}
	d->cam_passed = d->cam && d->card_security_check.verdict == EMRTD_CHECK_PASS;
	d->verified = d->pa.verdict == EMRTD_CHECK_PASS && d->dg1_parsed && (d->dg1_matches || !key_mrz) &&
	              !d->face_err;
	emrtd_document_judge(d, key_mrz != NULL);
	return EMRTD_OK;
}

void emrtd_document_free(struct emrtd_document *d)
{
	if (!d)
		return;
	for (int f = 0; f < EMRTD_FILE_COUNT; f++) {
		emrtd_wipe(d->files[f], d->lens[f]);
		free(d->files[f]);
	}
	free(d->card_security);
	if (d->image.rgb)
		emrtd_wipe(d->image.rgb, (size_t)d->image.width * d->image.height * 3);
	emrtd_image_fini(&d->image);
	emrtd_wipe(d, sizeof *d);
	free(d);
}
