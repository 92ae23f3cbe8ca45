/* kumo-job-row.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-job.h"

G_BEGIN_DECLS

#define KUMO_TYPE_JOB_ROW (kumo_job_row_get_type ())

G_DECLARE_FINAL_TYPE (KumoJobRow, kumo_job_row, KUMO, JOB_ROW, GtkWidget)

GtkWidget *kumo_job_row_new          (void);
KumoJob   *kumo_job_row_get_job      (KumoJobRow *self);
void       kumo_job_row_set_job      (KumoJobRow *self,
                                      KumoJob    *job);
void       kumo_job_row_set_previews (KumoJobRow *self,
                                      gboolean    previews);
char      *kumo_job_row_format_duration (gint64  usec);

G_END_DECLS
