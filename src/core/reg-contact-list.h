/* reg-contact-list.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "reg-types.h"

G_BEGIN_DECLS

#define REG_TYPE_CONTACT_LIST (reg_contact_list_get_type ())

G_DECLARE_FINAL_TYPE (RegContactList, reg_contact_list, REG, CONTACT_LIST, GObject)

RegContactList *reg_contact_list_new            (RegStore       *store);
RegStore       *reg_contact_list_get_store      (RegContactList *self);
const char     *reg_contact_list_get_search     (RegContactList *self);
void            reg_contact_list_set_search     (RegContactList *self,
                                                 const char     *search);
void            reg_contact_list_set_segment    (RegContactList *self,
                                                 const char     *rule_json);
const char     *reg_contact_list_get_segment    (RegContactList *self);
RegContactSort  reg_contact_list_get_sort       (RegContactList *self);
gboolean        reg_contact_list_get_descending (RegContactList *self);
void            reg_contact_list_set_sort       (RegContactList *self,
                                                 RegContactSort  sort,
                                                 gboolean        descending);
gboolean        reg_contact_list_get_loading    (RegContactList *self);
gint64          reg_contact_list_get_id         (RegContactList *self,
                                                 guint           position);
guint           reg_contact_list_find_id        (RegContactList *self,
                                                 gint64          id);

G_END_DECLS
