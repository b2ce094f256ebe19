/* sample.h - sample views for the preview tool and the tests (invented
 * people and companies; images drawn by code). */
#ifndef ID06_UI_SAMPLE_H
#define ID06_UI_SAMPLE_H

#include "ui.h"

/* Fills *v with sample data for screen in language lang.  The images
 * point at static buffers that live as long as the program. */
void ui_sample_view(enum ui_screen screen, const char *lang, struct ui_view *v);

/* The screen whose ui_screen_name() is name, or UI_SCREEN_COUNT. */
enum ui_screen ui_sample_screen(const char *name);

#endif
