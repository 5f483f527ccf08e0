/* reg-test-util.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-contact.h"
#include "reg-contact-list.h"
#include "reg-store.h"

G_BEGIN_DECLS

char     *reg_test_make_tmp_dir      (void);
void      reg_test_remove_tmp_dir    (const char     *dir);
RegStore *reg_test_open_store        (const char     *dir,
                                      guint           n_sample_contacts);
void      reg_test_wait_for_list     (RegContactList *list);
void      reg_test_wait_for          (gboolean       *flag);
void      reg_test_iterate           (guint           ms);
RegContact *reg_test_contact_new     (const char     *given,
                                      const char     *family,
                                      const char     *email);
char     *reg_test_file_checksum     (const char     *path);
RegContact *reg_test_find_contact    (RegStore       *store,
                                      const char     *search);
gboolean  reg_test_db_files_contain  (const char     *db_path,
                                      const char     *text);

G_END_DECLS
