/* kumo-test-gtk-utils.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-application.h"
#include "kumo-window.h"

G_BEGIN_DECLS

void             kumo_test_gtk_init        (int          *argc,
                                            char       ***argv);
KumoApplication *kumo_test_application     (void);
void             kumo_test_wait_until      (gboolean   (*done) (gpointer data),
                                            gpointer     data);
void             kumo_test_wait_ms         (guint        ms);
void             kumo_test_settle          (GtkWidget   *widget);
GPtrArray       *kumo_test_find_widgets    (GtkWidget   *root,
                                            GType        type);
void             kumo_test_window_size     (int         *width,
                                            int         *height);
void             kumo_test_shoot           (GtkWidget   *widget,
                                            const char  *name);
KumoWindow      *kumo_test_open_window     (KumoApplication *app,
                                            const char  *path);

G_END_DECLS
