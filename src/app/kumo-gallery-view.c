/* kumo-gallery-view.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-gallery-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-compare-view.h"
#include "kumo-file-content.h"
#include "kumo-gallery-cell.h"
#include "kumo-gallery-view.h"
#include "kumo-output-viewer.h"

/*
 * The gallery: every saved output in a grid, newest first, narrowed by
 * a search (prompt words, seeds, names), a workflow, a server or one
 * job; an output opens full size in the viewer, and two selected ones
 * in compare. The grid is a GtkGridView over the application's
 * KumoGallery: only the cells on screen exist, each with a thumbnail.
 */
struct _KumoGalleryView
{
  AdwBin              parent_instance;

  GtkStack           *stack;
  GtkStack           *results_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *workflow_dropdown;
  GtkDropDown        *server_dropdown;
  GtkRevealer        *job_revealer;
  GtkLabel           *job_label;
  GtkGridView        *grid_view;
  KumoOutputViewer   *viewer;
  KumoCompareView    *compare_view;

  KumoGallery        *gallery;
  GtkFilterListModel *filtered;
  GtkMultiSelection  *selection;
  GtkFilter          *filter;
  GtkStringList      *workflows;   /* "All Workflows", then each title */
  GtkStringList      *servers;     /* "All Servers", then each server */
  GHashTable         *only;        /* paths of one run's outputs, or NULL */
  guint               lists_idle;
};

G_DEFINE_FINAL_TYPE (KumoGalleryView, kumo_gallery_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_GALLERY,
  N_PROPS
};

enum {
  OPEN_INPUTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
selected_string (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (dropdown));

  /* The first entry is "All …". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (list, selected);
}

static gboolean
item_shown (gpointer object,
            gpointer user_data)
{
  KumoGalleryView *self = user_data;
  KumoGalleryItem *item = object;
  const char *workflow = selected_string (self->workflow_dropdown);
  const char *server = selected_string (self->server_dropdown);

  if (self->only != NULL && !g_hash_table_contains (self->only, kumo_gallery_item_get_path (item)))
    return FALSE;
  if (workflow != NULL && g_strcmp0 (kumo_gallery_item_get_title (item), workflow) != 0)
    return FALSE;
  if (server != NULL && g_strcmp0 (kumo_gallery_item_get_server (item), server) != 0)
    return FALSE;

  return kumo_gallery_item_matches (item, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
update_results_page (KumoGalleryView *self)
{
  const char *page = "results";

  if (self->gallery == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->gallery)) == 0)
    page = self->gallery && kumo_gallery_get_loading (self->gallery) ? "loading" : "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";

  gtk_stack_set_visible_child_name (self->results_stack, page);
}

/* With nothing to narrow by, the model passes the gallery through
 * without looking at each item. */
static void
filters_changed_cb (KumoGalleryView *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean narrowed = self->only != NULL ||
                      selected_string (self->workflow_dropdown) != NULL ||
                      selected_string (self->server_dropdown) != NULL ||
                      *query != '\0';

  if (self->filtered == NULL)
    return;

  /* Prompts and seeds are read when a search first needs them. */
  if (*query != '\0' && self->gallery != NULL)
    kumo_gallery_ensure_searchable (self->gallery);

  gtk_filter_list_model_set_filter (self->filtered, narrowed ? self->filter : NULL);
  if (narrowed)
    gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
  update_results_page (self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

/* Sets @list to @first then @values, keeping what was chosen. */
static void
refill (GtkDropDown   *dropdown,
        GtkStringList *list,
        const char    *first,
        GPtrArray     *values)
{
  g_autofree char *chosen = g_strdup (selected_string (dropdown));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint selected = 0;

  g_ptr_array_sort (values, compare_strings);
  g_ptr_array_insert (values, 0, (gpointer) first);
  g_ptr_array_add (values, NULL);

  /* Unchanged lists are left alone: replacing them would reset the
   * choice and the filter for nothing. */
  if (n == values->len - 1)
    {
      gboolean same = TRUE;

      for (guint i = 0; same && i < n; i++)
        same = g_strcmp0 (gtk_string_list_get_string (list, i), g_ptr_array_index (values, i)) == 0;
      if (same)
        return;
    }

  gtk_string_list_splice (list, 0, n, (const char * const *) values->pdata);
  for (guint i = 1; chosen != NULL && i < values->len - 1; i++)
    if (g_str_equal (g_ptr_array_index (values, i), chosen))
      selected = i;
  gtk_drop_down_set_selected (dropdown, selected);
}

static GPtrArray *
keys_of (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  return keys;
}

static gboolean
update_lists (gpointer data)
{
  KumoGalleryView *self = data;
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) servers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) title_list = NULL;
  g_autoptr(GPtrArray) server_list = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->gallery));

  self->lists_idle = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KumoGalleryItem) item = g_list_model_get_item (G_LIST_MODEL (self->gallery), i);

      if (kumo_gallery_item_get_title (item) != NULL)
        g_hash_table_add (titles, (gpointer) kumo_gallery_item_get_title (item));
      if (kumo_gallery_item_get_server (item) != NULL)
        g_hash_table_add (servers, (gpointer) kumo_gallery_item_get_server (item));
    }

  title_list = keys_of (titles);
  server_list = keys_of (servers);
  gtk_widget_set_visible (GTK_WIDGET (self->workflow_dropdown), title_list->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->server_dropdown), server_list->len > 1);
  refill (self->workflow_dropdown, self->workflows, _("All Workflows"), title_list);
  refill (self->server_dropdown, self->servers, _("All Servers"), server_list);

  return G_SOURCE_REMOVE;
}

static void
gallery_changed_cb (KumoGalleryView *self)
{
  if (self->lists_idle == 0)
    self->lists_idle = g_idle_add_full (G_PRIORITY_LOW, update_lists, self, NULL);
  update_results_page (self);
}

static void
searchable_cb (KumoGalleryView *self)
{
  /* Prompts and seeds arrived: a search typed before sees them now. */
  filters_changed_cb (self);
}

static void
selection_changed_cb (KumoGalleryView *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.compare", gtk_bitset_get_size (selected) == 2);
}

/* ---------------------------------------------------------------------- */
/* Cells                                                                  */
/* ---------------------------------------------------------------------- */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 gpointer       user_data)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  KumoGalleryItem *item = kumo_gallery_cell_get_item (KUMO_GALLERY_CELL (cell));

  return item ? kumo_file_content_new (kumo_gallery_item_get_file (item), NULL) : NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          KumoGalleryView          *self)
{
  GtkWidget *cell = kumo_gallery_cell_new ();
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), NULL);
  gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         KumoGalleryView          *self)
{
  kumo_gallery_cell_set_item (KUMO_GALLERY_CELL (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           KumoGalleryView          *self)
{
  kumo_gallery_cell_set_item (KUMO_GALLERY_CELL (gtk_list_item_get_child (list_item)), NULL);
}

/* ---------------------------------------------------------------------- */
/* Pages                                                                  */
/* ---------------------------------------------------------------------- */

static void
activate_cb (KumoGalleryView *self,
             guint            position)
{
  kumo_gallery_view_open (self, position);
}

static void
viewer_close_cb (KumoGalleryView *self)
{
  guint position = kumo_output_viewer_get_position (self->viewer);

  gtk_stack_set_visible_child_name (self->stack, "grid");
  kumo_output_viewer_clear (self->viewer);

  /* Back where the viewer was: the output last looked at. */
  if (position < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", position);
  gtk_widget_grab_focus (GTK_WIDGET (self->grid_view));
}

static void
open_inputs_cb (KumoGalleryView  *self,
                KumoJournalEntry *entry)
{
  g_signal_emit (self, signals[OPEN_INPUTS], 0, entry);
}

static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KumoGalleryView *self = KUMO_GALLERY_VIEW (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(KumoGalleryItem) first = NULL;
  g_autoptr(KumoGalleryItem) second = NULL;

  if (gtk_bitset_get_size (selected) != 2)
    return;

  first = g_list_model_get_item (G_LIST_MODEL (self->filtered), gtk_bitset_get_nth (selected, 1));
  second = g_list_model_get_item (G_LIST_MODEL (self->filtered), gtk_bitset_get_nth (selected, 0));
  /* The older on the left, as one reads a change. */
  kumo_gallery_view_compare (self, first, second);
}

static void
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  KumoGalleryView *self = KUMO_GALLERY_VIEW (widget);

  kumo_gallery_view_show_outputs (self, NULL, NULL);
}

static void
kumo_gallery_view_dispose (GObject *object)
{
  KumoGalleryView *self = (KumoGalleryView *)object;

  g_clear_handle_id (&self->lists_idle, g_source_remove);
  if (self->gallery != NULL)
    g_signal_handlers_disconnect_by_data (self->gallery, self);
  g_clear_object (&self->gallery);
  g_clear_object (&self->filtered);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->workflows);
  g_clear_object (&self->servers);
  g_clear_pointer (&self->only, g_hash_table_unref);

  G_OBJECT_CLASS (kumo_gallery_view_parent_class)->dispose (object);
}

static void
kumo_gallery_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KumoGalleryView *self = KUMO_GALLERY_VIEW (object);

  switch (prop_id)
    {
    case PROP_GALLERY:
      g_value_set_object (value, self->gallery);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_gallery_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KumoGalleryView *self = KUMO_GALLERY_VIEW (object);

  switch (prop_id)
    {
    case PROP_GALLERY:
      kumo_gallery_view_set_gallery (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_gallery_view_class_init (KumoGalleryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_gallery_view_dispose;
  object_class->get_property = kumo_gallery_view_get_property;
  object_class->set_property = kumo_gallery_view_set_property;

  properties[PROP_GALLERY] =
    g_param_spec_object ("gallery", NULL, NULL, KUMO_TYPE_GALLERY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KumoGalleryView::open-inputs:
   * @entry: (type gpointer): the KumoJournalEntry of the job to open
   *
   * The viewer asked to load an output's exact workflow into the editor.
   */
  signals[OPEN_INPUTS] =
    g_signal_new ("open-inputs", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);

  g_type_ensure (KUMO_TYPE_OUTPUT_VIEWER);
  g_type_ensure (KUMO_TYPE_COMPARE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kumoapp/Kumo/kumo-gallery-view.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, stack);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, results_stack);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, workflow_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, server_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, job_revealer);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, job_label);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, grid_view);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, viewer);
  gtk_widget_class_bind_template_child (widget_class, KumoGalleryView, compare_view);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, viewer_close_cb);

  gtk_widget_class_install_action (widget_class, "gallery.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "gallery.show-all", NULL, show_all_action);

  gtk_widget_class_set_css_name (widget_class, "kumo-gallery-view");
}

static void
kumo_gallery_view_init (KumoGalleryView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->workflows = gtk_string_list_new ((const char *[]) { _("All Workflows"), NULL });
  self->servers = gtk_string_list_new ((const char *[]) { _("All Servers"), NULL });
  gtk_drop_down_set_model (self->workflow_dropdown, G_LIST_MODEL (self->workflows));
  gtk_drop_down_set_model (self->server_dropdown, G_LIST_MODEL (self->servers));
  gtk_widget_set_visible (GTK_WIDGET (self->workflow_dropdown), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->server_dropdown), FALSE);

  self->filter = GTK_FILTER (gtk_custom_filter_new (item_shown, self, NULL));
  self->filtered = gtk_filter_list_model_new (NULL, NULL);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_results_page), self,
                           G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->viewer, "open-inputs", G_CALLBACK (open_inputs_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.compare", FALSE);
  update_results_page (self);
}

KumoGallery *
kumo_gallery_view_get_gallery (KumoGalleryView *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_VIEW (self), NULL);
  return self->gallery;
}

void
kumo_gallery_view_set_gallery (KumoGalleryView *self,
                               KumoGallery     *gallery)
{
  g_return_if_fail (KUMO_IS_GALLERY_VIEW (self));

  if (self->gallery == gallery)
    return;

  if (self->gallery != NULL)
    g_signal_handlers_disconnect_by_data (self->gallery, self);
  g_set_object (&self->gallery, gallery);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (gallery));
  kumo_output_viewer_set_gallery (self->viewer, gallery);
  kumo_compare_view_set_gallery (self->compare_view, gallery);

  if (gallery != NULL)
    {
      g_signal_connect_object (gallery, "items-changed", G_CALLBACK (gallery_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (gallery, "notify::loading", G_CALLBACK (update_results_page), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (gallery, "notify::searchable", G_CALLBACK (searchable_cb), self,
                               G_CONNECT_SWAPPED);
      gallery_changed_cb (self);
    }

  update_results_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GALLERY]);
}

/**
 * kumo_gallery_view_get_shown:
 *
 * Returns: (transfer none): the outputs the grid shows, as filtered
 */
GListModel *
kumo_gallery_view_get_shown (KumoGalleryView *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_VIEW (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * kumo_gallery_view_show_outputs:
 * @files: (nullable) (element-type GFile): one run's outputs, or %NULL
 *   for every output
 * @title: (nullable): the run's workflow, to say whose outputs these are
 */
void
kumo_gallery_view_show_outputs (KumoGalleryView *self,
                                GPtrArray       *files,
                                const char      *title)
{
  g_autofree char *label = NULL;

  g_return_if_fail (KUMO_IS_GALLERY_VIEW (self));

  g_clear_pointer (&self->only, g_hash_table_unref);
  if (files != NULL)
    {
      self->only = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < files->len; i++)
        {
          char *path = g_file_get_path (g_ptr_array_index (files, i));

          if (path != NULL)
            g_hash_table_add (self->only, path);
        }
    }

  label = title ? g_strdup_printf (_("The outputs of one run of %s"), title)
                : g_strdup (_("The outputs of one run"));
  gtk_label_set_label (self->job_label, label);
  gtk_revealer_set_reveal_child (self->job_revealer, files != NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "grid") != 0)
    viewer_close_cb (self);
  filters_changed_cb (self);
}

/* Opens the @position'th shown output in the viewer. */
void
kumo_gallery_view_open (KumoGalleryView *self,
                        guint            position)
{
  g_return_if_fail (KUMO_IS_GALLERY_VIEW (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    return;

  kumo_output_viewer_show (self->viewer, G_LIST_MODEL (self->filtered), position);
  gtk_stack_set_visible_child_name (self->stack, "viewer");
  gtk_widget_grab_focus (GTK_WIDGET (self->viewer));
}

void
kumo_gallery_view_compare (KumoGalleryView *self,
                           KumoGalleryItem *first,
                           KumoGalleryItem *second)
{
  g_return_if_fail (KUMO_IS_GALLERY_VIEW (self));
  g_return_if_fail (KUMO_IS_GALLERY_ITEM (first) && KUMO_IS_GALLERY_ITEM (second));

  kumo_compare_view_show (self->compare_view, first, second);
  gtk_stack_set_visible_child_name (self->stack, "compare");
  gtk_widget_grab_focus (GTK_WIDGET (self->compare_view));
}

/* "grid", "viewer" or "compare". */
const char *
kumo_gallery_view_get_page (KumoGalleryView *self)
{
  g_return_val_if_fail (KUMO_IS_GALLERY_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}
