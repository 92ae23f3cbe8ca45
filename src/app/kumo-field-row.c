/* kumo-field-row.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-field-editor.h"
#include "kumo-field-row.h"

/*
 * One input of a node as a row: its name, a subtitle (a note, or what is
 * wrong with the value), and the editor for its kind (kumo_field_editor_new()
 * picks it), or, for a link, where it comes from. The row follows changes
 * made elsewhere (a seed button, another view) and marks the value when
 * the server would reject it, for the eye and for assistive technology.
 */
struct _KumoFieldRow
{
  GtkListBoxRow    parent_instance;

  KumoField       *field;

  GtkLabel        *title;
  GtkLabel        *subtitle;
  GtkBox          *suffix;
  KumoFieldEditor *editor;
  char            *note;   /* for rows without an editor */

  guint            invalid : 1;
};

G_DEFINE_FINAL_TYPE (KumoFieldRow, kumo_field_row, GTK_TYPE_LIST_BOX_ROW)

/* The icon beside a file's input, and a link's. */
static const struct {
  KumoFieldKind  kind;
  const char    *icon;
} kind_icons[] = {
  { KUMO_FIELD_IMAGE, "image-x-generic-symbolic" },
  { KUMO_FIELD_VIDEO, "video-x-generic-symbolic" },
  { KUMO_FIELD_AUDIO, "audio-x-generic-symbolic" },
  { KUMO_FIELD_LINK, "insert-link-symbolic" },
};

static GtkWidget *
marked_widget (KumoFieldRow *self)
{
  return self->editor ? kumo_field_editor_get_input (self->editor) : GTK_WIDGET (self);
}

static void
update_problem (KumoFieldRow *self)
{
  g_autoptr(KumoProblem) problem = kumo_field_validate (self->field);
  KumoWorkflow *workflow = kumo_field_get_workflow (self->field);
  const KumoProblem *reported =
    workflow ? kumo_workflow_get_reported_problem (workflow, kumo_node_get_id (kumo_field_get_node (self->field)),
                                                   kumo_field_get_name (self->field))
             : NULL;
  const char *text_error = self->editor ? kumo_field_editor_get_text_error (self->editor) : NULL;
  /* Kumo's own check first; else what the server said when it refused
   * the workflow, in its words. */
  const char *message = text_error ? text_error
                        : problem ? problem->message
                        : reported ? reported->message : NULL;
  const char *note = self->editor ? kumo_field_editor_get_note (self->editor) : self->note;
  const char *subtitle = message ? message : note;
  GtkWidget *marked = marked_widget (self);

  self->invalid = message != NULL;

  gtk_label_set_text (self->subtitle, subtitle ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle), subtitle != NULL && *subtitle != '\0');

  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->subtitle), "dim-label");
      gtk_widget_add_css_class (marked, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (marked), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
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

/* What a row without an editor says: where a link comes from, or a
 * value only shown. */
static char *
describe_value (KumoFieldRow *self)
{
  KumoWorkflow *workflow = kumo_field_get_workflow (self->field);
  KumoJson *value = kumo_field_get_value (self->field);
  const char *source_id;
  KumoNode *source;
  gint64 slot;

  if (kumo_field_get_kind (self->field) != KUMO_FIELD_LINK)
    return kumo_json_dup_value_text (value);

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

static void
sync_from_field (KumoFieldRow *self)
{
  if (self->editor != NULL)
    kumo_field_editor_sync (self->editor);
  else
    {
      g_free (self->note);
      self->note = describe_value (self);
    }

  update_problem (self);
}

static void
on_value_changed (KumoFieldRow *self)
{
  /* The editor's own edits are shown already; others are not. */
  if (self->editor == NULL || !kumo_field_editor_is_syncing (self->editor))
    sync_from_field (self);
}

static void
row_activated_cb (KumoFieldRow *self)
{
  const char *source_id;

  if (self->editor != NULL)
    kumo_field_editor_activate (self->editor);
  else if (kumo_json_is_link (kumo_field_get_value (self->field), &source_id, NULL))
    /* Follow the link: the editor scrolls to the node it comes from. */
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.show-node", "s", source_id);
}

/* ---------------------------------------------------------------------- */
/* Construction                                                           */
/* ---------------------------------------------------------------------- */

static GtkWidget *
kind_icon (KumoFieldKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_icons); i++)
    if (kind_icons[i].kind == kind)
      {
        GtkWidget *icon = gtk_image_new_from_icon_name (kind_icons[i].icon);

        gtk_widget_add_css_class (icon, "dim-label");
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        kumo_field_kind_to_string (kind), -1);
        return icon;
      }

  return NULL;
}

static GtkWidget *
build_labels (KumoFieldRow *self,
              const char   *label)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

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
  return labels;
}

/* A link can be followed to its node; another value is only shown. */
static void
build_without_editor (KumoFieldRow *self)
{
  if (kumo_field_get_kind (self->field) != KUMO_FIELD_LINK)
    {
      gtk_label_set_selectable (self->subtitle, TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->subtitle), "monospace");
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self), "kumo-link-row");
  if (kumo_json_is_link (kumo_field_get_value (self->field), NULL, NULL))
    {
      GtkWidget *go = gtk_image_new_from_icon_name ("go-next-symbolic");

      gtk_widget_add_css_class (go, "dim-label");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), _("Show the node this comes from"));
      gtk_box_append (self->suffix, go);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
    }
}

static void
name_editor (KumoFieldRow *self,
             const char   *label,
             const char   *tooltip)
{
  GtkWidget *input = kumo_field_editor_get_input (self->editor);

  /* The editing widget is named by the row's label, once: a name and a
   * labelled-by relation to the same text are both read ("seed seed"). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (tooltip != NULL)
    {
      gtk_widget_set_tooltip_text (input, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
    }
}

static void
build (KumoFieldRow *self)
{
  const char *label = kumo_field_get_label (self->field);
  const char *tooltip = kumo_field_get_tooltip (self->field);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = kind_icon (kumo_field_get_kind (self->field));
  GtkWidget *labels = build_labels (self, label);

  self->suffix = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_set_valign (GTK_WIDGET (self->suffix), GTK_ALIGN_CENTER);

  if (icon != NULL)
    gtk_box_append (GTK_BOX (header), icon);
  gtk_box_append (GTK_BOX (header), labels);
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (self->suffix));
  gtk_box_append (GTK_BOX (outer), header);

  self->editor = (KumoFieldEditor *) kumo_field_editor_new (self->field);
  if (self->editor == NULL)
    build_without_editor (self);
  else
    {
      if (kumo_field_editor_is_full_width (self->editor))
        gtk_box_append (GTK_BOX (outer), GTK_WIDGET (self->editor));
      else
        gtk_box_append (self->suffix, GTK_WIDGET (self->editor));

      /* A text entry takes the room; its title keeps a little. */
      if (kumo_field_editor_expands (self->editor))
        {
          gtk_widget_set_hexpand (GTK_WIDGET (self->suffix), TRUE);
          gtk_widget_set_hexpand (labels, FALSE);
          gtk_widget_set_size_request (labels, 120, -1);
        }

      if (KUMO_FIELD_EDITOR_GET_CLASS (self->editor)->activate != NULL)
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);

      g_signal_connect_object (self->editor, "edited", G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "notify::note", G_CALLBACK (update_problem), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->editor, "notify::text-error", G_CALLBACK (update_problem), self,
                               G_CONNECT_SWAPPED);
      name_editor (self, label, tooltip);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), outer);

  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
kumo_field_row_dispose (GObject *object)
{
  KumoFieldRow *self = (KumoFieldRow *)object;

  if (self->field != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->field, self);
      if (kumo_field_get_workflow (self->field) != NULL)
        g_signal_handlers_disconnect_by_data (kumo_field_get_workflow (self->field), self);
    }

  g_clear_object (&self->field);
  g_clear_pointer (&self->note, g_free);
  self->editor = NULL;

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

  g_signal_connect_object (field, "notify::value", G_CALLBACK (on_value_changed), self, G_CONNECT_SWAPPED);
  if (kumo_field_get_workflow (field) != NULL)
    g_signal_connect_object (kumo_field_get_workflow (field), "notify::reported-problems",
                             G_CALLBACK (update_problem), self, G_CONNECT_SWAPPED);

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
 * Returns: (nullable) (transfer none): the widget that takes the input
 *   (a spin button, an entry, a text view, a switch, a drop-down)
 */
GtkWidget *
kumo_field_row_get_editor (KumoFieldRow *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_ROW (self), NULL);

  return self->editor ? kumo_field_editor_get_input (self->editor) : NULL;
}

gboolean
kumo_field_row_is_invalid (KumoFieldRow *self)
{
  g_return_val_if_fail (KUMO_IS_FIELD_ROW (self), FALSE);

  return self->invalid;
}
