/* kumo-client-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "kumo-client.h"

G_BEGIN_DECLS

/* Shared by kumo-client.c (requests with retries, the catalog, submits),
 * kumo-client-upload.c and kumo-client-download.c. */

/* What Comfy Cloud accepts (docs/protocol.md §8.2). */
#define CLOUD_MAX_UPLOAD_BYTES (50 * 1024 * 1024)
#define CLOUD_MAX_UPLOAD_EDGE 16384
#define CLOUD_MAX_UPLOAD_PIXELS (64 * 1000 * 1000)

struct _KumoClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base;
  char        *base_url;
  KumoFlavor   flavor;
  char        *api_key;

  guint        retry_base_ms;
  guint        max_attempts;
};

typedef enum
{
  RETRY_IDEMPOTENT,   /* GETs: server errors, network errors, 429s */
  RETRY_UNPROCESSED,  /* uploads: only answers that say nothing was done */
  RETRY_SUBMIT,       /* submits: 503 only; a full queue goes to the caller,
                       * which waits for room for as long as it takes */
} KumoRetryPolicy;

/* A body streamed from disk between a head and a tail (a multipart
 * form around a file), reopened for every attempt. */
typedef struct
{
  GBytes           *head;
  GFile            *file;
  goffset           file_size;
  GBytes           *tail;
  KumoProgressFunc  progress;
  gpointer          progress_data;
  goffset           sent;
} KumoFileBody;

void         _kumo_client_file_body_free     (KumoFileBody        *body);
SoupMessage *_kumo_client_new_message        (KumoClient          *self,
                                              const char          *method,
                                              const char          *route);
GError      *_kumo_client_network_error      (KumoClient          *self,
                                              GError              *error);
guint        _kumo_client_retry_delay_ms     (KumoClient          *self,
                                              guint                attempt,
                                              gint64               retry_after);
/* Takes @file_body (a KumoFileBody of g_new0), if any. */
GTask       *_kumo_client_start_request_full (KumoClient          *self,
                                              const char          *method,
                                              const char          *route,
                                              GBytes              *body,
                                              KumoFileBody        *file_body,
                                              const char          *content_type,
                                              KumoRetryPolicy      policy,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);

G_END_DECLS
