/* kumo-run.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-seed.h"
#include "kumo-session.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_RUN_ERROR (kumo_run_error_quark ())

typedef enum
{
  KUMO_RUN_ERROR_INVALID,   /* the server would refuse it: see kumo_run_get_problems() */
} KumoRunError;

#define KUMO_TYPE_RUN (kumo_run_get_type ())

G_DECLARE_FINAL_TYPE (KumoRun, kumo_run, KUMO, RUN, GObject)

GQuark        kumo_run_error_quark       (void);

KumoRun      *kumo_run_new               (KumoSession   *session,
                                          KumoWorkflow  *workflow);
void          kumo_run_set_count         (KumoRun       *self,
                                          guint          count);
void          kumo_run_set_seed_mode     (KumoRun       *self,
                                          KumoSeedMode   mode);
void          kumo_run_set_seeds_as_set  (KumoRun       *self);
void          kumo_run_set_advance_seeds (KumoRun       *self,
                                          gboolean       advance);
void          kumo_run_set_output_folder (KumoRun       *self,
                                          GFile         *folder);
void          kumo_run_add_set           (KumoRun       *self,
                                          const char    *target,
                                          const char    *value);
void          kumo_run_add_upload        (KumoRun       *self,
                                          const char    *target,
                                          GFile         *file);
void          kumo_run_start_async       (KumoRun       *self,
                                          GCancellable  *cancellable,
                                          GAsyncReadyCallback callback,
                                          gpointer       user_data);
GPtrArray    *kumo_run_start_finish      (KumoRun       *self,
                                          GAsyncResult  *result,
                                          GError       **error);
GPtrArray    *kumo_run_get_problems      (KumoRun       *self);
KumoWorkflow *kumo_run_get_workflow      (KumoRun       *self);
GHashTable   *kumo_run_node_titles       (KumoWorkflow    *workflow,
                                          KumoNodeCatalog *catalog);
GPtrArray    *kumo_run_list_partner_nodes (KumoWorkflow   *workflow,
                                          KumoNodeCatalog *catalog);

G_END_DECLS
