/* emrtd_sm.c - ISO 7816-4 secure messaging as ICAO 9303-11 §9.8 profiles
 * it, for both the terminal and the chip.  MAC input is SSC || padded
 * header (commands) || the data objects before DO'8E', padded; the MAC is
 * checked (constant time) before anything is decrypted. */
#include <string.h>

#include <openssl/crypto.h>

#include "emrtd_crypto.h"

enum { MACBUF = EMRTD_APDU_MAX + 64 };

enum emrtd_err emrtd_sm_init(struct emrtd_sm *sm, enum emrtd_cipher c, const uint8_t *enc,
                             const uint8_t *mac, const uint8_t *ssc)
{
	if (!sm)
		return EMRTD_ERR_ARG;
	memset(sm, 0, sizeof *sm);
	size_t kl = emrtd_cipher_key_len(c), bl = emrtd_cipher_block_len(c);
	if (!enc || !mac || !ssc || kl == 0)
		return EMRTD_ERR_ARG;
	sm->cipher = c;
	memcpy(sm->enc, enc, kl);
	memcpy(sm->mac, mac, kl);
	memcpy(sm->ssc, ssc, bl);
	sm->active = true;
	return EMRTD_OK;
}

void emrtd_sm_wipe(struct emrtd_sm *sm)
{
	if (sm)
		emrtd_wipe(sm, sizeof *sm);
}

static void ssc_increment(struct emrtd_sm *sm)
{
	size_t bl = emrtd_cipher_block_len(sm->cipher);
	for (size_t i = bl; i-- > 0;) {
		if (++sm->ssc[i] != 0)
			break;
	}
}

/* The IV for this message: zeros for 3DES, E(K_enc, SSC) for AES. */
static enum emrtd_err sm_iv(const struct emrtd_sm *sm, uint8_t iv[16])
{
	memset(iv, 0, 16);
	if (sm->cipher == EMRTD_CIPHER_3DES)
		return EMRTD_OK;
	return emrtd_ecb_block(sm->cipher, sm->enc, sm->ssc, iv);
}

/* Encrypts data (n bytes, padded here) into out: *out_len bytes. */
static enum emrtd_err sm_encrypt(const struct emrtd_sm *sm, const uint8_t *data, size_t n,
                                 uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t iv[16];
	size_t padded;
	*out_len = 0;
	if (n >= cap)
		return EMRTD_ERR_TOO_BIG;
	memmove(out, data, n);
	enum emrtd_err err = emrtd_pad(out, n, cap, emrtd_cipher_block_len(sm->cipher), &padded);
	if (!err)
		err = sm_iv(sm, iv);
	if (!err)
		err = emrtd_cbc(sm->cipher, sm->enc, iv, true, out, padded, out);
	if (!err)
		*out_len = padded;
	emrtd_wipe(iv, sizeof iv);
	return err;
}

/* Decrypts a cryptogram and strips the padding into out (cap bytes). */
static enum emrtd_err sm_decrypt(const struct emrtd_sm *sm, const uint8_t *in, size_t n,
                                 uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t iv[16];
	uint8_t tmp[EMRTD_APDU_MAX];
	size_t bl = emrtd_cipher_block_len(sm->cipher);
	enum emrtd_err err;
	*out_len = 0;
	if (n == 0 || n % bl)
		return EMRTD_ERR_BAD_LENGTH;
	if (n > sizeof tmp)
		return EMRTD_ERR_TOO_BIG;
	err = sm_iv(sm, iv);
	if (!err)
		err = emrtd_cbc(sm->cipher, sm->enc, iv, false, in, n, tmp);
	size_t plain = 0;
	if (!err)
		err = emrtd_unpad(tmp, n, &plain);
	if (!err && plain > cap)
		err = EMRTD_ERR_TOO_BIG;
	if (!err) {
		if (plain)
			memcpy(out, tmp, plain);
		*out_len = plain;
	}
	emrtd_wipe(tmp, n);
	emrtd_wipe(iv, sizeof iv);
	return err;
}

/* MAC over SSC || [padded header] || dos. */
static enum emrtd_err sm_mac(const struct emrtd_sm *sm, const uint8_t *header, const uint8_t *dos,
                             size_t dos_len, uint8_t mac[8])
{
	uint8_t buf[MACBUF];
	size_t bl = emrtd_cipher_block_len(sm->cipher);
	size_t n = 0;
	enum emrtd_err err = EMRTD_OK;
	if (dos_len > EMRTD_APDU_MAX)
		return EMRTD_ERR_TOO_BIG;
	memcpy(buf, sm->ssc, bl);
	n = bl;
	if (header) {
		size_t hp;
		memcpy(buf + n, header, 4);
		err = emrtd_pad(buf + n, 4, sizeof buf - n, bl, &hp);
		n += hp;
	}
	if (!err) {
		if (dos_len)
			memcpy(buf + n, dos, dos_len);
		n += dos_len;
		err = emrtd_mac(sm->cipher, sm->mac, buf, n, mac);
	}
	emrtd_wipe(buf, n);
	return err;
}

enum emrtd_err emrtd_sm_wrap_command(struct emrtd_sm *sm, const uint8_t *apdu, size_t n,
                                     uint8_t *out, size_t cap, size_t *out_len)
{
	struct emrtd_apdu a, p;
	uint8_t dos[EMRTD_APDU_MAX], enc[EMRTD_APDU_MAX], mac[8];
	size_t enc_len = 0, dos_len = 0;
	struct emrtd_writer w;
	enum emrtd_err err;
	if (!sm || !apdu || !out || !out_len)
		return EMRTD_ERR_ARG;
	*out_len = 0;
	if (!sm->active)
		return EMRTD_ERR_ARG;
	err = emrtd_apdu_parse(apdu, n, &a);
	if (err)
		return err;
	if ((a.cla & 0x0C) == 0x0C)
		return EMRTD_ERR_ARG; /* already protected */
	ssc_increment(sm);
	emrtd_writer_init(&w, dos, sizeof dos);
	if (a.nc) {
		err = sm_encrypt(sm, a.data, a.nc, enc, sizeof enc, &enc_len);
		if (err)
			goto out;
		if (a.ins & 1) {
			emrtd_writer_tlv(&w, 0x85, enc, enc_len);
		} else {
			emrtd_writer_header(&w, 0x87, enc_len + 1);
			emrtd_writer_u8(&w, 0x01);
			emrtd_writer_bytes(&w, enc, enc_len);
		}
	}
	if (a.has_le) {
		if (a.ne <= 256 && !a.extended) {
			emrtd_writer_header(&w, 0x97, 1);
			emrtd_writer_u8(&w, (uint8_t)(a.ne == 256 ? 0 : a.ne));
		} else {
			size_t le = a.ne == 65536 ? 0 : a.ne;
			emrtd_writer_header(&w, 0x97, 2);
			emrtd_writer_u8(&w, (uint8_t)(le >> 8));
			emrtd_writer_u8(&w, (uint8_t)le);
		}
	}
	uint8_t header[4] = {(uint8_t)(a.cla | 0x0C), a.ins, a.p1, a.p2};
	size_t before_mac = w.len;
	if (w.err) {
		err = w.err;
		goto out;
	}
	err = sm_mac(sm, header, dos, before_mac, mac);
	if (err)
		goto out;
	emrtd_writer_tlv(&w, 0x8E, mac, 8);
	err = emrtd_writer_finish(&w, &dos_len);
	if (err)
		goto out;
	memset(&p, 0, sizeof p);
	p.cla = header[0];
	p.ins = a.ins;
	p.p1 = a.p1;
	p.p2 = a.p2;
	p.data = dos;
	p.nc = dos_len;
	p.has_le = true;
	p.extended = a.extended || dos_len > 255 || (a.has_le && a.ne > 256);
	p.ne = p.extended ? 65536 : 256;
	err = emrtd_apdu_build(&p, out, cap, out_len);
out:
	emrtd_wipe(enc, sizeof enc);
	emrtd_wipe(mac, sizeof mac);
	return err;
}

/* The data objects of a protected message, located by one pass of the
 * cursor.  mac_input_len is how many bytes precede DO'8E'. */
struct sm_dos {
	const uint8_t *crypt;  /* DO'87' value after the indicator, or DO'85' */
	size_t crypt_len;
	bool has_crypt;
	bool odd;              /* DO'85' */
	const uint8_t *le;
	size_t le_len;
	const uint8_t *sw;
	size_t sw_len;
	const uint8_t *mac;
	size_t mac_input_len;
};

static enum emrtd_err sm_split(const uint8_t *p, size_t n, bool command, struct sm_dos *d)
{
	struct emrtd_cursor c, v;
	uint32_t tag;
	memset(d, 0, sizeof *d);
	emrtd_cursor_init(&c, p, n);
	while (c.left) {
		size_t at = n - c.left;
		enum emrtd_err err = emrtd_cursor_tlv(&c, &tag, &v);
		if (err)
			return err;
		if (d->mac)
			return EMRTD_ERR_BAD_TAG; /* nothing may follow DO'8E' */
		switch (tag) {
		case 0x87:
		case 0x85:
			if (d->has_crypt || d->le || d->sw)
				return EMRTD_ERR_BAD_TAG;
			d->has_crypt = true;
			d->odd = tag == 0x85;
			if (tag == 0x87) {
				uint8_t ind;
				if (emrtd_cursor_u8(&v, &ind) || ind != 0x01)
					return EMRTD_ERR_BAD_PADDING;
			}
			d->crypt = v.p;
			d->crypt_len = v.left;
			break;
		case 0x97:
			if (!command || d->le || v.left < 1 || v.left > 2)
				return command ? EMRTD_ERR_BAD_LENGTH : EMRTD_ERR_BAD_TAG;
			d->le = v.p;
			d->le_len = v.left;
			break;
		case 0x99:
			if (command || d->sw || v.left != 2)
				return command ? EMRTD_ERR_BAD_TAG : EMRTD_ERR_BAD_LENGTH;
			d->sw = v.p;
			d->sw_len = v.left;
			break;
		case 0x8E:
			if (v.left != 8)
				return EMRTD_ERR_BAD_LENGTH;
			d->mac = v.p;
			d->mac_input_len = at;
			break;
		default:
			return EMRTD_ERR_BAD_TAG;
		}
	}
	if (!d->mac)
		return EMRTD_ERR_SM_MISSING_DO;
	if (!command && !d->sw)
		return EMRTD_ERR_SM_MISSING_DO;
	return EMRTD_OK;
}

enum emrtd_err emrtd_sm_unwrap_response(struct emrtd_sm *sm, const uint8_t *resp, size_t n,
                                        uint8_t *data, size_t cap, size_t *data_len,
                                        uint16_t *sw)
{
	struct sm_dos d;
	uint8_t mac[8];
	enum emrtd_err err;
	if (!sm || !resp || !data_len || !sw || (!data && cap))
		return EMRTD_ERR_ARG;
	*data_len = 0;
	*sw = 0;
	if (!sm->active)
		return EMRTD_ERR_ARG;
	if (n < 2)
		return EMRTD_ERR_TRUNCATED;
	uint16_t trailer = (uint16_t)((resp[n - 2] << 8) | resp[n - 1]);
	if (n == 2) {
		/* A bare status word: the chip dropped secure messaging (6987,
		 * 6988) or answered an error without protection. */
		*sw = trailer;
		ssc_increment(sm);
		return EMRTD_ERR_SM_STATUS;
	}
	ssc_increment(sm);
	err = sm_split(resp, n - 2, false, &d);
	if (err)
		return err;
	err = sm_mac(sm, NULL, resp, d.mac_input_len, mac);
	if (err)
		return err;
	if (CRYPTO_memcmp(mac, d.mac, 8) != 0)
		return EMRTD_ERR_MAC;
	if (d.has_crypt) {
		err = sm_decrypt(sm, d.crypt, d.crypt_len, data, cap, data_len);
		if (err)
			return err;
	}
	*sw = (uint16_t)((d.sw[0] << 8) | d.sw[1]);
	return EMRTD_OK;
}

enum emrtd_err emrtd_sm_unwrap_command(struct emrtd_sm *sm, const uint8_t *apdu, size_t n,
                                       uint8_t *buf, size_t cap, struct emrtd_apdu *out)
{
	struct emrtd_apdu a;
	struct sm_dos d;
	uint8_t mac[8];
	size_t plain = 0;
	enum emrtd_err err;
	if (!sm || !apdu || !out || (!buf && cap))
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	if (!sm->active)
		return EMRTD_ERR_ARG;
	err = emrtd_apdu_parse(apdu, n, &a);
	if (err)
		return err;
	if ((a.cla & 0x0C) != 0x0C)
		return EMRTD_ERR_SM_MISSING_DO;
	ssc_increment(sm);
	err = sm_split(a.data, a.nc, true, &d);
	if (err)
		return err;
	uint8_t header[4] = {a.cla, a.ins, a.p1, a.p2};
	err = sm_mac(sm, header, a.data, d.mac_input_len, mac);
	if (err)
		return err;
	if (CRYPTO_memcmp(mac, d.mac, 8) != 0)
		return EMRTD_ERR_MAC;
	if (d.has_crypt) {
		err = sm_decrypt(sm, d.crypt, d.crypt_len, buf, cap, &plain);
		if (err)
			return err;
		out->data = buf;
		out->nc = plain;
	}
	out->cla = (uint8_t)(a.cla & ~0x0C);
	out->ins = a.ins;
	out->p1 = a.p1;
	out->p2 = a.p2;
	if (d.le) {
		out->has_le = true;
		if (d.le_len == 1) {
			out->ne = d.le[0] ? d.le[0] : 256;
		} else {
			size_t le = ((size_t)d.le[0] << 8) | d.le[1];
			out->ne = le ? le : 65536;
			out->extended = true;
		}
	}
	return EMRTD_OK;
}

enum emrtd_err emrtd_sm_wrap_response(struct emrtd_sm *sm, const uint8_t *data, size_t n,
                                      uint16_t sw, uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t enc[EMRTD_APDU_MAX], mac[8];
	size_t enc_len = 0;
	struct emrtd_writer w;
	enum emrtd_err err;
	if (!sm || (!data && n) || !out || !out_len)
		return EMRTD_ERR_ARG;
	*out_len = 0;
	if (!sm->active)
		return EMRTD_ERR_ARG;
	ssc_increment(sm);
	emrtd_writer_init(&w, out, cap);
	if (n) {
		err = sm_encrypt(sm, data, n, enc, sizeof enc, &enc_len);
		if (err)
			goto out;
		emrtd_writer_header(&w, 0x87, enc_len + 1);
		emrtd_writer_u8(&w, 0x01);
		emrtd_writer_bytes(&w, enc, enc_len);
	}
	emrtd_writer_header(&w, 0x99, 2);
	emrtd_writer_u8(&w, (uint8_t)(sw >> 8));
	emrtd_writer_u8(&w, (uint8_t)sw);
	if (w.err) {
		err = w.err;
		goto out;
	}
	err = sm_mac(sm, NULL, out, w.len, mac);
	if (err)
		goto out;
	emrtd_writer_tlv(&w, 0x8E, mac, 8);
	emrtd_writer_u8(&w, (uint8_t)(sw >> 8));
	emrtd_writer_u8(&w, (uint8_t)sw);
	err = emrtd_writer_finish(&w, out_len);
out:
	emrtd_wipe(enc, sizeof enc);
	emrtd_wipe(mac, sizeof mac);
	return err;
}
