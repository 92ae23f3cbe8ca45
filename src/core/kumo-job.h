/* kumo-job.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-job-state.h"
#include "kumo-output-item.h"

G_BEGIN_DECLS

/* Why a job failed, for a UI's message or a CLI's exit status. */
typedef enum
{
  KUMO_JOB_ERROR_NONE,
  KUMO_JOB_ERROR_REJECTED,    /* the server refused the workflow */
  KUMO_JOB_ERROR_AUTH,        /* key or plan */
  KUMO_JOB_ERROR_EXECUTION,   /* a node failed while running */
  KUMO_JOB_ERROR_NETWORK,     /* the server could not be reached, or a download failed */
  KUMO_JOB_ERROR_OTHER,
} KumoJobError;

#define KUMO_TYPE_JOB (kumo_job_get_type ())

G_DECLARE_FINAL_TYPE (KumoJob, kumo_job, KUMO, JOB, GObject)

/* One run of a workflow on a server, as a UI binds to it. The job queue
 * makes them (see kumo-job-private.h) and keeps them up to date. */
const char   *kumo_job_get_prompt_id     (KumoJob     *self);
KumoJobState  kumo_job_get_state         (KumoJob     *self);
gboolean      kumo_job_get_waiting       (KumoJob     *self);
GBytes       *kumo_job_get_workflow      (KumoJob     *self);
GFile        *kumo_job_get_output_folder (KumoJob     *self);
const char   *kumo_job_get_title         (KumoJob     *self);
gint64        kumo_job_get_created       (KumoJob     *self);
gint64        kumo_job_get_started       (KumoJob     *self);
gint64        kumo_job_get_ended         (KumoJob     *self);
gint64        kumo_job_get_estimate      (KumoJob     *self);
const char   *kumo_job_get_node          (KumoJob     *self);
const char   *kumo_job_get_node_title    (KumoJob     *self);
gint64        kumo_job_get_value         (KumoJob     *self);
gint64        kumo_job_get_max           (KumoJob     *self);
double        kumo_job_get_progress      (KumoJob     *self);
GBytes       *kumo_job_get_preview       (KumoJob     *self);
GListModel   *kumo_job_get_outputs       (KumoJob     *self);
guint         kumo_job_get_n_files       (KumoJob     *self);
GPtrArray    *kumo_job_dup_files         (KumoJob     *self);
const char   *kumo_job_get_error         (KumoJob     *self);
const char   *kumo_job_get_error_node    (KumoJob     *self);
const char   *kumo_job_get_details       (KumoJob     *self);
KumoJobError  kumo_job_get_error_kind    (KumoJob     *self);
GPtrArray    *kumo_job_get_problems      (KumoJob     *self);
gboolean      kumo_job_get_reused        (KumoJob     *self);

G_END_DECLS
