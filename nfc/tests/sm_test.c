/* sm_test.c - secure messaging refuses what it must: a replayed answer
 * (wrong SSC), a flipped bit, a missing DO'99' or DO'8E', bad padding
 * behind a valid MAC, objects after the MAC, a bare status word, an
 * unprotected command.  Then round trips of every READ BINARY size up to
 * 0xFF for 3DES and AES, both roles, even and odd INS. */
#include <stdio.h>
#include <string.h>

#include "emrtd_crypto.h"
#include "hex.h"

static int failed;

static const char *KENC = "979EC13B1CBFE9DCD01AB0FED307EAE5";
static const char *KMAC = "F1CB1F1FB5ADF208806B89DC579DC1F8";
static const char *SSC = "887022120C06C226";

static void pair(struct emrtd_sm *ifd, struct emrtd_sm *icc)
{
	uint8_t e[16], m[16], s[8];
	hex_decode(KENC, e, 16);
	hex_decode(KMAC, m, 16);
	hex_decode(SSC, s, 8);
	emrtd_sm_init(ifd, EMRTD_CIPHER_3DES, e, m, s);
	emrtd_sm_init(icc, EMRTD_CIPHER_3DES, e, m, s);
}

static void want(const char *what, enum emrtd_err exp, enum emrtd_err got)
{
	if (exp != got) {
		printf("FAIL %s: expected %s, got %s\n", what, emrtd_err_str(exp), emrtd_err_str(got));
		failed++;
	}
}

/* A response the chip would send: DOs given as hex, MAC computed with the
 * chip's next SSC so only the property under test is wrong. */
static size_t forge(struct emrtd_sm *icc, const uint8_t *dos, size_t n, uint8_t *out)
{
	uint8_t macin[512], mac[8];
	/* next SSC */
	for (size_t i = 8; i-- > 0;)
		if (++icc->ssc[i] != 0)
			break;
	memcpy(macin, icc->ssc, 8);
	memcpy(macin + 8, dos, n);
	emrtd_mac(EMRTD_CIPHER_3DES, icc->mac, macin, 8 + n, mac);
	memcpy(out, dos, n);
	out[n] = 0x8E;
	out[n + 1] = 8;
	memcpy(out + n + 2, mac, 8);
	out[n + 10] = 0x90;
	out[n + 11] = 0x00;
	return n + 12;
}

static void test_response_attacks(void)
{
	struct emrtd_sm ifd, icc;
	uint8_t resp[512], data[512], replay[512];
	size_t n, len;
	uint16_t sw;

	pair(&ifd, &icc);
	emrtd_sm_wrap_response(&icc, (const uint8_t *)"\x60\x14\x5F\x01", 4, 0x9000, resp, sizeof resp, &n);
	memcpy(replay, resp, n);
	want("genuine answer", EMRTD_OK, emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));
	want("replayed answer (SSC moved on)", EMRTD_ERR_MAC,
	     emrtd_sm_unwrap_response(&ifd, replay, n, data, sizeof data, &len, &sw));

	for (size_t bit = 0; bit < (n - 2) * 8; bit += 7) {
		pair(&ifd, &icc);
		emrtd_sm_wrap_response(&icc, (const uint8_t *)"\x60\x14\x5F\x01", 4, 0x9000, resp, sizeof resp, &n);
		resp[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		enum emrtd_err e = emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw);
		if (e == EMRTD_OK) {
			printf("FAIL flipped bit %zu accepted\n", bit);
			failed++;
		}
	}

	uint8_t dos[64], ct[16];
	pair(&ifd, &icc);
	/* DO'87' whose plaintext has no 80 00.. padding, under a valid MAC. */
	uint8_t plain[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	emrtd_cbc(EMRTD_CIPHER_3DES, icc.enc, NULL, true, plain, 8, ct);
	size_t d = hex_decode("870901", dos, sizeof dos);
	memcpy(dos + d, ct, 8);
	d += 8;
	d += hex_decode("99029000", dos + d, 8);
	n = forge(&icc, dos, d, resp);
	want("bad padding behind a valid MAC", EMRTD_ERR_BAD_PADDING,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	d = hex_decode("870902", dos, sizeof dos);
	memcpy(dos + d, ct, 8);
	d += 8;
	d += hex_decode("99029000", dos + d, 8);
	n = forge(&icc, dos, d, resp);
	want("padding indicator 02", EMRTD_ERR_BAD_PADDING,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	d = hex_decode("8709010000000000000000", dos, sizeof dos);
	n = forge(&icc, dos, d, resp);
	want("no DO'99'", EMRTD_ERR_SM_MISSING_DO,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("990290009000", resp, sizeof resp);
	want("no DO'8E'", EMRTD_ERR_SM_MISSING_DO,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("99029000 8E080102030405060708 99029000 9000", resp, sizeof resp);
	want("a DO after DO'8E'", EMRTD_ERR_BAD_TAG,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("5F1F0141 99029000 8E080102030405060708 9000", resp, sizeof resp);
	want("an unknown DO", EMRTD_ERR_BAD_TAG,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("99029000 8E0701020304050607 9000", resp, sizeof resp);
	want("a 7-byte MAC", EMRTD_ERR_BAD_LENGTH,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("99029000 8E08010203", resp, sizeof resp);
	want("truncated DO'8E'", EMRTD_ERR_TRUNCATED,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));

	pair(&ifd, &icc);
	n = hex_decode("6988", resp, sizeof resp);
	want("bare 6988", EMRTD_ERR_SM_STATUS,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw));
	if (sw != 0x6988) {
		printf("FAIL bare 6988: sw expected 6988 got %04X\n", sw);
		failed++;
	}

	/* A response that does not fit the caller's buffer. */
	pair(&ifd, &icc);
	uint8_t big[100] = {0};
	emrtd_sm_wrap_response(&icc, big, sizeof big, 0x9000, resp, sizeof resp, &n);
	want("response bigger than the buffer", EMRTD_ERR_TOO_BIG,
	     emrtd_sm_unwrap_response(&ifd, resp, n, data, 50, &len, &sw));
}

static void test_command_attacks(void)
{
	struct emrtd_sm ifd, icc;
	uint8_t cmd[512], buf[512];
	size_t n;
	struct emrtd_apdu a;

	pair(&ifd, &icc);
	n = hex_decode("00B0000004", cmd, sizeof cmd);
	want("unprotected command at the chip", EMRTD_ERR_SM_MISSING_DO,
	     emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));

	pair(&ifd, &icc);
	n = hex_decode("0CB000000D9701048E08ED6705417E96BA5500", cmd, sizeof cmd);
	cmd[2] ^= 1; /* P1 is under the MAC */
	want("changed header", EMRTD_ERR_MAC, emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));

	pair(&ifd, &icc);
	n = hex_decode("0CB00000059701048E00", cmd, sizeof cmd);
	want("command with an empty DO'8E'", EMRTD_ERR_BAD_LENGTH,
	     emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));

	pair(&ifd, &icc);
	n = hex_decode("0CB0000003970104", cmd, sizeof cmd);
	want("command without DO'8E'", EMRTD_ERR_SM_MISSING_DO,
	     emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));

	/* Same command twice: the second arrives with a stale SSC. */
	pair(&ifd, &icc);
	uint8_t plain[5] = {0x00, 0xB0, 0x00, 0x00, 0x04};
	emrtd_sm_wrap_command(&ifd, plain, 5, cmd, sizeof cmd, &n);
	want("genuine command", EMRTD_OK, emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));
	want("replayed command", EMRTD_ERR_MAC, emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a));
}

static void round_trip(enum emrtd_cipher c, uint8_t ins)
{
	uint8_t k1[32], k2[32], ssc[16] = {0};
	for (int i = 0; i < 32; i++) {
		k1[i] = (uint8_t)(i * 7 + 1);
		k2[i] = (uint8_t)(i * 13 + 5);
	}
	ssc[15] = 0xFE;
	ssc[14] = 0xFF; /* carries across bytes */
	struct emrtd_sm ifd, icc;
	emrtd_sm_init(&ifd, c, k1, k2, ssc);
	emrtd_sm_init(&icc, c, k1, k2, ssc);
	for (size_t size = 0; size <= 0xFF; size++) {
		uint8_t plain[300], cmd[600], buf[600], resp[600], data[600];
		size_t n, len;
		uint16_t sw;
		struct emrtd_apdu a;
		/* A command with size data bytes and Le = size. */
		struct emrtd_apdu p = {0x00, ins, 0x01, 0x02, plain, size, size > 0, size, false};
		for (size_t i = 0; i < size; i++)
			plain[i] = (uint8_t)(i ^ size);
		size_t pn;
		emrtd_apdu_build(&p, buf, sizeof buf, &pn);
		enum emrtd_err e = emrtd_sm_wrap_command(&ifd, buf, pn, cmd, sizeof cmd, &n);
		if (!e)
			e = emrtd_sm_unwrap_command(&icc, cmd, n, buf, sizeof buf, &a);
		if (!e && (a.ins != ins || a.nc != size || (size && memcmp(a.data, plain, size)) ||
		           a.has_le != (size > 0) || (size && a.ne != size)))
			e = EMRTD_ERR_BAD_LENGTH;
		if (!e)
			e = emrtd_sm_wrap_response(&icc, plain, size, 0x6282, resp, sizeof resp, &n);
		if (!e)
			e = emrtd_sm_unwrap_response(&ifd, resp, n, data, sizeof data, &len, &sw);
		if (!e && (len != size || (size && memcmp(data, plain, size)) || sw != 0x6282))
			e = EMRTD_ERR_BAD_LENGTH;
		if (e) {
			printf("FAIL round trip cipher %d INS %02X size %zu: %s\n", (int)c, ins, size, emrtd_err_str(e));
			failed++;
			break;
		}
	}
	if (memcmp(ifd.ssc, icc.ssc, 16)) {
		printf("FAIL round trip cipher %d: SSCs differ\n", (int)c);
		failed++;
	}
	emrtd_sm_wipe(&ifd);
	emrtd_sm_wipe(&icc);
}

int main(void)
{
	test_response_attacks();
	test_command_attacks();
	for (int c = EMRTD_CIPHER_3DES; c <= EMRTD_CIPHER_AES256; c++) {
		round_trip((enum emrtd_cipher)c, 0xB0);
		round_trip((enum emrtd_cipher)c, 0xB1);
	}
	printf("secure messaging: %d failed\n", failed);
	return failed ? 1 : 0;
}
