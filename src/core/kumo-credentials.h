/* kumo-credentials.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KUMO_CREDENTIALS_ERROR (kumo_credentials_error_quark ())

typedef enum
{
  KUMO_CREDENTIALS_ERROR_NO_KEYRING,
  KUMO_CREDENTIALS_ERROR_LOCKED,
} KumoCredentialsError;

/* The environment variable that overrides the keyring. */
#define KUMO_API_KEY_ENV "COMFY_CLOUD_API_KEY"

GQuark   kumo_credentials_error_quark   (void);

void     kumo_credentials_lookup_async  (const char           *server,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char    *kumo_credentials_lookup_finish (GAsyncResult         *result,
                                         gboolean             *from_environment,
                                         GError              **error);
void     kumo_credentials_store_async   (const char           *server,
                                         const char           *api_key,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean kumo_credentials_store_finish  (GAsyncResult         *result,
                                         GError              **error);
void     kumo_credentials_clear_async   (const char           *server,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean kumo_credentials_clear_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
