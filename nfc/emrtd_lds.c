/* emrtd_lds.c - the logical data structure (ICAO 9303-10): file table,
 * EF.COM, DG1 and the face in DG2, all read through the bounded cursor. */
#include <string.h>

#include "emrtd_crypto.h"
#include "emrtd_int.h"
#include "mrz.h"

static const struct {
	const char *name;
	uint16_t fid;
	uint8_t sfi;
	uint8_t tag;
} files[EMRTD_FILE_COUNT] = {
	[EMRTD_FILE_COM] = {"EF.COM", 0x011E, 0x1E, 0x60},
	[EMRTD_FILE_DG1] = {"DG1", 0x0101, 0x01, 0x61},
	[EMRTD_FILE_DG2] = {"DG2", 0x0102, 0x02, 0x75},
	[EMRTD_FILE_DG3] = {"DG3", 0x0103, 0x03, 0x63},
	[EMRTD_FILE_DG4] = {"DG4", 0x0104, 0x04, 0x76},
	[EMRTD_FILE_DG5] = {"DG5", 0x0105, 0x05, 0x65},
	[EMRTD_FILE_DG6] = {"DG6", 0x0106, 0x06, 0x66},
	[EMRTD_FILE_DG7] = {"DG7", 0x0107, 0x07, 0x67},
	[EMRTD_FILE_DG8] = {"DG8", 0x0108, 0x08, 0x68},
	[EMRTD_FILE_DG9] = {"DG9", 0x0109, 0x09, 0x69},
	[EMRTD_FILE_DG10] = {"DG10", 0x010A, 0x0A, 0x6A},
	[EMRTD_FILE_DG11] = {"DG11", 0x010B, 0x0B, 0x6B},
	[EMRTD_FILE_DG12] = {"DG12", 0x010C, 0x0C, 0x6C},
	[EMRTD_FILE_DG13] = {"DG13", 0x010D, 0x0D, 0x6D},
	[EMRTD_FILE_DG14] = {"DG14", 0x010E, 0x0E, 0x6E},
	[EMRTD_FILE_DG15] = {"DG15", 0x010F, 0x0F, 0x6F},
	[EMRTD_FILE_DG16] = {"DG16", 0x0110, 0x10, 0x70},
	[EMRTD_FILE_SOD] = {"EF.SOD", 0x011D, 0x1D, 0x77},
};

static bool file_ok(enum emrtd_file f)
{
	return (int)f >= 0 && f < EMRTD_FILE_COUNT;
}

const char *emrtd_file_name(enum emrtd_file f)
{
	return file_ok(f) ? files[f].name : "unknown";
}

uint16_t emrtd_file_fid(enum emrtd_file f)
{
	return file_ok(f) ? files[f].fid : 0;
}

uint8_t emrtd_file_tag(enum emrtd_file f)
{
	return file_ok(f) ? files[f].tag : 0;
}

uint8_t emrtd_file_sfi(enum emrtd_file f)
{
	return file_ok(f) ? files[f].sfi : 0;
}

enum emrtd_file emrtd_file_from_tag(uint8_t tag)
{
	for (int i = EMRTD_FILE_DG1; i <= EMRTD_FILE_DG16; i++)
		if (files[i].tag == tag)
			return (enum emrtd_file)i;
	return EMRTD_FILE_COUNT;
}

static bool all_digits(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

enum emrtd_err emrtd_com_parse(const uint8_t *p, size_t n, struct emrtd_com *out)
{
	struct emrtd_cursor c, com, v;
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	emrtd_cursor_init(&c, p, n);
	if (emrtd_cursor_expect(&c, 0x60, &com))
		return c.err;
	if (!emrtd_cursor_done(&c))
		return EMRTD_ERR_BAD_LENGTH; /* bytes after the file's TLV */
	if (emrtd_cursor_expect(&com, 0x5F01, &v))
		return com.err;
	if (v.left != 4 || !all_digits(v.p, 4))
		return EMRTD_ERR_BAD_LENGTH;
	memcpy(out->lds_version, v.p, 4);
	if (emrtd_cursor_expect(&com, 0x5F36, &v))
		return com.err;
	if (v.left != 6 || !all_digits(v.p, 6))
		return EMRTD_ERR_BAD_LENGTH;
	memcpy(out->unicode_version, v.p, 6);
	if (emrtd_cursor_expect(&com, 0x5C, &v))
		return com.err;
	for (size_t i = 0; i < v.left; i++) {
		enum emrtd_file f = emrtd_file_from_tag(v.p[i]);
		if (f == EMRTD_FILE_COUNT) {
			memset(out, 0, sizeof *out);
			return EMRTD_ERR_BAD_TAG;
		}
		out->present[f] = true;
	}
	return EMRTD_OK;
}

enum emrtd_err emrtd_dg1_mrz(const uint8_t *p, size_t n, char *mrz, size_t cap)
{
	struct emrtd_cursor c, dg, v;
	if (!mrz || cap == 0)
		return EMRTD_ERR_ARG;
	mrz[0] = 0;
	emrtd_cursor_init(&c, p, n);
	if (emrtd_cursor_expect(&c, 0x61, &dg))
		return c.err;
	if (emrtd_cursor_expect(&dg, 0x5F1F, &v))
		return dg.err;
	/* TD1 90, TD2 72, TD3 88 characters. */
	if (v.left != 90 && v.left != 72 && v.left != 88)
		return EMRTD_ERR_BAD_LENGTH;
	if (v.left >= cap)
		return EMRTD_ERR_TOO_BIG;
	for (size_t i = 0; i < v.left; i++) {
		uint8_t ch = v.p[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || ch == '<'))
			return EMRTD_ERR_BAD_TAG;
	}
	memcpy(mrz, v.p, v.left);
	mrz[v.left] = 0;
	return EMRTD_OK;
}

enum emrtd_err emrtd_key_from_mrz(const char *text, size_t len, uint8_t seed[16],
                                  struct mrz_result *mrz)
{
	if (!text || !seed || !mrz)
		return EMRTD_ERR_ARG;
	memset(seed, 0, 16);
	enum mrz_err me = mrz_parse(text, len, NULL, mrz);
	/* The key needs the document number, the dates and their digits;
	 * other problems (a composite digit, an unknown state) do not stop
	 * the chip from opening. */
	if (me != MRZ_OK && me != MRZ_ERR_CHECK_DIGIT && me != MRZ_ERR_BAD_FIELD)
		return EMRTD_ERR_MRZ;
	const struct mrz_check *ck = mrz->checks;
	if (!ck[MRZ_CHECK_DOCUMENT_NUMBER].valid || !ck[MRZ_CHECK_BIRTH_DATE].valid ||
	    !ck[MRZ_CHECK_EXPIRY_DATE].valid)
		return EMRTD_ERR_MRZ;
	return emrtd_bac_seed_from_mrz(mrz, seed);
}

const char *emrtd_image_format_name(enum emrtd_image_format f)
{
	switch (f) {
	case EMRTD_IMAGE_NONE: return "none";
	case EMRTD_IMAGE_JPEG: return "jpeg";
	case EMRTD_IMAGE_JP2: return "jp2";
	case EMRTD_IMAGE_J2K: return "j2k";
	}
	return "unknown";
}

static enum emrtd_image_format sniff(const uint8_t *p, size_t n)
{
	static const uint8_t jp2[] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A};
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return EMRTD_IMAGE_JPEG;
	if (n >= sizeof jp2 && memcmp(p, jp2, sizeof jp2) == 0)
		return EMRTD_IMAGE_JP2;
	if (n >= 4 && p[0] == 0xFF && p[1] == 0x4F && p[2] == 0xFF && p[3] == 0x51)
		return EMRTD_IMAGE_J2K;
	return EMRTD_IMAGE_NONE;
}

static uint32_t be(const uint8_t *p, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* ISO/IEC 19794-5 (2005) facial record data: the first face image. */
static enum emrtd_err parse_19794(struct emrtd_cursor *bdb, struct emrtd_face *out)
{
	const uint8_t *h, *rec, *info, *img;
	if (emrtd_cursor_take(bdb, 14, &h))
		return bdb->err;
	if (memcmp(h, "FAC\0", 4) != 0)
		return EMRTD_ERR_BAD_TAG;
	uint32_t total = be(h + 8, 4);
	unsigned faces = (unsigned)be(h + 12, 2);
	if (faces == 0)
		return EMRTD_ERR_NOT_FOUND;
	if (total < 14 || total - 14 > bdb->left)
		return EMRTD_ERR_BAD_LENGTH;
	/* Facial record header: length (4), feature points (2), 14 more. */
	if (emrtd_cursor_take(bdb, 20, &rec))
		return bdb->err;
	uint32_t rec_len = be(rec, 4);
	size_t points = be(rec + 4, 2);
	if (rec_len < 20 + 12 || rec_len - 20 > bdb->left)
		return EMRTD_ERR_BAD_LENGTH;
	size_t rest = rec_len - 20;
	if (points * 8 > rest - 12)
		return EMRTD_ERR_BAD_LENGTH;
	if (emrtd_cursor_take(bdb, points * 8, &img))
		return bdb->err;
	if (emrtd_cursor_take(bdb, 12, &info))
		return bdb->err;
	size_t img_len = rest - points * 8 - 12;
	if (emrtd_cursor_take(bdb, img_len, &img))
		return bdb->err;
	enum emrtd_image_format fmt = sniff(img, img_len);
	/* Image data type: 0 JPEG, 1 JPEG 2000 (lossy or lossless). */
	if (fmt == EMRTD_IMAGE_NONE || (info[1] == 0) != (fmt == EMRTD_IMAGE_JPEG))
		return EMRTD_ERR_IMAGE;
	out->format = fmt;
	out->image = img;
	out->image_len = img_len;
	out->width = (unsigned)be(info + 2, 2);
	out->height = (unsigned)be(info + 4, 2);
	out->faces = faces;
	return EMRTD_OK;
}

/* ISO/IEC 39794-5: find the first primitive value that is an image. */
static bool find_image(struct emrtd_cursor *c, int depth, struct emrtd_face *out)
{
	struct emrtd_cursor v;
	uint32_t tag;
	while (c->left && !c->err) {
		if (emrtd_cursor_tlv(c, &tag, &v))
			return false;
		uint32_t first = tag > 0xFFFF ? tag >> 16 : tag > 0xFF ? tag >> 8 : tag;
		if (first & 0x20) {
			if (depth < 12 && find_image(&v, depth + 1, out))
				return true;
		} else {
			enum emrtd_image_format f = sniff(v.p, v.left);
			if (f != EMRTD_IMAGE_NONE) {
				out->format = f;
				out->image = v.p;
				out->image_len = v.left;
				out->faces = 1;
				return true;
			}
		}
	}
	return false;
}

enum emrtd_err emrtd_dg2_parse(const uint8_t *p, size_t n, struct emrtd_face *out)
{
	struct emrtd_cursor c, dg, group, inst, v;
	uint32_t tag;
	if (!out)
		return EMRTD_ERR_ARG;
	memset(out, 0, sizeof *out);
	emrtd_cursor_init(&c, p, n);
	if (emrtd_cursor_expect(&c, 0x75, &dg))
		return c.err;
	if (emrtd_cursor_expect(&dg, 0x7F61, &group))
		return dg.err;
	/* Number of instances. */
	if (emrtd_cursor_expect(&group, 0x02, &v))
		return group.err;
	if (v.left != 1 || v.p[0] == 0)
		return EMRTD_ERR_BAD_LENGTH;
	unsigned count = v.p[0];
	if (emrtd_cursor_expect(&group, 0x7F60, &inst))
		return group.err;
	/* Biometric header template, then the data block. */
	while (inst.left) {
		if (emrtd_cursor_tlv(&inst, &tag, &v))
			return inst.err;
		if (tag == 0x5F2E) {
			enum emrtd_err err = parse_19794(&v, out);
			if (err)
				memset(out, 0, sizeof *out);
			else if (out->faces < count)
				out->faces = count;
			return err;
		}
		if (tag == 0x7F2E) {
			if (!find_image(&v, 0, out)) {
				memset(out, 0, sizeof *out);
				return v.err ? v.err : EMRTD_ERR_IMAGE;
			}
			out->faces = count;
			return EMRTD_OK;
		}
	}
	return EMRTD_ERR_NOT_FOUND;
}
