/* pn532.c - a PN532 as libnfc's pn532_uart driver sees it over HSU: frame
 * parsing and writing, and the command set an ISO 14443-4 reader uses
 * (PN532 User Manual, NXP UM0701-02, sections 6.2 and 7). */
#include <stdlib.h>
#include <string.h>

#include "chip_sim.h"

enum {
	TFI_HOST = 0xD4,
	TFI_CHIP = 0xD5,
	CMD_DIAGNOSE = 0x00,
	CMD_GET_FIRMWARE_VERSION = 0x02,
	CMD_GET_GENERAL_STATUS = 0x04,
	CMD_READ_REGISTER = 0x06,
	CMD_WRITE_REGISTER = 0x08,
	CMD_SET_PARAMETERS = 0x12,
	CMD_SAM_CONFIGURATION = 0x14,
	CMD_POWER_DOWN = 0x16,
	CMD_RF_CONFIGURATION = 0x32,
	CMD_IN_DATA_EXCHANGE = 0x40,
	CMD_IN_COMMUNICATE_THRU = 0x42,
	CMD_IN_DESELECT = 0x44,
	CMD_IN_LIST_PASSIVE_TARGET = 0x4A,
	CMD_IN_PSL = 0x4E,
	CMD_IN_RELEASE = 0x52,
	CMD_IN_SELECT = 0x54,
	/* InDataExchange status codes (UM0701-02 table 15). */
	ST_OK = 0x00,
	ST_TIMEOUT = 0x01,
	ST_INVALID_PARAM = 0x27,
	ST_TARGET_RELEASED = 0x29,
	ST_MI = 0x40,
};

static const uint8_t ack_frame[6] = {0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};
static const uint8_t error_frame[8] = {0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00};

/* A small register file: libnfc reads and writes a handful of CIU
 * registers; unknown addresses read as 0. */
#define REG_SLOTS 32

struct sim_pn532 {
	struct sim_target_ops target;
	bool field_on;
	bool target_active;      /* listed and not released */
	bool target_lost;        /* left the field for good (lost-tag fault) */
	uint8_t target_type;     /* BrTy of the listing: 0 = A, 3 = B */
	unsigned delay_ms;
	uint16_t reg_addr[REG_SLOTS];
	uint8_t reg_val[REG_SLOTS];
	unsigned reg_count;
	/* The rest of an answer longer than one frame (MI chaining). */
	uint8_t pending[SIM_MAX_RAPDU];
	size_t pending_len, pending_off;
	/* The last response frame, resent on NACK. */
	uint8_t last[SIM_PN532_MAX_FRAME];
	size_t last_len;
	struct sim_pn532_stats stats;
};

enum sim_err sim_pn532_frame_parse(const uint8_t *buf, size_t len,
                                   struct sim_frame *frame, size_t *consumed)
{
	*consumed = 0;
	if (!buf || !frame)
		return SIM_ERR_ARG;
	frame->kind = SIM_FRAME_INFO;
	frame->extended = false;
	frame->len = 0;

	size_t i = 0;
	while (i + 1 < len && !(buf[i] == 0x00 && buf[i + 1] == 0xFF))
		i++;
	if (i + 1 >= len) {
		/* Keep a trailing 00: it may be the first half of a start code. */
		*consumed = (len && buf[len - 1] == 0x00) ? len - 1 : len;
		return SIM_ERR_NEED_MORE;
	}
	*consumed = i;      /* noise before the start code */
	const uint8_t *p = buf + i + 2;
	size_t left = len - i - 2;
	if (left < 2)
		return SIM_ERR_NEED_MORE;

	if (p[0] == 0x00 && p[1] == 0xFF) {
		frame->kind = SIM_FRAME_ACK;
		*consumed = i + 4 + (left > 2 && p[2] == 0x00);
		return SIM_OK;
	}
	if (p[0] == 0xFF && p[1] == 0x00) {
		frame->kind = SIM_FRAME_NACK;
		*consumed = i + 4 + (left > 2 && p[2] == 0x00);
		return SIM_OK;
	}

	size_t n, hdr;
	if (p[0] == 0xFF && p[1] == 0xFF) {
		if (left < 5)
			return SIM_ERR_NEED_MORE;
		if ((uint8_t)(p[2] + p[3] + p[4]) != 0) {
			*consumed = i + 2;
			return SIM_ERR_BAD_LCS;
		}
		n = (size_t)p[2] << 8 | p[3];
		hdr = 5;
		frame->extended = true;
	} else {
		if ((uint8_t)(p[0] + p[1]) != 0) {
			*consumed = i + 2;
			return SIM_ERR_BAD_LCS;
		}
		n = p[0];
		hdr = 2;
	}
	if (n == 0) {
		*consumed = i + 2 + hdr;
		return SIM_ERR_BAD_LENGTH;
	}
	if (n > SIM_PN532_MAX_DATA) {
		*consumed = i + 2 + hdr;
		return SIM_ERR_TOO_BIG;
	}
	if (left < hdr + n + 2)
		return SIM_ERR_NEED_MORE;

	const uint8_t *d = p + hdr;
	uint8_t sum = 0;
	for (size_t k = 0; k < n + 1; k++)
		sum = (uint8_t)(sum + d[k]);
	*consumed = i + 2 + hdr + n + 2;
	if (sum != 0)
		return SIM_ERR_BAD_DCS;
	if (d[n + 1] != 0x00)
		return SIM_ERR_BAD_POSTAMBLE;
	if (n == 1 && d[0] == 0x7F && !frame->extended) {
		frame->kind = SIM_FRAME_ERROR;
		frame->data[0] = 0x7F;
		frame->len = 1;
		return SIM_OK;
	}
	memcpy(frame->data, d, n);
	frame->len = n;
	return SIM_OK;
}

enum sim_err sim_pn532_frame_write(const uint8_t *data, size_t len,
                                   uint8_t *out, size_t cap, size_t *out_len)
{
	if (out_len)
		*out_len = 0;
	if (!data || !out || !out_len || len == 0)
		return SIM_ERR_ARG;
	if (len > SIM_PN532_MAX_DATA)
		return SIM_ERR_TOO_BIG;
	size_t need = len + (len > 255 ? 10 : 7);
	if (cap < need)
		return SIM_ERR_TOO_BIG;
	size_t k = 0;
	out[k++] = 0x00;
	out[k++] = 0x00;
	out[k++] = 0xFF;
	if (len > 255) {
		out[k++] = 0xFF;
		out[k++] = 0xFF;
		out[k++] = (uint8_t)(len >> 8);
		out[k++] = (uint8_t)len;
		out[k++] = (uint8_t)(0x100 - ((len >> 8) + (len & 0xFF)));
	} else {
		out[k++] = (uint8_t)len;
		out[k++] = (uint8_t)(0x100 - len);
	}
	uint8_t sum = 0;
	for (size_t j = 0; j < len; j++) {
		out[k++] = data[j];
		sum = (uint8_t)(sum + data[j]);
	}
	out[k++] = (uint8_t)(0x100 - sum);
	out[k++] = 0x00;
	*out_len = k;
	return SIM_OK;
}

enum sim_err sim_pn532_new(const struct sim_target_ops *target,
                           struct sim_pn532 **out)
{
	if (!out)
		return SIM_ERR_ARG;
	*out = NULL;
	if (!target || !target->apdu)
		return SIM_ERR_ARG;
	struct sim_pn532 *emu = calloc(1, sizeof *emu);
	if (!emu)
		return SIM_ERR_NOMEM;
	emu->target = *target;
	emu->field_on = true;
	*out = emu;
	return SIM_OK;
}

void sim_pn532_free(struct sim_pn532 *emu)
{
	if (!emu)
		return;
	/* pending may hold a response APDU. */
	memset(emu->pending, 0, sizeof emu->pending);
	free(emu);
}

void sim_pn532_set_delay(struct sim_pn532 *emu, unsigned delay_ms)
{
	if (emu)
		emu->delay_ms = delay_ms;
}

void sim_pn532_stats(const struct sim_pn532 *emu, struct sim_pn532_stats *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof *out);
	if (emu)
		*out = emu->stats;
}

static void target_release(struct sim_pn532 *emu)
{
	if (emu->target_active && emu->target.reset)
		emu->target.reset(emu->target.ctx);
	emu->target_active = false;
	emu->pending_len = emu->pending_off = 0;
}

static uint8_t reg_read(const struct sim_pn532 *emu, uint16_t addr)
{
	for (unsigned k = 0; k < emu->reg_count; k++)
		if (emu->reg_addr[k] == addr)
			return emu->reg_val[k];
	return 0;
}

static void reg_write(struct sim_pn532 *emu, uint16_t addr, uint8_t val)
{
	for (unsigned k = 0; k < emu->reg_count; k++)
		if (emu->reg_addr[k] == addr) {
			emu->reg_val[k] = val;
			return;
		}
	if (emu->reg_count < REG_SLOTS) {
		emu->reg_addr[emu->reg_count] = addr;
		emu->reg_val[emu->reg_count++] = val;
	}
}

/* Puts the next piece of the pending answer after the status byte. */
static size_t exchange_chunk(struct sim_pn532 *emu, uint8_t *r)
{
	size_t rest = emu->pending_len - emu->pending_off;
	size_t n = rest > SIM_PN532_MAX_EXCHANGE ? SIM_PN532_MAX_EXCHANGE : rest;
	r[0] = (uint8_t)(ST_OK | (rest > n ? ST_MI : 0));
	memcpy(r + 1, emu->pending + emu->pending_off, n);
	emu->pending_off += n;
	if (emu->pending_off == emu->pending_len)
		emu->pending_len = emu->pending_off = 0;
	return 1 + n;
}

/* Fills r (after D5 and cmd+1) with the answer to one command.  Returns
 * false when the chip answers with the application error frame. */
static bool command(struct sim_pn532 *emu, const uint8_t *c, size_t n,
                    uint8_t *r, size_t *rn, unsigned *delay_ms)
{
	*rn = 0;
	switch (c[0]) {
	case CMD_DIAGNOSE:
		if (n >= 2 && c[1] == 0x00) {           /* communication line test */
			memcpy(r, c + 1, n - 1);
			*rn = n - 1;
			return true;
		}
		if (n >= 2 && c[1] == 0x06) {           /* card presence */
			r[0] = (emu->target_active && !emu->target_lost) ? ST_OK : ST_TIMEOUT;
			*rn = 1;
			return true;
		}
		return false;
	case CMD_GET_FIRMWARE_VERSION:
		r[0] = 0x32;   /* IC: PN532 */
		r[1] = 0x01;   /* version 1.6 */
		r[2] = 0x06;
		r[3] = 0x07;   /* ISO 14443 A, B and 18092 */
		*rn = 4;
		return true;
	case CMD_GET_GENERAL_STATUS:
		r[0] = 0x00;
		r[1] = emu->field_on ? 1 : 0;
		r[2] = emu->target_active ? 1 : 0;
		*rn = 3;
		if (emu->target_active) {
			r[3] = 0x01;
			r[4] = 0x00;
			r[5] = 0x00;
			r[6] = emu->target_type == 3 ? 0x03 : 0x00;
			*rn = 7;
		}
		r[(*rn)++] = 0x00;  /* SAM status */
		return true;
	case CMD_READ_REGISTER:
		if (n < 3 || (n - 1) % 2)
			return false;
		for (size_t k = 1; k + 1 < n; k += 2)
			r[(*rn)++] = reg_read(emu, (uint16_t)(c[k] << 8 | c[k + 1]));
		return true;
	case CMD_WRITE_REGISTER:
		if (n < 4 || (n - 1) % 3)
			return false;
		for (size_t k = 1; k + 2 < n; k += 3)
			reg_write(emu, (uint16_t)(c[k] << 8 | c[k + 1]), c[k + 2]);
		return true;
	case CMD_SET_PARAMETERS:
	case CMD_SAM_CONFIGURATION:
		return n >= 2;
	case CMD_POWER_DOWN:
		if (n < 2)
			return false;
		target_release(emu);
		r[0] = ST_OK;
		*rn = 1;
		return true;
	case CMD_RF_CONFIGURATION:
		if (n < 3)
			return false;
		if (c[1] == 0x01) {     /* RF field */
			emu->field_on = (c[2] & 0x01) != 0;
			if (!emu->field_on)
				target_release(emu);
		}
		return true;
	case CMD_IN_LIST_PASSIVE_TARGET: {
		if (n < 3 || c[1] < 1 || c[1] > 2)
			return false;
		target_release(emu);
		r[0] = 0;  /* NbTg */
		*rn = 1;
		if (!emu->field_on || emu->target_lost)
			return true;
		if (c[2] == 0x00) {             /* 106 kbit/s type A */
			static const uint8_t a[] = {
				0x01,                   /* Tg */
				0x00, 0x08,             /* SENS_RES */
				0x20,                   /* SEL_RES: ISO 14443-4 */
				0x04, 0x08, 0x3C, 0x51, 0x9E, /* random UID (08 ...) */
				0x06,                   /* ATS: TL */
				0x78,                   /* T0: TA TB TC, FSCI 8 (256) */
				0x77,                   /* TA: 212/424/848 both ways */
				0x91,                   /* TB: FWI 9, SFGI 1 */
				0x02,                   /* TC: CID supported */
				0x80,                   /* historical byte */
			};
			memcpy(r + 1, a, sizeof a);
			*rn = 1 + sizeof a;
		} else if (c[2] == 0x03) {      /* 106 kbit/s type B */
			if (n < 4)
				return false;
			static const uint8_t b[] = {
				0x01,                   /* Tg */
				0x50, 0x1A, 0x2B, 0x3C, 0x4D, /* ATQB, PUPI */
				0x00, 0x00, 0x00, 0x00, /* application data */
				0x80, 0x81, 0x91,       /* protocol info: FSCI 8, 14443-4 */
				0x01, 0x00,             /* ATTRIB_RES */
			};
			memcpy(r + 1, b, sizeof b);
			*rn = 1 + sizeof b;
		} else {
			return true;                /* other types: none found */
		}
		r[0] = 1;
		emu->target_active = true;
		emu->target_type = c[2];
		return true;
	}
	case CMD_IN_DATA_EXCHANGE: {
		if (n < 2)
			return false;
		if (c[1] != 0x01) {
			r[0] = ST_INVALID_PARAM;
			*rn = 1;
			return true;
		}
		if (!emu->target_active) {
			r[0] = ST_TARGET_RELEASED;
			*rn = 1;
			return true;
		}
		if (emu->target_lost) {
			r[0] = ST_TIMEOUT;
			*rn = 1;
			return true;
		}
		emu->stats.exchanges++;
		if (n == 2 && emu->pending_len) {       /* MI: the next piece */
			*rn = exchange_chunk(emu, r);
			return true;
		}
		emu->pending_len = emu->pending_off = 0;
		if (n == 2) {                           /* empty I-block */
			r[0] = ST_INVALID_PARAM;
			*rn = 1;
			return true;
		}
		size_t got = 0;
		enum sim_err e = emu->target.apdu(emu->target.ctx, c + 2, n - 2,
		                                  emu->pending, sizeof emu->pending, &got);
		emu->stats.apdu_bytes_in += n - 2;
		if (e == SIM_ERR_TAG_LOST) {
			emu->target_lost = true;
			r[0] = ST_TIMEOUT;
			*rn = 1;
			return true;
		}
		if (e != SIM_OK || got == 0) {
			r[0] = ST_TIMEOUT;
			*rn = 1;
			return true;
		}
		emu->stats.apdu_bytes_out += got;
		emu->pending_len = got;
		*rn = exchange_chunk(emu, r);
		*delay_ms = emu->delay_ms;
		return true;
	}
	case CMD_IN_COMMUNICATE_THRU:
		r[0] = ST_TIMEOUT;      /* no raw-frame (B', Jewel) targets here */
		*rn = 1;
		return true;
	case CMD_IN_DESELECT:
	case CMD_IN_RELEASE:
		if (n < 2)
			return false;
		target_release(emu);
		r[0] = ST_OK;
		*rn = 1;
		return true;
	case CMD_IN_PSL:
	case CMD_IN_SELECT:
		if (n < 2)
			return false;
		r[0] = emu->target_active ? ST_OK : ST_TARGET_RELEASED;
		*rn = 1;
		return true;
	default:
		return false;
	}
}

enum sim_err sim_pn532_step(struct sim_pn532 *emu, const uint8_t *in,
                            size_t len, size_t *consumed,
                            struct sim_pn532_out *out)
{
	if (consumed)
		*consumed = 0;
	if (!emu || !in || !consumed || !out)
		return SIM_ERR_ARG;
	out->ack_len = out->len = 0;
	out->delay_ms = 0;

	struct sim_frame f;
	enum sim_err e = sim_pn532_frame_parse(in, len, &f, consumed);
	if (e != SIM_OK)
		return e;   /* a broken frame gets no answer: the host times out */
	emu->stats.host_bytes += *consumed;
	emu->stats.frames_in++;

	switch (f.kind) {
	case SIM_FRAME_ACK:
		/* The host aborts the running command. */
		emu->pending_len = emu->pending_off = 0;
		return SIM_OK;
	case SIM_FRAME_NACK:
		memcpy(out->bytes, emu->last, emu->last_len);
		out->len = emu->last_len;
		break;
	case SIM_FRAME_ERROR:
		return SIM_OK;
	case SIM_FRAME_INFO: {
		memcpy(out->bytes, ack_frame, sizeof ack_frame);
		out->ack_len = out->len = sizeof ack_frame;
		uint8_t r[SIM_PN532_MAX_DATA];
		size_t rn = 0;
		bool ok = f.len >= 2 && f.data[0] == TFI_HOST &&
		          command(emu, f.data + 1, f.len - 1, r + 2, &rn, &out->delay_ms);
		if (!ok) {
			memcpy(out->bytes + out->len, error_frame, sizeof error_frame);
			emu->last_len = sizeof error_frame;
			memcpy(emu->last, error_frame, sizeof error_frame);
			out->len += sizeof error_frame;
			break;
		}
		r[0] = TFI_CHIP;
		r[1] = (uint8_t)(f.data[1] + 1);
		size_t w = 0;
		e = sim_pn532_frame_write(r, rn + 2, emu->last, sizeof emu->last, &w);
		if (e != SIM_OK)
			return e;
		emu->last_len = w;
		memcpy(out->bytes + out->len, emu->last, w);
		out->len += w;
		break;
	}
	}
	emu->stats.frames_out++;
	emu->stats.chip_bytes += out->len;
	return SIM_OK;
}
