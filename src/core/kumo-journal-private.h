/* kumo-journal-private.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "kumo-journal.h"

G_BEGIN_DECLS

/* Shared by kumo-journal.c (jobs: writing, and reading back the ones
 * that did not end) and kumo-journal-library.c (uploads, saved files,
 * estimates). */
struct _KumoJournal
{
  GObject      parent_instance;

  sqlite3     *db;
  GThreadPool *writer;
  GMutex       lock;
  GCond        written;
  guint        pending;   /* writes queued and not done, under lock */
};

/* Queues a write for the writer thread: SQL, then its parameters as
 * GVariants (string, int64, bytes), ending with NULL. */
void      _kumo_journal_queue_write (KumoJournal  *self,
                                     const char   *sql,
                                     ...) G_GNUC_NULL_TERMINATED;
char     *_kumo_journal_column_text (sqlite3_stmt *stmt,
                                     int           column);
GVariant *_kumo_journal_now_variant (void);

G_END_DECLS
