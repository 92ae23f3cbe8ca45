/* kumo-application.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-application.h"
#include "kumo-snapshot.h"
#include "kumo-window.h"

struct _KumoApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  /* The server this run works with: --server, else the preference. */
  KumoSession    *session;
  GCancellable   *cancellable;
  gboolean        connected;
};

G_DEFINE_FINAL_TYPE (KumoApplication, kumo_application, ADW_TYPE_APPLICATION)

KumoApplication *
kumo_application_new (void)
{
  return g_object_new (KUMO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

static KumoWindow *
new_window (KumoApplication *self)
{
  KumoWindow *window = kumo_window_new (self);

  kumo_snapshot_watch_window (GTK_WINDOW (window));
  return window;
}

static void
kumo_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (new_window (KUMO_APPLICATION (app)));

  gtk_window_present (window);
}

/* Each file goes into the active window if that one is empty, else into a
 * window of its own. */
static void
kumo_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  KumoApplication *self = KUMO_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
      KumoWindow *window;

      if (KUMO_IS_WINDOW (active) && kumo_window_get_workflow (KUMO_WINDOW (active)) == NULL)
        window = KUMO_WINDOW (active);
      else
        window = new_window (self);

      kumo_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
report (KumoApplication *self,
        const char      *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Before any window, only the log can tell. */
  if (KUMO_IS_WINDOW (window))
    kumo_window_show_error (KUMO_WINDOW (window), message);
  else
    g_message ("%s", message);
}

static void
catalog_file_loaded_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = kumo_node_catalog_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Without a catalog every workflow still opens, with guessed kinds. */
  if (catalog == NULL)
    {
      report (self, error->message);
      return;
    }

  kumo_session_set_catalog (self->session, catalog);
}

static void
resumed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = kumo_session_resume_finish (KUMO_SESSION (object), result, NULL, &error);
  if (jobs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not pick up earlier jobs: %s", error->message);
      return;
    }

  if (jobs->len > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Finishing %u job an earlier run left unfinished",
                                      "Finishing %u jobs an earlier run left unfinished",
                                      jobs->len),
                         jobs->len);
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (KUMO_IS_WINDOW (window))
        kumo_window_show_toast (KUMO_WINDOW (window), message);
    }
}

static void
catalog_refreshed_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!kumo_session_refresh_catalog_finish (KUMO_SESSION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: the first %s is a server address, the second why it failed */
      g_autofree char *message = g_strdup_printf (_("Could not get the node definitions from %s: %s"),
                                                  kumo_session_get_url (KUMO_SESSION (object)), error->message);
      report (self, message);
    }
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  KumoSession *session = KUMO_SESSION (object);
  g_autoptr(GError) error = NULL;

  if (!kumo_session_connect_finish (session, result, &error))
    {
      /* Comfy Cloud tells nothing without a key: fields keep the kinds
       * the cached catalog, or their values, give them until one is set.
       * A server that does not answer is said so. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, KUMO_SESSION_ERROR, KUMO_SESSION_ERROR_NEEDS_KEY))
        report (self, error->message);
      return;
    }

  kumo_session_ensure_catalog_async (session, self->cancellable, catalog_refreshed_cb, g_object_ref (self));

  /* Jobs an earlier run (this app, or kumo-cli) left behind are finished,
   * their outputs brought home. */
  kumo_session_resume_async (session, self->cancellable, resumed_cb, g_object_ref (self));
}

static void
cached_catalog_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  /* None cached yet is usual: the server's comes when connected. */
  kumo_session_load_cached_catalog_finish (KUMO_SESSION (object), result, NULL);
}

/**
 * kumo_application_connect:
 * @server_url: the server to work with, instead of the preference
 *
 * Makes @server_url the session of the windows opened from now on, and
 * connects to it: its node definitions come from the copy cached on disk
 * at once, then fresh from the server (parsed off the main loop).
 */
void
kumo_application_connect (KumoApplication *self,
                          const char      *server_url)
{
  g_return_if_fail (KUMO_IS_APPLICATION (self));
  g_return_if_fail (server_url != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_object (&self->session);
  self->session = kumo_session_new (server_url);

  kumo_session_load_cached_catalog_async (self->session, self->cancellable, cached_catalog_cb, NULL);
  kumo_session_connect_async (self->session, self->cancellable, connected_cb, g_object_ref (self));
}

static int
kumo_application_command_line (GApplication            *app,
                               GApplicationCommandLine *command_line)
{
  KumoApplication *self = KUMO_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) arguments = NULL;
  const char *object_info = NULL;
  const char *server_url = NULL;

  /* The first command line connects; later ones (kumo FILE from another
   * terminal) only open their files. */
  if (!self->connected)
    {
      g_autofree char *preference = g_settings_get_string (self->settings, "server-url");

      self->connected = TRUE;
      g_variant_dict_lookup (options, "server", "&s", &server_url);
      kumo_application_connect (self, server_url ? server_url : preference);
    }

  if (g_variant_dict_lookup (options, "object-info", "^&ay", &object_info))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, object_info);

      kumo_node_catalog_load_async (file, self->cancellable, catalog_file_loaded_cb, g_object_ref (self));
    }

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &arguments))
    for (guint i = 0; arguments[i]; i++)
      g_ptr_array_add (files, g_application_command_line_create_file_for_arg (command_line, arguments[i]));

  if (files->len > 0)
    g_application_open (app, (GFile **) files->pdata, files->len, "");
  else
    g_application_activate (app);

  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KumoApplication *self = user_data;
  const char *developers[] = { "The Kumo Authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Kumo"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Kumo Authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Run ComfyUI workflows on Comfy Cloud or your own server."),
                         "website", "https://github.com/kumoapp/kumo",
                         "issue-url", "https://github.com/kumoapp/kumo/issues",
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KumoApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window asks about its unsaved changes. */
  for (GList *l = g_list_copy (windows), *next; l != NULL; l = next)
    {
      next = l->next;
      gtk_window_close (l->data);
      g_list_free_1 (l);
    }
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (new_window (user_data)));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "new-window", new_window_action },
};

static void
kumo_application_startup (GApplication *app)
{
  KumoApplication *self = KUMO_APPLICATION (app);

  G_APPLICATION_CLASS (kumo_application_parent_class)->startup (app);

  g_set_application_name (_("Kumo"));
  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", (const char *[]) { "<Control>o", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save", (const char *[]) { "<Control>s", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.save-as", (const char *[]) { "<Control><Shift>s", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.close", (const char *[]) { "<Control>w", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.find", (const char *[]) { "<Control>f", NULL });

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  /* Windows opened before anything connects (tests, D-Bus activation)
   * still have a session, not connected yet. */
  if (self->session == NULL)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");

      self->session = kumo_session_new (url);
    }
}

static void
kumo_application_dispose (GObject *object)
{
  KumoApplication *self = (KumoApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kumo_application_parent_class)->dispose (object);
}

static void
kumo_application_class_init (KumoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kumo_application_dispose;

  app_class->activate = kumo_application_activate;
  app_class->open = kumo_application_open;
  app_class->command_line = kumo_application_command_line;
  app_class->startup = kumo_application_startup;
}

static void
kumo_application_init (KumoApplication *self)
{
  const GOptionEntry entries[] = {
    { "object-info", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Node definitions (a server’s /api/object_info) that give fields their kinds, ranges and choices"),
      N_("FILE") },
    { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("The server to work with this time, instead of the one in preferences"),
      N_("URL") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[WORKFLOW…]") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

/**
 * kumo_application_get_session:
 *
 * Returns: (transfer none): the server new windows work with
 */
KumoSession *
kumo_application_get_session (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  return self->session;
}

GSettings *
kumo_application_get_settings (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  return self->settings;
}
