/* kumo-job-queue.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-client.h"
#include "kumo-event-stream.h"
#include "kumo-job.h"
#include "kumo-journal.h"

G_BEGIN_DECLS

/* What picking up an earlier run's jobs found. */
typedef struct
{
  guint n_followed;   /* confirmed by the server before: followed again */
  guint n_never_sent; /* recorded but never sent: sent now */
  guint n_found;      /* may have been sent, and were found on the server */
  guint n_not_found;  /* may have been sent, but were not there: sent now */
  guint n_unknown;    /* may have been sent; the server could not say */
} KumoResumeCounts;

/* What a job runs, and what a view shows of it. */
typedef struct
{
  GBytes     *workflow;       /* exactly as it is sent, seeds applied */
  guint       n_nodes;        /* for progress */
  gboolean    partner_nodes;  /* it has nodes that spend credits */
  GFile      *output_folder;
  const char *title;          /* (nullable) the workflow's name */
  GHashTable *node_titles;    /* (nullable) node id → title, shared by a batch */
} KumoJobRequest;

#define KUMO_TYPE_JOB_QUEUE (kumo_job_queue_get_type ())

G_DECLARE_FINAL_TYPE (KumoJobQueue, kumo_job_queue, KUMO, JOB_QUEUE, GObject)

KumoJobQueue    *kumo_job_queue_new               (KumoClient        *client,
                                                   KumoJournal       *journal,
                                                   const char        *client_id);
KumoClient      *kumo_job_queue_get_client        (KumoJobQueue      *self);
KumoEventStream *kumo_job_queue_get_stream        (KumoJobQueue      *self);
void             kumo_job_queue_set_max_running   (KumoJobQueue      *self,
                                                   guint              max_running);
void             kumo_job_queue_set_poll_interval (KumoJobQueue      *self,
                                                   guint              ms);
void             kumo_job_queue_set_room_backoff  (KumoJobQueue      *self,
                                                   guint              first_ms,
                                                   guint              max_ms);
KumoJob         *kumo_job_queue_submit            (KumoJobQueue      *self,
                                                   const KumoJobRequest *request);
KumoJob         *kumo_job_queue_retry             (KumoJobQueue      *self,
                                                   KumoJob           *job);
guint            kumo_job_queue_get_n_active      (KumoJobQueue      *self);
gboolean         kumo_job_queue_owns              (KumoJobQueue      *self,
                                                   KumoJob           *job);
void             kumo_job_queue_cancel            (KumoJobQueue      *self,
                                                   KumoJob           *job);
gboolean         kumo_job_queue_is_idle           (KumoJobQueue      *self);
void             kumo_job_queue_resume_async      (KumoJobQueue      *self,
                                                   GCancellable      *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer           user_data);
GPtrArray       *kumo_job_queue_resume_finish     (KumoJobQueue      *self,
                                                   GAsyncResult      *result,
                                                   KumoResumeCounts  *counts,
                                                   GError           **error);

G_END_DECLS
