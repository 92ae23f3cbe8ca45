/* test-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-conversion-banner.h"
#include "kumo-emulator.h"
#include "kumo-field-row.h"
#include "kumo-node-card.h"
#include "kumo-test-catalog.h"
#include "kumo-test-gtk-utils.h"
#include "kumo-workflow-editor.h"

/* Scrolls the card of @node_id into view, which builds its rows. */
static void
scroll_to_node (KumoWindow *window,
                const char *node_id)
{
  g_autoptr(GPtrArray) editors = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_WORKFLOW_EDITOR);
  KumoWorkflowEditor *editor = g_ptr_array_index (editors, 0);
  GListModel *shown = kumo_workflow_editor_get_shown (editor);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(KumoNode) node = g_list_model_get_item (shown, i);

      if (!g_str_equal (kumo_node_get_id (node), node_id))
        continue;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (kumo_workflow_editor_get_list (editor)),
                                                 "list.scroll-to-item", "u", i));
      kumo_test_settle (GTK_WIDGET (window));
      return;
    }

  g_error ("no node %s", node_id);
}

static KumoFieldRow *
lookup_row (KumoWindow *window,
            const char *node_id,
            const char *input)
{
  g_autoptr(GPtrArray) rows = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_FIELD_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      KumoField *field = kumo_field_row_get_field (g_ptr_array_index (rows, i));

      if (g_str_equal (kumo_node_get_id (kumo_field_get_node (field)), node_id) &&
          g_str_equal (kumo_field_get_name (field), input))
        return g_ptr_array_index (rows, i);
    }

  return NULL;
}

typedef struct
{
  KumoWindow *window;
  const char *node_id;
  const char *input;
} RowQuery;

static gboolean
row_shown (gpointer data)
{
  RowQuery *query = data;

  return lookup_row (query->window, query->node_id, query->input) != NULL;
}

static gboolean
has_field_rows (gpointer window)
{
  g_autoptr(GPtrArray) rows = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_FIELD_ROW);

  return rows->len > 0;
}

/* The row of NODE.INPUT, once the list view has built it: cards are
 * made as they scroll into view, which takes a frame or more (many
 * more under a sanitizer). */
static KumoFieldRow *
find_row (KumoWindow *window,
          const char *node_id,
          const char *input)
{
  RowQuery query = { window, node_id, input };

  kumo_test_wait_until (row_shown, &query);
  return lookup_row (window, node_id, input);
}

static char *
copy_fixture (const char *subdir,
              const char *name)
{
  g_autofree char *source = subdir ? kumo_test_fixture_path (subdir, name) : kumo_test_data_path (name);
  g_autofree char *contents = NULL;
  gsize len;
  char *copy = g_build_filename (g_get_tmp_dir (), name, NULL);

  g_assert_true (g_file_get_contents (source, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (copy, contents, len, NULL));
  return copy;
}

static void
use_catalog (const char *name)
{
  kumo_session_set_catalog (kumo_application_get_session (kumo_test_application ()),
                            name ? kumo_test_catalog (name) : NULL);
}

static void
destroy_window (KumoWindow *window)
{
  KumoWorkflow *workflow = kumo_window_get_workflow (window);

  if (workflow != NULL)
    kumo_workflow_set_modified (workflow, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
title_of (KumoWindow *window)
{
  return gtk_window_get_title (GTK_WINDOW (window));
}

static void
test_window_empty_state (void)
{
  KumoWindow *window;
  g_autoptr(GPtrArray) pages = NULL;
  g_autoptr(GPtrArray) stacks = NULL;
  GtkStack *stack;

  /* A server is set up: the window offers to open a workflow (the
   * welcome page before that is test-run-window's). */
  g_settings_set_boolean (kumo_application_get_settings (kumo_test_application ()), "server-set-up", TRUE);
  window = kumo_window_new (kumo_test_application ());
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  stacks = kumo_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);
  stack = NULL;
  for (guint i = 0; i < stacks->len && stack == NULL; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "welcome") != NULL)
      stack = g_ptr_array_index (stacks, i);
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_cmpstr (title_of (window), ==, "Kumo");

  pages = kumo_test_find_widgets (gtk_stack_get_visible_child (stack), ADW_TYPE_STATUS_PAGE);
  g_assert_cmpstr (adw_status_page_get_title (g_ptr_array_index (pages, 0)), ==, "Open a Workflow");
  g_assert_nonnull (strstr (adw_status_page_get_description (g_ptr_array_index (pages, 0)), "drop"));
  g_assert_nonnull (strstr (adw_status_page_get_description (g_ptr_array_index (pages, 0)), "picture"));
  kumo_test_shoot (GTK_WIDGET (window), "empty.png");

  /* Nothing to save or find yet. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL) &&
                  kumo_window_get_workflow (window) != NULL);
  g_assert_null (kumo_window_get_workflow (window));

  /* Every control of the header bar is named, once, without the
   * mnemonic's underscore. */
  {
    g_autoptr(GPtrArray) bars = kumo_test_find_widgets (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
    g_autoptr(GPtrArray) buttons = kumo_test_find_widgets (g_ptr_array_index (bars, 0), GTK_TYPE_BUTTON);
    const struct { const char *tooltip; const char *name; } expected[] = {
      { "Open a Workflow", "Open" },
      { "Save the Workflow", "Save" },
      { "Find Inputs", "Find Inputs" },
      { "Main Menu", "Main Menu" },
      { "Run the Workflow (Ctrl+Enter)", "Run" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        GtkWidget *found = NULL;

        for (guint j = 0; j < buttons->len && found == NULL; j++)
          if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, j)), expected[i].tooltip) == 0)
            found = g_ptr_array_index (buttons, j);
        if (found == NULL)
          {
            /* Split and menu buttons carry the name on themselves. */
            g_autoptr(GPtrArray) all = kumo_test_find_widgets (g_ptr_array_index (bars, 0), GTK_TYPE_WIDGET);

            for (guint j = 0; j < all->len && found == NULL; j++)
              if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (all, j)), expected[i].tooltip) == 0)
                found = g_ptr_array_index (all, j);
          }
        g_assert_nonnull (found);
        gtk_test_accessible_assert_property (found, GTK_ACCESSIBLE_PROPERTY_LABEL, expected[i].name);
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The default SD1.5 graph with a catalog: native, typed widgets. */
static void
test_window_typed_fields (void)
{
  g_autofree char *path = copy_fixture ("api", "sd15_txt2img_default.json");
  KumoWindow *window;
  KumoFieldRow *row;
  GtkWidget *editor;
  GtkAdjustment *adjustment;
  GtkStringObject *item;
  g_autofree char *prompt = NULL;
  GtkTextIter start, end;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  g_assert_cmpstr (title_of (window), ==, "sd15_txt2img_default.json");

  /* Seeds run up to 2^64 − 1: an exact entry with a mode and a dice. */
  row = find_row (window, "3", "seed");
  g_assert_nonnull (row);
  editor = kumo_field_row_get_editor (row);
  g_assert_true (GTK_IS_ENTRY (editor));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, "712610403220747");
  {
    g_autoptr(GPtrArray) dropdowns = kumo_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_DROP_DOWN);
    g_assert_cmpuint (dropdowns->len, ==, 1);
    g_assert_cmpuint (gtk_drop_down_get_selected (g_ptr_array_index (dropdowns, 0)), ==, 3);
  }

  row = find_row (window, "3", "steps");
  editor = kumo_field_row_get_editor (row);
  g_assert_true (GTK_IS_SPIN_BUTTON (editor));
  adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (editor));
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, 1);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, 10000);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor)), ==, 20);
  gtk_test_accessible_assert_property (editor, GTK_ACCESSIBLE_PROPERTY_LABEL, "steps");
  /* Named once: not also by a relation to the same label. */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  row = find_row (window, "3", "cfg");
  editor = kumo_field_row_get_editor (row);
  g_assert_cmpuint (gtk_spin_button_get_digits (GTK_SPIN_BUTTON (editor)), ==, 2);
  g_assert_cmpfloat (gtk_adjustment_get_step_increment (gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (editor))), ==, 0.1);

  row = find_row (window, "3", "sampler_name");
  editor = kumo_field_row_get_editor (row);
  g_assert_true (GTK_IS_DROP_DOWN (editor));
  g_assert_true (gtk_drop_down_get_enable_search (GTK_DROP_DOWN (editor)));
  item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (editor));
  g_assert_cmpstr (gtk_string_object_get_string (item), ==, "euler");
  gtk_test_accessible_assert_property (editor, GTK_ACCESSIBLE_PROPERTY_LABEL, "sampler_name");

  /* A link is a quiet line saying where it comes from. */
  row = find_row (window, "3", "model");
  g_assert_null (kumo_field_row_get_editor (row));
  {
    g_autoptr(GPtrArray) labels = kumo_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL);
    g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 1)), ==, "from Load Checkpoint (#4) · output 0");
  }

  /* Following a link scrolls to its node and builds its card. */
  g_signal_emit_by_name (find_row (window, "3", "negative"), "activate");
  kumo_test_settle (GTK_WIDGET (window));
  g_assert_nonnull (find_row (window, "7", "text"));

  /* The prompt has room: a text view with the whole text. */
  scroll_to_node (window, "6");
  row = find_row (window, "6", "text");
  g_assert_nonnull (row);
  editor = kumo_field_row_get_editor (row);
  g_assert_true (GTK_IS_TEXT_VIEW (editor));
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), &start, &end);
  prompt = gtk_text_iter_get_text (&start, &end);
  g_assert_true (g_str_has_prefix (prompt, "beautiful scenery nature glass bottle landscape"));
  gtk_test_accessible_assert_property (editor, GTK_ACCESSIBLE_PROPERTY_LABEL, "text");

  /* The model the dump's owner lacks is shown, and marked. */
  scroll_to_node (window, "4");
  row = find_row (window, "4", "ckpt_name");
  g_assert_nonnull (row);
  g_assert_true (kumo_field_row_is_invalid (row));
  g_assert_true (gtk_widget_has_css_class (kumo_field_row_get_editor (row), "error"));

  g_assert_false (kumo_workflow_get_modified (kumo_window_get_workflow (window)));
  destroy_window (window);
}

/* Edits through the widgets are what Save writes, and nothing else. */
static void
test_window_edit_and_save (void)
{
  g_autofree char *path = copy_fixture ("api", "sd15_img2img_loadimage.json");
  g_autofree char *original = NULL;
  g_autofree char *saved = NULL;
  KumoWindow *window;
  GtkWidget *editor;
  KumoWorkflow *workflow;
  g_autoptr(GString) expected = NULL;

  g_file_get_contents (path, &original, NULL, NULL);
  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  workflow = kumo_window_get_workflow (window);

  editor = kumo_field_row_get_editor (find_row (window, "3", "steps"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), 35);
  g_assert_true (kumo_workflow_get_modified (workflow));
  g_assert_cmpstr (title_of (window), ==, "• sd15_img2img_loadimage.json");

  editor = kumo_field_row_get_editor (find_row (window, "3", "sampler_name"));
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (editor))); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (editor)), i);
      if (g_str_equal (gtk_string_object_get_string (item), "euler"))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (editor), i);
    }

  scroll_to_node (window, "6");
  editor = kumo_field_row_get_editor (find_row (window, "6", "text"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), "a lighthouse at dusk", -1);

  /* Shown as 0.87, but untouched: it must stay 0.8700000000000001. */
  scroll_to_node (window, "3");
  editor = kumo_field_row_get_editor (find_row (window, "3", "denoise"));
  g_assert_cmpuint (gtk_spin_button_get_digits (GTK_SPIN_BUTTON (editor)), ==, 2);
  gtk_spin_button_update (GTK_SPIN_BUTTON (editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  kumo_test_wait_ms (200);
  g_assert_false (kumo_workflow_get_modified (workflow));
  g_assert_cmpstr (title_of (window), ==, "sd15_img2img_loadimage.json");

  expected = g_string_new (original);
  g_string_replace (expected, "\"steps\": 20,", "\"steps\": 35,", 1);
  g_string_replace (expected, "\"sampler_name\": \"dpmpp_2m\",", "\"sampler_name\": \"euler\",", 1);
  g_string_replace (expected, "\"text\": \"photograph of victorian woman with wings, sky clouds, meadow grass\\n\",",
                    "\"text\": \"a lighthouse at dusk\",", 1);
  g_file_get_contents (path, &saved, NULL, NULL);
  g_assert_cmpstr (saved, ==, expected->str);

  destroy_window (window);
}

/* An input the workflow leaves out shows the server's default; stepping
 * through it (Enter, or focus leaving) writes nothing into the file. */
static void
test_window_defaults_stay_unwritten (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "defaults.json", NULL);
  KumoWindow *window;
  KumoWorkflow *workflow;
  KumoNode *sampler;
  GtkWidget *editor;
  g_autofree char *seed = NULL;

  g_assert_true (g_file_set_contents (path,
                                      "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"steps\": 20}}}",
                                      -1, NULL));
  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  workflow = kumo_window_get_workflow (window);
  sampler = kumo_workflow_get_node (workflow, "3");

  editor = kumo_field_row_get_editor (find_row (window, "3", "seed"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editor)), ==, "0");
  g_signal_emit_by_name (editor, "activate");
  editor = kumo_field_row_get_editor (find_row (window, "3", "denoise"));
  gtk_spin_button_update (GTK_SPIN_BUTTON (editor));

  g_assert_false (kumo_workflow_get_modified (workflow));
  g_assert_false (kumo_node_has_input (sampler, "seed"));
  g_assert_false (kumo_node_has_input (sampler, "denoise"));

  /* A real edit is written. */
  editor = kumo_field_row_get_editor (find_row (window, "3", "seed"));
  gtk_editable_set_text (GTK_EDITABLE (editor), "42");
  g_signal_emit_by_name (editor, "activate");
  g_assert_true (kumo_workflow_get_modified (workflow));
  seed = kumo_json_dup_value_text (kumo_node_get_input (sampler, "seed"));
  g_assert_cmpstr (seed, ==, "42");

  destroy_window (window);
}

/* Values the server would reject are marked with the reason. */
static void
test_window_marks_invalid (void)
{
  g_autofree char *path = copy_fixture (NULL, "dynamic-inputs.json");
  g_autoptr(GPtrArray) labels = NULL;
  KumoWindow *window;
  KumoFieldRow *row;
  GtkWidget *editor;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);

  row = find_row (window, "1", "resize_type.longer_size");
  g_assert_nonnull (row);
  g_assert_true (kumo_field_row_is_invalid (row));
  labels = kumo_test_find_widgets (GTK_WIDGET (row), GTK_TYPE_LABEL);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 0)), ==, "longer_size");
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (labels, 1)), ==, "20000 is above the maximum of 16384.");
  editor = kumo_field_row_get_editor (row);
  /* Shown as it is, not silently clamped into range. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (editor)), ==, 20000);
  gtk_test_accessible_assert_state (editor, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);

  /* Fixing it clears the mark. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), 1024);
  g_assert_false (kumo_field_row_is_invalid (row));
  g_assert_false (gtk_widget_has_css_class (editor, "error"));

  destroy_window (window);
}

/* Without a catalog the window says so, and kinds are guessed. */
static void
test_window_without_catalog (void)
{
  g_autofree char *path = copy_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GPtrArray) revealers = NULL;
  g_autoptr(GPtrArray) editors = NULL;
  KumoWindow *window;

  use_catalog (NULL);
  window = kumo_test_open_window (kumo_test_application (), path);

  /* The banner is the editor's own revealer (the conversion banner's is
   * first, and hidden: this workflow was not converted). */
  editors = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_WORKFLOW_EDITOR);
  revealers = kumo_test_find_widgets (g_ptr_array_index (editors, 0), GTK_TYPE_REVEALER);
  g_assert_false (gtk_revealer_get_reveal_child (g_ptr_array_index (revealers, 0)));
  g_assert_true (gtk_revealer_get_reveal_child (g_ptr_array_index (revealers, 1)));
  g_assert_true (GTK_IS_ENTRY (kumo_field_row_get_editor (find_row (window, "3", "sampler_name"))));
  g_assert_true (GTK_IS_SPIN_BUTTON (kumo_field_row_get_editor (find_row (window, "3", "steps"))));

  /* A catalog arriving later retypes the fields. */
  use_catalog (KUMO_TEST_CATALOG_2026);
  kumo_test_settle (GTK_WIDGET (window));
  g_assert_false (gtk_revealer_get_reveal_child (g_ptr_array_index (revealers, 1)));
  g_assert_true (GTK_IS_DROP_DOWN (kumo_field_row_get_editor (find_row (window, "3", "sampler_name"))));

  destroy_window (window);
}

static void
test_window_search (void)
{
  g_autofree char *path = copy_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GPtrArray) editors = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  KumoWorkflowEditor *editor;
  KumoWindow *window;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  editors = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_WORKFLOW_EDITOR);
  editor = g_ptr_array_index (editors, 0);
  {
    g_autoptr(GPtrArray) bars = kumo_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_SEARCH_BAR);

    entries = kumo_test_find_widgets (g_ptr_array_index (bars, 0), GTK_TYPE_SEARCH_ENTRY);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "seed");
  kumo_test_wait_ms (400);

  /* Only the sampler has a seed, and only its seed row is shown. */
  g_assert_cmpuint (g_list_model_get_n_items (kumo_workflow_editor_get_shown (editor)), ==, 1);
  kumo_test_settle (GTK_WIDGET (window));
  g_assert_nonnull (find_row (window, "3", "seed"));
  g_assert_null (lookup_row (window, "3", "steps"));

  /* By title: the whole node. */
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 0)), "empty latent");
  kumo_test_wait_ms (400);
  g_assert_cmpuint (g_list_model_get_n_items (kumo_workflow_editor_get_shown (editor)), ==, 1);
  kumo_test_settle (GTK_WIDGET (window));
  g_assert_nonnull (find_row (window, "5", "width"));
  g_assert_nonnull (find_row (window, "5", "batch_size"));

  destroy_window (window);
}

/* A bad file is refused and whatever was open stays open. */
static void
test_window_refuses_bad_file (void)
{
  g_autofree char *path = copy_fixture ("api", "flux_dev_checkpoint_fluxguidance.json");
  g_autofree char *ui = kumo_test_fixture_path ("ui", "ui_imagebatch_custom_node_docs.json");
  g_autoptr(GFile) ui_file = g_file_new_for_path (ui);
  KumoWorkflow *before;
  KumoWindow *window;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  before = kumo_window_get_workflow (window);

  kumo_window_open_file (window, ui_file);
  kumo_test_wait_ms (300);
  g_assert_false (kumo_window_get_busy (window));
  g_assert_true (kumo_window_get_workflow (window) == before);
  g_assert_cmpstr (title_of (window), ==, "flux_dev_checkpoint_fluxguidance.json");

  destroy_window (window);
}

/* 1,400 nodes: the list holds them all, but only a few cards exist. */
static void
test_window_big_workflow_is_lazy (void)
{
  g_autofree char *text = kumo_test_make_big_workflow (1400);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "big.json", NULL);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) editors = NULL;
  KumoWindow *window;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);

  editors = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_WORKFLOW_EDITOR);
  g_assert_cmpuint (g_list_model_get_n_items (kumo_workflow_editor_get_shown (g_ptr_array_index (editors, 0))), ==, 1400);

  /* GTK 4.8's list view keeps ~200 cards; only those near the view
   * have rows. */
  kumo_test_wait_until (has_field_rows, window);
  cards = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_NODE_CARD);
  g_assert_cmpuint (cards->len, >, 0);
  g_assert_cmpuint (cards->len, <=, 250);
  rows = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_FIELD_ROW);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, 150);

  destroy_window (window);
}

/* The modern LTX export: subgraph ids, dotted inputs, a video node. */
static void
test_window_ltx_video (void)
{
  g_autofree char *path = copy_fixture ("api", "ltx25_i2v_savevideo_subgraph_ids_comfy-examples.json");
  g_autoptr(GPtrArray) cards = NULL;
  KumoWindow *window;
  KumoFieldRow *row;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);

  cards = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_NODE_CARD);
  g_assert_cmpuint (cards->len, >, 0);
  g_assert_cmpstr (kumo_node_get_id (kumo_node_card_get_node (g_ptr_array_index (cards, 0))), ==, "395");

  row = find_row (window, "395", "image");
  g_assert_nonnull (row);
  g_assert_cmpint (kumo_field_get_kind (kumo_field_row_get_field (row)), ==, KUMO_FIELD_IMAGE);
  g_assert_true (GTK_IS_DROP_DOWN (kumo_field_row_get_editor (row)));

  destroy_window (window);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closing with unsaved changes asks first. */
static void
test_window_close_asks (void)
{
  g_autofree char *path = copy_fixture ("api", "sd15_txt2img_default.json");
  g_autoptr(GList) toplevels = NULL;
  AdwMessageDialog *dialog = NULL;
  KumoWindow *window;
  GtkWidget *editor;

  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  editor = kumo_field_row_get_editor (find_row (window, "3", "steps"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (editor), 21);

  gtk_window_close (GTK_WINDOW (window));
  kumo_test_wait_ms (100);
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");

  adw_message_dialog_response (dialog, "discard");
  kumo_test_wait_until (window_gone, &window);
}

static gboolean
catalog_ready (gpointer app)
{
  KumoSession *session = kumo_application_get_session (app);

  return kumo_session_get_catalog (session) != NULL && !kumo_session_get_loading (session) &&
         kumo_session_get_state (session) != KUMO_SESSION_CONNECTING;
}

static guint
n_classes (KumoApplication *app)
{
  return kumo_node_catalog_get_n_classes (kumo_session_get_catalog (kumo_application_get_session (app)));
}

static gboolean
has_new_catalog (gpointer app)
{
  return catalog_ready (app) && n_classes (app) == 1686;
}

/* With no catalog given, the app asks its server for one (and keeps it
 * on disk); at the next start the cached copy types the fields at once,
 * and is then replaced by what the server has now (its nodes change as
 * custom nodes are installed); with the server gone, the cache serves. */
static void
test_window_catalog_from_server (void)
{
  KumoApplication *app = kumo_test_application ();
  g_autoptr(KumoEmulator) emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL,
                                                        kumo_test_object_info (KUMO_TEST_CATALOG_2025));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) cache = NULL;
  g_autofree char *url = NULL;
  guint port;

  g_assert_true (kumo_emulator_listen (emulator, 0, &error));
  url = kumo_emulator_dup_base_url (emulator);
  port = atoi (strrchr (url, ':') + 1);
  cache = kumo_node_catalog_cache_file (url);
  g_assert_false (g_file_query_exists (cache, NULL));

  use_catalog (NULL);
  kumo_application_connect (app, url);
  kumo_test_wait_until (catalog_ready, app);
  g_assert_cmpuint (n_classes (app), ==, 496);
  g_assert_true (g_file_query_exists (cache, NULL));

  /* The server gained nodes: refreshed, not cached forever. */
  g_clear_object (&emulator);
  emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  g_assert_true (kumo_emulator_listen (emulator, port, &error));
  kumo_application_connect (app, url);
  kumo_test_wait_until (has_new_catalog, app);
  g_assert_cmpint (kumo_session_get_state (kumo_application_get_session (app)), ==, KUMO_SESSION_CONNECTED);

  /* Offline now: the cache answers. */
  g_clear_object (&emulator);
  kumo_application_connect (app, url);
  kumo_test_wait_until (catalog_ready, app);
  g_assert_cmpuint (n_classes (app), ==, 1686);
  g_assert_cmpint (kumo_session_get_state (kumo_application_get_session (app)), ==, KUMO_SESSION_UNREACHABLE);

  use_catalog (NULL);
}

/* The shortcuts window lists every shortcut the application sets. */
static void
test_window_shortcuts_listed (void)
{
  KumoApplication *app = kumo_test_application ();
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE_PATH "/gtk/help-overlay.ui");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  GSList *objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *action = NULL;

        g_object_get (l->data, "action-name", &action, NULL);
        if (action != NULL)
          g_hash_table_add (listed, g_steal_pointer (&action));
      }
  g_slist_free (objects);

  g_assert_cmpuint (g_strv_length (actions), >=, 10);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_action_parse_detailed_name (actions[i], &name, &target, NULL));
      if (!g_hash_table_contains (listed, name))
        g_error ("%s has a shortcut the shortcuts window does not list", name);
    }
}

/* A picture ComfyUI saved opens as the workflow it carries, under the
 * picture's name, and saving it asks for a new file. */
static void
test_window_opens_picture (void)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 iend[12] = { 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0 };
  static const char text[] = "prompt\0{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 7}}}";
  guint8 head[8] = { 0, 0, 0, sizeof text - 1, 't', 'E', 'X', 't' };
  static const guint8 crc[4] = { 0 };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "ComfyUI_00099_.png", NULL);
  g_autofree char *title = NULL;
  KumoWindow *window;

  g_byte_array_append (png, signature, 8);
  g_byte_array_append (png, head, 8);
  g_byte_array_append (png, (const guint8 *) text, sizeof text - 1);
  g_byte_array_append (png, crc, 4);
  g_byte_array_append (png, iend, sizeof iend);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (const char *) png->data, png->len, NULL));

  window = kumo_test_open_window (kumo_test_application (), path);
  g_assert_nonnull (kumo_window_get_workflow (window));
  g_assert_nonnull (kumo_workflow_get_node (kumo_window_get_workflow (window), "3"));
  g_assert_null (kumo_workflow_get_file (kumo_window_get_workflow (window)));
  title = kumo_workflow_dup_display_name (kumo_window_get_workflow (window));
  g_assert_cmpstr (title, ==, "ComfyUI_00099_.png");

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *text;
} TextQuery;

/* Whether any window shows a label with @text: a toast, a dialog. */
static gboolean
shows_text (gpointer data)
{
  TextQuery *query = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      g_autoptr(GPtrArray) labels = kumo_test_find_widgets (l->data, GTK_TYPE_LABEL);

      for (guint i = 0; i < labels->len; i++)
        if (gtk_widget_get_mapped (g_ptr_array_index (labels, i)) &&
            strstr (gtk_label_get_label (g_ptr_array_index (labels, i)), query->text) != NULL)
          return TRUE;
    }

  return FALSE;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      return l->data;

  return NULL;
}

static gboolean
conversion_banner_shown (gpointer window)
{
  g_autoptr(GPtrArray) banners = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_CONVERSION_BANNER);
  g_autoptr(GPtrArray) revealers = kumo_test_find_widgets (g_ptr_array_index (banners, 0), GTK_TYPE_REVEALER);

  return gtk_revealer_get_child_revealed (g_ptr_array_index (revealers, 0));
}

static gboolean
conversion_banner_hidden (gpointer window)
{
  return !conversion_banner_shown (window);
}

/* An editor-format file opens converted with the server's catalog, says
 * so, and is saved in the API format under a new name: the editor's file
 * is left as it was. Without a catalog, or with classes the server does
 * not have, it is refused with the reason. */
static void
test_window_opens_editor_format (void)
{
  g_autofree char *path = copy_fixture ("ui", "ui_text_to_image_docs.json");
  g_autofree char *custom = copy_fixture ("ui", "ui_imagebatch_custom_node_docs.json");
  g_autofree char *original = NULL;
  g_autofree char *after = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *saved_path = g_build_filename (g_get_tmp_dir (), "converted-api.json", NULL);
  g_autoptr(GFile) saved = g_file_new_for_path (saved_path);
  g_autoptr(GFile) custom_file = g_file_new_for_path (custom);
  g_autoptr(GError) error = NULL;
  TextQuery converted = { "Converted from ComfyUI’s editor format" };
  TextQuery missing = { "Image Selector" };
  AdwMessageDialog *dialog;
  KumoWorkflow *workflow;
  KumoWindow *window;

  g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  workflow = kumo_window_get_workflow (window);
  g_assert_nonnull (workflow);
  g_assert_nonnull (kumo_workflow_get_conversion_notes (workflow));
  g_assert_null (kumo_workflow_get_file (workflow));
  g_assert_cmpstr (kumo_node_get_class_type (kumo_workflow_get_node (workflow, "3")), ==, "KSampler");
  g_assert_cmpstr (title_of (window), ==, "ui_text_to_image_docs.json");
  kumo_test_wait_until (conversion_banner_shown, window);
  g_assert_true (shows_text (&converted));
  scroll_to_node (window, "3");
  g_assert_nonnull (find_row (window, "3", "seed"));
  kumo_test_shoot (GTK_WIDGET (window), "editor-format-converted.png");

  suggested = kumo_workflow_dup_suggested_name (workflow);
  g_assert_cmpstr (suggested, ==, "ui_text_to_image_docs (API).json");
  g_assert_true (kumo_workflow_save (workflow, saved, NULL, &error));
  g_assert_no_error (error);
  kumo_test_wait_until (conversion_banner_hidden, window);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, original);

  /* A custom node this server does not have: named, nothing replaced. */
  kumo_window_open_file (window, custom_file);
  kumo_test_wait_until (shows_text, &missing);
  g_assert_true (kumo_window_get_workflow (window) == workflow);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nodes Missing on This Server");
  kumo_test_shoot (GTK_WIDGET (dialog), "editor-format-missing-classes.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  destroy_window (window);
}

/* An editor file opened while the app is still fetching its server's
 * catalog (just started, or just connected) waits for it, then opens
 * converted, instead of being refused for want of a catalog. */
static void
test_window_editor_format_waits_for_catalog (void)
{
  KumoApplication *app = kumo_test_application ();
  g_autoptr(KumoEmulator) emulator = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL,
                                                        kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  g_autofree char *path = copy_fixture ("ui", "ui_text_to_image_docs.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GFile) cache = NULL;
  KumoWindow *window;

  g_assert_true (kumo_emulator_listen (emulator, 0, &error));
  url = kumo_emulator_dup_base_url (emulator);
  cache = kumo_node_catalog_cache_file (url);
  g_file_delete (cache, NULL, NULL);

  use_catalog (NULL);
  kumo_application_connect (app, url);
  g_assert_null (kumo_session_get_catalog (kumo_application_get_session (app)));
  g_assert_true (kumo_session_get_loading (kumo_application_get_session (app)));

  window = kumo_test_open_window (app, path);
  g_assert_nonnull (kumo_workflow_get_conversion_notes (kumo_window_get_workflow (window)));
  g_assert_null (find_message_dialog ());

  destroy_window (window);
  use_catalog (NULL);
}

/* What did not carry over is listed under Details on the banner. */
static void
test_window_conversion_details (void)
{
  static const char editor_file[] =
    "{\"last_node_id\": 2, \"links\": [], \"nodes\": ["
    "{\"id\": 1, \"type\": \"EmptyLatentImage\", \"widgets_values\": [768, 512, 1, 4, \"extra\"]},"
    "{\"id\": 2, \"type\": \"SaveImage\", \"widgets_values\": [\"%date:yyyy-MM-dd%/portrait\"]}]}";
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "with-notes.json", NULL);
  g_autoptr(GPtrArray) buttons = NULL;
  TextQuery extra = { "holds 2 values" };
  TextQuery date = { "%date:…%" };
  GtkMenuButton *details = NULL;
  KumoWindow *window;

  g_assert_true (g_file_set_contents (path, editor_file, -1, NULL));
  use_catalog (KUMO_TEST_CATALOG_2026);
  window = kumo_test_open_window (kumo_test_application (), path);
  g_assert_cmpuint (kumo_workflow_get_conversion_notes (kumo_window_get_workflow (window))->len, ==, 2);
  kumo_test_wait_until (conversion_banner_shown, window);

  buttons = kumo_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_menu_button_get_label (g_ptr_array_index (buttons, i)), "_Details") == 0)
      details = g_ptr_array_index (buttons, i);
  g_assert_nonnull (details);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (details)));

  gtk_menu_button_popup (details);
  kumo_test_wait_until (shows_text, &extra);
  g_assert_true (shows_text (&date));
  kumo_test_shoot (GTK_WIDGET (gtk_menu_button_get_popover (details)), "editor-format-details.png");
  gtk_menu_button_popdown (details);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_gtk_init (&argc, &argv);

  g_test_add_func ("/kumo/window/opens-picture", test_window_opens_picture);
  g_test_add_func ("/kumo/window/opens-editor-format", test_window_opens_editor_format);
  g_test_add_func ("/kumo/window/conversion-details", test_window_conversion_details);

  g_test_add_func ("/kumo/window/empty-state", test_window_empty_state);
  g_test_add_func ("/kumo/window/shortcuts-listed", test_window_shortcuts_listed);
  g_test_add_func ("/kumo/window/typed-fields", test_window_typed_fields);
  g_test_add_func ("/kumo/window/edit-and-save", test_window_edit_and_save);
  g_test_add_func ("/kumo/window/defaults-stay-unwritten", test_window_defaults_stay_unwritten);
  g_test_add_func ("/kumo/window/marks-invalid", test_window_marks_invalid);
  g_test_add_func ("/kumo/window/without-catalog", test_window_without_catalog);
  g_test_add_func ("/kumo/window/search", test_window_search);
  g_test_add_func ("/kumo/window/refuses-bad-file", test_window_refuses_bad_file);
  g_test_add_func ("/kumo/window/big-workflow-is-lazy", test_window_big_workflow_is_lazy);
  g_test_add_func ("/kumo/window/ltx-video", test_window_ltx_video);
  g_test_add_func ("/kumo/window/close-asks", test_window_close_asks);
  g_test_add_func ("/kumo/window/catalog-from-server", test_window_catalog_from_server);
  g_test_add_func ("/kumo/window/editor-format-waits-for-catalog", test_window_editor_format_waits_for_catalog);

  return g_test_run ();
}
