/* sample.c - sample views: invented data, images drawn by code. */
#include "sample.h"

#include <stdio.h>
#include <string.h>

enum { CAM_W = 320, CAM_H = 240, FACE_W = 120, FACE_H = 160 };
static uint8_t cam_rgb[CAM_W * CAM_H * 3], face_rgb[FACE_W * FACE_H * 3];

static void make_images(void)
{
	/* camera: a grey desk with a light document page and two dark MRZ lines */
	for (int y = 0; y < CAM_H; y++)
		for (int x = 0; x < CAM_W; x++) {
			uint8_t *p = cam_rgb + (y * CAM_W + x) * 3;
			int g = 70 + (x + y) / 12;
			bool page = x > 30 && x < 290 && y > 40 && y < 215;
			bool mrz = page && x > 45 && x < 275 && ((y > 170 && y < 180) || (y > 190 && y < 200)) &&
			           (x / 5) % 2 == 0;
			bool photo = page && x > 45 && x < 115 && y > 60 && y < 150;
			uint8_t v = (uint8_t)(mrz ? 30 : photo ? 120 : page ? 225 : g);
			p[0] = v;
			p[1] = v;
			p[2] = (uint8_t)(page ? v - (v > 20 ? 10 : 0) : v);
		}
	/* face: a head-and-shoulders shape on a light background */
	for (int y = 0; y < FACE_H; y++)
		for (int x = 0; x < FACE_W; x++) {
			uint8_t *p = face_rgb + (y * FACE_W + x) * 3;
			int dx = x - 60, dy = y - 62;
			bool head = dx * dx * 100 / (34 * 34) + dy * dy * 100 / (44 * 44) < 100;
			int sx = x - 60, sy = y - 175;
			bool body = sx * sx * 100 / (62 * 62) + sy * sy * 100 / (60 * 60) < 100;
			p[0] = (uint8_t)(head ? 214 : body ? 40 : 200);
			p[1] = (uint8_t)(head ? 170 : body ? 60 : 210);
			p[2] = (uint8_t)(head ? 140 : body ? 110 : 225);
		}
}

enum ui_screen ui_sample_screen(const char *name)
{
	for (int s = 0; s < UI_SCREEN_COUNT; s++)
		if (strcmp(ui_screen_name((enum ui_screen)s), name) == 0)
			return (enum ui_screen)s;
	return UI_SCREEN_COUNT;
}

void ui_sample_view(enum ui_screen screen, const char *lang, struct ui_view *v)
{
	static bool made;
	if (!made) {
		make_images();
		made = true;
	}
	ui_view_wipe(v);
	v->screen = screen;
	snprintf(v->language, sizeof v->language, "%s", lang);
	v->camera = (struct ui_image){ cam_rgb, CAM_W, CAM_H, CAM_W * 3 };
	v->mrz_found = true;
	v->mrz_quad[0] = (struct ui_point){ 42, 165 };
	v->mrz_quad[1] = (struct ui_point){ 278, 165 };
	v->mrz_quad[2] = (struct ui_point){ 278, 204 };
	v->mrz_quad[3] = (struct ui_point){ 42, 204 };
	v->progress_permille = 620;
	v->problem = screen == UI_SCREEN_OUT_OF_ORDER ? UI_PROBLEM_READER_MISSING : UI_PROBLEM_NO_CHIP;
	snprintf(v->digits, sizeof v->digits, "%s", screen == UI_SCREEN_STAFF_PIN ? "123" : "1234");
	v->face = (struct ui_image){ face_rgb, FACE_W, FACE_H, FACE_W * 3 };
	snprintf(v->display_name, sizeof v->display_name, "Małgorzata Wiśniewska-Kowalczyk");
	static const char *const companies[] = { "Nordbygg Entreprenad AB",
		"Baltic Steel Montage UAB", "Kranföraren i Mälardalen Aktiebolag" };
	v->order_count = 3;
	for (int i = 0; i < 3; i++) {
		snprintf(v->orders[i].company, sizeof v->orders[i].company, "%s", companies[i]);
		snprintf(v->orders[i].card_type, sizeof v->orders[i].card_type, "ID06 %s",
		         i == 0 ? "Personal card" : "Personal card, temporary");
		snprintf(v->orders[i].valid_until, sizeof v->orders[i].valid_until, "2029-06-30");
		snprintf(v->orders[i].delivery, sizeof v->orders[i].delivery,
		         "Byggarbetsplats Hagastaden, Solna");
	}
	snprintf(v->email_masked, sizeof v->email_masked, "m•••••••a@e•••••.pl");
	snprintf(v->mobile_masked, sizeof v->mobile_masked, "+48 ••• ••• 417");
	snprintf(v->mrz_entry, sizeof v->mrz_entry,
	         "P<POLWISNIEWSKA<KOWALCZYK<<MALGORZATA<<<<<<<\nEA12345674POL8503125F3011209<<<<<<<<<<<<<<0");
	static const char *const appointments[] = { "08:00  Anna Berg  Nordbygg Entreprenad AB",
		"08:30  Jonas Petraitis  Baltic Steel Montage UAB", "09:00  Olena Kovalenko  Kran AB",
		"09:30  Piotr Nowak  Nordbygg Entreprenad AB", "10:00  Mart Tamm  Tallinn Build OÜ",
		"10:30  Ion Popescu  Mălina Construct SRL" };
	static const char *const devices[] = { "Camera: ok (1280x720)", "Chip reader: ok (ACR1252)",
		"Server: reachable, last sync 12:02", "Disk: 41% used" };
	static const char *const sync[] = { "Outbox: 2 waiting, 1 failed", "Last success: 12:02",
		"Failed: order 4471 (HTTP 409, order changed)" };
	static const char *const audit[] = { "12:02 sync ok (3 results)", "11:58 staff login",
		"11:40 order 4470 accepted", "11:31 chip read failed: no chip", "11:30 session started" };
	const char *const *lines = NULL;
	int n = 0;
	switch (screen) {
	case UI_SCREEN_STAFF_APPOINTMENTS: lines = appointments; n = 6; v->visitor_link = true; break;
	case UI_SCREEN_STAFF_DEVICES: lines = devices; n = 4; break;
	case UI_SCREEN_STAFF_SYNC: lines = sync; n = 3; break;
	case UI_SCREEN_STAFF_AUDIT: lines = audit; n = 5; break;
	default: break;
	}
	v->line_count = n;
	for (int i = 0; i < n; i++)
		snprintf(v->lines[i], sizeof v->lines[i], "%s", lines[i]);
	v->selected_line = -1;
	v->seconds_left = 17;
}
