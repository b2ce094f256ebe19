/* verdict_test - the rules of emrtd_document.verdict (emrtd_prove.c), one
 * row per case: passive authentication's parts, DG1, the face, and the raw
 * outcome of chip and active authentication in, the counted proofs and
 * the verdict with a piece of its reason out.  A proof's pass counts only
 * when passive authentication verified its file; a failure always counts;
 * a missing trust store is "not proven", not "failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emrtd_int.h"

enum { P = EMRTD_CHECK_PASS, F = EMRTD_CHECK_FAIL, N = EMRTD_CHECK_NOT_DONE };
enum { NS = EMRTD_PROOF_NOT_SUPPORTED, OK = EMRTD_PROOF_PASSED, KO = EMRTD_PROOF_FAILED,
       NC = EMRTD_PROOF_NOT_CHECKED };

struct row {
	const char *name;
	int sig, chain, hashes;          /* passive authentication parts */
	int dg14, dg15;                  /* their hash checks (N: not read or not listed) */
	bool dg1_fits, face_bad;
	int ca, aa;                      /* raw outcomes from the chip */
	int want_ca, want_aa;            /* as counted */
	enum emrtd_verdict want;
	const char *reason;              /* a piece of verdict_reason */
};

static const struct row rows[] = {
	{"CA passed", P, P, P, P, N, true, false, OK, NS, OK, NS, EMRTD_VERDICT_GENUINE,
	 "passive and chip authentication passed"},
	{"AA passed", P, P, P, N, P, true, false, NS, OK, NS, OK, EMRTD_VERDICT_GENUINE,
	 "passive and active authentication passed"},
	{"both passed", P, P, P, P, P, true, false, OK, OK, OK, OK, EMRTD_VERDICT_GENUINE, "chip"},
	{"neither", P, P, P, N, N, true, false, NS, NS, NS, NS, EMRTD_VERDICT_NOT_PROVEN,
	 "neither chip authentication (DG14) nor active authentication (DG15)"},
	{"CA failed, AA passed", P, P, P, P, P, true, false, KO, OK, KO, OK, EMRTD_VERDICT_FAILED,
	 "chip authentication failed: X"},
	{"AA failed, CA passed", P, P, P, P, P, true, false, OK, KO, OK, KO, EMRTD_VERDICT_FAILED,
	 "active authentication failed: X"},
	{"AA not checked (unsupported key)", P, P, P, N, P, true, false, NS, NC, NS, NC,
	 EMRTD_VERDICT_NOT_PROVEN, "active authentication not checked: X"},
	{"no trust store: AA does not count", P, N, P, N, P, true, false, NS, OK, NS, NC,
	 EMRTD_VERDICT_NOT_PROVEN, "passive authentication not complete"},
	{"DG14 not in EF.SOD", P, P, F, N, N, true, false, OK, NS, NC, NS, EMRTD_VERDICT_FAILED,
	 "passive authentication failed"},
	{"DG15 altered", P, P, F, N, F, true, false, NS, OK, NS, NC, EMRTD_VERDICT_FAILED,
	 "passive authentication failed"},
	{"SOD signature broken, CA passed", F, N, P, P, N, true, false, OK, NS, NC, NS,
	 EMRTD_VERDICT_FAILED, "passive authentication failed"},
	{"untrusted signer, AA passed", P, F, P, N, P, true, false, NS, OK, NS, NC,
	 EMRTD_VERDICT_FAILED, "passive authentication failed"},
	{"DG1 does not fit, CA passed", P, P, P, P, N, false, false, OK, NS, OK, NS,
	 EMRTD_VERDICT_FAILED, "DG1 differs"},
	{"face undecodable, AA passed", P, P, P, N, P, true, true, NS, OK, NS, OK, EMRTD_VERDICT_FAILED,
	 "face:"},
	{"no trust store, CA failed", P, N, P, P, N, true, false, KO, NS, KO, NS, EMRTD_VERDICT_FAILED,
	 "chip authentication failed"},
};

static const char *vname(enum emrtd_verdict v)
{
	return emrtd_verdict_name(v);
}

int main(void)
{
	int failures = 0;
	struct emrtd_document *d = calloc(1, sizeof *d);
	static uint8_t dg1_byte = 0x61;
	if (!d)
		return 1;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		memset(d, 0, sizeof *d);
		d->files[EMRTD_FILE_DG1] = &dg1_byte;  /* present; never read here */
		d->lens[EMRTD_FILE_DG1] = 1;
		d->pa.signature = (enum emrtd_check)r->sig;
		d->pa.chain = (enum emrtd_check)r->chain;
		d->pa.hashes = (enum emrtd_check)r->hashes;
		d->pa.verdict = r->sig == P && r->chain == P && r->hashes == P ? EMRTD_CHECK_PASS :
		                                                                EMRTD_CHECK_FAIL;
		snprintf(d->pa.reason, sizeof d->pa.reason, "%s", r->chain == N ? "no trust store" : "Y");
		d->pa.dg_hash[EMRTD_FILE_DG14] = (enum emrtd_check)r->dg14;
		d->pa.dg_hash[EMRTD_FILE_DG15] = (enum emrtd_check)r->dg15;
		d->pa.dg_listed[EMRTD_FILE_DG14] = r->dg14 != N;
		d->pa.dg_listed[EMRTD_FILE_DG15] = r->dg15 != N;
		d->dg1_parsed = true;
		d->dg1_matches = r->dg1_fits;
		if (!r->dg1_fits)
			snprintf(d->dg1_mismatch, sizeof d->dg1_mismatch, "name in DG1 differs");
		d->face_err = r->face_bad ? EMRTD_ERR_IMAGE : EMRTD_OK;
		d->verified = d->pa.verdict == EMRTD_CHECK_PASS && r->dg1_fits && !r->face_bad;
		d->ca_run.state = (enum emrtd_proof_state)r->ca;
		d->aa_run.state = (enum emrtd_proof_state)r->aa;
		snprintf(d->ca_run.reason, sizeof d->ca_run.reason, "X");
		snprintf(d->aa_run.reason, sizeof d->aa_run.reason, "X");
		emrtd_document_judge(d, true);
		if ((int)d->chip_auth.state != r->want_ca || (int)d->active_auth.state != r->want_aa ||
		    d->verdict != r->want || !strstr(d->verdict_reason, r->reason)) {
			printf("FAIL %s: expected CA %d AA %d, %s (\"...%s...\")\n"
			       "  got CA %d AA %d, %s (\"%s\")\n",
			       r->name, r->want_ca, r->want_aa, vname(r->want), r->reason, d->chip_auth.state,
			       d->active_auth.state, vname(d->verdict), d->verdict_reason);
			failures++;
		}
	}
	/* The words for each state. */
	struct emrtd_proof p = {.state = EMRTD_PROOF_FAILED};
	char buf[200];
	snprintf(p.reason, sizeof p.reason, "the chip refused INTERNAL AUTHENTICATE (status 6985)");
	emrtd_proof_describe(&p, buf, sizeof buf);
	if (strcmp(buf, "failed: the chip refused INTERNAL AUTHENTICATE (status 6985)") != 0) {
		printf("FAIL describe failed: got \"%s\"\n", buf);
		failures++;
	}
	p.state = EMRTD_PROOF_NOT_SUPPORTED;
	emrtd_proof_describe(&p, buf, sizeof buf);
	if (strcmp(buf, "not supported") != 0) {
		printf("FAIL describe not supported: got \"%s\"\n", buf);
		failures++;
	}
	free(d);
	printf("verdict_test: %zu rows, %d failed\n", sizeof rows / sizeof rows[0], failures);
	return failures ? 1 : 0;
}
