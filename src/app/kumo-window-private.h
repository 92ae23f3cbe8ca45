/* kumo-window-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-window.h"
#include "kumo-workflow-editor.h"

G_BEGIN_DECLS

/* The window spans kumo-window.c (the shell: title, state, search) and
 * kumo-window-actions.c (opening, saving, closing, recent workflows). */
struct _KumoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  AdwSplitButton       *open_button;
  GtkWidget            *save_button;
  GtkWidget            *search_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  KumoWorkflowEditor   *editor;
  AdwPreferencesGroup  *recent_group;

  KumoSession          *session;
  KumoWorkflow         *workflow;
  GCancellable         *cancellable;
  GMenu                *recent_menu;
  GPtrArray            *recent_rows;
  gboolean              busy;
  /* Set once the user chose to close with unsaved changes. */
  gboolean              closing_confirmed;
};

void     _kumo_window_set_busy           (KumoWindow   *self,
                                          gboolean      busy);
void     _kumo_window_set_workflow       (KumoWindow   *self,
                                          KumoWorkflow *workflow);
void     _kumo_window_update_actions     (KumoWindow   *self);
gboolean _kumo_window_close_request      (KumoWindow   *self);

void     _kumo_window_class_init_actions (GtkWidgetClass *widget_class);
void     _kumo_window_init_actions       (KumoWindow   *self);
void     _kumo_window_dispose_actions    (KumoWindow   *self);

G_END_DECLS
