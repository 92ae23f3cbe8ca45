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

#define KUMO_TYPE_JOB_QUEUE (kumo_job_queue_get_type ())

G_DECLARE_FINAL_TYPE (KumoJobQueue, kumo_job_queue, KUMO, JOB_QUEUE, GObject)

KumoJobQueue    *kumo_job_queue_new             (KumoClient   *client,
                                                 GFile        *output_folder,
                                                 const char   *client_id);
KumoEventStream *kumo_job_queue_get_stream      (KumoJobQueue *self);
void             kumo_job_queue_set_max_running (KumoJobQueue *self,
                                                 guint         max_running);
void             kumo_job_queue_set_poll_interval (KumoJobQueue *self,
                                                 guint         ms);
KumoJob         *kumo_job_queue_submit          (KumoJobQueue *self,
                                                 GBytes       *workflow,
                                                 guint         n_nodes,
                                                 gboolean      partner_nodes);
void             kumo_job_queue_cancel          (KumoJobQueue *self,
                                                 KumoJob      *job);
gboolean         kumo_job_queue_is_idle         (KumoJobQueue *self);
void             kumo_job_queue_set_journal     (KumoJobQueue *self,
                                                 KumoJournal  *journal);
guint            kumo_job_queue_resume          (KumoJobQueue *self,
                                                 guint        *n_unconfirmed,
                                                 GError      **error);

G_END_DECLS
