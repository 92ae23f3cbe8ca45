/* kumo-workflow-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-workflow-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-conversion-banner.h"
#include "kumo-node-card.h"
#include "kumo-workflow-editor.h"

/*
 * The nodes of a workflow as a column of cards. Real workflows reach well
 * over a thousand nodes, and building every field widget up front takes
 * seconds and hundreds of megabytes, so the cards live in a GtkListView:
 * only the cards on screen exist, and they are recycled while scrolling.
 */
struct _KumoWorkflowEditor
{
  GtkWidget          parent_instance;

  GtkRevealer       *banner;
  KumoConversionBanner *conversion_banner;
  GtkStack          *stack;
  GtkListView       *list_view;
  GtkScrolledWindow *scrolled;

  KumoWorkflow      *workflow;
  KumoNodeCatalog   *catalog;
  GtkFilterListModel *shown;
  char              *filter;
  char              *running_node;
  /* Every card the list view made, to build those that come into view. */
  GPtrArray         *cards;
  guint              populate_source;
};

G_DEFINE_FINAL_TYPE (KumoWorkflowEditor, kumo_workflow_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  KumoWorkflowEditor *self = user_data;

  return kumo_node_matches_filter (item, self->catalog, self->filter);
}

/* A new model makes the list view rebuild every card it shows, which is
 * what a new catalog or filter needs: the rows of a card depend on both. */
static void
rebuild (KumoWorkflowEditor *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkCustomFilter *filter;

  gtk_revealer_set_reveal_child (self->banner, self->workflow != NULL && self->catalog == NULL);

  if (self->workflow == NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      g_clear_object (&self->shown);
      return;
    }

  filter = gtk_custom_filter_new (filter_func, self, NULL);
  g_clear_object (&self->shown);
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->workflow)), GTK_FILTER (filter));

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->shown)) > 0 ? "list" : "no-results");
}

void
kumo_workflow_editor_set_workflow (KumoWorkflowEditor *self,
                                   KumoWorkflow       *workflow)
{
  g_return_if_fail (KUMO_IS_WORKFLOW_EDITOR (self));
  g_return_if_fail (!workflow || KUMO_IS_WORKFLOW (workflow));

  if (!g_set_object (&self->workflow, workflow))
    return;

  g_clear_pointer (&self->filter, g_free);
  kumo_conversion_banner_set_workflow (self->conversion_banner, workflow);
  rebuild (self);
}

void
kumo_workflow_editor_set_catalog (KumoWorkflowEditor *self,
                                  KumoNodeCatalog    *catalog)
{
  g_return_if_fail (KUMO_IS_WORKFLOW_EDITOR (self));
  g_return_if_fail (!catalog || KUMO_IS_NODE_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

void
kumo_workflow_editor_set_filter (KumoWorkflowEditor *self,
                                 const char         *filter)
{
  g_return_if_fail (KUMO_IS_WORKFLOW_EDITOR (self));

  if (filter != NULL && *filter == '\0')
    filter = NULL;

  if (g_strcmp0 (self->filter, filter) == 0)
    return;

  g_free (self->filter);
  self->filter = g_strdup (filter);
  rebuild (self);
}

/**
 * kumo_workflow_editor_get_shown:
 *
 * Returns: (nullable) (transfer none): the nodes that pass the filter
 */
GListModel *
kumo_workflow_editor_get_shown (KumoWorkflowEditor *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW_EDITOR (self), NULL);

  return self->shown ? G_LIST_MODEL (self->shown) : NULL;
}

/* Whether cards that came into view still wait for their rows. */
gboolean
kumo_workflow_editor_has_pending_rows (KumoWorkflowEditor *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW_EDITOR (self), FALSE);

  return self->populate_source != 0;
}

GtkListView *
kumo_workflow_editor_get_list (KumoWorkflowEditor *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW_EDITOR (self), NULL);

  return self->list_view;
}

static gboolean
populate_cards_cb (gpointer data)
{
  KumoWorkflowEditor *self = data;

  self->populate_source = 0;
  for (guint i = 0; i < self->cards->len; i++)
    kumo_node_card_populate_if_near_view (g_ptr_array_index (self->cards, i));

  return G_SOURCE_REMOVE;
}

/* After the next layout, build the rows of the cards that are in view. */
static void
queue_populate (KumoWorkflowEditor *self)
{
  if (self->populate_source == 0)
    self->populate_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, populate_cards_cb, self, NULL);
}

/* Cards go away with their list items, which the list view does not
 * always announce: a weak reference keeps the list of cards honest. */
static void
card_finalized_cb (gpointer  data,
                   GObject  *card)
{
  KumoWorkflowEditor *self = data;

  g_ptr_array_remove_fast (self->cards, card);
}

static void
setup_cb (KumoWorkflowEditor       *self,
          GtkListItem              *item,
          GtkSignalListItemFactory *factory)
{
  GtkWidget *card = kumo_node_card_new ();

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, card);

  g_ptr_array_add (self->cards, card);
  g_object_weak_ref (G_OBJECT (card), card_finalized_cb, self);
}

static void
bind_cb (KumoWorkflowEditor       *self,
         GtkListItem              *item,
         GtkSignalListItemFactory *factory)
{
  KumoNodeCard *card = KUMO_NODE_CARD (gtk_list_item_get_child (item));
  KumoNode *node = gtk_list_item_get_item (item);

  kumo_node_card_bind (card, self->workflow, node, self->catalog, self->filter);
  kumo_node_card_set_running (card, g_strcmp0 (kumo_node_get_id (node), self->running_node) == 0);
  queue_populate (self);
}

static void
unbind_cb (KumoWorkflowEditor       *self,
           GtkListItem              *item,
           GtkSignalListItemFactory *factory)
{
  kumo_node_card_set_running (KUMO_NODE_CARD (gtk_list_item_get_child (item)), FALSE);
  kumo_node_card_unbind (KUMO_NODE_CARD (gtk_list_item_get_child (item)));
}

/**
 * kumo_workflow_editor_set_running_node:
 * @node_id: (nullable): the node a job of this workflow runs now
 *
 * Marks that node's card.
 */
void
kumo_workflow_editor_set_running_node (KumoWorkflowEditor *self,
                                       const char         *node_id)
{
  g_return_if_fail (KUMO_IS_WORKFLOW_EDITOR (self));

  if (g_strcmp0 (self->running_node, node_id) == 0)
    return;

  g_free (self->running_node);
  self->running_node = g_strdup (node_id);

  for (guint i = 0; i < self->cards->len; i++)
    {
      KumoNodeCard *card = g_ptr_array_index (self->cards, i);
      KumoNode *node = kumo_node_card_get_node (card);

      kumo_node_card_set_running (card, node != NULL && g_strcmp0 (kumo_node_get_id (node), node_id) == 0);
    }
}

const char *
kumo_workflow_editor_get_running_node (KumoWorkflowEditor *self)
{
  g_return_val_if_fail (KUMO_IS_WORKFLOW_EDITOR (self), NULL);

  return self->running_node;
}

/* Scrolls to @node_id's card (a problem to fix, a link followed). */
void
kumo_workflow_editor_show_node (KumoWorkflowEditor *self,
                                const char         *node_id)
{
  g_return_if_fail (KUMO_IS_WORKFLOW_EDITOR (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "editor.show-node", "s", node_id);
}

/* Scrolls to a node, for links that are followed. */
static void
show_node_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  KumoWorkflowEditor *self = KUMO_WORKFLOW_EDITOR (widget);
  const char *id = g_variant_get_string (param, NULL);
  guint n;

  if (self->shown == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (G_LIST_MODEL (self->shown), i);

      if (g_strcmp0 (kumo_node_get_id (node), id) == 0)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
}

static void
kumo_workflow_editor_dispose (GObject *object)
{
  KumoWorkflowEditor *self = (KumoWorkflowEditor *)object;

  GtkWidget *child;

  g_clear_handle_id (&self->populate_source, g_source_remove);
  for (guint i = 0; self->cards != NULL && i < self->cards->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->cards, i), card_finalized_cb, self);
  if (self->cards != NULL)
    g_ptr_array_set_size (self->cards, 0);

  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_WORKFLOW_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->shown);
  g_clear_object (&self->workflow);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->filter, g_free);
  g_clear_pointer (&self->running_node, g_free);
  g_clear_pointer (&self->cards, g_ptr_array_unref);

  G_OBJECT_CLASS (kumo_workflow_editor_parent_class)->dispose (object);
}

static void
kumo_workflow_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KumoWorkflowEditor *self = KUMO_WORKFLOW_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_workflow_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KumoWorkflowEditor *self = KUMO_WORKFLOW_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      kumo_workflow_editor_set_catalog (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_workflow_editor_class_init (KumoWorkflowEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_workflow_editor_dispose;
  object_class->get_property = kumo_workflow_editor_get_property;
  object_class->set_property = kumo_workflow_editor_set_property;

  /* The node definitions that type the fields; without them kinds are
   * guessed from the values, and a banner says so. */
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         KUMO_TYPE_NODE_CATALOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KUMO_TYPE_CONVERSION_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-workflow-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoWorkflowEditor, banner);
  gtk_widget_class_bind_template_child (widget_class, KumoWorkflowEditor, conversion_banner);
  gtk_widget_class_bind_template_child (widget_class, KumoWorkflowEditor, stack);
  gtk_widget_class_bind_template_child (widget_class, KumoWorkflowEditor, list_view);
  gtk_widget_class_bind_template_child (widget_class, KumoWorkflowEditor, scrolled);
  gtk_widget_class_bind_template_callback (widget_class, setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);

  gtk_widget_class_install_action (widget_class, "editor.show-node", "s", show_node_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_workflow_editor_init (KumoWorkflowEditor *self)
{
  GtkAdjustment *vadjustment;

  self->cards = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (queue_populate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (queue_populate), self, G_CONNECT_SWAPPED);
}
