/* kumo-field-row.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-field-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "kumo-field-row.h"
#include "kumo-seed.h"

/* Beyond this a double (and so a GtkSpinButton) loses whole numbers. */
#define MAX_EXACT_DOUBLE 9007199254740991.0
/* Choices beyond this many get a search entry in their drop-down. */
#define SEARCH_THRESHOLD 12

/*
 * One input of a node as a row of native widgets: a spin button, an entry,
 * a text box for prompts, a switch, a drop-down, a seed control, or a
 * quiet line for links. The row reads from and writes to its KumoField,
 * follows changes made elsewhere, and marks the value when the server
 * would reject it.
 */
struct _KumoFieldRow
{
  GtkListBoxRow  parent_instance;

  KumoField     *field;

  GtkLabel      *title;
  GtkLabel      *subtitle;
  GtkBox        *suffix;
  GtkWidget     *editor;
  GtkDropDown   *mode_dropdown;
  GtkStringList *choices;
  GPtrArray     *choice_values;
  char          *note;

  guint          digits;
  guint          updating : 1;
  guint          invalid : 1;
};

G_DEFINE_FINAL_TYPE (KumoFieldRow, kumo_field_row, GTK_TYPE_LIST_BOX_ROW)

static void sync_from_field (KumoFieldRow *self);
static void update_problem (KumoFieldRow *self);

static gboolean
is_big_integer (KumoField *field)
{
  const KumoInputSpec *spec = kumo_field_get_spec (field);

  /* Seeds: their range (up to 2^64 − 1) is beyond what a spin button holds. */
  if (kumo_field_has_seed_control (field))
    return TRUE;

  return spec != NULL &&
         ((spec->has_max && fabs (spec->max.value) > MAX_EXACT_DOUBLE) ||
          (spec->has_min && fabs (spec->min.value) > MAX_EXACT_DOUBLE));
}

/* What Python's float() would make of a value, for showing it. */
static gboolean
value_as_double (KumoJson *value,
                 double   *out)
{
  KumoNumber number;

  if (value == NULL)
    return FALSE;

  switch (kumo_json_get_type (value))
    {
    case KUMO_JSON_NUMBER:
      *out = kumo_json_get_double (value);
      return TRUE;

    case KUMO_JSON_STRING:
      {
        g_autofree char *text = g_strstrip (g_strdup (kumo_json_get_string (value)));

        if (!kumo_number_parse (text, &number))
          return FALSE;
        *out = number.value;
        return TRUE;
      }

    case KUMO_JSON_BOOLEAN:
      *out = kumo_json_get_boolean (value) ? 1 : 0;
      return TRUE;

    case KUMO_JSON_NULL:
    case KUMO_JSON_ARRAY:
    case KUMO_JSON_OBJECT:
    default:
      return FALSE;
    }
}

/* The value to show for an input the node lacks: the server's default. */
static KumoJson *
shown_value (KumoFieldRow *self)
{
  KumoJson *value = kumo_field_get_value (self->field);
  const KumoInputSpec *spec = kumo_field_get_spec (self->field);

  if (value == NULL && spec != NULL)
    return spec->default_value;

  return value;
}

static void
set_note (KumoFieldRow *self,
          const char   *note)
{
  g_free (self->note);
  self->note = g_strdup (note);
}

/* ---------------------------------------------------------------------- */
/* Numbers                                                                */
/* ---------------------------------------------------------------------- */

static void
spin_value_changed_cb (KumoFieldRow  *self,
                       GtkSpinButton *spin)
{
  double value = gtk_spin_button_get_value (spin);
  double scale = pow (10, self->digits);
  double current;

  if (self->updating)
    return;

  /* A value the spin button merely shows rounded is not a change: leave
   * 0.8700000000000001 alone until somebody really edits it. */
  if (value_as_double (kumo_field_get_value (self->field), &current) &&
      fabs (value - current) < 0.5 / scale)
    return;

  self->updating = TRUE;
  if (kumo_field_get_kind (self->field) == KUMO_FIELD_INTEGER)
    kumo_field_set_value (self->field, kumo_json_new_int ((gint64) llround (value)));
  else
    kumo_field_set_value (self->field, kumo_json_new_double (round (value * scale) / scale));
  self->updating = FALSE;

  update_problem (self);
}

static GtkWidget *
create_spin_button (KumoFieldRow *self)
{
  const KumoInputSpec *spec = kumo_field_get_spec (self->field);
  gboolean integer = kumo_field_get_kind (self->field) == KUMO_FIELD_INTEGER;
  double lower = -MAX_EXACT_DOUBLE, upper = MAX_EXACT_DOUBLE;
  double step, value = 0;
  GtkAdjustment *adjustment;
  GtkWidget *spin;

  self->digits = kumo_field_get_digits (self->field);

  if (spec != NULL && spec->has_min)
    lower = spec->min.value;
  if (spec != NULL && spec->has_max)
    upper = spec->max.value;

  /* Show a value out of range as it is (and mark it) rather than clamp it
   * silently into the range. */
  if (value_as_double (shown_value (self), &value))
    {
      lower = MIN (lower, value);
      upper = MAX (upper, value);
    }

  if (spec != NULL && spec->has_step)
    step = spec->step;
  else
    step = integer ? 1 : pow (10, -(double) MIN (self->digits, 2));

  adjustment = gtk_adjustment_new (value, lower, upper, step, step * 10, 0);
  spin = gtk_spin_button_new (adjustment, step, self->digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_update_policy (GTK_SPIN_BUTTON (spin), GTK_UPDATE_IF_VALID);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), integer ? 7 : 8);

  g_signal_connect_object (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return spin;
}

/* ---------------------------------------------------------------------- */
/* Seeds and other whole numbers beyond 2^53                              */
/* ---------------------------------------------------------------------- */

static void
commit_integer_entry (KumoFieldRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->editor));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  KumoNumber number;

  if (self->updating)
    return;

  if (!kumo_number_parse (stripped, &number) || !number.is_integer)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a whole number."), text);

      gtk_widget_add_css_class (self->editor, "error");
      gtk_label_set_text (self->subtitle, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle), TRUE);
      return;
    }

  self->updating = TRUE;
  kumo_field_set_value (self->field, kumo_json_new_number_text (stripped));
  self->updating = FALSE;
  update_problem (self);
}

static void
integer_entry_focus_leave_cb (KumoFieldRow *self)
{
  commit_integer_entry (self);
}

static void
seed_mode_changed_cb (KumoFieldRow *self,
                      GParamSpec   *pspec,
                      GtkDropDown  *dropdown)
{
  if (self->updating)
    return;

  kumo_field_set_seed_mode (self->field, gtk_drop_down_get_selected (dropdown));
}

static void
new_seed_clicked_cb (KumoFieldRow *self)
{
  g_autoptr(GRand) rand = g_rand_new ();

  kumo_field_apply_seed_mode (self->field, KUMO_SEED_RANDOMIZE, rand);
}

static GtkWidget *
create_integer_entry (KumoFieldRow *self)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 21);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (entry, "numeric");

  g_signal_connect_object (entry, "activate", G_CALLBACK (commit_integer_entry), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (integer_entry_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (entry, focus);

  return entry;
}

static void
add_seed_controls (KumoFieldRow *self)
{
  const char *labels[] = {
    kumo_seed_mode_get_label (KUMO_SEED_FIXED),
    kumo_seed_mode_get_label (KUMO_SEED_INCREMENT),
    kumo_seed_mode_get_label (KUMO_SEED_DECREMENT),
    kumo_seed_mode_get_label (KUMO_SEED_RANDOMIZE),
    NULL,
  };
  g_autofree char *mode_label = g_strdup_printf (_("Seed before each run for %s"),
                                                 kumo_field_get_label (self->field));
  g_autofree char *dice_label = g_strdup_printf (_("New random %s"), kumo_field_get_label (self->field));
  GtkWidget *dice;

  self->mode_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));
  gtk_widget_set_valign (GTK_WIDGET (self->mode_dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mode_dropdown),
                               _("What happens to the seed before each run. The seed that is used is the one shown."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mode_label, -1);
  g_signal_connect_object (self->mode_dropdown, "notify::selected", G_CALLBACK (seed_mode_changed_cb),
                           self, G_CONNECT_SWAPPED);

  dice = gtk_button_new_from_icon_name ("media-playlist-shuffle-symbolic");
  gtk_widget_set_valign (dice, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dice, _("New Random Seed"));
  gtk_widget_add_css_class (dice, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dice), GTK_ACCESSIBLE_PROPERTY_LABEL, dice_label, -1);
  g_signal_connect_object (dice, "clicked", G_CALLBACK (new_seed_clicked_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (self->suffix, GTK_WIDGET (self->mode_dropdown));
  gtk_box_append (self->suffix, dice);
}

/* ---------------------------------------------------------------------- */
/* Text                                                                   */
/* ---------------------------------------------------------------------- */

static void
entry_changed_cb (KumoFieldRow *self,
                  GtkEditable  *editable)
{
  if (self->updating)
    return;

  self->updating = TRUE;
  kumo_field_set_value (self->field, kumo_json_new_string (gtk_editable_get_text (editable)));
  self->updating = FALSE;
  update_problem (self);
}

static GtkWidget *
create_entry (KumoFieldRow *self)
{
  const KumoInputSpec *spec = kumo_field_get_spec (self->field);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  if (spec != NULL && spec->placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), spec->placeholder);

  g_signal_connect_object (entry, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  return entry;
}

static void
buffer_changed_cb (KumoFieldRow  *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->updating)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  self->updating = TRUE;
  kumo_field_set_value (self->field, kumo_json_new_string (text));
  self->updating = FALSE;
  update_problem (self);
}

/* Prompts are long: a text box across the whole row, growing with its
 * text up to a point. */
static GtkWidget *
create_text_view (KumoFieldRow *self)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);
  gtk_widget_add_css_class (view, "kumo-prompt");

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 88);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (scrolled, "kumo-prompt-frame");
  gtk_widget_set_margin_top (scrolled, 6);

  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  return view;
}

/* ---------------------------------------------------------------------- */
/* Switches                                                               */
/* ---------------------------------------------------------------------- */

static void
update_switch_note (KumoFieldRow *self)
{
  const KumoInputSpec *spec = kumo_field_get_spec (self->field);
  gboolean active = gtk_switch_get_active (GTK_SWITCH (self->editor));

  if (spec != NULL && spec->label_on != NULL && active)
    set_note (self, spec->label_on);
  else if (spec != NULL && spec->label_off != NULL && !active)
    set_note (self, spec->label_off);
}

static void
switch_active_cb (KumoFieldRow *self,
                  GParamSpec   *pspec,
                  GtkSwitch    *widget)
{
  update_switch_note (self);

  if (self->updating)
    {
      update_problem (self);
      return;
    }

  self->updating = TRUE;
  kumo_field_set_value (self->field, kumo_json_new_boolean (gtk_switch_get_active (widget)));
  self->updating = FALSE;
  update_problem (self);
}

static void
row_activated_cb (KumoFieldRow *self)
{
  const char *source_id;

  if (GTK_IS_SWITCH (self->editor))
    gtk_switch_set_active (GTK_SWITCH (self->editor), !gtk_switch_get_active (GTK_SWITCH (self->editor)));
  else if (kumo_json_is_link (kumo_field_get_value (self->field), &source_id, NULL))
    /* Follow the link: the editor scrolls to the node it comes from. */
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.show-node", "s", source_id);
}

/* ---------------------------------------------------------------------- */
/* Choices                                                                */
/* ---------------------------------------------------------------------- */

static void
dropdown_selected_cb (KumoFieldRow *self,
                      GParamSpec   *pspec,
                      GtkDropDown  *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating || selected >= self->choice_values->len)
    return;

  self->updating = TRUE;
  kumo_field_set_value (self->field, kumo_json_copy (g_ptr_array_index (self->choice_values, selected)));
  self->updating = FALSE;
  update_problem (self);
}

/* The choices of the server, plus the current value when the server does
 * not offer it (a model it lacks, a file not uploaded yet), so the value
 * is shown as it is and can be kept. */
static void
fill_choices (KumoFieldRow *self)
{
  const KumoInputSpec *spec = kumo_field_get_spec (self->field);
  KumoJson *value = shown_value (self);
  guint n;

  while ((n = g_list_model_get_n_items (G_LIST_MODEL (self->choices))) > 0)
    gtk_string_list_remove (self->choices, n - 1);
  g_ptr_array_set_size (self->choice_values, 0);

  if (value != NULL && (spec == NULL || !kumo_input_spec_has_option (spec, value)))
    {
      g_autofree char *text = kumo_json_dup_value_text (value);

      gtk_string_list_append (self->choices, text);
      g_ptr_array_add (self->choice_values, kumo_json_copy (value));
    }

  for (guint i = 0; spec != NULL && spec->options != NULL && i < spec->options->len; i++)
    {
      KumoJson *option = g_ptr_array_index (spec->options, i);
      g_autofree char *text = kumo_json_dup_value_text (option);

      gtk_string_list_append (self->choices, text);
      g_ptr_array_add (self->choice_values, kumo_json_copy (option));
    }
}

static GtkWidget *
create_dropdown (KumoFieldRow *self)
{
  GtkExpression *expression;
  GtkWidget *dropdown;

  self->choices = gtk_string_list_new (NULL);
  self->choice_values = g_ptr_array_new_with_free_func ((GDestroyNotify) kumo_json_free);
  fill_choices (self);

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  dropdown = gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->choices)), expression);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (dropdown),
                                   self->choice_values->len > SEARCH_THRESHOLD);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dropdown, "kumo-choice");

  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (dropdown_selected_cb), self,
                           G_CONNECT_SWAPPED);
  return dropdown;
}

/* ---------------------------------------------------------------------- */
/* Links and other values                                                 */
/* ---------------------------------------------------------------------- */

static char *
describe_link (KumoFieldRow *self)
{
  KumoWorkflow *workflow = kumo_field_get_workflow (self->field);
  KumoJson *value = kumo_field_get_value (self->field);
  const char *source_id;
  KumoNode *source;
  gint64 slot;

  if (value == NULL)
    return g_strdup (_("Not connected"));

  if (!kumo_json_is_link (value, &source_id, &slot))
    {
      g_autofree char *text = kumo_json_dup_value_text (value);
      return g_strdup_printf (_("Broken link %s"), text);
    }

  source = kumo_workflow_get_node (workflow, source_id);
  if (source != NULL)
    /* Translators: a link from another node: its title, its id, an output number. */
    return g_strdup_printf (_("from %s (#%s) · output %d"),
                            kumo_node_get_title (source) ? kumo_node_get_title (source)
                                                         : kumo_node_get_class_type (source),
                            source_id, (int) slot);

  return g_strdup_printf (_("from #%s · output %d"), source_id, (int) slot);
}

/* ---------------------------------------------------------------------- */
/* Showing values and problems                                            */
/* ---------------------------------------------------------------------- */

static void
sync_from_field (KumoFieldRow *self)
{
  KumoJson *value = shown_value (self);
  double number;

  self->updating = TRUE;

  switch (kumo_field_get_kind (self->field))
    {
    case KUMO_FIELD_INTEGER:
    case KUMO_FIELD_FLOAT:
      if (GTK_IS_SPIN_BUTTON (self->editor))
        {
          if (value_as_double (value, &number))
            {
              GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->editor));

              gtk_adjustment_set_lower (adjustment, MIN (gtk_adjustment_get_lower (adjustment), number));
              gtk_adjustment_set_upper (adjustment, MAX (gtk_adjustment_get_upper (adjustment), number));
              gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->editor), number);
            }
        }
      else
        {
          g_autofree char *text = kumo_json_dup_value_text (value);
          gtk_editable_set_text (GTK_EDITABLE (self->editor), text);
        }
      if (self->mode_dropdown != NULL)
        gtk_drop_down_set_selected (self->mode_dropdown, kumo_field_get_seed_mode (self->field));
      break;

    case KUMO_FIELD_TEXT:
      {
        g_autofree char *text = kumo_json_dup_value_text (value);

        if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (self->editor))) != 0)
          gtk_editable_set_text (GTK_EDITABLE (self->editor), text);
      }
      break;

    case KUMO_FIELD_MULTILINE_TEXT:
      {
        g_autofree char *text = kumo_json_dup_value_text (value);
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
        g_autofree char *current = NULL;
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        if (g_strcmp0 (text, current) != 0)
          gtk_text_buffer_set_text (buffer, text, -1);
      }
      break;

    case KUMO_FIELD_BOOLEAN:
      gtk_switch_set_active (GTK_SWITCH (self->editor), value != NULL && kumo_json_get_boolean (value));
      update_switch_note (self);
      break;

    case KUMO_FIELD_CHOICE:
    case KUMO_FIELD_IMAGE:
    case KUMO_FIELD_VIDEO:
    case KUMO_FIELD_AUDIO:
      fill_choices (self);
      for (guint i = 0; i < self->choice_values->len; i++)
        {
          if (value != NULL && kumo_json_equal (g_ptr_array_index (self->choice_values, i), value))
            {
              gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editor), i);
              break;
            }
        }
      break;

    case KUMO_FIELD_LINK:
      {
        g_autofree char *text = describe_link (self);
        set_note (self, text);
      }
      break;

    case KUMO_FIELD_OTHER:
    default:
      {
        g_autofree char *text = kumo_json_dup_value_text (value);
        set_note (self, text);
      }
      break;
    }

  self->updating = FALSE;
  update_problem (self);
}

static void
update_problem (KumoFieldRow *self)
{
  g_autoptr(KumoProblem) problem = kumo_field_validate (self->field);
  GtkWidget *marked = self->editor ? self->editor : GTK_WIDGET (self);
  const char *subtitle = problem ? problem->message : self->note;

  self->invalid = problem != NULL;

  gtk_label_set_text (self->subtitle, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL && *subtitle != '\0');

  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->subtitle), "dim-label");
      gtk_widget_add_css_class (marked, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      problem->message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->subtitle), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "dim-label");
      gtk_widget_remove_css_class (marked, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
on_value_changed (KumoFieldRow *self)
{
  /* Our own edits are already shown; others (seed buttons, another view)
   * are not. */
  if (!self->updating)
    sync_from_field (self);
}

/* ---------------------------------------------------------------------- */
/* Construction                                                           */
/* ---------------------------------------------------------------------- */

static void
build (KumoFieldRow *self)
{
  KumoFieldKind kind = kumo_field_get_kind (self->field);
  const char *label = kumo_field_get_label (self->field);
  const char *tooltip = kumo_field_get_tooltip (self->field);
  GtkWidget *outer, *header, *labels, *icon = NULL;
  GtkWidget *full_width = NULL;

  outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_valign (labels, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (labels, TRUE);

  self->title = GTK_LABEL (gtk_label_new (label));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_wrap (self->title, TRUE);
  gtk_label_set_wrap_mode (self->title, PANGO_WRAP_WORD_CHAR);
  /* Narrow windows squeeze the widgets, not short labels into letters. */
  gtk_label_set_width_chars (self->title, MIN ((int) g_utf8_strlen (label, -1), 10));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "kumo-field-title");

  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  gtk_label_set_wrap (self->subtitle, TRUE);
  gtk_label_set_wrap_mode (self->subtitle, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), FALSE);

  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->subtitle));

  self->suffix = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_set_valign (GTK_WIDGET (self->suffix), GTK_ALIGN_CENTER);

  switch (kind)
    {
    case KUMO_FIELD_INTEGER:
      if (is_big_integer (self->field))
        self->editor = create_integer_entry (self);
      else
        self->editor = create_spin_button (self);
      break;

    case KUMO_FIELD_FLOAT:
      self->editor = create_spin_button (self);
      break;

    case KUMO_FIELD_TEXT:
      self->editor = create_entry (self);
      gtk_widget_set_hexpand (GTK_WIDGET (self->suffix), TRUE);
      gtk_widget_set_hexpand (labels, FALSE);
      gtk_widget_set_size_request (labels, 120, -1);
      break;

    case KUMO_FIELD_MULTILINE_TEXT:
      self->editor = create_text_view (self);
      full_width = gtk_widget_get_parent (self->editor);
      break;

    case KUMO_FIELD_BOOLEAN:
      self->editor = gtk_switch_new ();
      gtk_widget_set_valign (self->editor, GTK_ALIGN_CENTER);
      g_signal_connect_object (self->editor, "notify::active", G_CALLBACK (switch_active_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
      break;

    case KUMO_FIELD_IMAGE:
      icon = gtk_image_new_from_icon_name ("image-x-generic-symbolic");
      self->editor = create_dropdown (self);
      break;

    case KUMO_FIELD_VIDEO:
      icon = gtk_image_new_from_icon_name ("video-x-generic-symbolic");
      self->editor = create_dropdown (self);
      break;

    case KUMO_FIELD_AUDIO:
      icon = gtk_image_new_from_icon_name ("audio-x-generic-symbolic");
      self->editor = create_dropdown (self);
      break;

    case KUMO_FIELD_CHOICE:
      self->editor = create_dropdown (self);
      break;

    case KUMO_FIELD_LINK:
      gtk_widget_add_css_class (GTK_WIDGET (self), "kumo-link-row");
      icon = gtk_image_new_from_icon_name ("insert-link-symbolic");
      if (kumo_json_is_link (kumo_field_get_value (self->field), NULL, NULL))
        {
          GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

          gtk_widget_add_css_class (go, "dim-label");
          gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Show the node this comes from"));
          gtk_box_append (self->suffix, go);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
        }
      break;

    case KUMO_FIELD_OTHER:
    default:
      gtk_label_set_selectable (self->subtitle, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "monospace");
      break;
    }

  if (icon != NULL)
    {
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kumo_field_kind_to_string (kind), -1);
      gtk_box_append (GTK_BOX (header), icon);
    }

  gtk_box_append (GTK_BOX (header), labels);

  if (self->editor != NULL && full_width == NULL)
    gtk_box_append (self->suffix, self->editor);
  if (kumo_field_has_seed_control (self->field))
    add_seed_controls (self);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->suffix));

  gtk_box_append (GTK_BOX (outer), header);
  if (full_width != NULL)
    gtk_box_append (GTK_BOX (outer), full_width);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), outer);

  if (tooltip != NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), tooltip);
      if (self->editor != NULL)
        gtk_widget_set_tooltip_text (self->editor, tooltip);
    }

  /* The editing widget is named by the row's visible label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (self->editor != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      self->title, NULL, -1);
      if (tooltip != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                        tooltip, -1);
    }
}

static void
kumo_field_row_dispose (GObject *object)
{
  KumoFieldRow *self = (KumoFieldRow *)object;

  if (self->field != NULL)
    g_signal_handlers_disconnect_by_data (self->field, self);

  g_clear_object (&self->field);
  g_clear_object (&self->choices);
  g_clear_pointer (&self->choice_values, g_ptr_array_unref);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (kumo_field_row_parent_class)->dispose (object);
}

static void
kumo_field_row_class_init (KumoFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kumo_field_row_dispose;
}

static void
kumo_field_row_init (KumoFieldRow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "kumo-field-row");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  g_signal_connect (self, "activate", G_CALLBACK (row_activated_cb), NULL);
}

GtkWidget *
kumo_field_row_new (KumoField *field)
{
  KumoFieldRow *self;

  g_return_val_if_fail (KUMO_IS_FIELD (field), NULL);

  self = g_object_new (KUMO_TYPE_FIELD_ROW, NULL);
  self->field = g_object_ref (field);

  build (self);
  sync_from_field (self);

  g_signal_connect_object (field, "notify::value", G_CALLBACK (on_value_changed), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

KumoField *
kumo_field_row_get_field (KumoFieldRow *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_ROW (self), NULL);

  return self->field;
}

/**
 * kumo_field_row_get_editor:
 *
 * Returns: (nullable) (transfer none): the widget that edits the value
 */
GtkWidget *
kumo_field_row_get_editor (KumoFieldRow *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_ROW (self), NULL);

  return self->editor;
}

gboolean
kumo_field_row_is_invalid (KumoFieldRow *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_ROW (self), FALSE);

  return self->invalid;
}
