/* kumo-media-editor.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-media-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kumo-choice-editor.h"
#include "kumo-media-editor.h"
#include "kumo-journal.h"
#include "kumo-output.h"
#include "kumo-remote-picture.h"
#include "kumo-thumbnailer.h"
#include "kumo-window.h"

/*
 * An input the server takes an upload for (LoadImage's image, a video,
 * a sound): the server's own files stay in a drop-down, and a new one
 * comes in by being dropped on the field, pasted (Ctrl+V) or chosen
 * (Choose…). It is checked here first — the right kind of file, whole
 * and readable — then uploaded through the window's session with its
 * progress shown, and the name the server gives it is set on the input.
 * A failure leaves the input as it was and says why under it.
 *
 * A picture dragged from a web browser comes as its address: it is
 * fetched first (KumoRemotePicture).
 *
 * A drop on the field belongs to the field: its drop target is deeper
 * than the window's (which opens workflow files), so GTK gives it the
 * drop.
 */
struct _KumoMediaEditor
{
  KumoFieldEditor  parent_instance;

  GtkWidget       *choices;     /* a KumoChoiceEditor of the same field */
  GtkPicture      *thumbnail;
  GtkImage        *icon;
  GtkWidget       *choose_button;
  GtkProgressBar  *progress;
  GtkLabel        *message;
  GCancellable    *cancellable;
  GFile           *local;       /* the file last uploaded from here */
  gboolean         setting;     /* the name of an upload is being set */
  gboolean         transparent; /* the picture being sent has transparent pixels */
  char            *mask_of;     /* the server file a mask being sent is for */
  gboolean         sending_mask;
  GtkWidget       *mask_button;
  GQueue           batch;       /* GFile: sent and run one after another */
  gboolean         batching;    /* a run follows each file set */
  guint            batch_wait;  /* polls for the last run to have started */
  guint            batch_jobs;  /* the window's own jobs when it was asked */
  guint            batch_polls;
};

G_DEFINE_FINAL_TYPE (KumoMediaEditor, kumo_media_editor, KUMO_TYPE_FIELD_EDITOR)

static void stop_batch (KumoMediaEditor *self);
static void batch_step (KumoMediaEditor *self);

/* How big a picture Kumo checks by decoding it whole before it is sent. */
#define MAX_CHECKED_BYTES (64 * 1024 * 1024)

/* The MIME type prefix of what the input takes. */
static const char *
wanted_type (KumoMediaEditor *self)
{
  KumoFieldKind kind = kumo_field_get_kind (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));

  if (kind == KUMO_FIELD_VIDEO)
    return "video/";
  if (kind == KUMO_FIELD_AUDIO)
    return "audio/";
  return "image/";
}

/* A note (not an error) under the field, such as what the mask is. */
static void
show_note (KumoMediaEditor *self,
           const char      *note)
{
  gtk_label_set_label (self->message, note ? note : "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->message), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->message), note != NULL);
}

static void
show_message (KumoMediaEditor *self,
              const char      *message)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->message), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");
  gtk_label_set_label (self->message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message ? message : "", -1);
}

static void
set_busy (KumoMediaEditor *self,
          gboolean         busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_sensitive (self->choose_button, !busy);
  gtk_widget_set_sensitive (self->choices, !busy);
}

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  g_autoptr(GdkTexture) texture = kumo_thumbnailer_load_finish (KUMO_THUMBNAILER (object), result, NULL);

  gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), texture == NULL);
}

static KumoSession *
window_session (KumoMediaEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return KUMO_IS_WINDOW (root) ? kumo_window_get_session (KUMO_WINDOW (root)) : NULL;
}

/* The slot of the node's MASK output (LoadImage's second), or -1. */
static int
mask_slot (KumoMediaEditor *self)
{
  KumoSession *session = window_session (self);
  KumoNodeCatalog *catalog = session ? kumo_session_get_catalog (session) : NULL;
  KumoNode *node = kumo_field_get_node (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));
  const KumoNodeDef *def = catalog ? kumo_node_catalog_lookup (catalog, kumo_node_get_class_type (node)) : NULL;

  for (guint i = 0; def != NULL && def->output_types != NULL && def->output_types[i] != NULL; i++)
    if (g_str_equal (def->output_types[i], "MASK"))
      return (int) i;
  return -1;
}

/* Whether a node of the workflow takes this node's mask: then the
 * picture's transparency matters (PROTOCOL.md §4.4: transparent pixels
 * are the masked ones, and a picture without alpha masks nothing). */
static gboolean
mask_used (KumoMediaEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  KumoWorkflow *workflow = KUMO_IS_WINDOW (root) ? kumo_window_get_workflow (KUMO_WINDOW (root)) : NULL;
  const char *id = kumo_node_get_id (kumo_field_get_node (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self))));
  int slot = mask_slot (self);
  KumoJson *nodes;

  if (workflow == NULL || slot < 0 || !(nodes = kumo_workflow_get_json (workflow)))
    return FALSE;

  for (guint i = 0; i < kumo_json_object_get_size (nodes); i++)
    {
      KumoJson *inputs = kumo_json_object_get_typed (kumo_json_object_get_value (nodes, i), "inputs",
                                                     KUMO_JSON_OBJECT);

      for (guint j = 0; inputs != NULL && j < kumo_json_object_get_size (inputs); j++)
        {
          const char *source;
          gint64 output;

          if (kumo_json_is_link (kumo_json_object_get_value (inputs, j), &source, &output) &&
              g_str_equal (source, id) && output == slot)
            return TRUE;
        }
    }
  return FALSE;
}

static void
show_thumbnail_of (KumoMediaEditor *self,
                   GFile           *file)
{
  g_autofree char *name = g_file_get_basename (file);
  /* TRANSLATORS: what a screen reader says of the field's picture */
  g_autofree char *label = g_strdup_printf (_("Picture of %s"), name);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnail), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  kumo_thumbnailer_load_async (kumo_thumbnailer_get_default (), file,
                               48 * gtk_widget_get_scale_factor (GTK_WIDGET (self)), self->cancellable,
                               thumbnail_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* The server's file, seen                                                */
/* ---------------------------------------------------------------------- */

static void
fetched_input_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  GFile *cached = g_object_get_data (G_OBJECT (self), "kumo-server-file");

  if (kumo_client_download_finish (KUMO_CLIENT (object), result, NULL) && self->local == NULL && cached != NULL)
    show_thumbnail_of (self, cached);
}

/* A picture already on the server is shown too: fetched once through
 * /view?type=input into Kumo's cache (per server), never blocking. */
static void
show_server_file (KumoMediaEditor *self,
                  const char      *name)
{
  KumoSession *session = window_session (self);
  KumoClient *client = session ? kumo_session_get_client (session) : NULL;
  g_autofree char *server = NULL;
  g_autofree char *safe = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) cached = NULL;
  g_autoptr(GTask) fetch = NULL;
  KumoOutputFile input = { 0 };

  if (client == NULL || name == NULL || *name == '\0' || !g_str_equal (wanted_type (self), "image/"))
    return;

  server = g_compute_checksum_for_string (G_CHECKSUM_SHA1, kumo_client_get_base_url (client), -1);
  safe = kumo_sanitize_filename (name);
  path = g_build_filename (g_get_user_cache_dir (), "kumo", "inputs", server, safe, NULL);
  cached = g_file_new_for_path (path);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      show_thumbnail_of (self, cached);
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "kumo-server-file", g_object_ref (cached), g_object_unref);
  input.filename = (char *) name;
  input.subfolder = (char *) "";
  input.type = (char *) "input";
  input.kind = KUMO_OUTPUT_IMAGE;
  kumo_client_download_async (client, &input, cached, self->cancellable, fetched_input_cb, g_object_ref (self));
}

typedef struct
{
  KumoJournal *journal;
  char        *server;
  char        *name;
} UploadQuery;

static void
upload_query_free (UploadQuery *query)
{
  g_clear_object (&query->journal);
  g_free (query->server);
  g_free (query->name);
  g_free (query);
}

static void
find_upload_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  UploadQuery *query = task_data;
  g_autofree char *path = kumo_journal_find_upload (query->journal, query->server, query->name);

  /* Moved or deleted since: the server's copy is shown instead. */
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_task_return_pointer (task, g_file_new_for_path (path), g_object_unref);
  else
    g_task_return_pointer (task, NULL, NULL);
}

static void
found_upload_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) local = g_task_propagate_pointer (G_TASK (result), &error);
  UploadQuery *query = g_task_get_task_data (G_TASK (result));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (local != NULL)
    {
      g_autofree char *shown = g_file_get_parse_name (local);
      g_autofree char *tooltip = g_strdup_printf (_("Sent from %s"), shown);

      g_set_object (&self->local, local);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->thumbnail), tooltip);
      show_thumbnail_of (self, local);
    }
  else
    show_server_file (self, query->name);
}

/* The file the input names: the local one it was sent from, if Kumo
 * sent it (the journal keeps which), else the server's copy. */
static void
show_input (KumoMediaEditor *self,
            const char      *name)
{
  KumoSession *session = window_session (self);
  KumoClient *client = session ? kumo_session_get_client (session) : NULL;
  KumoJournal *journal = session ? kumo_session_get_journal (session) : NULL;
  g_autoptr(GTask) task = NULL;
  UploadQuery *query;

  if (name == NULL || *name == '\0' || !g_str_equal (wanted_type (self), "image/"))
    return;
  if (client == NULL || journal == NULL)
    {
      show_server_file (self, name);
      return;
    }

  query = g_new0 (UploadQuery, 1);
  query->journal = g_object_ref (journal);
  query->server = g_strdup (kumo_client_get_base_url (client));
  query->name = g_strdup (name);
  task = g_task_new (NULL, self->cancellable, found_upload_cb, g_object_ref (self));
  g_task_set_task_data (task, query, (GDestroyNotify) upload_query_free);
  g_task_run_in_thread (task, find_upload_thread);
}

static void
picked_cb (KumoMediaEditor *self)
{
  KumoJson *value;

  if (self->setting)
    return;

  value = kumo_field_get_value (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));
  gtk_widget_set_visible (self->mask_button, g_str_equal (wanted_type (self), "image/") && mask_used (self));

  /* Another of the server's files: what was sent from here is not it. */
  g_clear_object (&self->local);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), FALSE);
  show_input (self, value && kumo_json_get_type (value) == KUMO_JSON_STRING ? kumo_json_get_string (value) : NULL);
}

/* ---------------------------------------------------------------------- */
/* Uploading                                                              */
/* ---------------------------------------------------------------------- */

static void
progress_cb (goffset  done,
             goffset  total,
             gpointer user_data)
{
  KumoMediaEditor *self = user_data;

  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress, (double) done / total);
}

static void
uploaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  g_autoptr(GFile) file = g_object_steal_data (G_OBJECT (result), "kumo-file");
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  KumoField *field = kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self));
  const KumoInputSpec *spec = kumo_field_get_spec (field);
  KumoSession *session = window_session (self);
  KumoNodeCatalog *catalog = session ? kumo_session_get_catalog (session) : NULL;

  name = kumo_client_upload_finish (KUMO_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (name == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not upload it: %s"), error->message);

      stop_batch (self);
      show_message (self, message);
      return;
    }

  /* A mask is not the picture: the picture it went with stays shown. */
  if (!self->sending_mask)
    g_set_object (&self->local, g_object_get_data (G_OBJECT (self), "kumo-uploading"));
  show_message (self, NULL);

  /* One of the server's input files now, for Kumo's checks too; and
   * the journal keeps where it came from, for when a workflow naming
   * it (a job's, opened again) is shown. */
  if (spec != NULL && catalog != NULL)
    kumo_node_catalog_add_input_file (catalog, spec->upload, name);
  if (!self->sending_mask && session != NULL && kumo_session_get_journal (session) != NULL &&
      self->local != NULL && g_file_peek_path (self->local) != NULL)
    kumo_journal_add_upload (kumo_session_get_journal (session),
                             kumo_client_get_base_url (KUMO_CLIENT (object)), name,
                             g_file_peek_path (self->local));
  /* The server's name for it (on the cloud, a hash of its content). */
  self->setting = TRUE;
  kumo_field_editor_commit (KUMO_FIELD_EDITOR (self), kumo_json_new_string (name));
  kumo_field_editor_sync (KUMO_FIELD_EDITOR (self->choices));
  self->setting = FALSE;

  if (mask_used (self))
    show_note (self, self->transparent
                     ? _("Its transparent parts are the mask: they are what gets repainted.")
                     : _("This picture has no transparent parts, so the mask is empty. Add a mask, or send a "
                         "picture whose parts to repaint are transparent."));

  if (self->local != NULL && g_str_equal (wanted_type (self), "image/"))
    show_thumbnail_of (self, self->local);

  batch_step (self);
}

static void
upload (KumoMediaEditor *self,
        GFile           *file)
{
  KumoSession *session = window_session (self);
  KumoClient *client = session ? kumo_session_get_client (session) : NULL;

  if (client == NULL)
    {
      set_busy (self, FALSE);
      show_message (self, _("Connect to a server first: the file is sent to the server the workflow runs on."));
      return;
    }

  g_object_set_data_full (G_OBJECT (self), "kumo-uploading", g_object_ref (file), g_object_unref);
  if (self->mask_of != NULL)
    {
      /* The server puts the mask's alpha into its copy of the picture
       * and names the result: that name goes on the input. */
      KumoOutputFile original = { .filename = self->mask_of, .subfolder = (char *) "", .type = (char *) "input",
                                  .kind = KUMO_OUTPUT_IMAGE };

      self->sending_mask = TRUE;
      kumo_client_upload_mask_async (client, file, &original, progress_cb, self, self->cancellable, uploaded_cb,
                                     g_object_ref (self));
      g_clear_pointer (&self->mask_of, g_free);
      return;
    }
  self->sending_mask = FALSE;
  kumo_client_upload_async (client, file, progress_cb, self, self->cancellable, uploaded_cb, g_object_ref (self));
}

/* ---------------------------------------------------------------------- */
/* Checking, before anything is sent                                      */
/* ---------------------------------------------------------------------- */

static gboolean
has_transparency (GdkPixbuf *pixbuf)
{
  const guchar *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return FALSE;
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      if (pixels[y * stride + x * 4 + 3] < 255)
        return TRUE;
  return FALSE;
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GFile *file = task_data;
  const char *wanted = g_object_get_data (G_OBJECT (task), "kumo-wanted");
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  const char *type;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_ACCESS_CAN_READ, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL || !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("“%s” cannot be read. Check that it is there and that you may open it."),
                               display);
      return;
    }

  type = g_file_info_get_content_type (info);
  mime = type ? g_content_type_get_mime_type (type) : NULL;
  if (mime == NULL || !g_str_has_prefix (mime, wanted))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               g_str_equal (wanted, "video/") ? _("“%s” is not a video.") :
                               g_str_equal (wanted, "audio/") ? _("“%s” is not a sound file.") :
                                                                _("“%s” is not a picture."),
                               display);
      return;
    }

  /* A picture cut short (a download that stopped) would fail on the
   * server, after the upload: decode it here first. */
  if (g_str_equal (wanted, "image/") && g_file_info_get_size (info) <= MAX_CHECKED_BYTES)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL || !(pixbuf = gdk_pixbuf_new_from_file (path, &error)))
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                   _("“%s” is damaged or cut short, and cannot be read as a picture."), display);
          return;
        }
      g_object_set_data (G_OBJECT (task), "kumo-transparent", GINT_TO_POINTER (has_transparency (pixbuf)));
    }

  g_task_return_boolean (task, TRUE);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  GFile *file = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      stop_batch (self);
      show_message (self, error->message);
      return;
    }

  self->transparent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "kumo-transparent"));
  upload (self, file);
}

/* ---------------------------------------------------------------------- */
/* Pictures dragged from a web browser                                    */
/* ---------------------------------------------------------------------- */

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) local = kumo_remote_picture_fetch_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (local == NULL)
    {
      set_busy (self, FALSE);
      stop_batch (self);
      show_message (self, error->message);
      return;
    }

  kumo_media_editor_take_file (self, local);
}

/**
 * kumo_media_editor_take_file:
 * @file: a file dropped, pasted or chosen
 *
 * Checks @file, uploads it and sets the input to the server's name for
 * it; or says why not, leaving the input as it was.
 */
void
kumo_media_editor_take_file (KumoMediaEditor *self,
                             GFile           *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KUMO_IS_MEDIA_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* A file for the input itself (kumo_media_editor_add_mask() sets this
   * again, after). */
  g_clear_pointer (&self->mask_of, g_free);

  show_message (self, NULL);
  set_busy (self, TRUE);

  if (g_file_has_uri_scheme (file, "http") || g_file_has_uri_scheme (file, "https"))
    {
      kumo_remote_picture_fetch_async (file, wanted_type (self), self->cancellable, fetched_cb, g_object_ref (self));
      return;
    }

  task = g_task_new (NULL, self->cancellable, checked_cb, g_object_ref (self));
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "kumo-wanted", (gpointer) wanted_type (self));
  g_task_run_in_thread (task, check_thread);
}

/* ---------------------------------------------------------------------- */
/* Several files: a run for each                                          */
/* ---------------------------------------------------------------------- */

static void
stop_batch (KumoMediaEditor *self)
{
  self->batching = FALSE;
  g_clear_handle_id (&self->batch_wait, g_source_remove);
  g_queue_clear_full (&self->batch, g_object_unref);
}

static guint
own_jobs (KumoMediaEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return KUMO_IS_WINDOW (root) ? kumo_window_get_own_jobs (KUMO_WINDOW (root))->len : 0;
}

/* The run just asked for takes the workflow as it is once it has
 * started: only then may the input change for the next one. */
static gboolean
batch_poll_cb (gpointer data)
{
  KumoMediaEditor *self = data;
  GFile *next;

  if (own_jobs (self) <= self->batch_jobs)
    {
      /* It did not start (refused, say): the window says why. */
      if (++self->batch_polls < 600)
        return G_SOURCE_CONTINUE;
      self->batch_wait = 0;
      stop_batch (self);
      return G_SOURCE_REMOVE;
    }

  self->batch_wait = 0;
  next = g_queue_pop_head (&self->batch);
  if (next != NULL)
    {
      kumo_media_editor_take_file (self, next);
      g_object_unref (next);
    }
  return G_SOURCE_REMOVE;
}

/* After each file of a batch is set: run, then the next file. */
static void
batch_step (KumoMediaEditor *self)
{
  if (!self->batching)
    return;

  self->batch_jobs = own_jobs (self);
  self->batch_polls = 0;
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.run", NULL) || g_queue_is_empty (&self->batch))
    {
      stop_batch (self);
      return;
    }
  self->batch_wait = g_timeout_add (50, batch_poll_cb, self);
}

static void
batch_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   KumoMediaEditor  *self)
{
  GFile *first;

  if (g_str_equal (response, "cancel"))
    {
      stop_batch (self);
      return;
    }
  if (g_str_equal (response, "first"))
    {
      first = g_queue_pop_head (&self->batch);
      stop_batch (self);
      kumo_media_editor_take_file (self, first);
      g_object_unref (first);
      return;
    }

  self->batching = TRUE;
  first = g_queue_pop_head (&self->batch);
  kumo_media_editor_take_file (self, first);
  g_object_unref (first);
}

/**
 * kumo_media_editor_take_files:
 * @files: (element-type GFile): files dropped at once
 *
 * One file is taken as any; for several, the person is asked whether to
 * run the workflow once for each (each file sent and set, then a run)
 * or to use the first.
 */
void
kumo_media_editor_take_files (KumoMediaEditor *self,
                              GSList          *files)
{
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;
  guint n = g_slist_length (files);

  g_return_if_fail (KUMO_IS_MEDIA_EDITOR (self));

  if (n == 0)
    return;
  if (n == 1)
    {
      kumo_media_editor_take_file (self, files->data);
      return;
    }

  stop_batch (self);
  for (GSList *l = files; l != NULL; l = l->next)
    g_queue_push_tail (&self->batch, g_object_ref (l->data));

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Run Once for Each of the %u Files?",
                                          "Run Once for Each of the %u Files?", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading,
                                                       _("Kumo can send each file and run the workflow with it, "
                                                         "one job each, or use only the first.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "first", _("Use the _First"),
                                    "batch", _("_Run for Each"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "batch", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "batch");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (batch_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---------------------------------------------------------------------- */
/* Dropped, pasted, chosen                                                */
/* ---------------------------------------------------------------------- */

/* Picture data (from a browser, or a screenshot tool) becomes a file
 * of Kumo's own to send: the server takes files. */
static GFile *
save_texture (GdkTexture  *texture,
              GError     **error)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "kumo", "pasted", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("pasted-%s-%u.png", stamp, g_random_int_range (0, 10000));
  g_autofree char *path = g_build_filename (folder, name, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0 || !gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not keep the pasted picture to send it."));
      return NULL;
    }

  return g_file_new_for_path (path);
}

static void
save_texture_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GError *error = NULL;
  GFile *saved = save_texture (task_data, &error);

  if (saved == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, saved, g_object_unref);
}

static void
texture_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) saved = g_task_propagate_pointer (G_TASK (result), &error);

  if (saved != NULL)
    kumo_media_editor_take_file (self, saved);
  else
    show_message (self, error->message);
}

static void
take_value (KumoMediaEditor *self,
            const GValue    *value)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      kumo_media_editor_take_files (self, files);
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    kumo_media_editor_take_file (self, g_value_get_object (value));
  else if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      /* A screenshot's PNG takes a while to encode: not on the main loop. */
      g_autoptr(GTask) task = g_task_new (NULL, NULL, texture_saved_cb, g_object_ref (self));

      g_task_set_task_data (task, g_object_ref (g_value_get_object (value)), g_object_unref);
      g_task_run_in_thread (task, save_texture_thread);
    }
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         KumoMediaEditor *self)
{
  take_value (self, value);
  return TRUE;
}

static void
pasted_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(KumoMediaEditor) self = user_data;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);

  if (value != NULL)
    take_value (self, value);
  else
    show_message (self, _("There is no picture or file to paste."));
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);
  GType type = gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST) ? GDK_TYPE_FILE_LIST : GDK_TYPE_TEXTURE;

  gdk_clipboard_read_value_async (clipboard, type, G_PRIORITY_DEFAULT, NULL, pasted_cb, g_object_ref (widget));
}

static void
chosen_cb (GtkNativeDialog *dialog,
           int              response,
           KumoMediaEditor *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    kumo_media_editor_take_file (self, file);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/* A file chooser (the portal's, where there is one) for @mime files. */
static void
open_chooser (KumoMediaEditor *self,
              const char      *title,
              const char      *mime,
              const char      *filter_name,
              GCallback        response_cb)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_add_mime_type (filter, mime);
  gtk_file_filter_set_name (filter, filter_name);
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Send"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", response_cb, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * kumo_media_editor_add_mask:
 * @mask: a picture whose transparent parts mark what to repaint
 *
 * Sends @mask for the picture the input holds; the server's masked
 * copy of the picture becomes the input.
 */
void
kumo_media_editor_add_mask (KumoMediaEditor *self,
                            GFile           *mask)
{
  KumoJson *value;

  g_return_if_fail (KUMO_IS_MEDIA_EDITOR (self));

  value = kumo_field_get_value (kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self)));
  if (value == NULL || kumo_json_get_type (value) != KUMO_JSON_STRING)
    {
      show_message (self, _("Choose or send the picture first: a mask goes with a picture."));
      return;
    }

  kumo_media_editor_take_file (self, mask);
  g_free (self->mask_of);
  self->mask_of = g_strdup (kumo_json_get_string (value));
}

static void
mask_chosen_cb (GtkNativeDialog *dialog,
                int              response,
                KumoMediaEditor *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    kumo_media_editor_add_mask (self, file);

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
mask_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  open_chooser (KUMO_MEDIA_EDITOR (widget), _("Choose a Mask"), "image/*", _("Pictures"),
                G_CALLBACK (mask_chosen_cb));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  KumoMediaEditor *self = KUMO_MEDIA_EDITOR (widget);
  g_autofree char *pattern = g_strconcat (wanted_type (self), "*", NULL);

  open_chooser (self, _("Choose a File to Send"), pattern,
                g_str_equal (wanted_type (self), "video/") ? _("Videos") :
                g_str_equal (wanted_type (self), "audio/") ? _("Sounds") : _("Pictures"),
                G_CALLBACK (chosen_cb));
}

/* ---------------------------------------------------------------------- */

static void
kumo_media_editor_constructed (GObject *object)
{
  KumoMediaEditor *self = KUMO_MEDIA_EDITOR (object);
  KumoField *field;
  GtkWidget *box, *line;
  GtkDropTarget *drop;

  G_OBJECT_CLASS (kumo_media_editor_parent_class)->constructed (object);
  field = kumo_field_editor_get_field (KUMO_FIELD_EDITOR (self));

  /* The server's files: the same drop-down as any choice. */
  self->choices = g_object_new (KUMO_TYPE_CHOICE_EDITOR, "field", field, NULL);
  gtk_widget_set_hexpand (self->choices, TRUE);

  self->thumbnail = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_content_fit (self->thumbnail, GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (GTK_WIDGET (self->thumbnail), 48, 48);
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->thumbnail), "kumo-media-thumbnail");
  gtk_widget_set_overflow (GTK_WIDGET (self->thumbnail), GTK_OVERFLOW_HIDDEN);

  self->icon = GTK_IMAGE (gtk_image_new_from_icon_name (g_str_equal (wanted_type (self), "video/")
                                                        ? "video-x-generic-symbolic"
                                                        : g_str_equal (wanted_type (self), "audio/")
                                                        ? "audio-x-generic-symbolic"
                                                        : "image-x-generic-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (self->icon), "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), FALSE);

  self->choose_button = gtk_button_new_with_mnemonic (_("_Choose…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->choose_button), "media.choose");
  gtk_widget_set_tooltip_text (self->choose_button, _("Send a File from This Computer (or drop one here, or paste with Ctrl+V)"));
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);

  self->mask_button = gtk_button_new_with_mnemonic (_("_Mask…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->mask_button), "media.mask");
  gtk_widget_set_tooltip_text (self->mask_button, _("Send a Mask for This Picture: Its Transparent Parts Are Repainted"));
  gtk_widget_set_valign (self->mask_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->mask_button, FALSE);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->thumbnail));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (line), self->choices);
  gtk_box_append (GTK_BOX (line), self->choose_button);
  gtk_box_append (GTK_BOX (line), self->mask_button);

  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sending the file"), -1);

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "error");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->message));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[3]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE, GDK_TYPE_TEXTURE }, 3);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (kumo_field_editor_get_input (KUMO_FIELD_EDITOR (self->choices)), "notify::selected",
                           G_CALLBACK (picked_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect (self, "realize", G_CALLBACK (picked_cb), NULL);

  kumo_field_editor_set_child (KUMO_FIELD_EDITOR (self), box,
                               kumo_field_editor_get_input (KUMO_FIELD_EDITOR (self->choices)));
}

static void
kumo_media_editor_dispose (GObject *object)
{
  KumoMediaEditor *self = (KumoMediaEditor *)object;

  stop_batch (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->local);
  g_clear_pointer (&self->mask_of, g_free);

  G_OBJECT_CLASS (kumo_media_editor_parent_class)->dispose (object);
}

static void
kumo_media_editor_sync (KumoFieldEditor *editor,
                        KumoJson        *value)
{
  KumoMediaEditor *self = KUMO_MEDIA_EDITOR (editor);

  /* The drop-down shows what the field holds, as any choice does. */
  if (self->choices != NULL)
    kumo_field_editor_sync (KUMO_FIELD_EDITOR (self->choices));
}

static void
kumo_media_editor_class_init (KumoMediaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  KumoFieldEditorClass *editor_class = KUMO_FIELD_EDITOR_CLASS (klass);

  object_class->constructed = kumo_media_editor_constructed;
  object_class->dispose = kumo_media_editor_dispose;
  editor_class->sync = kumo_media_editor_sync;
  editor_class->expands = TRUE;

  gtk_widget_class_install_action (widget_class, "media.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "media.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "media.mask", NULL, mask_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "media.paste", NULL);

  gtk_widget_class_set_css_name (widget_class, "kumo-media-editor");
}

static void
kumo_media_editor_init (KumoMediaEditor *self)
{
}

/* Whether a file is being checked or sent. */
gboolean
kumo_media_editor_get_busy (KumoMediaEditor *self)
{
  g_return_val_if_fail (KUMO_IS_MEDIA_EDITOR (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->progress));
}

/**
 * kumo_media_editor_get_local_file:
 *
 * Returns: (transfer none) (nullable): the file on this computer the
 *   input's server file was sent from, when Kumo knows it
 */
GFile *
kumo_media_editor_get_local_file (KumoMediaEditor *self)
{
  g_return_val_if_fail (KUMO_IS_MEDIA_EDITOR (self), NULL);
  return self->local;
}

/* Whether it shows a picture of the file it holds. */
gboolean
kumo_media_editor_has_thumbnail (KumoMediaEditor *self)
{
  g_return_val_if_fail (KUMO_IS_MEDIA_EDITOR (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->thumbnail)) &&
         gtk_picture_get_paintable (self->thumbnail) != NULL;
}

/* What went wrong with the last file, or %NULL. */
const char *
kumo_media_editor_get_message (KumoMediaEditor *self)
{
  g_return_val_if_fail (KUMO_IS_MEDIA_EDITOR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message)) ? gtk_label_get_label (self->message) : NULL;
}
