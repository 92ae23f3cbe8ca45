/* kumo-journal.h
 *
 * Copyright 2026 The Kumo Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "kumo-job-state.h"
#include "kumo-output.h"

G_BEGIN_DECLS

/* A job the journal knows of and that has not ended. */
typedef struct
{
  char      *key;
  char      *server;
  char      *prompt_id;      /* NULL if Kumo stopped before the server answered */
  GBytes    *workflow;
  char      *output_folder;
  GPtrArray *saved_paths;    /* files already brought home */
  GPtrArray *saved_outputs;  /* and the outputs they came from */
} KumoJournalEntry;

void kumo_journal_entry_free (KumoJournalEntry *entry);

#define KUMO_TYPE_JOURNAL (kumo_journal_get_type ())

G_DECLARE_FINAL_TYPE (KumoJournal, kumo_journal, KUMO, JOURNAL, GObject)

KumoJournal *kumo_journal_new               (const char            *path,
                                             GError               **error);
char        *kumo_journal_default_path      (void);
char        *kumo_journal_get_client_id     (KumoJournal           *self,
                                             const char            *server);
char        *kumo_journal_add_job           (KumoJournal           *self,
                                             const char            *server,
                                             GBytes                *workflow,
                                             const char            *output_folder);
void         kumo_journal_set_prompt_id     (KumoJournal           *self,
                                             const char            *key,
                                             const char            *prompt_id);
void         kumo_journal_set_state         (KumoJournal           *self,
                                             const char            *key,
                                             KumoJobState           state,
                                             const char            *error);
void         kumo_journal_add_file          (KumoJournal           *self,
                                             const char            *key,
                                             const KumoOutputFile  *output,
                                             const char            *local_path);
void         kumo_journal_flush             (KumoJournal           *self);
GPtrArray   *kumo_journal_list_unfinished   (KumoJournal           *self,
                                             const char            *server,
                                             GError               **error);

KumoJournalEntry *kumo_journal_find_file   (KumoJournal           *self,
                                             const char            *local_path,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KumoJournalEntry, kumo_journal_entry_free)

G_END_DECLS
