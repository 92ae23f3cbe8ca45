/* kumo-emulator-media.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *kumo_emulator_make_png (guint       width,
                                guint       height,
                                guint64     seed,
                                const char *text);
GBytes *kumo_emulator_make_apng (guint       width,
                                 guint       height,
                                 guint       frames,
                                 guint64     seed,
                                 const char *text);
GBytes *kumo_emulator_make_animated_webp (guint       width,
                                          guint       height,
                                          guint       frames,
                                          guint64     seed,
                                          const char *text);
GBytes *kumo_emulator_make_wav (guint       seconds_tenths,
                                guint64     seed);

G_END_DECLS
