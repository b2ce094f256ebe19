/* libnfc_e2e_test - the real, unmodified libnfc (pn532_uart driver) against
 * id06-chip-sim on a pseudo-terminal: open, select a 14443-A (and -B)
 * target, SELECT the eMRTD AID, GET CHALLENGE, then BAC and a secure
 * messaging read of DG1 with the reader's own terminal-side crypto, checked
 * against the MRZ the simulator was given; a second session on the same
 * link; the lost-tag fault as libnfc reports it.  The simulator is always
 * stopped (atexit and a watchdog), and must exit 0 and remove its link. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <nfc/nfc.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "sim_spawn.h"
#include "sim_test_util.h"

static int failures;

#define FAIL(...) do { printf("FAIL " __VA_ARGS__); printf("\n"); failures++; } while (0)

struct session {
	nfc_context *ctx;
	nfc_device *dev;
	struct emrtd_sm sm;
};

/* One APDU; returns the response length or -1, and the SW. */
static int xfer(struct session *s, const uint8_t *cmd, size_t n, uint8_t *resp, size_t cap,
                uint16_t *sw)
{
	int r = nfc_initiator_transceive_bytes(s->dev, cmd, n, resp, cap, 2000);
	*sw = 0;
	if (r < 2)
		return r < 0 ? r : -1;
	*sw = (uint16_t)(resp[r - 2] << 8 | resp[r - 1]);
	return r;
}

static int open_session(struct session *s, const char *link, nfc_modulation_type type)
{
	char conn[1100];
	memset(s, 0, sizeof *s);
	snprintf(conn, sizeof conn, "pn532_uart:%s", link);
	nfc_init(&s->ctx);
	if (!s->ctx) {
		FAIL("nfc_init");
		return -1;
	}
	s->dev = nfc_open(s->ctx, conn);
	if (!s->dev) {
		FAIL("nfc_open %s: expected a device, got none", conn);
		return -1;
	}
	if (nfc_initiator_init(s->dev) < 0) {
		FAIL("nfc_initiator_init: %s", nfc_strerror(s->dev));
		return -1;
	}
	nfc_device_set_property_bool(s->dev, NP_INFINITE_SELECT, false);
	nfc_target nt;
	nfc_modulation nm = {.nmt = type, .nbr = NBR_106};
	int r = nfc_initiator_select_passive_target(s->dev, nm, NULL, 0, &nt);
	if (r != 1) {
		FAIL("select %s target: expected 1, got %d", type == NMT_ISO14443A ? "A" : "B", r);
		return -1;
	}
	if (type == NMT_ISO14443A && (nt.nti.nai.btSak != 0x20 || nt.nti.nai.szAtsLen < 4)) {
		FAIL("14443-A target: expected SAK 20 with an ATS, got SAK %02X, ATS %zu bytes",
		     nt.nti.nai.btSak, nt.nti.nai.szAtsLen);
		return -1;
	}
	return 0;
}

static void close_session(struct session *s)
{
	emrtd_sm_wipe(&s->sm);
	if (s->dev)
		nfc_close(s->dev);
	if (s->ctx)
		nfc_exit(s->ctx);
	s->dev = NULL;
	s->ctx = NULL;
}

static int plain(struct session *s, const char *what, const uint8_t *cmd, size_t n,
                 uint16_t want_sw, uint8_t *resp, size_t cap)
{
	uint16_t sw;
	int r = xfer(s, cmd, n, resp, cap, &sw);
	if (r < 0 || sw != want_sw) {
		FAIL("%s: expected SW %04X, got %s %04X", what, want_sw, r < 0 ? "error" : "SW", sw);
		return -1;
	}
	return r - 2;
}

static int do_bac(struct session *s)
{
	static const uint8_t sel_aid[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02,
	                                  0x47, 0x10, 0x01};
	static const uint8_t get_chal[] = {0x00, 0x84, 0x00, 0x00, 0x08};
	uint8_t resp[300], rnd_ic[8], seed[16];
	struct emrtd_bac_keys keys;
	if (plain(s, "SELECT eMRTD AID", sel_aid, sizeof sel_aid, 0x9000, resp, sizeof resp) < 0)
		return -1;
	if (plain(s, "GET CHALLENGE", get_chal, sizeof get_chal, 0x9000, resp, sizeof resp) != 8) {
		FAIL("GET CHALLENGE: expected 8 bytes");
		return -1;
	}
	memcpy(rnd_ic, resp, 8);
	emrtd_bac_seed("L898902C<", '3', "690806", '1', "940623", '6', seed);
	emrtd_bac_keys_derive(seed, &keys);
	uint8_t rnd_ifd[8] = {0x78, 0x17, 0x23, 0x86, 0x0C, 0x06, 0xC2, 0x26};
	uint8_t k_ifd[16] = {0x0B, 0x79, 0x52, 0x40, 0xCB, 0x70, 0x49, 0xB0};
	uint8_t ea[46] = {0x00, 0x82, 0x00, 0x00, 0x28};
	emrtd_bac_ifd_request(&keys, rnd_ic, rnd_ifd, k_ifd, ea + 5);
	ea[45] = 0x28;
	int n = plain(s, "EXTERNAL AUTHENTICATE", ea, sizeof ea, 0x9000, resp, sizeof resp);
	enum emrtd_err e = n == 40 ? emrtd_bac_ifd_finish(&keys, rnd_ic, rnd_ifd, k_ifd, resp, 40,
	                                                  &s->sm) : EMRTD_ERR_TRUNCATED;
	emrtd_wipe(&keys, sizeof keys);
	if (e != EMRTD_OK) {
		FAIL("BAC through libnfc: expected a session, got %s", emrtd_err_str(e));
		return -1;
	}
	return 0;
}

/* One protected command; returns the plaintext length, or -1 (transport or
 * SM error; *nfc_err gets libnfc's code when the transport failed). */
static int sm_xfer(struct session *s, const uint8_t *cmd, size_t n, uint8_t *data, size_t cap,
                   uint16_t *sw, int *nfc_err)
{
	uint8_t wire[300], resp[300];
	size_t wn = 0, dn = 0;
	*nfc_err = 0;
	if (emrtd_sm_wrap_command(&s->sm, cmd, n, wire, sizeof wire, &wn) != EMRTD_OK)
		return -1;
	uint16_t raw_sw;
	int r = xfer(s, wire, wn, resp, sizeof resp, &raw_sw);
	if (r < 0) {
		*nfc_err = r;
		return -1;
	}
	if (emrtd_sm_unwrap_response(&s->sm, resp, (size_t)r, data, cap, &dn, sw) != EMRTD_OK)
		return -1;
	return (int)dn;
}

/* A host that sends half a frame and goes away must not wedge the chip. */
static void send_half_frame(const char *link)
{
	static const uint8_t half[] = {0x00, 0x00, 0xFF, 0xFF, 0x01, 0xD4, 0x40, 0x01}; /* LEN 255 */
	int fd = open(link, O_RDWR | O_NOCTTY);
	if (fd < 0) {
		FAIL("open %s to send half a frame", link);
		return;
	}
	if (write(fd, half, sizeof half) != (ssize_t)sizeof half)
		FAIL("write half a frame");
	close(fd);
	struct timespec ts = {0, 300000000L};
	nanosleep(&ts, NULL);
}

static void test_session(const char *link)
{
	struct session s;
	send_half_frame(link);
	uint8_t resp[300];
	uint16_t sw;
	int nerr;
	if (open_session(&s, link, NMT_ISO14443A) == 0 && do_bac(&s) == 0) {
		/* DG1 by short file identifier, then compare the MRZ. */
		uint8_t rd[] = {0x00, 0xB0, 0x81, 0x00, 0x00};
		int n = sm_xfer(&s, rd, sizeof rd, resp, sizeof resp, &sw, &nerr);
		char want[100];
		size_t k = 0;
		for (const char *p = SIM_TEST_MRZ_TD3; *p; p++)
			if (*p != '\n')
				want[k++] = *p;
		if (n != 93 || sw != 0x6282 || memcmp(resp + 5, want, 88) != 0)
			FAIL("DG1 through libnfc: expected 93 bytes ending in the 88-character MRZ, SW 6282;"
			     " got %d bytes, SW %04X", n, sw);
		/* DG2 in the largest chunk libnfc+PN532 carries under SM (0xDF). */
		uint8_t sel[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x02};
		n = sm_xfer(&s, sel, sizeof sel, resp, sizeof resp, &sw, &nerr);
		uint8_t rb[] = {0x00, 0xB0, 0x00, 0x00, 0xDF};
		n = n == 0 && sw == 0x9000 ? sm_xfer(&s, rb, sizeof rb, resp, sizeof resp, &sw, &nerr) : -1;
		if (n != 0xDF || sw != 0x9000 || resp[0] != 0x75)
			FAIL("DG2 first chunk through libnfc: expected 223 bytes from tag 75, SW 9000;"
			     " got %d, SW %04X", n, sw);
		/* 239 bytes: a 260-byte SM answer, sent in an extended PN532 frame. */
		uint8_t rx[] = {0x00, 0xB0, 0x00, 0xDF, 0xEF};
		n = sm_xfer(&s, rx, sizeof rx, resp, sizeof resp, &sw, &nerr);
		if (n != 0xEF || sw != 0x9000)
			FAIL("DG2 239-byte chunk (extended frame) through libnfc: expected 239 bytes, SW 9000;"
			     " got %d, SW %04X", n, sw);
		/* Le 00 asks for 256 bytes: 285 under SM, beyond libnfc's 264-byte
		 * PN53x buffer.  libnfc must fail cleanly (the MI chain). */
		uint8_t big[] = {0x00, 0xB0, 0x00, 0x00, 0x00};
		n = sm_xfer(&s, big, sizeof big, resp, sizeof resp, &sw, &nerr);
		if (n >= 0 || nerr >= 0)
			FAIL("READ BINARY Le 256 under SM: expected a libnfc error (answer over 264 bytes),"
			     " got %d bytes", n);
	}
	close_session(&s);

	/* A second session on the same link, type B this time. */
	static const uint8_t get_chal[] = {0x00, 0x84, 0x00, 0x00, 0x08};
	static const uint8_t sel_aid[] = {0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02,
	                                  0x47, 0x10, 0x01};
	static const uint8_t sel_com[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x1E};
	if (open_session(&s, link, NMT_ISO14443B) == 0) {
		uint8_t c1[8], c2[8];
		plain(&s, "SELECT AID (type B)", sel_aid, sizeof sel_aid, 0x9000, resp, sizeof resp);
		plain(&s, "SELECT EF.COM before BAC", sel_com, sizeof sel_com, 0x6982, resp, sizeof resp);
		int a = plain(&s, "GET CHALLENGE 1", get_chal, sizeof get_chal, 0x9000, resp, sizeof resp);
		memcpy(c1, resp, 8);
		int b = plain(&s, "GET CHALLENGE 2", get_chal, sizeof get_chal, 0x9000, resp, sizeof resp);
		memcpy(c2, resp, 8);
		if (a != 8 || b != 8 || memcmp(c1, c2, 8) == 0)
			FAIL("GET CHALLENGE twice: expected two different 8-byte challenges");
	}
	close_session(&s);
}

static void test_lost_tag(const char *link)
{
	struct session s;
	uint8_t resp[300];
	uint16_t sw;
	int nerr = 0;
	if (open_session(&s, link, NMT_ISO14443A) == 0 && do_bac(&s) == 0) {
		uint8_t sel[] = {0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x02};
		uint8_t rb0[] = {0x00, 0xB0, 0x00, 0x00, 0x20};
		uint8_t rb1[] = {0x00, 0xB0, 0x00, 0x20, 0x20};
		int n = sm_xfer(&s, sel, sizeof sel, resp, sizeof resp, &sw, &nerr);
		n = sm_xfer(&s, rb0, sizeof rb0, resp, sizeof resp, &sw, &nerr);
		if (n != 0x20)
			FAIL("lost-tag: the first DG2 chunk should still come, got %d", n);
		n = sm_xfer(&s, rb1, sizeof rb1, resp, sizeof resp, &sw, &nerr);
		if (n >= 0 || nerr != NFC_ERFTRANS)
			FAIL("lost-tag: expected libnfc NFC_ERFTRANS (%d) mid-DG2, got %d / %d",
			     NFC_ERFTRANS, n, nerr);
		nfc_target nt;
		nfc_modulation nm = {.nmt = NMT_ISO14443A, .nbr = NBR_106};
		int r = nfc_initiator_select_passive_target(s.dev, nm, NULL, 0, &nt);
		if (r != 0)
			FAIL("lost-tag: expected no target after the loss, got %d", r);
	}
	close_session(&s);
}

static int run(const char *exe, const char *pki, const char *dir, const char *fault,
               void (*body)(const char *link))
{
	char link[1024];
	snprintf(link, sizeof link, "%s/pn532-e2e-%ld-%s", dir, (long)getpid(), fault);
	const char *argv[12] = {exe, "--mrz", SIM_TEST_MRZ_TD3, "--pki", pki};
	int n = 5;
	if (strcmp(fault, "none") != 0) {
		argv[n++] = "--fault";
		argv[n++] = fault;
	}
	argv[n] = NULL;
	struct sim_proc p;
	if (sim_spawn(exe, argv, link, &p) != 0) {
		FAIL("%s: the simulator did not start", fault);
		return -1;
	}
	body(link);
	int rc = sim_stop(&p);
	struct stat st;
	if (rc != 0)
		FAIL("%s: expected the simulator to exit 0 on SIGTERM, got %d", fault, rc);
	if (lstat(link, &st) == 0)
		FAIL("%s: expected %s removed at exit", fault, link);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: libnfc_e2e_test ID06_CHIP_SIM PKI_DIR WORK_DIR\n");
		return 2;
	}
	sim_watchdog(80);
	run(argv[1], argv[2], argv[3], "none", test_session);
	run(argv[1], argv[2], argv[3], "lost-tag", test_lost_tag);
	if (failures) {
		printf("%d failure(s)\n", failures);
		return 1;
	}
	printf("libnfc end to end: sessions A and B, BAC, DG1, DG2, lost tag passed\n");
	return 0;
}
