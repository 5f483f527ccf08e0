/* reg-contact.h
 *
 * Copyright 2026 The Regulars developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "reg-types.h"

G_BEGIN_DECLS

#define REG_TYPE_CONTACT (reg_contact_get_type ())

G_DECLARE_FINAL_TYPE (RegContact, reg_contact, REG, CONTACT, GObject)

RegContact      *reg_contact_new               (void);
RegContact      *reg_contact_copy              (RegContact      *self);
gboolean         reg_contact_equal             (RegContact      *a,
                                                RegContact      *b);
gboolean         reg_contact_is_blank          (RegContact      *self);
gint64           reg_contact_get_id            (RegContact      *self);
void             reg_contact_set_id            (RegContact      *self,
                                                gint64           id);
char            *reg_contact_dup_display_name  (RegContact      *self);
const char      *reg_contact_get_given_name    (RegContact      *self);
void             reg_contact_set_given_name    (RegContact      *self,
                                                const char      *given_name);
const char      *reg_contact_get_family_name   (RegContact      *self);
void             reg_contact_set_family_name   (RegContact      *self,
                                                const char      *family_name);
const char      *reg_contact_get_email         (RegContact      *self);
void             reg_contact_set_email         (RegContact      *self,
                                                const char      *email);
const char      *reg_contact_get_phone         (RegContact      *self);
void             reg_contact_set_phone         (RegContact      *self,
                                                const char      *phone);
const char      *reg_contact_get_company       (RegContact      *self);
void             reg_contact_set_company       (RegContact      *self,
                                                const char      *company);
const char      *reg_contact_get_street        (RegContact      *self);
void             reg_contact_set_street        (RegContact      *self,
                                                const char      *street);
const char      *reg_contact_get_postcode      (RegContact      *self);
void             reg_contact_set_postcode      (RegContact      *self,
                                                const char      *postcode);
const char      *reg_contact_get_city          (RegContact      *self);
void             reg_contact_set_city          (RegContact      *self,
                                                const char      *city);
const char      *reg_contact_get_country       (RegContact      *self);
void             reg_contact_set_country       (RegContact      *self,
                                                const char      *country);
const char      *reg_contact_get_text          (RegContact      *self,
                                                RegContactField  which);
void             reg_contact_set_text          (RegContact      *self,
                                                RegContactField  which,
                                                const char      *value);
const char      *reg_contact_get_birthday      (RegContact      *self);
void             reg_contact_set_birthday      (RegContact      *self,
                                                const char      *birthday);
RegCustomerType  reg_contact_get_customer_type (RegContact      *self);
void             reg_contact_set_customer_type (RegContact      *self,
                                                RegCustomerType  customer_type);
const char      *reg_contact_get_note          (RegContact      *self);
void             reg_contact_set_note          (RegContact      *self,
                                                const char      *note);
RegConsent       reg_contact_get_consent       (RegContact      *self);
void             reg_contact_set_consent       (RegContact      *self,
                                                RegConsent       consent);
gint64           reg_contact_get_consent_at    (RegContact      *self);
void             reg_contact_set_consent_at    (RegContact      *self,
                                                gint64           consent_at);
gint64           reg_contact_get_created_at    (RegContact      *self);
void             reg_contact_set_created_at    (RegContact      *self,
                                                gint64           created_at);
const char     * const *reg_contact_get_tags   (RegContact      *self);
void             reg_contact_set_tags          (RegContact      *self,
                                                const char * const *tags);
char            *reg_contact_dup_tags_text     (RegContact      *self);
void             reg_contact_set_tags_text     (RegContact      *self,
                                                const char      *text);
char            *reg_contact_dup_since_text    (RegContact      *self);

RegOrigin        reg_contact_get_origin        (RegContact      *self);
void             reg_contact_set_origin        (RegContact      *self,
                                                RegOrigin        origin);
RegContactField  reg_contact_get_manual_fields (RegContact      *self);
void             reg_contact_set_manual_fields (RegContact      *self,
                                                RegContactField  fields);
void             reg_contact_set_figures       (RegContact      *self,
                                                guint            n_orders,
                                                gint64           total_spent,
                                                const char      *spent_currency,
                                                gint64           first_order_at,
                                                gint64           last_order_at);
guint            reg_contact_get_n_orders      (RegContact      *self);
gint64           reg_contact_get_total_spent   (RegContact      *self);
const char      *reg_contact_get_spent_currency (RegContact     *self);
gint64           reg_contact_get_first_order_at (RegContact     *self);
gint64           reg_contact_get_last_order_at (RegContact      *self);
RegContactField  reg_contact_get_filled_fields (RegContact      *self);
char            *reg_contact_dup_spent_text    (RegContact      *self);
char            *reg_contact_dup_last_order_text (RegContact    *self);

G_END_DECLS
