/* kumo-window.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-application.h"
#include "kumo-gallery-view.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_TYPE_WINDOW (kumo_window_get_type ())

G_DECLARE_FINAL_TYPE (KumoWindow, kumo_window, KUMO, WINDOW, AdwApplicationWindow)

KumoWindow   *kumo_window_new             (KumoApplication *application);
KumoSession  *kumo_window_get_session     (KumoWindow      *self);
void          kumo_window_set_session     (KumoWindow      *self,
                                           KumoSession     *session);
KumoWorkflow *kumo_window_get_workflow    (KumoWindow      *self);
void          kumo_window_open_file       (KumoWindow      *self,
                                           GFile           *file);
void          kumo_window_show_error      (KumoWindow      *self,
                                           const char      *message);
void          kumo_window_show_toast      (KumoWindow      *self,
                                           const char      *title);
gboolean      kumo_window_get_busy        (KumoWindow      *self);
gboolean      kumo_window_is_settled      (KumoWindow      *self);
void          kumo_window_show_jobs       (KumoWindow      *self);
void          kumo_window_open_job_inputs (KumoWindow      *self,
                                           KumoJob         *job);
GPtrArray    *kumo_window_get_own_jobs    (KumoWindow      *self);
KumoGalleryView *kumo_window_get_gallery_view (KumoWindow   *self);
void          kumo_window_show_view       (KumoWindow      *self,
                                           const char      *name);

G_END_DECLS
