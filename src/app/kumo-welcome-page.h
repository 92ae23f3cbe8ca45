/* kumo-welcome-page.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define KUMO_TYPE_WELCOME_PAGE (kumo_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (KumoWelcomePage, kumo_welcome_page, KUMO, WELCOME_PAGE, GtkWidget)

const char *kumo_welcome_page_get_status    (KumoWelcomePage *self);
void        kumo_welcome_page_set_cloud_url (KumoWelcomePage *self,
                                             const char      *url);

G_END_DECLS
