/* emrtd_session.c - one conversation with a chip: select the eMRTD
 * application, BAC, then files through secure messaging, READ BINARY in
 * chunks that fit the transport, smaller when the chip refuses the size.
 *
 * Access protocols are steps that end in an active struct emrtd_sm; PACE
 * and chip authentication will be further steps that replace it. */
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "emrtd_chip_key.h"
#include "emrtd_crypto.h"
#include "emrtd_int.h"

enum { DEFAULT_TIMEOUT_MS = 2000, DEFAULT_READ = 0xDF, MIN_READ = 0x10 };

/* Smaller READ BINARY sizes tried after a refusal. */
static const size_t read_fallbacks[] = {0xDF, 0xA0, 0x80, 0x70, 0x40, 0x20, 0x10};

struct emrtd_session {
	struct emrtd_transport *t;
	struct emrtd_options opts;
	struct emrtd_sm sm;
	enum emrtd_access access;
	struct emrtd_stats stats;
	uint16_t last_sw;
	size_t read_size;
	bool sfi_refused;
	char pace[64];          /* the PACE run: emrtd_session_pace_protocol */
	uint8_t *card_security; /* PACE-CAM: EF.CardSecurity as read */
	size_t card_security_len;
	bool cam;               /* PACE-CAM proved the chip's key */
};

void emrtd_free(void *p)
{
	free(p);
}

const char *emrtd_access_name(enum emrtd_access a)
{
	switch (a) {
	case EMRTD_ACCESS_NONE: return "none";
	case EMRTD_ACCESS_BAC: return "BAC";
	case EMRTD_ACCESS_PACE_ECDH_GM: return "PACE-ECDH-GM";
	case EMRTD_ACCESS_PACE_DH_GM: return "PACE-DH-GM";
	case EMRTD_ACCESS_PACE_ECDH_CAM: return "PACE-ECDH-CAM";
	}
	return "unknown";
}

void emrtd_transport_close(struct emrtd_transport *t)
{
	if (t && t->ops && t->ops->close)
		t->ops->close(t->ctx);
}

/* Largest plaintext chunk whose protected answer fits the transport. */
static size_t fit_read(const struct emrtd_session *s, size_t want)
{
	size_t maxr = s->t->max_response ? s->t->max_response : 258;
	while (want > MIN_READ) {
		/* DO87 (tag, up to 3 length bytes, indicator, padded data up to
		 * 16 more) + DO99 (4) + DO8E (10) + SW (2). */
		size_t need = 1 + 3 + 1 + want + 16 + 4 + 10 + 2;
		if (need <= maxr)
			break;
		want--;
	}
	return want;
}

/* One APDU, plain or protected.  *sw and the response data. */
static enum emrtd_err xfer(struct emrtd_session *s, const uint8_t *cmd, size_t n, uint8_t *data,
                           size_t cap, size_t *data_len, uint16_t *sw)
{
	uint8_t wire[EMRTD_APDU_MAX], resp[EMRTD_APDU_MAX];
	size_t wn = 0, rn = 0;
	enum emrtd_err err;
	*data_len = 0;
	*sw = 0;
	if (s->sm.active) {
		err = emrtd_sm_wrap_command(&s->sm, cmd, n, wire, sizeof wire, &wn);
		if (err)
			goto out;
	} else {
		if (n > sizeof wire) {
			err = EMRTD_ERR_TOO_BIG;
			goto out;
		}
		memcpy(wire, cmd, n);
		wn = n;
	}
	s->stats.apdus++;
	s->stats.bytes_out += wn;
	err = s->t->ops->transceive(s->t->ctx, wire, wn, resp, sizeof resp, &rn,
	                            s->opts.timeout_ms);
	if (err)
		goto out;
	if (rn > sizeof resp) {
		err = EMRTD_ERR_TRANSPORT;
		goto out;
	}
	s->stats.bytes_in += rn;
	if (rn < 2) {
		err = EMRTD_ERR_TRUNCATED;
		goto out;
	}
	if (s->sm.active) {
		err = emrtd_sm_unwrap_response(&s->sm, resp, rn, data, cap, data_len, sw);
		if (err == EMRTD_ERR_SM_STATUS) {
			/* A bare status word.  6987/6988: the chip found our SM
			 * broken and ended the session; other errors some chips send
			 * unprotected, and they carry no data to trust. */
			if (*sw == 0x6987 || *sw == 0x6988) {
				s->sm.active = false;
				err = EMRTD_ERR_SM_STATUS;
			} else if (*sw == 0x9000) {
				err = EMRTD_ERR_SM_MISSING_DO; /* success must be protected */
			} else {
				err = EMRTD_OK;
			}
		}
	} else {
		if (rn - 2 > cap) {
			err = EMRTD_ERR_TOO_BIG;
			goto out;
		}
		memcpy(data, resp, rn - 2);
		*data_len = rn - 2;
		*sw = (uint16_t)(resp[rn - 2] << 8 | resp[rn - 1]);
	}
	if (!err && *sw != 0x9000)
		s->last_sw = *sw;
out:
	emrtd_wipe(wire, wn);
	emrtd_wipe(resp, rn < sizeof resp ? rn : sizeof resp);
	return err;
}

enum emrtd_err emrtd_session_open(struct emrtd_transport *t, const struct emrtd_options *opts,
                                  struct emrtd_session **out)
{
	static const uint8_t select_app[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00,
	                                     0x00, 0x02, 0x47, 0x10, 0x01};
	uint8_t data[64];
	size_t dl;
	uint16_t sw;
	if (!out)
		return EMRTD_ERR_ARG;
	*out = NULL;
	if (!t || !t->ops || !t->ops->transceive)
		return EMRTD_ERR_ARG;
	struct emrtd_session *s = calloc(1, sizeof *s);
	if (!s)
		return EMRTD_ERR_NOMEM;
	s->t = t;
	if (opts)
		s->opts = *opts;
	if (s->opts.timeout_ms <= 0)
		s->opts.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (s->opts.max_read == 0 || s->opts.max_read > DEFAULT_READ)
		s->opts.max_read = DEFAULT_READ;
	if (s->opts.max_read < MIN_READ)
		s->opts.max_read = MIN_READ;
	s->read_size = fit_read(s, s->opts.max_read);
	s->stats.read_size = (unsigned)s->read_size;
	/* SELECT without Le: some chips refuse one (research §2). */
	enum emrtd_err err = xfer(s, select_app, sizeof select_app, data, sizeof data, &dl, &sw);
	if (!err && sw != 0x9000)
		err = EMRTD_ERR_NOT_EMRTD;
	if (err) {
		emrtd_session_close(s);
		return err;
	}
	*out = s;
	return EMRTD_OK;
}

enum emrtd_err emrtd_session_bac(struct emrtd_session *s, const uint8_t seed[16])
{
	static const uint8_t get_challenge[] = {0x00, 0x84, 0x00, 0x00, 0x08};
	uint8_t rnd_ic[8], rnd_ifd[8], k_ifd[16], cmd[5 + 40 + 1], resp[64];
	struct emrtd_bac_keys keys;
	size_t rl = 0;
	uint16_t sw;
	enum emrtd_err err;
	if (!s || !seed)
		return EMRTD_ERR_ARG;
	emrtd_sm_wipe(&s->sm);
	s->access = EMRTD_ACCESS_NONE;
	err = emrtd_bac_keys_derive(seed, &keys);
	if (err)
		goto out;
	err = xfer(s, get_challenge, sizeof get_challenge, rnd_ic, sizeof rnd_ic, &rl, &sw);
	if (err)
		goto out;
	if (sw != 0x9000 || rl != 8) {
		err = sw == 0x9000 ? EMRTD_ERR_BAD_LENGTH : EMRTD_ERR_UNSUPPORTED;
		goto out;
	}
	if (RAND_bytes(rnd_ifd, 8) != 1 || RAND_bytes(k_ifd, 16) != 1) {
		err = EMRTD_ERR_CRYPTO;
		goto out;
	}
	cmd[0] = 0x00;
	cmd[1] = 0x82;
	cmd[2] = 0x00;
	cmd[3] = 0x00;
	cmd[4] = 40;
	err = emrtd_bac_ifd_request(&keys, rnd_ic, rnd_ifd, k_ifd, cmd + 5);
	if (err)
		goto out;
	cmd[45] = 40;
	err = xfer(s, cmd, sizeof cmd, resp, sizeof resp, &rl, &sw);
	if (err)
		goto out;
	if (sw == 0x6300 || sw == 0x6982 || sw == 0x6988 || sw == 0x6A88 || sw == 0x6985) {
		err = EMRTD_ERR_ACCESS_DENIED;
		goto out;
	}
	if (sw != 0x9000) {
		err = EMRTD_ERR_STATUS;
		goto out;
	}
	err = emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd, resp, rl, &s->sm);
	if (err == EMRTD_OK)
		s->access = EMRTD_ACCESS_BAC;
out:
	emrtd_wipe(&keys, sizeof keys);
	emrtd_wipe(rnd_ifd, sizeof rnd_ifd);
	emrtd_wipe(k_ifd, sizeof k_ifd);
	emrtd_wipe(cmd, sizeof cmd);
	emrtd_wipe(resp, sizeof resp);
	if (err)
		emrtd_sm_wipe(&s->sm);
	return err;
}

static enum emrtd_err sw_error(uint16_t sw)
{
	switch (sw) {
	case 0x6A82: return EMRTD_ERR_NOT_FOUND;
	case 0x6982: return EMRTD_ERR_SECURITY;
	case 0x6987:
	case 0x6988: return EMRTD_ERR_SM_STATUS;
	default: return EMRTD_ERR_STATUS;
	}
}

/* Whether a status word says "ask for fewer bytes". */
static bool sw_wants_smaller(uint16_t sw)
{
	return sw == 0x6700 || sw == 0x6282 || sw == 0x6B00 || (sw & 0xFF00) == 0x6C00 ||
	       sw == 0x6F00;
}

/* READ BINARY of len bytes at offset (sfi > 0: first read by short file
 * identifier).  Offsets above 0x7FFF use the odd INS B1 with DO'54'. */
static enum emrtd_err read_binary(struct emrtd_session *s, uint8_t sfi, size_t offset, size_t len,
                                  uint8_t *out, size_t *got, uint16_t *sw)
{
	uint8_t cmd[16], buf[EMRTD_APDU_MAX];
	size_t n = 0, bl = 0;
	enum emrtd_err err;
	*got = 0;
	cmd[n++] = 0x00;
	if (offset <= 0x7FFF) {
		cmd[n++] = 0xB0;
		if (sfi) {
			cmd[n++] = (uint8_t)(0x80 | sfi);
			cmd[n++] = (uint8_t)offset;
		} else {
			cmd[n++] = (uint8_t)(offset >> 8);
			cmd[n++] = (uint8_t)offset;
		}
		cmd[n++] = (uint8_t)(len == 256 ? 0 : len);
	} else {
		cmd[n++] = 0xB1;
		cmd[n++] = 0x00;
		cmd[n++] = 0x00;
		cmd[n++] = 5;
		cmd[n++] = 0x54;
		cmd[n++] = 0x03;
		cmd[n++] = (uint8_t)(offset >> 16);
		cmd[n++] = (uint8_t)(offset >> 8);
		cmd[n++] = (uint8_t)offset;
		/* The answer wraps the data in DO'53': ask for its header too. */
		cmd[n++] = (uint8_t)(len + 4 > 255 ? 0 : len + 4);
	}
	err = xfer(s, cmd, n, buf, sizeof buf, &bl, sw);
	if (err)
		goto out;
	if (*sw != 0x9000 && !(*sw == 0x6282 && bl > 0))
		goto out;
	if (offset > 0x7FFF) {
		struct emrtd_cursor c, v;
		emrtd_cursor_init(&c, buf, bl);
		err = emrtd_cursor_expect(&c, 0x53, &v);
		if (err)
			goto out;
		if (v.left > len) {
			err = EMRTD_ERR_BAD_LENGTH;
			goto out;
		}
		memcpy(out, v.p, v.left);
		*got = v.left;
	} else {
		if (bl > len) {
			/* More than asked: a broken or hostile chip. */
			err = EMRTD_ERR_BAD_LENGTH;
			goto out;
		}
		memcpy(out, buf, bl);
		*got = bl;
	}
out:
	emrtd_wipe(buf, bl);
	return err;
}

/* Reads len bytes at offset, shrinking the chunk size when the chip
 * refuses it.  *got may be less than len only at the end of the file. */
static enum emrtd_err read_chunk(struct emrtd_session *s, uint8_t sfi, size_t offset, size_t len,
                                 uint8_t *out, size_t *got)
{
	uint16_t sw = 0;
	for (;;) {
		size_t ask = len < s->read_size ? len : s->read_size;
		enum emrtd_err err = read_binary(s, sfi, offset, ask, out, got, &sw);
		if (err)
			return err;
		if (*got > 0)
			return EMRTD_OK;
		if (sw == 0x9000)
			return EMRTD_ERR_TRUNCATED; /* success with no bytes: never loop */
		if (!sw_wants_smaller(sw))
			return sw_error(sw);
		size_t next = 0;
		if ((sw & 0xFF00) == 0x6C00 && (sw & 0xFF) && (sw & 0xFF) < ask) {
			next = sw & 0xFF;
		} else {
			for (size_t i = 0; i < sizeof read_fallbacks / sizeof read_fallbacks[0]; i++) {
				if (read_fallbacks[i] < ask) {
					next = read_fallbacks[i];
					break;
				}
			}
		}
		if (next == 0 || next >= ask)
			return sw_error(sw);
		s->read_size = next;
		s->stats.read_size = (unsigned)next;
	}
}

static enum emrtd_err select_file(struct emrtd_session *s, uint16_t fid)
{
	uint16_t sw;
	uint8_t cmd[7] = {0x00, 0xA4, 0x02, 0x0C, 0x02, (uint8_t)(fid >> 8), (uint8_t)fid};
	uint8_t data[64];
	size_t dl;
	enum emrtd_err err = xfer(s, cmd, sizeof cmd, data, sizeof data, &dl, &sw);
	if (err)
		return err;
	return sw == 0x9000 ? EMRTD_OK : sw_error(sw);
}

static enum emrtd_err read_ef(struct emrtd_session *s, enum emrtd_file f, uint16_t fid,
                              uint8_t sfi, uint32_t want_tag, uint8_t **data, size_t *len);

enum emrtd_err emrtd_session_read_file(struct emrtd_session *s, enum emrtd_file f, uint8_t **data,
                                       size_t *len)
{
	if (!data || !len)
		return EMRTD_ERR_ARG;
	*data = NULL;
	*len = 0;
	if (!s || (int)f < 0 || f >= EMRTD_FILE_COUNT)
		return EMRTD_ERR_ARG;
	uint8_t sfi = s->opts.use_sfi && !s->sfi_refused ? emrtd_file_sfi(f) : 0;
	return read_ef(s, f, emrtd_file_fid(f), sfi, emrtd_file_tag(f), data, len);
}

/* One whole EF through secure messaging: fid (or sfi when not 0), its
 * TLV tag; f is the LDS file for the progress callback (EMRTD_FILE_COUNT:
 * none). */
static enum emrtd_err read_ef(struct emrtd_session *s, enum emrtd_file f, uint16_t fid,
                              uint8_t sfi, uint32_t want_tag, uint8_t **data, size_t *len)
{
	uint8_t head[8];
	uint8_t *buf = NULL;
	size_t got = 0, have = 0, hl = 0, vl = 0, total = 0;
	uint32_t tag;
	enum emrtd_err err;
	bool progress = s->opts.progress && f < EMRTD_FILE_COUNT;
	if (!s->sm.active)
		return EMRTD_ERR_SECURITY;
	/* First the TLV header: 4 bytes, 2 more when the length needs them. */
	for (;;) {
		err = EMRTD_OK;
		if (sfi) {
			uint16_t sw = 0;
			err = read_binary(s, sfi, 0, 4, head, &got, &sw);
			if (!err && got == 0 && (sw == 0x6A86 || sw == 0x6A81 || sw == 0x6D00 ||
			                         sw == 0x6B00 || sw == 0x6E00 || sw == 0x6981)) {
				s->sfi_refused = true; /* no SFI on this chip: SELECT */
				sfi = 0;
				continue;
			}
			if (!err && got == 0)
				err = sw == 0x9000 ? EMRTD_ERR_TRUNCATED : sw_error(sw);
		} else {
			err = select_file(s, fid);
			if (!err)
				err = read_chunk(s, 0, 0, 4, head, &got);
		}
		break;
	}
	if (err)
		goto out;
	have = got;
	err = emrtd_tlv_header(head, have, &tag, &hl, &vl);
	if (err == EMRTD_ERR_TRUNCATED && have == 4) {
		err = read_chunk(s, 0, 4, 2, head + 4, &got);
		if (err)
			goto out;
		have += got;
		err = emrtd_tlv_header(head, have, &tag, &hl, &vl);
	}
	if (err)
		goto out;
	if (tag != want_tag) {
		err = EMRTD_ERR_BAD_TAG;
		goto out;
	}
	if (vl > EMRTD_MAX_FILE - hl) {
		err = EMRTD_ERR_TOO_BIG;
		goto out;
	}
	total = hl + vl;
	if (have > total)
		have = total;
	buf = malloc(total);
	if (!buf) {
		err = EMRTD_ERR_NOMEM;
		goto out;
	}
	memcpy(buf, head, have);
	if (progress)
		s->opts.progress(s->opts.progress_ctx, f, have, total);
	while (have < total) {
		err = read_chunk(s, 0, have, total - have, buf + have, &got);
		if (err)
			goto out;
		have += got;
		if (progress)
			s->opts.progress(s->opts.progress_ctx, f, have, total);
	}
	*data = buf;
	*len = total;
	buf = NULL;
out:
	if (buf) {
		emrtd_wipe(buf, total);
		free(buf);
	}
	emrtd_wipe(head, sizeof head);
	return err;
}

/* ---- PACE ---- */

#define CARD_ACCESS_MAX 1024u

static enum emrtd_err plain_select(struct emrtd_session *s, const uint8_t *cmd, size_t n,
                                   uint16_t *sw)
{
	uint8_t data[64];
	size_t dl;
	return xfer(s, cmd, n, data, sizeof data, &dl, sw);
}

/* EF.CardAccess under the MF, read without secure messaging: by short
 * file identifier 1C first (no SELECT), by SELECT of 011C when the chip
 * does not take the SFI form. */
static enum emrtd_err read_card_access(struct emrtd_session *s, uint8_t *buf, size_t cap,
                                       size_t *len)
{
	static const uint8_t select_mf[] = {0x00, 0xA4, 0x00, 0x0C, 0x02, 0x3F, 0x00};
	static const uint8_t select_ca[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1C};
	size_t got = 0, have, hl, vl;
	uint32_t tag;
	uint16_t sw = 0;
	enum emrtd_err err;
	*len = 0;
	/* Some chips answer 6A82 or 6986 to selecting the MF by FID; the
	 * EF.CardAccess read decides. */
	if ((err = plain_select(s, select_mf, sizeof select_mf, &sw)))
		return err;
	if ((err = read_binary(s, 0x1C, 0, 4, buf, &got, &sw)))
		return err;
	if (got == 0 && sw == 0x6A82)
		return EMRTD_ERR_NOT_FOUND; /* no such file: a BAC chip */
	if (got == 0) {
		/* No SFI here: SELECT, then READ BINARY by offset. */
		if ((err = plain_select(s, select_ca, sizeof select_ca, &sw)))
			return err;
		if (sw != 0x9000)
			return EMRTD_ERR_NOT_FOUND;
		if ((err = read_chunk(s, 0, 0, 4, buf, &got)))
			return err == EMRTD_ERR_STATUS ? EMRTD_ERR_NOT_FOUND : err;
	}
	have = got;
	if ((err = emrtd_tlv_header(buf, have, &tag, &hl, &vl)))
		return err;
	if (vl > cap - hl)
		return EMRTD_ERR_TOO_BIG;
	if (have > hl + vl)
		have = hl + vl;
	while (have < hl + vl) {
		/* The SFI form reaches offsets up to 255; the file is then
		 * current, so the rest reads by offset. */
		if ((err = read_chunk(s, 0, have, hl + vl - have, buf + have, &got)))
			return err;
		have += got;
	}
	*len = have;
	return EMRTD_OK;
}

/* What emrtd_session_access reports for a PACE run. */
static enum emrtd_access pace_access(const struct emrtd_pace_info *info)
{
	if (info->mapping == EMRTD_PACE_CAM)
		return EMRTD_ACCESS_PACE_ECDH_CAM;
	return info->agreement == EMRTD_PACE_DH ? EMRTD_ACCESS_PACE_DH_GM : EMRTD_ACCESS_PACE_ECDH_GM;
}

/* One GENERAL AUTHENTICATE: sends tag/value, returns the answer's object
 * rtag (borrowed from ans). */
static enum emrtd_err ga_step(struct emrtd_session *s, bool last, uint32_t tag, const uint8_t *p,
                              size_t n, uint32_t rtag, uint8_t *ans, size_t cap, size_t *alen,
                              const uint8_t **val, size_t *vl)
{
	uint8_t cmd[EMRTD_PACE_MAX_POINT + 32];
	size_t cl = 0, al = 0;
	*alen = 0;
	uint16_t sw = 0;
	enum emrtd_err err = emrtd_pace_ga_build(last, tag, p, n, cmd, sizeof cmd, &cl);
	if (!err)
		err = xfer(s, cmd, cl, ans, cap, &al, &sw);
	if (err)
		return err;
	if (sw == 0x6300 || (sw & 0xFFF0) == 0x63C0 || sw == 0x6982 || sw == 0x6984)
		return EMRTD_ERR_ACCESS_DENIED;
	if (sw != 0x9000)
		return EMRTD_ERR_STATUS;
	*alen = al;
	return emrtd_pace_ga_parse(ans, al, rtag, val, vl);
}

/* PACE-CAM, after the tokens: the chip's encrypted chip authentication
 * data (DO'8A' of the last answer, ans) must open to CA_IC with CA_IC ·
 * PK_IC = its mapping key, PK_IC being the static key of EF.CardSecurity,
 * read through the new channel from the MF.  The file's signature is
 * checked against the trust store later (emrtd_document_verify). */
static enum emrtd_err pace_cam(struct emrtd_session *s, const struct emrtd_pace *pace,
                               const uint8_t *ans, size_t al)
{
	const uint8_t *a_ic = NULL;
	uint8_t *cs = NULL, *content = NULL;
	size_t an = 0, csl = 0, cl = 0;
	struct emrtd_pa pa;
	struct emrtd_chip_key key;
	enum emrtd_err err;
	if (emrtd_pace_ga_parse(ans, al, 0x8A, &a_ic, &an))
		return EMRTD_ERR_CAM_FAILED; /* no chip authentication data */
	if ((err = read_ef(s, EMRTD_FILE_COUNT, 0x011D, 0, 0x30, &cs, &csl)))
		goto out;
	if (!(content = malloc(csl))) {
		err = EMRTD_ERR_NOMEM;
		goto out;
	}
	if ((err = emrtd_card_security_check(NULL, cs, csl, &pa, content, csl, &cl)) ||
	    (err = emrtd_chip_key_find(content, cl, false, &key)))
		goto out;
	if ((err = emrtd_pace_cam_check(pace, a_ic, an, key.pub, key.pub_len)))
		goto out;
	s->card_security = cs;
	s->card_security_len = csl;
	s->cam = true;
	cs = NULL;
out:
	free(content);
	free(cs);
	/* A CAM chip that does not prove its key fails closed, whatever the
	 * reason (never NOT_FOUND, which would read as a BAC chip). */
	if (err && err != EMRTD_ERR_CARD_LOST && err != EMRTD_ERR_TIMEOUT &&
	    err != EMRTD_ERR_TRANSPORT && err != EMRTD_ERR_NOMEM)
		err = EMRTD_ERR_CAM_FAILED;
	return err;
}

static void cam_clear(struct emrtd_session *s)
{
	free(s->card_security);
	s->card_security = NULL;
	s->card_security_len = 0;
	s->cam = false;
}

bool emrtd_session_cam(const struct emrtd_session *s, const uint8_t **card_security,
                       size_t *len)
{
	if (card_security)
		*card_security = s && s->cam ? s->card_security : NULL;
	if (len)
		*len = s && s->cam ? s->card_security_len : 0;
	return s && s->cam;
}

enum emrtd_err emrtd_session_pace(struct emrtd_session *s, unsigned key_ref,
                                  const uint8_t *password, size_t n)
{
	static const uint8_t select_app[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00,
	                                     0x00, 0x02, 0x47, 0x10, 0x01};
	uint8_t ca_buf[CARD_ACCESS_MAX], kpi[32], cmd[64], ans[EMRTD_PACE_MAX_POINT + 32];
	uint8_t pub[EMRTD_PACE_MAX_POINT], tok[8];
	const uint8_t *val;
	size_t ca_len = 0, cl = 0, vl = 0, pl = 0, al = 0;
	struct emrtd_card_access ca;
	const struct emrtd_pace_info *info = NULL;
	struct emrtd_pace pace;
	uint16_t sw = 0;
	enum emrtd_err err;
	memset(&pace, 0, sizeof pace);
	if (!s || !password || !n || (key_ref != EMRTD_PACE_KEY_MRZ && key_ref != EMRTD_PACE_KEY_CAN))
		return EMRTD_ERR_ARG;
	emrtd_sm_wipe(&s->sm);
	s->access = EMRTD_ACCESS_NONE;
	s->pace[0] = 0;
	cam_clear(s);
	if ((err = read_card_access(s, ca_buf, sizeof ca_buf, &ca_len)))
		goto out;
	if ((err = emrtd_card_access_parse(ca_buf, ca_len, &ca)))
		goto out;
	if (!(info = emrtd_pace_choose(&ca))) {
		err = ca.n_pace ? EMRTD_ERR_UNSUPPORTED : EMRTD_ERR_NOT_FOUND;
		goto out;
	}
	if ((err = emrtd_pace_init(&pace, info)))
		goto out;
	if ((err = emrtd_kdf(info->cipher, password, n, EMRTD_KDF_PACE, kpi)))
		goto out;
	if ((err = emrtd_pace_mse_set_at(info, (uint8_t)key_ref, cmd, sizeof cmd, &cl)))
		goto out;
	if ((err = xfer(s, cmd, cl, ans, sizeof ans, &vl, &sw)))
		goto out;
	if (sw != 0x9000) {
		/* 6A88 reference data not found, 6A80/6985 refused: with the MRZ
		 * the chip wants the CAN. */
		if (key_ref == EMRTD_PACE_KEY_MRZ &&
		    (sw == 0x6A88 || sw == 0x6A80 || sw == 0x6985 || sw == 0x6982))
			err = EMRTD_ERR_NEEDS_CAN;
		else
			err = EMRTD_ERR_STATUS;
		goto out;
	}
	/* 1: the encrypted nonce. */
	if ((err = ga_step(s, false, 0, NULL, 0, 0x80, ans, sizeof ans, &al, &val, &vl)))
		goto out;
	if ((err = emrtd_pace_nonce_decrypt(&pace, kpi, val, vl)))
		goto out;
	/* 2: mapping keys. */
	if ((err = emrtd_pace_map_key(&pace, NULL, pub, sizeof pub, &pl)))
		goto out;
	if ((err = ga_step(s, false, 0x81, pub, pl, 0x82, ans, sizeof ans, &al, &val, &vl)))
		goto out;
	if ((err = emrtd_pace_map(&pace, val, vl)))
		goto out;
	/* 3: ephemeral keys. */
	if ((err = emrtd_pace_eph_key(&pace, NULL, pub, sizeof pub, &pl)))
		goto out;
	if ((err = ga_step(s, false, 0x83, pub, pl, 0x84, ans, sizeof ans, &al, &val, &vl)))
		goto out;
	if ((err = emrtd_pace_agree(&pace, val, vl)))
		goto out;
	/* 4: tokens; the chip's is checked before anything is trusted. */
	if ((err = emrtd_pace_token(&pace, tok)))
		goto out;
	if ((err = ga_step(s, true, 0x85, tok, 8, 0x86, ans, sizeof ans, &al, &val, &vl))) {
		/* The chip checks our token first: a refusal here is the password. */
		if (err == EMRTD_ERR_ACCESS_DENIED && key_ref == EMRTD_PACE_KEY_CAN)
			err = EMRTD_ERR_CAN_REFUSED;
		goto out;
	}
	if ((err = emrtd_pace_token_check(&pace, val, vl)))
		goto out;
	if ((err = emrtd_pace_start_sm(&pace, &s->sm)))
		goto out;
	if (info->mapping == EMRTD_PACE_CAM && (err = pace_cam(s, &pace, ans, al)))
		goto out;
	/* The application, selected through the new channel. */
	if ((err = plain_select(s, select_app, sizeof select_app, &sw)))
		goto out;
	if (sw != 0x9000) {
		err = EMRTD_ERR_NOT_EMRTD;
		goto out;
	}
	s->access = pace_access(info);
	emrtd_pace_describe(info, s->pace, sizeof s->pace);
out:
	emrtd_pace_wipe(&pace);
	emrtd_wipe(kpi, sizeof kpi);
	emrtd_wipe(ans, sizeof ans);
	emrtd_wipe(tok, sizeof tok);
	if (err) {
		emrtd_sm_wipe(&s->sm);
		cam_clear(s);
	}
	return err;
}

enum emrtd_err emrtd_access_key_from_mrz(const struct mrz_result *mrz,
                                         struct emrtd_access_key *key)
{
	if (!key)
		return EMRTD_ERR_ARG;
	memset(key, 0, sizeof *key);
	if (!mrz)
		return EMRTD_ERR_ARG;
	enum emrtd_err err = emrtd_bac_seed_from_mrz(mrz, key->bac_seed);
	if (!err)
		err = emrtd_pace_mrz_password(mrz, key->mrz_password);
	if (err)
		emrtd_access_key_wipe(key);
	else
		key->has_mrz = true;
	return err;
}

void emrtd_access_key_wipe(struct emrtd_access_key *key)
{
	emrtd_wipe(key, key ? sizeof *key : 0);
}

enum emrtd_err emrtd_session_authenticate(struct emrtd_session *s,
                                          const struct emrtd_access_key *key)
{
	static const uint8_t select_app[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00,
	                                     0x00, 0x02, 0x47, 0x10, 0x01};
	enum emrtd_err err = EMRTD_ERR_NOT_FOUND;
	uint16_t sw = 0;
	if (!s || !key)
		return EMRTD_ERR_ARG;
	size_t can_len = 0;
	while (can_len < sizeof key->can && key->can[can_len])
		can_len++;
	if (!key->has_mrz && !can_len)
		return EMRTD_ERR_ARG;
	if (!s->opts.no_pace) {
		if (can_len)
			err = emrtd_session_pace(s, EMRTD_PACE_KEY_CAN, (const uint8_t *)key->can,
			                         can_len);
		else
			err = emrtd_session_pace(s, EMRTD_PACE_KEY_MRZ, key->mrz_password,
			                         sizeof key->mrz_password);
		if (err == EMRTD_OK)
			return EMRTD_OK;
		/* Losing the card ends every attempt. */
		if (err == EMRTD_ERR_CARD_LOST || err == EMRTD_ERR_TIMEOUT ||
		    err == EMRTD_ERR_TRANSPORT)
			return err;
		/* No EF.CardAccess: a BAC chip.  Otherwise fail closed; a chip
		 * that failed chip authentication (CAM) gets no BAC at all. */
		if (err != EMRTD_ERR_NOT_FOUND &&
		    (!s->opts.bac_fallback || err == EMRTD_ERR_CAM_FAILED))
			return err;
		/* Back to the application for BAC.  A chip that finished PACE
		 * on its side (our check of its token failed) ends that session
		 * on the first plain command and answers it with an error. */
		for (int tries = 0; tries < 2; tries++) {
			enum emrtd_err e2 = plain_select(s, select_app, sizeof select_app, &sw);
			if (e2)
				return e2;
			if (sw == 0x9000)
				break;
		}
		if (sw != 0x9000)
			return EMRTD_ERR_NOT_EMRTD;
	}
	if (!key->has_mrz)
		return err == EMRTD_ERR_NOT_FOUND ? EMRTD_ERR_UNSUPPORTED : err;
	enum emrtd_err bac = emrtd_session_bac(s, key->bac_seed);
	/* A failed PACE says more than the BAC that followed it. */
	if (bac && err != EMRTD_ERR_NOT_FOUND && !s->opts.no_pace)
		return err;
	return bac;
}

enum emrtd_err emrtd_session_xfer(struct emrtd_session *s, const uint8_t *cmd, size_t n,
                                  uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw)
{
	return xfer(s, cmd, n, data, cap, data_len, sw);
}

struct emrtd_sm *emrtd_session_sm(struct emrtd_session *s)
{
	return &s->sm;
}

enum emrtd_access emrtd_session_access(const struct emrtd_session *s)
{
	return s ? s->access : EMRTD_ACCESS_NONE;
}

const char *emrtd_session_pace_protocol(const struct emrtd_session *s)
{
	return s && s->access != EMRTD_ACCESS_BAC ? s->pace : "";
}

void emrtd_session_stats(const struct emrtd_session *s, struct emrtd_stats *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof *out);
	if (s)
		*out = s->stats;
}

uint16_t emrtd_session_last_sw(const struct emrtd_session *s)
{
	return s ? s->last_sw : 0;
}

void emrtd_session_close(struct emrtd_session *s)
{
	if (!s)
		return;
	emrtd_sm_wipe(&s->sm);
	cam_clear(s);
	emrtd_wipe(s, sizeof *s);
	free(s);
}
