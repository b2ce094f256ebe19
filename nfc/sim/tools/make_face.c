/* id06-make-face - writes the project's synthetic sample face.
 *   id06-make-face OUT.jpg|OUT.jp2 [WIDTH HEIGHT QUALITY]
 * The format follows the file name's ending. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chip_sim.h"

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 5) {
		fprintf(stderr, "usage: id06-make-face OUT.jpg|OUT.jp2 [WIDTH HEIGHT QUALITY]\n");
		return 2;
	}
	const char *path = argv[1];
	size_t n = strlen(path);
	enum sim_image_kind kind;
	if (n > 4 && strcmp(path + n - 4, ".jp2") == 0)
		kind = SIM_IMAGE_JPEG2000;
	else if ((n > 4 && strcmp(path + n - 4, ".jpg") == 0) ||
	         (n > 5 && strcmp(path + n - 5, ".jpeg") == 0))
		kind = SIM_IMAGE_JPEG;
	else {
		fprintf(stderr, "id06-make-face: %s: name must end in .jpg or .jp2\n", path);
		return 2;
	}
	unsigned w = 240, h = 320;
	int q = kind == SIM_IMAGE_JPEG ? 91 : 90;   /* about 20 KB each */
	if (argc == 5) {
		w = (unsigned)strtoul(argv[2], NULL, 10);
		h = (unsigned)strtoul(argv[3], NULL, 10);
		q = atoi(argv[4]);
	}
	uint8_t *img = NULL;
	size_t len = 0;
	enum sim_err e = sim_face_make(kind, w, h, q, &img, &len);
	if (e != SIM_OK) {
		fprintf(stderr, "id06-make-face: %s\n", sim_err_str(e));
		return 1;
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(img, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "id06-make-face: cannot write %s\n", path);
		free(img);
		return 1;
	}
	free(img);
	printf("%s: %zu bytes\n", path, len);
	return 0;
}
