/* kumo-conversion-banner.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_TYPE_CONVERSION_BANNER (kumo_conversion_banner_get_type ())

G_DECLARE_FINAL_TYPE (KumoConversionBanner, kumo_conversion_banner, KUMO, CONVERSION_BANNER, GtkWidget)

void kumo_conversion_banner_set_workflow (KumoConversionBanner *self,
                                          KumoWorkflow         *workflow);

G_END_DECLS
