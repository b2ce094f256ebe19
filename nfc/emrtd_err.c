/* emrtd_err.c - the words for each error. */
#include "emrtd.h"

const char *emrtd_err_str(enum emrtd_err err)
{
	switch (err) {
	case EMRTD_OK: return "success";
	case EMRTD_ERR_ARG: return "invalid argument (a bug in the caller)";
	case EMRTD_ERR_NOMEM: return "out of memory";
	case EMRTD_ERR_TRUNCATED: return "chip data ends before its declared length (damaged file or lost contact); read again";
	case EMRTD_ERR_BAD_TAG: return "chip data has an unexpected tag (not an ICAO LDS structure)";
	case EMRTD_ERR_BAD_LENGTH: return "chip data has an impossible length";
	case EMRTD_ERR_TOO_BIG: return "chip data is larger than the allowed maximum";
	case EMRTD_ERR_BAD_PADDING: return "decrypted chip data has no valid padding (secure messaging broken)";
	case EMRTD_ERR_MAC: return "message authentication failed: the answer was not produced by the chip with our session keys";
	case EMRTD_ERR_SM_MISSING_DO: return "a secure-messaging answer lacks a required data object";
	case EMRTD_ERR_SM_STATUS: return "the chip answered without secure messaging (it ended the session); start again";
	case EMRTD_ERR_CRYPTO: return "cryptographic library failure";
	case EMRTD_ERR_MRZ: return "the MRZ does not give an access key (document number, birth or expiry date missing or invalid); rescan the MRZ";
	case EMRTD_ERR_ACCESS_DENIED: return "the chip refused access: the MRZ does not fit this document (rescan the MRZ of the same document)";
	case EMRTD_ERR_BAC_BAD_RESPONSE: return "the chip's authentication answer does not match our challenge";
	case EMRTD_ERR_NO_READER: return "no NFC reader found: check the reader's cable and the device name";
	case EMRTD_ERR_NO_CARD: return "no chip in the field: place the document on the reader (passports: open at the photo page, chip often in the cover)";
	case EMRTD_ERR_CARD_LOST: return "the document left the reader's field: keep it still on the reader and try again";
	case EMRTD_ERR_TIMEOUT: return "the chip did not answer in time: keep the document still on the reader and try again";
	case EMRTD_ERR_TRANSPORT: return "the reader failed to exchange data with the chip; try again";
	case EMRTD_ERR_STATUS: return "the chip answered with an unexpected status";
	case EMRTD_ERR_NOT_FOUND: return "the file is not on this chip";
	case EMRTD_ERR_NOT_EMRTD: return "this chip has no ICAO eMRTD application (not an ePassport or eID)";
	case EMRTD_ERR_SECURITY: return "the file needs stronger access than BAC (extended access control)";
	case EMRTD_ERR_IMAGE: return "the face image cannot be decoded";
	case EMRTD_ERR_UNSUPPORTED: return "not supported by this reader software";
	case EMRTD_ERR_IO: return "a local file could not be read or written";
	case EMRTD_ERR_TRUST: return "the trust store (CSCA certificates or master list) cannot be used";
	case EMRTD_ERR_NEEDS_CAN: return "this document needs its card access number (CAN, 6 digits printed on the card) for the chip; enter the CAN";
	case EMRTD_ERR_CAN_REFUSED: return "the chip refused the card access number: check the digits printed on the card and enter the CAN again";
	case EMRTD_ERR_BAD_SIGNATURE: return "the chip's signature does not verify with the key in its signed data (cloned or forged chip?)";
	case EMRTD_ERR_NO_SERVICE: return "the smart-card service pcscd is not running: start it (systemctl start pcscd.socket) or install pcscd";
	case EMRTD_ERR_READER_NOT_FOUND: return "no PC/SC reader of that name: check the reader name in the device setting (pcsc:NAME) and that the reader is plugged in";
	case EMRTD_ERR_CAM_FAILED: return "chip authentication failed: the chip does not hold the key its signed EF.CardSecurity names (a cloned or forged chip); do not accept the document";
	case EMRTD_ERR_COUNT: break;
	}
	return "unknown error";
}
