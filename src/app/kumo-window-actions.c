/* kumo-window-actions.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-journal.h"
#include "kumo-window-private.h"

/*
 * What the window does with files: opening (a chooser, a recent
 * workflow, a file dropped on the window), saving, and asking about
 * unsaved changes before either would lose them, or before closing.
 */

#define MAX_RECENT 6


/* ---------------------------------------------------------------------- */
/* Recent workflows                                                       */
/* ---------------------------------------------------------------------- */

static void
remember_file (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *) "application/json",
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "kumo %u",
  };

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a;
  GtkRecentInfo *ib = *(GtkRecentInfo **) b;
  return g_date_time_compare (gtk_recent_info_get_modified (ib), gtk_recent_info_get_modified (ia));
}

static void
update_recent (KumoWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, g_get_application_name ()) &&
          gtk_recent_info_is_local (info) && gtk_recent_info_exists (info))
        g_ptr_array_add (mine, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (mine, compare_recent);

  g_menu_remove_all (self->recent_menu);
  for (guint i = 0; i < self->recent_rows->len; i++)
    adw_preferences_group_remove (self->recent_group, g_ptr_array_index (self->recent_rows, i));
  g_ptr_array_set_size (self->recent_rows, 0);

  for (guint i = 0; i < MIN (mine->len, MAX_RECENT); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (mine, i);
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GFile) file = g_file_new_for_uri (uri);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *label = g_strdup (gtk_recent_info_get_display_name (info));
      g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
      GtkWidget *row;

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_menu, item);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
      adw_preferences_group_add (self->recent_group, row);
      g_ptr_array_add (self->recent_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->recent_group), self->recent_rows->len > 0);
}

/* ---------------------------------------------------------------------- */
/* Unsaved changes                                                        */
/* ---------------------------------------------------------------------- */

typedef struct
{
  ContinueFunc   func;
  gpointer       data;
  GDestroyNotify destroy;
} Continuation;

static void
continuation_free (Continuation *c)
{
  if (c->destroy != NULL)
    c->destroy (c->data);
  g_free (c);
}

static void save_then (KumoWindow *self, GFile *file, Continuation *next);
static void save_as_then (KumoWindow *self, Continuation *next);

typedef struct
{
  KumoWindow   *self;
  Continuation *next;
  char         *response;
} Response;

/* Runs once the dialog is gone: continuing may close the window the
 * dialog is attached to. */
static gboolean
handle_response_cb (gpointer data)
{
  Response *r = data;
  KumoWindow *self = r->self;

  if (g_str_equal (r->response, "discard"))
    {
      r->next->func (self, r->next->data);
      continuation_free (r->next);
    }
  else if (g_str_equal (r->response, "save") && self->workflow != NULL)
    {
      GFile *file = kumo_workflow_get_file (self->workflow);

      if (file != NULL)
        save_then (self, file, r->next);
      else
        save_as_then (self, r->next);
    }
  else
    {
      continuation_free (r->next);
    }

  g_object_unref (r->self);
  g_free (r->response);
  g_free (r);
  return G_SOURCE_REMOVE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  Response *r = g_new0 (Response, 1);

  r->self = g_object_ref (KUMO_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog))));
  r->next = user_data;
  r->response = g_strdup (response);
  g_idle_add (handle_response_cb, r);
}

/* Runs @func now if nothing would be lost, else after asking to save. */
void
_kumo_window_confirm_discard (KumoWindow     *self,
                              ContinueFunc    func,
                              gpointer        data,
                              GDestroyNotify  destroy)
{
  Continuation *next = g_new0 (Continuation, 1);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  next->func = func;
  next->data = data;
  next->destroy = destroy;

  if (self->workflow == NULL || !kumo_workflow_get_modified (self->workflow))
    {
      func (self, data);
      continuation_free (next);
      return;
    }

  name = kumo_workflow_dup_display_name (self->workflow);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes which are not saved will be lost."),
                                  name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), next);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Opening                                                                */
/* ---------------------------------------------------------------------- */

static void
show_loaded (KumoWindow   *self,
             KumoWorkflow *workflow)
{
  /* A picture's workflow has no file of its own: nothing to list. */
  if (kumo_workflow_get_file (workflow) != NULL)
    remember_file (kumo_workflow_get_file (workflow));
  _kumo_window_set_workflow (self, workflow);
}

static void
not_loaded (KumoWindow *self,
            const char *message)
{
  /* Whatever was open stays open. */
  gtk_stack_set_visible_child_name (self->stack, self->workflow ? "editor" : "empty");
  kumo_window_show_error (self, message);
}

static void
find_in_journal_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  KumoJournal *journal = g_object_get_data (G_OBJECT (task), "kumo-journal");
  KumoJournalEntry *entry = kumo_journal_find_file (journal, task_data, NULL);

  g_task_return_pointer (task, entry, (GDestroyNotify) kumo_journal_entry_free);
}

static void
found_in_journal_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KumoWindow) self = user_data;
  g_autoptr(KumoJournalEntry) entry = g_task_propagate_pointer (G_TASK (result), NULL);
  const char *message = g_object_get_data (G_OBJECT (result), "kumo-message");
  g_autofree char *name = g_path_get_basename (g_task_get_task_data (G_TASK (result)));
  g_autoptr(KumoWorkflow) workflow = NULL;

  if (g_task_had_error (G_TASK (result)) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  _kumo_window_set_busy (self, FALSE);
  gtk_spinner_stop (self->spinner);
  if (entry != NULL)
    workflow = kumo_workflow_new_from_bytes (entry->workflow, name, NULL);
  if (workflow != NULL)
    show_loaded (self, workflow);
  else
    not_loaded (self, message);
}

static void load_file_now (KumoWindow *self, gpointer data);

/* An editor file opened while the catalog is on its way (read from the
 * cache at start, fetched after connecting) is converted once it comes. */
typedef struct
{
  GWeakRef     self;     /* the window may close meanwhile */
  KumoSession *session;
  GFile       *file;
  char        *message;
  guint        check;
} CatalogWait;

static void
catalog_wait_free (CatalogWait *wait)
{
  g_signal_handlers_disconnect_by_data (wait->session, wait);
  g_clear_handle_id (&wait->check, g_source_remove);
  g_object_unref (wait->session);
  g_weak_ref_clear (&wait->self);
  g_object_unref (wait->file);
  g_free (wait->message);
  g_free (wait);
}

static gboolean refuse_conversion_message (KumoWindow *self, const char *heading, const char *message);

/* Decided once the session has settled: connecting ends a moment before
 * the application asks for the catalog, so "not loading" is only
 * believed after everything else the main loop had to do. */
static gboolean
catalog_check_cb (gpointer data)
{
  CatalogWait *wait = data;
  g_autoptr(KumoWindow) self = g_weak_ref_get (&wait->self);
  /* Freeing the wait below may drop the session's last reference. */
  g_autoptr(KumoSession) session = g_object_ref (wait->session);
  g_autoptr(GFile) file = NULL;
  g_autofree char *message = NULL;

  wait->check = 0;
  if (self == NULL || (kumo_session_get_catalog (session) == NULL && kumo_session_get_loading (session)))
    return G_SOURCE_REMOVE;

  /* Done waiting: the window lets go of the wait (which frees it). */
  file = g_object_ref (wait->file);
  message = g_strdup (wait->message);
  g_object_set_data (G_OBJECT (self), "kumo-catalog-wait", NULL);

  _kumo_window_set_busy (self, FALSE);
  gtk_spinner_stop (self->spinner);

  if (kumo_session_get_catalog (session) != NULL)
    load_file_now (self, file);
  else
    refuse_conversion_message (self, _("Server Needed to Convert"), message);

  return G_SOURCE_REMOVE;
}

static void
catalog_changed_cb (KumoSession *session,
                    GParamSpec  *pspec,
                    CatalogWait *wait)
{
  if (wait->check == 0)
    wait->check = g_idle_add_full (G_PRIORITY_LOW, catalog_check_cb, wait, NULL);
}

static gboolean
wait_for_catalog (KumoWindow   *self,
                  GFile        *file,
                  const GError *error)
{
  CatalogWait *wait;

  if (!g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT) || file == NULL ||
      self->session == NULL || kumo_session_get_catalog (self->session) != NULL ||
      !kumo_session_get_loading (self->session))
    return FALSE;

  wait = g_new0 (CatalogWait, 1);
  g_weak_ref_init (&wait->self, self);
  wait->session = g_object_ref (self->session);
  wait->file = g_object_ref (file);
  wait->message = g_strdup (error->message);

  /* The window shows it is still opening the file meanwhile. */
  _kumo_window_set_busy (self, TRUE);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_signal_connect (self->session, "notify::catalog", G_CALLBACK (catalog_changed_cb), wait);
  g_signal_connect (self->session, "notify::loading", G_CALLBACK (catalog_changed_cb), wait);
  /* The window holds the wait: closing it, or opening another file,
   * ends the wait. */
  g_object_set_data_full (G_OBJECT (self), "kumo-catalog-wait", wait, (GDestroyNotify) catalog_wait_free);
  return TRUE;
}

/* Why an editor-format workflow did not convert takes more than a toast
 * can show: the classes the server lacks are the point of the message. */
static gboolean
refuse_conversion (KumoWindow   *self,
                   const GError *error)
{
  const char *heading;

  if (g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_MISSING_CLASSES))
    heading = _("Nodes Missing on This Server");
  else if (g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_CANNOT_CONVERT))
    heading = _("Cannot Convert Workflow");
  else if (g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_UI_FORMAT))
    heading = _("Server Needed to Convert");
  else
    return FALSE;

  return refuse_conversion_message (self, heading, error->message);
}

static gboolean
refuse_conversion_message (KumoWindow *self,
                           const char *heading,
                           const char *message)
{
  AdwMessageDialog *dialog;

  gtk_stack_set_visible_child_name (self->stack, self->workflow ? "editor" : "empty");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(KumoWindow) self = user_data;
  g_autoptr(KumoWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;

  workflow = kumo_workflow_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_spinner_stop (self->spinner);
  _kumo_window_set_busy (self, FALSE);

  if (workflow == NULL)
    {
      GFile *file = g_object_get_data (G_OBJECT (self), "kumo-loading-file");
      KumoJournal *journal = self->session ? kumo_session_get_journal (self->session) : NULL;

      /* An output Kumo saved carries no workflow where the server wrote
       * none (SaveImageWebsocket, some cloud outputs): the journal has
       * the exact one its job sent. */
      if (g_error_matches (error, KUMO_WORKFLOW_ERROR, KUMO_WORKFLOW_ERROR_NOT_TEXT) && journal != NULL &&
          file != NULL && g_file_peek_path (file) != NULL)
        {
          g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, found_in_journal_cb, g_object_ref (self));

          _kumo_window_set_busy (self, TRUE);
          gtk_spinner_start (self->spinner);
          g_object_set_data_full (G_OBJECT (task), "kumo-journal", g_object_ref (journal), g_object_unref);
          g_object_set_data_full (G_OBJECT (task), "kumo-message", g_strdup (error->message), g_free);
          g_task_set_task_data (task, g_strdup (g_file_peek_path (file)), g_free);
          g_task_run_in_thread (task, find_in_journal_thread);
          return;
        }

      if (!wait_for_catalog (self, file, error) && !refuse_conversion (self, error))
        not_loaded (self, error->message);
      return;
    }

  show_loaded (self, workflow);
}

static void
load_file_now (KumoWindow *self,
               gpointer    data)
{
  GFile *file = data;

  g_object_set_data (G_OBJECT (self), "kumo-catalog-wait", NULL);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  _kumo_window_set_busy (self, TRUE);
  _kumo_window_update_actions (self);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  g_object_set_data_full (G_OBJECT (self), "kumo-loading-file", g_object_ref (file), g_object_unref);
  kumo_workflow_load_async (file, self->session ? kumo_session_get_catalog (self->session) : NULL,
                            self->cancellable, load_cb, g_object_ref (self));
}

/**
 * kumo_window_open_file:
 *
 * Opens @file in this window, after asking about unsaved changes. The file
 * is read and parsed in a worker thread.
 */
void
kumo_window_open_file (KumoWindow *self,
                       GFile      *file)
{
  g_return_if_fail (KUMO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _kumo_window_confirm_discard (self, load_file_now, g_object_ref (file), g_object_unref);
}

static GtkFileFilter *
json_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workflows"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

/* What Open lists: workflow files, and pictures that carry one. */
static GtkFileFilter *
open_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workflows, and Pictures and Videos with Workflows"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_mime_type (filter, "video/mp4");
  gtk_file_filter_add_mime_type (filter, "video/webm");
  return filter;
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(KumoWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      kumo_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = open_filter ();
  GtkFileFilter *all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Workflow"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  g_object_unref (all);

  g_signal_connect (native, "response", G_CALLBACK (open_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  kumo_window_open_file (KUMO_WINDOW (widget), file);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  KumoWindow *self = user_data;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  /* One workflow per window: the first file. */
  kumo_window_open_file (self, files->data);
  g_slist_free (files);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Saving                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct
{
  KumoWindow   *self;
  GFile        *file;
  Continuation *next;
} SaveData;

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SaveData *data = user_data;
  KumoWindow *self = data->self;
  g_autoptr(GError) error = NULL;

  _kumo_window_set_busy (self, FALSE);
  _kumo_window_update_actions (self);

  if (!kumo_workflow_save_finish (KUMO_WORKFLOW (object), result, &error))
    {
      g_autofree char *name = g_file_get_parse_name (data->file);
      g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      /* The document stays open and marked as changed: nothing is lost. */
      kumo_window_show_error (self, message);
      g_clear_pointer (&data->next, continuation_free);
    }
  else
    {
      remember_file (data->file);
      if (data->next != NULL)
        data->next->func (self, data->next->data);
    }

  g_clear_pointer (&data->next, continuation_free);
  g_object_unref (data->file);
  g_object_unref (data->self);
  g_free (data);
}

static void
save_then (KumoWindow   *self,
           GFile        *file,
           Continuation *next)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->self = g_object_ref (self);
  data->file = g_object_ref (file);
  data->next = next;

  _kumo_window_set_busy (self, TRUE);
  _kumo_window_update_actions (self);
  kumo_workflow_save_async (self->workflow, file, NULL, save_cb, data);
}

typedef struct
{
  KumoWindow   *self;
  Continuation *next;
} SaveAsData;

static void
save_as_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  SaveAsData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT && data->self->workflow != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      save_then (data->self, file, data->next);
    }
  else if (data->next != NULL)
    {
      continuation_free (data->next);
    }

  g_object_unref (data->self);
  g_free (data);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
save_as_then (KumoWindow   *self,
              Continuation *next)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = json_filter ();
  g_autofree char *name = kumo_workflow_dup_suggested_name (self->workflow);
  GFile *current = kumo_workflow_get_file (self->workflow);
  SaveAsData *data = g_new0 (SaveAsData, 1);

  native = gtk_file_chooser_native_new (_("Save Workflow As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (current != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (native), current, NULL);
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);

  data->self = g_object_ref (self);
  data->next = next;
  g_signal_connect (native, "response", G_CALLBACK (save_as_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
saved_toast (KumoWindow *self,
             gpointer    data)
{
  kumo_window_show_toast (self, _("Workflow saved"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);
  Continuation *next = g_new0 (Continuation, 1);
  GFile *file;

  if (self->workflow == NULL || self->busy)
    {
      g_free (next);
      return;
    }

  next->func = saved_toast;
  file = kumo_workflow_get_file (self->workflow);

  if (file != NULL)
    save_then (self, file, next);
  else
    save_as_then (self, next);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);
  Continuation *next = g_new0 (Continuation, 1);

  if (self->workflow == NULL || self->busy)
    {
      g_free (next);
      return;
    }

  next->func = saved_toast;
  save_as_then (self, next);
}

/* ---------------------------------------------------------------------- */
/* Closing                                                                */
/* ---------------------------------------------------------------------- */

static void
close_now (KumoWindow *self,
           gpointer    data)
{
  self->closing_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

/* Returns TRUE when closing waits for the user's answer about unsaved
 * changes. */
gboolean
_kumo_window_close_request (KumoWindow *self)
{
  if (self->closing_confirmed || self->workflow == NULL || !kumo_workflow_get_modified (self->workflow))
    return FALSE;

  _kumo_window_confirm_discard (self, close_now, NULL, NULL);
  return TRUE;
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

void
_kumo_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.close", NULL, close_action);

  /* Work without an application too (tests), where no accels are set. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "win.close", NULL);
}

static void
drag_entered_cb (KumoWindow *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "kumo-dragging");
}

static void
drag_left_cb (KumoWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "kumo-dragging");
}

void
_kumo_window_init_actions (KumoWindow *self)
{
  GtkDropTarget *drop;
  GtkEventController *motion;

  self->recent_menu = g_menu_new ();
  self->recent_rows = g_ptr_array_new ();
  adw_split_button_set_menu_model (self->open_button, G_MENU_MODEL (self->recent_menu));
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* While something is dragged over the window, the fields that take
   * files show they do (style.css: .kumo-dragging). */
  motion = gtk_drop_controller_motion_new ();
  g_signal_connect_object (motion, "enter", G_CALLBACK (drag_entered_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (motion, "leave", G_CALLBACK (drag_left_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

void
_kumo_window_dispose_actions (KumoWindow *self)
{
  g_signal_handlers_disconnect_by_data (gtk_recent_manager_get_default (), self);
  g_clear_object (&self->recent_menu);
  g_clear_pointer (&self->recent_rows, g_ptr_array_unref);
}
