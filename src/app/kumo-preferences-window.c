/* kumo-preferences-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-credentials.h"
#include "kumo-preferences-window.h"
#include "kumo-server-setup.h"
#include "kumo-server-status.h"

/*
 * Preferences: the servers (profiles to add, edit, remove and choose
 * from), the active server's API key (set, replaced, forgotten; never
 * shown back) and how many jobs it runs at once; where outputs go, live
 * previews and notifications. Settings live in GSettings, keys only in
 * the keyring.
 */
struct _KumoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  KumoApplication      *app;
  GSettings            *settings;
  GCancellable         *cancellable;
  GPtrArray            *server_rows;
  gboolean              updating;

  GtkListBox           *servers_list;
  AdwPreferencesGroup  *key_group;
  AdwEntryRow          *key_row;
  GtkWidget            *forget_row;
  GtkAdjustment        *jobs_at_once_adjustment;
  AdwActionRow         *folder_row;
  GtkWidget            *reset_folder_button;
  GtkWidget            *previews_switch;
  GtkWidget            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (KumoPreferencesWindow, kumo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The server in use: the preference, or the one named on the command
 * line for this run. */
static char *
active_url (KumoPreferencesWindow *self)
{
  return g_strdup (kumo_session_get_url (kumo_application_get_session (self->app)));
}

/* ---------------------------------------------------------------------- */
/* Server profiles                                                        */
/* ---------------------------------------------------------------------- */

static void update_servers (KumoPreferencesWindow *self);
static void update_key (KumoPreferencesWindow *self);

/* Writes the profiles back, with @url replaced by (@name, @new_url), or
 * removed when @new_url is NULL, or added when not there. */
static void
write_profile (KumoPreferencesWindow *self,
               const char            *url,
               const char            *name,
               const char            *new_url)
{
  g_autoptr(GVariant) servers = g_settings_get_value (self->settings, "servers");
  g_autoptr(GVariantBuilder) builder = g_variant_builder_new (G_VARIANT_TYPE ("a(ss)"));
  gboolean found = FALSE;
  GVariantIter iter;
  const char *profile_name, *profile_url;

  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&s&s)", &profile_name, &profile_url))
    {
      if (url != NULL && g_str_equal (profile_url, url))
        {
          found = TRUE;
          if (new_url != NULL)
            g_variant_builder_add (builder, "(ss)", name, new_url);
        }
      else
        g_variant_builder_add (builder, "(ss)", profile_name, profile_url);
    }
  if (!found && new_url != NULL)
    g_variant_builder_add (builder, "(ss)", name, new_url);

  g_settings_set_value (self->settings, "servers", g_variant_builder_end (builder));
}

static void
choose_server (KumoPreferencesWindow *self,
               const char            *url)
{
  g_autofree char *current = active_url (self);

  if (g_str_equal (current, url))
    return;

  g_settings_set_string (self->settings, "server-url", url);
  g_settings_set_boolean (self->settings, "server-set-up", TRUE);
  kumo_application_connect (self->app, url);
}

typedef struct
{
  KumoPreferencesWindow *self;
  char                  *url;
} Choice;

static gboolean
choose_server_cb (gpointer data)
{
  Choice *choice = data;

  choose_server (choice->self, choice->url);
  g_object_unref (choice->self);
  g_free (choice->url);
  g_free (choice);
  return G_SOURCE_REMOVE;
}

/* Choosing rebuilds the list, this check button with it: not while it
 * is still toggling. */
static void
server_toggled_cb (GtkCheckButton        *check,
                   GParamSpec            *pspec,
                   KumoPreferencesWindow *self)
{
  Choice *choice;

  if (self->updating || !gtk_check_button_get_active (check))
    return;

  choice = g_new0 (Choice, 1);
  choice->self = g_object_ref (self);
  choice->url = g_strdup (g_object_get_data (G_OBJECT (check), "kumo-url"));
  g_idle_add (choose_server_cb, choice);
}

static void
remove_server_cb (GtkButton             *button,
                  KumoPreferencesWindow *self)
{
  write_profile (self, g_object_get_data (G_OBJECT (button), "kumo-url"), NULL, NULL);
}

typedef struct
{
  KumoPreferencesWindow *self;
  char                  *url;    /* the profile edited, NULL when adding */
  AdwEntryRow           *name_row;
  AdwEntryRow           *address_row;
} EditData;

static void
edit_data_free (EditData *data)
{
  g_object_unref (data->self);
  g_free (data->url);
  g_free (data);
}

static void
edit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  EditData         *data)
{
  g_autofree char *address = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "save"))
    return;

  address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->address_row))));
  if (*address != '\0' && strstr (address, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("http://", address, NULL);

      g_free (address);
      address = with_scheme;
    }
  url = kumo_session_resolve_url (*address ? address : NULL);
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->name_row))));
  if (*name == '\0')
    {
      g_free (name);
      name = kumo_server_setup_default_name (url);
    }

  write_profile (data->self, data->url, name, url);

  /* The active server moved: follow it. */
  if (data->url != NULL)
    {
      g_autofree char *current = active_url (data->self);

      if (g_str_equal (current, data->url) && !g_str_equal (data->url, url))
        {
          g_settings_set_string (data->self->settings, "server-url", url);
          kumo_application_connect (data->self->app, url);
        }
    }
}

static void
edit_server (KumoPreferencesWindow *self,
             const char            *url)
{
  EditData *data = g_new0 (EditData, 1);
  GtkWidget *dialog, *list;
  g_autofree char *name = url ? kumo_server_status_dup_name (url) : NULL;

  data->self = g_object_ref (self);
  data->url = g_strdup (url);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), url ? _("Edit Server") : _("Add a Server"),
                                   _("A ComfyUI server’s address, as its console shows it, or Comfy Cloud’s"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", url ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  data->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->name_row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (data->name_row), name ? name : "");
  data->address_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (data->address_row), _("Address"));
  adw_entry_row_set_input_purpose (data->address_row, GTK_INPUT_PURPOSE_URL);
  gtk_editable_set_text (GTK_EDITABLE (data->address_row), url ? url : "http://127.0.0.1:8188");
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (data->name_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (data->address_row));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  g_signal_connect_data (dialog, "response", G_CALLBACK (edit_response_cb), data,
                         (GClosureNotify) (void (*) (void)) edit_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_server_cb (KumoPreferencesWindow *self)
{
  edit_server (self, NULL);
}

static void
edit_server_cb (GtkButton             *button,
                KumoPreferencesWindow *self)
{
  edit_server (self, g_object_get_data (G_OBJECT (button), "kumo-url"));
}

static GtkWidget *
server_row (KumoPreferencesWindow *self,
            const char            *name,
            const char            *url,
            gboolean               active,
            GtkCheckButton        *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  /* Translators: accessible names of a server's buttons; %s is its name */
  g_autofree char *edit_label = g_strdup_printf (_("Edit %s"), name);
  g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), name);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_object_set_data_full (G_OBJECT (check), "kumo-url", g_strdup (url), g_free);
  g_signal_connect (check, "notify::active", G_CALLBACK (server_toggled_cb), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *button = i == 0 ? edit : remove;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, i == 0 ? _("Edit") : _("Remove"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      i == 0 ? edit_label : remove_label, -1);
      g_object_set_data_full (G_OBJECT (button), "kumo-url", g_strdup (url), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_server_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_server_cb), self);
  /* The server in use cannot be removed: choose another first. */
  gtk_widget_set_sensitive (remove, !active);

  return row;
}

static void
update_servers (KumoPreferencesWindow *self)
{
  g_autoptr(GVariant) servers = g_settings_get_value (self->settings, "servers");
  g_autofree char *current = active_url (self);
  GtkCheckButton *group = NULL;
  gboolean listed = FALSE;
  GVariantIter iter;
  const char *name, *url;

  self->updating = TRUE;

  for (guint i = 0; i < self->server_rows->len; i++)
    gtk_list_box_remove (self->servers_list, g_ptr_array_index (self->server_rows, i));
  g_ptr_array_set_size (self->server_rows, 0);

  g_variant_iter_init (&iter, servers);
  while (g_variant_iter_next (&iter, "(&s&s)", &name, &url))
    {
      GtkWidget *row = server_row (self, name, url, g_str_equal (url, current), group);

      if (group == NULL)
        group = GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
      listed |= g_str_equal (url, current);
      gtk_list_box_append (self->servers_list, row);
      g_ptr_array_add (self->server_rows, row);
    }

  /* The server in use (--server, or one set before profiles) is shown. */
  if (!listed)
    {
      g_autofree char *default_name = kumo_server_setup_default_name (current);
      GtkWidget *row = server_row (self, default_name, current, TRUE, group);

      gtk_list_box_append (self->servers_list, row);
      g_ptr_array_add (self->server_rows, row);
    }

  self->updating = FALSE;
}

/* ---------------------------------------------------------------------- */
/* The key                                                                */
/* ---------------------------------------------------------------------- */

static void
set_key_note (KumoPreferencesWindow *self,
              const char            *note,
              gboolean               is_error)
{
  adw_preferences_group_set_description (self->key_group, note);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->key_group), "kumo-error-description");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_group), "kumo-error-description");
}

static void
key_looked_up_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KumoPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  gboolean from_environment = FALSE;

  key = kumo_credentials_lookup_finish (result, &from_environment, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (key == NULL && error != NULL)
    set_key_note (self, error->message, TRUE);
  else if (key == NULL)
    set_key_note (self, _("No key is set up for this server."), FALSE);
  else if (from_environment)
    set_key_note (self, _("The key comes from COMFY_CLOUD_API_KEY in the environment, which wins over the keyring."),
                  FALSE);
  else
    set_key_note (self, _("A key is kept in the keyring. Paste a new one to replace it."), FALSE);

  gtk_widget_set_visible (self->forget_row, key != NULL && !from_environment);
}

static void
update_key (KumoPreferencesWindow *self)
{
  g_autofree char *url = active_url (self);
  gboolean cloud = kumo_client_guess_flavor (url) == KUMO_FLAVOR_CLOUD ||
                   kumo_session_get_flavor (kumo_application_get_session (self->app)) == KUMO_FLAVOR_CLOUD;

  /* A local server takes no key. */
  gtk_widget_set_visible (GTK_WIDGET (self->key_group), cloud);
  if (cloud)
    kumo_credentials_lookup_async (url, self->cancellable, key_looked_up_cb, g_object_ref (self));
}

static void
key_checked_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KumoPreferencesWindow) self = user_data;
  g_autoptr(KumoSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  KumoSessionState state = KUMO_SESSION_DISCONNECTED;

  session = kumo_server_setup_check_finish (result, &state, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), TRUE);
  if (session == NULL)
    {
      g_autofree char *explanation = kumo_server_setup_explain (state, error);

      set_key_note (self, explanation, TRUE);
      return;
    }

  key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  kumo_server_setup_apply (self->app, session, NULL, g_strstrip (key));
  set_key_note (self, _("The key works, and is kept in the keyring."), FALSE);
  gtk_widget_set_visible (self->forget_row, TRUE);
}

static void
apply_key_cb (KumoPreferencesWindow *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  g_autofree char *url = active_url (self);

  if (*key == '\0')
    return;

  set_key_note (self, _("Checking the key…"), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_row), FALSE);
  kumo_server_setup_check_async (url, key, self->cancellable, key_checked_cb, g_object_ref (self));
}

static void
key_forgotten_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KumoPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!kumo_credentials_clear_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_key_note (self, error->message, TRUE);
      return;
    }

  /* The session used the key: a new one goes without. */
  url = active_url (self);
  kumo_application_connect (self->app, url);
  update_key (self);
}

static void
forget_key_cb (KumoPreferencesWindow *self)
{
  g_autofree char *url = active_url (self);

  kumo_credentials_clear_async (url, self->cancellable, key_forgotten_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* Running and output                                                     */
/* ---------------------------------------------------------------------- */

static void
update_jobs_at_once (KumoPreferencesWindow *self)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "jobs-at-once");
  g_autofree char *url = active_url (self);
  guint32 n = 1;

  g_variant_lookup (all, url, "u", &n);
  self->updating = TRUE;
  gtk_adjustment_set_value (self->jobs_at_once_adjustment, n);
  self->updating = FALSE;
}

static void
jobs_at_once_changed_cb (KumoPreferencesWindow *self)
{
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariantBuilder) builder = NULL;
  g_autofree char *url = NULL;
  guint32 n = (guint32) gtk_adjustment_get_value (self->jobs_at_once_adjustment);
  GVariantIter iter;
  const char *key;
  guint32 value;

  if (self->updating)
    return;

  url = active_url (self);
  all = g_settings_get_value (self->settings, "jobs-at-once");
  builder = g_variant_builder_new (G_VARIANT_TYPE ("a{su}"));
  g_variant_iter_init (&iter, all);
  while (g_variant_iter_next (&iter, "{&su}", &key, &value))
    if (!g_str_equal (key, url))
      g_variant_builder_add (builder, "{su}", key, value);
  g_variant_builder_add (builder, "{su}", url, n);
  g_settings_set_value (self->settings, "jobs-at-once", g_variant_builder_end (builder));

  kumo_session_set_max_running (kumo_application_get_session (self->app), n);
}

static void
update_folder (KumoPreferencesWindow *self)
{
  g_autoptr(GFile) folder = kumo_application_dup_output_folder (self->app);
  g_autofree char *path = g_file_get_parse_name (folder);
  g_autofree char *chosen = g_settings_get_string (self->settings, "output-folder");

  adw_action_row_set_subtitle (self->folder_row, path);
  gtk_widget_set_visible (self->reset_folder_button, *chosen != '\0');
}

static void
folder_chosen_cb (GtkNativeDialog       *dialog,
                  int                    response,
                  KumoPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "output-folder", path);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
choose_folder_cb (KumoPreferencesWindow *self)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (_("Output Folder"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                              _("_Choose"), _("_Cancel"));
  g_autoptr(GFile) current = kumo_application_dup_output_folder (self->app);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), current, NULL);
  g_signal_connect (native, "response", G_CALLBACK (folder_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
reset_folder_cb (KumoPreferencesWindow *self)
{
  g_settings_reset (self->settings, "output-folder");
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

static void
server_changed_cb (KumoPreferencesWindow *self)
{
  update_servers (self);
  update_key (self);
  update_jobs_at_once (self);
}

static void
kumo_preferences_window_dispose (GObject *object)
{
  KumoPreferencesWindow *self = (KumoPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->app);
  g_clear_pointer (&self->server_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (kumo_preferences_window_parent_class)->dispose (object);
}

static void
kumo_preferences_window_class_init (KumoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, servers_list);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, key_group);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, forget_row);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, jobs_at_once_adjustment);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, reset_folder_button);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, previews_switch);
  gtk_widget_class_bind_template_child (widget_class, KumoPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_callback (widget_class, add_server_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, jobs_at_once_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_folder_cb);
}

static void
kumo_preferences_window_init (KumoPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->server_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kumo_preferences_window_new (KumoApplication *app)
{
  KumoPreferencesWindow *self;

  g_return_val_if_fail (KUMO_IS_APPLICATION (app), NULL);

  self = g_object_new (KUMO_TYPE_PREFERENCES_WINDOW, NULL);
  self->app = g_object_ref (app);
  self->settings = g_object_ref (kumo_application_get_settings (app));

  g_settings_bind (self->settings, "live-previews", self->previews_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::servers", G_CALLBACK (update_servers), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->app, "notify::session", G_CALLBACK (server_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::output-folder", G_CALLBACK (update_folder), self,
                           G_CONNECT_SWAPPED);

  server_changed_cb (self);
  update_folder (self);
  return GTK_WIDGET (self);
}
