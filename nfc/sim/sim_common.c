/* sim_common.c - error words and fault switch names. */
#include <string.h>

#include "chip_sim.h"

const char *sim_err_str(enum sim_err err)
{
	switch (err) {
	case SIM_OK: return "success";
	case SIM_ERR_ARG: return "invalid argument (a NULL or unusable value was passed)";
	case SIM_ERR_NOMEM: return "out of memory";
	case SIM_ERR_NEED_MORE: return "incomplete frame: wait for more bytes";
	case SIM_ERR_BAD_LCS: return "frame length checksum (LCS) does not match the length";
	case SIM_ERR_BAD_DCS: return "frame data checksum (DCS) does not match the data";
	case SIM_ERR_BAD_LENGTH: return "frame length is zero or impossible";
	case SIM_ERR_BAD_POSTAMBLE: return "frame does not end with the 00 postamble";
	case SIM_ERR_TOO_BIG: return "more data than a PN532 frame or the buffer can hold";
	case SIM_ERR_BAD_MRZ: return "the MRZ is not a valid TD1, TD2 or TD3 MRZ: check line lengths and check digits";
	case SIM_ERR_FACE: return "face image missing, empty, too big or not JPEG/JPEG 2000";
	case SIM_ERR_PKI: return "test PKI files missing or unusable: run scripts/make-test-pki DIR";
	case SIM_ERR_CRYPTO: return "an OpenSSL operation failed";
	case SIM_ERR_IO: return "a file or terminal could not be read or written";
	case SIM_ERR_UNKNOWN_FAULT: return "unknown fault name: see id06-chip-sim --help for the list";
	case SIM_ERR_TAG_LOST: return "the tag left the field";
	}
	return "unknown error";
}

static const char *const fault_names[SIM_FAULT_COUNT] = {
	[SIM_FAULT_NONE] = "none",
	[SIM_FAULT_BAD_MAC] = "bad-mac",
	[SIM_FAULT_TRUNCATED] = "truncated",
	[SIM_FAULT_OVERLONG] = "overlong",
	[SIM_FAULT_BAD_TLV] = "bad-tlv",
	[SIM_FAULT_TAMPER_DG1] = "tamper-dg1",
	[SIM_FAULT_TAMPER_DG2] = "tamper-dg2",
	[SIM_FAULT_UNTRUSTED_SIGNER] = "untrusted-signer",
	[SIM_FAULT_SW_6982] = "sw-6982",
	[SIM_FAULT_SW_6A82] = "sw-6a82",
	[SIM_FAULT_LOST_TAG] = "lost-tag",
	[SIM_FAULT_SLOW] = "slow",
	[SIM_FAULT_BAD_PACE_TOKEN] = "bad-pace-token",
	[SIM_FAULT_WRONG_AA_KEY] = "wrong-aa-key",
	[SIM_FAULT_WRONG_CA_KEY] = "wrong-ca-key",
	[SIM_FAULT_DG14_NOT_SIGNED] = "dg14-not-signed",
	[SIM_FAULT_AA_CUT] = "aa-cut",
	[SIM_FAULT_CAM_WRONG_KEY] = "cam-wrong-key",
	[SIM_FAULT_NO_SFI] = "no-sfi",
};

enum sim_err sim_access_parse(const char *name, enum sim_access *out)
{
	if (!name || !out)
		return SIM_ERR_ARG;
	if (strcmp(name, "bac") == 0)
		*out = SIM_ACCESS_BAC;
	else if (strcmp(name, "pace-ecdh") == 0)
		*out = SIM_ACCESS_PACE_ECDH;
	else if (strcmp(name, "pace-only-can") == 0)
		*out = SIM_ACCESS_PACE_ONLY_CAN;
	else if (strcmp(name, "pace-dh") == 0)
		*out = SIM_ACCESS_PACE_DH;
	else if (strcmp(name, "pace-cam") == 0)
		*out = SIM_ACCESS_PACE_CAM;
	else
		return SIM_ERR_ARG;
	return SIM_OK;
}

const char *sim_fault_name(enum sim_fault fault)
{
	if ((unsigned)fault >= SIM_FAULT_COUNT)
		return "unknown";
	return fault_names[fault];
}

enum sim_err sim_fault_parse(const char *name, enum sim_fault *out)
{
	if (!out)
		return SIM_ERR_ARG;
	*out = SIM_FAULT_NONE;
	if (!name)
		return SIM_ERR_ARG;
	for (unsigned k = 0; k < SIM_FAULT_COUNT; k++)
		if (strcmp(name, fault_names[k]) == 0) {
			*out = (enum sim_fault)k;
			return SIM_OK;
		}
	return SIM_ERR_UNKNOWN_FAULT;
}
