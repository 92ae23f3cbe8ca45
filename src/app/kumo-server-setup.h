/* kumo-server-setup.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-application.h"

G_BEGIN_DECLS

void         kumo_server_setup_check_async  (const char          *url,
                                             const char          *api_key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
KumoSession *kumo_server_setup_check_finish (GAsyncResult        *result,
                                             KumoSessionState    *state,
                                             GError             **error);
char        *kumo_server_setup_explain      (KumoSessionState     state,
                                             const GError        *error);
void         kumo_server_setup_apply        (KumoApplication     *app,
                                             KumoSession         *session,
                                             const char          *name,
                                             const char          *api_key);
char        *kumo_server_setup_default_name (const char          *url);

G_END_DECLS
