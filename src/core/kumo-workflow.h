/* kumo-workflow.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-json.h"
#include "kumo-node-catalog.h"
#include "kumo-node.h"
#include "kumo-problem.h"

G_BEGIN_DECLS

#define KUMO_WORKFLOW_ERROR (kumo_workflow_error_quark ())

typedef enum
{
  KUMO_WORKFLOW_ERROR_EMPTY,
  KUMO_WORKFLOW_ERROR_NOT_JSON,
  KUMO_WORKFLOW_ERROR_NOT_TEXT,
  KUMO_WORKFLOW_ERROR_UI_FORMAT,
  KUMO_WORKFLOW_ERROR_NOT_AN_OBJECT,
  KUMO_WORKFLOW_ERROR_NO_NODES,
  KUMO_WORKFLOW_ERROR_INVALID_NODE,
  KUMO_WORKFLOW_ERROR_MISSING_CLASSES,
  KUMO_WORKFLOW_ERROR_CANNOT_CONVERT,
} KumoWorkflowError;

#define KUMO_TYPE_WORKFLOW (kumo_workflow_get_type ())

G_DECLARE_FINAL_TYPE (KumoWorkflow, kumo_workflow, KUMO, WORKFLOW, GObject)

GQuark        kumo_workflow_error_quark          (void);

KumoWorkflow *kumo_workflow_new_from_bytes       (GBytes               *bytes,
                                                  const char           *display_name,
                                                  GError              **error);
KumoWorkflow *kumo_workflow_new_from_file        (GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
KumoWorkflow *kumo_workflow_new_from_file_full   (GFile                *file,
                                                  KumoNodeCatalog      *catalog,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void          kumo_workflow_load_async           (GFile                *file,
                                                  KumoNodeCatalog      *catalog,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
KumoWorkflow *kumo_workflow_load_finish          (GAsyncResult         *result,
                                                  GError              **error);

GFile        *kumo_workflow_get_file             (KumoWorkflow         *self);
char         *kumo_workflow_dup_display_name     (KumoWorkflow         *self);
char         *kumo_workflow_dup_suggested_name   (KumoWorkflow         *self);
GPtrArray    *kumo_workflow_get_conversion_notes (KumoWorkflow         *self);
gboolean      kumo_workflow_get_modified         (KumoWorkflow         *self);
void          kumo_workflow_set_modified         (KumoWorkflow         *self,
                                                  gboolean              modified);

KumoNode     *kumo_workflow_get_node             (KumoWorkflow         *self,
                                                  const char           *id);
GPtrArray    *kumo_workflow_find_nodes           (KumoWorkflow         *self,
                                                  const char           *id_or_title);
KumoJson     *kumo_workflow_get_json             (KumoWorkflow         *self);

void          kumo_workflow_set_reported_problems (KumoWorkflow        *self,
                                                  GPtrArray            *problems);
const KumoProblem *kumo_workflow_get_reported_problem (KumoWorkflow    *self,
                                                  const char           *node_id,
                                                  const char           *input_name);

GBytes       *kumo_workflow_to_bytes             (KumoWorkflow         *self);
gboolean      kumo_workflow_save                 (KumoWorkflow         *self,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void          kumo_workflow_save_async           (KumoWorkflow         *self,
                                                  GFile                *file,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      kumo_workflow_save_finish          (KumoWorkflow         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
