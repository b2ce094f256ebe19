/* sim_test_util.h - what the simulator's tests share: the ICAO specimen
 * MRZs, lenient hex for table rows, and running a tool for its output. */
#ifndef ID06_SIM_TEST_UTIL_H
#define ID06_SIM_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* ICAO 9303-11 Appendix D: document L898902C<, born 690806, expires
 * 940623 (TD3); the ICAO 9303 TD1 specimen. */
#define SIM_TEST_MRZ_TD3 \
	"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" \
	"L898902C<3UTO6908061F9406236ZE184226B<<<<<14"
#define SIM_TEST_MRZ_TD1 \
	"I<UTOD231458907<<<<<<<<<<<<<<<\n" \
	"7408122F1204159UTO<<<<<<<<<<<6\n" \
	"ERIKSSON<<ANNA<MARIA<<<<<<<<<<"

/* Decodes the hex digits of s into out, skipping every other character
 * (spaces, and words such as "ERR" that rows use as markers); bytes past
 * cap and an odd last digit are dropped.  Returns the byte count. */
size_t sim_test_unhex(const char *s, uint8_t *out, size_t cap);
/* Writes n bytes as upper-case hex into out (cut to whole bytes within cap). */
void sim_test_hex(const uint8_t *p, size_t n, char *out, size_t cap);
/* Runs argv (argv[0] a path), its standard output (and standard error too
 * when with_stderr) into out, NUL-terminated and cut to cap - 1 bytes.
 * Returns its exit code, 128 + signal when killed, -1 when it could not
 * start. */
int sim_test_run(const char *const *argv, int with_stderr, char *out, size_t cap);

#endif
