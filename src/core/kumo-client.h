/* kumo-client.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "kumo-http-error.h"
#include "kumo-json.h"
#include "kumo-node-catalog.h"
#include "kumo-output.h"

G_BEGIN_DECLS

typedef enum
{
  KUMO_FLAVOR_LOCAL,
  KUMO_FLAVOR_CLOUD,
} KumoFlavor;

#define KUMO_CLOUD_URL "https://cloud.comfy.org"

/* The key of a submitted job's mark in its extra_data. */
#define KUMO_CLIENT_JOB_MARK "kumo_job"
#define KUMO_LOCAL_URL "http://127.0.0.1:8188"

/* Bytes sent (or received) so far, of @total. */
typedef void (*KumoProgressFunc) (goffset  done,
                                  goffset  total,
                                  gpointer user_data);

#define KUMO_TYPE_CLIENT (kumo_client_get_type ())

G_DECLARE_FINAL_TYPE (KumoClient, kumo_client, KUMO, CLIENT, GObject)

KumoClient      *kumo_client_new                  (const char           *base_url,
                                                   KumoFlavor            flavor,
                                                   const char           *api_key,
                                                   GError              **error);
KumoFlavor       kumo_client_guess_flavor         (const char           *base_url);
const char      *kumo_client_get_base_url         (KumoClient           *self);
KumoFlavor       kumo_client_get_flavor           (KumoClient           *self);
char            *kumo_client_dup_websocket_url    (KumoClient           *self,
                                                   const char           *client_id,
                                                   gboolean              redact);
SoupSession     *kumo_client_get_session          (KumoClient           *self);
void             kumo_client_set_retry_delays     (KumoClient           *self,
                                                   guint                 base_ms,
                                                   guint                 max_attempts);

void             kumo_client_set_timeout          (KumoClient           *self,
                                                   guint                 seconds);
void             kumo_client_get_json_async       (KumoClient           *self,
                                                   const char           *route,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
KumoJson        *kumo_client_get_json_finish      (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             kumo_client_post_json_async      (KumoClient           *self,
                                                   const char           *route,
                                                   const char           *body,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
KumoJson        *kumo_client_post_json_finish     (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             kumo_client_fetch_catalog_async  (KumoClient           *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
KumoNodeCatalog *kumo_client_fetch_catalog_finish (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             kumo_client_submit_async         (KumoClient           *self,
                                                   GBytes               *workflow,
                                                   const char           *client_id,
                                                   const char           *mark,
                                                   gboolean              partner_nodes,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char            *kumo_client_submit_finish        (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   KumoHttpError       **rejection,
                                                   GError              **error);

void             kumo_client_upload_async         (KumoClient           *self,
                                                   GFile                *file,
                                                   KumoProgressFunc      progress,
                                                   gpointer              progress_data,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
void             kumo_client_upload_mask_async    (KumoClient           *self,
                                                   GFile                *mask,
                                                   const KumoOutputFile *original,
                                                   KumoProgressFunc      progress,
                                                   gpointer              progress_data,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
char            *kumo_client_upload_finish        (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

void             kumo_client_download_async       (KumoClient           *self,
                                                   const KumoOutputFile *output,
                                                   GFile                *destination,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean         kumo_client_download_finish      (KumoClient           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
