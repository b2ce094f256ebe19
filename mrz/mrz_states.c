/* mrz_states.c - the ICAO Doc 9303 part 3 list of three-letter codes for
 * states, organizations and special cases (issuing state and nationality).
 *
 * ISO 3166-1 alpha-3 (the 249 codes of Debian's iso-codes 4.15, with DEU
 * replaced by ICAO's D for Germany) plus the codes part 3 adds:
 *   D          Germany (printed D<<)
 *   GBD GBN GBO GBP GBS   British dependent territories, nationals
 *              (overseas), overseas citizens, protected persons, subjects
 *   RKS        Kosovo (as issuing state of Kosovo documents)
 *   EUE        European Union
 *   UNO UNA UNK United Nations organization, specialized agency, Kosovo
 *              interim administration
 *   XBA XIM XCC XCE XCO XDC XEC XES XMP XOM XPO  organizations (African
 *              Development Bank, African Export-Import Bank, Caribbean
 *              Community, Council of Europe, COMESA, SADC, ECOWAS,
 *              Organization of Eastern Caribbean States, Interparliamentary
 *              Union, Sovereign Military Order of Malta, Interpol)
 *   XXA XXB XXC XXX  stateless, refugee (1951 convention), other refugee,
 *              unspecified nationality
 *   UTO        Utopia, the fictional state of the specimens
 *   ANT NTZ    withdrawn (Netherlands Antilles, Neutral Zone), still seen
 * Each code packed into an integer (first letter in bits 16-23, missing
 * letters 0), sorted for a binary search without string calls. */
#include <stdint.h>

#include "mrz.h"

#define P(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)(c))

static const uint32_t codes[] = {
	P('A', 'B', 'W'), P('A', 'F', 'G'), P('A', 'G', 'O'), P('A', 'I', 'A'),
	P('A', 'L', 'A'), P('A', 'L', 'B'), P('A', 'N', 'D'), P('A', 'N', 'T'),
	P('A', 'R', 'E'), P('A', 'R', 'G'), P('A', 'R', 'M'), P('A', 'S', 'M'),
	P('A', 'T', 'A'), P('A', 'T', 'F'), P('A', 'T', 'G'), P('A', 'U', 'S'),
	P('A', 'U', 'T'), P('A', 'Z', 'E'), P('B', 'D', 'I'), P('B', 'E', 'L'),
	P('B', 'E', 'N'), P('B', 'E', 'S'), P('B', 'F', 'A'), P('B', 'G', 'D'),
	P('B', 'G', 'R'), P('B', 'H', 'R'), P('B', 'H', 'S'), P('B', 'I', 'H'),
	P('B', 'L', 'M'), P('B', 'L', 'R'), P('B', 'L', 'Z'), P('B', 'M', 'U'),
	P('B', 'O', 'L'), P('B', 'R', 'A'), P('B', 'R', 'B'), P('B', 'R', 'N'),
	P('B', 'T', 'N'), P('B', 'V', 'T'), P('B', 'W', 'A'), P('C', 'A', 'F'),
	P('C', 'A', 'N'), P('C', 'C', 'K'), P('C', 'H', 'E'), P('C', 'H', 'L'),
	P('C', 'H', 'N'), P('C', 'I', 'V'), P('C', 'M', 'R'), P('C', 'O', 'D'),
	P('C', 'O', 'G'), P('C', 'O', 'K'), P('C', 'O', 'L'), P('C', 'O', 'M'),
	P('C', 'P', 'V'), P('C', 'R', 'I'), P('C', 'U', 'B'), P('C', 'U', 'W'),
	P('C', 'X', 'R'), P('C', 'Y', 'M'), P('C', 'Y', 'P'), P('C', 'Z', 'E'),
	P('D', 0, 0), P('D', 'J', 'I'), P('D', 'M', 'A'), P('D', 'N', 'K'),
	P('D', 'O', 'M'), P('D', 'Z', 'A'), P('E', 'C', 'U'), P('E', 'G', 'Y'),
	P('E', 'R', 'I'), P('E', 'S', 'H'), P('E', 'S', 'P'), P('E', 'S', 'T'),
	P('E', 'T', 'H'), P('E', 'U', 'E'), P('F', 'I', 'N'), P('F', 'J', 'I'),
	P('F', 'L', 'K'), P('F', 'R', 'A'), P('F', 'R', 'O'), P('F', 'S', 'M'),
	P('G', 'A', 'B'), P('G', 'B', 'D'), P('G', 'B', 'N'), P('G', 'B', 'O'),
	P('G', 'B', 'P'), P('G', 'B', 'R'), P('G', 'B', 'S'), P('G', 'E', 'O'),
	P('G', 'G', 'Y'), P('G', 'H', 'A'), P('G', 'I', 'B'), P('G', 'I', 'N'),
	P('G', 'L', 'P'), P('G', 'M', 'B'), P('G', 'N', 'B'), P('G', 'N', 'Q'),
	P('G', 'R', 'C'), P('G', 'R', 'D'), P('G', 'R', 'L'), P('G', 'T', 'M'),
	P('G', 'U', 'F'), P('G', 'U', 'M'), P('G', 'U', 'Y'), P('H', 'K', 'G'),
	P('H', 'M', 'D'), P('H', 'N', 'D'), P('H', 'R', 'V'), P('H', 'T', 'I'),
	P('H', 'U', 'N'), P('I', 'D', 'N'), P('I', 'M', 'N'), P('I', 'N', 'D'),
	P('I', 'O', 'T'), P('I', 'R', 'L'), P('I', 'R', 'N'), P('I', 'R', 'Q'),
	P('I', 'S', 'L'), P('I', 'S', 'R'), P('I', 'T', 'A'), P('J', 'A', 'M'),
	P('J', 'E', 'Y'), P('J', 'O', 'R'), P('J', 'P', 'N'), P('K', 'A', 'Z'),
	P('K', 'E', 'N'), P('K', 'G', 'Z'), P('K', 'H', 'M'), P('K', 'I', 'R'),
	P('K', 'N', 'A'), P('K', 'O', 'R'), P('K', 'W', 'T'), P('L', 'A', 'O'),
	P('L', 'B', 'N'), P('L', 'B', 'R'), P('L', 'B', 'Y'), P('L', 'C', 'A'),
	P('L', 'I', 'E'), P('L', 'K', 'A'), P('L', 'S', 'O'), P('L', 'T', 'U'),
	P('L', 'U', 'X'), P('L', 'V', 'A'), P('M', 'A', 'C'), P('M', 'A', 'F'),
	P('M', 'A', 'R'), P('M', 'C', 'O'), P('M', 'D', 'A'), P('M', 'D', 'G'),
	P('M', 'D', 'V'), P('M', 'E', 'X'), P('M', 'H', 'L'), P('M', 'K', 'D'),
	P('M', 'L', 'I'), P('M', 'L', 'T'), P('M', 'M', 'R'), P('M', 'N', 'E'),
	P('M', 'N', 'G'), P('M', 'N', 'P'), P('M', 'O', 'Z'), P('M', 'R', 'T'),
	P('M', 'S', 'R'), P('M', 'T', 'Q'), P('M', 'U', 'S'), P('M', 'W', 'I'),
	P('M', 'Y', 'S'), P('M', 'Y', 'T'), P('N', 'A', 'M'), P('N', 'C', 'L'),
	P('N', 'E', 'R'), P('N', 'F', 'K'), P('N', 'G', 'A'), P('N', 'I', 'C'),
	P('N', 'I', 'U'), P('N', 'L', 'D'), P('N', 'O', 'R'), P('N', 'P', 'L'),
	P('N', 'R', 'U'), P('N', 'T', 'Z'), P('N', 'Z', 'L'), P('O', 'M', 'N'),
	P('P', 'A', 'K'), P('P', 'A', 'N'), P('P', 'C', 'N'), P('P', 'E', 'R'),
	P('P', 'H', 'L'), P('P', 'L', 'W'), P('P', 'N', 'G'), P('P', 'O', 'L'),
	P('P', 'R', 'I'), P('P', 'R', 'K'), P('P', 'R', 'T'), P('P', 'R', 'Y'),
	P('P', 'S', 'E'), P('P', 'Y', 'F'), P('Q', 'A', 'T'), P('R', 'E', 'U'),
	P('R', 'K', 'S'), P('R', 'O', 'U'), P('R', 'U', 'S'), P('R', 'W', 'A'),
	P('S', 'A', 'U'), P('S', 'D', 'N'), P('S', 'E', 'N'), P('S', 'G', 'P'),
	P('S', 'G', 'S'), P('S', 'H', 'N'), P('S', 'J', 'M'), P('S', 'L', 'B'),
	P('S', 'L', 'E'), P('S', 'L', 'V'), P('S', 'M', 'R'), P('S', 'O', 'M'),
	P('S', 'P', 'M'), P('S', 'R', 'B'), P('S', 'S', 'D'), P('S', 'T', 'P'),
	P('S', 'U', 'R'), P('S', 'V', 'K'), P('S', 'V', 'N'), P('S', 'W', 'E'),
	P('S', 'W', 'Z'), P('S', 'X', 'M'), P('S', 'Y', 'C'), P('S', 'Y', 'R'),
	P('T', 'C', 'A'), P('T', 'C', 'D'), P('T', 'G', 'O'), P('T', 'H', 'A'),
	P('T', 'J', 'K'), P('T', 'K', 'L'), P('T', 'K', 'M'), P('T', 'L', 'S'),
	P('T', 'O', 'N'), P('T', 'T', 'O'), P('T', 'U', 'N'), P('T', 'U', 'R'),
	P('T', 'U', 'V'), P('T', 'W', 'N'), P('T', 'Z', 'A'), P('U', 'G', 'A'),
	P('U', 'K', 'R'), P('U', 'M', 'I'), P('U', 'N', 'A'), P('U', 'N', 'K'),
	P('U', 'N', 'O'), P('U', 'R', 'Y'), P('U', 'S', 'A'), P('U', 'T', 'O'),
	P('U', 'Z', 'B'), P('V', 'A', 'T'), P('V', 'C', 'T'), P('V', 'E', 'N'),
	P('V', 'G', 'B'), P('V', 'I', 'R'), P('V', 'N', 'M'), P('V', 'U', 'T'),
	P('W', 'L', 'F'), P('W', 'S', 'M'), P('X', 'B', 'A'), P('X', 'C', 'C'),
	P('X', 'C', 'E'), P('X', 'C', 'O'), P('X', 'D', 'C'), P('X', 'E', 'C'),
	P('X', 'E', 'S'), P('X', 'I', 'M'), P('X', 'M', 'P'), P('X', 'O', 'M'),
	P('X', 'P', 'O'), P('X', 'X', 'A'), P('X', 'X', 'B'), P('X', 'X', 'C'),
	P('X', 'X', 'X'), P('Y', 'E', 'M'), P('Z', 'A', 'F'), P('Z', 'M', 'B'),
	P('Z', 'W', 'E'),
};

bool mrz_state_code_known(const char *code)
{
	if (!code || !code[0])
		return false;
	uint32_t key = (uint32_t)(unsigned char)code[0] << 16;
	if (code[1]) {
		key |= (uint32_t)(unsigned char)code[1] << 8;
		if (code[2]) {
			key |= (uint32_t)(unsigned char)code[2];
			if (code[3])
				return false;
		}
	}
	size_t lo = 0, hi = sizeof codes / sizeof codes[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (codes[mid] == key)
			return true;
		if (codes[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
