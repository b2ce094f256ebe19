/* id06-chip-bench-read - one complete BAC read (EF.COM, DG1, DG2, EF.SOD)
 * through the real libnfc and a PN532 (emulated or not), in READ BINARY
 * chunks of a given size, for scripts/bench-chip.  Prints key=value lines:
 * APDU count, bytes each way, CPU time in terminal-side crypto and in
 * parsing (TLV walk of every file, CMS decode of the SOD, hash checks),
 * wall time, and the modelled ISO 14443-A air time at 106 and 424 kbit/s.
 *
 *   id06-chip-bench-read LINK CHUNK MRZ-TEXT
 *
 * Air-time model (per APDU, both directions): every byte 9 bit times
 * (8 data + parity), plus PCB and CRC (3 bytes) per I-block, blocks of at
 * most FSD 256 bytes with an R(ACK) (3 bytes) per chained block, plus the
 * minimum frame delay time 1172/fc (86.4 us) before each frame. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nfc/nfc.h>
#include <openssl/cms.h>
#include <openssl/evp.h>

#include "emrtd_crypto.h"
#include "mrz.h"

static double now(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct bench {
	nfc_device *dev;
	struct emrtd_sm sm;
	unsigned apdus;
	unsigned long bytes_out, bytes_in;   /* host -> chip, chip -> host (APDU level) */
	double air_bits_frames;              /* bits on air, excluding frame delays */
	unsigned frames;
	double crypto_s, parse_s;
};

static void air(struct bench *b, size_t n)
{
	const size_t fsd = 256, inf = fsd - 3;
	size_t blocks = n ? (n + inf - 1) / inf : 1;
	b->air_bits_frames += (double)(n + 3 * blocks) * 9.0 + (double)(blocks - 1) * 3 * 9.0;
	b->frames += (unsigned)(blocks * 2 - 1);
}

static int xfer(struct bench *b, const uint8_t *cmd, size_t n, uint8_t *resp, size_t cap)
{
	int r = nfc_initiator_transceive_bytes(b->dev, cmd, n, resp, cap, 3000);
	b->apdus++;
	b->bytes_out += n;
	air(b, n);
	if (r > 0) {
		b->bytes_in += (unsigned long)r;
		air(b, (size_t)r);
	}
	return r;
}

/* Protected command; plaintext into data.  Returns its length or -1. */
static int sm_cmd(struct bench *b, const uint8_t *cmd, size_t n, uint8_t *data, size_t cap,
                  uint16_t *sw)
{
	uint8_t wire[300], resp[300];
	size_t wn = 0, dn = 0;
	double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	enum emrtd_err e = emrtd_sm_wrap_command(&b->sm, cmd, n, wire, sizeof wire, &wn);
	b->crypto_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	if (e)
		return -1;
	int r = xfer(b, wire, wn, resp, sizeof resp);
	if (r < 2)
		return -1;
	t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	e = emrtd_sm_unwrap_response(&b->sm, resp, (size_t)r, data, cap, &dn, sw);
	b->crypto_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	return e ? -1 : (int)dn;
}

/* SELECT + READ BINARY in chunks; *out malloc'd. */
static int read_file(struct bench *b, uint16_t fid, size_t chunk, uint8_t **out, size_t *len)
{
	uint8_t sel[7] = {0x00, 0xA4, 0x02, 0x0C, 0x02, (uint8_t)(fid >> 8), (uint8_t)fid};
	uint8_t data[300];
	uint16_t sw;
	*out = NULL;
	*len = 0;
	if (sm_cmd(b, sel, sizeof sel, data, sizeof data, &sw) != 0 || sw != 0x9000)
		return -1;
	uint8_t rb[5] = {0x00, 0xB0, 0x00, 0x00, 0x04};
	int n = sm_cmd(b, rb, sizeof rb, data, sizeof data, &sw);
	uint32_t tag;
	size_t hl, vl;
	double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	enum emrtd_err e = n == 4 ? emrtd_tlv_header(data, 4, &tag, &hl, &vl) : EMRTD_ERR_TRUNCATED;
	b->parse_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	if (e || hl + vl > 32767)
		return -1;
	size_t total = hl + vl;
	uint8_t *buf = malloc(total);
	if (!buf)
		return -1;
	memcpy(buf, data, 4);
	size_t have = 4;
	while (have < total) {
		size_t want = total - have < chunk ? total - have : chunk;
		uint8_t c[5] = {0x00, 0xB0, (uint8_t)(have >> 8), (uint8_t)have, (uint8_t)want};
		n = sm_cmd(b, c, sizeof c, data, sizeof data, &sw);
		if (n <= 0 || (size_t)n > want) {
			free(buf);
			return -1;
		}
		memcpy(buf + have, data, (size_t)n);
		have += (size_t)n;
	}
	*out = buf;
	*len = total;
	return 0;
}

/* Walks every TLV of a file (constructed ones recursively). */
static int walk(struct emrtd_cursor *c, int depth)
{
	while (c->left && !c->err) {
		uint32_t tag;
		struct emrtd_cursor v;
		if (emrtd_cursor_tlv(c, &tag, &v))
			return -1;
		int constructed = ((tag >> (tag > 0xFFFF ? 16 : tag > 0xFF ? 8 : 0)) & 0x20) != 0;
		if (constructed && depth < 8 && tag != 0x77 && walk(&v, depth + 1))
			return -1;
	}
	return c->err ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: id06-chip-bench-read LINK CHUNK MRZ-TEXT\n");
		return 2;
	}
	size_t chunk = (size_t)strtoul(argv[2], NULL, 10);
	if (chunk < 1 || chunk > 255) {
		fprintf(stderr, "id06-chip-bench-read: CHUNK must be 1..255\n");
		return 2;
	}
	struct mrz_result m;
	uint8_t seed[16];
	struct emrtd_bac_keys keys;
	if (mrz_parse(argv[3], strlen(argv[3]), NULL, &m) != MRZ_OK ||
	    emrtd_bac_seed_from_mrz(&m, seed) != EMRTD_OK) {
		fprintf(stderr, "id06-chip-bench-read: not a valid MRZ\n");
		return 2;
	}
	mrz_result_wipe(&m);
	struct bench b;
	memset(&b, 0, sizeof b);
	int rc = 1;
	nfc_context *ctx = NULL;
	uint8_t *files[4] = {0};
	size_t lens[4] = {0};
	char conn[1100];
	snprintf(conn, sizeof conn, "pn532_uart:%s", argv[1]);
	double wall0 = now(CLOCK_MONOTONIC);
	nfc_init(&ctx);
	b.dev = ctx ? nfc_open(ctx, conn) : NULL;
	nfc_target nt;
	nfc_modulation nm = {.nmt = NMT_ISO14443A, .nbr = NBR_106};
	if (!b.dev || nfc_initiator_init(b.dev) < 0 ||
	    nfc_device_set_property_bool(b.dev, NP_INFINITE_SELECT, false) < 0 ||
	    nfc_initiator_select_passive_target(b.dev, nm, NULL, 0, &nt) != 1) {
		fprintf(stderr, "id06-chip-bench-read: no reader or no chip at %s\n", conn);
		goto out;
	}
	static const uint8_t sel_aid[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02,
	                                  0x47, 0x10, 0x01};
	static const uint8_t chal[] = {0x00, 0x84, 0x00, 0x00, 0x08};
	uint8_t resp[300], rnd_ifd[8], k_ifd[16], rnd_ic[8], ea[46] = {0x00, 0x82, 0x00, 0x00, 0x28};
	if (xfer(&b, sel_aid, sizeof sel_aid, resp, sizeof resp) != 2 ||
	    xfer(&b, chal, sizeof chal, resp, sizeof resp) != 10)
		goto out;
	memcpy(rnd_ic, resp, 8);
	double t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	emrtd_bac_keys_derive(seed, &keys);
	for (int i = 0; i < 8; i++)
		rnd_ifd[i] = (uint8_t)(rand() & 0xFF);
	for (int i = 0; i < 16; i++)
		k_ifd[i] = (uint8_t)(rand() & 0xFF);
	emrtd_bac_ifd_request(&keys, rnd_ic, rnd_ifd, k_ifd, ea + 5);
	ea[45] = 0x28;
	b.crypto_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	if (xfer(&b, ea, sizeof ea, resp, sizeof resp) != 42)
		goto out;
	t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	enum emrtd_err e = emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd, resp, 40, &b.sm);
	b.crypto_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	if (e)
		goto out;
	static const uint16_t fids[4] = {0x011E, 0x0101, 0x0102, 0x011D};
	for (int k = 0; k < 4; k++)
		if (read_file(&b, fids[k], chunk, &files[k], &lens[k]) != 0) {
			fprintf(stderr, "id06-chip-bench-read: reading file %04X failed\n", fids[k]);
			goto out;
		}
	/* Parsing: every TLV, the SOD's CMS, the DG hashes. */
	t0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (int k = 0; k < 4; k++) {
		struct emrtd_cursor c;
		emrtd_cursor_init(&c, files[k], lens[k]);
		if (walk(&c, 0))
			goto out;
	}
	struct emrtd_cursor c, v;
	emrtd_cursor_init(&c, files[3], lens[3]);
	emrtd_cursor_expect(&c, 0x77, &v);
	const uint8_t *p = v.p;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)v.left);
	uint8_t h[2][32];
	EVP_Digest(files[1], lens[1], h[0], NULL, EVP_sha256(), NULL);
	EVP_Digest(files[2], lens[2], h[1], NULL, EVP_sha256(), NULL);
	CMS_ContentInfo_free(cms);
	b.parse_s += now(CLOCK_PROCESS_CPUTIME_ID) - t0;
	nfc_initiator_deselect_target(b.dev);
	double wall = now(CLOCK_MONOTONIC) - wall0;

	size_t file_bytes = lens[0] + lens[1] + lens[2] + lens[3];
	double a106 = b.air_bits_frames / 106e3 + b.frames * 86.4e-6;
	double a424 = b.air_bits_frames / 424e3 + b.frames * 86.4e-6;
	printf("chunk=%zu\n", chunk);
	printf("file_bytes=%zu\n", file_bytes);
	printf("dg2_bytes=%zu\n", lens[2]);
	printf("apdus=%u\n", b.apdus);
	printf("bytes_to_chip=%lu\n", b.bytes_out);
	printf("bytes_from_chip=%lu\n", b.bytes_in);
	printf("crypto_ms=%.3f\n", b.crypto_s * 1e3);
	printf("parse_ms=%.3f\n", b.parse_s * 1e3);
	printf("wall_ms=%.1f\n", wall * 1e3);
	printf("air106_ms=%.1f\n", a106 * 1e3);
	printf("air424_ms=%.1f\n", a424 * 1e3);
	printf("air106_floor_ms=%.1f\n", (double)file_bytes * 9.0 / 106e3 * 1e3);
	rc = 0;
out:
	for (int k = 0; k < 4; k++)
		free(files[k]);
	emrtd_wipe(&keys, sizeof keys);
	emrtd_wipe(seed, sizeof seed);
	emrtd_sm_wipe(&b.sm);
	if (b.dev)
		nfc_close(b.dev);
	if (ctx)
		nfc_exit(ctx);
	return rc;
}
