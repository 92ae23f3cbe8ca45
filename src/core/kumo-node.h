/* kumo-node.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "kumo-json.h"

G_BEGIN_DECLS

#define KUMO_TYPE_NODE (kumo_node_get_type ())

G_DECLARE_FINAL_TYPE (KumoNode, kumo_node, KUMO, NODE, GObject)

KumoNode   *_kumo_node_new               (const char  *id,
                                          KumoJson    *object);
void        _kumo_node_detach            (KumoNode    *self);
const char *kumo_node_get_id             (KumoNode    *self);
const char *kumo_node_get_class_type     (KumoNode    *self);
const char *kumo_node_get_title          (KumoNode    *self);
guint       kumo_node_get_n_inputs       (KumoNode    *self);
const char *kumo_node_get_input_name     (KumoNode    *self,
                                          guint        index);
KumoJson   *kumo_node_get_input          (KumoNode    *self,
                                          const char  *name);
gboolean    kumo_node_has_input          (KumoNode    *self,
                                          const char  *name);
void        kumo_node_set_input          (KumoNode    *self,
                                          const char  *name,
                                          KumoJson    *value);
KumoJson   *kumo_node_get_json           (KumoNode    *self);

/* A link is a two-element array [source_node_id, output_index]. */
gboolean    kumo_json_is_link            (const KumoJson *value,
                                          const char    **node_id,
                                          gint64         *output);

G_END_DECLS
