/* emrtd_int.h - private helpers shared by the reader's files. */
#ifndef ID06_EMRTD_INT_H
#define ID06_EMRTD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emrtd.h"

/* Short file identifier: 1E for EF.COM, n for DGn, 1D for EF.SOD. */
uint8_t emrtd_file_sfi(enum emrtd_file f);

struct emrtd_sm;
/* One APDU through the session (protected when SM is on), for the steps
 * kept in other files (emrtd_prove.c). */
enum emrtd_err emrtd_session_xfer(struct emrtd_session *s, const uint8_t *cmd, size_t n,
                                  uint8_t *data, size_t cap, size_t *data_len, uint16_t *sw);
/* The session's secure channel, for chip authentication to replace. */
struct emrtd_sm *emrtd_session_sm(struct emrtd_session *s);

/* emrtd_prove.c: active and chip authentication at the end of
 * emrtd_document_read; the counted results and the verdict at the end of
 * emrtd_document_verify. */
enum emrtd_err emrtd_document_prove(struct emrtd_session *s, struct emrtd_document *d);
void emrtd_document_judge(struct emrtd_document *d, bool compared_mrz);
/* EF.CardSecurity: CMS signed data (id-SecurityObject) over SecurityInfos.
 * Its content is copied to content (cap bytes) whatever the signature;
 * pa gets the signature, the signer and its chain to trust (NULL: not
 * checked), verdict pass when both pass (hashes unused).
 * EMRTD_ERR_BAD_TAG when it is no such CMS, EMRTD_ERR_TOO_BIG. */
enum emrtd_err emrtd_card_security_check(const struct emrtd_trust *trust, const uint8_t *p,
                                         size_t n, struct emrtd_pa *pa, uint8_t *content,
                                         size_t cap, size_t *content_len);

/* After PACE-CAM: EF.CardSecurity as read (borrowed until the session
 * closes) and whether the chip proved its key.  False otherwise. */
bool emrtd_session_cam(const struct emrtd_session *s, const uint8_t **card_security,
                       size_t *len);

#endif
