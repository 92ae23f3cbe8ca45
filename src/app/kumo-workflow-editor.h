/* kumo-workflow-editor.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-node-catalog.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_TYPE_WORKFLOW_EDITOR (kumo_workflow_editor_get_type ())

G_DECLARE_FINAL_TYPE (KumoWorkflowEditor, kumo_workflow_editor, KUMO, WORKFLOW_EDITOR, GtkWidget)

void          kumo_workflow_editor_set_workflow (KumoWorkflowEditor *self,
                                                 KumoWorkflow       *workflow);
void          kumo_workflow_editor_set_catalog  (KumoWorkflowEditor *self,
                                                 KumoNodeCatalog    *catalog);
void          kumo_workflow_editor_set_filter   (KumoWorkflowEditor *self,
                                                 const char         *filter);
GListModel   *kumo_workflow_editor_get_shown    (KumoWorkflowEditor *self);
GtkListView  *kumo_workflow_editor_get_list     (KumoWorkflowEditor *self);
gboolean      kumo_workflow_editor_has_pending_rows (KumoWorkflowEditor *self);
void          kumo_workflow_editor_set_running_node (KumoWorkflowEditor *self,
                                                     const char         *node_id);
const char   *kumo_workflow_editor_get_running_node (KumoWorkflowEditor *self);
void          kumo_workflow_editor_show_node    (KumoWorkflowEditor *self,
                                                 const char         *node_id);

G_END_DECLS
