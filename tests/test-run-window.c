/* test-run-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "kumo-emulator.h"
#include "kumo-field-row.h"
#include "kumo-gallery-cell.h"
#include "kumo-job-row.h"
#include "kumo-jobs-panel.h"
#include "kumo-preferences-window.h"
#include "kumo-server-status.h"
#include "kumo-snapshot.h"
#include "kumo-test-catalog.h"
#include "kumo-test-gtk-utils.h"
#include "kumo-welcome-page.h"
#include "kumo-window.h"
#include "kumo-workflow-editor.h"

/* The real window, run against kumo-emulator in this process: setting up
 * a server, running, watching, cancelling, a socket lost mid-job, and
 * jobs picked up again after a restart. With KUMO_TEST_SCREENSHOTS=DIR,
 * the moments a designer would look at are saved there as PNGs. */

typedef struct
{
  KumoEmulator *emulator;
  char         *url;
  KumoWindow   *window;
  char         *out;
} Fixture;

static GSettings *
settings (void)
{
  return kumo_application_get_settings (kumo_test_application ());
}

static gboolean
session_connected (gpointer data)
{
  KumoSession *session = kumo_application_get_session (kumo_test_application ());

  return kumo_session_get_state (session) == KUMO_SESSION_CONNECTED && !kumo_session_get_loading (session);
}

static void
start_emulator (Fixture            *f,
                KumoEmulatorFlavor  flavor,
                const char         *key)
{
  g_autoptr(GError) error = NULL;

  f->emulator = kumo_emulator_new (flavor, key, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  kumo_emulator_set_timing (f->emulator, 4, 20, 1);
  g_assert_true (kumo_emulator_listen (f->emulator, 0, &error));
  f->url = kumo_emulator_dup_base_url (f->emulator);
}

/* An app connected to a fresh emulator, writing outputs to a folder of
 * the test's own. */
static void
setup (Fixture            *f,
       KumoEmulatorFlavor  flavor)
{
  KumoApplication *app = kumo_test_application ();
  static guint n;

  start_emulator (f, flavor, flavor == KUMO_EMULATOR_CLOUD ? "sekret" : NULL);
  f->out = g_strdup_printf ("%s/outputs-%u", g_get_user_data_dir (), n++);
  g_settings_set_string (settings (), "output-folder", f->out);
  g_settings_set_boolean (settings (), "server-set-up", TRUE);
  /* A profile names the server, as the header shows it. */
  g_settings_set_value (settings (), "servers", g_variant_new_parsed ("[('Studio ComfyUI', %s)]", f->url));

  if (flavor == KUMO_EMULATOR_CLOUD)
    {
      g_autoptr(KumoSession) session = kumo_session_new (f->url);

      kumo_session_set_flavor (session, KUMO_FLAVOR_CLOUD);
      kumo_session_set_api_key (session, "sekret");
      kumo_application_use_session (app, session);
    }
  else
    kumo_application_connect (app, f->url);

  kumo_test_wait_until (session_connected, NULL);
}

static void
teardown (Fixture *f)
{
  if (f->window != NULL)
    {
      if (kumo_window_get_workflow (f->window) != NULL)
        kumo_workflow_set_modified (kumo_window_get_workflow (f->window), FALSE);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  g_clear_object (&f->emulator);
  g_free (f->url);
  g_free (f->out);
}

static KumoWindow *
open_fixture (const char *name)
{
  g_autofree char *path = kumo_test_fixture_path ("api", name);

  return kumo_test_open_window (kumo_test_application (), path);
}

static GtkWidget *
find_one (GtkWidget *root,
          GType      type)
{
  g_autoptr(GPtrArray) found = kumo_test_find_widgets (root, type);

  g_assert_cmpuint (found->len, >, 0);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = kumo_test_find_widgets (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);

  g_error ("no button %s", label);
}

static GtkStack *
main_stack (KumoWindow *window)
{
  g_autoptr(GPtrArray) stacks = kumo_test_find_widgets (GTK_WIDGET (window), GTK_TYPE_STACK);

  for (guint i = 0; i < stacks->len; i++)
    if (gtk_stack_get_child_by_name (g_ptr_array_index (stacks, i), "welcome") != NULL)
      return g_ptr_array_index (stacks, i);

  g_error ("no main stack");
}

static KumoJob *
last_job (KumoWindow *window)
{
  GPtrArray *jobs = kumo_window_get_own_jobs (window);

  return jobs->len > 0 ? g_ptr_array_index (jobs, jobs->len - 1) : NULL;
}

typedef struct
{
  KumoJob      *job;
  KumoJobState  state;
} StateQuery;

static gboolean
job_in_state (gpointer data)
{
  StateQuery *query = data;

  return kumo_job_get_state (query->job) == query->state;
}

static void
wait_for_state (KumoJob      *job,
                KumoJobState  state)
{
  StateQuery query = { job, state };

  kumo_test_wait_until (job_in_state, &query);
}

static gboolean
job_ended (gpointer job)
{
  return kumo_job_state_is_terminal (kumo_job_get_state (job));
}

typedef struct
{
  KumoWindow *window;
  guint       before;
} JobsQuery;

static gboolean
more_jobs (gpointer data)
{
  JobsQuery *query = data;

  return kumo_window_get_own_jobs (query->window)->len > query->before;
}

static KumoJob *
run_and_wait_for_job (KumoWindow *window)
{
  JobsQuery query = { window, kumo_window_get_own_jobs (window)->len };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL));
  kumo_test_wait_until (more_jobs, &query);
  return last_job (window);
}

/* The row of @job in the jobs panel, once the panel shows it. */
static KumoJobRow *
job_row (KumoWindow *window,
         KumoJob    *job)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GPtrArray) rows = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_JOB_ROW);

      for (guint i = 0; i < rows->len; i++)
        if (kumo_job_row_get_job (g_ptr_array_index (rows, i)) == job)
          return g_ptr_array_index (rows, i);

      kumo_test_wait_ms (20);
    }

  g_error ("no row for the job");
}

static gboolean
says_unreachable (gpointer page)
{
  const char *status = kumo_welcome_page_get_status (page);

  return status != NULL && strstr (status, "reachable from this computer") != NULL;
}

static gboolean
server_set_up (gpointer unused)
{
  return g_settings_get_boolean (settings (), "server-set-up");
}

/* ---------------------------------------------------------------------- */

/* First start: the welcome page sets up a ComfyUI server by its
 * address, checked before it is kept; then the window offers to open a
 * workflow, and the header says where it is connected. */
static void
test_run_window_welcome (void)
{
  Fixture f = { 0 };
  KumoWelcomePage *page;
  g_autoptr(GPtrArray) rows = NULL;
  AdwEntryRow *address = NULL;
  g_autofree char *url = NULL;

  start_emulator (&f, KUMO_EMULATOR_LOCAL, NULL);
  g_settings_reset (settings (), "server-set-up");
  g_settings_reset (settings (), "servers");
  f.window = kumo_window_new (kumo_test_application ());
  {
    int width, height;

    kumo_test_window_size (&width, &height);
    gtk_window_set_default_size (GTK_WINDOW (f.window), width, height);
  }
  gtk_window_present (GTK_WINDOW (f.window));
  kumo_test_settle (GTK_WIDGET (f.window));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack (f.window)), ==, "welcome");
  page = KUMO_WELCOME_PAGE (find_one (GTK_WIDGET (f.window), KUMO_TYPE_WELCOME_PAGE));
  kumo_test_shoot (GTK_WIDGET (f.window), "welcome.png");

  /* Nobody there: said so, and nothing is kept. */
  rows = kumo_test_find_widgets (GTK_WIDGET (page), ADW_TYPE_ENTRY_ROW);
  for (guint i = 0; i < rows->len; i++)
    if (!ADW_IS_PASSWORD_ENTRY_ROW (g_ptr_array_index (rows, i)))
      address = g_ptr_array_index (rows, i);
  g_assert_nonnull (address);
  gtk_editable_set_text (GTK_EDITABLE (address), "127.0.0.1:9");
  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to This _Server"));
  kumo_test_wait_until (says_unreachable, page);
  g_assert_false (g_settings_get_boolean (settings (), "server-set-up"));
  kumo_test_shoot (GTK_WIDGET (f.window), "welcome-unreachable.png");

  /* The emulator's address, as ComfyUI's console prints it. */
  url = g_strdup (f.url + strlen ("http://"));
  gtk_editable_set_text (GTK_EDITABLE (address), url);
  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to This _Server"));
  kumo_test_wait_until (server_set_up, NULL);
  kumo_test_wait_until (session_connected, NULL);

  {
    g_autofree char *active = g_settings_get_string (settings (), "server-url");
    g_autoptr(GVariant) servers = g_settings_get_value (settings (), "servers");
    KumoServerStatus *status = KUMO_SERVER_STATUS (find_one (GTK_WIDGET (f.window), KUMO_TYPE_SERVER_STATUS));

    g_assert_cmpstr (active, ==, f.url);
    g_assert_cmpuint (g_variant_n_children (servers), ==, 2);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack (f.window)), ==, "empty");
    g_assert_nonnull (strstr (kumo_server_status_get_text (status), "Connected"));
  }

  teardown (&f);
}

/* Run SD1.5 on each flavour: progress moves, the running node is marked
 * in the editor, the jobs panel opens with the job, and the output is on
 * disk, a real PNG, in the output folder. */
typedef struct
{
  KumoWindow  *window;
  KumoGallery *gallery;
  const char  *path;
} GalleryQuery;

static gboolean
gallery_has (gpointer data)
{
  GalleryQuery *query = data;

  return kumo_gallery_find (query->gallery, query->path, NULL) != NULL;
}

static gboolean
thumbnail_shown (gpointer data)
{
  GalleryQuery *query = data;
  g_autoptr(GPtrArray) cells = kumo_test_find_widgets (GTK_WIDGET (query->window), KUMO_TYPE_GALLERY_CELL);
  g_autofree char *name = g_path_get_basename (query->path);

  for (guint i = 0; i < cells->len; i++)
    {
      KumoGalleryItem *item = kumo_gallery_cell_get_item (g_ptr_array_index (cells, i));

      if (item != NULL && g_str_equal (kumo_gallery_item_get_name (item), name))
        return kumo_gallery_cell_has_thumbnail (g_ptr_array_index (cells, i));
    }
  return FALSE;
}

static void
test_run_window_runs (void)
{
  const KumoEmulatorFlavor flavors[] = { KUMO_EMULATOR_LOCAL, KUMO_EMULATOR_CLOUD };

  for (guint i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      Fixture f = { 0 };
      g_autoptr(GPtrArray) files = NULL;
      g_autoptr(GBytes) png = NULL;
      g_autofree char *path = NULL;
      g_autofree char *folder = NULL;
      guint progress_seen = 0;
      gboolean node_marked = FALSE;
      KumoJob *job;
      KumoJobRow *row;
      KumoGallery *gallery;
      GalleryQuery gallery_query = { NULL, NULL, NULL };

      setup (&f, flavors[i]);
      kumo_emulator_set_timing (f.emulator, 20, 40, 1);
      f.window = open_fixture ("sd15_txt2img_default.json");
      gallery = kumo_application_get_gallery (kumo_test_application ());
      job = run_and_wait_for_job (f.window);
      g_signal_connect_swapped (job, "notify::progress", G_CALLBACK (g_atomic_int_inc), &progress_seen);

      wait_for_state (job, KUMO_JOB_STATE_RUNNING);
      row = job_row (f.window, job);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
      while (kumo_job_get_value (job) < 5 && !job_ended (job))
        {
          KumoWorkflowEditor *editor = KUMO_WORKFLOW_EDITOR (find_one (GTK_WIDGET (f.window),
                                                                       KUMO_TYPE_WORKFLOW_EDITOR));

          node_marked |= kumo_workflow_editor_get_running_node (editor) != NULL;
          kumo_test_wait_ms (10);
        }
      if (i == 0)
        kumo_test_shoot (GTK_WIDGET (f.window), "running.png");

      kumo_test_wait_until (job_ended, job);
      g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
      g_assert_cmpuint (progress_seen, >, 5);
      g_assert_true (node_marked);

      files = kumo_job_dup_files (job);
      g_assert_cmpuint (files->len, ==, 1);
      folder = g_file_get_path (kumo_job_get_output_folder (job));
      g_assert_cmpstr (folder, ==, f.out);
      path = g_file_get_path (g_ptr_array_index (files, 0));
      png = kumo_test_load_bytes (path);
      g_assert_cmpmem (g_bytes_get_data (png, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
      g_assert_cmpuint (kumo_emulator_get_key_leaks (f.emulator), ==, 0);
      if (i == 0)
        kumo_test_shoot (GTK_WIDGET (f.window), "done.png");

      /* The output arrives in the gallery, with a thumbnail. */
      gallery_query.window = f.window;
      gallery_query.gallery = gallery;
      gallery_query.path = path;
      kumo_test_wait_until (gallery_has, &gallery_query);
      kumo_window_show_view (f.window, "gallery");
      kumo_test_wait_until (thumbnail_shown, &gallery_query);

      /* "Show in Gallery" on the job narrows the gallery to its output. */
      kumo_jobs_panel_job_action (KUMO_JOBS_PANEL (find_one (GTK_WIDGET (f.window), KUMO_TYPE_JOBS_PANEL)),
                                  "show-outputs", job);
      {
        GListModel *shown = kumo_gallery_view_get_shown (kumo_window_get_gallery_view (f.window));
        g_autoptr(KumoGalleryItem) only = NULL;

        g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
        only = g_list_model_get_item (shown, 0);
        g_assert_cmpstr (kumo_gallery_item_get_path (only), ==, path);
        gtk_widget_activate_action (GTK_WIDGET (kumo_window_get_gallery_view (f.window)), "gallery.show-all", NULL);
        g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 1);
      }

      /* The saved picture carries no workflow (the emulator, like
       * SaveImageWebsocket, writes none): opened, it is the exact
       * workflow its job sent, from the journal. */
      if (i == 0)
        {
          KumoWindow *opened = kumo_test_open_window (kumo_test_application (), path);
          g_autoptr(KumoWorkflow) sent = kumo_workflow_new_from_bytes (kumo_job_get_workflow (job), "sent", NULL);
          gint64 opened_seed = 0, sent_seed = 0;

          g_assert_nonnull (kumo_window_get_workflow (opened));
          g_assert_true (kumo_json_get_int64 (kumo_node_get_input (kumo_workflow_get_node (
            kumo_window_get_workflow (opened), "3"), "seed"), &opened_seed));
          g_assert_true (kumo_json_get_int64 (kumo_node_get_input (kumo_workflow_get_node (sent, "3"), "seed"),
                                              &sent_seed));
          g_assert_cmpint (opened_seed, ==, sent_seed);
          g_assert_null (kumo_workflow_get_file (kumo_window_get_workflow (opened)));
          gtk_window_destroy (GTK_WINDOW (opened));
        }

      teardown (&f);
    }
}

static KumoFieldRow *
field_row (KumoWindow *window,
           const char *node_id,
           const char *input)
{
  for (guint attempt = 0; attempt < 200; attempt++)
    {
      g_autoptr(GPtrArray) rows = kumo_test_find_widgets (GTK_WIDGET (window), KUMO_TYPE_FIELD_ROW);

      for (guint i = 0; i < rows->len; i++)
        {
          KumoField *field = kumo_field_row_get_field (g_ptr_array_index (rows, i));

          if (g_str_equal (kumo_node_get_id (kumo_field_get_node (field)), node_id) &&
              g_str_equal (kumo_field_get_name (field), input))
            return g_ptr_array_index (rows, i);
        }
      kumo_test_wait_ms (20);
    }

  g_error ("no row %s.%s", node_id, input);
}

/* A value Kumo knows the server refuses: marked, and nothing is sent.
 * One only the server knows (a model it no longer has, with definitions
 * from before): the server's own words go onto the input, and go away
 * once it is edited. */
static void
test_run_window_rejected (void)
{
  Fixture f = { 0 };
  KumoWorkflow *workflow;
  KumoFieldRow *row;
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL);
  f.window = open_fixture ("sd15_txt2img_default.json");
  workflow = kumo_window_get_workflow (f.window);

  kumo_node_set_input (kumo_workflow_get_node (workflow, "3"), "steps", kumo_json_new_int (0));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.run", NULL));
  kumo_test_wait_ms (300);
  g_assert_cmpuint (kumo_window_get_own_jobs (f.window)->len, ==, 0);
  g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 0);
  row = field_row (f.window, "3", "steps");
  g_assert_true (kumo_field_row_is_invalid (row));
  gtk_test_accessible_assert_state (kumo_field_row_get_editor (row), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  kumo_test_shoot (GTK_WIDGET (f.window), "invalid.png");
  kumo_node_set_input (kumo_workflow_get_node (workflow, "3"), "steps", kumo_json_new_int (4));

  /* Definitions from before the model went: only the server can tell. */
  kumo_session_set_catalog (kumo_application_get_session (kumo_test_application ()),
                            kumo_test_catalog (KUMO_TEST_CATALOG_2025));
  kumo_node_set_input (kumo_workflow_get_node (workflow, "4"), "ckpt_name",
                       kumo_json_new_string ("sd3.5_medium.safetensors"));
  job = run_and_wait_for_job (f.window);
  kumo_test_wait_until (job_ended, job);
  g_assert_cmpint (kumo_job_get_error_kind (job), ==, KUMO_JOB_ERROR_REJECTED);
  row = field_row (f.window, "4", "ckpt_name");
  g_assert_true (kumo_field_row_is_invalid (row));
  g_assert_nonnull (kumo_workflow_get_reported_problem (workflow, "4", "ckpt_name"));
  /* In the server's words. */
  g_assert_true (g_str_has_prefix (kumo_workflow_get_reported_problem (workflow, "4", "ckpt_name")->message,
                                   "Value not in list"));
  kumo_test_shoot (GTK_WIDGET (f.window), "refused.png");

  kumo_node_set_input (kumo_workflow_get_node (workflow, "4"), "ckpt_name",
                       kumo_json_new_string ("dreamshaper_8.safetensors"));
  g_assert_null (kumo_workflow_get_reported_problem (workflow, "4", "ckpt_name"));

  kumo_session_set_catalog (kumo_application_get_session (kumo_test_application ()), NULL);
  teardown (&f);
}

/* Cancel on a running job's row ends it, on the server too. */
static void
test_run_window_cancel (void)
{
  Fixture f = { 0 };
  KumoJobRow *row;
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL);
  kumo_emulator_set_timing (f.emulator, 400, 50, 1);
  f.window = open_fixture ("sd15_txt2img_default.json");
  job = run_and_wait_for_job (f.window);
  wait_for_state (job, KUMO_JOB_STATE_RUNNING);

  row = job_row (f.window, job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "job.cancel", NULL));
  kumo_test_wait_until (job_ended, job);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_CANCELLED);
  g_assert_cmpuint (kumo_job_get_n_files (job), ==, 0);

  /* And it can be run again, the same workflow and seeds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "job.retry", NULL));

  /* Its inputs open as the document: the exact workflow, seeds and all. */
  kumo_workflow_set_modified (kumo_window_get_workflow (f.window), FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "job.open-inputs", NULL));
  {
    g_autoptr(GBytes) opened = kumo_workflow_to_bytes (kumo_window_get_workflow (f.window));

    g_assert_true (g_bytes_equal (opened, kumo_job_get_workflow (job)));
    g_assert_null (kumo_workflow_get_file (kumo_window_get_workflow (f.window)));
  }

  teardown (&f);
}

/* The socket goes away mid-job: the job still ends, with its output. */
static void
test_run_window_socket_dropped (void)
{
  Fixture f = { 0 };
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL);
  kumo_emulator_get_faults (f.emulator)->drop_socket_mid_job = TRUE;
  f.window = open_fixture ("sd15_txt2img_default.json");
  job = run_and_wait_for_job (f.window);
  kumo_test_wait_until (job_ended, job);

  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_SUCCEEDED);
  g_assert_cmpuint (kumo_job_get_n_files (job), ==, 1);

  teardown (&f);
}

static gboolean
app_has_job (gpointer data)
{
  return g_list_model_get_n_items (kumo_application_get_jobs (kumo_test_application ())) > GPOINTER_TO_UINT (data);
}

/* Kumo stops mid-job; at the next start (here: a new session of the
 * same server, as a new process makes) the job is picked up from the
 * journal, listed in the jobs panel, and its output brought home. */
static void
test_run_window_reattach (void)
{
  Fixture f = { 0 };
  GListModel *jobs = kumo_application_get_jobs (kumo_test_application ());
  g_autoptr(KumoSession) earlier = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GBytes) workflow = NULL;
  g_autofree char *path = kumo_test_fixture_path ("api", "sd15_txt2img_default.json");
  KumoJobRequest request = { 0 };
  KumoJob *job;
  guint before;

  start_emulator (&f, KUMO_EMULATOR_LOCAL, NULL);
  kumo_emulator_set_timing (f.emulator, 30, 40, 1);
  f.out = g_build_filename (g_get_user_data_dir (), "reattach", NULL);
  folder = g_file_new_for_path (f.out);
  workflow = kumo_test_load_bytes (path);

  /* The earlier run: it sends the job, and goes away mid-job. */
  earlier = kumo_session_new (f.url);
  kumo_session_connect_async (earlier, NULL, kumo_test_store_result_cb, &result);
  g_assert_true (kumo_session_connect_finish (earlier, kumo_test_wait_result (&result), NULL));
  request.workflow = workflow;
  request.n_nodes = 7;
  request.output_folder = folder;
  request.title = "earlier.json";
  job = kumo_job_queue_submit (kumo_session_get_queue (earlier), &request);
  wait_for_state (job, KUMO_JOB_STATE_RUNNING);
  g_clear_object (&result);  /* it holds the session */
  g_assert_finalize_object (g_steal_pointer (&earlier));

  /* This start. */
  before = g_list_model_get_n_items (jobs);
  g_settings_set_boolean (settings (), "server-set-up", TRUE);
  kumo_application_connect (kumo_test_application (), f.url);
  f.window = kumo_window_new (kumo_test_application ());
  gtk_window_present (GTK_WINDOW (f.window));
  kumo_test_wait_until (app_has_job, GUINT_TO_POINTER (before));

  {
    g_autoptr(KumoJob) picked = g_list_model_get_item (jobs, before);

    g_assert_cmpstr (kumo_job_get_title (picked), ==, "earlier.json");
    kumo_window_show_jobs (f.window);
    g_assert_nonnull (job_row (f.window, picked));
    kumo_test_wait_until (job_ended, picked);
    g_assert_cmpstr (kumo_job_get_error (picked), ==, NULL);
    g_assert_cmpint (kumo_job_get_state (picked), ==, KUMO_JOB_STATE_SUCCEEDED);
    g_assert_cmpuint (kumo_job_get_n_files (picked), ==, 1);
    g_assert_cmpuint (kumo_emulator_get_n_jobs (f.emulator), ==, 1);
  }

  teardown (&f);
}

static gboolean
window_gone (gpointer data)
{
  return *(KumoWindow **) data == NULL;
}

/* Closing the last window while a job runs asks: cancel it, or let it
 * finish on the server. */
static void
test_run_window_close_asks (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) toplevels = NULL;
  AdwMessageDialog *dialog = NULL;
  KumoJob *job;

  setup (&f, KUMO_EMULATOR_LOCAL);
  kumo_emulator_set_timing (f.emulator, 400, 50, 1);
  f.window = open_fixture ("sd15_txt2img_default.json");
  job = run_and_wait_for_job (f.window);
  wait_for_state (job, KUMO_JOB_STATE_RUNNING);

  /* The seeds moved on after the run (asked about separately). */
  kumo_workflow_set_modified (kumo_window_get_workflow (f.window), FALSE);
  gtk_window_close (GTK_WINDOW (f.window));
  kumo_test_wait_ms (100);
  toplevels = g_ptr_array_new ();
  for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        dialog = ADW_MESSAGE_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window)));
  kumo_test_shoot (GTK_WIDGET (dialog), "close-asks.png");

  g_object_add_weak_pointer (G_OBJECT (f.window), (gpointer *) &f.window);
  adw_message_dialog_response (dialog, "stop");
  kumo_test_wait_until (window_gone, &f.window);
  kumo_test_wait_until (job_ended, job);
  g_assert_cmpint (kumo_job_get_state (job), ==, KUMO_JOB_STATE_CANCELLED);

  teardown (&f);
}

static gboolean
status_says (gpointer data)
{
  const char **query = data;
  const char *status = kumo_welcome_page_get_status ((KumoWelcomePage *) query[0]);

  return status != NULL && strstr (status, query[1]) != NULL;
}

static void
wait_for_status (KumoWelcomePage *page,
                 const char      *words)
{
  const char *query[] = { (const char *) page, words };

  kumo_test_wait_until (status_says, query);
}

/* Comfy Cloud on the welcome page (a stand-in at its address): a wrong
 * key and a plan without API access are told apart, and nothing is kept
 * until a key works. */
static void
test_run_window_welcome_cloud (void)
{
  Fixture f = { 0 };
  KumoWelcomePage *page;
  AdwEntryRow *key;
  KumoSession *session;

  start_emulator (&f, KUMO_EMULATOR_CLOUD, "sekret");
  g_settings_reset (settings (), "server-set-up");
  f.window = kumo_window_new (kumo_test_application ());
  gtk_window_present (GTK_WINDOW (f.window));
  kumo_test_settle (GTK_WIDGET (f.window));
  page = KUMO_WELCOME_PAGE (find_one (GTK_WIDGET (f.window), KUMO_TYPE_WELCOME_PAGE));
  kumo_welcome_page_set_cloud_url (page, f.url);
  key = ADW_ENTRY_ROW (find_one (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW));

  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to _Comfy Cloud"));
  wait_for_status (page, "needs an API key");

  gtk_editable_set_text (GTK_EDITABLE (key), "not-the-key");
  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to _Comfy Cloud"));
  wait_for_status (page, "did not accept this key");
  kumo_test_shoot (GTK_WIDGET (f.window), "welcome-wrong-key.png");

  kumo_emulator_get_faults (f.emulator)->no_api_access = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (key), "sekret");
  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to _Comfy Cloud"));
  wait_for_status (page, "no API access");
  g_assert_false (g_settings_get_boolean (settings (), "server-set-up"));

  kumo_emulator_get_faults (f.emulator)->no_api_access = FALSE;
  gtk_widget_activate (find_button (GTK_WIDGET (page), "Connect to _Comfy Cloud"));
  kumo_test_wait_until (server_set_up, NULL);
  session = kumo_application_get_session (kumo_test_application ());
  g_assert_cmpstr (kumo_session_get_url (session), ==, f.url);
  g_assert_cmpint (kumo_session_get_flavor (session), ==, KUMO_FLAVOR_CLOUD);
  g_assert_cmpint (kumo_session_get_state (session), ==, KUMO_SESSION_CONNECTED);
  /* The key is not shown back. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key)), ==, "");

  teardown (&f);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *tooltip)
{
  g_autoptr(GPtrArray) all = kumo_test_find_widgets (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (all, i)), tooltip) == 0)
      return g_ptr_array_index (all, i);

  g_error ("nothing with the tooltip %s", tooltip);
}

static gboolean
dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  kumo_test_wait_until (dialog_shown, NULL);
  return ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* Clicks the response labelled @label. */
static void
respond (AdwMessageDialog *dialog,
         const char       *label)
{
  gtk_widget_activate (find_button (GTK_WIDGET (dialog), label));
}

static gboolean
dialog_gone (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static const char *
active_url (void)
{
  return kumo_session_get_url (kumo_application_get_session (kumo_test_application ()));
}

static gboolean
url_is (gpointer url)
{
  return g_str_equal (active_url (), url);
}

/* Preferences: the servers, one added and chosen, jobs at once for the
 * server in use, and the output folder. */
static void
test_run_window_preferences (void)
{
  Fixture f = { 0 };
  g_autoptr(KumoEmulator) other = NULL;
  g_autofree char *other_url = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GVariant) servers = NULL;
  g_autoptr(GVariant) at_once = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *preferences;
  AdwMessageDialog *dialog;
  gboolean folder_shown = FALSE;
  guint32 n = 0;

  setup (&f, KUMO_EMULATOR_LOCAL);
  other = kumo_emulator_new (KUMO_EMULATOR_LOCAL, NULL, kumo_test_object_info (KUMO_TEST_CATALOG_2026));
  g_assert_true (kumo_emulator_listen (other, 0, &error));
  other_url = kumo_emulator_dup_base_url (other);
  f.window = open_fixture ("sd15_txt2img_default.json");

  kumo_application_show_preferences (kumo_test_application (), GTK_WINDOW (f.window), NULL);
  preferences = find_toplevel (KUMO_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  kumo_test_shoot (GTK_WIDGET (preferences), "preferences.png");

  /* The server in use is listed, chosen, by the profile's name. */
  rows = kumo_test_find_widgets (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW);
  for (guint i = 0; i < rows->len; i++)
    {
      AdwActionRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (adw_action_row_get_subtitle (row), f.out) == 0)
        folder_shown = TRUE;
    }
  g_assert_true (folder_shown);

  /* Add one. */
  gtk_widget_activate (find_by_tooltip (GTK_WIDGET (preferences), "Add a Server"));
  dialog = wait_for_dialog ();
  entries = kumo_test_find_widgets (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpuint (entries->len, ==, 2);
  gtk_editable_set_text (g_ptr_array_index (entries, 0), "Render box");
  gtk_editable_set_text (g_ptr_array_index (entries, 1), other_url + strlen ("http://"));
  respond (dialog, "_Add");
  kumo_test_wait_until (dialog_gone, NULL);
  servers = g_settings_get_value (settings (), "servers");
  g_assert_cmpuint (g_variant_n_children (servers), ==, 2);

  /* Choose it: the app works with it now. */
  kumo_test_settle (GTK_WIDGET (preferences));
  checks = kumo_test_find_widgets (GTK_WIDGET (preferences), GTK_TYPE_CHECK_BUTTON);
  /* (Choosing rebuilds the list: the buttons found go.) */
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (checks, i), "kumo-url"), other_url) == 0)
      {
        gtk_check_button_set_active (g_ptr_array_index (checks, i), TRUE);
        break;
      }
  kumo_test_wait_until (url_is, other_url);
  kumo_test_wait_until (session_connected, NULL);

  /* Jobs at once, for that server. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_one (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON)), 3);
  at_once = g_settings_get_value (settings (), "jobs-at-once");
  g_assert_true (g_variant_lookup (at_once, other_url, "u", &n));
  g_assert_cmpuint (n, ==, 3);

  gtk_window_destroy (preferences);
  teardown (&f);
}

/* Nodes that spend credits are confirmed once per workflow. */
static void
test_run_window_partner_nodes (void)
{
  Fixture f = { 0 };
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "dalle.json", NULL);
  AdwMessageDialog *dialog;

  setup (&f, KUMO_EMULATOR_LOCAL);
  g_assert_true (g_file_set_contents (path,
                                      "{\"1\": {\"class_type\": \"OpenAIDalle3\", \"inputs\": {\"prompt\": \"a kite\"}},"
                                      " \"2\": {\"class_type\": \"SaveImage\","
                                      " \"inputs\": {\"images\": [\"1\", 0], \"filename_prefix\": \"kite\"}}}",
                                      -1, NULL));
  f.window = kumo_test_open_window (kumo_test_application (), path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.run", NULL));
  dialog = wait_for_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "OpenAI DALL·E 3"));
  kumo_test_shoot (GTK_WIDGET (dialog), "partner-nodes.png");
  respond (dialog, "_Cancel");
  kumo_test_wait_until (dialog_gone, NULL);
  kumo_test_wait_ms (200);
  g_assert_cmpuint (kumo_window_get_own_jobs (f.window)->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.run", NULL));
  dialog = wait_for_dialog ();
  respond (dialog, "_Run");
  kumo_test_wait_until (dialog_gone, NULL);
  {
    JobsQuery first = { f.window, 0 };

    kumo_test_wait_until (more_jobs, &first);
  }

  /* Asked once: the next run goes at once. */
  run_and_wait_for_job (f.window);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpuint (kumo_window_get_own_jobs (f.window)->len, ==, 2);

  teardown (&f);
}

int
main (int   argc,
      char *argv[])
{
  kumo_test_gtk_init (&argc, &argv);

  g_test_add_func ("/kumo/run-window/welcome", test_run_window_welcome);
  g_test_add_func ("/kumo/run-window/welcome-cloud", test_run_window_welcome_cloud);
  g_test_add_func ("/kumo/run-window/preferences", test_run_window_preferences);
  g_test_add_func ("/kumo/run-window/partner-nodes", test_run_window_partner_nodes);
  g_test_add_func ("/kumo/run-window/runs", test_run_window_runs);
  g_test_add_func ("/kumo/run-window/rejected", test_run_window_rejected);
  g_test_add_func ("/kumo/run-window/cancel", test_run_window_cancel);
  g_test_add_func ("/kumo/run-window/socket-dropped", test_run_window_socket_dropped);
  g_test_add_func ("/kumo/run-window/reattach", test_run_window_reattach);
  g_test_add_func ("/kumo/run-window/close-asks", test_run_window_close_asks);

  return g_test_run ();
}
