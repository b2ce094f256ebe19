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
 * Sorted for bsearch. */
#include <stdlib.h>
#include <string.h>

#include "mrz.h"

static const char codes[][4] = {
	"ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ANT", "ARE", "ARG", "ARM",
	"ASM", "ATA", "ATF", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES",
	"BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL",
	"BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL",
	"CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV", "CRI", "CUB",
	"CUW", "CXR", "CYM", "CYP", "CZE", "D", "DJI", "DMA", "DNK", "DOM", "DZA",
	"ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "EUE", "FIN", "FJI", "FLK",
	"FRA", "FRO", "FSM", "GAB", "GBD", "GBN", "GBO", "GBP", "GBR", "GBS", "GEO",
	"GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL",
	"GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN",
	"IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY",
	"JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO",
	"LBN", "LBR", "LBY", "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC",
	"MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL", "MKD", "MLI", "MLT",
	"MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS",
	"MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
	"NRU", "NTZ", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG",
	"POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "RKS", "ROU",
	"RUS", "RWA", "SAU", "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE",
	"SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR", "SVK", "SVN", "SWE",
	"SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM",
	"TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI",
	"UNA", "UNK", "UNO", "URY", "USA", "UTO", "UZB", "VAT", "VCT", "VEN", "VGB",
	"VIR", "VNM", "VUT", "WLF", "WSM", "XBA", "XCC", "XCE", "XCO", "XDC", "XEC",
	"XES", "XIM", "XMP", "XOM", "XPO", "XXA", "XXB", "XXC", "XXX", "YEM", "ZAF",
	"ZMB", "ZWE",
};

static int code_cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

bool mrz_state_code_known(const char *code)
{
	if (!code)
		return false;
	size_t n = 0;
	while (n < 4 && code[n])
		n++;
	if (n == 0 || n > 3)
		return false;
	return bsearch(code, codes, sizeof codes / sizeof codes[0], sizeof codes[0],
	               code_cmp) != NULL;
}
