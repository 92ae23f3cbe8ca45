/* kumo-server-status.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-server-status"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-server-setup.h"
#include "kumo-server-status.h"

/*
 * The header bar's word on the server: its name and its state, live
 * (connected, reconnecting in 4 s, key rejected, …), with a dot of the
 * state's colour. Clicking it explains the state and offers the way out:
 * trying now, or the servers and keys in preferences. A lost connection
 * never blocks editing; it is only said here.
 */
struct _KumoServerStatus
{
  GtkWidget     parent_instance;

  KumoSession  *session;
  guint         countdown;

  GtkWidget    *button;
  GtkWidget    *dot;
  GtkLabel     *label;
  GtkLabel     *name_label;
  GtkLabel     *url_label;
  GtkLabel     *explanation_label;
  GtkWidget    *retry_button;

  gboolean      compact;
};

G_DEFINE_FINAL_TYPE (KumoServerStatus, kumo_server_status, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const dot_classes[] = { "success", "warning", "error", "idle" };

/**
 * kumo_server_status_dup_name:
 *
 * Returns: the name of the server profile of @url, else a name made
 *   from the address
 */
char *
kumo_server_status_dup_name (const char *url)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings = KUMO_IS_APPLICATION (app) ? kumo_application_get_settings (KUMO_APPLICATION (app)) : NULL;
  g_autoptr(GVariant) servers = settings ? g_settings_get_value (settings, "servers") : NULL;
  GVariantIter iter;
  const char *name, *profile_url;

  if (servers != NULL)
    {
      g_variant_iter_init (&iter, servers);
      while (g_variant_iter_next (&iter, "(&s&s)", &name, &profile_url))
        if (g_str_equal (profile_url, url))
          return g_strdup (name);
    }

  return kumo_server_setup_default_name (url);
}

/* Seconds until the next try, at least 1. */
static int
seconds_left (KumoSession *session)
{
  gint64 retry_at = kumo_session_get_retry_at (session);

  return MAX ((int) ((retry_at - g_get_monotonic_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC), 1);
}

static char *
describe (KumoSession *session,
          const char **dot_class)
{
  KumoSessionState state = kumo_session_get_state (session);
  gboolean waiting = kumo_session_get_retry_at (session) != 0;

  switch (state)
    {
    case KUMO_SESSION_CONNECTED:
      *dot_class = "success";
      return g_strdup (_("Connected"));

    case KUMO_SESSION_CONNECTING:
      *dot_class = "warning";
      return g_strdup (_("Connecting…"));

    case KUMO_SESSION_RECONNECTING:
      *dot_class = "warning";
      if (waiting)
        /* Translators: %d is a number of seconds */
        return g_strdup_printf (_("Reconnecting in %d s"), seconds_left (session));
      return g_strdup (_("Reconnecting…"));

    case KUMO_SESSION_UNREACHABLE:
      *dot_class = "error";
      if (waiting)
        return g_strdup_printf (_("Unreachable · trying again in %d s"), seconds_left (session));
      return g_strdup (_("Unreachable"));

    case KUMO_SESSION_NEEDS_KEY:
      *dot_class = "error";
      return g_strdup (_("No API key"));

    case KUMO_SESSION_KEY_REJECTED:
      *dot_class = "error";
      return g_strdup (_("Key rejected"));

    case KUMO_SESSION_NO_API_ACCESS:
      *dot_class = "error";
      return g_strdup (_("No API access"));

    case KUMO_SESSION_INVALID:
      *dot_class = "error";
      return g_strdup (_("Not a usable address"));

    case KUMO_SESSION_DISCONNECTED:
    default:
      *dot_class = "idle";
      return g_strdup (_("Not connected"));
    }
}

static gboolean countdown_cb (gpointer data);

static void
update (KumoServerStatus *self)
{
  g_autofree char *name = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *explanation = NULL;
  const char *dot_class = "idle";
  const char *tooltip;
  KumoSessionState session_state;

  if (self->session == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  session_state = kumo_session_get_state (self->session);
  name = kumo_server_status_dup_name (kumo_session_get_url (self->session));
  state = describe (self->session, &dot_class);
  /* Translators: the server's name and its state, as "Comfy Cloud · Connected" */
  text = g_strdup_printf (_("%s · %s"), name, state);

  gtk_label_set_text (self->label, text);
  /* Set only when it changes: set at every update (the countdown ticks
   * each second), GTK 4.8 left a string behind per call that
   * LeakSanitizer reported in the GUI tests. */
  tooltip = self->compact ? text : _("Server");
  if (g_strcmp0 (gtk_widget_get_tooltip_text (self->button), tooltip) != 0)
    gtk_widget_set_tooltip_text (self->button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (dot_classes); i++)
    gtk_widget_remove_css_class (self->dot, dot_classes[i]);
  gtk_widget_add_css_class (self->dot, dot_class);

  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->url_label, kumo_session_get_url (self->session));

  if (session_state == KUMO_SESSION_CONNECTED)
    explanation = g_strdup (_("Jobs run on this server. Editing never waits for it."));
  else if (session_state == KUMO_SESSION_CONNECTING)
    explanation = g_strdup (_("Kumo is asking the server who it is."));
  else if (session_state == KUMO_SESSION_RECONNECTING)
    explanation = g_strdup (_("The live connection to the server was lost. Kumo reconnects by itself, and jobs "
                              "carry on: what they did meanwhile is asked for when it is back."));
  else if (session_state == KUMO_SESSION_DISCONNECTED)
    explanation = g_strdup (_("Kumo has not connected to this server yet."));
  else
    explanation = kumo_server_setup_explain (session_state, kumo_session_get_error (self->session));
  gtk_label_set_text (self->explanation_label, explanation);

  gtk_widget_set_visible (self->retry_button, session_state == KUMO_SESSION_UNREACHABLE ||
                                              session_state == KUMO_SESSION_DISCONNECTED);

  /* "in 4 s" counts down. */
  if (kumo_session_get_retry_at (self->session) != 0 && self->countdown == 0)
    self->countdown = g_timeout_add_seconds (1, countdown_cb, self);
  else if (kumo_session_get_retry_at (self->session) == 0)
    g_clear_handle_id (&self->countdown, g_source_remove);
}

static gboolean
countdown_cb (gpointer data)
{
  KumoServerStatus *self = data;

  update (self);
  return G_SOURCE_CONTINUE;
}

static void
retry_cb (KumoServerStatus *self)
{
  if (self->session != NULL)
    kumo_session_connect_async (self->session, NULL, NULL, NULL);
  gtk_popover_popdown (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->button)));
}

/**
 * kumo_server_status_set_compact:
 *
 * Shows the dot alone, the name and state in its tooltip: where the
 * header bar has no room for them, a dot says more than "…".
 */
void
kumo_server_status_set_compact (KumoServerStatus *self,
                                gboolean          compact)
{
  g_return_if_fail (KUMO_IS_SERVER_STATUS (self));

  if (self->compact == !!compact)
    return;

  self->compact = !!compact;
  gtk_widget_set_visible (GTK_WIDGET (self->label), !compact);
  update (self);
}

KumoSession *
kumo_server_status_get_session (KumoServerStatus *self)
{
  g_return_val_if_fail (KUMO_IS_SERVER_STATUS (self), NULL);

  return self->session;
}

void
kumo_server_status_set_session (KumoServerStatus *self,
                                KumoSession      *session)
{
  g_return_if_fail (KUMO_IS_SERVER_STATUS (self));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect_object (session, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::retry-at", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::error", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* What the button says, as "Comfy Cloud · Connected". */
const char *
kumo_server_status_get_text (KumoServerStatus *self)
{
  g_return_val_if_fail (KUMO_IS_SERVER_STATUS (self), NULL);

  return gtk_label_get_text (self->label);
}

static void
kumo_server_status_dispose (GObject *object)
{
  KumoServerStatus *self = (KumoServerStatus *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->countdown, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_SERVER_STATUS);
  /* The template's top-level child is ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kumo_server_status_parent_class)->dispose (object);
}

static void
kumo_server_status_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KumoServerStatus *self = KUMO_SERVER_STATUS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_server_status_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KumoServerStatus *self = KUMO_SERVER_STATUS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      kumo_server_status_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kumo_server_status_class_init (KumoServerStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_server_status_dispose;
  object_class->get_property = kumo_server_status_get_property;
  object_class->set_property = kumo_server_status_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KUMO_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-server-status.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, button);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, dot);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, label);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, name_label);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, url_label);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, KumoServerStatus, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_server_status_init (KumoServerStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
