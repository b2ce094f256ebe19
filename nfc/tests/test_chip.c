/* test_chip.c - the in-process eMRTD of the reader's unit tests. */
#include <string.h>

#include "test_chip.h"

void test_chip_init(struct test_chip *c)
{
	memset(c, 0, sizeof *c);
	c->selected = -1;
	c->refuse_sw = 0x6700;
}

static size_t sw_only(uint16_t sw, uint8_t *resp)
{
	resp[0] = (uint8_t)(sw >> 8);
	resp[1] = (uint8_t)sw;
	return 2;
}

static int find_fid(const struct test_chip *c, uint16_t fid)
{
	for (int i = 0; i < TEST_CHIP_FILES; i++)
		if (c->files[i].data && c->files[i].fid == fid)
			return i;
	return -1;
}

static int find_sfi(const struct test_chip *c, uint8_t sfi)
{
	for (int i = 0; i < TEST_CHIP_FILES; i++)
		if (c->files[i].data && c->files[i].sfi == sfi)
			return i;
	return -1;
}

/* Protected command -> protected answer (data, sw). */
static size_t protected_apdu(struct test_chip *c, const struct emrtd_apdu *a, uint8_t *resp, size_t cap)
{
	uint8_t out[EMRTD_APDU_MAX];
	size_t on = 0, rn = 0;
	uint16_t sw = 0x9000;
	if (a->ins == 0xA4 && a->p1 == 0x02) {
		if (a->has_le)
			c->le_on_select = true;
		int i = a->nc == 2 ? find_fid(c, (uint16_t)(a->data[0] << 8 | a->data[1])) : -1;
		if (i < 0)
			sw = 0x6A82;
		else
			c->selected = i;
	} else if (a->ins == 0xB0 || a->ins == 0xB1) {
		size_t off;
		int i = c->selected;
		if (a->ins == 0xB1) {
			struct emrtd_cursor cur, v;
			emrtd_cursor_init(&cur, a->data, a->nc);
			if (emrtd_cursor_expect(&cur, 0x54, &v) || v.left < 1 || v.left > 3) {
				sw = 0x6A80;
				goto answer;
			}
			off = 0;
			for (size_t k = 0; k < v.left; k++)
				off = off << 8 | v.p[k];
		} else if (a->p1 & 0x80) {
			if (c->no_sfi) {
				sw = 0x6A86;
				goto answer;
			}
			i = find_sfi(c, a->p1 & 0x1F);
			if (i < 0) {
				sw = 0x6A82;
				goto answer;
			}
			c->selected = i;
			off = a->p2;
		} else {
			off = (size_t)a->p1 << 8 | a->p2;
		}
		if (i < 0) {
			sw = 0x6986;
			goto answer;
		}
		size_t le = a->has_le ? a->ne : 0;
		size_t want = a->ins == 0xB1 ? (le > 4 ? le - 4 : 0) : le;
		if (le > c->largest_le)
			c->largest_le = le;
		if (c->max_le && want > c->max_le) {
			sw = c->refuse_sw == 0x6C00 ? (uint16_t)(0x6C00 | c->max_le) : c->refuse_sw;
			goto answer;
		}
		size_t len = c->files[i].len;
		if (off > len) {
			sw = 0x6B00;
			goto answer;
		}
		size_t n = len - off < want ? len - off : want;
		if (n < want)
			sw = 0x6282;
		if (c->overlong && off + n + c->overlong <= len)
			n += c->overlong;
		if (a->ins == 0xB1) {
			struct emrtd_writer w;
			emrtd_writer_init(&w, out, sizeof out);
			emrtd_writer_tlv(&w, 0x53, c->files[i].data + off, n);
			emrtd_writer_finish(&w, &on);
		} else {
			memcpy(out, c->files[i].data + off, n);
			on = n;
		}
		if (sw == 0x6282 && on == 0)
			sw = 0x6B00;
		else if (sw == 0x6282)
			sw = 0x9000;
	} else {
		sw = 0x6D00;
	}
answer:
	if (emrtd_sm_wrap_response(&c->sm, out, on, sw, resp, cap, &rn) != EMRTD_OK)
		return sw_only(0x6F00, resp);
	return rn;
}

static enum emrtd_err chip_transceive(void *ctx, const uint8_t *cmd, size_t n, uint8_t *resp,
                                      size_t cap, size_t *resp_len, int timeout_ms)
{
	struct test_chip *c = ctx;
	struct emrtd_apdu a;
	uint8_t buf[EMRTD_APDU_MAX];
	(void)timeout_ms;
	*resp_len = 0;
	c->apdus++;
	if (c->lost_after && c->apdus > c->lost_after)
		return EMRTD_ERR_CARD_LOST;
	if (cap < 300)
		return EMRTD_ERR_ARG;
	if (emrtd_apdu_parse(cmd, n, &a)) {
		*resp_len = sw_only(0x6700, resp);
		return EMRTD_OK;
	}
	if ((a.cla & 0x0C) == 0x0C) {
		struct emrtd_apdu p;
		if (!c->sm.active || emrtd_sm_unwrap_command(&c->sm, cmd, n, buf, sizeof buf, &p)) {
			emrtd_sm_wipe(&c->sm);
			*resp_len = sw_only(0x6988, resp);
			return EMRTD_OK;
		}
		*resp_len = protected_apdu(c, &p, resp, cap);
		return EMRTD_OK;
	}
	/* A plain command ends secure messaging. */
	emrtd_sm_wipe(&c->sm);
	if (a.ins == 0xA4 && a.p1 == 0x04) {
		static const uint8_t aid[] = {0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};
		if (a.has_le)
			c->le_on_select = true;
		c->app_selected = a.nc == 7 && memcmp(a.data, aid, 7) == 0;
		*resp_len = sw_only(c->app_selected ? 0x9000 : 0x6A82, resp);
	} else if (a.ins == 0x84 && c->app_selected) {
		for (int i = 0; i < 8; i++)
			c->rnd_ic[i] = (uint8_t)(0x40u + (unsigned)i * 3u + c->apdus);
		memcpy(resp, c->rnd_ic, 8);
		c->challenge_sent = true;
		*resp_len = 8 + sw_only(0x9000, resp + 8);
	} else if (a.ins == 0x82 && c->challenge_sent) {
		struct emrtd_bac_keys k;
		uint8_t k_ic[16];
		for (int i = 0; i < 16; i++)
			k_ic[i] = (uint8_t)(0xA0 ^ i);
		c->challenge_sent = false;
		emrtd_bac_keys_derive(c->seed, &k);
		if (emrtd_bac_icc_answer(&k, c->rnd_ic, k_ic, a.data, a.nc, resp, &c->sm) == EMRTD_OK)
			*resp_len = 40 + sw_only(0x9000, resp + 40);
		else
			*resp_len = sw_only(0x6300, resp);
		emrtd_wipe(&k, sizeof k);
	} else {
		*resp_len = sw_only(0x6982, resp);
	}
	return EMRTD_OK;
}

static const struct emrtd_transport_ops chip_ops = {"test", chip_transceive, NULL};

void test_chip_transport(struct test_chip *c, struct emrtd_transport *t)
{
	memset(t, 0, sizeof *t);
	t->ops = &chip_ops;
	t->ctx = c;
	t->max_response = 262;
}
