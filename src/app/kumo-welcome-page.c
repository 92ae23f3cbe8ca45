/* kumo-welcome-page.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kumo-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-application.h"
#include "kumo-server-setup.h"
#include "kumo-welcome-page.h"

/*
 * What a window shows before any server is set up: two ways in, Comfy
 * Cloud with an API key or a ComfyUI server by its address, each checked
 * before it is kept, and the outcome told in words (a wrong key, a plan
 * without API access, nobody there). Workflows open without a server.
 */
struct _KumoWelcomePage
{
  GtkWidget       parent_instance;

  GCancellable   *cancellable;
  char           *cloud_url;
  char           *checking_key;
  GtkLabel       *status;        /* of the way being tried */

  AdwEntryRow    *key_row;
  AdwEntryRow    *address_row;
  GtkWidget      *cloud_button;
  GtkWidget      *local_button;
  GtkLabel       *cloud_status;
  GtkLabel       *local_status;
};

G_DEFINE_FINAL_TYPE (KumoWelcomePage, kumo_welcome_page, GTK_TYPE_WIDGET)

/* Says how the way being tried goes, under its own entry, where the
 * eye is; the other way's word is cleared. */
static void
set_busy (KumoWelcomePage *self,
          gboolean         busy,
          const char      *status)
{
  GtkLabel *other = self->status == self->cloud_status ? self->local_status : self->cloud_status;

  gtk_widget_set_sensitive (self->cloud_button, !busy);
  gtk_widget_set_sensitive (self->local_button, !busy);
  gtk_widget_set_visible (GTK_WIDGET (other), FALSE);
  gtk_label_set_text (self->status, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), status != NULL);

  if (busy)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    }
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KumoWelcomePage) self = user_data;
  g_autoptr(KumoSession) session = NULL;
  g_autoptr(GError) error = NULL;
  KumoSessionState state = KUMO_SESSION_DISCONNECTED;
  GtkApplication *app;

  session = kumo_server_setup_check_finish (result, &state, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (session == NULL)
    {
      g_autofree char *explanation = kumo_server_setup_explain (state, error);

      set_busy (self, FALSE, explanation);
      gtk_widget_grab_focus (GTK_WIDGET (state == KUMO_SESSION_KEY_REJECTED || state == KUMO_SESSION_NEEDS_KEY
                                         ? self->key_row : self->address_row));
      return;
    }

  set_busy (self, FALSE, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");

  /* The window leaves the welcome page once a server is set up. */
  app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  if (KUMO_IS_APPLICATION (app))
    kumo_server_setup_apply (KUMO_APPLICATION (app), session, NULL, self->checking_key);
  g_clear_pointer (&self->checking_key, g_free);
}

static void
check (KumoWelcomePage *self,
       GtkLabel        *status_label,
       const char      *url,
       const char      *api_key)
{
  g_autofree char *status = g_strdup_printf (_("Connecting to %s…"), url);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_free (self->checking_key);
  self->checking_key = g_strdup (api_key);
  self->status = status_label;
  set_busy (self, TRUE, status);
  kumo_server_setup_check_async (url, api_key, self->cancellable, checked_cb, g_object_ref (self));
}

static void
connect_cloud_cb (KumoWelcomePage *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));

  if (*key == '\0')
    {
      g_autofree char *explanation = kumo_server_setup_explain (KUMO_SESSION_NEEDS_KEY, NULL);

      self->status = self->cloud_status;
      set_busy (self, FALSE, explanation);
      gtk_widget_grab_focus (GTK_WIDGET (self->key_row));
      return;
    }

  check (self, self->cloud_status, self->cloud_url, key);
}

static void
connect_local_cb (KumoWelcomePage *self)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));

  /* "127.0.0.1:8188" is what people copy from ComfyUI's console. */
  if (*address != '\0' && strstr (address, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("http://", address, NULL);

      g_free (address);
      address = with_scheme;
    }

  check (self, self->local_status, *address ? address : KUMO_LOCAL_URL, NULL);
}

/* Where "Comfy Cloud" is: its address, or a stand-in (tests). */
void
kumo_welcome_page_set_cloud_url (KumoWelcomePage *self,
                                 const char      *url)
{
  g_return_if_fail (KUMO_IS_WELCOME_PAGE (self));

  g_free (self->cloud_url);
  self->cloud_url = g_strdup (url ? url : KUMO_CLOUD_URL);
}

/* What the page says now (for tests and screen readers alike). */
const char *
kumo_welcome_page_get_status (KumoWelcomePage *self)
{
  g_return_val_if_fail (KUMO_IS_WELCOME_PAGE (self), NULL);

  return self->status && gtk_widget_get_visible (GTK_WIDGET (self->status)) ? gtk_label_get_text (self->status) : NULL;
}

static void
kumo_welcome_page_dispose (GObject *object)
{
  KumoWelcomePage *self = (KumoWelcomePage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->checking_key, g_free);
  g_clear_pointer (&self->cloud_url, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), KUMO_TYPE_WELCOME_PAGE);
  /* The template's top-level child is ours to drop. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kumo_welcome_page_parent_class)->dispose (object);
}

static void
kumo_welcome_page_class_init (KumoWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kumo_welcome_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/kumo-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, key_row);
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, address_row);
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, cloud_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, local_button);
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, cloud_status);
  gtk_widget_class_bind_template_child (widget_class, KumoWelcomePage, local_status);
  gtk_widget_class_bind_template_callback (widget_class, connect_cloud_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_local_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
kumo_welcome_page_init (KumoWelcomePage *self)
{
  self->cloud_url = g_strdup (KUMO_CLOUD_URL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
