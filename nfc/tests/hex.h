/* hex.h - test helpers: hex strings to bytes and back. */
#ifndef ID06_NFC_TEST_HEX_H
#define ID06_NFC_TEST_HEX_H
#include <stddef.h>
#include <stdint.h>

/* Decodes hex (spaces ignored) into out; returns the byte count, or
 * (size_t)-1 when the text is not hex or does not fit. */
size_t hex_decode(const char *hex, uint8_t *out, size_t cap);
/* Prints n bytes as upper-case hex into a static rotating buffer. */
const char *hex_str(const uint8_t *p, size_t n);
/* 0 when p[0..n) equals the bytes of hex, else prints a diff line. */
int hex_expect(const char *what, const char *hex, const uint8_t *p, size_t n);
#endif
