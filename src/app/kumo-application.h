/* kumo-application.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-gallery.h"
#include "kumo-session.h"

G_BEGIN_DECLS

#define KUMO_TYPE_APPLICATION (kumo_application_get_type ())

G_DECLARE_FINAL_TYPE (KumoApplication, kumo_application, KUMO, APPLICATION, AdwApplication)

KumoApplication *kumo_application_new          (void);
KumoSession     *kumo_application_get_session  (KumoApplication *self);
GSettings       *kumo_application_get_settings (KumoApplication *self);
void             kumo_application_connect      (KumoApplication *self,
                                                const char      *server_url);
void             kumo_application_use_session  (KumoApplication *self,
                                                KumoSession     *session);
gboolean         kumo_application_has_server   (KumoApplication *self);
GListModel      *kumo_application_get_jobs     (KumoApplication *self);
KumoGallery     *kumo_application_get_gallery  (KumoApplication *self);
KumoJobQueue    *kumo_application_find_queue   (KumoApplication *self,
                                                KumoJob         *job);
guint            kumo_application_count_active_jobs (KumoApplication *self);
GFile           *kumo_application_dup_output_folder (KumoApplication *self);
void             kumo_application_show_preferences  (KumoApplication *self,
                                                     GtkWindow       *parent,
                                                     const char      *page);

G_END_DECLS
