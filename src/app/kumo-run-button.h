/* kumo-run-button.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-seed.h"

G_BEGIN_DECLS

#define KUMO_TYPE_RUN_BUTTON (kumo_run_button_get_type ())

G_DECLARE_FINAL_TYPE (KumoRunButton, kumo_run_button, KUMO, RUN_BUTTON, GtkWidget)

guint     kumo_run_button_get_count     (KumoRunButton *self);
void      kumo_run_button_set_count     (KumoRunButton *self,
                                         guint          count);
gboolean  kumo_run_button_get_seed_mode (KumoRunButton *self,
                                         KumoSeedMode  *mode);

G_END_DECLS
