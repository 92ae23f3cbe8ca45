/* kumo-node-card.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "kumo-node-catalog.h"
#include "kumo-workflow.h"

G_BEGIN_DECLS

#define KUMO_TYPE_NODE_CARD (kumo_node_card_get_type ())

G_DECLARE_FINAL_TYPE (KumoNodeCard, kumo_node_card, KUMO, NODE_CARD, GtkWidget)

GtkWidget *kumo_node_card_new        (void);
void       kumo_node_card_bind       (KumoNodeCard    *self,
                                      KumoWorkflow    *workflow,
                                      KumoNode        *node,
                                      KumoNodeCatalog *catalog,
                                      const char      *filter);
void       kumo_node_card_unbind     (KumoNodeCard    *self);
void       kumo_node_card_populate_if_near_view (KumoNodeCard *self);
KumoNode  *kumo_node_card_get_node   (KumoNodeCard    *self);
void       kumo_node_card_set_running (KumoNodeCard   *self,
                                      gboolean         running);
gboolean   kumo_node_matches_filter  (KumoNode        *node,
                                      KumoNodeCatalog *catalog,
                                      const char      *filter);

G_END_DECLS
