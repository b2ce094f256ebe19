#define _POSIX_C_SOURCE 200809L
/* card.c - the virtual eMRTD: the ICAO Doc 9303 part 10/11 command set over
 * ISO/IEC 7816-4 APDUs.  SELECT (by AID, by FID), GET CHALLENGE, EXTERNAL
 * (MUTUAL) AUTHENTICATE for BAC, secure messaging, READ BINARY (offset and
 * short file identifier forms), with the status words real chips use.
 *
 * Access protocols are INS handlers over one session state; PACE, chip and
 * active authentication add handlers and states, nothing else changes.
 * The BAC and SM crypto are the reader's own (emrtd_crypto.h, chip role). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "sim_auth.h"

enum {
	SW_OK = 0x9000,
	SW_END_OF_FILE = 0x6282,      /* fewer bytes than Le before the end */
	SW_AUTH_FAILED = 0x6300,
	SW_WRONG_LENGTH = 0x6700,
	SW_SECURITY = 0x6982,         /* security status not satisfied */
	SW_CONDITIONS = 0x6985,       /* conditions of use not satisfied (wrong order) */
	SW_NO_CURRENT_EF = 0x6986,
	SW_SM_DO_WRONG = 0x6988,      /* SM data objects incorrect */
	SW_WRONG_DATA = 0x6A80,
	SW_REF_NOT_FOUND = 0x6A88,    /* referenced data (a PACE password) not found */
	SW_NOT_FOUND = 0x6A82,
	SW_WRONG_P1P2 = 0x6A86,
	SW_OFFSET = 0x6B00,           /* offset outside the EF */
	SW_INS = 0x6D00,
	SW_CLA = 0x6E00,
	SW_UNKNOWN = 0x6F00,
};

static const uint8_t aid_emrtd[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

enum card_state {
	CARD_IDLE = 0,       /* powered, nothing selected */
	CARD_APP,            /* eMRTD application selected, no access yet */
	CARD_CHALLENGED,     /* GET CHALLENGE answered: BAC may follow */
	CARD_BAC,            /* BAC or PACE done: secure messaging on */
	CARD_PACE,           /* MSE:Set AT accepted: GENERAL AUTHENTICATE steps */
};

struct sim_card {
	const struct sim_doc *doc;
	struct sim_card_opts opts;
	enum card_state state;
	const struct sim_file *ef;     /* the current EF */
	uint8_t rnd_ic[8];
	struct emrtd_sm sm;
	struct sim_card_stats stats;
	/* PACE: EF.CardAccess under the MF, the run in progress. */
	uint8_t card_access_bytes[128];
	struct sim_file card_access;
	struct emrtd_pace_info pace_infos[2]; /* as EF.CardAccess lists them */
	size_t n_pace_infos;
	struct emrtd_pace_info pace_info;     /* the run MSE:Set AT chose */
	struct emrtd_pace pace;
	/* PACE-CAM: EF.CardSecurity (under the MF) and the static key. */
	uint8_t *card_security_bytes;
	struct sim_file card_security;
	uint8_t cam_sk[EMRTD_PACE_MAX_SCALAR];
	size_t cam_sk_len;
	bool mf_current;               /* after PACE, before the application's SELECT */
	uint8_t pace_kpi[32];
	int ga_step;                   /* next GENERAL AUTHENTICATE step, 1-4 */
	bool pace_session;             /* the SM session came from PACE */
	struct sim_ca_state ca;        /* chip authentication (auth.c) */
};

static bool has_pace(const struct sim_card *card)
{
	return card->opts.access != SIM_ACCESS_BAC;
}

/* The chip's PACEInfos (protocol, cipher and parameter id; a CAM chip
 * lists GM first, then CAM) and EF.CardAccess holding them; for CAM also
 * EF.CardSecurity and the static key. */
static bool build_card_access(struct sim_card *card)
{
	bool dh = card->opts.access == SIM_ACCESS_PACE_DH;
	bool cam = card->opts.access == SIM_ACCESS_PACE_CAM;
	unsigned arc = card->opts.pace_cipher ? card->opts.pace_cipher : 2;
	uint32_t param = card->opts.pace_param || dh ? card->opts.pace_param : 13;
	enum emrtd_cipher cipher = (enum emrtd_cipher)(arc - 1);
	enum emrtd_pace_agreement agreement = dh ? EMRTD_PACE_DH : EMRTD_PACE_ECDH;
	size_t n = 0, cs_len = 0;
	card->n_pace_infos = cam ? 2 : 1;
	if (arc < 1 || arc > 4 || param > 0x7F ||
	    emrtd_pace_info_make(agreement, EMRTD_PACE_GM, cipher, param, &card->pace_infos[0]) ||
	    (cam && emrtd_pace_info_make(agreement, EMRTD_PACE_CAM, cipher, param,
	                                 &card->pace_infos[1])))
		return false;
	for (size_t i = 0; i < card->n_pace_infos; i++)
		if (!emrtd_pace_supported(&card->pace_infos[i]))
			return false;
	if (emrtd_card_access_write(card->pace_infos, card->n_pace_infos, card->card_access_bytes,
	                            sizeof card->card_access_bytes, &n))
		return false;
	card->card_access.fid = 0x011C;
	card->card_access.sfi = 0x1C;
	card->card_access.data = card->card_access_bytes;
	card->card_access.len = n;
	if (cam) {
		if (sim_card_security_build(card->opts.pki_dir, card->pace_infos, card->n_pace_infos,
		                            card->opts.fault == SIM_FAULT_CAM_WRONG_KEY, card->cam_sk,
		                            sizeof card->cam_sk, &card->cam_sk_len,
		                            &card->card_security_bytes, &cs_len))
			return false;
		card->card_security.fid = 0x011D;
		card->card_security.sfi = 0x1D;
		card->card_security.data = card->card_security_bytes;
		card->card_security.len = cs_len;
	}
	card->opts.pki_dir = NULL; /* borrowed for this call only */
	return true;
}

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum sim_err sim_card_new(const struct sim_doc *doc, const struct sim_card_opts *opts,
                          struct sim_card **out)
{
	if (!out)
		return SIM_ERR_ARG;
	*out = NULL;
	if (!doc)
		return SIM_ERR_ARG;
	struct sim_card *card = calloc(1, sizeof *card);
	if (!card)
		return SIM_ERR_NOMEM;
	card->doc = doc;
	if (opts)
		card->opts = *opts;
	if (has_pace(card) && !build_card_access(card)) {
		sim_card_free(card);
		return SIM_ERR_ARG;
	}
	*out = card;
	return SIM_OK;
}

void sim_card_reset(struct sim_card *card)
{
	if (!card)
		return;
	emrtd_sm_wipe(&card->sm);
	emrtd_wipe(card->rnd_ic, sizeof card->rnd_ic);
	emrtd_pace_wipe(&card->pace);
	emrtd_wipe(card->pace_kpi, sizeof card->pace_kpi);
	card->ga_step = 0;
	card->pace_session = false;
	sim_ca_state_wipe(&card->ca);
	card->mf_current = false;
	card->state = CARD_IDLE;
	card->ef = NULL;
}

void sim_card_free(struct sim_card *card)
{
	if (!card)
		return;
	sim_card_reset(card);
	free(card->card_security_bytes);
	emrtd_wipe(card, sizeof *card);
	free(card);
}

void sim_card_stats(const struct sim_card *card, struct sim_card_stats *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof *out);
	if (card)
		*out = card->stats;
}

/* One answer being built: data then status word. */
struct reply {
	uint8_t data[SIM_MAX_RAPDU];
	size_t len;
	uint16_t sw;
};

static uint16_t sw_only(struct reply *r, uint16_t sw)
{
	r->len = 0;
	r->sw = sw;
	return sw;
}

static const struct sim_file *find_fid(const struct sim_card *card, uint16_t fid)
{
	return sim_doc_file(card->doc, fid);
}

static const struct sim_file *find_sfi(const struct sim_card *card, uint8_t sfi)
{
	for (int k = 0; k < SIM_DOC_FILES; k++) {
		const struct sim_file *f = &card->doc->files[k];
		if (f->data && f->sfi == sfi)
			return f;
	}
	return NULL;
}

static bool is_dg2(const struct sim_file *f)
{
	return f && f->fid == 0x0102;
}

static void select_cmd(struct sim_card *card, const struct emrtd_apdu *a, struct reply *r)
{
	/* P2: 0C no FCI, 00/04 FCI asked (we give none; allowed by 7816-4). */
	if (a->p2 != 0x0C && a->p2 != 0x00 && a->p2 != 0x04) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (a->p1 == 0x04) {                          /* by DF name (AID) */
		if (a->nc == sizeof aid_emrtd && memcmp(a->data, aid_emrtd, a->nc) == 0) {
			/* After PACE the terminal selects the application through
			 * the new channel (9303-11 §4.4.1). */
			if (card->state == CARD_BAC && card->pace_session) {
				card->ef = NULL;
				card->mf_current = false;
				sw_only(r, SW_OK);
				return;
			}
			/* Selecting the application again ends any session. */
			emrtd_sm_wipe(&card->sm);
			card->state = CARD_APP;
			card->pace_session = false;
			card->ef = NULL;
			sw_only(r, SW_OK);
		} else {
			sw_only(r, SW_NOT_FOUND);
		}
		return;
	}
	if (a->p1 != 0x00 && a->p1 != 0x02) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (a->nc != 2) {
		sw_only(r, SW_WRONG_LENGTH);
		return;
	}
	uint16_t fid = (uint16_t)(a->data[0] << 8 | a->data[1]);
	if (fid == 0x3F00 && a->p1 == 0x00) {         /* the MF */
		card->ef = NULL;
		sw_only(r, SW_OK);
		return;
	}
	if (fid == 0x011C && card->state != CARD_BAC) {
		/* EF.CardAccess under the MF: only on a PACE chip. */
		if (!has_pace(card)) {
			sw_only(r, SW_NOT_FOUND);
			return;
		}
		card->ef = &card->card_access;
		sw_only(r, SW_OK);
		return;
	}
	if (card->state == CARD_IDLE) {
		/* No EF.DIR under the MF. */
		sw_only(r, SW_NOT_FOUND);
		return;
	}
	if (card->state != CARD_BAC) {
		sw_only(r, SW_SECURITY);
		return;
	}
	if (fid == 0x011D && card->mf_current && card->card_security.len) {
		/* EF.CardSecurity under the MF, after PACE. */
		card->ef = &card->card_security;
		sw_only(r, SW_OK);
		return;
	}
	const struct sim_file *f = find_fid(card, fid);
	if (!f || (card->opts.fault == SIM_FAULT_SW_6A82 && is_dg2(f))) {
		sw_only(r, SW_NOT_FOUND);
		return;
	}
	card->ef = f;
	sw_only(r, SW_OK);
}

static void get_challenge(struct sim_card *card, const struct emrtd_apdu *a, struct reply *r)
{
	if (a->p1 || a->p2) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (!a->has_le || a->ne != 8 || a->nc) {
		sw_only(r, SW_WRONG_LENGTH);
		return;
	}
	if (card->state == CARD_IDLE) {
		sw_only(r, SW_CONDITIONS);
		return;
	}
	if (card->opts.access == SIM_ACCESS_PACE_ONLY_CAN) {
		sw_only(r, SW_INS);              /* no BAC on this chip */
		return;
	}
	if (card->opts.fixed_random)
		memcpy(card->rnd_ic, card->opts.rnd_ic, 8);
	else if (RAND_bytes(card->rnd_ic, 8) != 1) {
		sw_only(r, SW_UNKNOWN);
		return;
	}
	/* A new challenge ends a running session (as after a reset). */
	emrtd_sm_wipe(&card->sm);
	card->ef = NULL;
	card->state = CARD_CHALLENGED;
	memcpy(r->data, card->rnd_ic, 8);
	r->len = 8;
	r->sw = SW_OK;
}

static void external_authenticate(struct sim_card *card, const struct emrtd_apdu *a,
                                  struct reply *r)
{
	if (a->p1 || a->p2) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (a->nc != 40 || (a->has_le && a->ne != 40 && a->ne != 256)) {
		sw_only(r, SW_WRONG_LENGTH);
		return;
	}
	if (card->state != CARD_CHALLENGED) {
		sw_only(r, SW_CONDITIONS);
		return;
	}
	struct emrtd_bac_keys keys;
	uint8_t k_ic[16];
	if (card->opts.fixed_random)
		memcpy(k_ic, card->opts.k_ic, 16);
	else if (RAND_bytes(k_ic, 16) != 1) {
		sw_only(r, SW_UNKNOWN);
		return;
	}
	enum emrtd_err e = emrtd_bac_keys_derive(card->doc->bac_seed, &keys);
	if (e == EMRTD_OK)
		e = emrtd_bac_icc_answer(&keys, card->rnd_ic, k_ic, a->data, a->nc,
		                         r->data, &card->sm);
	emrtd_wipe(&keys, sizeof keys);
	emrtd_wipe(k_ic, sizeof k_ic);
	/* One challenge, one attempt. */
	emrtd_wipe(card->rnd_ic, sizeof card->rnd_ic);
	if (e != EMRTD_OK) {
		emrtd_sm_wipe(&card->sm);
		card->state = CARD_APP;
		card->pace_session = false;
		sw_only(r, e == EMRTD_ERR_MAC || e == EMRTD_ERR_BAC_BAD_RESPONSE ?
		        SW_AUTH_FAILED : SW_UNKNOWN);
		return;
	}
	card->state = CARD_BAC;
	card->pace_session = false;
	card->ef = NULL;
	r->len = 40;
	r->sw = SW_OK;
}

static void read_binary(struct sim_card *card, const struct emrtd_apdu *a, struct reply *r,
                        bool *lost)
{
	bool sfi_card_access = a->p1 == (0x80 | 0x1C);
	if ((a->p1 & 0x80) && card->opts.fault == SIM_FAULT_NO_SFI) {
		sw_only(r, SW_WRONG_P1P2); /* a chip without the SFI form */
		return;
	}
	if (card->state != CARD_BAC && sfi_card_access) {
		/* EF.CardAccess by short file identifier (under the MF). */
		if (!has_pace(card)) {
			sw_only(r, SW_NOT_FOUND);
			return;
		}
		card->ef = &card->card_access;
	}
	if (card->state != CARD_BAC && card->ef == &card->card_access &&
	    (!(a->p1 & 0x80) || sfi_card_access)) {
		/* EF.CardAccess is free to read. */
		size_t off = a->p1 & 0x80 ? a->p2 : (size_t)a->p1 << 8 | a->p2;
		const struct sim_file *f = card->ef;
		if (a->nc || !a->has_le) {
			sw_only(r, SW_WRONG_LENGTH);
			return;
		}
		if (off >= f->len) {
			sw_only(r, SW_OFFSET);
			return;
		}
		size_t ne = a->ne > 256 ? 256 : a->ne;
		size_t n = f->len - off < ne ? f->len - off : ne;
		memcpy(r->data, f->data + off, n);
		r->len = n;
		r->sw = n < ne ? SW_END_OF_FILE : SW_OK;
		return;
	}
	if (card->state != CARD_BAC) {
		sw_only(r, card->state == CARD_IDLE ? SW_NO_CURRENT_EF : SW_SECURITY);
		return;
	}
	const struct sim_file *f = card->ef;
	size_t off;
	if (a->p1 & 0x80) {                           /* short file identifier */
		if (a->p1 & 0x60) {
			sw_only(r, SW_WRONG_P1P2);
			return;
		}
		f = find_sfi(card, a->p1 & 0x1F);
		if (!f || (card->opts.fault == SIM_FAULT_SW_6A82 && is_dg2(f))) {
			sw_only(r, SW_NOT_FOUND);
			return;
		}
		card->ef = f;
		off = a->p2;
	} else {
		off = (size_t)a->p1 << 8 | a->p2;
	}
	if (!f) {
		sw_only(r, SW_NO_CURRENT_EF);
		return;
	}
	if (a->nc || !a->has_le) {
		sw_only(r, SW_WRONG_LENGTH);
		return;
	}
	if (is_dg2(f) && card->opts.fault == SIM_FAULT_SW_6982) {
		sw_only(r, SW_SECURITY);
		return;
	}
	if (is_dg2(f) && off > 0 && card->opts.fault == SIM_FAULT_LOST_TAG) {
		*lost = true;
		return;
	}
	if (off >= f->len) {
		sw_only(r, SW_OFFSET);
		return;
	}
	size_t ne = a->ne > 256 ? 256 : a->ne;   /* short APDUs only */
	size_t n = f->len - off < ne ? f->len - off : ne;
	memcpy(r->data, f->data + off, n);
	r->len = n;
	r->sw = n < ne ? SW_END_OF_FILE : SW_OK;
	if (card->opts.fault == SIM_FAULT_OVERLONG) {
		/* More than asked: 16 bytes beyond Le (zeros past the end). */
		size_t extra = 16;
		if (r->len + extra > 240)
			extra = 240 > r->len ? 240 - r->len : 0;
		memset(r->data + r->len, 0, extra);
		size_t more = f->len - off - n < extra ? f->len - off - n : extra;
		memcpy(r->data + r->len, f->data + off + n, more);
		r->len += extra;
		r->sw = SW_OK;
	}
}

/* MSE:Set AT for PACE: DO'80' our OID, DO'83' key reference, DO'84'
 * our parameter id when present. */
static void mse_set_at(struct sim_card *card, const struct emrtd_apdu *a, struct reply *r)
{
	struct emrtd_cursor c, v;
	uint32_t tag;
	bool have_oid = false;
	uint8_t key_ref = 0;
	if (a->p1 != 0xC1 || a->p2 != 0xA4) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (!has_pace(card) || card->state == CARD_BAC) {
		sw_only(r, SW_CONDITIONS);
		return;
	}
	emrtd_cursor_init(&c, a->data, a->nc);
	while (c.left) {
		if (emrtd_cursor_tlv(&c, &tag, &v)) {
			sw_only(r, SW_WRONG_DATA);
			return;
		}
		if (tag == 0x80) {
			size_t i = 0;
			while (i < card->n_pace_infos &&
			       (v.left != EMRTD_PACE_OID_LEN ||
			        memcmp(v.p, card->pace_infos[i].oid, EMRTD_PACE_OID_LEN) != 0))
				i++;
			if (i == card->n_pace_infos) {
				sw_only(r, SW_WRONG_DATA);
				return;
			}
			card->pace_info = card->pace_infos[i];
			have_oid = true;
		} else if (tag == 0x83) {
			if (v.left != 1) {
				sw_only(r, SW_WRONG_DATA);
				return;
			}
			key_ref = v.p[0];
		} else if (tag == 0x84) {
			if (v.left != 1 || v.p[0] != card->pace_infos[0].parameter_id) {
				sw_only(r, SW_WRONG_DATA);
				return;
			}
		}
	}
	if (!have_oid || !key_ref) {
		sw_only(r, SW_WRONG_DATA);
		return;
	}
	const uint8_t *pw = NULL;
	size_t pwl = 0;
	if (key_ref == EMRTD_PACE_KEY_MRZ && card->opts.access != SIM_ACCESS_PACE_ONLY_CAN) {
		pw = card->doc->pace_mrz;
		pwl = sizeof card->doc->pace_mrz;
	} else if (key_ref == EMRTD_PACE_KEY_CAN && card->opts.can[0]) {
		pw = (const uint8_t *)card->opts.can;
		while (pwl < sizeof card->opts.can && card->opts.can[pwl])
			pwl++;
	}
	if (!pw) {
		sw_only(r, SW_REF_NOT_FOUND);
		return;
	}
	emrtd_pace_wipe(&card->pace);
	if (emrtd_pace_init(&card->pace, &card->pace_info) ||
	    emrtd_kdf(card->pace_info.cipher, pw, pwl, EMRTD_KDF_PACE, card->pace_kpi)) {
		sw_only(r, SW_UNKNOWN);
		return;
	}
	card->state = CARD_PACE;
	card->ga_step = 1;
	card->ef = NULL;
	sw_only(r, SW_OK);
}

/* Ends a PACE run that failed: one run, one attempt. */
static void pace_abort(struct sim_card *card, struct reply *r, uint16_t sw)
{
	emrtd_pace_wipe(&card->pace);
	emrtd_wipe(card->pace_kpi, sizeof card->pace_kpi);
	card->ga_step = 0;
	card->state = CARD_IDLE;
	sw_only(r, sw);
}

/* 7C{tag value [tag2 value2]} into the reply (tag2 0: none). */
static void ga_reply(struct reply *r, uint8_t tag, const uint8_t *p, size_t n, uint8_t tag2,
                     const uint8_t *p2, size_t n2)
{
	struct emrtd_writer w, o;
	uint8_t inner[SIM_MAX_RAPDU];
	size_t in = 0;
	emrtd_writer_init(&o, inner, sizeof inner);
	emrtd_writer_tlv(&o, tag, p, n);
	if (tag2)
		emrtd_writer_tlv(&o, tag2, p2, n2);
	emrtd_writer_init(&w, r->data, sizeof r->data);
	if (emrtd_writer_finish(&o, &in) == EMRTD_OK)
		emrtd_writer_tlv(&w, 0x7C, inner, in);
	if (emrtd_writer_finish(&w, &r->len) != EMRTD_OK) {
		sw_only(r, SW_UNKNOWN);
		return;
	}
	r->sw = SW_OK;
}

static void general_authenticate(struct sim_card *card, const struct emrtd_apdu *a,
                                 struct reply *r)
{
	uint8_t pub[EMRTD_PACE_MAX_POINT], tok[8];
	const uint8_t *val = NULL;
	size_t vl = 0, pl = 0;
	if (a->p1 || a->p2) {
		sw_only(r, SW_WRONG_P1P2);
		return;
	}
	if (card->state != CARD_PACE || card->ga_step < 1 || card->ga_step > 4) {
		sw_only(r, SW_CONDITIONS);
		return;
	}
	/* Steps 1-3 are chained (CLA 10), step 4 ends the chain. */
	bool chained = (a->cla & 0x10) != 0;
	if (chained != (card->ga_step < 4)) {
		pace_abort(card, r, SW_CONDITIONS);
		return;
	}
	static const uint32_t want[5] = {0, 0, 0x81, 0x83, 0x85};
	if (card->ga_step == 1) {
		if (a->nc != 2 || a->data[0] != 0x7C || a->data[1] != 0x00) {
			pace_abort(card, r, SW_WRONG_DATA);
			return;
		}
	} else if (emrtd_pace_ga_parse(a->data, a->nc, want[card->ga_step], &val, &vl)) {
		pace_abort(card, r, SW_WRONG_DATA);
		return;
	}
	switch (card->ga_step) {
	case 1: {
		uint8_t z[16];
		size_t zl = 0;
		if (emrtd_pace_nonce_encrypt(&card->pace, card->pace_kpi, NULL, z, sizeof z, &zl)) {
			pace_abort(card, r, SW_UNKNOWN);
			return;
		}
		emrtd_wipe(card->pace_kpi, sizeof card->pace_kpi);
		ga_reply(r, 0x80, z, zl, 0, NULL, 0);
		break;
	}
	case 2:
		if (emrtd_pace_map_key(&card->pace, NULL, pub, sizeof pub, &pl) ||
		    emrtd_pace_map(&card->pace, val, vl)) {
			pace_abort(card, r, SW_WRONG_DATA);
			return;
		}
		ga_reply(r, 0x82, pub, pl, 0, NULL, 0);
		break;
	case 3:
		if (emrtd_pace_eph_key(&card->pace, NULL, pub, sizeof pub, &pl) ||
		    emrtd_pace_agree(&card->pace, val, vl)) {
			pace_abort(card, r, SW_WRONG_DATA);
			return;
		}
		ga_reply(r, 0x84, pub, pl, 0, NULL, 0);
		break;
	case 4:
		if (emrtd_pace_token_check(&card->pace, val, vl) != EMRTD_OK) {
			pace_abort(card, r, SW_AUTH_FAILED);  /* wrong password */
			return;
		}
		/* CAM: the encrypted chip authentication data go with the token. */
		uint8_t a_ic[EMRTD_PACE_MAX_SCALAR + 16];
		size_t al = 0;
		bool cam = card->pace_info.mapping == EMRTD_PACE_CAM;
		if (emrtd_pace_token(&card->pace, tok) ||
		    (cam && emrtd_pace_cam_encrypt(&card->pace, card->cam_sk, card->cam_sk_len, a_ic,
		                                   sizeof a_ic, &al)) ||
		    emrtd_pace_start_sm(&card->pace, &card->sm)) {
			pace_abort(card, r, SW_UNKNOWN);
			return;
		}
		if (card->opts.fault == SIM_FAULT_BAD_PACE_TOKEN)
			tok[7] ^= 0x01;
		ga_reply(r, 0x86, tok, 8, cam ? 0x8A : 0, a_ic, al);
		emrtd_wipe(tok, sizeof tok);
		emrtd_wipe(a_ic, sizeof a_ic);
		emrtd_pace_wipe(&card->pace);
		card->state = CARD_BAC;
		card->pace_session = true;
		card->mf_current = true;
		card->ef = NULL;
		card->ga_step = 0;
		return;
	}
	card->ga_step++;
}

static void dispatch(struct sim_card *card, const struct emrtd_apdu *a, struct reply *r,
                     bool *lost)
{
	switch (a->ins) {
	case 0xA4: select_cmd(card, a, r); break;
	case 0x84: get_challenge(card, a, r); break;
	case 0x82: external_authenticate(card, a, r); break;
	case 0xB0: read_binary(card, a, r, lost); break;
	case 0x22:
		if (a->p1 == 0x41 && card->state == CARD_BAC)  /* chip authentication */
			sw_only(r, sim_ca_mse(card->doc, a, &card->ca));
		else
			mse_set_at(card, a, r);
		break;
	case 0x86:
		if (card->state == CARD_BAC)
			r->sw = sim_ca_general_authenticate(card->doc, a, &card->ca, r->data,
			                                    sizeof r->data, &r->len);
		else
			general_authenticate(card, a, r);
		break;
	case 0x88:                                       /* INTERNAL AUTHENTICATE */
		if (card->state != CARD_BAC)
			sw_only(r, SW_SECURITY);
		else
			r->sw = sim_aa_answer(card->doc, a, card->opts.fault == SIM_FAULT_AA_CUT, r->data,
			                      sizeof r->data, &r->len);
		break;
	default: sw_only(r, SW_INS); break;
	}
}

static enum sim_err put_plain(const struct reply *r, uint8_t *resp, size_t cap,
                              size_t *resp_len)
{
	if (cap < r->len + 2)
		return SIM_ERR_TOO_BIG;
	memcpy(resp, r->data, r->len);
	resp[r->len] = (uint8_t)(r->sw >> 8);
	resp[r->len + 1] = (uint8_t)r->sw;
	*resp_len = r->len + 2;
	return SIM_OK;
}

enum sim_err sim_card_apdu(struct sim_card *card, const uint8_t *cmd, size_t cmd_len,
                           uint8_t *resp, size_t cap, size_t *resp_len)
{
	if (resp_len)
		*resp_len = 0;
	if (!card || (!cmd && cmd_len) || !resp || !resp_len)
		return SIM_ERR_ARG;
	if (cap < 2)
		return SIM_ERR_TOO_BIG;
	card->stats.apdus++;
	card->stats.bytes_in += cmd_len;

	struct reply r = {.len = 0, .sw = SW_OK};
	struct emrtd_apdu a;
	uint8_t plain[EMRTD_APDU_MAX];
	bool lost = false, protected_cmd = false;
	enum sim_err err;

	if (emrtd_apdu_parse(cmd, cmd_len, &a) != EMRTD_OK) {
		/* Too short for a header, or Lc/Le that do not fit the length. */
		sw_only(&r, SW_WRONG_LENGTH);
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}
	if (a.extended) {
		sw_only(&r, SW_WRONG_LENGTH);    /* short APDUs only, like most passports */
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}
	if ((a.cla & ~0x1Cu) != 0x00 || ((a.cla & 0x10) && a.ins != 0x86)) {
		sw_only(&r, SW_CLA);
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}
	if (card->state == CARD_BAC) {
		if ((a.cla & 0x0C) != 0x0C) {
			/* A plain command inside a session ends it (9303-11 §9.8.6). */
			card->state = CARD_APP;
			card->pace_session = false;
			card->ef = NULL;
			emrtd_sm_wipe(&card->sm);
			sw_only(&r, SW_SECURITY);
			err = put_plain(&r, resp, cap, resp_len);
			goto out;
		}
		double t0 = cpu_now();
		enum emrtd_err e = emrtd_sm_unwrap_command(&card->sm, cmd, cmd_len, plain,
		                                           sizeof plain, &a);
		card->stats.crypto_seconds += cpu_now() - t0;
		if (e != EMRTD_OK) {
			card->state = CARD_APP;
			card->pace_session = false;
			card->ef = NULL;
			emrtd_sm_wipe(&card->sm);
			sw_only(&r, SW_SM_DO_WRONG);
			err = put_plain(&r, resp, cap, resp_len);
			goto out;
		}
		protected_cmd = true;
	} else if (a.cla & 0x0C) {
		/* SM asked for without a session. */
		sw_only(&r, SW_SM_DO_WRONG);
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}

	dispatch(card, &a, &r, &lost);
	if (lost) {
		err = SIM_ERR_TAG_LOST;
		sim_card_reset(card);
		goto out;
	}
	if (!protected_cmd || !card->sm.active) {
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}

	double t0 = cpu_now();
	size_t n = 0;
	enum emrtd_err e = emrtd_sm_wrap_response(&card->sm, r.data, r.len, r.sw, resp, cap, &n);
	card->stats.crypto_seconds += cpu_now() - t0;
	if (e != EMRTD_OK) {
		sw_only(&r, SW_UNKNOWN);
		err = put_plain(&r, resp, cap, resp_len);
		goto out;
	}
	if (card->ca.pending) {
		/* Chip authentication: this answer went under the old keys, the
		 * next command comes under the new ones. */
		card->sm = card->ca.next_sm;
		sim_ca_state_wipe(&card->ca);
	}
	if (a.ins == 0xB0 && r.len > 0 && n >= 12) {
		if (card->opts.fault == SIM_FAULT_BAD_MAC)
			resp[n - 3] ^= 0x01;          /* last byte of DO'8E' */
		if (card->opts.fault == SIM_FAULT_TRUNCATED) {
			/* Cut inside DO'87': what is left still ends in 9000. */
			size_t keep = n / 2;
			resp[keep] = resp[n - 2];
			resp[keep + 1] = resp[n - 1];
			n = keep + 2;
		}
	}
	*resp_len = n;
	err = SIM_OK;
out:
	emrtd_wipe(plain, sizeof plain);
	emrtd_wipe(&r, sizeof r);
	if (err == SIM_OK)
		card->stats.bytes_out += *resp_len;
	return err;
}
