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
#include "kumo-client.h"
#include "kumo-credentials.h"
#include "kumo-snapshot.h"
#include "kumo-window.h"

struct _KumoApplication
{
  AdwApplication   parent_instance;

  GSettings       *settings;
  /* --server for this session, else the preference. */
  char            *server_url;
  KumoClient      *client;
  /* The node definitions that type the editor's fields, shared by all
   * windows: from --object-info, else the server's cached catalog. */
  KumoNodeCatalog *catalog;
  GCancellable    *cancellable;
  gboolean         loading_catalog;
};

G_DEFINE_FINAL_TYPE (KumoApplication, kumo_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CATALOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
report_error (KumoApplication *self,
              const char      *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (KUMO_IS_WINDOW (window))
    kumo_window_show_error (KUMO_WINDOW (window), message);
  else
    g_warning ("%s", message);
}

static void
catalog_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = kumo_node_catalog_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_catalog = FALSE;

  /* Without a catalog every workflow still opens, with guessed kinds. */
  if (catalog == NULL)
    {
      report_error (self, error->message);
      return;
    }

  kumo_application_set_catalog (self, catalog);
}

static void
load_catalog (KumoApplication *self,
              GFile           *file)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_catalog = TRUE;

  kumo_node_catalog_load_async (file, self->cancellable, catalog_loaded_cb, g_object_ref (self));
}

static void
catalog_fetched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(KumoNodeCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  catalog = kumo_client_fetch_catalog_finish (KUMO_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading_catalog = FALSE;

  if (catalog == NULL)
    {
      /* Translators: the first %s is a server address, the second why it failed */
      g_autofree char *message = g_strdup_printf (_("Could not get the node definitions from %s: %s"),
                                                  self->server_url, error->message);
      report_error (self, message);
      return;
    }

  kumo_application_set_catalog (self, catalog);
}

static void
api_key_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_key = NULL;
  KumoFlavor flavor;

  /* No keyring is not a failure here: a local server needs no key. */
  api_key = kumo_credentials_lookup_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  flavor = kumo_client_guess_flavor (self->server_url);

  /* Comfy Cloud tells nothing without a key; fields keep their inferred
   * kinds until one is set. */
  if (api_key == NULL && flavor == KUMO_FLAVOR_CLOUD)
    {
      self->loading_catalog = FALSE;
      return;
    }

  g_clear_error (&error);
  g_clear_object (&self->client);
  self->client = kumo_client_new (self->server_url, flavor, api_key, &error);
  if (self->client == NULL)
    {
      self->loading_catalog = FALSE;
      report_error (self, error->message);
      return;
    }

  kumo_client_fetch_catalog_async (self->client, self->cancellable, catalog_fetched_cb, g_object_ref (self));
}

/**
 * kumo_application_connect:
 * @server_url: the server to work with, instead of the preference
 *
 * Gives the editor the server's node definitions: the copy cached on
 * disk when there is one, else fetched from the server (off the main
 * loop), which caches them for next time.
 */
void
kumo_application_connect (KumoApplication *self,
                          const char      *server_url)
{
  g_autoptr(GFile) cached = NULL;

  g_return_if_fail (KUMO_IS_APPLICATION (self));
  g_return_if_fail (server_url != NULL);

  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  cached = kumo_node_catalog_cache_file (self->server_url);

  if (g_file_query_exists (cached, NULL))
    {
      load_catalog (self, cached);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loading_catalog = TRUE;

  kumo_credentials_lookup_async (self->server_url, self->cancellable, api_key_found_cb, g_object_ref (self));
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

  if (g_variant_dict_lookup (options, "object-info", "^&ay", &object_info))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, object_info);
      load_catalog (self, file);
    }
  else if (self->catalog == NULL && !self->loading_catalog)
    {
      g_autofree char *preference = g_settings_get_string (self->settings, "server-url");

      g_variant_dict_lookup (options, "server", "&s", &server_url);
      kumo_application_connect (self, server_url ? server_url : preference);
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

  self->settings = g_settings_new (APP_ID);

}

static void
kumo_application_dispose (GObject *object)
{
  KumoApplication *self = (KumoApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->catalog);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (kumo_application_parent_class)->dispose (object);
}

static void
kumo_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KumoApplication *self = KUMO_APPLICATION (object);

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
kumo_application_class_init (KumoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = kumo_application_dispose;
  object_class->get_property = kumo_application_get_property;

  app_class->activate = kumo_application_activate;
  app_class->open = kumo_application_open;
  app_class->command_line = kumo_application_command_line;
  app_class->startup = kumo_application_startup;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL,
                         KUMO_TYPE_NODE_CATALOG,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
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
 * kumo_application_get_catalog:
 *
 * Returns: (nullable) (transfer none): the node definitions in use
 */
KumoNodeCatalog *
kumo_application_get_catalog (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  return self->catalog;
}

void
kumo_application_set_catalog (KumoApplication *self,
                              KumoNodeCatalog *catalog)
{
  g_return_if_fail (KUMO_IS_APPLICATION (self));
  g_return_if_fail (!catalog || KUMO_IS_NODE_CATALOG (catalog));

  if (g_set_object (&self->catalog, catalog))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

/* Whether node definitions are being read (in a worker thread). */
gboolean
kumo_application_get_loading_catalog (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), FALSE);

  return self->loading_catalog;
}

GSettings *
kumo_application_get_settings (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  return self->settings;
}
