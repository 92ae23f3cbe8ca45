/* kumo-cli-server.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-session.h"

G_BEGIN_DECLS

/* The CLI runs the core's async calls one after another. */
typedef struct
{
  GAsyncResult *result;
} KumoCliWait;

void          kumo_cli_wait_cb          (GObject       *object,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
GAsyncResult *kumo_cli_wait_for         (KumoCliWait   *wait);
void          kumo_cli_wait_clear       (KumoCliWait   *wait);

int           kumo_cli_exit_for_error   (const GError  *error);
char         *kumo_cli_lookup_api_key   (const char    *url,
                                         gboolean      *from_environment,
                                         GError       **keyring_error);
KumoSession  *kumo_cli_open_session     (const char    *server,
                                         const char    *flavor_name,
                                         int           *status);

G_END_DECLS
