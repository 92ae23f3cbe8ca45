/* kumo-window-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kumo-gallery-view.h"
#include "kumo-jobs-panel.h"
#include "kumo-run-button.h"
#include "kumo-server-status.h"
#include "kumo-welcome-page.h"
#include "kumo-window.h"
#include "kumo-workflow-editor.h"

G_BEGIN_DECLS

typedef void (*ContinueFunc) (KumoWindow *self, gpointer data);

/* The window spans kumo-window.c (the shell: title, state, search),
 * kumo-window-actions.c (opening, saving, closing, recent workflows) and
 * kumo-window-run.c (running, and the jobs it started). */
struct _KumoWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *views;
  AdwViewSwitcherBar   *switcher_bar;
  KumoGalleryView      *gallery_view;
  KumoServerStatus     *server_status;
  KumoRunButton        *run_button;
  GtkWidget            *jobs_button;
  GtkLabel             *jobs_count_label;
  AdwFlap              *flap;
  KumoJobsPanel        *jobs_panel;
  KumoWelcomePage      *welcome_page;
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
  /* Set once the user chose what happens to running jobs. */
  gboolean              jobs_confirmed;

  GCancellable         *run_cancellable;
  gboolean              starting;      /* a run is being prepared */
  GPtrArray            *own_jobs;      /* started from this window */
  KumoJob              *running_job;   /* whose node the editor marks */
};

void     _kumo_window_set_busy           (KumoWindow   *self,
                                          gboolean      busy);
void     _kumo_window_update_page        (KumoWindow   *self);
void     _kumo_window_set_workflow       (KumoWindow   *self,
                                          KumoWorkflow *workflow);
void     _kumo_window_update_actions     (KumoWindow   *self);
gboolean _kumo_window_close_request      (KumoWindow   *self);
void     _kumo_window_confirm_discard    (KumoWindow     *self,
                                          ContinueFunc    func,
                                          gpointer        data,
                                          GDestroyNotify  destroy);

void     _kumo_window_class_init_actions (GtkWidgetClass *widget_class);
void     _kumo_window_init_actions       (KumoWindow   *self);
void     _kumo_window_dispose_actions    (KumoWindow   *self);

void     _kumo_window_class_init_run     (GtkWidgetClass *widget_class);
void     _kumo_window_init_run           (KumoWindow   *self);
void     _kumo_window_dispose_run        (KumoWindow   *self);
void     _kumo_window_update_run_actions (KumoWindow   *self);
gboolean _kumo_window_close_request_jobs (KumoWindow   *self);

void     _kumo_window_class_init_gallery (GtkWidgetClass *widget_class);
void     _kumo_window_init_gallery       (KumoWindow   *self);

G_END_DECLS
