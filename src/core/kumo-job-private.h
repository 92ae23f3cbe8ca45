/* kumo-job-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-job.h"

G_BEGIN_DECLS

/* What the job queue, and only it, tells a job. */
KumoJob        *_kumo_job_new           (GBytes               *workflow,
                                         guint                 n_nodes,
                                         GFile                *output_folder);
void            _kumo_job_set_prompt_id (KumoJob              *self,
                                         const char           *prompt_id);
void            _kumo_job_set_state     (KumoJob              *self,
                                         KumoJobState          state);
void            _kumo_job_set_waiting   (KumoJob              *self,
                                         gboolean              waiting);
void            _kumo_job_set_node      (KumoJob              *self,
                                         const char           *node);
void            _kumo_job_set_step      (KumoJob              *self,
                                         gint64                value,
                                         gint64                max);
void            _kumo_job_node_done     (KumoJob              *self,
                                         const char           *node);
void            _kumo_job_nodes_cached  (KumoJob              *self,
                                         const char * const   *nodes);
void            _kumo_job_set_preview   (KumoJob              *self,
                                         GBytes               *preview);
KumoOutputItem *_kumo_job_add_output    (KumoJob              *self,
                                         const KumoOutputFile *output,
                                         gboolean             *is_new);
void            _kumo_job_set_file      (KumoJob              *self,
                                         KumoOutputItem       *item,
                                         GFile                *file);
void            _kumo_job_set_error     (KumoJob              *self,
                                         KumoJobError          kind,
                                         const char           *node,
                                         const char           *message);
void            _kumo_job_set_problems  (KumoJob              *self,
                                         GPtrArray            *problems);
guint           _kumo_job_get_n_nodes   (KumoJob              *self);
void            _kumo_job_set_title     (KumoJob              *self,
                                         const char           *title);
void            _kumo_job_set_node_titles (KumoJob            *self,
                                         GHashTable           *titles);
void            _kumo_job_set_times     (KumoJob              *self,
                                         gint64                created,
                                         gint64                started,
                                         gint64                ended);
void            _kumo_job_set_estimate  (KumoJob              *self,
                                         gint64                estimate);
void            _kumo_job_set_details   (KumoJob              *self,
                                         const char           *details);

G_END_DECLS
