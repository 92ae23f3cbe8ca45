/* kumo-window.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-window-private.h"

/*
 * The window's shell: its template, its title and state, search, and the
 * session it works with (its application's, followed when the active
 * server changes; the editor's node definitions and the header's server
 * status are bound to it in the template). Opening, saving and closing
 * are in kumo-window-actions.c, running in kumo-window-run.c.
 */

G_DEFINE_FINAL_TYPE (KumoWindow, kumo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_WORKFLOW,
  PROP_BUSY,
  PROP_SETTLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * kumo_window_new:
 *
 * Returns: a window working with @application's session
 */
KumoWindow *
kumo_window_new (KumoApplication *application)
{
  return g_object_new (KUMO_TYPE_WINDOW,
                       "application", application,
                       "session", kumo_application_get_session (application),
                       NULL);
}

/**
 * kumo_window_get_session:
 *
 * Returns: (transfer none): the server this window works with
 */
KumoSession *
kumo_window_get_session (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), NULL);

  return self->session;
}

void
kumo_window_set_session (KumoWindow  *self,
                         KumoSession *session)
{
  g_return_if_fail (KUMO_IS_WINDOW (self));
  g_return_if_fail (!session || KUMO_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  _kumo_window_update_run_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * kumo_window_get_workflow:
 *
 * Returns: (nullable) (transfer none): the open workflow
 */
KumoWorkflow *
kumo_window_get_workflow (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), NULL);

  return self->workflow;
}

gboolean
kumo_window_get_busy (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), FALSE);

  return self->busy;
}

/* Nothing left to show: no file being read or written, node definitions
 * shown (or none to be had), and every card in view has its rows. A
 * refresh of definitions already shown is not waited for. */
gboolean
kumo_window_is_settled (KumoWindow *self)
{
  g_return_val_if_fail (KUMO_IS_WINDOW (self), FALSE);

  return !self->busy && !kumo_workflow_editor_has_pending_rows (self->editor) &&
         (self->session == NULL || kumo_session_get_catalog (self->session) != NULL ||
          !kumo_session_get_loading (self->session));
}

void
_kumo_window_set_busy (KumoWindow *self,
                       gboolean    busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * kumo_window_show_error:
 * @message: a sentence for people, not markup
 *
 * Shows an error until it is dismissed; the window's content stays as it
 * was.
 */
void
kumo_window_show_error (KumoWindow *self,
                        const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (KUMO_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* AdwToast titles are always markup on libadwaita 1.2. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * kumo_window_show_toast:
 * @title: a short sentence for people, not markup
 *
 * Says something in passing.
 */
void
kumo_window_show_toast (KumoWindow *self,
                        const char *title)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (KUMO_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  escaped = g_markup_escape_text (title, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
update_title (KumoWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folder = NULL;
  GFile *file;

  AdwViewStackPage *page = adw_view_stack_get_page (self->views, GTK_WIDGET (self->stack));

  if (self->workflow == NULL)
    {
      adw_view_switcher_title_set_title (self->window_title, _("Kumo"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Kumo"));
      adw_view_stack_page_set_use_underline (page, TRUE);
      adw_view_stack_page_set_title (page, _("_Workflow"));
      return;
    }

  name = kumo_workflow_dup_display_name (self->workflow);

  /* The dot marks unsaved changes, as in GNOME Text Editor. */
  if (kumo_workflow_get_modified (self->workflow))
    title = g_strdup_printf ("• %s", name);
  else
    title = g_strdup (name);

  file = kumo_workflow_get_file (self->workflow);
  if (file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());

      if (parent != NULL && g_file_equal (parent, home))
        folder = g_strdup ("~");
      else if (parent != NULL && g_file_has_prefix (parent, home))
        {
          g_autofree char *relative = g_file_get_relative_path (home, parent);
          folder = g_build_filename ("~", relative, NULL);
        }
      else if (parent != NULL)
        folder = g_file_get_parse_name (parent);
    }

  /* The workflow's view is named after it, as a document's tab is; a
   * long name is shortened in the middle, where names differ least. */
  adw_view_stack_page_set_use_underline (page, FALSE);
  if (g_utf8_strlen (title, -1) > 28)
    {
      g_autofree char *start = g_utf8_substring (title, 0, 14);
      g_autofree char *end = g_utf8_substring (title, g_utf8_strlen (title, -1) - 12, g_utf8_strlen (title, -1));
      g_autofree char *shortened = g_strconcat (start, "…", end, NULL);

      adw_view_stack_page_set_title (page, shortened);
    }
  else
    adw_view_stack_page_set_title (page, title);

  /* The folder is a tooltip. */
  adw_view_switcher_title_set_title (self->window_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), folder);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

/* The editor with a workflow; without one, the welcome page until a
 * server is set up, then the page that offers to open a workflow. */
void
_kumo_window_update_page (KumoWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gboolean has_server = !KUMO_IS_APPLICATION (app) || kumo_application_has_server (KUMO_APPLICATION (app));

  if (self->workflow != NULL)
    gtk_stack_set_visible_child_name (self->stack, "editor");
  else
    gtk_stack_set_visible_child_name (self->stack, has_server ? "empty" : "welcome");
}

/* Below this width the header bar keeps only what matters most: its
 * title is centred, so the switcher needs room for the wider of the two
 * sides on both, and GTK squeezed it to nothing below about 890 px (all
 * the GUI programs pass at 600, 730, 840, 899, 900 and 1280 px). */
#define NARROW_WIDTH 900
/* Below this, the view switcher leaves the server's name and state no
 * room (the header centres its title): the status shows its dot. */
#define COMPACT_WIDTH 1100

void
_kumo_window_update_actions (KumoWindow *self)
{
  gboolean has_workflow = self->workflow != NULL;
  gboolean editing = has_workflow && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "workflow") == 0;
  int width = 0, height = 0;
  gboolean narrow;

  /* GTK 4.8 wants both. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", has_workflow && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", has_workflow && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", editing);

  /* Nothing to save or search in the empty state, or in the gallery.
   * A narrow window has no room for a title between the header's two
   * ends (GTK would squeeze it to nothing): the views switch at the
   * bottom, the workflow's name is on its tab there, and Save and Find
   * stay in reach by Ctrl+S, Ctrl+F and the main menu. */
  gtk_widget_set_visible (self->save_button, editing && !narrow);
  gtk_widget_set_visible (self->search_button, editing && !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->window_title), !narrow);
  kumo_server_status_set_compact (self->server_status, !narrow && width > 0 && width < COMPACT_WIDTH);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    narrow || adw_view_switcher_title_get_title_visible (self->window_title));
  gtk_widget_set_visible (GTK_WIDGET (self->run_button), has_workflow);
  _kumo_window_update_run_actions (self);
}

static void
on_workflow_changed (KumoWindow *self)
{
  update_title (self);
  _kumo_window_update_actions (self);
}

void
_kumo_window_set_workflow (KumoWindow   *self,
                           KumoWorkflow *workflow)
{
  if (self->workflow != NULL)
    g_signal_handlers_disconnect_by_data (self->workflow, self);

  if (!g_set_object (&self->workflow, workflow))
    return;

  if (workflow != NULL)
    {
      g_signal_connect_object (workflow, "notify::modified", G_CALLBACK (on_workflow_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (workflow, "notify::file", G_CALLBACK (on_workflow_changed),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  kumo_workflow_editor_set_workflow (self->editor, workflow);
  _kumo_window_update_page (self);

  update_title (self);
  _kumo_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKFLOW]);
}

/* ---------------------------------------------------------------------- */
/* Searching                                                              */
/* ---------------------------------------------------------------------- */

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  KumoWindow *self = KUMO_WINDOW (widget);

  if (self->workflow == NULL)
    return;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
search_changed_cb (KumoWindow     *self,
                   GtkSearchEntry *entry)
{
  kumo_workflow_editor_set_filter (self->editor, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (KumoWindow     *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

/* ---------------------------------------------------------------------- */
/* Object                                                                 */
/* ---------------------------------------------------------------------- */

/* GtkWindow takes its application only after construction, so the
 * window follows the application's settings from here. */
static void
on_application_changed (KumoWindow *self,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings;

  if (!KUMO_IS_APPLICATION (app) || g_object_get_data (G_OBJECT (self), "kumo-hooked") == app)
    return;

  g_object_set_data (G_OBJECT (self), "kumo-hooked", app);

  settings = kumo_application_get_settings (KUMO_APPLICATION (app));
  if (settings != NULL)
    {
      g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "live-previews", self->jobs_panel, "previews", G_SETTINGS_BIND_GET);
      g_signal_connect_object (settings, "changed::server-set-up", G_CALLBACK (_kumo_window_update_page), self,
                               G_CONNECT_SWAPPED);
    }

  /* The active server, and every server's jobs. */
  g_object_bind_property (app, "session", self, "session", G_BINDING_SYNC_CREATE);
  kumo_jobs_panel_set_model (self->jobs_panel, kumo_application_get_jobs (KUMO_APPLICATION (app)));
  _kumo_window_update_page (self);
}

static gboolean
kumo_window_close_request (GtkWindow *window)
{
  if (_kumo_window_close_request (KUMO_WINDOW (window)) ||
      _kumo_window_close_request_jobs (KUMO_WINDOW (window)))
    return TRUE;

  return GTK_WINDOW_CLASS (kumo_window_parent_class)->close_request (window);
}

static void
kumo_window_dispose (GObject *object)
{
  KumoWindow *self = (KumoWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  _kumo_window_dispose_run (self);
  _kumo_window_dispose_actions (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_WINDOW);

  g_clear_object (&self->workflow);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kumo_window_parent_class)->dispose (object);
}

static void
kumo_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  KumoWindow *self = KUMO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_WORKFLOW:
      g_value_set_object (value, self->workflow);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_SETTLED:
      g_value_set_boolean (value, kumo_window_is_settled (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  KumoWindow *self = KUMO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      kumo_window_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_window_class_init (KumoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kumo_window_dispose;
  object_class->get_property = kumo_window_get_property;
  object_class->set_property = kumo_window_set_property;
  window_class->close_request = kumo_window_close_request;

  /* Its application's active server; a job started keeps its own. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         KUMO_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WORKFLOW] =
    g_param_spec_object ("workflow", NULL, NULL,
                         KUMO_TYPE_WORKFLOW,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Whether everything there is to show is shown; asked for, not
   * notified (the development hooks check it after each frame). */
  properties[PROP_SETTLED] =
    g_param_spec_boolean ("settled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KUMO_TYPE_SESSION);
  g_type_ensure (KUMO_TYPE_WORKFLOW_EDITOR);
  g_type_ensure (KUMO_TYPE_SERVER_STATUS);
  g_type_ensure (KUMO_TYPE_RUN_BUTTON);
  g_type_ensure (KUMO_TYPE_JOBS_PANEL);
  g_type_ensure (KUMO_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, server_status);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, run_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, jobs_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, jobs_count_label);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, jobs_panel);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, KumoWindow, recent_group);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  _kumo_window_class_init_actions (widget_class);
  _kumo_window_class_init_run (widget_class);
  _kumo_window_class_init_gallery (widget_class);
}

static void
kumo_window_init (KumoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  _kumo_window_init_actions (self);
  _kumo_window_init_run (self);
  _kumo_window_init_gallery (self);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);
  g_signal_connect (self, "notify::default-width", G_CALLBACK (_kumo_window_update_actions), NULL);

  update_title (self);
  _kumo_window_update_actions (self);
}
