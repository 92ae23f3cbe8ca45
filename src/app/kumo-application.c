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
#include "kumo-preferences-window.h"
#include "kumo-snapshot.h"
#include "kumo-window.h"

/*
 * The application owns the servers Kumo works with: the active session
 * (--server, else the preference), which new windows and the header bar
 * follow, and every session used since, kept while their jobs run. Their
 * queues make one list of jobs for the jobs panel. A job that ends while
 * no window is in front is told with a desktop notification.
 */
struct _KumoApplication
{
  AdwApplication       parent_instance;

  GSettings           *settings;
  KumoSession         *session;
  GPtrArray           *sessions;    /* every session used since start */
  GListStore          *queues;      /* their job queues */
  GtkFlattenListModel *jobs;
  KumoGallery         *gallery;     /* made when a window first asks */
  GCancellable        *cancellable;
  gboolean             connected;   /* by the first command line */
};

G_DEFINE_FINAL_TYPE (KumoApplication, kumo_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_N_ACTIVE_JOBS,
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

/* ---------------------------------------------------------------------- */
/* Jobs                                                                   */
/* ---------------------------------------------------------------------- */

static gboolean
any_window_active (KumoApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (gtk_window_is_active (l->data))
      return TRUE;

  return FALSE;
}

/* A job that ends while Kumo is not in front is told on the desktop,
 * with a way to it and to its files. */
static void
job_state_cb (KumoApplication *self,
              GParamSpec      *pspec,
              KumoJob         *job)
{
  KumoJobState state = kumo_job_get_state (job);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folder = NULL;
  const char *name = kumo_job_get_title (job) ? kumo_job_get_title (job) : _("A workflow");

  /* Without a session bus there is nobody to tell. */
  if (!kumo_job_state_is_terminal (state) || state == KUMO_JOB_STATE_CANCELLED ||
      any_window_active (self) || !g_settings_get_boolean (self->settings, "notifications") ||
      g_application_get_dbus_connection (G_APPLICATION (self)) == NULL)
    return;

  if (state == KUMO_JOB_STATE_SUCCEEDED)
    /* Translators: %s is a workflow's name */
    title = g_strdup_printf (_("%s is done"), name);
  else
    title = g_strdup_printf (_("%s failed"), name);

  notification = g_notification_new (title);
  if (state == KUMO_JOB_STATE_SUCCEEDED)
    {
      g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file saved", "%u files saved",
                                                            kumo_job_get_n_files (job)),
                                               kumo_job_get_n_files (job));
      g_notification_set_body (notification, body);
    }
  else
    g_notification_set_body (notification, kumo_job_get_error (job));

  g_notification_set_default_action (notification, "app.show-jobs");
  g_notification_add_button (notification, _("Show Jobs"), "app.show-jobs");
  folder = g_file_get_uri (kumo_job_get_output_folder (job));
  g_notification_add_button_with_target (notification, _("Open Folder"), "app.open-folder", "s", folder);
  g_notification_set_priority (notification, state == KUMO_JOB_STATE_FAILED ? G_NOTIFICATION_PRIORITY_HIGH
                                                                            : G_NOTIFICATION_PRIORITY_NORMAL);
  /* One per workflow: a batch of twenty says it once, up to date. */
  g_application_send_notification (G_APPLICATION (self), name, notification);
}

static void
jobs_changed_cb (KumoApplication *self,
                 guint            position,
                 guint            removed,
                 guint            added,
                 GListModel      *jobs)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(KumoJob) job = g_list_model_get_item (jobs, i);

      g_signal_handlers_disconnect_by_func (job, job_state_cb, self);
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_state_cb), self, G_CONNECT_SWAPPED);
    }
}

/**
 * kumo_application_get_jobs:
 *
 * Returns: (transfer none): the jobs of every server used this session
 *   (#KumoJob), those an earlier run left unfinished among them
 */
GListModel *
kumo_application_get_jobs (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  return G_LIST_MODEL (self->jobs);
}

/**
 * kumo_application_get_gallery:
 *
 * Returns: (transfer none): every output saved and still on disk, read
 *   from the journal the first time it is asked for, then kept up to
 *   date as jobs save files
 */
KumoGallery *
kumo_application_get_gallery (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  if (self->gallery == NULL)
    {
      self->gallery = kumo_gallery_new (NULL);
      for (guint i = 0; i < self->sessions->len; i++)
        {
          KumoJournal *journal = kumo_session_get_journal (g_ptr_array_index (self->sessions, i));

          if (journal != NULL)
            kumo_gallery_watch_journal (self->gallery, journal);
        }
      kumo_gallery_load_async (self->gallery, NULL, NULL, NULL);
    }

  return self->gallery;
}

/**
 * kumo_application_find_queue:
 *
 * Returns: (nullable) (transfer none): the queue @job is in
 */
KumoJobQueue *
kumo_application_find_queue (KumoApplication *self,
                             KumoJob         *job)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->queues)); i++)
    {
      g_autoptr(KumoJobQueue) queue = g_list_model_get_item (G_LIST_MODEL (self->queues), i);

      if (kumo_job_queue_owns (queue, job))
        return queue;
    }

  return NULL;
}

/* How many jobs, on every server, have not ended. */
guint
kumo_application_count_active_jobs (KumoApplication *self)
{
  guint n = 0;

  g_return_val_if_fail (KUMO_IS_APPLICATION (self), 0);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->queues)); i++)
    {
      g_autoptr(KumoJobQueue) queue = g_list_model_get_item (G_LIST_MODEL (self->queues), i);

      n += kumo_job_queue_get_n_active (queue);
    }

  return n;
}

/**
 * kumo_application_dup_output_folder:
 *
 * Returns: (transfer full): where outputs are saved: the preference, else
 *   the Pictures folder's "Kumo" (~/Pictures/Kumo without one)
 */
GFile *
kumo_application_dup_output_folder (KumoApplication *self)
{
  g_autofree char *chosen = NULL;
  const char *pictures;

  g_return_val_if_fail (KUMO_IS_APPLICATION (self), NULL);

  chosen = g_settings_get_string (self->settings, "output-folder");
  if (chosen != NULL && *chosen != '\0')
    return g_file_new_for_path (chosen);

  pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (pictures != NULL)
    return g_file_new_build_filename (pictures, "Kumo", NULL);
  return g_file_new_build_filename (g_get_home_dir (), "Pictures", "Kumo", NULL);
}

/* ---------------------------------------------------------------------- */
/* Sessions                                                               */
/* ---------------------------------------------------------------------- */

static guint
jobs_at_once (KumoApplication *self,
              const char      *url)
{
  g_autoptr(GVariant) all = g_settings_get_value (self->settings, "jobs-at-once");
  guint32 n = 1;

  g_variant_lookup (all, url, "u", &n);
  return CLAMP (n, 1, 10);
}

static void
n_active_changed_cb (KumoApplication *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE_JOBS]);
}

static void
queue_made_cb (KumoApplication *self,
               GParamSpec      *pspec,
               KumoSession     *session)
{
  KumoJobQueue *queue = kumo_session_get_queue (session);
  guint position;

  if (self->gallery != NULL && kumo_session_get_journal (session) != NULL)
    kumo_gallery_watch_journal (self->gallery, kumo_session_get_journal (session));

  if (queue != NULL && !g_list_store_find (self->queues, queue, &position))
    {
      g_signal_connect_object (queue, "notify::n-active", G_CALLBACK (n_active_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_list_store_append (self->queues, queue);
      n_active_changed_cb (self);
    }
}

/* Connected (again): the node definitions are brought up to date, and,
 * once per session, the jobs an earlier run (this app, or kumo-cli) left
 * behind are finished and their outputs brought home. */
static void
session_state_cb (KumoApplication *self,
                  GParamSpec      *pspec,
                  KumoSession     *session)
{
  if (kumo_session_get_state (session) != KUMO_SESSION_CONNECTED ||
      g_object_get_data (G_OBJECT (session), "kumo-resumed") != NULL)
    return;

  g_object_set_data (G_OBJECT (session), "kumo-resumed", GINT_TO_POINTER (TRUE));

  /* A server that works is set up, whoever set it up (an earlier Kumo
   * with a key in the keyring, kumo-cli login): no welcome page. */
  if (self->settings != NULL && session == self->session)
    g_settings_set_boolean (self->settings, "server-set-up", TRUE);
  kumo_session_set_max_running (session, jobs_at_once (self, kumo_session_get_url (session)));
  kumo_session_ensure_catalog_async (session, self->cancellable, catalog_refreshed_cb, g_object_ref (self));
  kumo_session_resume_async (session, self->cancellable, resumed_cb, g_object_ref (self));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoApplication) self = user_data;
  KumoSession *session = KUMO_SESSION (object);
  g_autoptr(GError) error = NULL;

  /* The header bar shows the state and explains it; a server that does
   * not answer is tried again by the session. Only what nothing else
   * shows is said here. */
  if (!kumo_session_connect_finish (session, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      kumo_session_get_state (session) == KUMO_SESSION_INVALID)
    report (self, error->message);
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
 * kumo_application_use_session:
 * @session: a session, connected or not
 *
 * Makes @session the one windows work with, and connects it if it is not
 * (a session checked by the welcome page already is). The session used
 * before stays, with its jobs, until Kumo quits.
 */
void
kumo_application_use_session (KumoApplication *self,
                              KumoSession     *session)
{
  g_return_if_fail (KUMO_IS_APPLICATION (self));
  g_return_if_fail (KUMO_IS_SESSION (session));

  if (!g_ptr_array_find (self->sessions, session, NULL))
    {
      g_ptr_array_add (self->sessions, g_object_ref (session));
      kumo_session_set_auto_reconnect (session, TRUE);
      g_signal_connect_object (session, "notify::state", G_CALLBACK (session_state_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::queue", G_CALLBACK (queue_made_cb), self, G_CONNECT_SWAPPED);
    }

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);

  /* The others stop trying to connect; those with jobs running keep
   * following them, the rest go (their ended jobs stay listed). */
  for (guint i = self->sessions->len; i > 0; i--)
    {
      KumoSession *other = g_ptr_array_index (self->sessions, i - 1);
      g_autoptr(KumoJobQueue) queue = NULL;

      if (other == session)
        continue;

      /* The property does not make a queue where there is none. */
      g_object_get (other, "queue", &queue, NULL);
      kumo_session_set_auto_reconnect (other, FALSE);
      if (queue == NULL || kumo_job_queue_get_n_active (queue) == 0)
        {
          g_signal_handlers_disconnect_by_data (other, self);
          g_ptr_array_remove_index (self->sessions, i - 1);
        }
    }

  if (kumo_session_get_catalog (session) == NULL)
    kumo_session_load_cached_catalog_async (session, self->cancellable, cached_catalog_cb, NULL);

  if (kumo_session_get_state (session) == KUMO_SESSION_CONNECTED)
    session_state_cb (self, NULL, session);
  else if (kumo_session_get_state (session) != KUMO_SESSION_CONNECTING)
    kumo_session_connect_async (session, self->cancellable, connected_cb, g_object_ref (self));
}

/**
 * kumo_application_connect:
 * @server_url: the server to work with, instead of the preference
 *
 * Makes @server_url the session of the windows, and connects to it: its
 * node definitions come from the copy cached on disk at once, then fresh
 * from the server (parsed off the main loop).
 */
void
kumo_application_connect (KumoApplication *self,
                          const char      *server_url)
{
  g_autoptr(KumoSession) session = NULL;

  g_return_if_fail (KUMO_IS_APPLICATION (self));
  g_return_if_fail (server_url != NULL);

  session = kumo_session_new (server_url);
  kumo_application_use_session (self, session);
}

/**
 * kumo_application_show_preferences:
 * @page: (nullable): "servers" or "output"
 */
void
kumo_application_show_preferences (KumoApplication *self,
                                   GtkWindow       *parent,
                                   const char      *page)
{
  GtkWidget *preferences;

  g_return_if_fail (KUMO_IS_APPLICATION (self));

  preferences = kumo_preferences_window_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_modal (GTK_WINDOW (preferences), parent != NULL);
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Whether Kumo knows a server to work with: set up once (the welcome
 * page, or preferences), or named on the command line or with a key in
 * the environment. */
gboolean
kumo_application_has_server (KumoApplication *self)
{
  g_return_val_if_fail (KUMO_IS_APPLICATION (self), FALSE);

  return g_settings_get_boolean (self->settings, "server-set-up") ||
         g_getenv ("COMFY_CLOUD_API_KEY") != NULL ||
         g_object_get_data (G_OBJECT (self), "kumo-server-given") != NULL;
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
      if (g_variant_dict_lookup (options, "server", "&s", &server_url))
        g_object_set_data (G_OBJECT (self), "kumo-server-given", GINT_TO_POINTER (TRUE));
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

/* From a notification: the window in front, with its jobs panel. */
static void
show_jobs_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KumoApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!KUMO_IS_WINDOW (window))
    window = GTK_WINDOW (new_window (self));

  kumo_window_show_jobs (KUMO_WINDOW (window));
  gtk_window_present (window);
}

static void
open_folder_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KumoApplication *self = user_data;

  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)),
                g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KumoApplication *self = user_data;

  kumo_application_show_preferences (self, gtk_application_get_active_window (GTK_APPLICATION (self)), NULL);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "preferences", preferences_action },
  { "show-jobs", show_jobs_action },
  { "open-folder", open_folder_action, "s" },
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
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.run",
                                         (const char *[]) { "<Control>Return", "<Control>KP_Enter", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-jobs", (const char *[]) { "<Control>j", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", (const char *[]) { "<Control>comma", NULL });

  self->settings = g_settings_new (SETTINGS_SCHEMA_ID);

  /* Windows opened before anything connects (tests, D-Bus activation)
   * still have a session, not connected yet. */
  if (self->session == NULL)
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");

      self->session = kumo_session_new (url);
    }

  g_signal_connect_object (self->jobs, "items-changed", G_CALLBACK (jobs_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
kumo_application_dispose (GObject *object)
{
  KumoApplication *self = (KumoApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_object (&self->jobs);
  g_clear_object (&self->gallery);
  g_clear_object (&self->queues);
  g_clear_object (&self->settings);

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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_N_ACTIVE_JOBS:
      g_value_set_uint (value, kumo_application_count_active_jobs (self));
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

  /* The server windows work with; it changes with the preference. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KUMO_TYPE_SESSION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* How many jobs, on every server, have not ended. */
  properties[PROP_N_ACTIVE_JOBS] =
    g_param_spec_uint ("n-active-jobs", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

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

  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->queues = g_list_store_new (KUMO_TYPE_JOB_QUEUE);
  self->jobs = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->queues)));
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
