/* kumo-jobs-panel.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-jobs-panel"

#include "config.h"

#include "kumo-job-row.h"
#include "kumo-jobs-panel.h"

/*
 * The jobs of every server Kumo works with this session, and those an
 * earlier run left unfinished, newest first, each as a KumoJobRow. The
 * model is the application's; what is done to a job (cancel, retry,
 * open its inputs) is passed on through ::job-action to whoever holds
 * the queues.
 */
struct _KumoJobsPanel
{
  GtkWidget          parent_instance;

  GListModel        *model;
  GtkSortListModel  *sorted;
  gboolean           previews;

  GtkStack          *stack;
  GtkListView       *list_view;
};

G_DEFINE_FINAL_TYPE (KumoJobsPanel, kumo_jobs_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PREVIEWS,
  N_PROPS
};

enum {
  JOB_ACTION,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gint64 x = kumo_job_get_created ((KumoJob *) a);
  gint64 y = kumo_job_get_created ((KumoJob *) b);

  return (x < y) - (x > y);
}

static void
update_page (KumoJobsPanel *self)
{
  gboolean any = self->sorted && g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "jobs" : "empty");
}

static void
setup_row_cb (KumoJobsPanel            *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, kumo_job_row_new ());
}

static void
bind_row_cb (KumoJobsPanel            *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  KumoJobRow *row = KUMO_JOB_ROW (gtk_list_item_get_child (item));

  kumo_job_row_set_previews (row, self->previews);
  kumo_job_row_set_job (row, gtk_list_item_get_item (item));
}

static void
unbind_row_cb (KumoJobsPanel            *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  kumo_job_row_set_job (KUMO_JOB_ROW (gtk_list_item_get_child (item)), NULL);
}

GListModel *
kumo_jobs_panel_get_model (KumoJobsPanel *self)
{
  g_return_val_if_fail (KUMO_IS_JOBS_PANEL (self), NULL);

  return self->model;
}

/**
 * kumo_jobs_panel_set_model:
 * @model: (nullable): a list of #KumoJob
 */
void
kumo_jobs_panel_set_model (KumoJobsPanel *self,
                           GListModel    *model)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (KUMO_IS_JOBS_PANEL (self));

  if (!g_set_object (&self->model, model))
    return;

  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  g_clear_object (&self->sorted);

  if (model != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL));

      self->sorted = gtk_sort_list_model_new (g_object_ref (model), sorter);
      g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
    }

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* Whether rows show live previews (a preference). */
void
kumo_jobs_panel_set_previews (KumoJobsPanel *self,
                              gboolean       previews)
{
  g_return_if_fail (KUMO_IS_JOBS_PANEL (self));

  if (self->previews == previews)
    return;

  self->previews = previews;

  /* Rows on screen follow; the others when they are bound. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (KUMO_IS_JOB_ROW (row))
        kumo_job_row_set_previews (KUMO_JOB_ROW (row), previews);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEWS]);
}

/* A row asks for @action ("cancel", "retry", "open-inputs", "show-outputs") on @job. */
void
kumo_jobs_panel_job_action (KumoJobsPanel *self,
                            const char    *action,
                            KumoJob       *job)
{
  g_return_if_fail (KUMO_IS_JOBS_PANEL (self));

  g_signal_emit (self, signals[JOB_ACTION], g_quark_from_string (action), action, job);
}

static void
kumo_jobs_panel_dispose (GObject *object)
{
  KumoJobsPanel *self = (KumoJobsPanel *)object;
  GtkWidget *child;

  if (self->sorted != NULL)
    g_signal_handlers_disconnect_by_data (self->sorted, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_JOBS_PANEL);
  /* The template's top-level child is ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->sorted);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (kumo_jobs_panel_parent_class)->dispose (object);
}

static void
kumo_jobs_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KumoJobsPanel *self = KUMO_JOBS_PANEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    case PROP_PREVIEWS:
      g_value_set_boolean (value, self->previews);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_jobs_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KumoJobsPanel *self = KUMO_JOBS_PANEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      kumo_jobs_panel_set_model (self, g_value_get_object (value));
      break;

    case PROP_PREVIEWS:
      kumo_jobs_panel_set_previews (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_jobs_panel_class_init (KumoJobsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_jobs_panel_dispose;
  object_class->get_property = kumo_jobs_panel_get_property;
  object_class->set_property = kumo_jobs_panel_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PREVIEWS] =
    g_param_spec_boolean ("previews", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KumoJobsPanel::job-action:
   * @action: "cancel", "retry", "open-inputs" or "show-outputs" (also the detail)
   * @job: the job
   */
  signals[JOB_ACTION] =
    g_signal_new ("job-action", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, KUMO_TYPE_JOB);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-jobs-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoJobsPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, KumoJobsPanel, list_view);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_row_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kumo-jobs-panel");
}

static void
kumo_jobs_panel_init (KumoJobsPanel *self)
{
  self->previews = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_page (self);
}
