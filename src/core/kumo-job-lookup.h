/* kumo-job-lookup.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-client.h"

G_BEGIN_DECLS

/* A job Kumo may have sent: its mark, its workflow, and when it was
 * recorded (Unix time, seconds), before which it cannot have arrived. */
typedef struct
{
  const char *mark;
  GBytes     *workflow;
  gint64      created;
} KumoJobLookup;

void        kumo_job_lookup_async  (KumoClient          *client,
                                    const KumoJobLookup *wanted,
                                    guint                n_wanted,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GHashTable *kumo_job_lookup_finish (KumoClient          *client,
                                    GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
