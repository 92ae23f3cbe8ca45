/* kumo-preferences-window.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-application.h"

G_BEGIN_DECLS

#define KUMO_TYPE_PREFERENCES_WINDOW (kumo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (KumoPreferencesWindow, kumo_preferences_window, KUMO, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *kumo_preferences_window_new (KumoApplication *app);

G_END_DECLS
