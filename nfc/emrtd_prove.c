#define _POSIX_C_SOURCE 200809L
/* emrtd_prove.c - proving the chip genuine on a live session (ICAO Doc
 * 9303 part 11 §6): active authentication (INTERNAL AUTHENTICATE, DG15's
 * key) and chip authentication (DG14's key, secure messaging restarted with
 * the agreed keys), then the document's one verdict, where a pass counts
 * only for a key that passive authentication verified. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "emrtd_auth.h"
#include "emrtd_int.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

__attribute__((format(printf, 3, 4)))
static void say(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

/* A proof's state and the words for it; the document's verdict likewise. */
#define set(p, st, ...) ((p)->state = (st), say((p)->reason, sizeof (p)->reason, __VA_ARGS__))
#define verdict(d, v, ...) \
	((d)->verdict = (v), say((d)->verdict_reason, sizeof (d)->verdict_reason, __VA_ARGS__))

void emrtd_proof_describe(const struct emrtd_proof *p, char *buf, size_t cap)
{
	if (!buf || !cap)
		return;
	if (!p) {
		buf[0] = 0;
		return;
	}
	switch (p->state) {
	case EMRTD_PROOF_PASSED: snprintf(buf, cap, "passed"); break;
	case EMRTD_PROOF_FAILED: snprintf(buf, cap, "failed: %s", p->reason); break;
	case EMRTD_PROOF_NOT_CHECKED: snprintf(buf, cap, "not checked: %s", p->reason); break;
	case EMRTD_PROOF_NOT_SUPPORTED:
	default: snprintf(buf, cap, "not supported"); break;
	}
}

const char *emrtd_verdict_name(enum emrtd_verdict v)
{
	switch (v) {
	case EMRTD_VERDICT_GENUINE: return "genuine";
	case EMRTD_VERDICT_FAILED: return "failed";
	case EMRTD_VERDICT_NOT_PROVEN: break;
	}
	return "not proven";
}

/* Empties *out; *run is false when the chip has no such file (not
 * supported). */
static enum emrtd_err begin(struct emrtd_session *s, const uint8_t *file, struct emrtd_proof *out,
                            bool *run)
{
	*run = false;
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!s)
		return EMRTD_ERR_ARG;
	*run = file != NULL;
	return EMRTD_OK;
}

static unsigned apdus(const struct emrtd_session *s)
{
	struct emrtd_stats st;
	emrtd_session_stats(s, &st);
	return st.apdus;
}

/* ---- active authentication ---- */

enum emrtd_err emrtd_session_active_auth(struct emrtd_session *s, const uint8_t *dg15, size_t n15,
                                         const uint8_t *dg14, size_t n14, struct emrtd_proof *out)
{
	uint8_t cmd[5 + 8 + 1], sig[EMRTD_APDU_MAX];
	size_t sl = 0;
	uint16_t sw = 0;
	EVP_PKEY *key = NULL;
	struct emrtd_dg14 info;
	enum emrtd_hash hash = EMRTD_HASH_NONE;
	enum emrtd_err err, e;
	bool run;
	if ((err = begin(s, dg15, out, &run)) || !run)
		return err;
	double t0 = now_ms();
	unsigned a0 = apdus(s);
	if ((e = emrtd_dg15_key(dg15, n15, &key))) {
		if (e == EMRTD_ERR_UNSUPPORTED)
			set(out, EMRTD_PROOF_NOT_CHECKED, "the DG15 key type or size is not supported");
		else
			set(out, EMRTD_PROOF_FAILED, "DG15 holds no readable public key (%s)", emrtd_err_str(e));
		goto out;
	}
	/* ECDSA: the hash DG14's ActiveAuthenticationInfo names. */
	if (dg14 && emrtd_dg14_parse(dg14, n14, &info) == EMRTD_OK && info.has_aa)
		hash = info.aa_hash;
	cmd[0] = 0x00;
	cmd[1] = 0x88;  /* INTERNAL AUTHENTICATE */
	cmd[2] = 0x00;
	cmd[3] = 0x00;
	cmd[4] = 8;
	if (RAND_bytes(cmd + 5, 8) != 1) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "no random challenge");
		goto out;
	}
	cmd[13] = 0x00;  /* Le: up to 256 bytes (an RSA-2048 signature) */
	/* Some chips cut the answer to Le 00 short, or want the exact length
	 * (research §2): once more with Le = what the key gives, or what
	 * 6Cxx says. */
	size_t want = emrtd_aa_sig_len(key);
	for (int tries = 0; tries < 2; tries++) {
		if ((err = emrtd_session_xfer(s, cmd, sizeof cmd, sig, sizeof sig, &sl, &sw))) {
			set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(err));
			goto out;
		}
		uint8_t le = 0;
		if ((sw == 0x9000 && sl < want) || sw == 0x6700)
			le = want < 256 ? (uint8_t)want : 0;
		else if ((sw & 0xFF00) == 0x6C00)
			le = (uint8_t)sw;
		if (!le || le == cmd[13])
			break;
		cmd[13] = le;
	}
	if (sw != 0x9000) {
		set(out, EMRTD_PROOF_FAILED, "the chip refused INTERNAL AUTHENTICATE (status %04X)", sw);
		goto out;
	}
	e = emrtd_aa_verify(key, hash, cmd + 5, 8, sig, sl, out->algorithm, sizeof out->algorithm);
	if (e == EMRTD_OK)
		out->state = EMRTD_PROOF_PASSED;
	else if (e == EMRTD_ERR_BAD_SIGNATURE)
		set(out, EMRTD_PROOF_FAILED, "the signature does not verify with the DG15 key (%s)",
		    out->algorithm);
	else
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(e));
out:
	out->apdus = apdus(s) - a0;
	out->ms = now_ms() - t0;
	EVP_PKEY_free(key);
	emrtd_wipe(sig, sizeof sig);
	return err;
}

/* ---- chip authentication ---- */

static const char *cipher_name(enum emrtd_cipher c)
{
	switch (c) {
	case EMRTD_CIPHER_3DES: return "3DES";
	case EMRTD_CIPHER_AES128: return "AES-128";
	case EMRTD_CIPHER_AES192: return "AES-192";
	case EMRTD_CIPHER_AES256: return "AES-256";
	}
	return "?";
}

/* The first ChipAuthenticationInfo whose key (same agreement, same key id
 * when it names one) this library can use. */
static const struct emrtd_ca_info *pick(const struct emrtd_dg14 *d, EVP_PKEY **key)
{
	for (size_t i = 0; i < d->n_ca; i++) {
		const struct emrtd_ca_info *ci = &d->ca[i];
		for (size_t j = 0; j < d->n_keys; j++) {
			const struct emrtd_ca_key *k = &d->keys[j];
			if (k->agreement != ci->agreement)
				continue;
			if (ci->has_key_id && (!k->has_key_id || k->key_id != ci->key_id))
				continue;
			if (emrtd_ca_chip_key(k, key) == EMRTD_OK)
				return ci;
		}
	}
	return NULL;
}

/* A command under the current channel; a refusal is the chip's answer. */
static enum emrtd_err step(struct emrtd_session *s, const uint8_t *cmd, size_t n, uint8_t *ans,
                           size_t cap, size_t *al, uint16_t *sw)
{
	return emrtd_session_xfer(s, cmd, n, ans, cap, al, sw);
}

enum emrtd_err emrtd_session_chip_auth(struct emrtd_session *s, const uint8_t *dg14, size_t n14,
                                       struct emrtd_proof *out)
{
	uint8_t cmd[EMRTD_CA_MAX_PUB + 32], ans[64];
	size_t cl = 0, al = 0;
	uint16_t sw = 0;
	uint8_t *again = NULL;
	size_t again_len = 0;
	EVP_PKEY *key = NULL;
	struct emrtd_dg14 info;
	struct emrtd_ca ca;
	enum emrtd_err err, e;
	bool run;
	memset(&ca, 0, sizeof ca);
	if ((err = begin(s, dg14, out, &run)) || !run)
		return err;
	double t0 = now_ms();
	unsigned a0 = apdus(s);
	if ((e = emrtd_dg14_parse(dg14, n14, &info))) {
		set(out, EMRTD_PROOF_FAILED, "DG14 is malformed (%s)", emrtd_err_str(e));
		goto out;
	}
	if (info.n_ca == 0 || info.n_keys == 0)
		goto out; /* DG14 for active authentication or PACE only */
	const struct emrtd_ca_info *ci = pick(&info, &key);
	if (!ci) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "no chip authentication key in DG14 that this reader supports");
		goto out;
	}
	if ((e = emrtd_ca_terminal(ci, key, &ca))) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "key agreement: %s", emrtd_err_str(e));
		goto out;
	}
	snprintf(out->algorithm, sizeof out->algorithm, "%s %s %s",
	         ci->agreement == EMRTD_CA_ECDH ? "ECDH" : "DH", ca.params, cipher_name(ci->cipher));
	/* 3DES: MSE:Set KAT carries our key.  AES: MSE:Set AT names the
	 * protocol, GENERAL AUTHENTICATE carries the key (part 11 §6.2). */
	const char *what = "MSE:Set KAT";
	e = ci->cipher == EMRTD_CIPHER_3DES ? emrtd_ca_mse_kat(&ca, ci, cmd, sizeof cmd, &cl) :
	                                      emrtd_ca_mse_set_at(ci, cmd, sizeof cmd, &cl);
	if (!e)
		err = step(s, cmd, cl, ans, sizeof ans, &al, &sw);
	if (!e && !err && sw == 0x9000 && ci->cipher != EMRTD_CIPHER_3DES) {
		what = "GENERAL AUTHENTICATE";
		e = emrtd_pace_ga_build(true, 0x80, ca.pub, ca.pub_len, cmd, sizeof cmd, &cl);
		if (!e)
			err = step(s, cmd, cl, ans, sizeof ans, &al, &sw);
		if (!e && !err && sw == 0x9000 && (al < 2 || ans[0] != 0x7C)) {
			set(out, EMRTD_PROOF_FAILED, "the chip's GENERAL AUTHENTICATE answer is not 7C");
			goto out;
		}
	}
	if (e) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(e));
		goto out;
	}
	if (err) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(err));
		goto out;
	}
	if (sw != 0x9000) {
		set(out, EMRTD_PROOF_FAILED, "the chip refused %s (status %04X)", what, sw);
		goto out;
	}
	/* The chip answered under the old keys; from now on both sides use
	 * the new ones, SSC zero. */
	if ((e = emrtd_ca_start_sm(&ca, emrtd_session_sm(s)))) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(e));
		goto out;
	}
	/* The proof: a file read under keys only the holder of DG14's
	 * private key can have. */
	e = emrtd_session_read_file(s, EMRTD_FILE_DG14, &again, &again_len);
	if (e == EMRTD_ERR_CARD_LOST || e == EMRTD_ERR_TIMEOUT || e == EMRTD_ERR_TRANSPORT) {
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s", emrtd_err_str(e));
		err = e;
	} else if (e) {
		set(out, EMRTD_PROOF_FAILED, "no valid answer under the new keys (%s)", emrtd_err_str(e));
	} else if (again_len != n14 || memcmp(again, dg14, n14) != 0) {
		set(out, EMRTD_PROOF_FAILED, "DG14 read under the new keys differs from the first read");
	} else {
		out->state = EMRTD_PROOF_PASSED;
	}
out:
	out->apdus = apdus(s) - a0;
	out->ms = now_ms() - t0;
	EVP_PKEY_free(key);
	emrtd_ca_wipe(&ca);
	if (again)
		emrtd_wipe(again, again_len);
	free(again);
	return err;
}

/* ---- the document ---- */

enum emrtd_err emrtd_document_prove(struct emrtd_session *s, struct emrtd_document *d)
{
	enum emrtd_file f14 = EMRTD_FILE_DG14, f15 = EMRTD_FILE_DG15;
	enum emrtd_err err;
	/* Active authentication first: a failed chip authentication leaves no
	 * channel for it. */
	err = emrtd_session_active_auth(s, d->files[f15], d->lens[f15], d->files[f14], d->lens[f14],
	                                &d->aa_run);
	if (!err && d->tried[f15] && !d->files[f15])
		set(&d->aa_run, EMRTD_PROOF_NOT_CHECKED, "DG15 could not be read");
	if (err)
		return err;
	err = emrtd_session_chip_auth(s, d->files[f14], d->lens[f14], &d->ca_run);
	if (!err && d->tried[f14] && !d->files[f14])
		set(&d->ca_run, EMRTD_PROOF_NOT_CHECKED, "DG14 could not be read");
	return err;
}

/* A pass counts when passive authentication verified the file with the
 * key; a failure counts always. */
static void count(const struct emrtd_document *d, const struct emrtd_proof *run, enum emrtd_file f,
                  struct emrtd_proof *out)
{
	*out = *run;
	if (run->state != EMRTD_PROOF_PASSED)
		return;
	if (d->pa.verdict == EMRTD_CHECK_PASS && d->pa.dg_hash[f] == EMRTD_CHECK_PASS)
		return;
	if (d->pa.hashes != EMRTD_CHECK_NOT_DONE && !d->pa.dg_listed[f])
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s is not covered by EF.SOD", emrtd_file_name(f));
	else
		set(out, EMRTD_PROOF_NOT_CHECKED, "%s is not verified by passive authentication",
		    emrtd_file_name(f));
}

void emrtd_document_judge(struct emrtd_document *d, bool compared_mrz)
{
	const struct emrtd_proof *ca = &d->chip_auth, *aa = &d->active_auth;
	count(d, &d->ca_run, EMRTD_FILE_DG14, &d->chip_auth);
	count(d, &d->aa_run, EMRTD_FILE_DG15, &d->active_auth);
	/* PACE-CAM is chip authentication done during access: the chip proved
	 * the key that EF.CardSecurity names, and a trusted document signer
	 * signed that file.  It counts unless DG14's own proof failed. */
	if (d->cam_passed && d->chip_auth.state != EMRTD_PROOF_FAILED &&
	    d->chip_auth.state != EMRTD_PROOF_PASSED) {
		set(&d->chip_auth, EMRTD_PROOF_PASSED, "%s", "");
		snprintf(d->chip_auth.algorithm, sizeof d->chip_auth.algorithm, "PACE-CAM");
	}
	/* Without a trust store only the chain is missing: not proven rather
	 * than failed. */
	bool chain_missing = d->pa.signature == EMRTD_CHECK_PASS && d->pa.hashes == EMRTD_CHECK_PASS &&
	                     d->pa.chain == EMRTD_CHECK_NOT_DONE;
	if (d->pa.verdict == EMRTD_CHECK_FAIL && !chain_missing)
		verdict(d, EMRTD_VERDICT_FAILED, "passive authentication failed: %s", d->pa.reason);
	else if (d->files[EMRTD_FILE_DG1] && (!d->dg1_parsed || (compared_mrz && !d->dg1_matches)))
		verdict(d, EMRTD_VERDICT_FAILED, "%s", d->dg1_mismatch);
	else if (d->face_err)
		verdict(d, EMRTD_VERDICT_FAILED, "face: %s", emrtd_err_str(d->face_err));
	else if (ca->state == EMRTD_PROOF_FAILED)
		verdict(d, EMRTD_VERDICT_FAILED, "chip authentication failed: %s", ca->reason);
	else if (aa->state == EMRTD_PROOF_FAILED)
		verdict(d, EMRTD_VERDICT_FAILED, "active authentication failed: %s", aa->reason);
	else if (d->verified && ca->state == EMRTD_PROOF_PASSED)
		verdict(d, EMRTD_VERDICT_GENUINE, "passive and chip authentication passed");
	else if (d->verified && aa->state == EMRTD_PROOF_PASSED)
		verdict(d, EMRTD_VERDICT_GENUINE, "passive and active authentication passed");
	else if (d->pa.verdict != EMRTD_CHECK_PASS)
		verdict(d, EMRTD_VERDICT_NOT_PROVEN, "passive authentication not complete: %s", d->pa.reason);
	else if (!d->verified)
		verdict(d, EMRTD_VERDICT_NOT_PROVEN, "DG1 was not read");
	else if (ca->state == EMRTD_PROOF_NOT_SUPPORTED && aa->state == EMRTD_PROOF_NOT_SUPPORTED)
		verdict(d, EMRTD_VERDICT_NOT_PROVEN,
		        "the chip offers neither chip authentication (DG14) nor active authentication "
		        "(DG15): it may be a copy");
	else {
		char c[200], a[200];
		emrtd_proof_describe(ca, c, sizeof c);
		emrtd_proof_describe(aa, a, sizeof a);
		verdict(d, EMRTD_VERDICT_NOT_PROVEN, "chip authentication %s; active authentication %s", c, a);
	}
}
