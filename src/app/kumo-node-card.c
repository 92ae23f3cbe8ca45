/* kumo-node-card.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-node-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-field.h"
#include "kumo-field-row.h"
#include "kumo-node-card.h"

/*
 * One node of the workflow: its title and class, and a row per input.
 * Cards are recycled by the editor's list view, so binding one to a node
 * builds its rows, and unbinding drops them.
 */
struct _KumoNodeCard
{
  GtkWidget   parent_instance;

  GtkBox     *box;
  GtkLabel   *title_label;
  GtkLabel   *class_label;
  GtkLabel   *badge_label;
  GtkLabel   *running_label;
  GtkListBox *fields;

  KumoWorkflow    *workflow;
  KumoNode        *node;
  KumoNodeCatalog *catalog;
  char            *filter;
  GPtrArray       *rows;
  gboolean         populated;
};

/* Cards this far outside the visible area are built too, so that rows
 * are ready before they scroll in. */
#define PRELOAD_MARGIN 400
/* The height a card's rows take per input before they are built. */
#define ESTIMATED_ROW_HEIGHT 50
#define ESTIMATED_PROMPT_HEIGHT 130

G_DEFINE_FINAL_TYPE (KumoNodeCard, kumo_node_card, GTK_TYPE_WIDGET)

static gboolean
contains_casefold (const char *haystack,
                   const char *needle_folded)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle_folded) != NULL;
}

static gboolean
node_heading_matches (KumoNode        *node,
                       KumoNodeCatalog *catalog,
                       const char      *folded)
{
  const KumoNodeDef *def = catalog ? kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node)) : NULL;

  return contains_casefold (kumo_node_get_title (node), folded) ||
         contains_casefold (kumo_node_get_class_type (node), folded) ||
         contains_casefold (kumo_node_get_id (node), folded) ||
         (def != NULL && contains_casefold (def->display_name, folded));
}

/**
 * kumo_node_matches_filter:
 * @filter: (nullable): what was typed in the search entry
 *
 * Whether a node is shown for @filter: by its title, class or id, or
 * because one of its inputs is named so.
 */
gboolean
kumo_node_matches_filter (KumoNode        *node,
                          KumoNodeCatalog *catalog,
                          const char      *filter)
{
  g_autofree char *folded = NULL;

  if (filter == NULL || *filter == '\0')
    return TRUE;

  folded = g_utf8_casefold (filter, -1);

  if (node_heading_matches (node, catalog, folded))
    return TRUE;

  for (guint i = 0; i < kumo_node_get_n_inputs (node); i++)
    if (contains_casefold (kumo_node_get_input_name (node, i), folded))
      return TRUE;

  return FALSE;
}

static gboolean
is_prompt (KumoField *field)
{
  return kumo_field_get_kind (field) == KUMO_FIELD_MULTILINE_TEXT;
}

/* Builds the rows. GtkListView in GTK 4.8 keeps about 200 cards alive, far
 * more than are on screen, so only the cards near the visible area get
 * their rows; the others hold their estimated height. */
static void
populate (KumoNodeCard *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *folded = NULL;
  AdwExpanderRow *advanced = NULL;
  gboolean heading_matches = TRUE;

  if (self->populated || self->node == NULL)
    return;

  self->populated = TRUE;
  gtk_widget_set_size_request (GTK_WIDGET (self->fields), -1, -1);

  if (self->filter != NULL)
    {
      folded = g_utf8_casefold (self->filter, -1);
      heading_matches = node_heading_matches (self->node, self->catalog, folded);
    }

  fields = kumo_field_list_for_node (self->workflow, self->node, self->catalog);

  /* Values first, then the quieter links from other nodes, then the
   * advanced inputs folded away at the bottom. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < fields->len; i++)
      {
        KumoField *field = g_ptr_array_index (fields, i);
        gboolean is_link = kumo_field_get_kind (field) == KUMO_FIELD_LINK;
        GtkWidget *row;

        if (kumo_field_get_hidden (field) || is_link != (pass == 1))
          continue;

        if (!heading_matches &&
            !contains_casefold (kumo_field_get_name (field), folded) &&
            !contains_casefold (kumo_field_get_label (field), folded))
          continue;

        row = kumo_field_row_new (field);

        if (kumo_field_get_advanced (field))
          {
            if (advanced == NULL)
              {
                advanced = ADW_EXPANDER_ROW (adw_expander_row_new ());
                adw_preferences_row_set_title (ADW_PREFERENCES_ROW (advanced), _("Advanced"));
                adw_expander_row_set_subtitle (advanced, _("Inputs most workflows leave alone"));
              }
            adw_expander_row_add_row (advanced, row);
          }
        else
          {
            gtk_list_box_append (self->fields, row);
          }
        g_ptr_array_add (self->rows, row);
      }

  if (advanced != NULL)
    {
      gtk_list_box_append (self->fields, GTK_WIDGET (advanced));
      g_ptr_array_add (self->rows, advanced);
    }

  if (self->rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No inputs"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->fields, row);
      g_ptr_array_add (self->rows, row);
    }
}

static gboolean
is_near_view (KumoNodeCard *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  int height;

  /* Not in a scrolled view (a test, say): always build. */
  if (scrolled == NULL)
    return TRUE;

  /* Cards the list view keeps aside are not mapped or have no size yet. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || gtk_widget_get_height (GTK_WIDGET (self)) == 0 ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self), scrolled, &bounds))
    return FALSE;

  height = gtk_widget_get_height (scrolled);
  return bounds.origin.y < height + PRELOAD_MARGIN &&
         bounds.origin.y + bounds.size.height > -PRELOAD_MARGIN;
}

/**
 * kumo_node_card_populate_if_near_view:
 *
 * Builds the card's rows if it is on screen or close to it. The editor
 * calls this after scrolling and binding.
 */
void
kumo_node_card_populate_if_near_view (KumoNodeCard *self)
{
  g_return_if_fail (KUMO_IS_NODE_CARD (self));

  if (!self->populated && self->node != NULL && is_near_view (self))
    populate (self);
}

/**
 * kumo_node_card_bind:
 * @catalog: (nullable): the node definitions, for field kinds
 * @filter: (nullable): when set and the node's heading does not match it,
 *   only the inputs whose names match are shown
 */
void
kumo_node_card_bind (KumoNodeCard    *self,
                     KumoWorkflow    *workflow,
                     KumoNode        *node,
                     KumoNodeCatalog *catalog,
                     const char      *filter)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *class_text = NULL;
  const KumoNodeDef *def = NULL;
  const char *title;
  int estimate = 0;

  g_return_if_fail (KUMO_IS_NODE_CARD (self));
  g_return_if_fail (KUMO_IS_WORKFLOW (workflow));
  g_return_if_fail (KUMO_IS_NODE (node));

  kumo_node_card_unbind (self);
  self->workflow = g_object_ref (workflow);
  self->node = g_object_ref (node);
  self->catalog = catalog ? g_object_ref (catalog) : NULL;
  self->filter = filter && *filter ? g_strdup (filter) : NULL;

  if (catalog != NULL)
    def = kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node));

  /* The author's title, else the server's name for the class. */
  title = kumo_node_get_title (node);
  if (title == NULL)
    title = def ? kumo_node_def_get_title (def) : kumo_node_get_class_type (node);
  gtk_label_set_text (self->title_label, title);

  if (g_strcmp0 (title, kumo_node_get_class_type (node)) == 0)
    class_text = g_strdup_printf ("#%s", kumo_node_get_id (node));
  else
    /* Translators: a node's class and its id in the workflow. */
    class_text = g_strdup_printf (_("%s · #%s"), kumo_node_get_class_type (node), kumo_node_get_id (node));
  gtk_label_set_text (self->class_label, class_text);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), def != NULL && def->api_node);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  fields = kumo_field_list_for_node (workflow, node, catalog);
  for (guint i = 0; i < fields->len; i++)
    estimate += is_prompt (g_ptr_array_index (fields, i)) ? ESTIMATED_PROMPT_HEIGHT : ESTIMATED_ROW_HEIGHT;
  gtk_widget_set_size_request (GTK_WIDGET (self->fields), -1, MAX (estimate, ESTIMATED_ROW_HEIGHT));
}

void
kumo_node_card_unbind (KumoNodeCard *self)
{
  GtkWidget *child;

  g_return_if_fail (KUMO_IS_NODE_CARD (self));

  while (self->fields != NULL && (child = gtk_widget_get_first_child (GTK_WIDGET (self->fields))))
    gtk_list_box_remove (self->fields, child);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);

  self->populated = FALSE;
  g_clear_object (&self->workflow);
  g_clear_object (&self->node);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->filter, g_free);
}

/**
 * kumo_node_card_get_node:
 *
 * Returns: (nullable) (transfer none): the node shown
 */
/* Marks the card of the node a job runs now. */
void
kumo_node_card_set_running (KumoNodeCard *self,
                            gboolean      running)
{
  g_return_if_fail (KUMO_IS_NODE_CARD (self));

  gtk_widget_set_visible (GTK_WIDGET (self->running_label), running);
  if (running)
    gtk_widget_add_css_class (GTK_WIDGET (self), "kumo-running");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "kumo-running");
}

KumoNode *
kumo_node_card_get_node (KumoNodeCard *self)
{
  g_return_val_if_fail (KUMO_IS_NODE_CARD (self), NULL);

  return self->node;
}

static void
kumo_node_card_dispose (GObject *object)
{
  KumoNodeCard *self = (KumoNodeCard *)object;
  GtkWidget *child;

  kumo_node_card_unbind (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_NODE_CARD);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kumo_node_card_parent_class)->dispose (object);
}

static void
kumo_node_card_class_init (KumoNodeCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_node_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-node-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, box);
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, class_label);
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, running_label);
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, badge_label);
  gtk_widget_class_bind_template_child (widget_class, KumoNodeCard, fields);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kumo-node-card");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kumo_node_card_init (KumoNodeCard *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kumo_node_card_new (void)
{
  return g_object_new (KUMO_TYPE_NODE_CARD, NULL);
}
