/* kumo-jobs-panel.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-job.h"

G_BEGIN_DECLS

#define KUMO_TYPE_JOBS_PANEL (kumo_jobs_panel_get_type ())

G_DECLARE_FINAL_TYPE (KumoJobsPanel, kumo_jobs_panel, KUMO, JOBS_PANEL, GtkWidget)

GListModel *kumo_jobs_panel_get_model    (KumoJobsPanel *self);
void        kumo_jobs_panel_set_model    (KumoJobsPanel *self,
                                          GListModel    *model);
void        kumo_jobs_panel_set_previews (KumoJobsPanel *self,
                                          gboolean       previews);
void        kumo_jobs_panel_job_action   (KumoJobsPanel *self,
                                          const char    *action,
                                          KumoJob       *job);

G_END_DECLS
