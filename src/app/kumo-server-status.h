/* kumo-server-status.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-session.h"

G_BEGIN_DECLS

#define KUMO_TYPE_SERVER_STATUS (kumo_server_status_get_type ())

G_DECLARE_FINAL_TYPE (KumoServerStatus, kumo_server_status, KUMO, SERVER_STATUS, GtkWidget)

KumoSession *kumo_server_status_get_session (KumoServerStatus *self);
void         kumo_server_status_set_session (KumoServerStatus *self,
                                             KumoSession      *session);
const char  *kumo_server_status_get_text    (KumoServerStatus *self);
void         kumo_server_status_set_compact (KumoServerStatus *self,
                                             gboolean          compact);
char        *kumo_server_status_dup_name    (const char       *url);

G_END_DECLS
