/* id06-chip-sim - a virtual ePassport behind an emulated PN532 on a
 * pseudo-terminal, so the real libnfc pn532_uart driver can read it:
 *
 *   id06-chip-sim --mrz FILE|TEXT [--face IMAGE] [--pki DIR] [--fault NAME]
 *                 [--access bac|pace-ecdh|pace-dh|pace-cam|pace-only-can] [--can DIGITS]
 *                 [--pace-param ID] [--pace-cipher aes128|aes192|aes256|3des]
 *                 [--ca none|ecdh|ecdh-p256|dh] [--aa none|rsa|ecdsa|ecdsa-der]
 *                 [--slow-ms N] [--stats]
 *                 --pn532 LINK | --vpcd HOST:PORT [--protocol t0|t1]
 *   id06-chip-sim --list-faults
 *
 * Prints "id06-chip-sim: ready LINK" when LINK can be opened (with --vpcd:
 * once connected to vpcd, i.e. the card is in the PC/SC reader); exits 0
 * on SIGTERM or SIGINT and removes LINK.  Never prints the MRZ. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chip_sim.h"
#include "emrtd_crypto.h"
#include "sim_serve.h"
#include "sim_vpcd.h"

#ifndef ID06_SOURCE_DIR
#define ID06_SOURCE_DIR "."
#endif
#define DEFAULT_PKI ID06_SOURCE_DIR "/tests/data/chip/test-only-pki"
#define DEFAULT_SLOW_MS 150u

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: id06-chip-sim --mrz FILE|TEXT [--face IMAGE] [--pki DIR] [--fault NAME]\n"
	        "                     [--access bac|pace-ecdh|pace-dh|pace-cam|pace-only-can] [--can DIGITS]\n"
	        "                     [--pace-param ID] [--pace-cipher aes128|aes192|aes256|3des]\n"
	        "                     [--ca none|ecdh|ecdh-p256|dh] [--aa none|rsa|ecdsa|ecdsa-der]\n"
	        "                     [--slow-ms N] [--stats]\n"
	        "                     --pn532 LINK | --vpcd HOST:PORT [--protocol t0|t1]\n"
	        "       id06-chip-sim --list-faults\n"
	        "A virtual eMRTD (BAC, secure messaging, EF.COM/DG1/DG2/EF.SOD) behind an\n"
	        "emulated PN532; read it with libnfc connstring pn532_uart:LINK.  Or, with\n"
	        "--vpcd, a card in pcscd's vpcd reader (vsmartcard-vpcd listens on\n"
	        "127.0.0.1:35963 for its first reader); read it with --device pcsc:.\n"
	        "  --mrz     MRZ text (lines separated by newlines) or a file holding it\n"
	        "  --face    JPEG or JPEG 2000 face (default: the synthetic face, ~20 KB JPEG)\n"
	        "  --pki     folder made by scripts/make-test-pki (default: the test-only PKI\n"
	        "            in tests/data/chip/test-only-pki)\n"
	        "  --fault   one fault switch (see --list-faults)\n"
	        "  --access  bac (default; no EF.CardAccess), pace-ecdh (PACE ECDH-GM\n"
	        "            brainpoolP256r1 AES-128 with the MRZ or the CAN, and BAC),\n"
	        "            pace-dh (PACE DH-GM MODP-1024-160 AES-128, and BAC),\n"
	        "            pace-cam (PACE ECDH-CAM with EF.CardSecurity, ECDH-GM, and BAC),\n"
	        "            pace-only-can (PACE ECDH-GM with the CAN only, no BAC)\n"
	        "  --can     the card access number for PACE\n"
	        "  --pace-param  PACE standardized domain parameters: ECDH 8 P-192,\n"
	        "            9 brainpoolP192r1, 10 P-224, 11 brainpoolP224r1, 12 P-256,\n"
	        "            13 brainpoolP256r1 (default), 14 brainpoolP320r1, 15 P-384,\n"
	        "            16 brainpoolP384r1, 17 brainpoolP512r1, 18 P-521; DH 0\n"
	        "            MODP-1024-160 (the 2048-bit groups need extended-length APDUs)\n"
	        "  --pace-cipher  aes128 (default), aes192, aes256 or 3des\n"
	        "  --ca      chip authentication key in DG14: ecdh (brainpoolP256r1, AES-128),\n"
	        "            ecdh-p256 (P-256, 3DES), dh (1024-bit MODP, 3DES); default none\n"
	        "  --aa      active authentication key in DG15: rsa (1024 bits, ISO 9796-2),\n"
	        "            ecdsa (P-256, plain r||s), ecdsa-der (P-384, DER); default none\n"
	        "  --protocol  with --vpcd: the protocol the ATR offers, t1 (default) or t0\n"
	        "            (answers with data then come by GET RESPONSE, 61xx first)\n"
	        "  --slow-ms delay per APDU answer with --fault slow (default %u)\n"
	        "  --stats   print APDU and byte counts to stderr at exit\n", DEFAULT_SLOW_MS);
}

/* Reads a whole file of at most max bytes; NULL when it cannot. */
static uint8_t *read_file(const char *path, size_t max, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	uint8_t *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max + 1, f) : 0;
	fclose(f);
	if (!buf || n == 0 || n > max) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

/* MRZ text from an argument: a file's contents, or the argument itself.
 * One run-together line of 88/72/90 characters is split into lines. */
static int mrz_text(const char *arg, char *out, size_t cap)
{
	struct stat st;
	size_t n = 0;
	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		uint8_t *b = read_file(arg, 400, &n);
		if (!b)
			return -1;
		if (n >= cap) {
			free(b);
			return -1;
		}
		memcpy(out, b, n);
		free(b);
	} else {
		n = strlen(arg);
		if (n >= cap)
			return -1;
		memcpy(out, arg, n);
	}
	out[n] = 0;
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' '))
		out[--n] = 0;
	if (!strchr(out, '\n') && (n == 88 || n == 72 || n == 90)) {
		size_t w = n == 90 ? 30 : n / 2;
		char tmp[100];
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (i && i % w == 0)
				tmp[k++] = '\n';
			tmp[k++] = out[i];
		}
		tmp[k] = 0;
		if (k >= cap)
			return -1;
		memcpy(out, tmp, k + 1);
	}
	return 0;
}

static enum sim_err card_apdu(void *ctx, const uint8_t *cmd, size_t len, uint8_t *resp,
                              size_t cap, size_t *resp_len)
{
	return sim_card_apdu(ctx, cmd, len, resp, cap, resp_len);
}

static void card_reset(void *ctx)
{
	sim_card_reset(ctx);
}

/* HOST:PORT, [IPv6]:PORT or HOST (vpcd's default port); an empty host is
 * this machine. */
static bool vpcd_address(const char *arg, char *host, size_t hcap, char *port, size_t pcap)
{
	const char *h = arg, *p;
	size_t hn;
	if (arg[0] == '[') {
		const char *end = strchr(arg, ']');
		if (!end || (end[1] && end[1] != ':'))
			return false;
		h = arg + 1;
		hn = (size_t)(end - h);
		p = end[1] ? end + 2 : NULL;
	} else {
		const char *colon = strrchr(arg, ':');
		hn = colon ? (size_t)(colon - arg) : strlen(arg);
		p = colon ? colon + 1 : NULL;
	}
	if (!p)
		p = SIM_VPCD_DEFAULT_PORT;
	if (hn == 0) {
		h = "127.0.0.1";
		hn = strlen(h);
	}
	unsigned long pn = strtoul(p, NULL, 10);
	if (hn >= hcap || !*p || strlen(p) >= pcap || strspn(p, "0123456789") != strlen(p) ||
	    pn == 0 || pn > 65535)
		return false;
	memcpy(host, h, hn);
	host[hn] = 0;
	snprintf(port, pcap, "%s", p);
	return true;
}

struct vpcd_ready {
	const char *where;
	enum sim_fault fault;
	const char *access;
};

static void on_vpcd_ready(void *ctx)
{
	const struct vpcd_ready *r = ctx;
	printf("id06-chip-sim: ready vpcd %s (fault %s, access %s)\n", r->where,
	       sim_fault_name(r->fault), r->access ? r->access : "bac");
	fflush(stdout);
}

static void print_card_stats(const struct sim_card *card)
{
	struct sim_card_stats cs;
	sim_card_stats(card, &cs);
	fprintf(stderr, "id06-chip-sim: stats apdus=%u apdu_bytes_in=%lu apdu_bytes_out=%lu "
	        "chip_crypto_ms=%.3f\n", cs.apdus, cs.bytes_in, cs.bytes_out,
	        cs.crypto_seconds * 1000.0);
}

/* The card in vpcd's reader until SIGTERM/SIGINT: 0, or 1 with a message. */
static int serve_vpcd(const struct sim_target_ops *ops, const char *host, const char *port,
                      enum sim_vpcd_protocol protocol, unsigned delay_ms,
                      struct vpcd_ready *ready)
{
	struct sim_vpcd *v = NULL;
	enum sim_err e = sim_vpcd_new(ops, &v);
	if (e == SIM_OK) {
		sim_vpcd_set_delay(v, delay_ms);
		sim_vpcd_set_protocol(v, protocol);
		e = sim_vpcd_serve(v, host, port, on_vpcd_ready, ready, &stop_flag);
	}
	sim_vpcd_free(v);
	if (e == SIM_ERR_ARG) {
		fprintf(stderr, "id06-chip-sim: --vpcd %s: the host or port does not resolve\n",
		        ready->where);
		return 1;
	}
	if (e != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: %s\n", sim_err_str(e));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mrz_arg = NULL, *face_path = NULL, *pki = DEFAULT_PKI, *link = NULL;
	const char *fault_name = NULL, *access_name = NULL, *can = NULL, *vpcd = NULL;
	const char *ca_name = NULL, *aa_name = NULL;
	const char *protocol = NULL;
	const char *param_arg = NULL, *cipher_arg = NULL;
	unsigned slow_ms = DEFAULT_SLOW_MS;
	int stats = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--list-faults") == 0) {
			for (unsigned k = 1; k < SIM_FAULT_COUNT; k++)
				printf("%s\n", sim_fault_name((enum sim_fault)k));
			return 0;
		} else if (strcmp(a, "--stats") == 0) {
			stats = 1;
			continue;
		}
		if (!v) {
			fprintf(stderr, "id06-chip-sim: %s needs a value\n", a);
			usage(stderr);
			return 2;
		}
		if (strcmp(a, "--mrz") == 0) mrz_arg = v;
		else if (strcmp(a, "--face") == 0) face_path = v;
		else if (strcmp(a, "--pki") == 0) pki = v;
		else if (strcmp(a, "--fault") == 0) fault_name = v;
		else if (strcmp(a, "--pn532") == 0) link = v;
		else if (strcmp(a, "--vpcd") == 0) vpcd = v;
		else if (strcmp(a, "--protocol") == 0) protocol = v;
		else if (strcmp(a, "--access") == 0) access_name = v;
		else if (strcmp(a, "--can") == 0) can = v;
		else if (strcmp(a, "--ca") == 0) ca_name = v;
		else if (strcmp(a, "--aa") == 0) aa_name = v;
		else if (strcmp(a, "--pace-param") == 0) param_arg = v;
		else if (strcmp(a, "--pace-cipher") == 0) cipher_arg = v;
		else if (strcmp(a, "--slow-ms") == 0) slow_ms = (unsigned)strtoul(v, NULL, 10);
		else {
			fprintf(stderr, "id06-chip-sim: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (!mrz_arg || !link == !vpcd) {
		fprintf(stderr, "id06-chip-sim: --mrz and one of --pn532 or --vpcd are required\n");
		usage(stderr);
		return 2;
	}
	if (protocol && (!vpcd || (strcmp(protocol, "t0") != 0 && strcmp(protocol, "t1") != 0))) {
		fprintf(stderr, "id06-chip-sim: --protocol: t0 or t1, with --vpcd\n");
		return 2;
	}
	char vpcd_host[256], vpcd_port[16];
	if (vpcd && !vpcd_address(vpcd, vpcd_host, sizeof vpcd_host, vpcd_port, sizeof vpcd_port)) {
		fprintf(stderr, "id06-chip-sim: --vpcd %s: give HOST:PORT, e.g. 127.0.0.1:35963\n", vpcd);
		return 2;
	}
	enum sim_fault fault = SIM_FAULT_NONE;
	if (fault_name && sim_fault_parse(fault_name, &fault) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: unknown fault '%s'; one of:", fault_name);
		for (unsigned k = 1; k < SIM_FAULT_COUNT; k++)
			fprintf(stderr, " %s", sim_fault_name((enum sim_fault)k));
		fprintf(stderr, "\n");
		return 2;
	}
	enum sim_access access = SIM_ACCESS_BAC;
	if (access_name && sim_access_parse(access_name, &access) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: unknown access '%s'; one of: bac pace-ecdh "
		        "pace-dh pace-cam pace-only-can\n", access_name);
		return 2;
	}
	/* The PACE domain parameters: a standardized id of the access's kind
	 * that fits short APDUs. */
	bool dh = access == SIM_ACCESS_PACE_DH, param_ec = false;
	unsigned long pace_param = dh ? 0 : 13;
	if (param_arg) {
		char *end = NULL;
		pace_param = strtoul(param_arg, &end, 10);
		if (!*param_arg || *end || !emrtd_pace_param_name((uint32_t)pace_param, &param_ec) ||
		    param_ec == dh || (dh && pace_param != 0)) {
			fprintf(stderr, "id06-chip-sim: --pace-param %s: not a parameter id for %s "
			        "(ECDH 8-18, DH 0; see --help)\n", param_arg,
			        dh ? "pace-dh" : "ECDH PACE");
			return 2;
		}
	}
	static const char *const ciphers[] = {"3des", "aes128", "aes192", "aes256"};
	unsigned pace_cipher = 0;
	for (unsigned k = 0; cipher_arg && k < 4; k++)
		if (strcmp(cipher_arg, ciphers[k]) == 0)
			pace_cipher = k + 1;
	if (cipher_arg && !pace_cipher) {
		fprintf(stderr, "id06-chip-sim: --pace-cipher %s: one of aes128 aes192 aes256 3des\n",
		        cipher_arg);
		return 2;
	}
	if (access == SIM_ACCESS_PACE_CAM && pace_cipher == 1) {
		fprintf(stderr, "id06-chip-sim: pace-cam is defined with AES only; choose aes128, "
		        "aes192 or aes256\n");
		return 2;
	}
	struct sim_auth_opts auth = {SIM_CA_NONE, SIM_AA_NONE};
	if (ca_name && sim_ca_parse(ca_name, &auth.ca) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: unknown --ca '%s'; one of: none ecdh ecdh-p256 dh\n", ca_name);
		return 2;
	}
	if (aa_name && sim_aa_parse(aa_name, &auth.aa) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: unknown --aa '%s'; one of: none rsa ecdsa ecdsa-der\n",
		        aa_name);
		return 2;
	}
	if (can && (strlen(can) == 0 || strlen(can) > 12 ||
	            strspn(can, "0123456789") != strlen(can))) {
		fprintf(stderr, "id06-chip-sim: --can: 1 to 12 digits\n");
		return 2;
	}
	if (access == SIM_ACCESS_PACE_ONLY_CAN && !can) {
		fprintf(stderr, "id06-chip-sim: --access pace-only-can needs --can\n");
		return 2;
	}

	int rc = 1;
	char mrz[400];
	uint8_t *face = NULL;
	size_t face_len = 0;
	struct sim_doc doc;
	struct sim_card *card = NULL;
	struct sim_pn532 *emu = NULL;
	struct sim_server *srv = NULL;
	enum sim_image_kind kind = SIM_IMAGE_JPEG;
	enum sim_err e;
	memset(&doc, 0, sizeof doc);

	if (mrz_text(mrz_arg, mrz, sizeof mrz) != 0) {
		fprintf(stderr, "id06-chip-sim: --mrz: cannot read the MRZ (a file of at most 400 bytes or the text)\n");
		goto out;
	}
	if (face_path) {
		face = read_file(face_path, SIM_MAX_FACE, &face_len);
		if (!face || sim_face_kind(face, face_len, &kind) != SIM_OK) {
			fprintf(stderr, "id06-chip-sim: --face %s: not a readable JPEG or JPEG 2000 file "
			        "of at most %u bytes\n", face_path, SIM_MAX_FACE);
			goto out;
		}
	} else if ((e = sim_face_make(SIM_IMAGE_JPEG, 240, 320, 91, &face, &face_len)) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: sample face: %s\n", sim_err_str(e));
		goto out;
	}
	e = sim_doc_build_auth(mrz, face, face_len, kind, pki, fault, &auth, &doc);
	if (e != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: document: %s (pki %s)\n", sim_err_str(e), pki);
		goto out;
	}
	struct sim_card_opts opts = {.fault = fault, .access = access,
	                             .pace_param = (uint32_t)pace_param, .pace_cipher = pace_cipher,
	                             .pki_dir = pki};
	if (can)
		memcpy(opts.can, can, strlen(can));
	if ((e = sim_card_new(&doc, &opts, &card)) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: %s\n", sim_err_str(e));
		goto out;
	}
	struct sim_target_ops ops = {card_apdu, card_reset, card};
	if ((e = sim_pn532_new(&ops, &emu)) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: %s\n", sim_err_str(e));
		goto out;
	}
	if (fault == SIM_FAULT_SLOW)
		sim_pn532_set_delay(emu, slow_ms);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (vpcd) {
		struct vpcd_ready ready = {vpcd, fault, access_name};
		enum sim_vpcd_protocol proto =
			protocol && strcmp(protocol, "t0") == 0 ? SIM_VPCD_T0 : SIM_VPCD_T1;
		rc = serve_vpcd(&ops, vpcd_host, vpcd_port, proto,
		                fault == SIM_FAULT_SLOW ? slow_ms : 0, &ready);
		if (rc == 0 && stats)
			print_card_stats(card);
		goto out;
	}
	if ((e = sim_server_open(link, &srv)) != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: --pn532 %s: cannot create the pseudo-terminal link "
		        "(is a non-symlink file in the way?)\n", link);
		goto out;
	}
	printf("id06-chip-sim: ready %s -> %s (fault %s, access %s)\n", link, sim_server_pty(srv),
	       sim_fault_name(fault), access_name ? access_name : "bac");
	fflush(stdout);
	e = sim_server_run(srv, emu, &stop_flag);
	if (e != SIM_OK) {
		fprintf(stderr, "id06-chip-sim: %s\n", sim_err_str(e));
		goto out;
	}
	if (stats) {
		struct sim_card_stats cs;
		struct sim_pn532_stats ps;
		sim_card_stats(card, &cs);
		sim_pn532_stats(emu, &ps);
		fprintf(stderr, "id06-chip-sim: stats apdus=%u apdu_bytes_in=%lu apdu_bytes_out=%lu "
		        "serial_bytes_in=%lu serial_bytes_out=%lu frames_in=%u exchanges=%u "
		        "chip_crypto_ms=%.3f\n", cs.apdus, cs.bytes_in, cs.bytes_out, ps.host_bytes,
		        ps.chip_bytes, ps.frames_in, ps.exchanges, cs.crypto_seconds * 1000.0);
	}
	rc = 0;
out:
	sim_server_close(srv);
	sim_pn532_free(emu);
	sim_card_free(card);
	sim_doc_fini(&doc);
	free(face);
	emrtd_wipe(mrz, sizeof mrz);
	return rc;
}
