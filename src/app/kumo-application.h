/* kumo-application.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-session.h"

G_BEGIN_DECLS

#define KUMO_TYPE_APPLICATION (kumo_application_get_type ())

G_DECLARE_FINAL_TYPE (KumoApplication, kumo_application, KUMO, APPLICATION, AdwApplication)

KumoApplication *kumo_application_new          (void);
KumoSession     *kumo_application_get_session  (KumoApplication *self);
GSettings       *kumo_application_get_settings (KumoApplication *self);
void             kumo_application_connect      (KumoApplication *self,
                                                const char      *server_url);

G_END_DECLS
