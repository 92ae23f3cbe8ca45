/* kumo-session.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-client.h"
#include "kumo-job-queue.h"
#include "kumo-journal.h"
#include "kumo-node-catalog.h"

G_BEGIN_DECLS

#define KUMO_SESSION_ERROR (kumo_session_error_quark ())

typedef enum
{
  KUMO_SESSION_ERROR_NEEDS_KEY,        /* Comfy Cloud, and no key set up */
  KUMO_SESSION_ERROR_NOT_CONNECTED,    /* asked for what needs a connection */
} KumoSessionError;

/* How the session stands with its server, for a header bar to show. */
typedef enum
{
  KUMO_SESSION_DISCONNECTED,
  KUMO_SESSION_CONNECTING,
  KUMO_SESSION_CONNECTED,
  KUMO_SESSION_RECONNECTING,    /* the server went away: trying again (see retry-at) */
  KUMO_SESSION_NEEDS_KEY,       /* Comfy Cloud without a key */
  KUMO_SESSION_KEY_REJECTED,    /* the server did not take the key */
  KUMO_SESSION_NO_API_ACCESS,   /* the plan has no API access, or no credits */
  KUMO_SESSION_UNREACHABLE,     /* no answer, or not a server */
  KUMO_SESSION_INVALID,         /* not a server address, or not a safe one for the key */
} KumoSessionState;

#define KUMO_TYPE_SESSION (kumo_session_get_type ())

G_DECLARE_FINAL_TYPE (KumoSession, kumo_session, KUMO, SESSION, GObject)

GQuark            kumo_session_error_quark          (void);
char             *kumo_session_resolve_url          (const char          *server);

KumoSession      *kumo_session_new                  (const char          *server);
const char       *kumo_session_get_url              (KumoSession         *self);
void              kumo_session_set_flavor           (KumoSession         *self,
                                                     KumoFlavor           flavor);
KumoFlavor        kumo_session_get_flavor           (KumoSession         *self);
void              kumo_session_set_api_key          (KumoSession         *self,
                                                     const char          *api_key);
void              kumo_session_set_journal_path     (KumoSession         *self,
                                                     const char          *path);
KumoSessionState  kumo_session_get_state            (KumoSession         *self);
gint64            kumo_session_get_retry_at         (KumoSession         *self);
void              kumo_session_set_auto_reconnect   (KumoSession         *self,
                                                     gboolean             auto_reconnect);
gboolean          kumo_session_get_loading          (KumoSession         *self);
const GError     *kumo_session_get_error            (KumoSession         *self);
KumoClient       *kumo_session_get_client           (KumoSession         *self);
KumoJournal      *kumo_session_get_journal          (KumoSession         *self);
const GError     *kumo_session_get_journal_error    (KumoSession         *self);
KumoJobQueue     *kumo_session_get_queue            (KumoSession         *self);
void              kumo_session_set_max_running      (KumoSession         *self,
                                                     guint                max_running);

KumoNodeCatalog  *kumo_session_get_catalog          (KumoSession         *self);
void              kumo_session_set_catalog          (KumoSession         *self,
                                                     KumoNodeCatalog     *catalog);

void              kumo_session_connect_async        (KumoSession         *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          kumo_session_connect_finish       (KumoSession         *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void              kumo_session_load_cached_catalog_async  (KumoSession   *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          kumo_session_load_cached_catalog_finish (KumoSession   *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
void              kumo_session_refresh_catalog_async (KumoSession        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          kumo_session_refresh_catalog_finish (KumoSession       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

void              kumo_session_ensure_catalog_async (KumoSession         *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          kumo_session_ensure_catalog_finish (KumoSession        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

guint             kumo_session_count_unfinished     (KumoSession         *self);
void              kumo_session_resume_async         (KumoSession         *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GPtrArray        *kumo_session_resume_finish        (KumoSession         *self,
                                                     GAsyncResult        *result,
                                                     KumoResumeCounts    *counts,
                                                     GError             **error);

G_END_DECLS
