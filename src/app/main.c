/* main.c
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "kumo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KumoApplication) app = NULL;

  /* KUMO_LOCALEDIR: translations of an uninstalled build (build-aux/dev run). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("KUMO_LOCALEDIR") ? g_getenv ("KUMO_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = kumo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
