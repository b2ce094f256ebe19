/* kiosk_paths.c - the kiosk's data and configuration paths (kiosk_paths.h).
 * The installed paths come from CMake (cmake/install.cmake). */
#define _DEFAULT_SOURCE
#include "kiosk_paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ID06_SOURCE_DIR
#define ID06_SOURCE_DIR "."
#endif
#ifndef ID06_DATA_FROM_BIN
#define ID06_DATA_FROM_BIN "../share/id06-kiosk"
#endif
#ifndef ID06_CONF_DIR
#define ID06_CONF_DIR "/etc/id06-kiosk"
#endif

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* BINDIR/../share/id06-kiosk of the running program, if it exists. */
static bool installed_data_dir(char *dir, size_t cap)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	char joined[4096 + 64], real[PATH_MAX];
	snprintf(joined, sizeof joined, "%s/%s", exe, ID06_DATA_FROM_BIN);
	return is_dir(joined) && realpath(joined, real) &&
	       (size_t)snprintf(dir, cap, "%s", real) < cap;
}

void kiosk_data_dir(char *dir, size_t cap)
{
	const char *env = getenv("ID06_KIOSK_DATA");
	if (env && *env)
		snprintf(dir, cap, "%s", env);
	else if (!installed_data_dir(dir, cap))
		snprintf(dir, cap, "%s", ID06_SOURCE_DIR);
}

const char *kiosk_default_config(void)
{
	return ID06_CONF_DIR "/kiosk.conf";
}

const char *kiosk_default_csca_dir(void)
{
	return ID06_CONF_DIR "/csca";
}
